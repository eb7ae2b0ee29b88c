"""A due delivery that has not arrived, read from the real ledger (rows added in a rolled-back transaction)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from pillars.feeds.declarations.due import missed_delivery
from pillars.warehouse.connect import connect

pytestmark = pytest.mark.integration

PARTNER, FEED = "tx_dps", "victim_identifications"


def _batch(conn, day: date, status: str = "loaded", partner: str = PARTNER) -> None:
    conn.execute(
        "insert into ops.batches (batch_id, partner_id, feed, logical_date, source_file, checksum, status)"
        " values (%s, %s, %s, %s, 'f.csv', %s, %s)",
        (uuid.uuid4(), partner, FEED, day, uuid.uuid4().hex, status),
    )


@pytest.fixture
def ledger(warehouse):
    with connect() as conn:
        conn.execute("delete from ops.batches where logical_date < '2000-01-01'")  # only ever our own rows
        yield conn
        conn.rollback()


def test_a_daily_delivery_missing_the_night_after_is_reported(ledger):
    _batch(ledger, date(1999, 3, 1), partner="houston_pd")  # the ledger's first night
    missed = missed_delivery(PARTNER, FEED, "daily", date(1999, 3, 3), ledger)
    assert missed is not None and (missed.start, missed.end) == (date(1999, 3, 2), date(1999, 3, 2))
    assert "partner tx_dps, feed victim_identifications" in missed.describe()


def test_an_arrived_or_not_yet_due_delivery_is_not_reported(ledger):
    _batch(ledger, date(1999, 3, 1), partner="houston_pd")
    _batch(ledger, date(1999, 3, 2))
    assert missed_delivery(PARTNER, FEED, "daily", date(1999, 3, 3), ledger) is None
    assert missed_delivery(PARTNER, FEED, "weekly", date(1999, 3, 3), ledger) is None  # a Wednesday


def test_a_rejected_delivery_does_not_count_as_arrived(ledger):
    _batch(ledger, date(1999, 3, 1), partner="houston_pd")
    _batch(ledger, date(1999, 3, 2), status="rejected")
    assert missed_delivery(PARTNER, FEED, "daily", date(1999, 3, 3), ledger) is not None


def test_nothing_is_due_before_the_ledger_began(ledger):
    _batch(ledger, date(1999, 3, 5), partner="houston_pd")
    assert missed_delivery(PARTNER, FEED, "daily", date(1999, 3, 3), ledger) is None
