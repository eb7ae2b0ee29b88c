"""What the fault tests share: a partition to break, files to load, `pillars ingest` as a subprocess that can
be killed, the warehouse's content for one partition, and the rows staging would read.

"The same warehouse as one clean run" is checked on content, not on timing: the partition's raw rows (without
``_loaded_at``), its quarantine rows and its ledger rows (without the timestamps) as sorted tuples. Batch ids
are derived from the file's bytes, so a clean run gives the same ids.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import psycopg

from pillars.warehouse.connect import connect

PARTNER, FEED = "gulf_coast_survivors", "victim_services"
HEADER = (
    "Client ID,First Name,Last Name,DOB,Sex,Intake Date,County,Age Band,Gender,Trafficking Type,"
    "Referral Source,Service,Service Date,Exit Date,exit_outcome\n"
)
SERVICES = ("case_management", "legal_civil", "legal_immigration", "emergency_shelter", "medical_dental")
Ran = subprocess.CompletedProcess
LEDGER_COLUMNS = (
    "batch_id, source_file, checksum, status, rows_read, rows_loaded, rows_quarantined, rows_superseded, reason,"
    " replaced_by"
)


def service_rows(ids: range, county: str = "Harris County", day: int = 5, bad_every: int = 0) -> str:
    """victim_services CSV lines, one client a line; every ``bad_every``-th row has an unknown county."""
    lines = []
    for i in ids:
        where = "Nowhere" if bad_every and i % bad_every == 0 else county
        lines.append(
            f"C{i},Ann{i % 97},Lee{i % 89},1990-02-{1 + i % 27:02d},female,2023-11-02,{where},18-24,female,sex,"
            f"law_enforcement,{SERVICES[i % len(SERVICES)]},2023-11-{day:02d},,\n"
        )
    return "".join(lines)


def write_delivery(folder: Path, name: str, body: str) -> Path:
    """A complete file in the partition: written aside and renamed in, as a partner's upload would land."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{name}.part"
    part.write_text(HEADER + body, encoding="utf-8")
    path = folder / name
    part.rename(path)
    return path


def wipe(day: date, feed: str = FEED, partner_id: str = PARTNER) -> None:
    """Forget everything the warehouse holds for one partition (the tests' starting point)."""
    with connect() as conn, conn.transaction():
        ids = [b for (b,) in conn.execute(
            "select batch_id from ops.batches where partner_id = %s and feed = %s and logical_date = %s",
            (partner_id, feed, day),
        ).fetchall()]  # fmt: skip
        if ids:
            conn.execute(f'delete from raw."{feed}" where _batch_id = any(%s)', (ids,))
            conn.execute("delete from quarantine.rejected_rows where batch_id = any(%s)", (ids,))
            conn.execute("update ops.batches set replaced_by = null where replaced_by = any(%s)", (ids,))
            conn.execute("delete from ops.batches where batch_id = any(%s)", (ids,))


def partition_state(day: date, feed: str = FEED, partner_id: str = PARTNER) -> dict[str, list[tuple]]:
    """The partition's raw, quarantine and ledger content, sorted, without the columns that record *when*."""
    with connect() as conn:
        columns = [c for (c,) in conn.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = %s"
            " and column_name <> '_loaded_at' order by ordinal_position",
            (feed,),
        ).fetchall()]  # fmt: skip
        select = ", ".join(f'"{c}"::text' for c in columns)
        where = "partner_id = %(partner)s and logical_date = %(day)s"
        queries = {
            "raw": f'select {select} from raw."{feed}" where _partner_id = %(partner)s and _logical_date = %(day)s',
            "quarantine": "select batch_id::text, source_file, source_line, field, value_masked, reason"
            f" from quarantine.rejected_rows where {where} and feed = %(feed)s",
            "ledger": f"select {LEDGER_COLUMNS} from ops.batches where {where} and feed = %(feed)s",
        }
        params = {"partner": partner_id, "day": day, "feed": feed}
        return {name: sorted(map(repr, conn.execute(query, params).fetchall())) for name, query in queries.items()}


def ledger_rows(day: date, feed: str = FEED, partner_id: str = PARTNER) -> list[tuple]:
    """(source_file, status, rows_read, rows_loaded, rows_quarantined, rows_superseded) in load order."""
    with connect() as conn:
        return conn.execute(
            "select source_file, status, rows_read, rows_loaded, rows_quarantined, rows_superseded"
            " from ops.batches where partner_id = %s and feed = %s and logical_date = %s order by started_at",
            (partner_id, feed, day),
        ).fetchall()


def pillars_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "pillars"), *args]


def start_ingest(day: date, feed: str = FEED, partner_id: str = PARTNER) -> subprocess.Popen:
    """`pillars ingest` for one partition, running in the background (so the test can kill it)."""
    return subprocess.Popen(
        pillars_command("ingest", "--date", day.isoformat(), "--feed", feed, "--partner", partner_id),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )


def ingest(day: date, feed: str = FEED, partner_id: str = PARTNER, *, new_process: bool = False) -> Ran:
    """`pillars ingest` for one partition: the real CLI, in this process (its quality context stays warm,
    which keeps the suite fast) or, with ``new_process``, as a process of its own (after a server restart,
    as the next night's run would be)."""
    args = ["ingest", "--date", day.isoformat(), "--feed", feed, "--partner", partner_id]
    if new_process:
        process = start_ingest(day, feed, partner_id)
        stdout, stderr = process.communicate(timeout=300)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    from pillars.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        returncode = main(args)
    return subprocess.CompletedProcess(args, returncode, out.getvalue(), err.getvalue())


def wait_for(condition: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    """Poll ``condition`` every few milliseconds; fail naming ``what`` (and the process's output if it ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"{what}: the ingest ended first (rc {process.returncode}): {out} {err}")
        time.sleep(0.002)
    raise AssertionError(f"{what}: not within {timeout} s")


def copy_in_progress(feed: str = FEED, conn: psycopg.Connection | None = None) -> bool:
    """A COPY into raw.<feed> is streaming rows (pg_stat_progress_copy, seen as the administrator)."""
    if conn is None:
        with connect(autocommit=True) as own:
            return copy_in_progress(feed, own)
    row = conn.execute(
        "select count(*) from pg_stat_progress_copy where relid = %s::regclass and tuples_processed > 0",
        (f'raw."{feed}"',),
    ).fetchone()
    return row[0] > 0


def wait_for_copy(process: subprocess.Popen, feed: str = FEED) -> None:
    """Until ``process``'s COPY into raw.<feed> is under way, polled on one open connection (a probe every
    few milliseconds: the COPY of the tests' big file lasts well under a second on a fast machine)."""
    with connect(autocommit=True) as conn:
        wait_for(lambda: copy_in_progress(feed, conn), 120, f"the COPY into raw.{feed} to start", process)


def batch_status(day: date, source_file_suffix: str) -> str | None:
    with connect(autocommit=True) as conn:
        row = conn.execute(
            "select status from ops.batches where partner_id = %s and feed = %s and logical_date = %s"
            " and source_file like %s and status <> 'replaced'",
            (PARTNER, FEED, day, f"%{source_file_suffix}"),
        ).fetchone()
    return row[0] if row else None


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text, text
