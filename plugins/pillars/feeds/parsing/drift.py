"""Schema drift: the columns of a partner file that neither the contract nor the partner's mapping knows.

Such a column is never stored (it could hold identifiers), but it is never dropped in silence either: its
name and how many of its cells held something reach the ledger, an alert and ``pillars feeds validate``,
with the known header it most resembles ("``Trafficking Typ``: did you mean ``trafficking_type``?").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pillars.feeds.declarations.contract import normalise_header


class ColumnTally:
    """Non-empty cells per unknown column of one file, counted on whichever path reads it."""

    def __init__(self, unknown: Mapping[int, str]) -> None:
        self.unknown = dict(unknown)  # cell index -> header label
        self.counts = dict.fromkeys(self.unknown.values(), 0)

    def __bool__(self) -> bool:
        return bool(self.unknown)

    def count_cells(self, cells: Sequence[str]) -> None:
        """One record's cells (a short record counts the cells it has)."""
        width = len(cells)
        for index, label in self.unknown.items():
            value = cells[index] if index < width else None
            if value is not None and str(value).strip():
                self.counts[label] += 1

    def count_rows(self, rows: Iterable[Sequence[str]]) -> None:
        for cells in rows:
            self.count_cells(cells)

    def count_arrow(self, fields: Sequence[Any]) -> None:
        """One Arrow batch (a list of text columns)."""
        import pyarrow.compute as pc

        for index, label in self.unknown.items():
            filled = pc.sum(pc.not_equal(pc.utf8_trim_whitespace(fields[index]), ""))
            self.counts[label] += int(filled.as_py() or 0)

    def count_record(self, record: Mapping[str, Any]) -> None:
        """One JSON object: its unknown keys whose value is not null, blank or an empty list."""
        for label in self.unknown.values():
            value = record.get(label)
            if value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip()):
                self.counts[label] += 1


def did_you_mean(label: str, known: Mapping[str, str]) -> str | None:
    """The contract column whose name or alias spells most like ``label`` (``known``: normalised
    spelling -> column), when one is close enough to be worth saying."""
    key = normalise_header(label)
    if not key:
        return None
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.75)
    return known[close[0]] if close else None


def layout_hint(labels: Iterable[str], feed: str) -> str | None:
    """When most unknown headers are spellings a packaged mapping of ``feed`` knows (a CTDC release sent
    without ``mapping: ctdc_release``), the line that says so."""
    from pillars.feeds.declarations.mapping import load_mappings

    labels = [label for label in labels if label]
    if not labels:
        return None
    best, covered = None, 0
    for mapping in load_mappings().values():
        if mapping.feed != feed:
            continue
        hits = sum(1 for label in labels if mapping.rule(label) is not None)
        if hits > covered:
            best, covered = mapping.name, hits
    if best is None or 2 * covered < len(labels):
        return None
    return f"{covered} of the {len(labels)} unknown column(s) are in the layout of mapping '{best}': is it that layout?"


def describe(counts: Mapping[str, int], known: Mapping[str, str], ignore_hint: bool = True) -> list[str]:
    """One line per unknown column: its name, its filled cells, and a likely intended column."""
    lines = []
    for label, filled in counts.items():
        text = f"unknown column '{label}' ({filled} non-empty cell(s)) is not stored"
        guess = did_you_mean(label, known)
        if guess:
            text += f": did you mean '{guess}'?"
        elif ignore_hint:
            text += ": map it or declare it 'ignore' in the partner's mapping"
        lines.append(text)
    return lines


@dataclass
class Drift:
    """The unknown columns of the file just loaded (name -> non-empty cells) and the likely meanings of
    those that resemble a known column, as the ledger and the alert record them."""

    unknown: dict[str, int] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)

    def record(self, feed_file: Any) -> None:
        """Take the counts of an opened-and-read :class:`pillars.feeds.parsing.validate.FeedFile`."""
        self.unknown = feed_file.unknown_cells()
        known = feed_file.validator.header_keys()
        self.hints = [line for line in describe(self.unknown, known) if "did you mean" in line]
        layout = layout_hint(self.unknown, feed_file.contract.feed) if feed_file.mapping is None else None
        if layout:
            self.hints.insert(0, layout)
