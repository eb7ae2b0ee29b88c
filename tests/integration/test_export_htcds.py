"""``pillars export htcds``: HTCDS v2 cases from the real warehouse, k-anonymised for CTDC, through the real CLI.

The published HTCDS template (40 cases) and a CTDC release (60, through its mapping) are loaded by the real
loader, gated, built into staging by the real dbt, exported, and the file is loaded back through the
``htcds_cases`` contract: every row loads, every combination of quasi-identifiers holds at least k rows, no
row is lost, and a formula typed into a cell cannot run in the spreadsheet.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pillars.exports.htcds import dimensions, exported_columns, standard_name
from pillars.feeds.declarations.mapping import get_mapping
from pillars.load import loader
from pillars.privacy.k_anonymity import group_key
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect
from tests.conftest import run_pillars

FIXTURES = Path(__file__).parents[1] / "unit" / "feeds" / "fixtures"
PARTNER, CTDC_PARTNER, FEED = "htcds_export_partner", "htcds_export_ctdc", "htcds_cases"
START, END, OUTSIDE, REIMPORT = date(2031, 3, 1), date(2031, 3, 2), date(2031, 3, 3), date(2031, 4, 1)
FORMULA = '=HYPERLINK("http://evil.example/x","click")'


def _delete_batches(batch_ids: list) -> None:
    with connect() as conn:
        for table in ("staging.stg_raw__htcds_cases",):
            conn.execute(f"delete from {table} where batch_id = any(%s)", (batch_ids,))
        conn.execute("delete from raw.htcds_cases where _batch_id = any(%s)", (batch_ids,))
        conn.execute("delete from quarantine.rejected_rows where batch_id = any(%s)", (batch_ids,))
        conn.execute("delete from ops.batches where batch_id = any(%s)", (batch_ids,))
        conn.commit()


@pytest.fixture(scope="module")
def loaded(warehouse, tmp_path_factory):
    """Three deliveries in staging: two inside the export's range (100 cases), one outside it."""
    folder = tmp_path_factory.mktemp("htcds_export")
    with (FIXTURES / "htcds_v2_template.csv").open(newline="") as handle:
        template = list(csv.DictReader(handle))
    template[0]["cas_ReferringOrganisation"] = FORMULA
    cases = folder / "htcds_cases.csv"
    with cases.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(template[0]))
        writer.writeheader()
        writer.writerows(template)
    mappings = {CTDC_PARTNER: get_mapping("ctdc_release")}
    saved = loader.partner_mapping
    loader.partner_mapping = lambda partner, feed: mappings.get(partner)
    try:
        batches = [
            loader.load_file(PARTNER, FEED, START, cases),
            loader.load_file(CTDC_PARTNER, FEED, END, FIXTURES / "ctdc_victim_perpetrator.csv"),
            loader.load_file(CTDC_PARTNER, FEED, OUTSIDE, FIXTURES / "ctdc_victim_perpetrator.csv"),
        ]
    finally:
        loader.partner_mapping = saved
    ids = [b.batch_id for b in batches]
    assert [(b.rows_loaded, b.rows_quarantined) for b in batches] == [(40, 0), (60, 0), (60, 0)]
    with connect() as conn:  # the quality gate is tested elsewhere: here the batches have passed it
        conn.execute("update ops.batches set status = 'gated' where batch_id = any(%s)", (ids,))
        conn.commit()
    built = run_pillars("dbt", "run", "--select", "stg_raw__htcds_cases")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    yield folder
    _delete_batches(ids)


def _export(folder: Path, *extra: str) -> tuple[Path, str]:
    out = folder / f"ctdc{'_'.join(extra)}.csv"
    result = run_pillars(
        "export", "htcds", "--start", START.isoformat(), "--end", END.isoformat(), "--out", str(out), *extra
    )
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _quasi_headers() -> list[str]:
    by_name = {c.name: c for c in exported_columns()}
    return [standard_name(by_name[name]) for d in dimensions(exported_columns()) for name in d.columns]


@pytest.mark.parametrize("k", [None, 5, 25])
def test_every_combination_of_quasi_identifiers_covers_k_rows_and_no_row_is_lost(loaded, k):
    path, said = _export(loaded, *(("--k", str(k)) if k else ()))
    rows = _rows(path)
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        expected = conn.execute(
            "select count(*) from staging.stg_raw__htcds_cases where logical_date between %s and %s", (START, END)
        ).fetchone()[0]
    assert len(rows) == expected == 100
    quasi = _quasi_headers()
    assert "prs_Gender" in quasi and "vic_AgeWhenTrafficked" in quasi
    groups = Counter(group_key(row, quasi) for row in rows)
    assert min(groups.values()) >= (k or 11), groups
    assert f"k={k or 11}" in said and "none dropped" in said
    assert path.stat().st_mode & 0o777 == 0o600
    # the anonymisation keeps what it can (at k=25 a hundred varied cases keep nothing) and says what it did
    kept = sum(1 for row in rows for q in quasi if row[q])
    assert kept > 0 if (k or 11) <= 11 else kept >= 0, said
    assert "blanked" in said and "suppressed" in said


def test_the_export_is_an_htcds_v2_file_that_loads_back_whole(loaded):
    path, _ = _export(loaded)
    header = next(csv.reader(path.open(encoding="utf-8-sig")))
    assert {"prs_Gender", "prs_Citizenship", "vic_TypeOfExploitation", "cas_ReferringOrganisation"} <= set(header)
    assert not {"prs_FirstName", "prs_Email", "prs_Birthdate"} & set(header)
    result = loader.load_file(PARTNER, FEED, REIMPORT, path)
    try:
        assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 100, 100, 0)
        assert result.unknown_columns == {}
    finally:
        _delete_batches([result.batch_id])


def test_a_formula_typed_into_a_cell_is_neutralised(loaded):
    path, _ = _export(loaded)
    cells = [row["cas_ReferringOrganisation"] for row in _rows(path)]
    assert "'" + FORMULA in cells
    assert not any(cell.startswith("=") for row in _rows(path) for cell in row.values())


def test_a_range_with_fewer_than_k_cases_is_refused_in_one_line(loaded):
    result = run_pillars("export", "htcds", "--start", START.isoformat(), "--end", START.isoformat(), "--k", "41")
    assert result.returncode != 0 and "fewer than k=41" in result.stderr and "Traceback" not in result.stderr
