"""``pillars export htcds``: the warehouse's HTCDS v2 cases as a k-anonymous CSV for CTDC.

The quasi-identifiers are the columns the ``htcds_cases`` contract marks ``privacy: quasi_identifier`` (read
here, never listed), generalised the way CTDC publishes (ages to CTDC's bands, then broader bands; everything
else blanked) and, where that is not enough, suppressed (see :mod:`pillars.privacy.k_anonymity` and README,
"HTCDS export for CTDC"). The header is the standard's own field names, so CTDC and HTCDS systems read it as
an HTCDS v2 file. Direct identifiers and dropped fields never reach the warehouse, so they cannot leave it.

The data comes from ``staging.stg_raw__htcds_cases`` read as the transformer role: HTCDS cases have no mart or
``reporting`` model (nothing the reader role can see holds them), and staging is the gated, current delivery of
each partner -- what the council stands behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pillars import settings
from pillars.exports.csv_file import write_csv
from pillars.feeds.declarations.contract import Column, get_contract
from pillars.privacy.k_anonymity import Dimension, Outcome, Rung, Values, anonymise, blank, exact
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

FEED = "htcds_cases"
SOURCE = "staging.stg_raw__htcds_cases"
# CTDC's published age bands (ageBroad: 0--8, 9--17, 18--20, ..., 48+), then minors / adults: an age's first
# rung up is the band CTDC would print, the next keeps only majority, which CTDC always reports.
CTDC_AGE_BANDS = (0, 9, 18, 21, 24, 27, 30, 39, 48)
MAJORITY_BANDS = (0, 18)
# An exact value the standard holds, and the CTDC extension band (two columns ``<band>_from``/``_to``) it
# generalises into: a fact about the two layouts, not a list of quasi-identifiers.
EXACT_TO_BAND = {"vic_age_when_trafficked": "age_broad"}
# Any other quasi-identifier band (``<x>_from``/``<x>_to``, the registration year) widens to CTDC's five-year
# bands (2014--2018, 2019--2023, ...) before it is blanked.
SPAN_ORIGIN, SPAN_WIDTH = 2014, 5


@dataclass(frozen=True)
class ExportResult:
    """The file written and what anonymising it took, for the command to tell the person publishing it."""

    path: Path
    rows: int
    k: int
    quasi_identifiers: tuple[str, ...]
    outcome: Outcome


def exported_columns() -> list[Column]:
    """The contract's columns the warehouse stores (identifiers and dropped fields never are)."""
    return [c for c in get_contract(FEED).columns if c.privacy not in ("direct_identifier", "drop")]


def standard_name(column: Column) -> str:
    """The HTCDS spelling (``prs_Gender``): the alias whose snake_case is the canonical name; else the name."""
    for alias in column.aliases:
        if re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", alias).lower() == column.name:
            return alias
    return column.name


def _band(breaks: tuple[int, ...], top: int) -> Rung:
    """A rung mapping (exact, from, to) to the union of the bands of ``breaks`` that hold it; exact blanked."""

    def rung(values: Values) -> Values:
        age, low, high = values
        low, high = (age, age) if age is not None else (low, high)
        if low is None:
            return (None, None, None)
        start = max(b for b in breaks if b <= low)
        ends = [b - 1 for b in breaks if b > (high if high is not None else top)]
        return (None, start, min(ends) if ends and high is not None else None)

    return rung


def _span(values: Values) -> Values:
    """A (from, to) band widened to the five-year spans that hold it; an open end stays open."""

    def edge(year: object, end: int) -> int | None:
        if year is None:
            return None
        return SPAN_ORIGIN + (int(year) - SPAN_ORIGIN) // SPAN_WIDTH * SPAN_WIDTH + end

    low, high = values
    return (edge(low, 0), edge(high, SPAN_WIDTH - 1)) if low is not None else (None, None)


def dimensions(columns: list[Column]) -> list[Dimension]:
    """One dimension per quasi-identifier, an exact value and its band together; ladders end in blank."""
    quasi = [c.name for c in columns if c.privacy == "quasi_identifier"]
    by_name = {c.name: c for c in columns}
    dims, taken = [], set()
    for exact_name, band in EXACT_TO_BAND.items():
        trio = (exact_name, f"{band}_from", f"{band}_to")
        if all(name in quasi for name in trio):
            top = int(by_name[exact_name].max or 120)
            ladder = (exact, _band(CTDC_AGE_BANDS, top), _band(MAJORITY_BANDS, top), blank)
            dims.append(Dimension(trio, ladder))
            taken.update(trio)
    for name in quasi:
        pair = (name, name.removesuffix("_from") + "_to")
        if name.endswith("_from") and pair[1] in quasi and name not in taken:
            dims.append(Dimension(pair, (exact, _span, blank)))
            taken.update(pair)
    dims += [Dimension((name,)) for name in quasi if name not in taken]
    return dims


def _cell(value: object) -> object:
    """A warehouse value as the contract reads it back: lists ';'-joined, booleans true/false, dates ISO."""
    if isinstance(value, list):  # sorted: records the anonymiser grouped together read the same
        return ";".join(sorted(map(str, value)))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def read_cases(start: date, end: date, names: list[str]) -> list[dict[str, object]]:
    """The cases delivered for logical dates ``start``..``end`` (inclusive), in a stable order."""
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        cursor = conn.execute(
            f"select {', '.join(names)} from {SOURCE} where logical_date between %s and %s"
            " order by partner_id, logical_date, source_file, source_line",
            (start, end),
        )
        return [dict(zip(names, row, strict=True)) for row in cursor]


def default_path(start: date, end: date) -> Path:
    return settings.output_dir() / "exports" / f"htcds_ctdc_{start.isoformat()}_{end.isoformat()}.csv"


def export_htcds(start: date, end: date, k: int | None = None, out: Path | None = None) -> ExportResult:
    """Write the range's cases, k-anonymised, as an HTCDS v2 CSV (0600, formula-safe); say what it took."""
    k = k or settings.export_k()
    columns = exported_columns()
    names = [c.name for c in columns]
    dims = dimensions(columns)
    outcome = anonymise(read_cases(start, end, names), dims, k)
    path = out or default_path(start, end)
    rows = ([_cell(row[n]) for n in names] for row in outcome.rows)
    count = write_csv(path, [standard_name(c) for c in columns], rows, root=None if out else settings.output_dir())
    return ExportResult(path, count, k, tuple(c for d in dims for c in d.columns), outcome)
