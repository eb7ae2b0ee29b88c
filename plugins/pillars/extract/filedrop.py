"""The file-drop transport: ``<landing>/<partner_id>/<feed>/<YYYY-MM-DD>/<file>``.

Partners (or the sync that fetches their files) write into their own folder, one sub-folder per logical
date; a run reads exactly its date's partition. Files still being written (``*.part``, ``*.tmp``, dot
files) are ignored. Names that could escape the landing folder are refused, never followed.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError

SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]*$")
IN_PROGRESS_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")


def _check_id(kind: str, value: str) -> None:
    if not SAFE_ID.match(value):
        raise PillarsError(f"unsafe {kind} id {value!r}: only lower-case letters, digits and '_' are allowed")


def partition_dir(partner_id: str, feed: str, logical_date: date) -> Path:
    _check_id("partner", partner_id)
    _check_id("feed", feed)
    return settings.landing_dir() / partner_id / feed / logical_date.isoformat()


def safe_file_name(partner_id: str, name: str) -> str:
    """A delivered file's name, refused when it could point outside its partition."""
    if not SAFE_FILE.match(name) or ".." in name or "/" in name or "\\" in name:
        raise PillarsError(f"partner {partner_id}: refused file name {name!r} (path traversal or unsafe characters)")
    return name


def list_deliveries(partner_id: str, feed: str, logical_date: date) -> list[Path]:
    """The complete files in one partner's partition for a date, sorted; [] when nothing was delivered."""
    folder = partition_dir(partner_id, feed, logical_date)
    if not folder.is_dir():
        return []
    landing = settings.landing_dir().resolve()
    files = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name.endswith(IN_PROGRESS_SUFFIXES):
            continue
        safe_file_name(partner_id, entry.name)
        resolved = entry.resolve()
        if not resolved.is_relative_to(landing):
            raise PillarsError(f"partner {partner_id}: file {entry.name} links outside the landing folder; refused")
        if resolved.is_file():
            files.append(entry)
    return files
