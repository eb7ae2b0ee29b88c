"""The benchmark's large file and ``pillars feeds generate``."""

from __future__ import annotations

import json
import time

from pillars.feeds.contract import get_contract
from pillars.feeds.validate import open_feed_file
from pillars.privacy.tokens import Tokeniser
from pillars.synthetic import generate_victim_services_csv
from tests.conftest import run_pillars


def test_large_victim_services_file_is_fast_valid_and_carries_its_defects(tmp_path):
    path = tmp_path / "vs.csv"
    started = time.perf_counter()
    bad = generate_victim_services_csv(path, 100_000, seed=7)
    elapsed = time.perf_counter() - started
    assert elapsed < 3, f"100k rows took {elapsed:.1f}s: 1M would not be well under a minute"
    feed_file = open_feed_file(path, get_contract("victim_services"), tokeniser=Tokeniser(b"k" * 32))
    for _ in feed_file:
        pass
    assert feed_file.rows_ok + feed_file.rows_rejected == 100_000
    assert feed_file.rows_rejected == bad and 1500 < bad < 3500


def test_same_seed_same_large_file(tmp_path):
    generate_victim_services_csv(tmp_path / "a.csv", 5000, seed=3)
    generate_victim_services_csv(tmp_path / "b.csv", 5000, seed=3)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_feeds_generate_command(tmp_path):
    result = run_pillars(
        "feeds", "generate", "--start", "2026-03-02", "--days", "2", "--seed", "8", "--scale", "0.2",
        "--out-dir", str(tmp_path / "landing"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "generated" in result.stdout and "manifest" in result.stdout
    manifest = json.loads((tmp_path / "synthetic" / "manifest-8.json").read_text())
    assert manifest["seed"] == 8 and manifest["files"]


def test_feeds_generate_refuses_nonsense(tmp_path):
    result = run_pillars("feeds", "generate", "--start", "2026-03-02", "--days", "0", "--out-dir", str(tmp_path))
    assert result.returncode != 0 and "--days must be at least 1" in result.stderr
