"""Airflow DAG: Ingest the `funding_expenditures` feed from every partner in the registry that sends it."""

from pillars.orchestration.ingest_dag import build_ingest_dag

dag = build_ingest_dag("funding_expenditures")
