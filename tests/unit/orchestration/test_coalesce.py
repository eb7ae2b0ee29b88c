"""Which transform runs build: the newest of a night's Asset-triggered runs; manual runs and backfills always."""

from __future__ import annotations

import pytest

from pillars.orchestration import coalesce


@pytest.fixture(autouse=True)
def _something_was_loaded(monkeypatch):
    """The warehouse question (has any delivery been loaded?) answered yes, unless a test says otherwise."""
    monkeypatch.setattr(coalesce, "nothing_loaded_yet", lambda: False)


class _TaskInstance:
    """Answers get_dr_count as the Task SDK does, from a fixed table of (dag_id, state) -> runs."""

    def __init__(self, counts: dict[tuple[str, str], int]) -> None:
        self.counts = counts

    def get_dr_count(self, dag_id: str, states: list[str]) -> int:
        return sum(self.counts.get((dag_id, state), 0) for state in states)


def test_an_older_asset_run_skips_for_a_newer_queued_one():
    ti = _TaskInstance({("transform_and_publish", "queued"): 1})
    reason = coalesce.skip_reason(ti, "transform_and_publish", "asset_triggered", None)
    assert reason and "newer transform run" in reason


def test_the_task_sdks_run_type_enum_is_understood():
    from airflow.sdk.api.datamodels._generated import DagRunType

    ti = _TaskInstance({("transform_and_publish", "queued"): 1})
    assert coalesce.skip_reason(ti, "transform_and_publish", DagRunType.ASSET_TRIGGERED, None)


def test_manual_runs_and_backfills_always_build():
    ti = _TaskInstance({("transform_and_publish", "queued"): 3})
    assert coalesce.skip_reason(ti, "transform_and_publish", "manual", None) is None
    assert coalesce.skip_reason(ti, "transform_and_publish", "backfill", None) is None


def test_a_run_with_no_published_build_to_compare_with_builds():
    ti = _TaskInstance({})
    assert coalesce.skip_reason(ti, "transform_and_publish", "scheduled", None) is None


def test_ingest_runs_queued_or_running_hold_the_transform_back():
    ti = _TaskInstance({("ingest_a", "running"): 1, ("ingest_b", "queued"): 2, ("ingest_c", "success"): 5})
    assert coalesce.active_ingest_runs(ti, ["ingest_a", "ingest_b", "ingest_c"]) == 3


def test_a_night_before_any_delivery_was_loaded_does_not_build(monkeypatch):
    """A fresh deployment's first night: empty marts would fail their at-least-one-row tests and alert."""
    monkeypatch.setattr(coalesce, "nothing_loaded_yet", lambda: True)
    ti = _TaskInstance({})
    for run_type in ("scheduled", "asset_triggered"):
        reason = coalesce.skip_reason(ti, "transform_and_publish", run_type, None)
        assert reason and "no partner delivery has been loaded yet" in reason
    assert coalesce.skip_reason(ti, "transform_and_publish", "manual", None) is None
