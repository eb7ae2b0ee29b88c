"""Normalisation of identifier parts before tokenising.

Partners spell the same person differently ("José  O'Neil", "JOSE ONEIL"); tokens only link records if
the text is reduced to one canonical form first: accents, case, punctuation and spacing removed.
"""

from __future__ import annotations

import unicodedata

from pillars.memo import remember

_CACHE_LIMIT = 50_000
_name_cache: dict[str, str] = {}


def normalise_name(value: str) -> str:
    """Casefold, strip accents, keep letters and digits only: "José  O'Neil" -> "joseoneil"."""
    cached = _name_cache.get(value)
    if cached is not None:
        return cached
    decomposed = unicodedata.normalize("NFKD", value)
    result = "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch)).casefold()
    return remember(_name_cache, value, result, _CACHE_LIMIT)


def initial(value: str) -> str:
    """First letter of the normalised name ("" when there is none)."""
    return normalise_name(value)[:1]


def digits(value: str) -> str:
    """Digits only, for phone numbers: "(713) 555-0100" -> "7135550100"; a leading US 1 is dropped."""
    result = "".join(ch for ch in value if ch.isdigit())
    if len(result) == 11 and result.startswith("1"):
        result = result[1:]
    return result
