"""Deadline alerts: raised only for runs that could still meet their deadline, and always naming the run."""

from __future__ import annotations

import json

import pytest

from pillars.orchestration import alerts


def _run(**overrides):
    run = {
        "dag_id": "ingest_victim_services",
        "dag_run_id": "scheduled__2026-11-02T23:30:00-06:00",
        "logical_date": "2026-11-03T05:30:00Z",
        "queued_at": "2026-11-03T05:30:02Z",
        "run_type": "scheduled",
    }
    return {**run, **overrides}


@pytest.fixture
def alerts_file(tmp_path, monkeypatch):
    path = tmp_path / "alerts.jsonl"
    monkeypatch.setenv("PILLARS_ALERTS_FILE", str(path))
    return path


def _raised(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_late_nightly_run_alerts_with_its_run_id_and_logical_date(alerts_file):
    context = {"dag_run": _run(), "deadline": {"deadline_time": "2026-11-03T09:30:00Z"}}
    alerts.on_deadline_missed(context=context, message="ingest is late")
    [alert] = _raised(alerts_file)
    assert alert["kind"] == "deadline"
    assert alert["run_id"] == "scheduled__2026-11-02T23:30:00-06:00"
    assert alert["logical_date"] == "2026-11-03T05:30:00Z"
    assert alert["message"] == "ingest is late"


def test_a_backfill_of_past_dates_raises_no_deadline_alert(alerts_file):
    context = {"dag_run": _run(run_type="backfill"), "deadline": {"deadline_time": "2026-11-03T09:30:00Z"}}
    alerts.on_deadline_missed(context=context, message="late")
    assert _raised(alerts_file) == []


def test_a_run_queued_after_its_deadline_raises_no_alert(alerts_file):
    """Last night's run started by an unpause in the morning: its deadline had passed before it was queued."""
    context = {
        "dag_run": _run(queued_at="2026-11-03T15:00:00Z"),
        "deadline": {"deadline_time": "2026-11-03T09:30:00Z"},
    }
    alerts.on_deadline_missed(context=context, message="late")
    assert _raised(alerts_file) == []
