"""Wire Metabase to the warehouse as ``pillars_reader``, showing the ``reporting`` schema only.

Run once by the ``metabase-setup`` compose service after Metabase is healthy; safe to re-run (it
completes first-run setup if needed, then creates or updates one database connection, so a rotated
reader password is picked up). Everything comes from the environment; nothing is stored here.

The reader role can only SELECT on ``reporting`` anyway; the schema filter keeps Metabase from even
listing the other (unreadable) schemas.
"""

from __future__ import annotations

import os
import sys
import time

import requests

DATABASE_NAME = "Pillars reporting"
TIMEOUT = 30


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if not value:
        sys.exit(f"metabase-setup: {name} is not set (see .env.example)")
    return value


def wait_healthy(base: str, minutes: float = 10) -> None:
    deadline = time.monotonic() + minutes * 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/health", timeout=5).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(5)
    sys.exit(f"metabase-setup: Metabase at {base} was not healthy within {minutes} minutes")


def session(base: str) -> str:
    """A session token: completes first-run setup with the admin from .env, or logs in as that admin."""
    email, password = env("METABASE_ADMIN_EMAIL"), env("METABASE_ADMIN_PASSWORD")
    properties = requests.get(f"{base}/api/session/properties", timeout=TIMEOUT).json()
    token = properties.get("setup-token")
    if token and not properties.get("has-user-setup"):
        body = {
            "token": token,
            "user": {"email": email, "password": password, "first_name": "Pillars", "last_name": "Admin",
                     "site_name": "Pillars"},
            "prefs": {"site_name": "Pillars", "site_locale": "en", "allow_tracking": False},
        }  # fmt: skip
        response = requests.post(f"{base}/api/setup", json=body, timeout=TIMEOUT)
    else:
        response = requests.post(f"{base}/api/session", json={"username": email, "password": password}, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()["id"]


def connection_details() -> dict:
    return {
        "host": env("PILLARS_WAREHOUSE_HOST", "postgres"),
        "port": int(env("PILLARS_WAREHOUSE_PORT", "5432")),
        "dbname": env("PILLARS_WAREHOUSE_DB", "pillars"),
        "user": "pillars_reader",
        "password": env("PILLARS_READER_PASSWORD"),
        "ssl": os.environ.get("PILLARS_WAREHOUSE_SSL", "false").lower() == "true",
        "schema-filters-type": "inclusion",
        "schema-filters-patterns": "reporting",
    }


def wire_database(base: str, token: str) -> str:
    headers = {"X-Metabase-Session": token}
    listed = requests.get(f"{base}/api/database", headers=headers, timeout=TIMEOUT).json()
    databases = listed.get("data", []) if isinstance(listed, dict) else listed
    existing = next((db for db in databases if db.get("name") == DATABASE_NAME), None)
    body = {"engine": "postgres", "name": DATABASE_NAME, "details": connection_details(), "is_full_sync": True}
    if existing:
        response = requests.put(f"{base}/api/database/{existing['id']}", json=body, headers=headers, timeout=TIMEOUT)
        verb = "updated"
    else:
        response = requests.post(f"{base}/api/database", json=body, headers=headers, timeout=TIMEOUT)
        verb = "created"
    response.raise_for_status()
    database_id = response.json()["id"]
    requests.post(f"{base}/api/database/{database_id}/sync_schema", headers=headers, timeout=TIMEOUT)
    return f"metabase-setup: {verb} '{DATABASE_NAME}' (id {database_id}) as pillars_reader on schema reporting"


def main() -> int:
    base = env("METABASE_URL", "http://metabase:3000").rstrip("/")
    wait_healthy(base)
    print(wire_database(base, session(base)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
