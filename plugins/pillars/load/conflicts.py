"""Two deliveries of one partner, feed and date that share natural keys: which row stands, and who is told.

The rule (docs/contracts.md, "Two files for one date"): **the later-loaded delivery wins each shared key.**
"Later" is the ledger's order, ``ops.batches.started_at``: the load transaction's time, which is also every
raw row's ``_loaded_at``, the order staging already ranks the rows of one date by -- so the ledger's count
and what staging reads cannot disagree. Within one run files load in name order (the landing partition is
listed sorted), across runs in arrival order: a file dropped after another is taken as its correction.
File modification times were not chosen: a copy or a restore from backup rewrites them, the ledger does not.

The earlier delivery's losing rows stay in ``raw`` -- a later file that is withdrawn, replaced or rejected
then gives them back without reloading anything -- but staging never reads them. The ledger counts them in
``rows_superseded`` (a part of ``rows_loaded``: they were loaded, so rows_read = rows_loaded +
rows_quarantined still holds), and every new conflict raises an alert naming both files.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import psycopg
from psycopg import sql

from pillars.feeds.declarations.contract import get_contract


@dataclass(frozen=True)
class Conflict:
    """One earlier delivery with rows a later delivery of the same date supersedes."""

    batch_id: uuid.UUID
    source_file: str
    rows_superseded: int
    superseded_by: tuple[str, ...]

    def describe(self, partner_id: str, feed: str, logical_date: date) -> str:
        return (
            f"partner {partner_id}, feed {feed}, {logical_date}: {self.rows_superseded} row(s) of {self.source_file}"
            f" share their natural key with a later delivery of the same date ({', '.join(self.superseded_by)});"
            " the later rows are the current ones (rule: docs/contracts.md, 'Two files for one date')"
        )


def recount(conn: psycopg.Connection, partner_id: str, feed: str, logical_date: date) -> list[Conflict]:
    """Recount ``rows_superseded`` for the gated batches of one partition; returns the batches whose count
    rose (a conflict nobody has been told about yet). Idempotent: a second call finds nothing new."""
    contract = get_contract(feed)
    params = {"partner": partner_id, "feed": feed, "day": logical_date}
    gated = conn.execute(
        "select count(*) from ops.batches where partner_id = %(partner)s and feed = %(feed)s"
        " and logical_date = %(day)s and status = 'gated'",
        params,
    ).fetchone()[0]
    if not contract.natural_key or gated < 2:
        # Nothing can conflict; a count left from a later file that has since gone is cleared.
        conn.execute(
            "update ops.batches set rows_superseded = 0 where partner_id = %(partner)s and feed = %(feed)s"
            " and logical_date = %(day)s and rows_superseded <> 0",
            params,
        )
        return []
    same_key = sql.SQL(" and ").join(
        sql.SQL("later_row.{k} = row.{k}").format(k=sql.Identifier(k)) for k in contract.natural_key
    )
    changed = conn.execute(
        sql.SQL(
            """
            with batch as (
                select batch_id, started_at, source_file, rows_superseded as before from ops.batches
                where partner_id = %(partner)s and feed = %(feed)s and logical_date = %(day)s and status = 'gated'
            ),
            superseded as (
                select row._batch_id as batch_id, count(*) as rows_superseded
                from {table} as row inner join batch on row._batch_id = batch.batch_id
                where exists (
                    select from {table} as later_row
                    inner join batch as later on later_row._batch_id = later.batch_id
                    where (later.started_at, later.batch_id) > (batch.started_at, batch.batch_id) and {same_key}
                )
                group by row._batch_id
            ),
            counted as (
                select batch.batch_id, batch.before, coalesce(superseded.rows_superseded, 0) as rows_superseded
                from batch left join superseded using (batch_id)
            ),
            updated as (
                update ops.batches as ledger set rows_superseded = counted.rows_superseded
                from counted
                where ledger.batch_id = counted.batch_id and ledger.rows_superseded <> counted.rows_superseded
                returning ledger.batch_id, ledger.source_file, ledger.started_at, ledger.rows_superseded,
                    counted.rows_superseded > counted.before as rose
            )
            select updated.batch_id, updated.source_file, updated.rows_superseded,
                array(select batch.source_file from batch
                      where (batch.started_at, batch.batch_id) > (updated.started_at, updated.batch_id)
                      order by batch.started_at)
            from updated where updated.rose
            order by updated.started_at
            """
        ).format(table=sql.Identifier("raw", feed), same_key=same_key),
        params,
    ).fetchall()
    return [Conflict(batch_id, source, int(n), tuple(later)) for batch_id, source, n, later in changed]
