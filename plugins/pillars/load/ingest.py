"""Ingest a logical date: every partner delivery in the landing partitions of that date, feed by feed.

The landing partition ``<landing>/<partner>/<feed>/<date>/`` is the truth for that date: every file in it is
loaded (or found unchanged), and when a partition holds files, batches of files no longer there are
superseded — so re-running a date after a partner withdrew or renamed a file gives the warehouse that
partition describes. An empty or missing partition changes nothing (a late partner shows in the ledger).
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date

from pillars.errors import PillarsError
from pillars.extract.filedrop import Partition
from pillars.feeds.declarations.registry import PartnerFeed, partner_feeds
from pillars.load import failures, ledger
from pillars.load.loader import ConnectionLostError, load_file, source_name
from pillars.privacy.retention import purged_sources
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

log = logging.getLogger("pillars.ingest")


@dataclass
class PartitionResult:
    partner_id: str
    feed: str
    logical_date: date
    batches: list[ledger.BatchResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    withdrawn: int = 0
    gated_dates: set[date] = field(default_factory=set)  # partitions whose batches the gate let in


def partition_files(partner_feed: PartnerFeed, logical_date: date) -> Partition:
    from pillars.extract.filedrop import scan_partition

    return scan_partition(partner_feed.partner_id, partner_feed.feed, logical_date)


def ingest_partition(partner_feed: PartnerFeed, logical_date: date) -> PartitionResult:
    """Load every file of one partner's feed for one date; a file that fails is recorded (ledger row,
    alert) and collected in ``errors``, never raised, so the files beside it still load."""
    partner_id, feed = partner_feed.partner_id, partner_feed.feed
    result = PartitionResult(partner_id, feed, logical_date)
    found = partition_files(partner_feed, logical_date)
    refused = set()
    for name, reason in found.refused:
        source = f"{partner_id}/{feed}/{logical_date.isoformat()}/{_printable(name)}"
        refused.add(source)
        result.errors.append(failures.record(partner_id, feed, logical_date, source, reason, status="rejected"))
    if not found.files:
        return result
    with ExitStack() as connections:
        conn = connections.enter_context(connect(credentials.LOADER_ROLE))
        for path in found.files:
            if conn.broken:  # a lost connection fails one file, not the ones after it
                conn = connections.enter_context(connect(credentials.LOADER_ROLE))
            try:
                result.batches.append(load_file(partner_id, feed, logical_date, path, conn=conn))
            except ConnectionLostError:
                raise  # the connection is dead: the partition's other files cannot be loaded on it
            except PillarsError as exc:  # the file was read and recorded as rejected or failed
                result.errors.append(str(exc))
                failures.alert(partner_id, feed, logical_date, str(exc))
            except Exception as exc:
                log.error("partner %s, feed %s, file %s: load failed", partner_id, feed, path, exc_info=True)
                if not conn.broken:
                    conn.rollback()  # an aborted transaction would fail every file after this one
                reason = f"partner {partner_id}, feed {feed}, file {path.name}: {failures.one_line(exc)}"
                result.errors.append(failures.record(partner_id, feed, logical_date, source_name(path), reason))
        if conn.broken:
            conn = connections.enter_context(connect(credentials.LOADER_ROLE))
        present = {source_name(path) for path in found.files} | refused
        with conn.transaction():
            # a file retention deleted is not a file the partner withdrew: its batch stays current
            present |= purged_sources(conn, partner_id, feed, logical_date)
            for batch_id, source_file, _, _ in ledger.current_batches(conn, partner_id, feed, logical_date):
                if source_file not in present:
                    ledger.supersede(conn, feed, batch_id, None)
                    result.withdrawn += 1
    return result


def _printable(name: str) -> str:
    """A file name as the ledger may show it: control characters escaped, never a line break."""
    return name.encode("unicode_escape").decode("ascii")


def select_partner_feeds(feed: str | None = None, partner_id: str | None = None) -> list[PartnerFeed]:
    """The registry's partner feeds, optionally one feed's or one partner's; none matching is an error."""
    selected = [pf for pf in partner_feeds(feed) if partner_id is None or pf.partner_id == partner_id]
    if not selected:
        raise PillarsError(f"no partner feed matches feed={feed or 'any'} partner={partner_id or 'any'}")
    return selected
