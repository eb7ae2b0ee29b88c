"""Night benchmark (issue 14): one demo-scale night through the real scheduler against the same steps from the CLI.

Both runs start from an empty warehouse of their own (``pillars_bench_night``, rebuilt before each) with the
same landed files of one weekday at the demo's scale, and end with `reporting` published and the report
rendered. The CLI path is what a person would type: ``pillars ingest``, ``pillars dbt build``, ``pillars
quality gate``, the publish, ``pillars report``. The scheduler path is a real Airflow (api-server, scheduler,
dag-processor, triggerer: ``orchestration/live.py``, as the scheduler test tier runs it) on a fresh metadata
database: the nine ingest DAGs are triggered over REST as the UI does, the raw Assets start the transform,
the `reporting` Asset starts the report. Airflow's start-up (migrate, first parse) is timed apart: it is paid
once per deployment, not per night. Targets: scheduler ≤ 2x the CLI, about 120 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psutil

from pillars import settings

BENCH_DATABASE = "pillars_bench_night"
METADATA_DATABASE = "airflow_bench_night"
NIGHT = date(2026, 6, 1)  # a Monday, first of a month and quarter: every partner's cadence delivers
SEED = 20260601
SCALE = 1.0  # the demo's volume
TARGET_RATIO = 2.0
TARGET_SECONDS = 120


@dataclass
class Timed:
    label: str
    seconds: float
    cpu: float  # CPU seconds of the process(es) doing the work, children included; the database's are apart


def bench_dir(name: str = "night") -> Path:
    return settings.local_dir() / "bench" / name


def use_bench_places(name: str = "night", database: str = BENCH_DATABASE) -> None:
    """Point connections, landing, dbt's target (as the scratch warehouse does), outputs and alerts at the
    benchmark's own places."""
    from pillars.bench.scratch_warehouse import use_database

    use_database(database, bench_dir(name), f"target_bench_{name}")
    os.environ["PILLARS_OUTPUT_DIR"] = str(bench_dir(name) / "outputs")
    os.environ["PILLARS_ALERTS_FILE"] = str(bench_dir(name) / "alerts.jsonl")


def generate_days(first: date, days: int, name: str = "night") -> int:
    """The partner files of ``days`` days from ``first`` at the demo's scale, landed afresh; returns the rows."""
    from pillars.synthetic import generate

    shutil.rmtree(bench_dir(name), ignore_errors=True)
    manifest = generate(start=first, days=days, seed=SEED, scale=SCALE, out_dir=bench_dir(name) / "landing")
    return sum(entry["rows"] for entry in manifest.files)


def run_cli(*args: str) -> Timed:
    """One ``pillars`` command in its own process, as a person types it; its CPU is added by the caller."""
    command = [str(Path(sys.executable).parent / "pillars"), *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        from pillars.errors import PillarsError

        last = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()][-4:]
        raise PillarsError(f"'pillars {' '.join(args)}' failed: {' | '.join(last)}")
    return Timed(f"pillars {' '.join(args)}", time.perf_counter() - started, 0.0)


def cli_steps(days: list[date]) -> Iterator[Timed]:
    """The steps from the CLI, in order, each as it finishes: ``pillars ingest`` for each day, then one
    ``dbt build``, the gate, the publish and the report for the last day."""
    last = days[-1].isoformat()
    for day in days:
        yield timed_child(lambda d=day: run_cli("ingest", "--date", d.isoformat()))
    for args in (("dbt", "build", "--quiet"), ("quality", "gate", "--date", last)):
        yield timed_child(lambda a=args: run_cli(*a))
    yield timed_child(lambda: _publish_in_process(days[-1]))
    yield timed_child(lambda: run_cli("report", "--date", last))


def _publish_in_process(day: date) -> Timed:
    """The atomic publish (no CLI command of its own: the DAG's task calls the same function)."""
    from pillars.transform.publish import publish

    started = time.perf_counter()
    publish(day, None)
    return Timed("publish (transform.publish.publish)", time.perf_counter() - started, 0.0)


def timed_child(step: Callable[[], Timed]) -> Timed:
    """``step`` with the CPU of this process and its reaped children added."""
    before = _cpu_self_and_children()
    result = step()
    result.cpu = _cpu_self_and_children() - before
    return result


def _cpu_self_and_children() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def _scheduler_night(emit: Callable[[str], None]) -> tuple[float, float, bool]:
    """The night through a real Airflow; returns (seconds, Airflow CPU seconds, succeeded)."""
    from pillars.bench import process_cpu
    from pillars.feeds.declarations.contract import load_contracts
    from pillars.orchestration.live import LiveAirflow, free_port, fresh_metadata_database

    home = bench_dir() / "airflow"
    airflow = LiveAirflow(home=home, port=free_port(), database_url=fresh_metadata_database(METADATA_DATABASE))
    started = time.perf_counter()
    airflow.migrate()
    ingest_dags = sorted(f"ingest_{feed}" for feed in load_contracts())
    with airflow:
        every_dag = [*ingest_dags, "transform_and_publish", "phase2_report"]
        airflow.wait_for_dags(every_dag)
        parsed = time.perf_counter()
        # A first parse runs the latest past night of every DAG at once (active at creation, catchup=False):
        # once per deployment, so it is timed apart and the measured night starts on a settled Airflow.
        first_runs = len(airflow.wait_until_idle(every_dag, expected_runs=len(ingest_dags) + 1))  # transform: cron too
        emit(
            f"  Airflow start-up (migrate a fresh metadata DB, start, first parse) {parsed - started:.0f}s, then "
            f"the {first_runs} runs of the first parse {time.perf_counter() - parsed:.0f}s: once per deployment, "
            "not in the ratio"
        )
        sampler = process_cpu.measure({role: process.pid for role, process in airflow.processes.items()})
        try:
            night = airflow.run_night(NIGHT, ingest_dags)
        finally:
            sampler.stop()
        cpu = sampler.total
        tasks = airflow.task_instances("transform_and_publish", night.transform["dag_run_id"])
        ingest_tasks = sum(len(airflow.task_instances(d, r["dag_run_id"])) for d, r in night.ingest.items())
        emit(
            f"  scheduler night: {len(night.ingest)} ingest runs ({ingest_tasks} task instances), transform "
            f"{night.transform['state']} ({len(tasks)} task instances, one dbt build), report "
            f"{(night.report or {}).get('state', 'not run')}"
        )
        for role, processes, seconds in sampler.split():
            counted = f" ({processes} processes)" if processes else ""
            emit(f"    CPU {role:<56} {seconds:7.1f}s{counted}")
        if not night.succeeded:
            failed = airflow.failed_tasks("transform_and_publish", night.transform["dag_run_id"])
            emit(f"  FAILED: transform failed tasks {failed[:10]}; logs in {home / 'logs'}")
        return night.seconds, cpu, night.succeeded


def run(emit: Callable[[str], None]) -> None:
    """Run both nights and ``emit`` each line as soon as it is known (a night takes minutes)."""
    use_bench_places()
    settings.use_local_token_key()
    from pillars import airflow_env
    from pillars.bench.databases import reset_database
    from pillars.orchestration.live import free_port
    from pillars.partner_api.server import serve_in_thread

    rows = generate_days(NIGHT, 1)
    port = free_port()
    os.environ["PILLARS_PARTNER_API_PORT"] = str(port)
    _, stop = serve_in_thread(port=port, token=airflow_env.partner_api_token())
    emit(f"night benchmark: {NIGHT} at the demo's scale ({rows:,} rows delivered), load {load_average()}")
    try:
        reset_database(BENCH_DATABASE)
        cli_started = time.perf_counter()
        cpu = 0.0
        for step in cli_steps([NIGHT]):
            cpu += step.cpu
            emit(f"  CLI  {step.label:<42} {step.seconds:6.1f}s wall {step.cpu:6.1f}s CPU")
        cli_seconds = time.perf_counter() - cli_started
        emit(f"  CLI night: {cli_seconds:.1f}s wall, {cpu:.1f}s CPU, load {load_average()}")

        reset_database(BENCH_DATABASE)
        sched_seconds, sched_cpu, ok = _scheduler_night(emit)
    finally:
        stop()
    ratio = sched_seconds / cli_seconds
    emit(
        f"  scheduler night: {sched_seconds:.1f}s wall, Airflow processes' CPU {sched_cpu:.1f}s, load {load_average()}"
    )
    emit(
        f"  scheduler / CLI: {ratio:.2f}x (target <= {TARGET_RATIO:g}x) "
        f"{'MET' if ratio <= TARGET_RATIO else 'NOT MET'}; absolute {sched_seconds:.0f}s "
        f"(target about {TARGET_SECONDS}s)" + ("" if ok else "; the night FAILED")
    )


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())
