"""Apache Superset in its own environment, on the published ``reporting`` schema: install, provision, serve.

Superset pins Flask, SQLAlchemy 1.4 and pandas versions Airflow cannot share, so it lives in its own
virtualenv (``.local/bi/venv``, or ``PILLARS_SUPERSET_VENV``) synced by uv from
``deploy/superset/requirements.lock``. Its metadata (users, charts) is the ``superset`` database of the
warehouse cluster, owned by ``pillars_superset`` (created by the warehouse bootstrap); the warehouse is
read only through a connection as ``pillars_reader``. Every step is idempotent: ``pillars bi`` again
updates the dashboard in place.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pillars import settings
from pillars.bi import bundle, spec
from pillars.errors import PillarsError
from pillars.warehouse import credentials

ADMIN_USER = "admin"
DEFAULT_PORT = 8088
STEP_TIMEOUT = 900
SYNCED_LOCK = ".pillars-synced.lock"
# The credentials store keys (PILLARS_SUPERSET_ADMIN_PASSWORD / PILLARS_SUPERSET_SECRET_PASSWORD override).
ADMIN_SECRET = "superset_admin"  # noqa: S105 - a key of the store, not a password
KEY_SECRET = "superset_secret"  # noqa: S105 - a key of the store, not a password


def port() -> int:
    return int(os.environ.get("PILLARS_SUPERSET_PORT", DEFAULT_PORT))


def deploy_dir() -> Path:
    return settings.project_root() / "deploy" / "superset"


def venv_dir() -> Path:
    return Path(os.environ.get("PILLARS_SUPERSET_VENV", settings.local_dir() / "bi" / "venv")).resolve()


def admin_password() -> str:
    """The admin's password: generated once, kept 0600 in ``.local/credentials.json``."""
    return credentials.password_for(ADMIN_SECRET)


def reader_url(database: str | None = None) -> str:
    return credentials.url(credentials.READER_ROLE, database, driver="postgresql+psycopg2")


def environment() -> dict[str, str]:
    """What every Superset process needs: its config file, secret key and metadata database."""
    metadata = credentials.url(credentials.SUPERSET_ROLE, credentials.superset_database(), "postgresql+psycopg2")
    return {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(deploy_dir() / "superset_config.py"),
        "SUPERSET_SECRET_KEY": credentials.password_for(KEY_SECRET),
        "SUPERSET_METADATA_URL": metadata,
        "SUPERSET_ADMIN_USER": ADMIN_USER,
        "SUPERSET_ADMIN_PASSWORD": admin_password(),
        "PILLARS_BI_READER_PASSWORD": credentials.password_for(credentials.READER_ROLE),
        "SUPERSET_LOAD_EXAMPLES": "no",
    }


def _uv() -> str:
    found = Path(sys.executable).parent / "uv"
    uv = str(found) if found.exists() else shutil.which("uv")
    if uv is None:
        raise PillarsError("bi: uv not found next to this Python or on PATH (run 'make setup')")
    return uv


def _run(step: str, command: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=STEP_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise PillarsError(f"bi: {step} did not finish within {STEP_TIMEOUT}s") from exc
    if done.returncode != 0:
        lines = (done.stderr.strip() or done.stdout.strip() or "no message").splitlines()
        raise PillarsError(f"bi: {step} failed: {lines[-1]}")
    return done.stdout


def install() -> Path:
    """Superset's virtualenv, synced to its lock; skipped when the copy of the lock synced last is the same.

    The copy (``.pillars-synced.lock`` in the venv) also lets an image ship a read-only venv: the Dockerfile
    writes it after its own sync, so a container never needs to write there.
    """
    venv = venv_dir()
    python = venv / "bin" / "python"
    lock = deploy_dir() / "requirements.lock"
    synced = venv / SYNCED_LOCK
    if python.exists() and synced.exists() and synced.read_bytes() == lock.read_bytes():
        return venv
    if not python.exists():
        _run("creating Superset's virtualenv", [_uv(), "venv", "-q", "--python", sys.executable, str(venv)])
    # Compiled at install: with PYTHONDONTWRITEBYTECODE set, each Superset process (every CLI step, each
    # gunicorn worker) would otherwise compile Flask, pandas and Superset from source as it starts.
    sync = [_uv(), "pip", "sync", "-q", "--compile-bytecode", "--python", str(python), str(lock)]
    _run("installing Superset (uv pip sync)", sync)
    shutil.copyfile(lock, synced)
    return venv


@dataclass(frozen=True)
class Provisioned:
    dashboard: spec.Dashboard
    bundle_path: Path


def provision(database: str | None = None) -> Provisioned:
    """Metadata schema, roles, admin and the dashboard from the repository's spec (reading ``database``)."""
    install()
    dashboard = spec.load()
    path = bundle.write(dashboard, reader_url(database), settings.local_dir() / "bi" / "pillars-dashboard.zip")
    _run("importing the dashboard", [str(venv_dir() / "bin" / "python"), str(deploy_dir() / "provision.py"), str(path)],
         environment())  # fmt: skip
    return Provisioned(dashboard, path)


def server_command(host: str, listen_port: int) -> list[str]:
    return [
        str(venv_dir() / "bin" / "gunicorn"),
        "--bind", f"{host}:{listen_port}",
        "--workers", "2",
        "--threads", "4",
        "--timeout", "120",
        "--access-logfile", "-",
        "superset.app:create_app()",
    ]  # fmt: skip


def start(host: str = "127.0.0.1", listen_port: int | None = None, log: Path | None = None) -> subprocess.Popen:
    """The web server in the background, once it answers /health (the caller stops it)."""
    listen_port = listen_port or port()
    log = log or settings.local_dir() / "bi" / "superset.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        server = subprocess.Popen(server_command(host, listen_port), env=environment(), stdout=out, stderr=out)
    wait_healthy(f"http://127.0.0.1:{listen_port}", server, log)
    return server


def stop(server: subprocess.Popen, seconds: float = 30) -> None:
    """Stop a server from :func:`start`: SIGINT is gunicorn's quick shutdown (SIGTERM waits for workers)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_healthy(base: str, server: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise PillarsError(f"bi: Superset exited with code {server.returncode} (see {log})")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=5) as response:  # noqa: S310 - http on loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    stop(server)
    raise PillarsError(f"bi: Superset did not answer {base}/health within {seconds:.0f}s (see {log})")


def dashboard_url(base: str, dashboard: spec.Dashboard) -> str:
    return f"{base}/superset/dashboard/{dashboard.slug}/"
