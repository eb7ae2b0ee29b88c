"""Airflow DAG: Ingest the `intelligence_referrals` feed from every partner in the registry that sends it."""

from pillars.orchestration.ingest_dag import build_ingest_dag

dag = build_ingest_dag("intelligence_referrals")
