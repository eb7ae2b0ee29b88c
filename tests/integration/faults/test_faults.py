"""Faults on the real warehouse: a killed ingest, a kill between load and gate, a PostgreSQL restart, two
concurrent ingests, two files of one date sharing keys. Each ends with "re-running gives the same warehouse
as one clean run": the partition's raw, quarantine and ledger content after the fault and a re-run equals
what a single run on a wiped partition gives.
"""

from __future__ import annotations

import json
import os
import signal
from datetime import date

import pytest

from pillars.extract.filedrop import partition_dir
from pillars.warehouse import cluster
from pillars.warehouse.connect import connect
from tests.conftest import EMBEDDED
from tests.integration.faults.helpers import (
    FEED,
    PARTNER,
    batch_status,
    copy_in_progress,
    ingest,
    ledger_rows,
    no_traceback,
    partition_state,
    service_rows,
    start_ingest,
    wait_for,
    wait_for_copy,
    wipe,
    write_delivery,
)

pytestmark = pytest.mark.integration

BIG_ROWS = 50_000  # about 6 MB: its COPY streams for a good fraction of a second, long enough to be caught mid-way


@pytest.fixture
def fresh(warehouse, gx_home, request):
    """A wiped partition of its own for the test (a date derived from the test's name) and its folder."""
    day = date(2024, 1, 1 + sum(map(ord, request.node.name)) % 28)
    folder = partition_dir(PARTNER, FEED, day)
    wipe(day)
    if folder.is_dir():
        for old in folder.iterdir():
            old.unlink()
    yield day, folder
    wipe(day)
    for old in folder.iterdir():
        old.unlink()


def clean_run_state(day: date, *, new_process: bool = False) -> dict:
    """What one clean run of the partition as it now lies in the landing folder gives."""
    wipe(day)
    result = ingest(day, new_process=new_process)
    assert result.returncode == 0, result.stdout + result.stderr
    return partition_state(day)


def staged(staging_sql: str, day: date) -> list[tuple]:
    """The data columns staging would hold for the partition (what a dbt build of the model reads)."""
    with connect() as conn:
        rows = conn.execute(
            f"select client_record_id, service_date, service_category, county_fips, match_key_name_dob"
            f" from ({staging_sql}) as staged where partner_id = %s and logical_date = %s",
            (PARTNER, day),
        ).fetchall()
    return sorted(rows)


def test_kill_9_mid_copy_leaves_nothing_and_a_rerun_loads_it_once(fresh):
    day, folder = fresh
    write_delivery(folder, "services.csv", service_rows(range(BIG_ROWS), bad_every=1000))
    process = start_ingest(day)
    wait_for_copy(process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    # The server notices the dead client and rolls the load back: no row, no ledger entry, nothing half-loaded.
    wait_for(lambda: not copy_in_progress(), 60, "the killed COPY to end")
    assert partition_state(day) == {"raw": [], "quarantine": [], "ledger": []}

    rerun = ingest(day)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    expected = (f"{PARTNER}/{FEED}/{day}/services.csv", "gated", BIG_ROWS, BIG_ROWS - 50, 50, 0)
    assert ledger_rows(day) == [expected]
    assert partition_state(day) == clean_run_state(day)


def test_a_batch_left_loaded_by_a_crash_is_invisible_then_gated_by_the_next_run(fresh, staging_sql):
    """The load commits, then the process dies before its gate ends (kill -9 when the ledger says loaded)."""
    day, folder = fresh
    write_delivery(folder, "services.csv", service_rows(range(2000)))
    process = start_ingest(day)
    wait_for(lambda: batch_status(day, "services.csv") == "loaded", 120, "the batch to be committed", process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert batch_status(day, "services.csv") == "loaded"  # committed, never gated
    assert staged(staging_sql, day) == []  # and so never read by staging

    rerun = ingest(day)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert ": gated, read 2000" in rerun.stdout  # the re-run gated it instead of calling it unchanged
    assert batch_status(day, "services.csv") == "gated"
    assert len(staged(staging_sql, day)) == 2000
    assert partition_state(day) == clean_run_state(day)


def test_the_gate_of_a_left_over_batch_runs_before_unchanged_in_process(fresh):
    """The same recovery without a subprocess: a load committed by a run that never reached its gate."""
    from pillars.load.loader import load_file
    from pillars.load.nightly import load_partner_for_date

    day, folder = fresh
    path = write_delivery(folder, "services.csv", service_rows(range(50)))
    assert load_file(PARTNER, FEED, day, path).status == "loaded"  # the crashed run got this far

    outcome = load_partner_for_date(FEED, PARTNER, day)

    assert outcome.problems == []
    assert [b.status for b in outcome.partition.batches] == ["gated"]
    assert [row[1] for row in ledger_rows(day)] == ["gated"]
    again = load_partner_for_date(FEED, PARTNER, day)
    assert [b.status for b in again.partition.batches] == ["unchanged"]


@pytest.mark.skipif(not EMBEDDED, reason="restarts the embedded cluster")
@pytest.mark.restarts_warehouse
def test_postgres_restart_mid_load_is_one_line_and_a_rerun_recovers(fresh):
    day, folder = fresh
    write_delivery(folder, "services.csv", service_rows(range(BIG_ROWS)))
    process = start_ingest(day)
    wait_for_copy(process)
    data = str(cluster.paths().data)
    pg_ctl = str(cluster.find_bin_dir() / "pg_ctl")
    cluster._run([pg_ctl, "restart", "-D", data, "-m", "fast", "-w", "-t", "60", "-l", str(cluster.paths().log)],
                 "restarting the warehouse")  # fmt: skip
    stdout, stderr = process.communicate(timeout=120)

    assert process.returncode != 0
    no_traceback(stdout, stderr)
    errors = [line for line in (stdout + stderr).splitlines() if line.startswith(("error:", "pillars:"))]
    assert len(errors) == 1, stdout + stderr
    assert all(word in errors[0] for word in (PARTNER, FEED, "services.csv", "connection was lost")), errors
    assert batch_status(day, "services.csv") is None  # the load's transaction died with the server

    rerun = ingest(day, new_process=True)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert [row[:2] for row in ledger_rows(day)] == [(f"{PARTNER}/{FEED}/{day}/services.csv", "gated")]
    assert partition_state(day) == clean_run_state(day, new_process=True)


def test_two_concurrent_ingests_of_one_partition_give_the_warehouse_of_one(fresh):
    day, folder = fresh
    write_delivery(folder, "a.csv", service_rows(range(3_000), bad_every=500))
    write_delivery(folder, "b.csv", service_rows(range(3_000, 5_000)))
    first, second = start_ingest(day), start_ingest(day)
    outputs = [process.communicate(timeout=300) for process in (first, second)]

    assert (first.returncode, second.returncode) == (0, 0), outputs
    no_traceback(*(text for pair in outputs for text in pair))
    assert [row[1] for row in ledger_rows(day)] == ["gated", "gated"]
    assert partition_state(day) == clean_run_state(day)


def test_two_files_of_one_date_sharing_keys_the_later_wins_counted_and_alerted(fresh, staging_sql):
    day, folder = fresh
    alerts = _alert_lines()
    # b.csv (loaded after a.csv: files load in name order) re-sends clients 60-99 with another county.
    write_delivery(folder, "a.csv", service_rows(range(100), bad_every=25))
    write_delivery(folder, "b.csv", service_rows(range(60, 150), county="Bexar"))

    result = ingest(day)

    assert result.returncode == 0, result.stdout + result.stderr
    # a.csv: 100 read, 4 quarantined (bad county), 96 loaded of which the 39 clean rows 60-99 are superseded
    a_rows, b_rows = ledger_rows(day)
    assert a_rows[1:] == ("gated", 100, 96, 4, 39) and b_rows[1:] == ("gated", 90, 90, 0, 0)
    assert all(read == loaded + quarantined for _, _, read, loaded, quarantined, _ in ledger_rows(day))
    assert "warning:" in result.stdout and "39 row(s) of" in result.stdout
    [alert] = [a for a in _alert_lines()[len(alerts) :] if a["task_id"] == "conflicting_deliveries"]
    assert "a.csv" in alert["message"] and "b.csv" in alert["message"] and alert["logical_date"] == str(day)

    # Staging equals what one corrected file would give: clients 0-59 from a.csv, 60-149 from b.csv.
    two_files = staged(staging_sql, day)
    state = partition_state(day)
    again = ingest(day)
    assert again.returncode == 0 and "warning:" not in again.stdout  # told once, not every night
    assert partition_state(day) == state == clean_run_state(day)
    for old in folder.iterdir():
        old.unlink()
    wipe(day)
    corrected = service_rows(range(60), bad_every=25) + service_rows(range(60, 150), county="Bexar")
    write_delivery(folder, "corrected.csv", corrected)
    assert ingest(day).returncode == 0
    assert two_files == staged(staging_sql, day) and len(two_files) == 147


def test_withdrawing_the_later_file_gives_the_earlier_rows_back(fresh, staging_sql):
    day, folder = fresh
    write_delivery(folder, "a.csv", service_rows(range(10)))
    later = write_delivery(folder, "b.csv", service_rows(range(5, 15), county="Bexar"))
    assert ingest(day).returncode == 0
    assert [row[5] for row in ledger_rows(day)] == [5, 0]

    later.unlink()
    assert ingest(day).returncode == 0

    assert [row[1:] for row in ledger_rows(day)] == [("gated", 10, 10, 0, 0), ("replaced", 10, 10, 0, 0)]
    assert {row[3] for row in staged(staging_sql, day)} == {"48201"}  # every client from a.csv (Harris)


def _alert_lines() -> list[dict]:
    path = os.environ["PILLARS_ALERTS_FILE"]
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
