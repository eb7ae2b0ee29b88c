"""Data Docs keep a bounded history per suite, so the site index stays fast after months of batches."""

from __future__ import annotations

from pathlib import Path

from pillars.quality.context import prune_results


def _result(store: Path, suite: str, run_name: str, run_time: str) -> Path:
    path = store.joinpath(*suite.split("."), run_name, run_time, "warehouse_0-batch.json")
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    return path


def test_only_the_newest_results_of_each_suite_are_kept(tmp_path):
    old = [_result(tmp_path, "raw.victim_services", f"p-2025-03-0{i}", f"20250301T00000{i}.0Z") for i in range(1, 5)]
    other = _result(tmp_path, "publish.marts.fct_x", "publish-2025-03-01", "20250301T000001.0Z")

    assert prune_results(tmp_path, keep=2) == 2

    assert [p.exists() for p in old] == [False, False, True, True]
    assert other.exists()
    assert not old[0].parent.parent.exists()  # empty run folders go too
    assert prune_results(tmp_path, keep=2) == 0
