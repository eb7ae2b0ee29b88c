"""PostgreSQL COPY text format, written once: how values become a line, and how a field reads back.

The row path, the column-at-a-time path and the duplicate-key check all speak it; keeping the escapes in
one place keeps the three in agreement.
"""

from __future__ import annotations

from collections.abc import Sequence

NULL = "\\N"
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NEEDS_ESCAPE = ("\\", "\t", "\n", "\r")


def copy_line(values: Sequence[str | None]) -> str:
    """One row in PostgreSQL COPY text format (tab-separated, ``\\N`` for NULL), newline-terminated.

    Fast path: when the joined line has exactly one backslash per NULL, no newline and one tab per
    separator, no value needs escaping, so the per-value escape loop is skipped.
    """
    line = "\t".join([NULL if v is None else v for v in values])
    if "\n" in line or "\r" in line or line.count("\t") != len(values) - 1 or line.count("\\") != values.count(None):
        return "\t".join(NULL if v is None else v.translate(ESCAPES) for v in values) + "\n"
    return line + "\n"


def key_of_line(line: str, positions: Sequence[int]) -> str:
    """The fields at ``positions`` of one COPY text line, joined by a tab (which no field holds unescaped)."""
    fields = line.split("\t", max(positions) + 1)
    return "\t".join([fields[p] for p in positions])
