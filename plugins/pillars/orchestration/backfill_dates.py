"""How a backfill's dates in the Airflow UI map to council-time partitions.

A nightly ingest run loads the council day its logical date falls on, and runs at 23:30 council time
(``policy.NIGHTLY_INGEST_CRON``), which is already the next day in UTC. The UI's backfill form takes UTC
times, so the window for council days ``first``..``last`` is from the start of ``first`` to the end of
``last``, both in council time, written in UTC: every 23:30 run in between, and no other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pillars import settings


def ui_backfill_window(first: date, last: date) -> tuple[datetime, datetime]:
    """(from, to) in UTC for a UI (or ``POST /api/v2/backfills``) backfill of council days first..last."""
    zone = ZoneInfo(settings.council_timezone())
    start = datetime.combine(first, time(0, 0), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(0, 0), tzinfo=zone) - timedelta(minutes=1)
    return start.astimezone(UTC), end.astimezone(UTC)
