"""Ingest a logical date: every partner delivery in the landing partitions of that date, feed by feed.

The landing partition ``<landing>/<partner>/<feed>/<date>/`` is the truth for that date: every file in it is
loaded (or found unchanged), and when a partition holds files, batches of files no longer there are
superseded — so re-running a date after a partner withdrew or renamed a file gives the warehouse that
partition describes. An empty or missing partition changes nothing (a late partner shows in the ledger).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pillars.errors import PillarsError
from pillars.feeds.registry import PartnerFeed, partner_feeds
from pillars.load import ledger
from pillars.load.loader import ConnectionLostError, load_file, source_name
from pillars.privacy.retention import purged_sources
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect


@dataclass
class PartitionResult:
    partner_id: str
    feed: str
    logical_date: date
    batches: list[ledger.BatchResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    withdrawn: int = 0
    gated_dates: set[date] = field(default_factory=set)  # partitions whose batches the gate let in


def partition_files(partner_feed: PartnerFeed, logical_date: date) -> list[Path]:
    from pillars.extract.filedrop import list_deliveries

    return list_deliveries(partner_feed.partner_id, partner_feed.feed, logical_date)


def ingest_partition(partner_feed: PartnerFeed, logical_date: date) -> PartitionResult:
    """Load every file of one partner's feed for one date; file errors are collected, not raised."""
    result = PartitionResult(partner_feed.partner_id, partner_feed.feed, logical_date)
    files = partition_files(partner_feed, logical_date)
    if not files:
        return result
    with connect(credentials.LOADER_ROLE) as conn:
        for path in files:
            try:
                result.batches.append(
                    load_file(partner_feed.partner_id, partner_feed.feed, logical_date, path, conn=conn)
                )
            except ConnectionLostError:
                raise  # the connection is dead: the partition's other files cannot be loaded on it
            except PillarsError as exc:
                result.errors.append(str(exc))
        present = {source_name(path) for path in files}
        with conn.transaction():
            # a file retention deleted is not a file the partner withdrew: its batch stays current
            present |= purged_sources(conn, partner_feed.partner_id, partner_feed.feed, logical_date)
            for batch_id, source_file, _, _ in ledger.current_batches(
                conn, partner_feed.partner_id, partner_feed.feed, logical_date
            ):
                if source_file not in present:
                    ledger.supersede(conn, partner_feed.feed, batch_id, None)
                    result.withdrawn += 1
    return result


def select_partner_feeds(feed: str | None = None, partner_id: str | None = None) -> list[PartnerFeed]:
    """The registry's partner feeds, optionally one feed's or one partner's; none matching is an error."""
    selected = [pf for pf in partner_feeds(feed) if partner_id is None or pf.partner_id == partner_id]
    if not selected:
        raise PillarsError(f"no partner feed matches feed={feed or 'any'} partner={partner_id or 'any'}")
    return selected
