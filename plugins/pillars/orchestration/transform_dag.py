"""The nightly transform: dbt through Cosmos (one task per model with its tests), the publish gate, publish.

Scheduled on every raw feed's Asset *or* nightly at 03:00 council time, whichever comes first: the council
gets a fresh report even when a partner is silent. The dbt graph is rendered from the pre-built manifest
(``pillars setup`` runs ``dbt parse``), so parsing this DAG never runs dbt or touches the warehouse.
"""

from __future__ import annotations

import json
import os
from typing import Any

from airflow.sdk import DAG, AssetAll, AssetOrTimeSchedule, dag, task
from airflow.sdk.definitions.timetables.trigger import CronTriggerTimetable

from pillars import settings
from pillars.feeds.contract import load_contracts
from pillars.orchestration import alerts, assets, policy

DOC = """### Nightly transform, quality gate and publish

1. **dbt** (Cosmos, one task per model running the model and its tests) builds staging views,
   conformed dimensions, the five pillar marts, the Phase I and Phase II marts and the candidate
   reporting tables in `reporting_next`.
2. **quality_gate** runs the Great Expectations publish checkpoint over marts and `reporting_next`
   (row counts vs the previous run, suppression, totals against staging, key nulls, freshness).
3. **publish** swaps `reporting_next` in as `reporting` atomically and emits the `reporting` Asset that
   the Phase II report DAG is scheduled on. If the gate fails nothing is published, the alert names the
   failed expectation and table, and the previous report stays current.
"""


def _dbt_vars() -> dict[str, Any]:
    """``PILLARS_DBT_VARS`` (JSON) overrides dbt vars for every model of the run, e.g. a longer lookback
    for a late partner. The publish gate enforces the council's policy whatever dbt was told."""
    raw = os.environ.get("PILLARS_DBT_VARS")
    return {"vars": json.loads(raw)} if raw else {}


def _dbt_task_group() -> Any:
    from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
    from cosmos.constants import InvocationMode, LoadMode, TestBehavior, TestIndirectSelection
    from cosmos.profiles import PostgresUserPasswordProfileMapping

    project_dir = settings.dbt_project_dir()
    return DbtTaskGroup(
        group_id="dbt",
        project_config=ProjectConfig(
            dbt_project_path=project_dir,
            manifest_path=project_dir / "target" / "manifest.json",
            install_dbt_deps=False,
        ),
        profile_config=ProfileConfig(
            profile_name="pillars",
            target_name="warehouse",
            profile_mapping=PostgresUserPasswordProfileMapping(
                conn_id="pillars_transformer", profile_args={"schema": "staging", "threads": 2}
            ),
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.BUILD,
            emit_datasets=False,
        ),
        # Each model's task runs the tests on that model alone; a test over several models (relationships,
        # reconciliations) would run in the first model's task before its other parent exists, so those run
        # in `dbt_tests_across_models` once every model is built.
        execution_config=ExecutionConfig(
            invocation_mode=InvocationMode.DBT_RUNNER, test_indirect_selection=TestIndirectSelection.CAUTIOUS
        ),
        operator_args={"pool": policy.WAREHOUSE_WRITERS_POOL, **_dbt_vars()},
        default_args=policy.default_args(retries=1),
    )


def build_transform_dag() -> DAG:
    raw_assets = [assets.raw_feed(feed) for feed in sorted(load_contracts())]

    @dag(
        dag_id="transform_and_publish",
        description="dbt marts, the Great Expectations publish gate, then the atomic publish of reporting",
        schedule=AssetOrTimeSchedule(
            timetable=CronTriggerTimetable(policy.NIGHTLY_TRANSFORM_CRON, timezone=policy.council_tz()),
            assets=AssetAll(*raw_assets),
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

        @task(pool=policy.WAREHOUSE_WRITERS_POOL)
        def dbt_tests_across_models() -> str:
            """Every dbt test, now that all models exist: the ones spanning several models run here."""
            from pillars.transform.dbt import run_dbt

            run_dbt(["test", "--quiet"], quiet=True)
            return "dbt tests passed"

        gate = quality_gate()
        _dbt_task_group() >> dbt_tests_across_models() >> gate
        publish(gate)

    return transform_and_publish()
