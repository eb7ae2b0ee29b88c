"""The embedded cluster's life cycle on a private folder and port of its own, through the real CLI."""

from __future__ import annotations

import re
import shutil
import socket
import time
import uuid
from pathlib import Path

import pytest

from pillars.orchestration.live import free_port
from tests.conftest import ROOT, run_pillars

pytestmark = pytest.mark.integration


@pytest.fixture
def private_cluster():
    # Under the project's .local (not /tmp): when tests run as root the server runs as `postgres`,
    # which must be able to reach the folder.
    local = ROOT / ".local" / "test-clusters" / uuid.uuid4().hex[:8]
    env = {"PILLARS_LOCAL_DIR": str(local), "PILLARS_PG_PORT": str(free_port()), "PILLARS_WAREHOUSE_URL": ""}
    yield env
    run_pillars("db", "clean", env=env)
    shutil.rmtree(local, ignore_errors=True)


def _psql_count(env) -> str:
    url = run_pillars("db", "url", env=env).stdout.strip()
    import psycopg

    with psycopg.connect(url) as conn:
        return str(conn.execute("select count(*) from ops.survives").fetchone()[0])


def test_up_is_idempotent_and_data_survives_down_up(private_cluster):
    env = private_cluster
    first = run_pillars("db", "up", env=env)
    assert first.returncode == 0, first.stderr
    assert "created and started" in first.stdout

    started = time.monotonic()
    again = run_pillars("db", "up", env=env)
    assert again.returncode == 0, again.stderr
    assert "already running" in again.stdout
    assert time.monotonic() - started < 20

    url = run_pillars("db", "url", env=env).stdout.strip()
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("create table ops.survives (n int)")
        conn.execute("insert into ops.survives select generate_series(1, 42)")

    down = run_pillars("db", "down", env=env)
    assert down.returncode == 0 and "stopped" in down.stdout
    status = run_pillars("db", "status", env=env)
    assert status.returncode == 1 and "pillars db up" in status.stdout

    assert run_pillars("db", "up", env=env).returncode == 0
    assert _psql_count(env) == "42"


def test_taken_port_is_one_clear_line(private_cluster):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        env = {**private_cluster, "PILLARS_PG_PORT": str(blocker.getsockname()[1])}
        result = run_pillars("db", "up", env=env)
    assert result.returncode != 0
    assert "is taken" in result.stderr and "PILLARS_PG_PORT" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_postgresql_says_how_to_install(private_cluster):
    env = {**private_cluster, "PILLARS_PG_BIN_DIR": "/nonexistent/postgresql/bin"}
    result = run_pillars("db", "up", env=env)
    assert result.returncode != 0
    assert "apt-get install postgresql" in result.stderr and "PILLARS_WAREHOUSE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_dead_cluster_is_reported(private_cluster):
    result = run_pillars("db", "bootstrap", env=private_cluster)
    assert result.returncode != 0
    assert "pillars db up" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_warehouse_url_is_one_clear_line():
    result = run_pillars(
        "db", "bootstrap", env={"PILLARS_WAREHOUSE_URL": "postgresql://nobody:wrong@127.0.0.1:1/nowhere"}
    )
    assert result.returncode != 0
    assert "PILLARS_WAREHOUSE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_command_is_one_clear_line():
    result = run_pillars("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "--help" in result.stderr
    assert "Traceback" not in result.stderr


def _socket_login_without_password(env) -> str:
    """Try the server's own socket as the admin with no password; returns the refusal ('' if let in)."""
    import psycopg

    socket_dir = Path(env["PILLARS_LOCAL_DIR"]) / "pg" / "run"
    try:
        with psycopg.connect(host=str(socket_dir), port=env["PILLARS_PG_PORT"], user="pillars_admin",
                             dbname="postgres", password="", connect_timeout=5):  # fmt: skip
            return ""
    except psycopg.OperationalError as exc:
        return str(exc)


def _methods(hba: Path) -> set[str]:
    """The authentication method of every rule (comments aside)."""
    return {line.split()[-1] for line in hba.read_text().splitlines() if line.strip() and not line.startswith("#")}


def _trust_the_socket(hba: Path) -> None:
    """What clusters made by an earlier Pillars had: every local socket user let in without a password."""
    hba.write_text(re.sub(r"^(local\s.*\s)scram-sha-256$", r"\1trust", hba.read_text(), flags=re.M))
    assert "trust" in _methods(hba)


def test_no_trust_on_the_socket_and_old_clusters_are_fixed_on_up(private_cluster):
    env = private_cluster
    assert run_pillars("db", "up", env=env).returncode == 0
    hba = Path(env["PILLARS_LOCAL_DIR"]) / "pg" / "data" / "pg_hba.conf"
    assert _methods(hba) == {"scram-sha-256"}
    assert "password" in _socket_login_without_password(env)

    _trust_the_socket(hba)  # while running: `db up` rewrites and reloads
    again = run_pillars("db", "up", env=env)
    assert again.returncode == 0 and "already running" in again.stdout, again.stderr
    assert _methods(hba) == {"scram-sha-256"}

    assert run_pillars("db", "down", env=env).returncode == 0
    _trust_the_socket(hba)  # while stopped: fixed before the server starts
    assert run_pillars("db", "up", env=env).returncode == 0
    assert _methods(hba) == {"scram-sha-256"}
    assert "password" in _socket_login_without_password(env)
