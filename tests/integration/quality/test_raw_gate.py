"""check_batch: a batch breaking a hard expectation is withdrawn and counted; a good batch passes."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from pillars.load.loader import load_file
from pillars.quality.raw_gate import check_batch
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

FEED = "victim_identifications"
DAY = date(2025, 3, 10)
HEADER = "Record ID,Date Identified,County,Agency Type,Trafficking Type,Age Group,First Name,Last Name,DOB\n"


def _deliver(tmp_path: Path, partner: str, rows: int) -> uuid.UUID:
    """A tiny partner file through the real loader; unique ids so every test run is a new batch."""
    run = uuid.uuid4().hex[:8]
    lines = [f"{run}-{i},2025-03-0{1 + i % 9},Harris County,NGO,sex,adult,Ana,Lopez,1990-01-0{1 + i % 9}\n"
             for i in range(rows)]  # fmt: skip
    path = tmp_path / f"{partner}-{run}.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    result = load_file(partner, FEED, DAY, path)
    assert result.status == "loaded" and result.rows_loaded == rows
    return result.batch_id


def _ledger(batch_id: uuid.UUID) -> tuple:
    with connect(credentials.LOADER_ROLE) as conn:
        status, reason, loaded = conn.execute(
            "select status, reason, rows_loaded from ops.batches where batch_id = %s", (batch_id,)
        ).fetchone()
        raw_rows = conn.execute(f"select count(*) from raw.{FEED} where _batch_id = %s", (batch_id,)).fetchone()[0]
    with connect(credentials.TRANSFORMER_ROLE) as conn:  # the gate's ledger is the transformer's
        recorded = conn.execute(
            "select count(*), count(*) filter (where not success and severity = 'fail') from ops.quality_results"
            " where run_id like %s and checkpoint = 'raw_batch'",
            (f"%{batch_id}%",),
        ).fetchone()
    return status, reason, loaded, raw_rows, recorded


def test_good_batch_passes_and_every_expectation_is_recorded(gx_home, tmp_path):
    batch_id = _deliver(tmp_path, "qa_partner_good", rows=3)

    result = check_batch(FEED, batch_id)

    assert result.success, result.describe()
    assert not result.rejected
    status, _, loaded, raw_rows, (recorded, failed) = _ledger(batch_id)
    assert (status, loaded, raw_rows) == ("gated", 3, 3)  # passed: now visible to staging
    assert recorded == len(result.outcomes) > 10 and failed == 0
    assert Path(result.docs_index).is_file()


def test_a_nightly_pass_renders_its_pages_and_leaves_the_site_index_to_the_nightly_rebuild(gx_home, tmp_path):
    first = _deliver(tmp_path, "qa_partner_first", rows=2)
    check_batch(FEED, first)  # by hand: the index is rebuilt
    site = gx_home / "uncommitted" / "data_docs" / "local_site"
    batch_id = _deliver(tmp_path, "qa_partner_nightly", rows=3)
    index_before = (site / "index.html").read_bytes()

    result = check_batch(FEED, batch_id, index_on_pass=False)

    assert result.success and _ledger(batch_id)[0] == "gated"
    assert (site / "index.html").read_bytes() == index_before
    pages = [p for p in (site / "validations").rglob("*.html") if "qa_partner_nightly" in str(p)]
    assert pages, "the batch's validation page is rendered"


def test_hard_violation_rejects_the_batch_and_names_expectation_and_column(gx_home, tmp_path):
    good = _deliver(tmp_path, "qa_partner_other", rows=2)
    bad = _deliver(tmp_path, "qa_partner_bad", rows=4)
    with connect(credentials.LOADER_ROLE) as conn:  # a path that skipped the contract: an unknown county code
        conn.execute(f"update raw.{FEED} set county = '99999' where _batch_id = %s and _source_line = 2", (bad,))
        conn.execute(
            f"update raw.{FEED} set identification_date = '1999-12-31' where _batch_id = %s and _source_line = 3",
            (bad,),
        )
        conn.commit()

    result = check_batch(FEED, bad)

    assert not result.success and result.rejected
    failure = next(o for o in result.failures if o.column_name == "county")
    assert failure.expectation == "expect_column_values_to_match_regex"
    assert failure.table_name == f"raw.{FEED}" and failure.observed.startswith("1 unexpected")
    assert "county" in result.describe() and "expect_column_values_to_match_regex" in result.describe()
    [too_early] = [o for o in result.failures if o.column_name == "identification_date"]
    assert too_early.expectation == "expect_column_values_to_be_between"  # the contract's min: 2000-01-01
    status, reason, loaded, raw_rows, (_, failed) = _ledger(bad)
    assert (status, loaded, raw_rows) == ("rejected", 0, 0) and failed >= 1
    assert "county" in reason
    with connect(credentials.LOADER_ROLE) as conn:
        quarantined = conn.execute(
            "select count(*) from quarantine.rejected_rows where batch_id = %s and reason like %s",
            (bad, "batch rejected by quality gate%"),
        ).fetchone()[0]
    assert quarantined == 1
    # the other partner's batch of the same feed and date flows on
    assert _ledger(good)[:1] == ("loaded",) and check_batch(FEED, good).success
    assert _ledger(good)[:1] == ("gated",)
    assert check_batch(FEED, good, build_docs=False).success  # check-batch by hand on a gated batch still works
    assert _ledger(good)[:1] == ("gated",)


def test_warn_expectation_is_recorded_without_rejecting(gx_home, tmp_path):
    batch_id = _deliver(tmp_path, "qa_partner_warn", rows=2)
    with connect(credentials.LOADER_ROLE) as conn:  # an e-mail address in free text: worth a look, not a rejection
        conn.execute(f"update raw.{FEED} set agency_name = 'call a.b@example.org' where _batch_id = %s", (batch_id,))
        conn.commit()

    result = check_batch(FEED, batch_id)

    assert result.success and not result.rejected
    in_values = [(o.column_name, o.expectation) for o in result.warnings if o.column_name == "agency_name"]
    assert in_values == [("agency_name", "expect_column_values_to_not_match_regex")]


def test_an_optional_column_empty_in_the_whole_batch_is_a_warning(gx_home, tmp_path):
    batch_id = _deliver(tmp_path, "qa_partner_sparse", rows=2)  # the file has no nationality column

    result = check_batch(FEED, batch_id)

    assert result.success and not result.rejected
    empty = {o.column_name for o in result.warnings if o.description.startswith("an optional column")}
    assert "nationality_group" in empty and "county" not in empty and "identifying_agency_type" not in empty
