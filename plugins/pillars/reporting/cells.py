"""How one published value is written in the report.

A hidden count is written "suppressed", never 0 or blank, so a reader can tell "none" from "not
shown". Cells holding counts of people carry the ``people`` class, which is what the report tests
scan to prove no count from 1 to the threshold ever reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

SUPPRESSED = Markup(
    '<span class="suppressed" title="Hidden: a count of 1 to the suppression threshold, or hidden to protect'
    ' another cell">suppressed</span>'
)
_MONEY_WORDS = ("amount", "budget", "cost_per", "expended_per")
_SHARE_WORDS = ("_share", "share_of", "_rate")
_LABELS = {
    "fips": "FIPS",
    "usd": "USD",
    "p90": "90th pct",
    "fiscal_year": "Fiscal year",
}


@dataclass(frozen=True)
class Cell:
    html: Markup
    classes: str


def label(column: str) -> str:
    """A column name as a table header: ``victims_identified`` -> ``Victims identified``."""
    if column in _LABELS:
        return _LABELS[column]
    words = [_LABELS.get(word, word) for word in column.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def is_money(column: str) -> bool:
    return any(word in column for word in _MONEY_WORDS) and not column.endswith("_share")


def is_share(column: str) -> bool:
    return any(word in column for word in _SHARE_WORDS) or column.endswith("share")


def is_code(column: str) -> bool:
    """Numbers that name something (a year, a quarter) and are written as they are, without separators."""
    return column.endswith(("year", "quarter", "fips"))


def number(value: float | int, column: str) -> str:
    if is_code(column):
        return str(value)
    if is_share(column):
        return f"{value * 100:.1f}%"
    if is_money(column):
        return f"${value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.1f}"


def cell(row: dict[str, Any], column: str, people: bool) -> Cell:
    value = row.get(column)
    classes = "people" if people else ""
    if row.get(f"{column}_suppressed"):
        return Cell(SUPPRESSED, f"{classes} num hidden".strip())
    if value is None:
        return Cell(Markup('<span class="none">–</span>'), classes)
    if isinstance(value, bool):
        return Cell(escape("yes" if value else "no"), classes)
    if isinstance(value, int | float):
        return Cell(escape(number(value, column)), f"{classes} num".strip())
    text = str(value)
    return Cell(escape(text.replace("_", " ") if column not in ("partner_id",) and " " not in text else text), classes)


def visible_columns(columns: list[str]) -> list[str]:
    """Columns shown in a table: the ``*_suppressed`` flags are shown through their counts instead."""
    return [c for c in columns if not (c.endswith("_suppressed") and c.removesuffix("_suppressed") in columns)]
