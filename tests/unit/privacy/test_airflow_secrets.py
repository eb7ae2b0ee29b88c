"""Airflow's local UI: its generated admin password file is owner-only and its API listens on loopback."""

from __future__ import annotations

import os

from pillars import airflow_env


def test_api_listens_on_loopback_unless_told_otherwise(monkeypatch, tmp_path):
    monkeypatch.setenv("PILLARS_LOCAL_DIR", str(tmp_path))
    monkeypatch.delenv("AIRFLOW__API__HOST", raising=False)
    assert airflow_env.airflow_environment()["AIRFLOW__API__HOST"] == "127.0.0.1"
    monkeypatch.setenv("AIRFLOW__API__HOST", "0.0.0.0")
    assert airflow_env.airflow_environment()["AIRFLOW__API__HOST"] == "0.0.0.0"


def test_the_generated_password_file_is_made_0600_before_airflow_writes_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PILLARS_LOCAL_DIR", str(tmp_path))
    monkeypatch.delenv("AIRFLOW_HOME", raising=False)
    monkeypatch.delenv("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", raising=False)
    path = airflow_env.airflow_environment()["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
    assert path.startswith(str(tmp_path / "airflow"))
    previous = os.umask(0o022)
    try:
        airflow_env._secure_airflow_home(tmp_path / "airflow" / "simple_auth_manager_passwords.json.generated")
    finally:
        os.umask(previous)
    generated = tmp_path / "airflow" / "simple_auth_manager_passwords.json.generated"
    assert generated.read_text() == ""  # Airflow reads an empty file as "no passwords yet"
    assert generated.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "airflow").stat().st_mode & 0o777 == 0o700
    # Airflow then opens it with "a+" and writes the admin password: the mode stays
    with generated.open("a+") as handle:
        handle.write('{"admin": "x"}\n')
    assert generated.stat().st_mode & 0o777 == 0o600
