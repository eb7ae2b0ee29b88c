"""What ``make demo`` runs after set-up.

A fixed week and seed, so a second run finds the same files, loads nothing new and leaves the same row
counts. The reference partner API serves the prosecutors' feed over loopback while the DAGs run.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

from pillars import airflow_env, settings
from pillars.orchestration.runner import DagRunOutcome, date_range, run_dates
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

DEMO_START = date(2026, 11, 2)
DEMO_DAYS = 7
DEMO_SEED = 20261102

PILLAR_FOLDERS = ("partner", "prevent", "protect", "prosecute", "support", "phase1", "phase2")


def _generate() -> None:
    from pillars.synthetic import generate

    generate(start=DEMO_START, days=DEMO_DAYS, seed=DEMO_SEED)


def _mart_rows_by_folder() -> dict[str, tuple[int, int]]:
    """(tables, rows) per marts folder, from the dbt manifest (folder = pillar or phase)."""
    import json

    from pillars.transform.dbt import manifest_path

    manifest = json.loads(manifest_path().read_text())
    folder_of = {}
    for node in manifest["nodes"].values():
        parts = node.get("original_file_path", "").split("/")
        in_marts_schema = node.get("config", {}).get("schema") == "marts"  # not the shared dims (schema staging)
        if node.get("resource_type") == "model" and len(parts) > 3 and parts[1] == "marts" and in_marts_schema:
            folder_of[node["alias"]] = parts[2]
    totals: dict[str, tuple[int, int]] = {}
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        for table, folder in sorted(folder_of.items()):
            exists = conn.execute("select to_regclass(%s)", (f"marts.{table}",)).fetchone()[0]
            rows = conn.execute(f'select count(*) from marts."{table}"').fetchone()[0] if exists else 0
            tables, total = totals.get(folder, (0, 0))
            totals[folder] = (tables + 1, total + rows)
    return totals


def _print_outcomes(outcomes: list[DagRunOutcome]) -> int:
    failed = 0
    for outcome in outcomes:
        state = (
            outcome.state if not outcome.failed_tasks else f"{outcome.state}, failed: {', '.join(outcome.failed_tasks)}"
        )
        print(f"  {outcome.logical_date} {outcome.dag_id:<34} {outcome.seconds:6.1f}s  {state}")
        failed += outcome.state != "success"
    return failed


def main() -> int:
    started = time.monotonic()
    settings.use_local_token_key()
    # The demo prints a summary per DAG run; Airflow's task logs stay in AIRFLOW_HOME/logs.
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    print(f"generating partner data for {DEMO_DAYS} days from {DEMO_START} (seed {DEMO_SEED})")
    _generate()

    from pillars.partner_api.server import serve_in_thread

    os.environ["PILLARS_PARTNER_API_TOKEN"] = airflow_env.partner_api_token()
    url, stop = serve_in_thread(port=airflow_env.partner_api_port(), token=airflow_env.partner_api_token())
    print(f"reference partner API serving prosecution cases at {url}")
    try:
        days = date_range(DEMO_START, DEMO_START + timedelta(days=DEMO_DAYS - 1))
        print(f"running the nightly DAGs through Airflow for {days[0]} .. {days[-1]}")
        outcomes = run_dates(days)
    finally:
        stop()
    failed = _print_outcomes(outcomes)

    from pillars.transform.dbt import run_dbt

    run_dbt(["docs", "generate", "--quiet"], quiet=True)
    print("\nrows in the marts (dbt folder: tables, rows)")
    for folder, (tables, rows) in _mart_rows_by_folder().items():
        print(f"  {folder:<10} {tables:3d} tables {rows:9d} rows")
    reports = settings.output_dir() / "reports"
    print("\nwhere to look")
    print(f"  Phase II report   {reports / 'latest.html'}")
    print(f"  dbt docs          {settings.dbt_project_dir() / 'target' / 'index.html'}  (or: pillars dbt docs serve)")
    print(
        f"  Data Docs (GX)    {settings.expectations_dir() / 'uncommitted' / 'data_docs' / 'local_site' / 'index.html'}"
    )
    print("  ingestion ledger  psql \"$(.venv/bin/pillars db url)\" -c 'select * from ops.batches'")
    print(f"  alerts            {settings.local_dir() / 'alerts.jsonl'}")
    print("  Airflow UI        make airflow   -> http://localhost:8080 (user admin; same data and runs)")
    print(
        f"\ndemo finished in {time.monotonic() - started:.0f}s"
        + (f" with {failed} failed DAG run(s)" if failed else "")
    )
    return 1 if failed else 0
