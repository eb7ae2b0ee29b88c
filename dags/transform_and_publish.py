"""Airflow DAG: Nightly dbt build (via Cosmos), the Great Expectations publish gate, and the atomic publish."""

from pillars.orchestration.transform_dag import build_transform_dag

dag = build_transform_dag()
