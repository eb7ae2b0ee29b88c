"""Backfill benchmark (issue 14): thirty days of every feed backfilled through the real scheduler, transform included.

As a data engineer does it in the UI: one backfill per ingest DAG over the same thirty council days, entered
as the UI's form takes them (UTC, ``orchestration/backfill_dates.py``) and posted to ``POST /api/v2/backfills``
as the UI posts them. The raw Assets start the transform behind its coalescing window, and `reporting`
starts the report; the clock stops when every run has finished. The baseline, measured in the same run on
the same files, is the same work from the CLI: ``pillars ingest`` for each day, then one ``dbt build``,
the gate, the publish and the report. Target: about ten minutes on this 2-core machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from pillars import settings
from pillars.bench.night import bench_dir, cli_steps, generate_days, load_average, use_bench_places
from pillars.orchestration.live import LiveAirflow

NAME = "backfill"
BENCH_DATABASE = "pillars_bench_backfill"
METADATA_DATABASE = "airflow_bench_backfill"
FIRST_DAY = date(2026, 6, 1)
DAYS = 30
TARGET_SECONDS = 600


def _days() -> list[date]:
    return [FIRST_DAY + timedelta(days=offset) for offset in range(DAYS)]


def _cli_backfill(emit: Callable[[str], None]) -> float:
    """The same thirty days from the CLI; returns the wall seconds."""
    started = time.perf_counter()
    ingest_seconds = ingest_cpu = cpu = 0.0
    for step in cli_steps(_days()):
        cpu += step.cpu
        if step.label.startswith("pillars ingest"):
            ingest_seconds += step.seconds
            ingest_cpu += step.cpu
            continue
        emit(f"  CLI  {step.label:<42} {step.seconds:6.1f}s wall {step.cpu:6.1f}s CPU")
    emit(f"  CLI  pillars ingest, {DAYS} days{'':<24} {ingest_seconds:6.1f}s wall {ingest_cpu:6.1f}s CPU")
    seconds = time.perf_counter() - started
    emit(f"  CLI backfill: {seconds:.1f}s wall, {cpu:.1f}s CPU, load {load_average()}")
    return seconds


def _scheduler_backfill(emit: Callable[[str], None]) -> tuple[float, bool]:
    """The thirty days through a real Airflow's REST API; returns (seconds, every run succeeded)."""
    from pillars.feeds.declarations.contract import load_contracts
    from pillars.orchestration.backfill_dates import ui_backfill_window
    from pillars.orchestration.live import free_port, fresh_metadata_database

    home = bench_dir(NAME) / "airflow"
    airflow = LiveAirflow(home=home, port=free_port(), database_url=fresh_metadata_database(METADATA_DATABASE))
    airflow.migrate()
    ingest_dags = sorted(f"ingest_{feed}" for feed in load_contracts())
    every_dag = [*ingest_dags, "transform_and_publish", "phase2_report"]
    with airflow:
        airflow.wait_for_dags(every_dag)
        first_parse = airflow.wait_until_idle(every_dag, expected_runs=len(ingest_dags) + 1)  # not the backfill's
        earlier = frozenset((run["dag_id"], run["dag_run_id"]) for run in first_parse)
        queued = datetime.now(UTC)
        started = time.perf_counter()
        window = ui_backfill_window(FIRST_DAY, _days()[-1])
        backfills = {dag_id: airflow.backfill(dag_id, *window)["id"] for dag_id in ingest_dags}
        for dag_id, backfill_id in backfills.items():
            airflow.wait_for_backfill(backfill_id, dag_id, timeout=3600)
        backfilled = time.perf_counter() - started
        runs = airflow.wait_until_idle(every_dag, earlier=earlier, timeout=3600)
        seconds = time.perf_counter() - started
    by_dag: dict[str, list[dict]] = {}
    for run in runs:
        by_dag.setdefault(run["dag_id"], []).append(run)
    ingest_runs = [run for dag_id in ingest_dags for run in by_dag.get(dag_id, [])]
    failed = [f"{run['dag_id']} {run['logical_date']}" for run in runs if run["state"] != "success"]
    transforms = by_dag.get("transform_and_publish", [])
    reports = by_dag.get("phase2_report", [])
    emit(
        f"  scheduler: {len(backfills)} backfills posted {queued:%H:%M:%S} UTC, {len(ingest_runs)} ingest runs done "
        f"in {backfilled:.0f}s; then {len(transforms)} transform run(s) and {len(reports)} report run(s), "
        f"idle after {seconds:.0f}s"
    )
    if failed:
        emit(f"  FAILED runs: {failed[:10]}; logs in {home / 'logs'}")
    ok = not failed and len(ingest_runs) == DAYS * len(ingest_dags) and bool(transforms) and bool(reports)
    return seconds, ok


def run(emit: Callable[[str], None]) -> None:
    """Both backfills, each from an empty warehouse, and ``emit`` each line as soon as it is known."""
    use_bench_places(NAME, BENCH_DATABASE)
    settings.use_local_token_key()
    from pillars import airflow_env
    from pillars.bench.databases import reset_database
    from pillars.orchestration.live import free_port
    from pillars.partner_api.server import serve_in_thread

    rows = generate_days(FIRST_DAY, DAYS, NAME)
    port = free_port()
    os.environ["PILLARS_PARTNER_API_PORT"] = str(port)
    _, stop = serve_in_thread(port=port, token=airflow_env.partner_api_token())
    emit(
        f"backfill benchmark: {DAYS} days from {FIRST_DAY}, every feed, at the demo's scale ({rows:,} rows "
        f"delivered), load {load_average()}"
    )
    try:
        reset_database(BENCH_DATABASE)
        cli_seconds = _cli_backfill(emit)
        reset_database(BENCH_DATABASE)
        sched_seconds, ok = _scheduler_backfill(emit)
    finally:
        stop()
    emit(
        f"  scheduler backfill: {sched_seconds:.1f}s wall ({sched_seconds / cli_seconds:.2f}x the CLI's "
        f"{cli_seconds:.0f}s), load {load_average()}; target about {TARGET_SECONDS}s "
        f"{'MET' if sched_seconds <= TARGET_SECONDS * 1.1 else 'NOT MET'}" + ("" if ok else "; the backfill FAILED")
    )
