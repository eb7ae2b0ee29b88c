"""One partner's nightly work for one date: fetch (API feeds), load, then the raw-layer quality gate.

This is what an ingest DAG's mapped task and ``pillars ingest`` share, so the CLI and Airflow behave alike.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pillars.errors import PillarsError
from pillars.feeds.registry import PartnerFeed, get_partner
from pillars.load import failures
from pillars.load.ingest import PartitionResult, ingest_partition
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

log = logging.getLogger("pillars.ingest")


@dataclass
class PartnerOutcome:
    partition: PartitionResult
    problems: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        batches = self.partition.batches
        return {
            "partner_id": self.partition.partner_id,
            "feed": self.partition.feed,
            "logical_date": self.partition.logical_date.isoformat(),
            "files": len(batches),
            "rows_read": sum(b.rows_read for b in batches),
            "rows_loaded": sum(b.rows_loaded for b in batches if b.status != "rejected"),
            "rows_quarantined": sum(b.rows_quarantined for b in batches),
            "statuses": sorted({b.status for b in batches}),
            "problems": self.problems,
        }


def partner_feed(feed: str, partner_id: str) -> PartnerFeed:
    item = get_partner(partner_id).feed(feed)
    if item is None:
        raise PillarsError(f"partner {partner_id} does not send feed {feed} (see feeds/partners.yml)")
    return item


def fetch_api_window(item: PartnerFeed, day: date) -> str | None:
    """API feeds: write the day's window to the landing partition, where the loader picks it up.

    A fetch that fails (the partner's API down, a bad page) is recorded as a failed delivery and alerted,
    and its one-line reason returned: the partition's files -- an earlier fetch of the window, or files the
    partner dropped -- still load, and the other partners and feeds of the run go on."""
    from pillars.extract.http import fetch_window_to_landing, window_file_name

    try:
        fetch_window_to_landing(item, day)
    except Exception as exc:
        if not isinstance(exc, PillarsError):
            log.error("partner %s, feed %s: API fetch failed", item.partner_id, item.feed, exc_info=True)
        source = f"{item.partner_id}/{item.feed}/{day.isoformat()}/{window_file_name(day)}"
        reason = f"partner {item.partner_id}, feed {item.feed}: API window not fetched: {failures.one_line(exc)}"
        return failures.record(item.partner_id, item.feed, day, source, reason, marker="fetch-failed")
    return None


def gate_new_batches(partition: PartitionResult) -> list[str]:
    """Run the raw-layer suite on batches loaded by this run; a hard failure rejects that batch."""
    from pillars.quality.raw_gate import check_batch

    problems = []
    for batch in partition.batches:
        if batch.status != "loaded":
            continue
        result = check_batch(partition.feed, batch.batch_id)
        if not result.success:
            batch.status = "rejected"
            problems.append(f"{batch.source_file}: rejected by the raw quality gate: {result.describe()}")
    return problems


def load_partner_for_date(feed: str, partner_id: str, day: date) -> PartnerOutcome:
    item = partner_feed(feed, partner_id)
    fetch_problem = fetch_api_window(item, day) if item.transport == "http" else None
    partition = ingest_partition(item, day)
    outcome = PartnerOutcome(partition, problems=[fetch_problem] if fetch_problem else [])
    outcome.problems += partition.errors
    outcome.problems += gate_new_batches(partition)
    return outcome


def feed_totals(feed: str, day: date) -> dict[str, int]:
    """What the ledger holds for a feed and date, across partners (the Asset event's summary)."""
    with connect(credentials.LOADER_ROLE) as conn:
        row = conn.execute(
            "select count(*) filter (where status = 'loaded'), count(*) filter (where status = 'rejected'),"
            " coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0),"
            " coalesce(sum(rows_quarantined) filter (where status in ('loaded', 'rejected')), 0)"
            " from ops.batches where feed = %s and logical_date = %s",
            (feed, day),
        ).fetchone()
    return {
        "batches_loaded": row[0],
        "batches_rejected": row[1],
        "rows_loaded": int(row[2]),
        "rows_quarantined": int(row[3]),
    }
