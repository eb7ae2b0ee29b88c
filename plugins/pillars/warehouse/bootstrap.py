"""Idempotent, versioned warehouse bootstrap: roles, databases, schemas, grants, ledger tables.

Migrations are ``migrations/V<NNN>__<what>.sql`` applied in order and recorded with their checksum in
``ops.schema_migrations``; each is written to be safe to re-run, and one whose text changed is applied
again, so a developer's edit never leaves the warehouse behind the repository.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

import psycopg
from psycopg import sql

from pillars.errors import PillarsError
from pillars.transform.publish import prepare_candidate
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

MIGRATIONS_PACKAGE = "pillars.warehouse.migrations"


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    text: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


def migrations() -> list[Migration]:
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        if entry.name.startswith("V") and entry.name.endswith(".sql"):
            version, _, rest = entry.name.removesuffix(".sql").partition("__")
            found.append(Migration(version, rest, entry.read_text()))
    return sorted(found, key=lambda m: m.version)


def _ensure_roles_and_databases() -> None:
    # The maintenance database exists on every server; an external server that refuses it must already
    # hold the warehouse database, and the roles and databases are then made from there.
    try:
        with connect(credentials.ADMIN_ROLE, "postgres", autocommit=True) as conn:
            _create_roles_and_databases(conn)
    except PillarsError:
        if credentials.uses_embedded_cluster():
            raise
        with connect(credentials.ADMIN_ROLE, credentials.warehouse_database(), autocommit=True) as conn:
            _create_roles_and_databases(conn)


def _create_roles_and_databases(conn: psycopg.Connection) -> None:
    # Roles belong to the whole cluster: two bootstraps at once (two test streams, two `pillars` commands)
    # would race on them ("tuple concurrently updated"), so they take turns; the lock ends with the session.
    conn.execute("select pg_advisory_lock(hashtext('pillars: roles and databases'))")
    for role in credentials.APP_ROLES:
        exists = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone()
        verb = "alter" if exists else "create"
        conn.execute(
            sql.SQL("{} role {} with login password {}").format(
                sql.SQL(verb), sql.Identifier(role), sql.Literal(credentials.password_for(role))
            )
        )
    for database, owner in (
        (credentials.warehouse_database(), credentials.admin_login()),
        (credentials.AIRFLOW_DB, credentials.AIRFLOW_ROLE),
        (credentials.superset_database(), credentials.SUPERSET_ROLE),
    ):
        exists = conn.execute("select 1 from pg_database where datname = %s", (database,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("create database {} owner {}").format(sql.Identifier(database), sql.Identifier(owner)))


def bootstrap() -> list[str]:
    """Bring the warehouse to the repository's version; returns what was applied."""
    _ensure_roles_and_databases()
    applied: list[str] = []
    database = credentials.warehouse_database()
    with connect(credentials.ADMIN_ROLE, database) as conn:
        conn.execute("create schema if not exists ops")
        conn.execute(
            "create table if not exists ops.schema_migrations ("
            " version text primary key, name text not null, checksum text not null,"
            " applied_at timestamptz not null default now())"
        )
        done = dict(conn.execute("select version, checksum from ops.schema_migrations").fetchall())
        for migration in migrations():
            if done.get(migration.version) == migration.checksum:
                continue
            conn.execute(migration.text.replace("{{database}}", database))
            conn.execute(
                "insert into ops.schema_migrations (version, name, checksum) values (%s, %s, %s)"
                " on conflict (version) do update set checksum = excluded.checksum, applied_at = now()",
                (migration.version, migration.name, migration.checksum),
            )
            applied.append(f"{migration.version} {migration.name}")
        prepare_candidate(conn)
        conn.commit()
    _ensure_raw_tables(database)
    return applied


def _ensure_raw_tables(database: str) -> None:
    """Every feed's raw table, empty until its first delivery, owned by the loader as if it had made it.

    dbt's source tests and staging views read every raw table: on a fresh deployment whose first night came
    before some partner's first file, the transform failed on a missing ``raw.<feed>`` (a scheduler's first
    start runs the latest past night at once, usually with nothing landed).
    """
    from pillars.feeds.declarations.contract import load_contracts
    from pillars.load.ddl import ensure_raw_table

    with connect(credentials.LOADER_ROLE, database) as conn:
        for contract in load_contracts().values():
            ensure_raw_table(conn, contract)
        conn.commit()
