"""Writing a CSV a person will open: every cell neutralised, the file 0600 in a 0700 folder."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from pillars.exports.cells import neutralise_row
from pillars.privacy.files import open_private, private_dir


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], root: Path | None = None) -> int:
    """Write ``header`` and ``rows`` to ``path`` (folders up to ``root`` made owner-only); returns the row count.

    UTF-8 with a byte-order mark so Excel reads accents right; atomically, so a half-written export is never
    opened.
    """
    private_dir(path.parent, root=root)
    partial = path.with_name(path.name + ".part")
    count = 0
    with open_private(partial, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(neutralise_row(header))
        for row in rows:
            writer.writerow(neutralise_row(row))
            count += 1
    partial.replace(path)
    return count
