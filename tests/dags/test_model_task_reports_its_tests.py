"""A model's one task in the grid fails when one of its tests failed, and its retry builds both (issue 14)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

# Airflow and Cosmos are imported once Airflow's process environment is in place (the DAG bag's fixture):
# Airflow reads its configuration and Cosmos its dbt path as they are imported.
pytestmark = [pytest.mark.airflow, pytest.mark.usefixtures("dag_bag")]


def _report_tests_with_their_node(watcher: Any, tests: list[str]) -> None:
    from pillars.orchestration.transform_dag import _report_tests_with_their_node as report

    report(watcher, tests)


MODEL = "model.pillars.fct_prosecution_cases"
TESTS = ["test.pillars.not_null_fct_prosecution_cases_case_key.1a", "test.pillars.relationships_fct_x.2b"]


class _TaskInstance:
    """Answers xcom_pull as the Task SDK does, from the producer's pushed values."""

    def __init__(self, pushed: dict[str, Any], try_number: int = 1) -> None:
        self.pushed, self.try_number = pushed, try_number

    def xcom_pull(self, task_ids: str, key: str) -> Any:
        assert task_ids == "dbt.dbt_producer_watcher"
        return self.pushed.get(key)


def _watcher(node_done: bool = True) -> Any:
    return SimpleNamespace(
        model_unique_id=MODEL,
        producer_task_id="dbt.dbt_producer_watcher",
        poke=lambda context: node_done,
        deferrable=True,
        base_cmd=["run"],
    )


def _tests_key() -> str:
    return "model__pillars__fct_prosecution_cases_tests_status"


def test_a_model_whose_tests_passed_is_green():
    watcher = _watcher()
    _report_tests_with_their_node(watcher, TESTS)
    assert watcher.poke({"ti": _TaskInstance({_tests_key(): "pass"})}) is True


def test_a_failed_test_fails_its_models_task_and_names_the_tests():
    watcher = _watcher()
    _report_tests_with_their_node(watcher, TESTS)
    with pytest.raises(Exception, match=r"tests failed.*not_null_fct_prosecution_cases_case_key"):
        watcher.poke({"ti": _TaskInstance({_tests_key(): "fail"})})


def test_tests_with_no_result_fail_the_task_rather_than_pass_it():
    watcher = _watcher()
    _report_tests_with_their_node(watcher, TESTS)
    with pytest.raises(Exception, match="reported no result"):
        watcher.poke({"ti": _TaskInstance({})})


def test_the_model_is_read_first_and_its_result_stands():
    watcher = _watcher(node_done=False)
    _report_tests_with_their_node(watcher, TESTS)
    assert watcher.poke({"ti": _TaskInstance({_tests_key(): "fail"})}) is False


def test_a_model_without_tests_needs_no_test_result():
    watcher = _watcher()
    _report_tests_with_their_node(watcher, [])
    assert watcher.poke({"ti": _TaskInstance({})}) is True


def test_a_retry_builds_the_model_and_its_tests_itself_and_never_defers():
    watcher = _watcher()
    _report_tests_with_their_node(watcher, TESTS)
    assert (watcher.base_cmd, watcher.deferrable) == (["build"], False)
    # The retry's own `dbt build` (run by Cosmos' poke on try 2) decided; the build's old result is not read.
    assert watcher.poke({"ti": _TaskInstance({_tests_key(): "fail"}, try_number=2)}) is True
