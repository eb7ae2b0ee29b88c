"""The scheduler tier: the real scheduler, dag-processor, triggerer and api-server, driven over REST.

A metadata database of its own (``airflow_sched_test``, created afresh each session: the DAGs meet it as
a first deployment would), an Airflow home under ``.local/test-run``, and the api-server on a free port
(never 8080). The processes are stopped at the end of the session, also when a test failed.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

SCHED_START = date(2026, 6, 1)  # a Monday and the first weekday of a month and quarter: every partner delivers
SCHED_DAYS = [SCHED_START + timedelta(days=i) for i in range(3)]
SCHED_SEED = 515151
METADATA_DB = "airflow_sched_test"


@pytest.fixture(scope="session")
def scheduler_landing(warehouse) -> dict:
    """A fresh test warehouse (as the e2e tier starts from), then three nights of partner files.

    Earlier tiers leave rows of their own partners in ``raw`` (quality and plausibility tests), which staging
    shows and the marts, keyed on the registry, do not: the publish gate's reconciliation would refuse them.
    """
    from pillars.synthetic import generate
    from tests.e2e.reset import reset_test_warehouse

    reset_test_warehouse()
    manifest = generate(start=SCHED_START, days=len(SCHED_DAYS), seed=SCHED_SEED, scale=0.3)
    return manifest


@pytest.fixture(scope="session")
def live_airflow(airflow_ready, partner_api, scheduler_landing):
    from pillars.orchestration.live import LiveAirflow, free_port, fresh_metadata_database
    from tests.conftest import TEST_RUN_DIR

    home = TEST_RUN_DIR / "airflow-scheduler"
    shutil.rmtree(home, ignore_errors=True)
    airflow = LiveAirflow(home=home, port=free_port(), database_url=fresh_metadata_database(METADATA_DB))
    airflow.migrate()
    with airflow:
        yield airflow
