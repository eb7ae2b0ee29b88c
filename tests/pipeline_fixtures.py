"""The end-to-end run: three generated days through the real DAGs, once per session.

Shared by the e2e tests and by the report tests (``published_reporting``), so the pipeline runs once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

E2E_START = date(2026, 3, 2)
E2E_DAYS = [E2E_START + timedelta(days=i) for i in range(3)]
E2E_SEED = 424242


@dataclass
class PipelineRun:
    manifest: dict
    outcomes: list = field(default_factory=list)
    fingerprint: dict = field(default_factory=dict)


@pytest.fixture(scope="session")
def partner_api(warehouse):
    """The reference partner API on a free loopback port, wired into the Airflow connection."""
    from pillars.airflow_env import partner_api_token
    from pillars.orchestration.live import free_port
    from pillars.partner_api.server import serve_in_thread

    port = free_port()
    os.environ["PILLARS_PARTNER_API_PORT"] = str(port)
    url, stop = serve_in_thread(port=port, token=partner_api_token())
    yield url
    stop()


@pytest.fixture(scope="session")
def generated(warehouse) -> dict:
    from pillars import settings
    from pillars.synthetic import generate

    generate(start=E2E_START, days=len(E2E_DAYS), seed=E2E_SEED, scale=0.5)
    return json.loads((settings.local_dir() / "synthetic" / f"manifest-{E2E_SEED}.json").read_text())


@pytest.fixture(scope="session")
def pipeline(generated, partner_api, airflow_ready) -> PipelineRun:
    """Three nightly runs through Airflow on a clean test warehouse."""
    from pillars.orchestration.runner import run_dates
    from tests.e2e.reset import reset_test_warehouse
    from tests.e2e.warehouse_state import fingerprint

    reset_test_warehouse()
    run = PipelineRun(manifest=generated)
    run.outcomes = run_dates(E2E_DAYS)
    run.fingerprint = fingerprint()
    return run


@pytest.fixture(scope="session")
def published_reporting(pipeline) -> tuple[str, date]:
    """The `reporting` schema as the pipeline published it, and the date it is as of."""
    return "reporting", E2E_DAYS[-1]
