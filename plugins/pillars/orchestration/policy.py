"""The operating policy every Pillars DAG shares: owner, retries with backoff, timeouts, alerts, pool.

Tests in ``tests/dags`` assert that each DAG and task carries it, so a new DAG cannot quietly opt out.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pendulum

from pillars import settings
from pillars.orchestration import alerts

OWNER = "pillars-data-engineering"
WAREHOUSE_WRITERS_POOL = "warehouse_writers"
WAREHOUSE_WRITERS_SLOTS = 4
NIGHTLY_INGEST_CRON = "30 23 * * *"  # council time: after the day's partner drops
NIGHTLY_TRANSFORM_CRON = "0 3 * * *"  # council time: whatever has arrived by then is transformed
INGEST_DEADLINE = timedelta(hours=4)  # after 23:30: a 03:30 alert if loading is stuck
TRANSFORM_DEADLINE = timedelta(hours=3)  # after 03:00: the report should be out by 06:00
START_DATE = pendulum.datetime(2026, 1, 1, tz=settings.council_timezone())


def retry_delay() -> timedelta:
    """First retry delay (doubling up to 30 minutes); ``PILLARS_RETRY_DELAY_SECONDS`` shortens it for tests."""
    return timedelta(seconds=int(os.environ.get("PILLARS_RETRY_DELAY_SECONDS", "60")))


def default_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "owner": OWNER,
        "retries": 3,
        "retry_delay": retry_delay(),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=30),
        "execution_timeout": timedelta(minutes=45),
        "on_failure_callback": alerts.on_task_failure,
    }
    args.update(overrides)
    return args


def council_tz() -> Any:
    """Airflow serialises only pendulum time zones."""
    return pendulum.timezone(settings.council_timezone())


def deadline_alert(after: timedelta, message: str) -> Any:
    """Alert when a run has not finished ``after`` its logical date (Airflow 3 deadline alerts)."""
    from airflow.sdk import AsyncCallback, DeadlineAlert, DeadlineReference

    return DeadlineAlert(
        reference=DeadlineReference.DAGRUN_LOGICAL_DATE,
        interval=after,
        callback=AsyncCallback(alerts.on_deadline_missed_async, kwargs={"message": message}),
    )
