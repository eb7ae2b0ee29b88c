"""The nightly dbt build gets the council's policy values as vars, as every other dbt run does (issue 15)."""

from __future__ import annotations

import json

import pytest

from pillars import policy

pytestmark = pytest.mark.airflow


def _producer_vars() -> dict:
    from airflow.sdk import DAG

    from pillars.orchestration.transform_dag import _dbt_task_group, _producer

    with DAG("policy_vars_probe", schedule=None):
        return dict(_producer(_dbt_task_group()).vars)


def test_the_producer_passes_every_policy_value(dag_bag, monkeypatch):
    monkeypatch.delenv("PILLARS_DBT_VARS", raising=False)
    assert _producer_vars() == policy.values()


def test_an_override_and_run_vars_reach_the_build(dag_bag, monkeypatch):
    monkeypatch.setenv("PILLARS_SUPPRESSION_THRESHOLD", "20")
    monkeypatch.setenv("PILLARS_DBT_VARS", json.dumps({"lookback_days": 30, "nightly_tests": "all"}))
    found = _producer_vars()
    assert found == {**policy.values(), "suppression_threshold": 20, "lookback_days": 30, "nightly_tests": "all"}
