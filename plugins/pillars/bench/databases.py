"""A benchmark's own warehouse database, dropped and bootstrapped afresh so a rerun measures the same thing."""

from __future__ import annotations

from pillars.warehouse import credentials


def reset_database(name: str) -> None:
    """Drop ``name`` and bootstrap it again (roles, schemas, migrations) as the current warehouse URL's database."""
    from psycopg import sql

    from pillars.errors import PillarsError
    from pillars.warehouse import bootstrap
    from pillars.warehouse.connect import connect

    if credentials.warehouse_database() != name:  # bootstrap() builds the URL's database, not ``name``
        raise PillarsError(f"refusing to reset {name}: the warehouse URL points at {credentials.warehouse_database()}")
    with connect(credentials.ADMIN_ROLE, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
    bootstrap.bootstrap()
