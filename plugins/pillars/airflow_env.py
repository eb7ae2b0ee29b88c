"""The environment every Airflow process of Pillars runs with, derived from Pillars' own settings.

Nothing here is written to the repository: Airflow's home is the git-ignored ``.local/airflow``, its
metadata database is the ``airflow`` database in the warehouse cluster, and connections are passed as
``AIRFLOW_CONN_*`` variables built from the role passwords (``pillars.warehouse.credentials``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError
from pillars.privacy.files import open_private, private_dir
from pillars.warehouse import credentials

WAREHOUSE_CONNECTIONS = {
    "pillars_loader": credentials.LOADER_ROLE,
    "pillars_transformer": credentials.TRANSFORMER_ROLE,
    "pillars_reader": credentials.READER_ROLE,
}
PARTNER_API_CONN_ID = "partner_api_prosecutors"


def partner_api_port() -> int:
    return int(os.environ.get("PILLARS_PARTNER_API_PORT", "54380"))


def partner_api_token() -> str:
    return os.environ.get("PILLARS_PARTNER_API_TOKEN") or credentials.password_for("partner_api_token")


def _postgres_connection(role: str) -> str:
    host, port = credentials.server_address()
    return json.dumps(
        {
            "conn_type": "postgres",
            "host": host,
            "port": port,
            "login": credentials.admin_login() if role == credentials.ADMIN_ROLE else role,
            "password": credentials.password_for(role),
            "schema": credentials.warehouse_database(),
        }
    )


def _fernet_key() -> str:
    if os.environ.get("AIRFLOW__CORE__FERNET_KEY"):
        return os.environ["AIRFLOW__CORE__FERNET_KEY"]
    # A Fernet key is 32 url-safe base64 bytes: derived from a secret kept with the role passwords.
    stored = credentials.password_for("airflow_fernet_seed")
    return base64.urlsafe_b64encode(hashlib.sha256(stored.encode()).digest()).decode()


def airflow_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) plus everything Airflow needs to run Pillars."""
    env = dict(os.environ if base is None else base)
    root = settings.project_root()
    env.update(
        {
            "AIRFLOW_HOME": str(settings.airflow_home()),
            "PILLARS_HOME": str(root),
            "AIRFLOW__CORE__DAGS_FOLDER": str(root / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(root / "plugins"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            # Dates typed in the UI or CLI (`airflow dags test DAG 2026-11-02`) are council dates.
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": settings.council_timezone(),
            "AIRFLOW__CORE__EXECUTOR": env.get("AIRFLOW__CORE__EXECUTOR", "LocalExecutor"),
            "AIRFLOW__CORE__FERNET_KEY": _fernet_key(),
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "60",
            # The dag-processor re-parses every unchanged DAG file each 30 s by default, each in a fresh process
            # (the transform's file renders the dbt graph): a quarter of a core all night long. An edited DAG
            # file is still re-parsed at once (Airflow compares its mtime); a change to Pillars' code or a
            # contract that a DAG file imports reaches the graph within this interval (tasks parse afresh).
            "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": env.get(
                "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL", "600"
            ),
            # Unattended from the first start: the nightly DAGs are active as soon as they are parsed.
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": env.get(
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False"
            ),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": credentials.url(
                credentials.AIRFLOW_ROLE, credentials.AIRFLOW_DB, driver="postgresql+psycopg2"
            ),
            "AIRFLOW__API_AUTH__JWT_SECRET": credentials.password_for("airflow_jwt_secret"),
            "AIRFLOW__API__SECRET_KEY": credentials.password_for("airflow_api_secret"),
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            # The admin password Airflow generates: in the owner-only home, made 0600 before Airflow opens it.
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": env.get(
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE",
                str(settings.airflow_home() / "simple_auth_manager_passwords.json.generated"),
            ),
            # The UI and API on loopback unless told otherwise (docker-compose sets 0.0.0.0 inside its network).
            "AIRFLOW__API__HOST": env.get("AIRFLOW__API__HOST", "127.0.0.1"),
            # Nothing phones home: no usage metrics from Airflow or Cosmos (and this network allows none).
            "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            # The dbt build is never retried (transform_dag.py), so Cosmos need not copy every model status
            # into an Airflow Variable as it goes (quadratic in the number of dbt nodes).
            "AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY": "False",
            # dbt's partial-parse state is only valid for one profile: one cache per checkout and warehouse,
            # not /tmp/cosmos shared by every checkout on the machine (each build then re-parsed: 60 s here).
            "AIRFLOW__COSMOS__CACHE_DIR": str(settings.airflow_home() / "cosmos" / credentials.warehouse_database()),
            "SCARF_ANALYTICS": "false",
            "DO_NOT_TRACK": "1",
            "SCARF_NO_ANALYTICS": "true",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": env.get("AIRFLOW__LOGGING__LOGGING_LEVEL", "INFO"),
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(settings.airflow_home() / "logs"),
            "AIRFLOW_CONN_PARTNER_API_PROSECUTORS": json.dumps(
                {
                    "conn_type": "http",
                    "host": "127.0.0.1",
                    "port": partner_api_port(),
                    "schema": "http",
                    "password": partner_api_token(),
                }
            ),
        }
    )
    # `airflow standalone` and the executors start `airflow ...` sub-processes by name: use this venv's.
    venv_bin = str(Path(sys.executable).parent)
    if venv_bin not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = os.pathsep.join(p for p in (venv_bin, env.get("PATH", "")) if p)
    if not (env.get("PILLARS_TOKEN_KEY") or env.get("PILLARS_TOKEN_KEY_FILE")):
        env["PILLARS_TOKEN_KEY_FILE"] = str(settings.token_key_file())
    for conn_id, role in WAREHOUSE_CONNECTIONS.items():
        env[f"AIRFLOW_CONN_{conn_id.upper()}"] = _postgres_connection(role)
    return env


def _airflow_executable() -> str:
    candidate = Path(sys.executable).parent / "airflow"
    return str(candidate) if candidate.exists() else "airflow"


def run_airflow(args: list[str], check: bool = True) -> int:
    """Run the ``airflow`` CLI with Pillars' environment; returns its exit code."""
    env = airflow_environment()
    _secure_airflow_home(Path(env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]))
    result = subprocess.run([_airflow_executable(), *args], env=env, check=False)
    if check and result.returncode != 0:
        raise PillarsError(f"'airflow {' '.join(args)}' failed with exit code {result.returncode}")
    return result.returncode


def _secure_airflow_home(password_file: Path) -> None:
    """AIRFLOW_HOME owner-only (its logs name partners' files and rows) and the admin password file 0600.

    Airflow creates that file with ``open(..., "a+")`` under the process umask (world-readable); an existing
    file keeps its mode, so it is made (empty, which Airflow reads as no passwords yet) 0600 first.
    """
    private_dir(settings.airflow_home())
    password_file.parent.mkdir(parents=True, exist_ok=True)
    with open_private(password_file, "a"):
        pass


def init_airflow_home() -> str:
    """Create AIRFLOW_HOME and migrate the metadata database (idempotent)."""
    home = private_dir(settings.airflow_home())
    (home / "logs").mkdir(exist_ok=True)
    run_airflow(["db", "migrate"])
    from pillars.orchestration.policy import WAREHOUSE_WRITERS_POOL, WAREHOUSE_WRITERS_SLOTS

    run_airflow(
        [
            "pools",
            "set",
            WAREHOUSE_WRITERS_POOL,
            str(WAREHOUSE_WRITERS_SLOTS),
            "Caps concurrent writers to the warehouse (loads, dbt models, publish)",
        ]
    )
    return f"Airflow home ready at {home} (metadata in database '{credentials.AIRFLOW_DB}')"


def shell_exports() -> str:
    """``export`` lines so a shell can run ``airflow`` against Pillars by hand."""
    env = airflow_environment(base={})
    env.pop("PATH", None)  # a shell keeps its own PATH; the venv's bin is on it when `pillars` runs
    return "\n".join(f"export {key}={json.dumps(value)}" for key, value in sorted(env.items()))
