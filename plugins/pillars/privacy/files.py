"""Files that hold survivors' direct identifiers: owner-only on disk (0600 files in 0700 folders).

Partner deliveries, the partner API's data, synthetic and benchmark files carry names and dates of birth
until the loader tokenises them. Every writer of such a file goes through here, so no other local user can
read one, whatever the process umask; :func:`tighten_tree` repairs folders written before this existed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def private_dir(path: Path, root: Path | None = None) -> Path:
    """Create ``path`` (and missing parents) owner-only; ``path`` and every folder up to ``root`` become 0700.

    ``root`` is the top of the private tree (e.g. the landing folder); folders above it are left alone.
    """
    path = Path(path)
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    top = Path(root) if root is not None else path
    folder = path
    while True:
        folder.chmod(PRIVATE_DIR_MODE)
        if folder == top or folder.parent == folder or not folder.is_relative_to(top):
            break
        folder = folder.parent
    return path


@contextmanager
def open_private(path: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open`` that creates the file 0600 from its first byte (no window where it is world-readable).

    ``mode`` is ``"w"``/``"wb"`` (truncate) or ``"a"``/``"ab"`` (append); an existing file is made 0600 too.
    """
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)
    with os.fdopen(fd, mode, **kwargs) as handle:
        yield handle


def write_private_bytes(path: Path, data: bytes) -> None:
    with open_private(path, "wb") as handle:
        handle.write(data)


def write_private_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    with open_private(path, "w", encoding=encoding) as handle:
        handle.write(text)


def tighten_tree(root: Path) -> int:
    """Make every folder under ``root`` (and ``root``) 0700 and every file 0600; returns how many changed.

    Symbolic links are not followed: a link pointing out of the tree is not ours to change.
    """
    root = Path(root)
    if not root.is_dir() or root.is_symlink():
        return 0
    changed = 0
    for folder, dirs, files in os.walk(root):
        changed += _set_mode(Path(folder), PRIVATE_DIR_MODE)
        for name in files:
            changed += _set_mode(Path(folder) / name, PRIVATE_FILE_MODE)
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
    return changed


def _set_mode(path: Path, mode: int) -> int:
    if path.is_symlink() or path.stat().st_mode & 0o777 == mode:
        return 0
    try:
        path.chmod(mode)
    except OSError as exc:  # a read-only mount or someone else's file: say so, never stop the run for it
        log.warning("cannot make %s owner-only: %s", path, exc.strerror or exc)
        return 0
    return 1
