"""The dbt benchmark reads node times and the incremental models from the files dbt writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pillars.bench.dbt_nodes import incremental_models, incremental_relations, read_profile


@pytest.fixture
def target(tmp_path: Path) -> Path:
    results = [
        {"unique_id": "test.pillars.not_null_fct_a_key.1a2b", "execution_time": 0.04},
        {"unique_id": "model.pillars.fct_a", "execution_time": 2.5},
        {"unique_id": "model.pillars.dim_b", "execution_time": 0.5},
        {"unique_id": "unit_test.pillars.fct_a.test_x", "execution_time": 0.06},
    ]
    (tmp_path / "run_results.json").write_text(json.dumps({"elapsed_time": 3.0, "results": results}))
    nodes = {
        "model.pillars.fct_a": {
            "resource_type": "model", "schema": "marts", "alias": "fct_a", "config": {"materialized": "incremental"}
        },
        "model.pillars.dim_b": {
            "resource_type": "model", "schema": "staging", "alias": "dim_b", "config": {"materialized": "table"}
        },
        "test.pillars.not_null_fct_a_key.1a2b": {
            "resource_type": "test", "schema": "staging", "alias": "x", "config": {"materialized": "test"}
        },
    }  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps({"nodes": nodes}))
    return tmp_path


def test_nodes_come_slowest_first_with_short_labels(target: Path) -> None:
    profile = read_profile(target)
    assert profile.elapsed == 3.0
    assert [node.label for node in profile.nodes] == [
        "model fct_a",
        "model dim_b",
        "unit_test fct_a.test_x",
        "test not_null_fct_a_key.1a2b",
    ]


def test_time_is_split_by_kind_and_selection(target: Path) -> None:
    profile = read_profile(target)
    assert profile.count() == {"model": 2, "test": 1, "unit_test": 1}
    assert profile.seconds_by_kind() == pytest.approx({"model": 3.0, "test": 0.04, "unit_test": 0.06})
    assert profile.seconds_of({"model.pillars.fct_a"}) == pytest.approx(2.5)
    assert profile.median_seconds() == pytest.approx(0.28)


def test_only_incremental_models_are_compared(target: Path) -> None:
    assert incremental_models(target) == {"model.pillars.fct_a": ("marts", "fct_a")}
    assert incremental_relations(target) == [("marts", "fct_a")]
