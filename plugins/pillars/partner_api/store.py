"""The records the reference API serves: JSON Lines files in a folder, re-read when a file changes.

The API serves each record's current state, as a case system would: when the same id appears more than
once the latest ``updated_at`` wins. Records are ordered by (updated_at, id) so keyset cursors are stable.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


def parse_timestamp(text: object) -> datetime | None:
    """An ISO-8601 timestamp with its UTC offset, or None (naive or malformed values are not comparable)."""
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


@dataclass(frozen=True)
class Record:
    updated_at: datetime
    record_id: str
    body: dict

    @property
    def key(self) -> tuple[datetime, str]:
        return (self.updated_at, self.record_id)


class RecordStore:
    """Every ``*.jsonl`` under ``data_dir`` (recursively), keyed by ``id_field``, ordered by ``updated_field``."""

    def __init__(self, data_dir: Path, id_field: str = "caseId", updated_field: str = "updatedAt") -> None:
        self.data_dir = Path(data_dir)
        self.id_field = id_field
        self.updated_field = updated_field
        self._lock = threading.Lock()
        self._signature: tuple = ()
        self._records: list[Record] = []

    def _files(self) -> list[Path]:
        return sorted(self.data_dir.rglob("*.jsonl")) if self.data_dir.is_dir() else []

    def records(self) -> list[Record]:
        """All current records, ordered; re-read only when a file was added, removed or changed."""
        files = self._files()
        signature = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
        with self._lock:
            if signature != self._signature:
                self._records = self._read(files)
                self._signature = signature
            return self._records

    def _read(self, files: list[Path]) -> list[Record]:
        latest: dict[str, Record] = {}
        skipped = 0
        for path in files:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        continue
                    try:
                        body = json.loads(line)
                    except ValueError:
                        skipped += 1
                        continue
                    updated = parse_timestamp(body.get(self.updated_field)) if isinstance(body, dict) else None
                    if updated is None or body.get(self.id_field) in (None, ""):
                        skipped += 1
                        continue
                    record = Record(updated, str(body[self.id_field]), body)
                    current = latest.get(record.record_id)
                    if current is None or record.updated_at >= current.updated_at:
                        latest[record.record_id] = record
        if skipped:
            log.warning("partner API: skipped %d record(s) without a valid id or %s", skipped, self.updated_field)
        return sorted(latest.values(), key=lambda r: r.key)

    def window(
        self, since: datetime | None, before: datetime | None, after: tuple[datetime, str] | None, limit: int
    ) -> tuple[list[Record], bool]:
        """Up to ``limit`` records with since <= updated_at < before and key > ``after``; and whether more follow."""
        page: list[Record] = []
        for record in self.records():
            if since is not None and record.updated_at < since:
                continue
            if before is not None and record.updated_at >= before:
                continue
            if after is not None and record.key <= after:
                continue
            if len(page) == limit:
                return page, True
            page.append(record)
        return page, False
