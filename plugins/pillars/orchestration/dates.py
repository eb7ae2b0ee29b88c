"""The partition a DAG run works on: its logical date, as a calendar date in the council's time zone.

Nightly runs are scheduled at 23:30 council time, so a run's logical date falls on the day whose partner
deliveries it loads; a backfill over a range gets one run per day. Asset-triggered runs have no logical
date and use the date they were queued for.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pillars import settings


def partition_date(context: dict[str, Any]) -> date:
    moment: datetime | None = context.get("logical_date") or getattr(context.get("dag_run"), "run_after", None)
    if moment is None:
        raise ValueError("this run has neither a logical date nor a run_after")
    return moment.astimezone(ZoneInfo(settings.council_timezone())).date()
