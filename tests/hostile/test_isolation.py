"""Per-delivery isolation through the real CLI: one bad entry never stops the night.

A file name with a line break, a symlink out of the landing folder, a file that crashed the parser and an
unreachable partner API each become a ledger row and an alert; the good files beside them and every other
partner and feed still load, and ``pillars ingest`` ends with a summary and a non-zero exit.
"""

from __future__ import annotations

import json
import os
import socket

import pytest

from tests.conftest import run_pillars
from tests.hostile.conftest import drop, ledger

pytestmark = pytest.mark.integration

SERVICES_HEADER = (
    "Client ID,First Name,Last Name,DOB,Sex,Intake Date,County,Age Band,Gender,Trafficking Type,"
    "Referral Source,Service,Service Date,Exit Date,exit_outcome\n"
)


def services_row(client: str, day: str = "2023-01-01") -> str:
    return (
        f"{client},Zebulon,Quixlander,1990-02-03,female,{day},Harris County,18-24,female,sex,"
        f"law_enforcement,case_management,{day},,\n"
    )


def services_object(client: str, day: str = "2023-01-01") -> dict[str, str]:
    return {
        "clientId": client,
        "intakeDate": day,
        "county": "Harris",
        "trafficking_type": "sex",
        "service_category": "case_management",
        "serviceDate": day,
    }


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api_down_env() -> dict[str, str]:
    """The reference partner API's port with nothing listening, and a client that tries once."""
    return {
        "PILLARS_PARTNER_API_PORT": str(_closed_port()),
        "PILLARS_API_MAX_ATTEMPTS": "1",
        "PILLARS_API_TIMEOUT": "5",
        "AIRFLOW_CONN_PARTNER_API_PROSECUTORS": "",
    }


def test_bad_entries_and_a_down_api_fail_alone(hostile_day, tmp_path):
    from pillars.orchestration.alerts import alerts_file

    day = hostile_day.isoformat()
    drop(hostile_day, "gulf_coast_survivors", "victim_services", "good.csv", SERVICES_HEADER + services_row("G1", day))
    drop(hostile_day, "gulf_coast_survivors", "victim_services", "line\nbreak.csv", SERVICES_HEADER)
    nested = json.dumps(services_object("N1", day)) + "\n" + "[" * 10_000 + "]" * 10_000 + "\n"
    drop(hostile_day, "gulf_coast_survivors", "victim_services", "nested.jsonl", nested)
    link = drop(hostile_day, "gulf_coast_survivors", "victim_services", "z.csv", "x").with_name("passwd.csv")
    link.symlink_to("/etc/passwd")
    drop(hostile_day, "tx_hhsc", "victim_services", "later.csv", SERVICES_HEADER + services_row("H1", day))
    alerts_before = alerts_file().read_text().count("\n") if alerts_file().exists() else 0

    result = run_pillars("ingest", "--date", day, env=api_down_env(), timeout=300)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert f"ingest {day}:" in result.stdout.splitlines()[-1]
    rows = {(partner, name): (status, read, loaded, quarantined) for partner, _, name, status, read, loaded,
            quarantined, _ in ledger(hostile_day)}  # fmt: skip
    assert rows[("gulf_coast_survivors", "good.csv")] == ("gated", 1, 1, 0)
    assert rows[("tx_hhsc", "later.csv")] == ("gated", 1, 1, 0)
    assert rows[("gulf_coast_survivors", "z.csv")][0] == "rejected"  # one character: no header
    assert rows[("gulf_coast_survivors", "passwd.csv")][0] == "rejected"
    assert rows[("gulf_coast_survivors", "line\\nbreak.csv")][0] == "rejected"
    assert rows[("gulf_coast_survivors", "nested.jsonl")] == ("gated", 2, 1, 1)
    assert rows[("tx_oag", f"api-window-{day}.jsonl")][0] == "failed"
    reasons = {name: reason for _, _, name, _, _, _, _, reason in ledger(hostile_day)}
    assert "links outside the landing folder" in reasons["passwd.csv"]
    assert "prosecution_cases" in reasons[f"api-window-{day}.jsonl"]
    assert "API window not fetched" in reasons[f"api-window-{day}.jsonl"]
    new_alerts = alerts_file().read_text().splitlines()[alerts_before:]
    assert any("API window not fetched" in line for line in new_alerts)
    assert any("passwd.csv" in line for line in new_alerts)


def test_validate_never_shows_a_traceback(tmp_path):
    path = tmp_path / "nested.jsonl"
    path.write_text(json.dumps({"clientId": "N1"}) + "\n" + "[" * 10_000 + "]" * 10_000 + "\n")
    result = run_pillars("feeds", "validate", str(path), "--feed", "victim_services")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert os.linesep.join(result.stderr.splitlines()).count("\n") <= 1


def test_the_ingest_task_fails_with_one_line_whatever_the_error(airflow_ready, monkeypatch):
    """An error nothing anticipated fails the partner's task with a one-line reason (the traceback goes to
    the task log), so the failure alert names the partner and feed instead of showing a stack."""
    from pillars.orchestration.runner import prepare_airflow_process

    prepare_airflow_process()  # before Airflow is first imported, as the DAG tests do
    from airflow.sdk.exceptions import AirflowFailException

    from pillars.load import nightly
    from pillars.orchestration import ingest_dag

    def explode(feed, partner_id, day):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(nightly, "load_partner_for_date", explode)
    context = {"logical_date": None, "data_interval_end": None}
    monkeypatch.setattr("pillars.orchestration.dates.partition_date", lambda context: None)
    with pytest.raises(AirflowFailException, match=r"^partner tx_dps, feed victim_identifications: nested too deeply"):
        ingest_dag.load_partner_delivery("victim_identifications", "tx_dps", context)
