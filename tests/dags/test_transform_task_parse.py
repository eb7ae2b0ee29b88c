"""A task process renders the transform DAG cheaply and gets exactly the task the whole graph has (issue 14).

Airflow parses the DAG file in every task process with a parsing context naming the task. A watcher's
process renders its dbt node alone, and Cosmos renders from the slim manifest copy: these tests hold
both to the task the full rendering from the full manifest builds, attribute by attribute.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.airflow

DAG_ID = "transform_and_publish"
# Structure and back-references are not the task's own: the trimmed DAG holds one node's neighbours only.
NOT_COMPARED = {
    "upstream_task_ids",
    "downstream_task_ids",
    "_dag",
    "dag",
    "task_group",
    "_task_group",
    "_log",
    "_BaseOperator__init_kwargs",  # the constructor arguments again, the DAG object among them
}
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _comparable(value: Any, depth: int = 0) -> Any:
    """A task attribute as plain data (objects by their fields, addresses dropped), to compare two renderings."""
    if depth > 4:
        return _ADDRESS.sub("", repr(value))
    if isinstance(value, dict):
        return {str(key): _comparable(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_comparable(item, depth + 1) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_comparable(item, depth + 1)) for item in value)
    if hasattr(value, "__dict__") and not isinstance(value, type) and not callable(value):
        return {key: _comparable(item, depth + 1) for key, item in vars(value).items() if key not in NOT_COMPARED}
    return _ADDRESS.sub("", repr(value))


def _task_fields(task: Any) -> dict[str, Any]:
    return {key: _comparable(value) for key, value in vars(task).items() if key not in NOT_COMPARED}


def _parse(monkeypatch, task_id: str | None = None) -> Any:
    from airflow.dag_processing.dagbag import DagBag

    from pillars import settings

    if task_id:
        monkeypatch.setenv("_AIRFLOW_PARSING_CONTEXT_DAG_ID", DAG_ID)
        monkeypatch.setenv("_AIRFLOW_PARSING_CONTEXT_TASK_ID", task_id)
    else:
        monkeypatch.delenv("_AIRFLOW_PARSING_CONTEXT_TASK_ID", raising=False)
    path = settings.project_root() / "dags" / "transform_and_publish.py"
    return DagBag(dag_folder=str(path), safe_mode=False, load_op_links=False).dags[DAG_ID]


@pytest.fixture(scope="module")
def whole_graph(dag_bag) -> Any:
    """The DAG as the dag-processor renders it: the whole graph, from the full manifest."""
    import pillars.transform.cosmos_manifest as cosmos_manifest

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cosmos_manifest, "cosmos_manifest_path", lambda manifest: manifest)
        return _parse(patch)


def test_the_slim_manifest_renders_the_same_graph(whole_graph, monkeypatch):
    slim = _parse(monkeypatch)
    assert sorted(slim.task_dict) == sorted(whole_graph.task_dict)
    for task_id, task in whole_graph.task_dict.items():
        twin = slim.task_dict[task_id]
        assert (twin.upstream_task_ids, type(twin)) == (task.upstream_task_ids, type(task)), task_id
        assert _task_fields(twin) == _task_fields(task), task_id


def test_a_watcher_process_renders_its_node_alone_and_gets_the_same_task(whole_graph, monkeypatch):
    watchers = [task_id for task_id in whole_graph.task_dict if re.fullmatch(r"dbt\.\w+_(run|seed)", task_id)]
    assert len(watchers) > 100
    rendered_per_node: dict[str, Any] = {}
    for task_id in watchers:
        node = task_id.split(".")[1].rsplit("_", 1)[0]
        if node not in rendered_per_node:
            rendered_per_node[node] = _parse(monkeypatch, task_id)
        trimmed = rendered_per_node[node]
        assert len(trimmed.task_dict) < 12, f"{task_id}: the whole graph was rendered"
        twin = trimmed.task_dict[task_id]
        assert type(twin) is type(whole_graph.task_dict[task_id]), task_id
        assert _task_fields(twin) == _task_fields(whole_graph.task_dict[task_id]), task_id


@pytest.mark.parametrize("task_id", ["dbt.dbt_producer_watcher", "has_work", "quality_gate", "publish"])
def test_the_producer_and_the_tasks_around_the_group_get_the_whole_graph(whole_graph, monkeypatch, task_id):
    """The producer builds what was rendered; ``has_work`` skips everything downstream of it."""
    rendered = _parse(monkeypatch, task_id)
    assert sorted(rendered.task_dict) == sorted(whole_graph.task_dict)
    assert _task_fields(rendered.task_dict[task_id]) == _task_fields(whole_graph.task_dict[task_id])
