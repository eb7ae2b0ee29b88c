"""Airflow DAG: The council's Phase II report, rendered after each publish."""

from pillars.orchestration.report_dag import build_report_dag

dag = build_report_dag()
