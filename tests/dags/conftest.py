"""DAG tests load the real DAG folder with Pillars' Airflow environment."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dag_bag(airflow_ready):
    from pillars.orchestration.runner import prepare_airflow_process

    prepare_airflow_process()
    from airflow.dag_processing.dagbag import DagBag

    from pillars import settings

    return DagBag(dag_folder=str(settings.project_root() / "dags"))
