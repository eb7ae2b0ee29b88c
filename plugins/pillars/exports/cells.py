"""Spreadsheet formula injection (OWASP "CSV Injection"): a cell a person opens must never run as a formula.

Partners' files may hold ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0``; the warehouse keeps them as received
(they are data), but every CSV or XLSX Pillars writes for a person goes through :func:`neutralise`, which
prefixes a single quote to any text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as
OWASP advises. Numbers stay numbers, including text that is just a signed number such as ``-3``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """``value`` safe to put in a spreadsheet cell: formula-like text gets a leading ``'``; the rest unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def neutralise_row(values: Iterable[object]) -> list[object]:
    return [neutralise(value) for value in values]
