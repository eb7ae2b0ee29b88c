"""dbt benchmark: a full build over a history ten times the demo's, against a nightly incremental run.

Runs in its own database (``pillars_bench``) and landing folder, so neither the demo nor the tests are
touched. The history is ten demo weeks of synthetic partner data; the nightly run adds one more day
generated at a scale that makes it about 1% of the history's rows. Target (issue 4): the incremental
run takes under 15% of the full build.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

from pillars import settings

BENCH_DATABASE = "pillars_bench"
HISTORY_START = date(2025, 1, 6)
HISTORY_DAYS = 70  # ten times the demo's week
SEED = 777
NIGHTLY_SCALE = 0.5  # with daily feeds only, about 1% of the history's rows


def _use_bench_database() -> None:
    from pillars.warehouse import credentials

    if not os.environ.get("PILLARS_WAREHOUSE_URL"):
        os.environ["PILLARS_WAREHOUSE_URL"] = credentials.url(credentials.ADMIN_ROLE, BENCH_DATABASE)
    os.environ["PILLARS_LANDING_DIR"] = str(settings.local_dir() / "bench" / "landing")


def _load_days(days: list[date]) -> int:
    from pillars.feeds.registry import partner_feeds
    from pillars.load.ingest import ingest_partition

    rows = 0
    for day in days:
        for item in partner_feeds():
            if item.transport == "http":
                continue  # the API feed needs its server; the bench measures dbt, not extraction
            rows += sum(b.rows_loaded for b in ingest_partition(item, day).batches)
    return rows


def _timed_dbt(args: list[str]) -> float:
    from pillars.transform.dbt import run_dbt

    started = time.perf_counter()
    run_dbt(args, quiet=True)
    return time.perf_counter() - started


def run() -> list[str]:
    _use_bench_database()
    from pillars.synthetic import generate
    from pillars.warehouse import bootstrap

    settings.use_local_token_key()
    bootstrap.bootstrap()
    history = [HISTORY_START + timedelta(days=i) for i in range(HISTORY_DAYS)]
    generate(start=HISTORY_START, days=HISTORY_DAYS, seed=SEED)
    history_rows = _load_days(history)
    from pillars.transform.dbt import run_dbt

    run_dbt(["seed", "--quiet"], quiet=True)  # reference data, loaded once: not part of either timing
    full_run = _timed_dbt(["run", "--full-refresh", "--quiet"])
    full_build = _timed_dbt(["build", "--full-refresh", "--quiet"])

    nightly_day = history[-1] + timedelta(days=1)
    while nightly_day.weekday() in (0,):  # Mondays bring every weekly feed at once: a quiet weekday instead
        nightly_day += timedelta(days=1)
    generate(start=nightly_day, days=1, seed=SEED + 1, scale=NIGHTLY_SCALE)
    new_rows = _load_days([nightly_day])
    incremental_run = _timed_dbt(["run", "--quiet"])
    incremental_build = _timed_dbt(["build", "--quiet"])
    share = new_rows / history_rows if history_rows else 0.0
    return [
        f"dbt benchmark: {HISTORY_DAYS} days of history, {history_rows:,} raw rows; nightly +{new_rows:,} rows "
        f"({share:.1%})",
        f"  full refresh   dbt run {full_run:6.1f}s   dbt build {full_build:6.1f}s",
        f"  incremental    dbt run {incremental_run:6.1f}s   dbt build {incremental_build:6.1f}s",
        f"  incremental / full: run {incremental_run / full_run:.0%}, build {incremental_build / full_build:.0%} "
        f"(target < 15%) {'MET' if incremental_build / full_build < 0.15 else 'NOT MET'}",
    ]
