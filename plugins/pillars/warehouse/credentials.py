"""Role passwords and connection URLs, never stored in the repository.

Each role's password comes from ``PILLARS_<ROLE>_PASSWORD`` when set; otherwise one is generated on first
use and kept in the git-ignored ``.local/credentials.json`` (mode 600) so every process on this machine
agrees. ``PILLARS_WAREHOUSE_URL`` (an administrative URL) replaces the embedded cluster entirely.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from urllib.parse import quote, urlsplit

from pillars import settings

ADMIN_ROLE = "pillars_admin"
LOADER_ROLE = "pillars_loader"
TRANSFORMER_ROLE = "pillars_transformer"
READER_ROLE = "pillars_reader"
AIRFLOW_ROLE = "pillars_airflow"
# The publish step's own role: the only one that can write or swap `reporting` (migration V004).
PUBLISHER_ROLE = "pillars_publisher"
# Superset's own metadata (users, charts, dashboards) lives in a database this role owns; it has no
# grant on the warehouse: Superset reads `reporting` through a connection as pillars_reader.
SUPERSET_ROLE = "pillars_superset"
APP_ROLES = (LOADER_ROLE, TRANSFORMER_ROLE, READER_ROLE, AIRFLOW_ROLE, PUBLISHER_ROLE, SUPERSET_ROLE)
WAREHOUSE_DB = "pillars"
# Airflow's metadata database, in the same cluster; the test suite uses its own.
AIRFLOW_DB = os.environ.get("PILLARS_AIRFLOW_DATABASE", "airflow")


def superset_database() -> str:
    """Superset's metadata database in the same cluster (the test suite uses its own)."""
    return os.environ.get("PILLARS_SUPERSET_DATABASE", "superset")


def _store() -> Path:
    return settings.local_dir() / "credentials.json"


def _read_store() -> dict[str, str]:
    try:
        return json.loads(_store().read_text())
    except FileNotFoundError:
        return {}


def password_for(role: str) -> str:
    env_name = f"PILLARS_{role.removeprefix('pillars_').upper()}_PASSWORD"
    if os.environ.get(env_name):
        return os.environ[env_name]
    if role == ADMIN_ROLE and os.environ.get("PILLARS_WAREHOUSE_URL"):
        return urlsplit(os.environ["PILLARS_WAREHOUSE_URL"]).password or ""
    stored = _read_store()
    if role not in stored:
        stored[role] = secrets.token_urlsafe(24)
        path = _store()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stored, indent=2, sort_keys=True))
        tmp.chmod(0o600)
        tmp.replace(path)
    return stored[role]


def server_address() -> tuple[str, int]:
    """Host and port of the warehouse server."""
    external = os.environ.get("PILLARS_WAREHOUSE_URL")
    if external:
        parts = urlsplit(external)
        return parts.hostname or "127.0.0.1", parts.port or 5432
    return "127.0.0.1", settings.pg_port()


def admin_login() -> str:
    external = os.environ.get("PILLARS_WAREHOUSE_URL")
    if external:
        return urlsplit(external).username or ADMIN_ROLE
    return ADMIN_ROLE


def warehouse_database() -> str:
    external = os.environ.get("PILLARS_WAREHOUSE_URL")
    if external:
        return urlsplit(external).path.lstrip("/") or WAREHOUSE_DB
    return WAREHOUSE_DB


def url(role: str = ADMIN_ROLE, database: str | None = None, driver: str = "postgresql") -> str:
    """A connection URL for ``role`` (libpq form by default; ``driver`` e.g. ``postgresql+psycopg``)."""
    host, port = server_address()
    login = admin_login() if role == ADMIN_ROLE else role
    db = database or warehouse_database()
    return f"{driver}://{quote(login, safe='')}:{quote(password_for(role), safe='')}@{host}:{port}/{db}"


def uses_embedded_cluster() -> bool:
    return not os.environ.get("PILLARS_WAREHOUSE_URL")
