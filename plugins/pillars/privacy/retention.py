"""Landing retention: a delivered file (names, dates of birth) is deleted once its batch passed the raw gate
and ``PILLARS_LANDING_RETENTION_DAYS`` have gone by since it was loaded.

The warehouse needs the file no longer: its rows are in ``raw`` as tokens. Its ledger row stays, with the
checksum, the file's size and when it was purged, so a purged file is never mistaken for a withdrawn one
(:func:`purged_sources`) and a re-delivery of the same bytes is still recognised. A file whose bytes no
longer match the batch's checksum (a correction not loaded yet) or that is already gone is left alone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psycopg

from pillars import settings
from pillars.extract.filedrop import file_sha256
from pillars.privacy.files import tighten_tree
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect


@dataclass
class RetentionResult:
    purged: list[str] = field(default_factory=list)
    purged_bytes: int = 0
    kept: list[str] = field(default_factory=list)  # why a due file was left alone

    def summary(self) -> str:
        text = f"purged {len(self.purged)} landed file(s), {self.purged_bytes:,} bytes"
        return text + (f"; left {len(self.kept)}: " + "; ".join(self.kept) if self.kept else "")


def purge_landed_files(
    feed: str | None = None, days: int | None = None, partner_id: str | None = None, logical_date: date | None = None
) -> RetentionResult:
    """Delete the due files of gated batches and record it in ``ops.batches``: all of them, or those of one
    feed, partner or logical date (a partner asking for its files to go sooner; a test's own partition)."""
    days = settings.landing_retention_days() if days is None else days
    landing = settings.landing_dir()
    tighten_tree(landing)  # folders and files landed before they were written owner-only
    result = RetentionResult()
    with connect(credentials.LOADER_ROLE, autocommit=True) as conn:  # one transaction per file
        due = conn.execute(
            "select batch_id, source_file, checksum from ops.batches"
            " where status = 'gated' and purged_at is null and (%s::text is null or feed = %s)"
            " and (%s::text is null or partner_id = %s) and (%s::date is null or logical_date = %s)"
            " and coalesce(finished_at, started_at) <= now() - make_interval(days => %s)"
            " order by logical_date, source_file",
            (feed, feed, partner_id, partner_id, logical_date, logical_date, days),
        ).fetchall()
        for batch_id, source_file, checksum in due:
            size, reason = _purge_one(conn, landing / source_file, batch_id, checksum)
            if reason is None:
                result.purged.append(source_file)
                result.purged_bytes += size
            else:
                result.kept.append(f"{source_file}: {reason}")
    return result


def _purge_one(conn: psycopg.Connection, path: Path, batch_id: uuid.UUID, checksum: str) -> tuple[int, str | None]:
    """Delete one file and record it in the same transaction; returns its size and why it was left (or None)."""
    if not path.resolve().is_relative_to(settings.landing_dir().resolve()):
        return 0, "outside the landing folder, not touched"
    if not path.is_file():
        return 0, "already gone"
    if file_sha256(path) != checksum:
        return 0, "its content changed since it was loaded (a correction not loaded yet)"
    size = path.stat().st_size
    try:
        with conn.transaction():
            conn.execute(
                "update ops.batches set purged_at = now(), file_bytes = %s where batch_id = %s", (size, batch_id)
            )
            path.unlink()  # a failure here rolls the record back
    except OSError as exc:
        return 0, f"cannot delete it ({exc.strerror or exc})"
    return size, None


def purged_sources(conn: psycopg.Connection, partner_id: str, feed: str, logical_date: date) -> set[str]:
    """The partition's files retention deleted: absent from the folder, yet not withdrawn by the partner."""
    rows = conn.execute(
        "select source_file from ops.batches where partner_id = %s and feed = %s and logical_date = %s"
        " and purged_at is not null",
        (partner_id, feed, logical_date),
    ).fetchall()
    return {source_file for (source_file,) in rows}
