"""``pillars quarantine export``: a date's rejected rows as a CSV a partner liaison can open and send back.

Values were masked when they were quarantined (identifiers never leave as ``***``); what remains, such as a
county typed as ``=HYPERLINK(...)``, is neutralised so opening the file runs nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pillars import settings
from pillars.exports.csv_file import write_csv
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

COLUMNS = ("partner_id", "feed", "logical_date", "source_file", "source_line", "field", "value_masked", "reason")


def export_dir() -> Path:
    return settings.output_dir() / "quarantine"


def export_rejections(logical_date: date, partner_id: str | None = None) -> tuple[Path, int]:
    """Write the date's rejected rows (one partner's, or all) and return the file and its row count."""
    with connect(credentials.LOADER_ROLE) as conn:
        rows = conn.execute(
            f"select {', '.join(COLUMNS)} from quarantine.rejected_rows"
            " where logical_date = %s and (%s::text is null or partner_id = %s)"
            " order by partner_id, feed, source_file, source_line",
            (logical_date, partner_id, partner_id),
        ).fetchall()
    name = f"rejected_{partner_id or 'all'}_{logical_date.isoformat()}.csv"
    path = export_dir() / name
    count = write_csv(path, COLUMNS, rows, root=export_dir())
    return path, count
