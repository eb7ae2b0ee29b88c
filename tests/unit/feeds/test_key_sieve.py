"""The key sieve never misses a repeated key, whatever its size; it only over-reports."""

from __future__ import annotations

import random

import pytest

from pillars.load import key_sieve
from pillars.load.key_sieve import KeySieve


def _keys(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [f"C{rng.randrange(count * 2)}\t2025-01-{rng.randrange(1, 29):02d}\tshelter" for _ in range(count)]


def _sieved(keys: list[str], block: int = 333, **options: int) -> KeySieve:
    """A sieve fed ``keys`` in blocks, key ``i`` standing on source line ``i + 2`` (after a header)."""
    sieve = KeySieve(**options)
    for start in range(0, len(keys), block):
        part = keys[start : start + block]
        sieve.add(part, range(start + 2, start + 2 + len(part)))
    return sieve


def test_every_repeated_key_is_a_candidate_even_in_a_tiny_table():
    keys = _keys(5000)
    repeated = {k for i, k in enumerate(keys) if k in set(keys[:i])}
    for bits in (1 << 20, 1 << 8, 2):
        with _sieved(keys, bits=bits, limit=10_000) as sieve:
            assert repeated <= sieve.candidates


def test_candidate_lines_hold_every_occurrence_of_a_repeated_key_first_one_included(monkeypatch):
    """The database is asked only for these lines, so the first occurrence -- seen before its bit was
    set, never itself a candidate -- must be among them, whichever read of the spill file it falls in."""
    monkeypatch.setattr(key_sieve, "SPILL_READ_ROWS", 7)
    keys = _keys(3000, seed=5)
    occurrences: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        occurrences.setdefault(key, []).append(i + 2)
    repeated_lines = sorted(line for lines in occurrences.values() if len(lines) > 1 for line in lines)
    for bits in (1 << 20, 1 << 6):
        with _sieved(keys, block=101, bits=bits, limit=10_000) as sieve:
            lines = sieve.candidate_lines()
            assert set(repeated_lines) <= set(lines)
            assert lines == sorted(lines)
            # and nothing else: a line that only shares a candidate's 64-bit hash is all but impossible here
            assert set(lines) == {line for key in sieve.candidates for line in occurrences[key]}


def test_distinct_keys_leave_few_false_candidates_and_a_small_file_none():
    with _sieved([f"C{i}\t2025-01-01\tshelter" for i in range(50_000)], block=50_000) as sieve:
        assert len(sieve.candidates) < 100  # shared bits: about n^2 / 2^28 of 50,000 distinct keys
        assert len(sieve.candidate_lines()) == len(sieve.candidates)  # each false candidate's own line
    with _sieved([f"C{i}\t2025-01-01\tshelter" for i in range(200)]) as small:
        assert small.settled
        assert small.candidate_lines() == []


def test_too_many_candidates_overflow_and_stay_overflowed():
    sieve = KeySieve(bits=2, limit=10)
    sieve.add(_keys(100), range(100))
    assert sieve.overflowed and not sieve.settled and not sieve.candidates
    sieve.add(_keys(5, seed=2), range(100, 105))
    assert sieve.overflowed and not sieve.candidates
    with pytest.raises(ValueError, match="whole batch"):
        sieve.candidate_lines()
    sieve.close()


def test_repeats_within_one_block_and_across_blocks_are_candidates():
    with KeySieve(bits=1 << 20) as sieve:
        sieve.add(["a\t1", "b\t1", "a\t1"], [2, 3, 4])
        sieve.add(["c\t1", "b\t1"], [5, 6])
        assert {"a\t1", "b\t1"} <= sieve.candidates
        assert {2, 3, 4, 6} <= set(sieve.candidate_lines())
