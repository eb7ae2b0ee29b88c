"""The ``ops.batches`` ledger: what each delivery was, and whether its rows are the current ones.

A batch is one delivered file (or one API window written as a file) for a partner, feed and logical date.
Its id is derived from those facts and the file's checksum, so rebuilding the warehouse from the same
landing folder gives the same ids. Invariant for every batch: rows_read = rows_loaded + rows_quarantined.

A batch moves through states (``ops.batches.status``)::

    loading --(load commits)--> loaded --(raw quality gate passes)--> gated
                                       +--(gate fails)--> rejected
    any current batch --(corrected or withdrawn file)--> replaced

Only ``gated`` batches are visible (staging reads nothing else), so a crash between the load's commit and
the gate's end leaves a ``loaded`` batch nobody reads, and the next run gates it (:func:`pending_batches`).
A load that dies before it commits leaves no row at all: its transaction is rolled back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import psycopg

# The statuses that stand for a partition now: a delivery, found unchanged, is not loaded again.
CURRENT_STATUSES = ("loaded", "gated", "rejected")
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
    status: str  # loaded | unchanged | gated | rejected
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
        " where partner_id = %s and feed = %s and logical_date = %s and status = any(%s)",
        (partner_id, feed, logical_date, list(CURRENT_STATUSES)),
    ).fetchall()


def pending_batches(conn: psycopg.Connection, partner_id: str, feed: str) -> list[uuid.UUID]:
    """Batches of a partner's feed committed but never gated (a run died between load and gate), oldest
    first: whatever date they are for, they stay invisible until a run gates them."""
    rows = conn.execute(
        "select batch_id from ops.batches where partner_id = %s and feed = %s and status = 'loaded'"
        " order by started_at, batch_id",
        (partner_id, feed),
    ).fetchall()
    return [batch_id for (batch_id,) in rows]


def mark_gated(conn: psycopg.Connection, batch_id: uuid.UUID) -> bool:
    """The raw gate passed: the batch becomes visible. False when it was no longer ``loaded`` (another run
    gated, rejected or replaced it meanwhile), so a late verdict never resurrects a batch."""
    updated = conn.execute(
        "update ops.batches set status = 'gated' where batch_id = %s and status = 'loaded'", (batch_id,)
    )
    return updated.rowcount == 1


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
