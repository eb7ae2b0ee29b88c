"""What the transform's one ``dbt build`` writes besides the warehouse: each model's result for its task,
no per-test records that nothing reads, no logs that are thrown away (issue 14)."""

from __future__ import annotations

import json
from typing import Any

import pytest

# Airflow and Cosmos are imported once Airflow's process environment is in place (the DAG bag's fixture).
pytestmark = [pytest.mark.airflow]


class _TaskInstance:
    """Records the producer's XCom writes as the Task SDK would take them."""

    def __init__(self) -> None:
        self.pushed: dict[str, Any] = {}

    def xcom_push(self, key: str, value: Any) -> None:
        self.pushed[key] = value

    def xcom_pull(self, *args: Any, **kwargs: Any) -> Any:
        return None


def _event(name: str, unique_id: str, status: str | None = None) -> str:
    """One dbt event as Cosmos' callback hands it to the parser (dbt's JSON log line)."""
    node_info = {
        "unique_id": unique_id,
        "resource_type": unique_id.split(".")[0],
        "node_status": status or "started",
        "node_started_at": "2026-11-09T03:00:01",
        "node_finished_at": "2026-11-09T03:00:02" if status else "",
    }
    info = {"name": name, "msg": f"{name} {unique_id}", "level": "info", "ts": "2026-11-09T03:00:02Z"}
    return json.dumps({"info": info, "data": {"node_info": node_info, "run_result": {"message": ""}}})


@pytest.fixture(scope="module")
def producer(dag_bag) -> Any:
    from pillars.orchestration.transform_dag import _producer

    dag = dag_bag.get_dag("transform_and_publish")
    return _producer(dag.task_group_dict["dbt"])


def test_a_model_and_its_tests_leave_the_model_its_results_and_no_per_test_record(producer):
    from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key
    from cosmos.operators._watcher.state import get_dbt_event_xcom_key, get_status_xcom_key

    model, tests = next((m, t) for m, t in sorted(producer.tests_per_model.items()) if m.startswith("model.") and t)
    ti = _TaskInstance()
    parse = producer._make_parse_callable()
    lines = [_event("NodeStart", model), _event("NodeFinished", model, "success")]
    lines += [_event("NodeFinished", test, "pass") for test in tests]
    for line in lines:
        parse(line, {"context": {"ti": ti, "run_id": "manual__test"}})

    assert ti.pushed[get_status_xcom_key(model)]["status"] == "success"
    assert ti.pushed[get_tests_status_xcom_key(model)] == "pass"
    assert get_dbt_event_xcom_key(model) in ti.pushed  # the model's task echoes it in its log
    assert not [key for key in ti.pushed if key.startswith("test__")], ti.pushed.keys()
    assert not [value for value in ti.pushed.values() if value == {"status": "started"}]


def test_a_failed_test_still_reaches_its_models_task(producer):
    from cosmos.operators._watcher.aggregation import get_tests_status_xcom_key

    model, tests = next((m, t) for m, t in sorted(producer.tests_per_model.items()) if m.startswith("model.") and t)
    ti = _TaskInstance()
    parse = producer._make_parse_callable()
    for index, test in enumerate(tests):
        parse(_event("NodeFinished", test, "fail" if index == 0 else "pass"), {"context": {"ti": ti}})

    assert ti.pushed[get_tests_status_xcom_key(model)] == "fail"


def test_the_build_writes_neither_a_debug_log_file_nor_json_lines_that_are_dropped(producer, dag_bag):
    from pillars.orchestration.transform_dag import _watchers

    assert producer.env["DBT_LOG_LEVEL"] == "none" and producer.env["DBT_LOG_LEVEL_FILE"] == "none"
    watchers = _watchers(dag_bag.get_dag("transform_and_publish").task_group_dict["dbt"])
    assert watchers and not [w for w in watchers if "DBT_LOG_LEVEL" in (w.env or {})], "a retry logs as usual"
