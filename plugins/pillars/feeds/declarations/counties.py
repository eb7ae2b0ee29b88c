"""Texas county -> 5-digit FIPS, from the ``addfips`` package rather than a hand-typed list.

Partners write "Harris", "Harris County", "HARRIS CO", "201" or "48201"; public files add "Harris County,
Texas", "Harris County, TX" and "48201.0" (a FIPS a spreadsheet stored as a number). All become "48201". A
value that matches no Texas county is returned as None so the row is quarantined, never guessed; a cell that
lists several counties is explained by :func:`counties_listed`, since a single-county column never takes the
first of several.
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

import addfips

TEXAS_FIPS = "48"
_SUFFIX = re.compile(r"\s+(county|cnty|co\.?|cty)$", re.IGNORECASE)
_STATE = re.compile(r"(\s*,\s*|\s+)(texas|tex\.?|tx)\.?$", re.IGNORECASE)  # "Harris County, Texas"
_FLOAT_CODE = re.compile(r"^([0-9]{1,5})\.0+$")  # "48201.0"
_SEVERAL = re.compile(r"\s*(?:[,;/|&]|\band\b)\s*", re.IGNORECASE)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@functools.cache
def texas_county_names() -> dict[str, str]:
    """FIPS -> name ("Anderson", without "County") of every Texas county in addfips' newest vintage."""
    data = resources.files("addfips") / "data"
    newest = max(p.name for p in data.iterdir() if p.name.startswith("counties_"))
    with (data / newest).open("r", encoding="utf-8") as handle:
        return {
            TEXAS_FIPS + row["countyfp"]: row["name"].removesuffix(" County")
            for row in csv.DictReader(handle)
            if row["statefp"] == TEXAS_FIPS
        }


@functools.cache
def _index() -> tuple[addfips.AddFIPS, dict[str, str]]:
    """addfips' resolver, plus a spacing-insensitive name index."""
    by_name = {_alnum(_SUFFIX.sub("", name)): fips for fips, name in texas_county_names().items()}
    return addfips.AddFIPS(), by_name


def texas_county_fips() -> frozenset[str]:
    """Every Texas county FIPS code (254 of them)."""
    return frozenset(texas_county_names())


@functools.lru_cache(maxsize=4096)
def county_fips(value: str) -> str | None:
    """5-digit FIPS of a Texas county written any common way, or None when it is not one."""
    resolver, by_name = _index()
    codes = texas_county_names()
    text = _STATE.sub("", " ".join(value.split())).strip()
    float_code = _FLOAT_CODE.match(text)
    if float_code:
        text = float_code.group(1)
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


def counties_listed(value: str) -> list[str]:
    """The names of the Texas counties a cell lists ("FORT BEND, HARRIS, MONTGOMERY"), if it lists several.

    An empty list when the cell is not a list of counties; only used to explain a rejection.
    """
    parts = [part for part in _SEVERAL.split(_STATE.sub("", value.strip())) if part]
    if len(parts) < 2:
        return []
    codes = [county_fips(part) for part in parts]
    if None in codes:
        return []
    names = texas_county_names()
    return [names[code] for code in codes if code]
