"""Shared fixtures: the real embedded warehouse, with a database of the suite's own.

The suite runs on the same private cluster as the demo but in its own warehouse database
(``pillars_test``) and Airflow metadata database (``airflow_test``), with its own landing folder and
outputs, so ``make test`` never disturbs (or depends on) what ``make demo`` left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["tests.pipeline_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
# `make test` runs the suite as parallel streams (tests/streams.py), each with databases and folders of its
# own; a plain `pytest` is the one stream with no name.
STREAM = os.environ.get("PILLARS_TEST_STREAM", "")
_NAMED = f"_{STREAM}" if STREAM else ""
TEST_RUN_DIR = ROOT / ".local" / (f"test-run-{STREAM}" if STREAM else "test-run")
os.environ.setdefault("PILLARS_HOME", str(ROOT))
os.environ.setdefault("PILLARS_AIRFLOW_DATABASE", f"airflow{_NAMED}_test")
os.environ.setdefault("PILLARS_SUPERSET_DATABASE", f"superset{_NAMED}_test")
if STREAM:
    os.environ.setdefault("AIRFLOW_HOME", str(TEST_RUN_DIR / "airflow"))
    os.environ.setdefault("DBT_TARGET_PATH", f"target_test_{STREAM}")
    os.environ.setdefault("DBT_LOG_PATH", f"logs_test_{STREAM}")
os.environ.setdefault("PILLARS_LANDING_DIR", str(TEST_RUN_DIR / "landing"))
os.environ.setdefault("PILLARS_OUTPUT_DIR", str(TEST_RUN_DIR / "outputs"))
os.environ.setdefault("PILLARS_ALERTS_FILE", str(TEST_RUN_DIR / "alerts.jsonl"))
os.environ.setdefault("PILLARS_RETRY_DELAY_SECONDS", "1")

from pillars.warehouse import credentials  # noqa: E402 - the environment above must come first

TEST_DATABASE = f"pillars{_NAMED}_test"
if not os.environ.get("PILLARS_WAREHOUSE_URL"):
    EMBEDDED = True
    os.environ["PILLARS_WAREHOUSE_URL"] = credentials.url(credentials.ADMIN_ROLE, TEST_DATABASE)
else:
    EMBEDDED = False


def _stream_manifest() -> None:
    """A stream's dbt target starts as a copy of the one ``pillars setup`` parsed (manifest, partial-parse
    state): the transform DAG renders from it, and the stream's first dbt run need not parse afresh. Copied
    again whenever setup's is newer (every ``make test`` re-parses), so no stream renders an older project."""
    import shutil

    from pillars import settings

    target = settings.dbt_manifest().parent
    source = settings.dbt_project_dir() / "target"
    if target == source or not (source / "manifest.json").exists():
        return
    copied = target / "manifest.json"
    if copied.exists() and copied.stat().st_mtime_ns >= (source / "manifest.json").stat().st_mtime_ns:
        return
    target.mkdir(parents=True, exist_ok=True)
    for name in ("manifest.json", "partial_parse.msgpack"):
        if (source / name).exists():
            shutil.copy2(source / name, target / name)


_stream_manifest()


def run_pillars(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, as a person would run it."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "pillars"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def warehouse() -> None:
    """The embedded warehouse up, the test database bootstrapped, the token key in place."""
    from pillars import settings
    from pillars.setup_local import ensure_token_key
    from pillars.warehouse import bootstrap, cluster

    if EMBEDDED:
        saved = os.environ.pop("PILLARS_WAREHOUSE_URL")
        try:
            cluster.up()
        finally:
            os.environ["PILLARS_WAREHOUSE_URL"] = saved
    bootstrap.bootstrap()
    ensure_token_key()
    settings.use_local_token_key()


@pytest.fixture(scope="session")
def airflow_ready(warehouse) -> None:
    """Airflow's test metadata database migrated, with the warehouse-writers pool."""
    from pillars.airflow_env import init_airflow_home

    init_airflow_home()
