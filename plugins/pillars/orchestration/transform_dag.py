"""The nightly transform: one ``dbt build`` watched through Cosmos (a task per model), the gate, publish.

Scheduled on *any* raw feed's Asset *or* nightly at 03:00 council time: a backfill of one feed reaches the
marts and ``reporting`` without waiting for the other feeds or for 03:00, and a night whose Assets never
fired is still transformed. ``orchestration/coalesce.py`` keeps a normal night to one build: each run first
waits until no ingest run is queued or running, and skips when a newer run (or the last publication)
already covers it. The dbt graph is rendered from the pre-built manifest
(``pillars setup`` runs ``dbt parse``), so parsing this DAG never runs dbt or touches the warehouse.
"""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from airflow.sdk import DAG, AssetAny, AssetOrTimeSchedule, dag, task
from airflow.sdk.definitions.timetables.trigger import CronTriggerTimetable

from pillars import policy as council_policy
from pillars import settings
from pillars.feeds.declarations.contract import load_contracts
from pillars.orchestration import alerts, assets, policy

DAG_ID = "transform_and_publish"
# A node's watcher task in the dbt group: ``dbt.<model>_run`` or ``dbt.<seed>_seed``.
_WATCHER_TASK = re.compile(r"dbt\.(?P<node>\w+)_(?:run|seed)")
# One dbt process a night: dbt's own threads give the parallelism (2: see docs/performance.md, issue 4).
DBT_THREADS = 2
INGEST_WAIT = timedelta(hours=3)  # a stuck ingest holds the transform back this long at most
# The model tasks start after the build and find their nodes' results at once. One that does not (a result
# not yet visible) defers, and its trigger asks every this many seconds: two API calls a poll, relayed by
# the triggerer to the api-server (at 2 s, 30-60 deferred watchers kept both busy).
WATCHER_POKE_SECONDS = 10

DOC = """### Nightly transform, quality gate and publish

1. **dbt** (Cosmos watcher mode): `dbt.dbt_producer_watcher` runs one `dbt build` with dbt's own
   threads over staging views, conformed dimensions, the five pillar marts, the Phase I and Phase II
   marts and the candidate reporting tables in `reporting_next`, each model followed by its tests. When it
   ends, each model's task (`<model>_run`, `<seed>_seed`) reads its node's result and its tests' and turns
   green, red (the model or one of its tests failed) or skipped; the producer's log shows the build as it
   goes. Clearing a failed model's task builds that model and its tests alone (`dbt build --select`).
2. **quality_gate** runs the Great Expectations publish checkpoint over marts and `reporting_next`
   (row counts vs the previous run, suppression, totals against staging, key nulls, freshness).
3. **publish** swaps `reporting_next` in as `reporting` atomically and emits the `reporting` Asset that
   the Phase II report DAG is scheduled on. If the gate fails nothing is published, the alert names the
   failed expectation and table, and the previous report stays current.
"""


def _dbt_vars() -> dict[str, Any]:
    """The council's policy values (``pillars/policy.yml``), as every dbt run gets them; ``PILLARS_DBT_VARS``
    (JSON) overrides dbt vars for every model of the run, e.g. a longer lookback for a late partner. The
    publish gate enforces the council's policy whatever dbt was told."""
    raw = os.environ.get("PILLARS_DBT_VARS")
    return {"vars": council_policy.dbt_vars(json.loads(raw) if raw else None)}


def _dbt_task_group() -> Any:
    """One dbt process per night, one Airflow task per model.

    Cosmos' WATCHER mode runs a single ``dbt build`` (the producer) whose per-node results the model
    tasks read once it has finished (``_watch_after_build``). Each model's (and seed's) one task reports
    the model and its tests (``_report_tests_with_their_node``): a test over several models runs once in
    that same build, after all its parents exist, and counts in each parent's task. Cosmos' own layout
    (``TestBehavior.AFTER_EACH``) gives every model a second task for its tests: 114 more task starts a
    night, each a process, a DAG parse and API calls, for a result the build already has. Cosmos' detached
    test tasks are not used either: in watcher mode they look for a status the producer never pushes.
    Raw-source tests belong to no model and run in the build too: any failure fails the producer, and
    the gate runs only if the producer succeeded. The producer is never retried (a second build would
    redo the night); a failed model's task, retried or cleared, builds that model and its tests alone.
    """
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior
    from cosmos.profiles import PostgresUserPasswordProfileMapping

    from pillars.transform.cosmos_manifest import cosmos_manifest_path

    project_dir = settings.dbt_project_dir()
    manifest = settings.dbt_manifest()
    group = DbtTaskGroup(
        group_id="dbt",
        project_config=ProjectConfig(
            dbt_project_path=project_dir,
            manifest_path=cosmos_manifest_path(manifest),
            install_dbt_deps=False,
        ),
        profile_config=ProfileConfig(
            profile_name="pillars",
            target_name="warehouse",
            profile_mapping=PostgresUserPasswordProfileMapping(
                conn_id="pillars_transformer", profile_args={"schema": "staging", "threads": DBT_THREADS}
            ),
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.NONE,  # no test tasks: each model's task reports its tests
            emit_datasets=False,
            select=_nodes_this_process_runs(),
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            invocation_mode=InvocationMode.DBT_RUNNER,
            setup_operator_args={"pool": policy.WAREHOUSE_WRITERS_POOL, "retries": 0},
        ),
        operator_args={"poke_interval": WATCHER_POKE_SECONDS, **_dbt_vars()},
        default_args=policy.default_args(retries=1),
    )
    for operator in _group_tasks(group):
        if hasattr(operator, "manifest_filepath"):  # rendered from the slim copy; dbt gets the real manifest
            operator.manifest_filepath = manifest
    producer = _producer(group)
    _build_tests_too(producer)
    _only_finished_nodes(producer)
    _no_discarded_dbt_logs(producer)
    _watch_after_build(group)
    for watcher in _watchers(group):
        _report_tests_with_their_node(watcher, producer.tests_per_model.get(watcher.model_unique_id, []))
    return group


def _nodes_this_process_runs() -> list[str]:
    """Render only the dbt node whose watcher this process runs; every other process gets the whole graph.

    Airflow parses the DAG file again in each task process (the parsing context names the task), and
    rendering the whole graph (120 tasks from some 800 dbt nodes) costs about 0.4 s of CPU each time, at
    about 120 transform task starts a night. A model's watcher needs only its own task (its node id, its
    producer's task id, its operator arguments), so its process renders that node alone. The producer (its
    ``dbt build`` selects what was rendered) and every task outside the group (``has_work`` skips what lies
    downstream of it) get the whole graph.
    """
    from airflow.sdk import get_parsing_context

    context = get_parsing_context()
    if context.dag_id != DAG_ID or not context.task_id:
        return []
    match = _WATCHER_TASK.fullmatch(context.task_id)
    return [match["node"]] if match else []


def _producer(group: Any) -> Any:
    return next(t for t in group.children.values() if t.task_id.endswith("dbt_producer_watcher"))


def _watchers(group: Any) -> list[Any]:
    producer = _producer(group)
    return [t for t in _group_tasks(group) if t is not producer and hasattr(t, "model_unique_id")]


def _build_tests_too(producer: Any) -> None:
    """Keep the tests in the one build: Cosmos drops them (``--resource-type``) when it renders no test task."""
    flags, kept = list(producer.dbt_cmd_flags), []
    while flags:
        flag = flags.pop(0)
        if flag == "--resource-type":
            flags.pop(0)
        else:
            kept.append(flag)
    producer.dbt_cmd_flags = kept


def _report_tests_with_their_node(watcher: Any, tests: list[str]) -> None:
    """Make a model's (or seed's) task fail when one of its tests failed, and its retry build both.

    The build pushes one aggregated result per model once all its tests have finished (``pass`` or
    ``fail``: a test skipped because another parent failed counts as failed, as in Cosmos' own test
    task). The task reads it after its model's own result; a model without tests has none to read.
    Retried or cleared, the task runs ``dbt build --select <node>`` (the node, then its tests) instead
    of ``dbt run``, and that run's outcome is the task's. The task never defers: it starts after the
    build, so both results are there (Cosmos' trigger would read the model's alone).
    """
    from airflow.sdk.exceptions import AirflowException
    from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key

    node_poke = watcher.poke
    node = watcher.model_unique_id

    def poke(context: Any) -> bool:
        if not node_poke(context):
            return False
        ti = context["ti"]
        if not tests or ti.try_number > 1:  # a retry has just built the node and its tests itself
            return True
        status = ti.xcom_pull(task_ids=watcher.producer_task_id, key=get_tests_status_xcom_key(node))
        if status == "pass":
            return True
        names = ", ".join(test.split(".")[2] for test in tests)
        outcome = "failed (or were skipped after another model failed)" if status else "reported no result"
        raise AirflowException(
            f"{node} was built, but its tests {outcome}: {names}. The producer task's log names each"
            " failing test; clear this task to build the model and its tests again."
        )

    watcher.poke = poke
    watcher.deferrable = False
    watcher.base_cmd = ["build"]
    watcher.pillars_tests = sorted(tests)


# dbt's per-node progress events before a node finishes. Cosmos writes each to XCom (one API call and
# database commit apiece, serialised by a lock) only to echo it in the watcher's log; the status the
# watchers act on comes with NodeFinished. Dropping them cuts the build's XCom writes by about 3x.
_PROGRESS_EVENTS = frozenset({"NodeStart", "NodeCompiling", "NodeExecuting"})


def _only_finished_nodes(producer: Any) -> None:
    """Make the producer pass dbt's events to Cosmos' parser without the per-node progress events, and
    without the per-test event records (``_TestEventsUnrecorded``)."""
    make_parser = producer._make_parse_callable

    def make_filtered_parser() -> Any:
        parse = make_parser()

        def parse_line(line: str, extra_kwargs: Any) -> None:
            if '"NodeStart"' in line or '"NodeCompiling"' in line or '"NodeExecuting"' in line:
                try:
                    if json.loads(line).get("info", {}).get("name") in _PROGRESS_EVENTS:
                        return
                except ValueError:
                    pass
            context = extra_kwargs.get("context") if extra_kwargs else None
            if context is not None and context.get("ti") is not None:
                extra_kwargs = {**extra_kwargs, "context": {**context, "ti": _TestEventsUnrecorded(context["ti"])}}
            parse(line, extra_kwargs)

        return parse_line

    producer._make_parse_callable = make_filtered_parser


class _TestEventsUnrecorded:
    """The producer's task instance as Cosmos' build parser sees it, minus each test's own event record.

    Cosmos writes every finished node's event to XCom for that node's task to echo in its log. Tests have
    no task here (each model's task reports its tests from their aggregated status, which is still
    written), so those records, 700 of a night's 1,200 XCom writes, would have no reader.
    """

    def __init__(self, ti: Any) -> None:
        self._ti = ti

    def xcom_push(self, key: str, value: Any, **kwargs: Any) -> None:
        if key.startswith("test__") and key.endswith("_dbt_event"):
            return
        self._ti.xcom_push(key=key, value=value, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ti, name)


def _no_discarded_dbt_logs(producer: Any) -> None:
    """Spare the build the two logs nobody reads: its debug log file, written inside the temporary copy of
    the project that Cosmos deletes afterwards, and its JSON lines on stdout, which Cosmos drops (it logs
    each event from dbt's callback instead). Formatting and writing them cost about as much CPU as the
    build's own work on the nodes. Only the producer: a model's retry logs as any dbt run does."""
    producer.env = {**(producer.env or {}), "DBT_LOG_LEVEL": "none", "DBT_LOG_LEVEL_FILE": "none"}


def _watch_after_build(group: Any) -> None:
    """Start the watchers once the build has finished, each reporting its own node whatever the others did.

    Started alongside the build, the watchers deferred and resumed (two task starts each, a trigger polling
    the API meanwhile) and took the CPU the build needed; after it, each starts once and finds its node's
    status already pushed. The grid shows the models turn green when the build ends, not as it goes (the
    producer's log shows the build as it goes). ``all_done`` keeps each node's own outcome visible: a failed
    model's task fails (and its retry runs that model alone), the models dbt skipped after it are skipped,
    and the gate, downstream of them all and of the producer, does not run. ``DAG.test()`` runs one task at a
    time, so it needs this order anyway.
    """
    from airflow.task.trigger_rule import TriggerRule

    producer = _producer(group)
    for watcher in _watchers(group):
        watcher.trigger_rule = TriggerRule.ALL_DONE
        if not watcher.upstream_task_ids:
            producer >> watcher


def _group_tasks(group: Any) -> Any:
    for child in group.children.values():
        if hasattr(child, "children"):
            yield from _group_tasks(child)
        else:
            yield child


def build_transform_dag() -> DAG:
    raw_assets = [assets.raw_feed(feed) for feed in sorted(load_contracts())]

    @dag(
        dag_id=DAG_ID,
        description="dbt marts, the Great Expectations publish gate, then the atomic publish of reporting",
        schedule=AssetOrTimeSchedule(
            timetable=CronTriggerTimetable(policy.NIGHTLY_TRANSFORM_CRON, timezone=policy.council_tz()),
            assets=AssetAny(*raw_assets),
        ),
        start_date=policy.START_DATE,
        catchup=False,
        max_active_runs=1,
        default_args=policy.default_args(),
        tags=["transform", "publish", "phase:II"],
        doc_md=DOC,
        on_failure_callback=alerts.on_dag_failure,
        on_success_callback=alerts.on_dag_success,
        deadline=policy.deadline_alert(policy.TRANSFORM_DEADLINE, "the nightly transform and publish is late"),
    )
    def transform_and_publish() -> None:
        ingest_dag_ids = [f"ingest_{feed}" for feed in sorted(load_contracts())]

        @task.sensor(poke_interval=10, mode="reschedule", timeout=INGEST_WAIT + timedelta(minutes=30))
        def wait_for_ingest(**context: Any) -> bool:
            """The coalescing window: start once no ingest run is queued or running (at most INGEST_WAIT)."""
            from pillars.orchestration.coalesce import active_ingest_runs

            started = getattr(context["dag_run"], "start_date", None) or datetime.now(UTC)
            waited_enough = datetime.now(UTC) - started > INGEST_WAIT
            return waited_enough or active_ingest_runs(context["ti"], ingest_dag_ids) == 0

        @task.short_circuit
        def has_work(**context: Any) -> bool:
            """Skip (green, nothing published) when a newer run or the last publication covers this one."""
            from airflow.sdk import Variable

            from pillars.orchestration.coalesce import SNAPSHOT_VARIABLE, skip_reason, warehouse_now

            stored = Variable.get(SNAPSHOT_VARIABLE, default=None)
            snapshot = datetime.fromisoformat(stored) if stored else None
            reason = skip_reason(context["ti"], "transform_and_publish", context["dag_run"].run_type, snapshot)
            if reason:
                logging.getLogger("pillars.transform").info("not building: %s", reason)
                return False
            Variable.set(SNAPSHOT_VARIABLE, warehouse_now().isoformat())
            return True

        @task
        def quality_gate(**context: Any) -> dict[str, Any]:
            """The publish checkpoint; a failure blocks publishing and names what failed."""
            from airflow.sdk.exceptions import AirflowFailException

            from pillars.orchestration.dates import partition_date
            from pillars.quality.publish_gate import run_publish_gate
            from pillars.transform.publish import record_blocked

            day = partition_date(context)
            result = run_publish_gate(day)
            if not result.success:
                record_blocked(day, result.describe(), result.run_id)
                raise AirflowFailException(f"publish gate failed, nothing published: {result.describe()}")
            return {"run_id": result.run_id, "logical_date": day.isoformat()}

        @task(outlets=[assets.PUBLISHED_REPORTING], pool=policy.WAREHOUSE_WRITERS_POOL)
        def publish(gate: dict[str, Any]) -> str:
            """Swap reporting_next in as reporting, atomically."""
            from datetime import date

            from pillars.transform.publish import publish as swap

            return swap(date.fromisoformat(gate["logical_date"]), gate["run_id"])

        gate = quality_gate()
        wait_for_ingest() >> has_work() >> _dbt_task_group() >> gate
        publish(gate)

    return transform_and_publish()
