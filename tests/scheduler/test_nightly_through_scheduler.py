"""One night, and one UI backfill, through the real scheduler: no DAG.test() anywhere.

The ingest DAGs are triggered over REST as the UI does; the raw Assets start the transform, which builds,
gates and publishes, and the `reporting` Asset starts the report. Slow (a few minutes): run deliberately.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from pillars.feeds.declarations.contract import load_contracts
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect
from tests.scheduler.conftest import SCHED_DAYS

pytestmark = [pytest.mark.airflow, pytest.mark.scheduler]

INGEST_DAGS = sorted(f"ingest_{feed}" for feed in load_contracts())
ALL_DAGS = [*INGEST_DAGS, "transform_and_publish", "phase2_report"]


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _publications() -> int:
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        return conn.execute("select count(*) from ops.publications where status = 'published'").fetchone()[0]


def _reporting_digest() -> dict:
    from tests.e2e.warehouse_state import fingerprint

    return fingerprint(("reporting",))


def _raw_rows(feed: str, day) -> tuple[int, int]:
    """(rows read, rows loaded + quarantined) of the feed's loaded batches for ``day``."""
    with connect() as conn:
        return conn.execute(
            "select coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded + rows_quarantined), 0)"
            " from ops.batches where feed = %s and logical_date = %s and status in ('loaded', 'gated')",
            (feed, day),
        ).fetchone()


def test_dags_are_active_from_their_first_parse(live_airflow):
    paused = live_airflow.wait_for_dags(ALL_DAGS)
    assert not [dag_id for dag_id in ALL_DAGS if paused[dag_id]], "every DAG runs unattended"


def test_the_first_start_runs_the_latest_night_once_and_quietly(live_airflow):
    """Active at first parse, each cron DAG runs the latest past night once (nothing landed for it); the
    transform finds nothing loaded yet and skips, green, instead of failing on empty marts. The ingest runs'
    raw Assets may start an Asset-triggered transform as well, which skips the same way. The night below
    then starts on a settled Airflow, as a deployment's second night would."""
    live_airflow.wait_for_dags(ALL_DAGS)
    first = live_airflow.wait_until_idle(ALL_DAGS, expected_runs=len(INGEST_DAGS) + 1)
    ingest = [r for r in first if r["dag_id"] in INGEST_DAGS]
    assert sorted(r["dag_id"] for r in ingest) == INGEST_DAGS and all(r["run_type"] == "scheduled" for r in ingest)
    transforms = [r for r in first if r["dag_id"] == "transform_and_publish"]
    assert [r["run_type"] for r in transforms].count("scheduled") == 1, transforms
    assert {r["run_type"] for r in transforms} <= {"scheduled", "asset_triggered"}, transforms
    assert len(first) == len(ingest) + len(transforms), "nothing published, so no report"
    assert all(r["state"] == "success" for r in first), first
    for transform in transforms:
        tasks = {
            ti["task_id"]: ti["state"]
            for ti in live_airflow.task_instances("transform_and_publish", transform["dag_run_id"])
        }
        assert tasks["has_work"] == "success" and tasks["dbt.dbt_producer_watcher"] == "skipped", tasks


def test_one_night_runs_ingest_transform_gate_publish_report(live_airflow, scheduler_landing):
    live_airflow.wait_for_dags(ALL_DAGS)
    night = SCHED_DAYS[0]
    published_before = _publications()
    result = live_airflow.run_night(night, INGEST_DAGS)
    for dag_id, run in result.ingest.items():
        assert run["state"] == "success", (dag_id, live_airflow.failed_tasks(dag_id, run["dag_run_id"]))
        assert _moment(run["start_date"]) >= result.started, "a true start date, not the logical date"

    transform = result.transform
    assert transform["state"] == "success", live_airflow.failed_tasks("transform_and_publish", transform["dag_run_id"])
    assert transform["run_type"] == "asset_triggered"
    assert result.report is not None and result.report["state"] == "success"
    assert _publications() > published_before

    for feed in ("victim_identifications", "victim_services"):
        read, accounted = _raw_rows(feed, night)
        assert read > 0 and read == accounted, feed
    counts = _reporting_digest()
    assert counts and all(rows > 0 for rows, _ in counts.values())


def test_a_ui_backfill_of_one_feed_reaches_reporting(live_airflow, scheduler_landing):
    """Two council days of one feed, entered as the UI takes them (UTC), end in a new `reporting`."""
    from pillars.orchestration.backfill_dates import ui_backfill_window

    live_airflow.wait_for_dags(ALL_DAGS)
    first, last = SCHED_DAYS[1], SCHED_DAYS[2]
    before = _reporting_digest()
    published_before = _publications()
    started = datetime.now(UTC)
    window = ui_backfill_window(first, last)
    backfill = live_airflow.backfill("ingest_victim_identifications", *window)

    runs = live_airflow.wait_for_backfill(backfill["id"], "ingest_victim_identifications")
    time.sleep(10)
    assert len(runs) == 2, [r["logical_date"] for r in runs]
    assert all(r["state"] == "success" for r in runs)
    transform = live_airflow.wait_for_new_run("transform_and_publish", started)
    assert transform["state"] == "success"
    assert _publications() > published_before
    for day in (first, last):
        read, accounted = _raw_rows("victim_identifications", day)
        assert read > 0 and read == accounted, day
        assert _raw_rows("intelligence_referrals", day) == (0, 0), "only the backfilled feed was loaded"
    assert _reporting_digest() != before
