"""The key sieve never misses a repeated key, whatever its size; it only over-reports."""

from __future__ import annotations

import random

from pillars.feeds.copy_text import field_value
from pillars.load.key_sieve import KeySieve


def _keys(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [f"C{rng.randrange(count * 2)}\t2025-01-{rng.randrange(1, 29):02d}\tshelter" for _ in range(count)]


def test_every_repeated_key_is_a_candidate_even_in_a_tiny_table():
    keys = _keys(5000)
    repeated = {k for i, k in enumerate(keys) if k in set(keys[:i])}
    for bits in (1 << 20, 1 << 8, 2):
        sieve = KeySieve(bits=bits, limit=10_000)
        for start in range(0, len(keys), 333):
            sieve.add(keys[start : start + 333])
        assert repeated <= sieve.candidates


def test_distinct_keys_leave_few_false_candidates_and_a_small_file_none():
    sieve = KeySieve()
    sieve.add([f"C{i}\t2025-01-01\tshelter" for i in range(50_000)])
    assert len(sieve.candidates) < 100  # shared bits: about n^2 / 2^28 of 50,000 distinct keys
    small = KeySieve()
    small.add([f"C{i}\t2025-01-01\tshelter" for i in range(200)])
    assert small.settled


def test_too_many_candidates_overflow_and_stay_overflowed():
    sieve = KeySieve(bits=2, limit=10)
    sieve.add(_keys(100))
    assert sieve.overflowed and not sieve.settled and not sieve.candidates
    sieve.add(_keys(5, seed=2))
    assert sieve.overflowed and not sieve.candidates


def test_repeats_within_one_block_and_across_blocks_are_candidates():
    sieve = KeySieve(bits=1 << 20)
    sieve.add(["a\t1", "b\t1", "a\t1"])
    sieve.add(["c\t1", "b\t1"])
    assert {"a\t1", "b\t1"} <= sieve.candidates
    assert sieve.candidate_fields()[:2] == [("a", "1"), ("b", "1")]


def test_field_value_undoes_the_loader_escapes():
    assert field_value("plain") == "plain"
    assert field_value("C\\\\1\\tx\\ny\\rz") == "C\\1\tx\ny\rz"
