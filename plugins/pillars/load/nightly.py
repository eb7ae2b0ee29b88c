"""One partner's nightly work for one date: fetch (API feeds), load, then the raw-layer quality gate.

This is what an ingest DAG's mapped task and ``pillars ingest`` share, so the CLI and Airflow behave alike.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg
from psycopg import sql

from pillars.errors import PillarsError
from pillars.feeds.declarations.registry import PartnerFeed, get_partner
from pillars.load import failures, ledger
from pillars.load.ingest import PartitionResult, ingest_partition
from pillars.load.loader import ConnectionLostError, first_line
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

log = logging.getLogger("pillars.ingest")


@dataclass
class PartnerOutcome:
    partition: PartitionResult
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # not failures: e.g. a later delivery superseding rows

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
        raise PillarsError(f"partner {partner_id} does not send feed {feed} (see feeds/declarations/partners.yml)")
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
    """Gate every batch of this partner's feed left ``loaded``: this run's loads, and any a run that died
    between a load's commit and its gate left behind (whatever its date), before the run reports anything
    "unchanged". A pass makes the batch ``gated`` (visible), a hard failure rejects it. Returns problems."""
    from pillars.quality.raw_gate import check_batch

    problems: list[str] = []
    results = {batch.batch_id: batch for batch in partition.batches}
    settled: set[uuid.UUID] = set()
    with connect(credentials.LOADER_ROLE, autocommit=True) as conn:
        pending = ledger.pending_batches(conn, partition.partner_id, partition.feed)
        if pending:
            # Fresh statistics first: a batch large against what the planner last saw of the table (a big
            # delivery into a young table) is otherwise estimated at a row or two, and the gate's grouped
            # uniqueness check becomes a nested loop over the batch -- minutes for 50,000 rows instead of
            # a second. ANALYZE samples a fixed number of rows, so it costs well under a second.
            conn.execute(sql.SQL("analyze {}").format(sql.Identifier("raw", partition.feed)))
        for batch_id in pending:
            with _gate_lock(conn, batch_id):
                row = conn.execute(
                    "select status, source_file, logical_date from ops.batches where batch_id = %s", (batch_id,)
                ).fetchone()
                if row is None or row[0] != "loaded":
                    continue  # a concurrent run gated, rejected or replaced it meanwhile
                result = check_batch(partition.feed, batch_id, index_on_pass=False)
            source_file, logical_date = row[1], row[2]
            partition.gated_dates.add(logical_date)
            settled.add(batch_id)
            if not result.success:
                problems.append(f"{source_file}: rejected by the raw quality gate: {result.describe()}")
        # What the ledger now says of this run's loads (whichever run gated them) and of the batches this run
        # gated for a crashed one (found "unchanged" by the loader, "gated" now).
        for batch_id, status in conn.execute(
            "select batch_id, status from ops.batches where batch_id = any(%s)",
            ([b.batch_id for b in partition.batches if b.status == "loaded" or b.batch_id in settled],),
        ).fetchall():
            results[batch_id].status = status
    return problems


@contextmanager
def _gate_lock(conn: psycopg.Connection, batch_id: uuid.UUID) -> Iterator[None]:
    """One gate per batch at a time: two runs of one partition (a retry racing a late run) check it once."""
    key = f"gate|{batch_id}"
    conn.execute("select pg_advisory_lock(hashtext(%s))", (key,))
    try:
        yield
    finally:
        conn.execute("select pg_advisory_unlock(hashtext(%s))", (key,))


def report_conflicts(partner_id: str, feed: str, days: set[date]) -> list[str]:
    """Recount, per date, the rows a later delivery of the same date supersedes; alert on each new one."""
    from pillars.load.conflicts import recount
    from pillars.orchestration.alerts import Alert, send

    notices = []
    with connect(credentials.LOADER_ROLE) as conn:
        for day in sorted(days):
            with conn.transaction():
                conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"{partner_id}|{feed}|{day}",))
                conflicts = recount(conn, partner_id, feed, day)
            for conflict in conflicts:
                message = conflict.describe(partner_id, feed, day)
                send(Alert("quality", f"ingest_{feed}", "conflicting_deliveries", None, day.isoformat(), message))
                notices.append(message)
    return notices


def load_partner_for_date(feed: str, partner_id: str, day: date) -> PartnerOutcome:
    item = partner_feed(feed, partner_id)
    fetch_problem = fetch_api_window(item, day) if item.transport == "http" else None
    fetched = [fetch_problem] if fetch_problem else []
    try:
        partition = ingest_partition(item, day)
        outcome = PartnerOutcome(partition, problems=fetched + list(partition.errors))
        outcome.problems += gate_new_batches(partition)
        outcome.notices = report_conflicts(partner_id, feed, partition.gated_dates | {day})
    except ConnectionLostError as exc:
        return PartnerOutcome(PartitionResult(partner_id, feed, day), problems=[*fetched, str(exc)])
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        lost = f"partner {partner_id}, feed {feed}, {day}: the warehouse connection was lost ({first_line(exc)})"
        return PartnerOutcome(PartitionResult(partner_id, feed, day), problems=[*fetched, lost + "; re-run the date"])
    return outcome


def feed_totals(feed: str, day: date) -> dict[str, int]:
    """What the ledger holds for a feed and date, across partners (the Asset event's summary): gated
    batches are the visible ones; a batch still ``loaded`` awaits its gate and is not counted yet."""
    with connect(credentials.LOADER_ROLE) as conn:
        row = conn.execute(
            "select count(*) filter (where status = 'gated'), count(*) filter (where status = 'rejected'),"
            " coalesce(sum(rows_loaded) filter (where status = 'gated'), 0),"
            " coalesce(sum(rows_quarantined) filter (where status in ('gated', 'rejected')), 0)"
            " from ops.batches where feed = %s and logical_date = %s",
            (feed, day),
        ).fetchone()
    return {
        "batches_loaded": row[0],
        "batches_rejected": row[1],
        "rows_loaded": int(row[2]),
        "rows_quarantined": int(row[3]),
    }
