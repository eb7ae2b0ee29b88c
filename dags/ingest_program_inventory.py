"""Airflow DAG: Ingest the `program_inventory` feed from every partner in the registry that sends it."""

from pillars.orchestration.ingest_dag import build_ingest_dag

dag = build_ingest_dag("program_inventory")
