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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
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
    wall_start = datetime.now(UTC)
    # DAG.test() crashes on DAGs with deadline alerts when the run succeeds (apache/airflow#73428);
    # deadlines only mean something to a scheduler anyway, which evaluates them from the DAG file.
    dag.deadline = None
    dag_run = dag.test(logical_date=logical_date, mark_success_pattern=mark_success_pattern)
    _record_true_start(dag_run, wall_start)
    failed = [ti.task_id for ti in dag_run.get_task_instances() if str(ti.state) in ("failed", "upstream_failed")]
    return DagRunOutcome(dag.dag_id, logical_date.date(), str(dag_run.state), time.monotonic() - started, failed)


def _record_true_start(dag_run: Any, wall_start: datetime) -> None:
    """DAG.test() stamps a run as started at its logical date, so the UI showed a backfilled night as
    lasting weeks; the run's start (and queue) time become the moment it really started."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    with create_session() as session:
        session.query(DagRun).filter(DagRun.id == dag_run.id).update(
            {DagRun.start_date: wall_start, DagRun.queued_at: wall_start}, synchronize_session=False
        )


@contextmanager
def _parse_dag_folder_once() -> Iterator[None]:
    """DAG.test() re-parses and re-syncs the whole DAG folder on every call (apache/airflow#64884's fix),
    some 5-10 s each here: the demo's 65 runs spent most of their time parsing. Within one ``run_dates``
    the folder does not change, so it is parsed and synced once and the same bag is reused."""
    from airflow.dag_processing import dagbag as module

    real_bag, real_sync = module.BundleDagBag, module.sync_bag_to_db
    bags: dict[tuple[str, str], Any] = {}
    synced: set[int] = set()

    def bag_once(*args: Any, **kwargs: Any) -> Any:
        key = (str(kwargs.get("dag_folder")), str(kwargs.get("bundle_name")))
        if args or key not in bags:
            bags[key] = real_bag(*args, **kwargs)
        return bags[key]

    def sync_once(bag: Any, *args: Any, **kwargs: Any) -> Any:
        if id(bag) not in synced:
            real_sync(bag, *args, **kwargs)
            synced.add(id(bag))

    module.BundleDagBag, module.sync_bag_to_db = bag_once, sync_once
    try:
        yield
    finally:
        module.BundleDagBag, module.sync_bag_to_db = real_bag, real_sync


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
    with _parse_dag_folder_once():
        return _run_dates(bag, list(days), report, only, transform, mark_success_pattern)


def _run_dates(
    bag: Any,
    days: list[date],
    report: bool,
    only: Iterable[str] | None,
    transform: str,
    mark_success_pattern: str | None,
) -> list[DagRunOutcome]:
    wanted = set(only) if only else None
    ingest_ids = sorted(d for d in bag.dag_ids if d.startswith("ingest_"))
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


def nothing_landed(days: Iterable[date]) -> list[str]:
    """'<date> <feed>' for each date and feed of a range for which the ledger holds no batch at all."""
    from pillars.feeds.declarations.contract import load_contracts
    from pillars.warehouse import credentials
    from pillars.warehouse.connect import connect

    days = list(days)
    with connect(credentials.LOADER_ROLE) as conn:
        present = set(
            conn.execute(
                "select distinct logical_date, feed from ops.batches where logical_date = any(%s)", (days,)
            ).fetchall()
        )
    return [f"{day} {feed}" for day in days for feed in sorted(load_contracts()) if (day, feed) not in present]


def date_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
