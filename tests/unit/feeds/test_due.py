"""Due dates from the registry's cadences: the same periods the partner scorecard counts."""

from __future__ import annotations

from datetime import date

import pytest

from pillars.feeds.declarations.due import DuePeriod, period_containing, period_due_on


@pytest.mark.parametrize(
    ("cadence", "day", "period"),
    [
        ("daily", date(2026, 5, 6), (date(2026, 5, 6), date(2026, 5, 6))),
        ("weekly", date(2026, 5, 6), (date(2026, 5, 4), date(2026, 5, 10))),
        ("monthly", date(2026, 12, 31), (date(2026, 12, 1), date(2026, 12, 31))),
        ("quarterly", date(2026, 11, 2), (date(2026, 10, 1), date(2026, 12, 31))),
        ("quarterly", date(2026, 2, 28), (date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_period_containing(cadence, day, period):
    assert period_containing(cadence, day) == period


def test_a_period_falls_due_the_night_after_it_ends():
    assert period_due_on("daily", date(2026, 5, 5)) == (date(2026, 5, 4), date(2026, 5, 4))
    assert period_due_on("weekly", date(2026, 5, 11)) == (date(2026, 5, 4), date(2026, 5, 10))
    assert period_due_on("weekly", date(2026, 5, 12)) is None
    assert period_due_on("monthly", date(2026, 6, 1)) == (date(2026, 5, 1), date(2026, 5, 31))
    assert period_due_on("monthly", date(2026, 6, 2)) is None
    assert period_due_on("quarterly", date(2026, 7, 1)) == (date(2026, 4, 1), date(2026, 6, 30))


def test_an_unknown_cadence_is_an_error():
    with pytest.raises(ValueError, match="fortnightly"):
        period_containing("fortnightly", date(2026, 5, 4))


def test_the_alert_names_partner_feed_and_period():
    text = DuePeriod("tx_dps", "victim_identifications", "weekly", date(2026, 5, 4), date(2026, 5, 10)).describe()
    assert text.startswith("partner tx_dps, feed victim_identifications: the weekly delivery for 2026-05-04 .. ")
    assert "night of 2026-05-11" in text
