"""Airflow DAG: Ingest the `partnerships` feed from every partner in the registry that sends it."""

from pillars.orchestration.ingest_dag import build_ingest_dag

dag = build_ingest_dag("partnerships")
