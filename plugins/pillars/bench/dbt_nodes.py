"""What a dbt invocation spent its time on, read from the ``run_results.json`` it wrote.

The benchmark prints the slowest nodes and splits the time into nodes that touch data and dbt's fixed
cost per node, so a missed target says where the seconds went instead of only that they were too many.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NodeTime:
    unique_id: str
    seconds: float

    @property
    def label(self) -> str:
        """``model.pillars.fct_x`` -> ``model fct_x``; tests keep their generated name."""
        kind, _, rest = self.unique_id.partition(".")
        return f"{kind} {rest.partition('.')[2]}"


@dataclass(frozen=True)
class BuildProfile:
    elapsed: float  # dbt's own wall time for the graph, without start-up and parsing
    nodes: list[NodeTime]  # slowest first

    def count(self) -> Counter[str]:
        return Counter(node.unique_id.split(".", 1)[0] for node in self.nodes)

    def seconds_by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for node in self.nodes:
            kind = node.unique_id.split(".", 1)[0]
            totals[kind] = totals.get(kind, 0.0) + node.seconds
        return totals

    def seconds_of(self, unique_ids: set[str]) -> float:
        return sum(node.seconds for node in self.nodes if node.unique_id in unique_ids)

    def median_seconds(self) -> float:
        """The typical node: dbt's fixed cost per node, since most nodes (tests on small tables) do little."""
        return statistics.median(node.seconds for node in self.nodes) if self.nodes else 0.0


def read_profile(target_dir: Path) -> BuildProfile:
    """The profile of the last dbt command that wrote ``target_dir/run_results.json``."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))
    nodes = sorted(
        (NodeTime(item["unique_id"], float(item["execution_time"])) for item in results["results"]),
        key=lambda node: -node.seconds,
    )
    return BuildProfile(float(results["elapsed_time"]), nodes)


def incremental_models(target_dir: Path) -> dict[str, tuple[str, str]]:
    """unique_id -> (schema, table) of every incremental model in the manifest dbt wrote to ``target_dir``."""
    manifest = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))
    return {
        unique_id: (node["schema"], node["alias"])
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"].get("materialized") == "incremental"
    }


def incremental_relations(target_dir: Path) -> list[tuple[str, str]]:
    """(schema, table) of every incremental model, sorted."""
    return sorted(incremental_models(target_dir).values())
