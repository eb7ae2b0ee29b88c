"""The Phase II report: rendered whenever a new `reporting` state is published, from that state only."""

from __future__ import annotations

from typing import Any

from airflow.sdk import DAG, dag, task

from pillars.orchestration import alerts, assets, policy


def build_report_dag() -> DAG:
    @dag(
        dag_id="phase2_report",
        description="Render the council's Phase II report from the published reporting schema",
        schedule=[assets.PUBLISHED_REPORTING],
        start_date=policy.START_DATE,
        catchup=False,
        max_active_runs=1,
        default_args=policy.default_args(),
        tags=["report", "phase:II"],
        doc_md="### Phase II report\n\nRuns after each publish: a self-contained HTML report (and a PDF where "
        "Chromium is available) under `.local/outputs/reports/`, built only from the `reporting` schema "
        "as the BI role, so the report and BI tools always show the same, suppressed figures.",
        on_failure_callback=alerts.on_dag_failure,
    )
    def phase2_report() -> None:
        @task
        def render(**context: Any) -> str:
            from pillars.orchestration.dates import partition_date
            from pillars.reporting import render_report

            result = render_report(partition_date(context))
            return str(result.html_path)

        render()

    return phase2_report()
