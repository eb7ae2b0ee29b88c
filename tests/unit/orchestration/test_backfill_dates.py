"""The UI's backfill dates (UTC) for council-day partitions: every 23:30 council-time run inside, no other."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from croniter import croniter

from pillars.orchestration.backfill_dates import ui_backfill_window
from pillars.orchestration.policy import NIGHTLY_INGEST_CRON, council_tz


def _nightly_runs_between(start: datetime, end: datetime) -> list[date]:
    """Council days whose 23:30 council-time run falls in [start, end]."""
    zone = council_tz()
    moment = croniter(NIGHTLY_INGEST_CRON, (start - timedelta(days=2)).astimezone(zone))
    days = []
    while (run := moment.get_next(datetime)) <= end:
        if run >= start:
            days.append(run.astimezone(zone).date())
    return days


def test_the_window_holds_exactly_the_council_days_asked_for():
    for first, last in [(date(2026, 11, 2), date(2026, 11, 3)), (date(2026, 3, 7), date(2026, 3, 9))]:
        start, end = ui_backfill_window(first, last)
        assert start.tzinfo == UTC and end.tzinfo == UTC
        expected = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        assert _nightly_runs_between(start, end) == expected


def test_the_readme_example():
    assert ui_backfill_window(date(2026, 11, 2), date(2026, 11, 3)) == (
        datetime(2026, 11, 2, 6, 0, tzinfo=UTC),
        datetime(2026, 11, 4, 5, 59, tzinfo=UTC),
    )
