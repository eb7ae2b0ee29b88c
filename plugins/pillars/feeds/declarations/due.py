"""When a partner's delivery is due, from the cadence the registry gives it (``feeds/declarations/partners.yml``).

The periods are the partner scorecard's (``fct_partner_delivery_periods``): a daily partner owes one delivery
a day, a weekly one a week (Monday to Sunday), a monthly one a month, a quarterly one a calendar quarter, and
each period's delivery is due by the night after the period ends. So the ingest run of night D checks the
period that ended on D - 1. A period before the ledger's first night is not checked: the ledger cannot know
what happened before it began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ACCEPTED = ("loaded", "gated", "replaced")


@dataclass(frozen=True)
class DuePeriod:
    partner_id: str
    feed: str
    cadence: str
    start: date
    end: date

    def describe(self) -> str:
        span = self.start.isoformat() if self.start == self.end else f"{self.start} .. {self.end}"
        return (
            f"partner {self.partner_id}, feed {self.feed}: the {self.cadence} delivery for {span} was due by the "
            f"night of {self.end + timedelta(days=1)} and has not arrived"
        )


def period_containing(cadence: str, day: date) -> tuple[date, date]:
    """(first, last) day of the ``cadence`` period that contains ``day``."""
    if cadence == "daily":
        return day, day
    if cadence == "weekly":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if cadence in ("monthly", "quarterly"):
        months = 1 if cadence == "monthly" else 3
        first_month = day.month if months == 1 else 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first_month, 1)
        year, month = divmod(first_month - 1 + months, 12)
        return start, date(start.year + year, month + 1, 1) - timedelta(days=1)
    raise ValueError(f"unknown cadence {cadence!r}")


def period_due_on(cadence: str, night: date) -> tuple[date, date] | None:
    """The period whose delivery falls due on ``night`` (it ended the day before), if any."""
    start, end = period_containing(cadence, night - timedelta(days=1))
    return (start, end) if end == night - timedelta(days=1) else None


def missed_delivery(partner_id: str, feed: str, cadence: str, night: date, conn: object) -> DuePeriod | None:
    """The period due on ``night`` for which the ledger holds no accepted batch, or None.

    ``conn`` is a warehouse connection that can read ``ops.batches``.
    """
    period = period_due_on(cadence, night)
    if period is None:
        return None
    start, end = period
    first_night, received = conn.execute(  # type: ignore[attr-defined]
        "select (select min(logical_date) from ops.batches),"
        " exists(select 1 from ops.batches where partner_id = %s and feed = %s"
        " and logical_date between %s and %s and status = any(%s))",
        (partner_id, feed, start, end, list(ACCEPTED)),
    ).fetchone()
    if received or first_night is None or start < first_night:
        return None
    return DuePeriod(partner_id, feed, cadence, start, end)
