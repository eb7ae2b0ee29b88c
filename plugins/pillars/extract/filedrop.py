"""The file-drop transport: ``<landing>/<partner_id>/<feed>/<YYYY-MM-DD>/<file>``.

Partners (or the sync that fetches their files) write into their own folder, one sub-folder per logical
date; a run reads exactly its date's partition. Files still being written (``*.part``, ``*.tmp``, dot
files, Excel's ``~$`` lock files) are ignored. Names that could escape the landing folder are refused,
never followed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError

SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]*")
IN_PROGRESS_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload")
IN_PROGRESS_PREFIXES = (".", "~$")
_CHUNK = 1 << 20


def _check_id(kind: str, value: str) -> None:
    if not SAFE_ID.fullmatch(value):
        raise PillarsError(f"unsafe {kind} id {value!r}: only lower-case letters, digits and '_' are allowed")


def partition_dir(partner_id: str, feed: str, logical_date: date) -> Path:
    """Where one partner's files for one feed and logical date land (the folder may not exist yet)."""
    _check_id("partner", partner_id)
    _check_id("feed", feed)
    return settings.landing_dir() / partner_id / feed / logical_date.isoformat()


def safe_file_name(partner_id: str, name: str) -> str:
    """A delivered file's name, refused when it could point outside its partition."""
    if not SAFE_FILE.fullmatch(name) or ".." in name:
        raise PillarsError(f"partner {partner_id}: refused file name {name!r} (path traversal or unsafe characters)")
    return name


def is_in_progress(name: str) -> bool:
    """True for files a partner or a transfer is still writing: never loaded half-written."""
    return name.startswith(IN_PROGRESS_PREFIXES) or name.endswith(IN_PROGRESS_SUFFIXES)


@dataclass
class Partition:
    """What one partition holds: the files to load, and the entries refused (name, one-line reason)."""

    files: list[Path] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def scan_partition(partner_id: str, feed: str, logical_date: date) -> Partition:
    """The complete files in one partner's partition for a date, sorted, and the entries refused.

    An entry that is unsafe to follow (an odd name, a link leading out of the landing folder, something
    that is not a regular file) is refused on its own, with a reason: the files beside it still load.
    """
    folder = partition_dir(partner_id, feed, logical_date)
    found = Partition()
    if not folder.is_dir():
        return found
    landing = settings.landing_dir().resolve()
    if not folder.resolve().is_relative_to(landing):
        raise PillarsError(f"partner {partner_id}: folder {folder} links outside the landing folder; refused")
    for entry in sorted(folder.iterdir()):
        if is_in_progress(entry.name):
            continue
        try:
            safe_file_name(partner_id, entry.name)
            resolved = entry.resolve()
            if not resolved.is_relative_to(landing):
                raise PillarsError(f"partner {partner_id}: file {entry.name} links outside the landing folder; refused")
            if resolved.is_dir():
                continue  # a sub-folder is not a delivery
            if not resolved.is_file():
                raise PillarsError(f"partner {partner_id}: {entry.name!r} is not a regular file; refused")
        except (PillarsError, OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
            found.refused.append((entry.name, str(exc) if isinstance(exc, PillarsError) else f"{entry.name!r}: {exc}"))
            continue
        found.files.append(entry)
    return found


def list_deliveries(partner_id: str, feed: str, logical_date: date) -> list[Path]:
    """The complete files in one partner's partition for a date, sorted; [] when nothing was delivered.
    The first refused entry raises (see :func:`scan_partition` to keep going past them)."""
    found = scan_partition(partner_id, feed, logical_date)
    if found.refused:
        raise PillarsError(found.refused[0][1])
    return found.files


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB chunks so a multi-gigabyte delivery never sits in memory."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
