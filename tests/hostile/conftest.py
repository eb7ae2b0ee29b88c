"""Fixtures for hostile input: a clean landing date of its own per test, and the warehouse's view of it.

Each test gets a logical date no other test uses (in 2023), so its ledger rows, raw rows and quarantine
rows are only its own; they are removed before and after.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pillars.warehouse.connect import connect

HOSTILE_YEAR = 2023


def clear_date(day: date) -> None:
    """Remove every trace of ``day`` from the landing folder and the warehouse (as the admin)."""
    from pillars import settings
    from pillars.feeds.declarations.contract import load_contracts

    for partner in settings.landing_dir().glob("*"):
        for feed in partner.glob("*"):
            shutil.rmtree(feed / day.isoformat(), ignore_errors=True)
    with connect() as conn, conn.transaction():
        for feed in load_contracts():
            if conn.execute("select to_regclass(%s)", (f"raw.{feed}",)).fetchone()[0] is not None:
                conn.execute(f'delete from raw."{feed}" where _logical_date = %s', (day,))
        conn.execute("delete from quarantine.rejected_rows where logical_date = %s", (day,))
        conn.execute("update ops.batches set replaced_by = null where logical_date = %s", (day,))
        conn.execute("delete from ops.batches where logical_date = %s", (day,))


@pytest.fixture
def hostile_day(warehouse, request) -> Iterator[date]:
    """A logical date of the test's own, clean before and after."""
    day = date.fromordinal(date(HOSTILE_YEAR, 1, 1).toordinal() + _day_index(request.node.nodeid))
    clear_date(day)
    yield day
    clear_date(day)


def _day_index(nodeid: str) -> int:
    import zlib

    return zlib.crc32(nodeid.encode()) % 365


def drop(day: date, partner: str, feed: str, name: str, content: bytes | str) -> Path:
    """Write a file into a partner's landing partition for ``day``."""
    from pillars.extract.filedrop import partition_dir

    folder = partition_dir(partner, feed, day)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def ledger(day: date) -> list[tuple]:
    """(partner, feed, source file name, status, rows_read, rows_loaded, rows_quarantined, reason) for a day."""
    with connect() as conn:
        return conn.execute(
            "select partner_id, feed, regexp_replace(source_file, '^.*/', ''), status, rows_read, rows_loaded,"
            " rows_quarantined, reason from ops.batches where logical_date = %s order by 1, 2, 3",
            (day,),
        ).fetchall()


# Linux carries a process's high-water RSS across exec, so a child spawned straight from this (large, after
# the Airflow tests) pytest process would report pytest's own RSS as its peak. A small Python starts the CLI
# instead and reports the peak of exactly that grandchild through a file.
_MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status) % 256)\n"
)


def run_measured(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> tuple[Any, float]:
    """The real CLI in a subprocess (as :func:`tests.conftest.run_pillars`), and its own peak RSS in MB."""
    import os
    import signal
    import subprocess
    import sys
    import tempfile

    command = [str(Path(sys.executable).parent / "pillars"), *args]
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "maxrss"
        process = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, str(peak_file), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
        peak_kb = int(peak_file.read_text()) if peak_file.exists() else 0
    return subprocess.CompletedProcess(command, process.returncode, out, err), peak_kb / 1024
