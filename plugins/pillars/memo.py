"""Bounded memos: the one rule every cache on the ingestion path follows.

Partner files repeat values, so converters, tokens and name normalisation remember results; a file of any
size must not grow them without limit. A full memo is emptied and refilled: the values in use come back
at once, and memory has a fixed ceiling.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

V = TypeVar("V")


def remember(cache: dict, key: Hashable, value: V, limit: int) -> V:
    """Store ``value`` under ``key`` (emptying ``cache`` first when it holds ``limit`` entries); returns it."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value
