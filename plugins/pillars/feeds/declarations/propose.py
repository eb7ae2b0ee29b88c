"""``pillars feeds map``: propose a partner mapping from a sample of the partner's own export.

Onboarding a partner should take a review, not code. From the file's header and its first rows this
proposes, for each partner column, the contract column it most likely is (header similarity to the
column's name and aliases, then how well the sample's values fit the column: codes, dates, numbers), a
date format when the dates are day-first or otherwise not read by default, and a value map for codes
that spell close to a known one. What it cannot place is said, and left for the reviewer to map or to
declare ``ignore``; the YAML it writes is checked like any mapping before anything loads through it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pillars.errors import PillarsError
from pillars.feeds.declarations.codes import code_aliases, code_labels
from pillars.feeds.declarations.contract import Column, Contract, normalise_header
from pillars.feeds.parsing.readers import detect_format, read_csv, read_xlsx
from pillars.feeds.parsing.validate import column_converter
from pillars.feeds.parsing.values import BadValue, code_key

SAMPLE_ROWS = 500
NAME_CUTOFF = 0.72
DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y", "%Y.%m.%d", "%d/%m/%y", "%m/%d/%y", "%Y/%d/%m")


@dataclass
class Proposal:
    """What one partner column is proposed to be, and why."""

    header: str
    column: str | None = None
    native: bool = False  # the contract already knows this spelling: nothing to write
    score: float = 0.0
    fit: float = 0.0  # share of the sample's distinct values the column accepts under the proposal
    date_format: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    unplaced_values: list[str] = field(default_factory=list)

    def rule(self) -> object:
        if self.column is None:
            return None
        if self.date_format is None and not self.values:
            return self.column
        rule: dict[str, object] = {"to": self.column}
        if self.date_format:
            rule["date_format"] = self.date_format
        if self.values:
            rule["values"] = dict(self.values)
        return rule


def _sample(path: Path, contract: Contract) -> tuple[list[str], list[list[str]]]:
    """The header and up to SAMPLE_ROWS records of a csv or xlsx file, as text."""
    fmt = detect_format(path)
    if fmt == "csv":
        _, header, records = read_csv(path, len)
        rows = list(
            itertools.islice(records(lambda line, cells: cells, lambda *problem: None, lambda n: None), SAMPLE_ROWS)
        )
    elif fmt == "xlsx":
        _, header, records = read_xlsx(path)
        rows = [
            ["" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v)) for v in cells]
            for cells in itertools.islice(
                records(lambda line, cells: cells, lambda *p: None, lambda n: None), SAMPLE_ROWS
            )
        ]
    else:
        raise PillarsError(f"{path}: 'feeds map' reads csv and xlsx samples (this is {fmt})")
    return header, [r for r in rows if isinstance(r, list)]


def _name_score(label: str, column: Column) -> float:
    """How much a header spells like a column: difflib's ratio to its name or an alias, or 0.9 when one
    contains the other (``ClientDOB`` holds ``dob``)."""
    key = normalise_header(label)
    best = 0.0
    for spelling in column.header_keys():
        ratio = difflib.SequenceMatcher(None, key, spelling).ratio()
        if len(spelling) >= 3 and len(key) >= 3 and (spelling in key or key in spelling):
            ratio = max(ratio, 0.9)
        best = max(best, ratio)
    return best


def _code_spellings(column: Column) -> dict[str, str]:
    """code_key(spelling) -> code, for every code, label and alias of an enum column's list."""
    allowed = column.allowed or ()
    spellings = {code_key(code): code for code in allowed}
    if column.allowed_ref:
        name = column.allowed_ref.removeprefix("codes.")
        for code, label in code_labels(name).items():
            spellings.setdefault(code_key(label), code)
        for alias, code in code_aliases(name).items():
            spellings.setdefault(code_key(alias), code)
    return spellings


def _fit(proposal: Proposal, column: Column, distinct: list[str]) -> None:
    """Fill the proposal's fit, date format and value map for ``column`` against the sample's values."""
    convert = column_converter(column, "UTC")

    def accepted(values: Iterable[str], fmt: str | None = None) -> list[str]:
        ok = []
        for value in values:
            text = value
            if fmt is not None:
                try:
                    text = dt.datetime.strptime(value, fmt).date().isoformat()
                except ValueError:
                    continue
            try:
                convert(text)
            except BadValue:
                continue
            ok.append(value)
        return ok

    if not distinct:
        proposal.fit = 1.0
        return
    good = accepted(distinct)
    if column.element_type in ("date", "timestamp") and len(good) < len(distinct):
        best = max(DATE_FORMATS, key=lambda fmt: len(accepted(distinct, fmt)))
        if len(accepted(distinct, best)) > len(good):
            proposal.date_format, good = best, accepted(distinct, best)
    if column.element_type == "enum" and len(good) < len(distinct):
        spellings = _code_spellings(column)
        for value in distinct:
            if value in good:
                continue
            close = difflib.get_close_matches(code_key(value), list(spellings), n=1, cutoff=0.6)
            if close:
                proposal.values[value] = spellings[close[0]]
                good.append(value)
            else:
                proposal.unplaced_values.append(value)
    proposal.fit = len(good) / len(distinct)


def propose(path: Path, contract: Contract) -> tuple[list[Proposal], list[str]]:
    """A proposal per header cell, and the required columns nothing in the file provides."""
    header, rows = _sample(Path(path), contract)
    native: dict[str, str] = {}
    for column in contract.columns:
        for key in column.header_keys():
            native[key] = column.name
    by_index = {i: sorted({r[i].strip() for r in rows if i < len(r) and r[i].strip()}) for i in range(len(header))}
    proposals = [Proposal(label) for label in header]
    taken: set[str] = set()
    candidates: list[tuple[float, int, Proposal]] = []
    for index, proposal in enumerate(proposals):
        name = native.get(normalise_header(proposal.header))
        if name is not None:
            proposal.column, proposal.native, proposal.score, proposal.fit = name, True, 1.0, 1.0
            taken.add(name)
            continue
        for column in contract.columns:
            score = _name_score(proposal.header, column)
            if score < NAME_CUTOFF:
                continue
            trial = Proposal(proposal.header, column.name, score=score)
            _fit(trial, column, by_index[index][:50])
            candidates.append((score + 0.3 * trial.fit, index, trial))
    for _, index, trial in sorted(candidates, key=lambda c: -c[0]):
        if proposals[index].column is None and trial.column not in taken:
            proposals[index] = trial
            taken.add(trial.column or "")
    _one_date_order(proposals, contract, by_index)
    missing = [c.name for c in contract.required_columns if c.name not in taken]
    return proposals, missing


def _one_date_order(proposals: list[Proposal], contract: Contract, by_index: dict[int, list[str]]) -> None:
    """A system writes all its dates one way: when one date column shows its format (a day above 12),
    the other date columns whose sample values all read with it get it too (05/03/2024 is 5 March)."""
    formats = {p.date_format for p in proposals if p.date_format}
    if len(formats) != 1:
        return
    (fmt,) = formats
    for index, proposal in enumerate(proposals):
        if proposal.native or proposal.column is None or proposal.date_format:
            continue
        if contract.column(proposal.column).element_type not in ("date", "timestamp") or not by_index[index]:
            continue
        try:
            for value in by_index[index]:
                dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        proposal.date_format = fmt


def mapping_yaml(name: str, contract: Contract, proposals: list[Proposal], source: Path) -> str:
    """The proposed mapping as YAML for review; unplaced headers appear as comments to decide."""
    columns = {p.header: p.rule() for p in proposals if p.column is not None and not p.native}
    doc = {
        "mapping": name,
        "feed": contract.feed,
        "description": f"Proposed by 'pillars feeds map' from {source.name}; review before use.",
        "columns": columns or {},
    }
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=110)
    todo = [p for p in proposals if p.column is None]
    if todo:
        text += "  # Not placed -- map each to a column, or declare it 'ignore' (it is never stored):\n"
        text += "".join(f"  # {p.header or '(blank header)'}: ignore\n" for p in todo)
    return text
