"""Which natural keys of a batch may repeat, found while the file streams, in a fixed amount of memory.

The database decides which rows repeat a key (:func:`pillars.load.loader._quarantine_duplicate_keys`), but
asking it to group a whole batch by key cost as much as the COPY itself. A bit table of fixed size
remembers the keys seen so far: a key whose bit is already set *may* repeat one (or only share its bit),
so it is a candidate; a key whose bit is clear has certainly not been seen. The database then checks only
the candidates -- none at all in the usual file -- and decides exactly, so a false candidate costs a lookup,
never a wrong answer. The table is 16 MB (2^27 bits) whatever the file; past ``limit`` candidates the sieve
gives up and the database groups the whole batch as before. A block of keys is sieved with numpy: the
per-key Python loop cost as much as the rest of the duplicate check.

A candidate's first occurrence was seen before its bit was set, so the sieve alone cannot say where it
is: asking the database for the candidates' keys read every row of the batch (0.8 s of a 1,000,000-row
load). The sieve therefore also writes each row's key hash and source line to a temporary file (12 bytes
a row, on disk, not in memory) and, at the end, reads back the lines whose hash is a candidate's: every
occurrence of every candidate, which the database then fetches by line through its (batch, line) index.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence

import numpy as np

# Text forms that are canonical for these types (the converters write one spelling per value), so equal
# text means equal value; other key types go straight to the database.
SIEVABLE_TYPES = frozenset({"text", "enum", "county", "date", "integer", "boolean"})
KEY_SEPARATOR = "\t"  # between a key's fields in COPY text, where a tab inside a value is escaped
_SPILLED = np.dtype([("hash", np.int64), ("line", np.int32)])
SPILL_READ_ROWS = 1 << 20  # rows of the spill file read back at a time


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
        self._spill = tempfile.TemporaryFile()  # noqa: SIM115 -- lives as long as the sieve; see close()
        self._lines: list[int] | None = None

    def __enter__(self) -> KeySieve:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._spill.close()

    def add(self, keys: Sequence[str], lines: Sequence[int]) -> None:
        """Sieve one block of keys; ``lines[i]`` is the source line of ``keys[i]``."""
        if not len(keys):
            return
        signed = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        if not self.overflowed:
            spilled = np.empty(len(keys), dtype=_SPILLED)
            spilled["hash"], spilled["line"] = signed, lines
            spilled.tofile(self._spill)
        hashes = signed.view(np.uint64)
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
            self._spill.truncate(0)  # the whole batch will be grouped: no line is looked up

    @property
    def settled(self) -> bool:
        """True when no key can repeat: the database need not look at all."""
        return not self.overflowed and not self.candidates

    def candidate_lines(self) -> list[int]:
        """Source lines of every row whose key hashes like a candidate's, in order: every occurrence of each
        candidate (the first included), plus any row that merely shares a candidate's hash. Read once, when
        the keys are all in: the loader asks while COPY is still busy with the last blocks."""
        if self.overflowed:
            raise ValueError("an overflowed sieve has no candidate lines: check the whole batch")
        if self._lines is None:
            self._lines = self._read_candidate_lines()
        return self._lines

    def _read_candidate_lines(self) -> list[int]:
        wanted = np.sort(np.fromiter(map(hash, self.candidates), dtype=np.int64, count=len(self.candidates)))
        if not len(wanted):
            return []
        found: list[np.ndarray] = []
        self._spill.seek(0)
        while len(part := np.fromfile(self._spill, dtype=_SPILLED, count=SPILL_READ_ROWS)):
            hashes = np.ascontiguousarray(part["hash"])
            nearest = np.minimum(np.searchsorted(wanted, hashes), len(wanted) - 1)  # np.isin: 4x slower
            found.append(part["line"][wanted[nearest] == hashes])
        return np.sort(np.concatenate(found)).tolist() if found else []
