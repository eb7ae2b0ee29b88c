"""``pillars feeds generate``: the command the demo's README points to."""

from __future__ import annotations

import json

from tests.conftest import run_pillars


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
