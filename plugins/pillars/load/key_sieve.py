"""Which natural keys of a batch may repeat, found while the file streams, in a fixed amount of memory.

The database decides which rows repeat a key (:func:`pillars.load.loader._quarantine_duplicate_keys`), but
asking it to group a whole batch by key cost as much as the COPY itself. A bit table of fixed size
remembers the keys seen so far: a key whose bit is already set *may* repeat one (or only share its bit),
so it is a candidate; a key whose bit is clear has certainly not been seen. The database then checks only
the candidates -- none at all in the usual file -- and decides exactly, so a false candidate costs a lookup,
never a wrong answer. The table is 16 MB whatever the file; past ``limit`` candidates the sieve gives up
and the database groups the whole batch as before.
"""

from __future__ import annotations

from collections.abc import Sequence

# Text forms that are canonical for these types (the converters write one spelling per value), so equal
# text means equal value; other key types go straight to the database.
SIEVABLE_TYPES = frozenset({"text", "enum", "county", "date", "integer", "boolean"})


class KeySieve:
    """Candidates for repeated keys; ``add`` takes keys as tuples of their COPY text."""

    def __init__(self, bits: int = 1 << 24, limit: int = 100_000) -> None:
        if bits & (bits - 1):
            raise ValueError("bits must be a power of two")
        self._seen = bytearray(bits)
        self._mask = bits - 1
        self._limit = limit
        self.candidates: set[tuple[str, ...]] = set()
        self.overflowed = False

    def add(self, keys: Sequence[tuple[str, ...]]) -> None:
        seen, mask = self._seen, self._mask
        candidates = self.candidates
        for key, hashed in zip(keys, map(hash, keys), strict=True):
            slot = hashed & mask
            if seen[slot]:
                candidates.add(key)
            else:
                seen[slot] = 1
        if len(candidates) > self._limit:
            self.overflowed = True
            candidates.clear()
            self._limit = -1  # stays overflowed: every later key is a candidate that is thrown away

    @property
    def settled(self) -> bool:
        """True when no key can repeat: the database need not look at all."""
        return not self.overflowed and not self.candidates
