"""Opening connections to the warehouse, with errors a person can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from pillars.errors import PillarsError
from pillars.warehouse import cluster, credentials


def _describe_target(role: str, database: str) -> str:
    host, port = credentials.server_address()
    return f"{role}@{host}:{port}/{database}"


@contextmanager
def connect(
    role: str = credentials.ADMIN_ROLE, database: str | None = None, autocommit: bool = False
) -> Iterator[psycopg.Connection]:
    """A psycopg connection as ``role``; connection failures become one clear PillarsError."""
    db = database or credentials.warehouse_database()
    try:
        conn = psycopg.connect(credentials.url(role, db), autocommit=autocommit, connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise PillarsError(_connection_hint(role, db, exc)) from exc
    try:
        yield conn
    finally:
        conn.close()


def _connection_hint(role: str, database: str, exc: Exception) -> str:
    reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    target = _describe_target(role, database)
    if not credentials.uses_embedded_cluster():
        return (
            f"cannot connect to the warehouse named by PILLARS_WAREHOUSE_URL ({target}): {reason}; "
            "check the URL, the server and the credentials"
        )
    if not cluster.is_running():
        return f"the embedded warehouse is not running ({target}): start it with 'pillars db up'"
    return f"cannot connect to the warehouse ({target}): {reason}; try 'pillars db bootstrap'"
