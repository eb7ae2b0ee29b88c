"""Which natural keys of a batch may repeat, found while the file streams, in a fixed amount of memory.

The database decides which rows repeat a key (:func:`pillars.load.loader._quarantine_duplicate_keys`), but
asking it to group a whole batch by key cost as much as the COPY itself. A bit table of fixed size
remembers the keys seen so far: a key whose bit is already set *may* repeat one (or only share its bit),
so it is a candidate; a key whose bit is clear has certainly not been seen. The database then checks only
the candidates -- none at all in the usual file -- and decides exactly, so a false candidate costs a lookup,
never a wrong answer. The table is 16 MB (2^27 bits) whatever the file; past ``limit`` candidates the sieve
gives up and the database groups the whole batch as before. A block of keys is sieved with numpy: the
per-key Python loop cost as much as the rest of the duplicate check.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Text forms that are canonical for these types (the converters write one spelling per value), so equal
# text means equal value; other key types go straight to the database.
SIEVABLE_TYPES = frozenset({"text", "enum", "county", "date", "integer", "boolean"})
KEY_SEPARATOR = "\t"  # between a key's fields in COPY text, where a tab inside a value is escaped


class KeySieve:
    """Candidates for repeated keys; ``add`` takes each key as its fields' COPY text joined by a tab."""

    def __init__(self, bits: int = 1 << 27, limit: int = 100_000) -> None:
        if bits & (bits - 1):
            raise ValueError("bits must be a power of two")
        self._seen = np.zeros(max(bits // 8, 1), dtype=np.uint8)
        self._mask = np.uint64(bits - 1)
        self._limit = limit
        self.candidates: set[str] = set()
        self.overflowed = False

    def add(self, keys: Sequence[str]) -> None:
        if not len(keys):
            return
        hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys)).view(np.uint64)
        slots = hashes & self._mask
        cells = (slots >> np.uint64(3)).astype(np.intp)
        bits = np.left_shift(np.uint8(1), (slots & np.uint64(7)).astype(np.uint8))
        candidate = (self._seen[cells] & bits) != 0  # seen in an earlier block
        _, first = np.unique(slots, return_index=True)
        repeated_here = np.ones(len(keys), dtype=bool)
        repeated_here[first] = False  # or earlier in this block
        np.bitwise_or.at(self._seen, cells, bits)
        self.candidates.update(keys[i] for i in np.flatnonzero(candidate | repeated_here))
        if len(self.candidates) > self._limit:
            self.overflowed = True
            self.candidates.clear()
            self._limit = -1  # stays overflowed: every later key is a candidate that is thrown away

    @property
    def settled(self) -> bool:
        """True when no key can repeat: the database need not look at all."""
        return not self.overflowed and not self.candidates

    def candidate_fields(self) -> list[tuple[str, ...]]:
        """The candidates split into their fields' COPY text, in a stable order."""
        return [tuple(key.split(KEY_SEPARATOR)) for key in sorted(self.candidates)]
