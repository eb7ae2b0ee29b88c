"""The raw gate's rewritten rules still fail on what they guard, and a gate query cannot run unbounded."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid

import psycopg

from pillars.quality.raw_gate import check_batch
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect
from tests.conftest import run_pillars
from tests.integration.quality.test_raw_gate import FEED, _deliver


def _tamper(batch_id: uuid.UUID, assignment: str, line: int) -> None:
    """A path that skipped the contract changed one row of the batch."""
    with connect(credentials.LOADER_ROLE) as conn:
        conn.execute(f"update raw.{FEED} set {assignment} where _batch_id = %s and _source_line = %s", (batch_id, line))
        conn.commit()


def _status(batch_id: uuid.UUID) -> str:
    with connect(credentials.LOADER_ROLE) as conn:
        return conn.execute("select status from ops.batches where batch_id = %s", (batch_id,)).fetchone()[0]


def test_a_repeated_natural_key_rejects_the_batch(gx_home, tmp_path):
    batch_id = _deliver(tmp_path, "qa_bounds_dup", rows=4)
    with connect(credentials.LOADER_ROLE) as conn:
        first = conn.execute(
            f"select identification_id from raw.{FEED} where _batch_id = %s and _source_line = 2", (batch_id,)
        ).fetchone()[0]
    _tamper(batch_id, f"identification_id = '{first}'", 4)

    result = check_batch(FEED, batch_id)

    [unique] = [o for o in result.failures if o.description.startswith("natural key")]
    assert unique.expectation == "expect_no_rows_from_query" and unique.observed == "1"
    assert unique.column_name == "identification_id,_partner_id"
    assert result.rejected and _status(batch_id) == "rejected"


def test_a_match_key_that_is_not_a_64_digit_hex_token_rejects_the_batch(gx_home, tmp_path):
    batch_id = _deliver(tmp_path, "qa_bounds_token", rows=3)
    _tamper(batch_id, "match_key_name_dob = 'ana lopez 1990-01-01'", 2)  # clear text
    _tamper(batch_id, "match_key_initials_dob_sex = repeat('a', 63)", 3)  # hex, one digit short

    result = check_batch(FEED, batch_id, reject=False)

    failed = {(o.column_name, o.expectation) for o in result.failures}
    assert ("match_key_name_dob", "expect_column_values_to_match_regex") in failed
    assert ("match_key_initials_dob_sex", "expect_column_values_to_match_like_pattern") in failed
    assert ("match_key_initials_dob_sex", "expect_column_values_to_match_regex") not in failed
    assert not result.success


def test_a_date_after_the_logical_date_warns_and_one_day_later_does_not(gx_home, tmp_path):
    batch_id = _deliver(tmp_path, "qa_bounds_future", rows=3)
    _tamper(batch_id, "identification_date = date '2025-03-11'", 2)  # the logical date plus FUTURE_DAYS: fine
    _tamper(batch_id, "identification_date = date '2025-03-12'", 3)

    result = check_batch(FEED, batch_id)

    [future] = [o for o in result.warnings if o.column_name == "identification_date"]
    assert future.description.startswith("date not after") and future.observed.startswith("1 unexpected")
    assert result.success and not result.rejected


def test_a_gate_query_past_the_statement_timeout_is_cancelled_with_one_line(gx_home, tmp_path):
    """A lock held elsewhere keeps the gate's first read of the batch waiting: the server cancels it."""
    batch_id = _deliver(tmp_path, "qa_bounds_timeout", rows=2)
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with psycopg.connect(credentials.url(credentials.LOADER_ROLE)) as conn:
            conn.execute(f"lock table raw.{FEED} in access exclusive mode")
            locked.set()
            release.wait(120)

    holder = threading.Thread(target=hold_lock, daemon=True)
    holder.start()
    assert locked.wait(30)
    try:
        done = run_pillars(
            "quality", "check-batch", "--feed", FEED, "--batch", str(batch_id),
            env={"PILLARS_EXPECTATIONS_DIR": str(gx_home), "PILLARS_GATE_STATEMENT_TIMEOUT": "1"},
        )  # fmt: skip
    finally:
        release.set()
        holder.join(30)

    assert done.returncode == 2 and "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert "cancelled after PILLARS_GATE_STATEMENT_TIMEOUT=1 s" in line and "nothing was decided" in line
    assert _status(batch_id) == "loaded"  # a cancelled check neither passes nor rejects the batch


def test_a_gate_query_whose_client_died_stops_within_seconds(warehouse):
    """The server polls a gate session's socket while a query runs: a killed client's query does not run on."""
    name = f"pillars-gate-test-{uuid.uuid4().hex[:8]}"
    script = (
        "import psycopg\n"
        "from pillars.quality import bounds\n"
        "from pillars.warehouse import credentials\n"
        f"conn = psycopg.connect(credentials.url(credentials.TRANSFORMER_ROLE), application_name='{name}',"
        " **bounds.connect_args(timeout_seconds=600))\n"
        "conn.execute('select pg_sleep(300)')\n"
    )
    client = subprocess.Popen([sys.executable, "-c", script])

    def running() -> bool:
        with connect() as conn:
            return (
                conn.execute(
                    "select count(*) from pg_stat_activity where application_name = %s and state = 'active'", (name,)
                ).fetchone()[0]
                == 1
            )

    try:
        deadline = time.monotonic() + 60
        while not running():
            assert time.monotonic() < deadline and client.poll() is None, "the client never started its query"
            time.sleep(0.2)
        client.kill()
        client.wait(10)
        killed = time.monotonic()
        while running() and time.monotonic() - killed < 30:
            time.sleep(0.2)
        assert not running(), "the server still runs the query of a client that died 30 s ago"
        assert time.monotonic() - killed < 15  # CLIENT_CHECK_INTERVAL is 5 s
    finally:
        client.kill()
