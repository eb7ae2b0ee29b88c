"""The loader on the real warehouse: reconciliation, idempotency, replacement, rejection, withdrawal."""

from __future__ import annotations

from datetime import date

import pytest

from pillars.errors import PillarsError
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

pytestmark = pytest.mark.integration

PARTNER, FEED, DAY = "gulf_coast_survivors", "victim_services", date(2025, 12, 1)
HEADER = (
    "Client ID,First Name,Last Name,DOB,Sex,Intake Date,County,Age Band,Gender,Trafficking Type,"
    "Referral Source,Service,Service Date,Exit Date,exit_outcome\n"
)
GOOD = (
    "C1,Zebulon,Quixlander,1990-02-03,female,2025-11-02,Harris County,18-24,female,sex,"
    "law_enforcement,case_management,2025-11-05,,\n"
)
BAD_COUNTY = (
    "C2,Ann,Lee,1991-03-04,female,2025-11-02,Nowhere,18-24,female,sex,law_enforcement,case_management,2025-11-05,,\n"
)
CORRECTION = "C3,Bo,Li,1980-01-01,male,2025-11-02,Bexar,25-34,male,labor,self,legal_immigration,2025-11-05,,\n"


@pytest.fixture
def partition(warehouse):
    from pillars.extract.filedrop import partition_dir

    folder = partition_dir(PARTNER, FEED, DAY)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    yield folder
    for old in folder.iterdir():
        old.unlink()
    from pillars.feeds.declarations.registry import get_partner
    from pillars.load.ingest import ingest_partition

    ingest_partition(get_partner(PARTNER).feed(FEED), DAY)  # an empty partition changes nothing
    with connect() as conn, conn.transaction():
        from pillars.load import ledger

        for (batch_id,) in conn.execute(
            "select batch_id from ops.batches where partner_id = %s and feed = %s and logical_date = %s",
            (PARTNER, FEED, DAY),
        ).fetchall():
            ledger.supersede(conn, FEED, batch_id, None)
        conn.execute("update ops.batches set replaced_by = null where logical_date = %s and feed = %s", (DAY, FEED))
        conn.execute("delete from ops.batches where logical_date = %s and feed = %s", (DAY, FEED))


def _state():
    with connect(credentials.LOADER_ROLE) as conn:
        raw = conn.execute(
            "select client_record_id, _source_line from raw.victim_services where _partner_id = %s"
            " and _logical_date = %s order by 1",
            (PARTNER, DAY),
        ).fetchall()
        batches = conn.execute(
            "select status, rows_read, rows_loaded, rows_quarantined from ops.batches"
            " where partner_id = %s and feed = %s and logical_date = %s order by started_at",
            (PARTNER, FEED, DAY),
        ).fetchall()
        rejected = conn.execute(
            "select r.source_line, r.field, r.reason"
            " from quarantine.rejected_rows r join ops.batches b using (batch_id)"
            " where b.partner_id = %s and b.logical_date = %s and b.feed = %s order by 1",
            (PARTNER, DAY, FEED),
        ).fetchall()
    return raw, batches, rejected


def _ingest():
    from pillars.feeds.declarations.registry import get_partner
    from pillars.load.ingest import ingest_partition

    return ingest_partition(get_partner(PARTNER).feed(FEED), DAY)


def test_rows_reconcile_and_bad_rows_are_quarantined_with_reason(partition):
    (partition / "services.csv").write_text(HEADER + GOOD + BAD_COUNTY)
    result = _ingest()
    assert [b.status for b in result.batches] == ["loaded"]
    raw, batches, rejected = _state()
    assert raw == [("C1", 2)]
    assert batches == [("loaded", 2, 1, 1)]
    assert rejected == [(3, "county", "unknown Texas county")]


def test_the_same_file_twice_changes_nothing(partition):
    (partition / "services.csv").write_text(HEADER + GOOD + BAD_COUNTY)
    _ingest()
    before = _state()
    result = _ingest()
    assert [b.status for b in result.batches] == ["unchanged"]
    assert _state() == before


def test_a_corrected_delivery_replaces_the_earlier_batch(partition):
    (partition / "services.csv").write_text(HEADER + GOOD + BAD_COUNTY)
    _ingest()
    (partition / "services.csv").write_text(HEADER + GOOD + CORRECTION)
    result = _ingest()
    assert result.batches[0].status == "loaded" and len(result.batches[0].replaced) == 1
    raw, batches, rejected = _state()
    assert [r[0] for r in raw] == ["C1", "C3"]
    assert [b[0] for b in batches] == ["replaced", "loaded"]
    assert rejected == []


def test_an_unreadable_redelivery_is_rejected_and_the_earlier_data_stays(partition):
    (partition / "services.csv").write_text(HEADER + GOOD)
    _ingest()
    (partition / "services.csv").write_text("")
    result = _ingest()
    assert result.errors and "services.csv" in result.errors[0]
    raw, batches, rejected = _state()
    assert [r[0] for r in raw] == ["C1"]
    assert sorted(b[0] for b in batches) == ["loaded", "rejected"]
    assert rejected and rejected[0][0] == 0 and rejected[0][2].startswith("file rejected")


def test_a_withdrawn_file_is_superseded_when_the_partition_has_other_files(partition):
    (partition / "a.csv").write_text(HEADER + GOOD)
    (partition / "b.csv").write_text(HEADER + CORRECTION)
    _ingest()
    (partition / "a.csv").unlink()
    result = _ingest()
    assert result.withdrawn == 1
    raw, _, _ = _state()
    assert [r[0] for r in raw] == ["C3"]


def test_identifiers_never_reach_raw(partition):
    (partition / "services.csv").write_text(HEADER + GOOD)
    _ingest()
    with connect(credentials.LOADER_ROLE) as conn:
        dump = str(conn.execute("select * from raw.victim_services where _logical_date = %s", (DAY,)).fetchall())
    assert "Quixlander" not in dump and "Zebulon" not in dump and "1990-02-03" not in dump
    assert "match_key" not in dump  # values only; tokens are hex, names gone


def test_a_missing_token_key_stops_the_load_with_a_clear_error(partition, monkeypatch):
    from pillars.load.loader import load_file

    (partition / "services.csv").write_text(HEADER + GOOD)
    monkeypatch.delenv("PILLARS_TOKEN_KEY", raising=False)
    monkeypatch.setenv("PILLARS_TOKEN_KEY_FILE", "/nonexistent/token.key")
    with pytest.raises(PillarsError, match=r"(?i)key"):
        load_file(PARTNER, FEED, DAY, partition / "services.csv")


def test_a_repeated_natural_key_is_quarantined_and_the_first_row_kept(partition):
    (partition / "services.csv").write_text(HEADER + GOOD + CORRECTION + GOOD)
    result = _ingest()
    assert (result.batches[0].rows_read, result.batches[0].rows_loaded, result.batches[0].rows_quarantined) == (3, 2, 1)
    raw, batches, rejected = _state()
    assert raw == [("C1", 2), ("C3", 3)]
    assert batches == [("loaded", 3, 2, 1)]
    assert rejected == [(4, "client_record_id,service_date,service_category", "duplicate of line 2 (same natural key)")]


def _many_rows(count: int, repeat_every: int) -> str:
    """``count`` rows with distinct keys, except that every ``repeat_every``-th row repeats the one before."""
    lines, previous = [], None
    for i in range(count):
        row = GOOD.replace("C1,", f"C{i + 10},") if not previous or i % repeat_every else previous
        lines.append(row)
        previous = row
    return "".join(lines)


@pytest.mark.parametrize(
    "sieve",
    [
        pytest.param({}, id="sieve-candidates"),
        pytest.param({"bits": 2}, id="sieve-almost-all-false-candidates"),
        pytest.param({"bits": 2, "limit": 3}, id="sieve-overflowed-whole-batch"),
    ],
)
def test_repeated_keys_found_exactly_whatever_the_sieve_says(partition, monkeypatch, sieve):
    """The sieve only narrows where the database looks: with real candidates, mostly false ones, or none
    usable (overflowed), the same rows are quarantined as repeats of the same lines."""
    from pillars.load import loader
    from pillars.load.key_sieve import KeySieve

    monkeypatch.setattr(loader, "KeySieve", lambda: KeySieve(**sieve))
    (partition / "services.csv").write_text(HEADER + _many_rows(60, 7))
    result = _ingest()
    batch = result.batches[0]
    assert (batch.rows_read, batch.rows_loaded, batch.rows_quarantined) == (60, 52, 8)
    _, _, rejected = _state()
    assert [line for line, _, _ in rejected] == [9, 16, 23, 30, 37, 44, 51, 58]
    assert all(reason == f"duplicate of line {line - 1} (same natural key)" for line, _, reason in rejected)


def test_a_repeated_key_holding_copy_escapes_is_found(partition):
    """Keys travel to the database as COPY text; a backslash or tab in one must still match itself."""
    odd = GOOD.replace("C1,", '"C\\1\tx",')
    (partition / "services.csv").write_text(HEADER + odd + CORRECTION + odd)
    batch = _ingest().batches[0]
    assert (batch.rows_read, batch.rows_loaded, batch.rows_quarantined) == (3, 2, 1)
    raw, _, rejected = _state()
    assert ("C\\1\tx", 2) in raw
    assert [line for line, _, _ in rejected] == [4]


def test_a_plain_file_with_a_short_record_is_read_again_on_the_python_path(partition):
    """A record of the wrong width makes the Arrow path give up part-way; the rows it already sent must
    leave with it, and the Python path then loads the file exactly once."""
    from pillars.feeds.parsing import readers

    rows = _many_rows(40, 1000)
    (partition / "services.csv").write_text(HEADER + rows + "C99,Maria\n" + CORRECTION)
    assert readers.plain_layout(partition / "services.csv")
    batch = _ingest().batches[0]
    assert (batch.rows_read, batch.rows_loaded, batch.rows_quarantined) == (42, 41, 1)
    raw, _, rejected = _state()
    assert len(raw) == 41 and len(set(raw)) == 41
    assert [(line, field) for line, field, _ in rejected] == [(42, None)]
    assert "2 fields" in rejected[0][2]


def test_an_unknown_column_is_not_stored_but_recorded_and_alerted(partition, monkeypatch, tmp_path):
    """Schema drift: the ledger keeps the column's name and filled cells, an alert names partner and file."""
    import json

    alerts = tmp_path / "alerts.jsonl"
    monkeypatch.setenv("PILLARS_ALERTS_FILE", str(alerts))
    header = HEADER.rstrip("\n") + ",Trafficking Typ,Case Notes\n"
    (partition / "services.csv").write_text(header + GOOD.rstrip("\n") + ",sex,\n" + CORRECTION.rstrip("\n") + ",,x\n")
    result = _ingest()
    assert result.batches[0].unknown_columns == {"Trafficking Typ": 1, "Case Notes": 1}
    with connect(credentials.LOADER_ROLE) as conn:
        (stored,) = conn.execute(
            "select unknown_columns from ops.batches where partner_id = %s and feed = %s and logical_date = %s"
            " and status = 'loaded'",
            (PARTNER, FEED, DAY),
        ).fetchone()
        columns = [r[0] for r in conn.execute(
            "select column_name from information_schema.columns where table_schema = 'raw'"
            " and table_name = 'victim_services'"
        )]  # fmt: skip
    assert stored == {"Trafficking Typ": 1, "Case Notes": 1}
    assert not any("notes" in c or c == "typ" for c in columns)
    (alert,) = [json.loads(line) for line in alerts.read_text().splitlines()]
    assert alert["kind"] == "schema_drift" and PARTNER in alert["message"] and "services.csv" in alert["message"]
    assert "Trafficking Typ (1 non-empty)" in alert["message"] and "did you mean 'trafficking_type'" in alert["message"]


def test_a_ctdc_release_loads_through_the_partners_mapping(warehouse, monkeypatch):
    """A CTDC-layout file, its partner declaring mapping ctdc_release: every row loaded, bands as two ends."""
    import csv
    from pathlib import Path

    from pillars.feeds.declarations.mapping import get_mapping
    from pillars.load import loader

    monkeypatch.setattr(loader, "partner_mapping", lambda partner, feed: get_mapping("ctdc_release"))
    fixture = Path(__file__).parents[1] / "unit" / "feeds" / "fixtures" / "ctdc_victim_perpetrator.csv"
    result = loader.load_file("ctdc_test_partner", "htcds_cases", DAY, fixture)
    assert (result.status, result.rows_read, result.rows_loaded, result.unknown_columns) == ("loaded", 60, 60, {})
    with connect(credentials.LOADER_ROLE) as conn:
        bands = conn.execute(
            "select registration_year_from, registration_year_to, count(*) from raw.htcds_cases"
            " where _batch_id = %s group by 1, 2 order by 1, 2",
            (result.batch_id,),
        ).fetchall()
        sexual = conn.execute(
            "select count(*) from raw.htcds_cases where _batch_id = %s"
            " and 'SexualExploitation' = any(vic_type_of_exploitation)",
            (result.batch_id,),
        ).fetchone()[0]
        conn.execute("delete from raw.htcds_cases where _batch_id = %s", (result.batch_id,))
        conn.execute("delete from ops.batches where batch_id = %s", (result.batch_id,))
        conn.commit()
    assert (2014, 2018) in [(a, b) for a, b, _ in bands] and (None, None) in [(a, b) for a, b, _ in bands]
    with fixture.open(newline="") as handle:
        flagged = sum(1 for row in csv.DictReader(handle) if row["isSexualExploit"] == "1")
    assert sexual == flagged > 0


def test_the_real_global_dataset_shapes_load_and_pass_the_raw_gate(warehouse, monkeypatch):
    """Each shape of a real CTDC Global Dataset (fixture written by us): every row loaded, none quarantined,
    no column unaccounted, and the raw quality gate passes the batch (the whole ingest, not just the parse)."""
    from pathlib import Path

    from pillars.feeds.declarations.mapping import get_mapping
    from pillars.load import loader
    from pillars.quality.raw_gate import check_batch

    monkeypatch.setattr(loader, "partner_mapping", lambda partner, feed: get_mapping("ctdc_release"))
    fixture = Path(__file__).parents[1] / "unit" / "feeds" / "fixtures" / "ctdc_global_real_shapes.csv"
    result = loader.load_file("ctdc_test_partner", "htcds_cases", DAY, fixture)
    try:
        assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 24, 24, 0)
        assert result.unknown_columns == {}
        gate = check_batch("htcds_cases", result.batch_id, build_docs=False)
        assert gate.success, gate.describe()
        with connect(credentials.LOADER_ROLE) as conn:
            status = conn.execute("select status from ops.batches where batch_id = %s", (result.batch_id,)).fetchone()
        assert status == ("gated",)
    finally:
        with connect(credentials.LOADER_ROLE) as conn:
            conn.execute("delete from raw.htcds_cases where _batch_id = %s", (result.batch_id,))
            conn.execute("delete from ops.batches where batch_id = %s", (result.batch_id,))
            conn.commit()


@pytest.mark.parametrize(
    ("mapping", "feed", "fixture", "rows"),
    [
        ("statewide_survey", "program_inventory", "statewide_survey_export.csv", 5),
        ("tx_ccp_2305_law_enforcement", "victim_identifications", "tx_ccp_2305_law_enforcement.csv", 4),
        ("tx_ccp_2305_prosecutor", "prosecution_cases", "tx_ccp_2305_prosecutor.csv", 3),
    ],
)
def test_a_partners_own_report_loads_as_sent_through_its_mapping(warehouse, monkeypatch, mapping, feed, fixture, rows):
    """The Phase I survey export and the Texas statutory reports: every row loaded, no column unaccounted."""
    from pathlib import Path

    from pillars.feeds.declarations.mapping import get_mapping
    from pillars.load import loader

    monkeypatch.setattr(loader, "partner_mapping", lambda partner, feed: get_mapping(mapping))
    path = Path(__file__).parents[1] / "unit" / "feeds" / "fixtures" / fixture
    result = loader.load_file("mapping_test_partner", feed, date(2026, 12, 7), path)
    with connect(credentials.LOADER_ROLE) as conn:
        stored = conn.execute(f"select count(*) from raw.{feed} where _batch_id = %s", (result.batch_id,)).fetchone()[0]
        conn.execute(f"delete from raw.{feed} where _batch_id = %s", (result.batch_id,))
        conn.execute("delete from ops.batches where batch_id = %s", (result.batch_id,))
        conn.commit()
    assert (result.status, result.rows_read, result.rows_loaded, result.unknown_columns) == ("loaded", rows, rows, {})
    assert stored == rows
