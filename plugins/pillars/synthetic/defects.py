"""Realistic defects, a controlled share of rows: what partner files really contain now and then.

Each defect is chosen among the kinds that apply to the feed's contract, so every defective row is one
the parser must quarantine (except duplicates, which are valid rows sent twice).
"""

from __future__ import annotations

import random

from pillars.feeds.declarations.contract import Contract
from pillars.synthetic import vocab

DEFAULT_DEFECT_RATE = 0.02
BAD_DATES = ["TBD", "unknown", "2026/3", "03-2026", "n/a", "0000-00-00"]
BAD_CODES = ["smuggling", "see notes", "other??", "N/A-9"]


def _kinds(contract: Contract, api: bool) -> dict[str, list[str]]:
    """Defect kind -> the columns it can hit in this contract."""
    stored = [c for c in contract.columns if c.stored]
    dates = [c.name for c in stored if c.required and c.type == "date"]
    kinds = {
        "bad_date": dates,
        "impossible_date": dates,
        "unknown_county": [c.name for c in stored if c.type == "county"],
        "missing_required": [c.name for c in stored if c.required and c.name != contract.updated_at],
        "negative_count": [
            c.name for c in stored if c.type == "integer" and c.min is not None and c.min >= 0 and c.required
        ],
        "unknown_code": [c.name for c in stored if c.type == "enum" and c.required],
        "duplicate_row": [] if api or not contract.natural_key else ["*"],
    }
    return {kind: columns for kind, columns in kinds.items() if columns}


def inject(
    rows: list[dict], contract: Contract, rng: random.Random, rate: float, api: bool = False
) -> tuple[list[dict], dict[str, int]]:
    """Rows with about ``rate`` of them made defective (in place, duplicates inserted); counts by kind."""
    kinds = _kinds(contract, api)
    counts: dict[str, int] = {}
    out: list[dict] = []
    for row in rows:
        out.append(row)
        if not kinds or rng.random() >= rate:
            continue
        kind = rng.choice(sorted(kinds))
        column = rng.choice(kinds[kind])
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "duplicate_row":
            out.append(dict(row))
        elif kind == "bad_date":
            row[column] = rng.choice(BAD_DATES)
        elif kind == "impossible_date":
            row[column] = rng.choice(["2026-02-30", "2025-04-31", "13/45/2025", "2025-00-10"])
        elif kind == "unknown_county":
            row[column] = rng.choice(vocab.UNKNOWN_COUNTIES)
        elif kind == "missing_required":
            row[column] = None
        elif kind == "negative_count":
            row[column] = -rng.randrange(1, 50)
        elif kind == "unknown_code":
            row[column] = rng.choice(BAD_CODES)
    return out, counts
