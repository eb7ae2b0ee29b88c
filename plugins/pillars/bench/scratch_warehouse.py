"""A throw-away warehouse for a benchmark or an equivalence check: its own database, landing folder and dbt
target folder, so neither the demo, the tests nor the manifest Airflow renders from are touched.

Loading skips Airflow and the raw gate (the benches measure dbt, not ingestion): each day's deliveries are
loaded and marked gated directly, as the gate would leave them. The prosecutors' API feed is fetched from
the reference partner API serving the generated data when ``api_dir`` is given, and skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pillars import settings


def use_database(database: str, bench_dir: Path, target_dir: str) -> None:
    """Point every connection, the landing folder and dbt's output (relative to dbt_project/) at the
    scratch places; dbt's logs go beside the target as ``logs_<target_dir>``."""
    from pillars.warehouse import credentials

    os.environ["PILLARS_WAREHOUSE_URL"] = credentials.url(credentials.ADMIN_ROLE, database)
    os.environ["PILLARS_LANDING_DIR"] = str(bench_dir / "landing")
    os.environ["DBT_TARGET_PATH"] = target_dir
    os.environ["DBT_LOG_PATH"] = f"logs_{target_dir}"


def reset(database: str, bench_dir: Path) -> None:
    """Drop the scratch database and files, then bootstrap it: a rerun must not load a second history on
    top of the first."""
    from pillars.bench.databases import reset_database

    shutil.rmtree(bench_dir, ignore_errors=True)
    reset_database(database)


def _api_endpoint(api_dir: Path) -> tuple[str, str, Callable[[], None]]:
    """The reference partner API serving ``api_dir`` on a free loopback port, and how to stop it."""
    from pillars import airflow_env
    from pillars.partner_api.server import serve_in_thread

    token = airflow_env.partner_api_token()
    url, stop = serve_in_thread(port=0, token=token, data_dir=api_dir)
    return url, token, stop


def load_days(days: list[date], api_dir: Path | None = None) -> int:
    """Load the days' deliveries (API feeds fetched first when ``api_dir`` is given) and mark them gated;
    returns the rows loaded."""
    from pillars.extract.http import FEED_PATHS, Endpoint, fetch_window_to_landing
    from pillars.feeds.declarations.registry import partner_feeds
    from pillars.load import ledger
    from pillars.load.ingest import ingest_partition
    from pillars.warehouse import credentials
    from pillars.warehouse.connect import connect

    settings.use_local_token_key()
    url, token, stop = _api_endpoint(api_dir) if api_dir is not None else (None, None, lambda: None)
    rows = 0
    try:
        for day in days:
            for item in partner_feeds():
                if item.transport == "http":
                    if url is None:
                        continue
                    endpoint = Endpoint(url, token, FEED_PATHS.get(item.feed, "/"))
                    fetch_window_to_landing(item, day, endpoint=endpoint)
                batches = ingest_partition(item, day).batches
                rows += sum(b.rows_loaded for b in batches)
                with connect(credentials.LOADER_ROLE) as conn, conn.transaction():
                    for batch in batches:
                        if batch.status == "loaded":
                            ledger.mark_gated(conn, batch.batch_id)
    finally:
        stop()
    return rows
