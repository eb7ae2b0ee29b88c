"""The ``ops.batches`` ledger: what each delivery was, and whether its rows are the current ones.

A batch is one delivered file (or one API window written as a file) for a partner, feed and logical date.
Its id is derived from those facts and the file's checksum, so rebuilding the warehouse from the same
landing folder gives the same ids. Invariant for every batch: rows_read = rows_loaded + rows_quarantined.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import psycopg

BATCH_NAMESPACE = uuid.UUID("6f1c3a52-7d0e-4c1b-9a55-2b8e0c6f4d11")


def batch_id_for(partner_id: str, feed: str, logical_date: date, source_file: str, checksum: str) -> uuid.UUID:
    return uuid.uuid5(BATCH_NAMESPACE, f"{partner_id}|{feed}|{logical_date.isoformat()}|{source_file}|{checksum}")


@dataclass
class BatchResult:
    """The outcome of one delivery, as the ledger records it."""

    batch_id: uuid.UUID
    partner_id: str
    feed: str
    logical_date: date
    source_file: str
    status: str  # loaded | unchanged | rejected
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    reason: str | None = None
    replaced: list[uuid.UUID] = field(default_factory=list)
    unknown_columns: dict[str, int] = field(default_factory=dict)  # schema drift: name -> non-empty cells

    def summary(self) -> str:
        text = (
            f"{self.partner_id}/{self.feed} {self.logical_date} {self.source_file}: {self.status}, "
            f"read {self.rows_read}, loaded {self.rows_loaded}, quarantined {self.rows_quarantined}"
        )
        if self.replaced:
            text += f", replaced {len(self.replaced)} earlier batch(es)"
        if self.unknown_columns:
            text += ", unknown column(s) not stored: " + ", ".join(self.unknown_columns)
        if self.reason:
            text += f" ({self.reason})"
        return text


def current_batches(
    conn: psycopg.Connection, partner_id: str, feed: str, logical_date: date
) -> list[tuple[uuid.UUID, str, str, str]]:
    """(batch_id, source_file, checksum, status) of the batches that stand for this partition now."""
    return conn.execute(
        "select batch_id, source_file, checksum, status from ops.batches"
        " where partner_id = %s and feed = %s and logical_date = %s and status in ('loaded', 'rejected')",
        (partner_id, feed, logical_date),
    ).fetchall()


def supersede(conn: psycopg.Connection, feed: str, old: uuid.UUID, new: uuid.UUID | None) -> None:
    """Remove an earlier batch's rows from raw and quarantine and mark it replaced (same transaction)."""
    conn.execute(f'delete from raw."{feed}" where _batch_id = %s', (old,))
    conn.execute("delete from quarantine.rejected_rows where batch_id = %s", (old,))
    conn.execute(
        "update ops.batches set status = 'replaced', replaced_by = %s, finished_at = coalesce(finished_at, now())"
        " where batch_id = %s",
        (new, old),
    )


def forget(conn: psycopg.Connection, batch_id: uuid.UUID) -> None:
    """Drop a replaced ledger row whose exact content is being delivered again (A, then B, then A)."""
    conn.execute("update ops.batches set replaced_by = null where replaced_by = %s", (batch_id,))
    conn.execute("delete from quarantine.rejected_rows where batch_id = %s", (batch_id,))
    conn.execute("delete from ops.batches where batch_id = %s", (batch_id,))
