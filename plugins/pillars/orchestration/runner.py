"""Run the real DAGs through Airflow for a range of dates, in one process: the demo's and tests' engine.

Each date runs what a night runs, in the order the Assets would trigger it: every ingest DAG, then the
transform-and-publish DAG, then the report. ``DAG.test()`` executes them through Airflow's own task
runner and metadata database (no scheduler needed), so a backfill here is the nightly pipeline, date by
date. With a scheduler running, ``airflow backfill create`` gives the same warehouse: every task reads
only its logical date's partition and writes idempotently.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from pillars import airflow_env, settings

INGEST_TIME = clock(23, 30)
TRANSFORM_TIME = clock(23, 45)
REPORT_TIME = clock(23, 55)


@dataclass
class DagRunOutcome:
    dag_id: str
    logical_date: date
    state: str
    seconds: float
    failed_tasks: list[str] = field(default_factory=list)


def prepare_airflow_process() -> None:
    """Put Airflow's configuration into this process's environment before Airflow is imported."""
    os.environ.update(airflow_env.airflow_environment())


def _dag_bag() -> Any:
    prepare_airflow_process()
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(settings.project_root() / "dags"))
    if bag.import_errors:
        from pillars.errors import PillarsError

        first = next(iter(bag.import_errors.items()))
        raise PillarsError(f"DAG import error in {first[0]}: {first[1].strip().splitlines()[-1]}")
    return bag


def _at(day: date, moment: clock) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, moment, tzinfo=ZoneInfo(settings.council_timezone()))


def run_one(dag: Any, logical_date: datetime, mark_success_pattern: str | None = None) -> DagRunOutcome:
    started = time.monotonic()
    # DAG.test() crashes on DAGs with deadline alerts when the run succeeds (apache/airflow#73428);
    # deadlines only mean something to a scheduler anyway, which evaluates them from the DAG file.
    dag.deadline = None
    dag_run = dag.test(logical_date=logical_date, mark_success_pattern=mark_success_pattern)
    failed = [ti.task_id for ti in dag_run.get_task_instances() if str(ti.state) in ("failed", "upstream_failed")]
    return DagRunOutcome(dag.dag_id, logical_date.date(), str(dag_run.state), time.monotonic() - started, failed)


def run_dates(
    days: Iterable[date],
    report: bool = True,
    only: Iterable[str] | None = None,
    transform: str = "last",
    mark_success_pattern: str | None = None,
) -> list[DagRunOutcome]:
    """Run the nightly pipeline over ``days`` in order; returns every DAG run's outcome.

    ``transform="each"`` runs transform-and-publish (and the report) after every day's ingestion, as the
    nightly schedule does; ``"last"`` runs it once, after the last day. The dbt models build from all of
    raw whatever the run's date, so both leave the same warehouse — ``"last"`` without repeating the work,
    much as the Asset-triggered schedule coalesces a backfill's many raw updates into one transform.
    ``mark_success_pattern`` (a full match of the task id) marks tasks successful without running them.
    """
    bag = _dag_bag()
    wanted = set(only) if only else None
    ingest_ids = sorted(d for d in bag.dag_ids if d.startswith("ingest_"))
    days = list(days)
    outcomes = []
    for index, day in enumerate(days):
        for dag_id in ingest_ids:
            if wanted is None or dag_id in wanted:
                outcomes.append(run_one(bag.get_dag(dag_id), _at(day, INGEST_TIME)))
        transform_now = transform == "each" or index == len(days) - 1
        if transform_now and (wanted is None or "transform_and_publish" in wanted):
            dag = bag.get_dag("transform_and_publish")
            outcomes.append(run_one(dag, _at(day, TRANSFORM_TIME), mark_success_pattern))
            published = outcomes[-1].state == "success"
            if report and published:
                outcomes.append(run_one(bag.get_dag("phase2_report"), _at(day, REPORT_TIME)))
    return outcomes


def date_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
