"""Texas county -> 5-digit FIPS, from the ``addfips`` package rather than a hand-typed list.

Partners write "Harris", "Harris County", "HARRIS CO", "201" or "48201"; all become "48201". A value that
matches no Texas county is returned as None so the row is quarantined, never guessed.
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

import addfips

TEXAS_FIPS = "48"
_SUFFIX = re.compile(r"\s+(county|cnty|co\.?|cty)$", re.IGNORECASE)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@functools.cache
def _index() -> tuple[addfips.AddFIPS, dict[str, str], frozenset[str]]:
    """addfips' resolver, plus a spacing-insensitive name index and the set of valid Texas codes."""
    resolver = addfips.AddFIPS()
    data = resources.files("addfips") / "data"
    newest = max(p.name for p in data.iterdir() if p.name.startswith("counties_"))
    by_name: dict[str, str] = {}
    codes: set[str] = set()
    with (data / newest).open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["statefp"] != TEXAS_FIPS:
                continue
            fips = TEXAS_FIPS + row["countyfp"]
            codes.add(fips)
            by_name[_alnum(_SUFFIX.sub("", row["name"]))] = fips
    return resolver, by_name, frozenset(codes)


def texas_county_fips() -> frozenset[str]:
    """Every Texas county FIPS code (254 of them)."""
    return _index()[2]


@functools.lru_cache(maxsize=4096)
def county_fips(value: str) -> str | None:
    """5-digit FIPS of a Texas county written any common way, or None when it is not one."""
    resolver, by_name, codes = _index()
    text = " ".join(value.split())
    if not text:
        return None
    if text.isdigit():
        if len(text) <= 3:
            code = TEXAS_FIPS + text.zfill(3)
        elif len(text) == 5:
            code = text
        else:
            return None
        return code if code in codes else None
    bare = _SUFFIX.sub("", text)
    found = resolver.get_county_fips(bare, state=TEXAS_FIPS)
    if found is None:
        found = by_name.get(_alnum(bare))
    return found if found in codes else None
