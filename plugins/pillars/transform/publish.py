"""Publishing: swap the gate-checked ``reporting_next`` in as ``reporting`` in one transaction.

BI tools and the report read ``reporting`` only. Until a candidate passes the publish gate it stays in
``reporting_next``; the swap is atomic, so readers see either the previous state or the new one, never a
mix. The state it replaces is kept as ``reporting_previous`` (not readable by BI) for one cycle.

The database enforces the gate: only ``pillars_publisher`` owns ``reporting`` and can create schemas; the
transformer (dbt) writes ``reporting_next`` alone. So the swap runs as the publisher, takes the candidate's
schema and tables over, and leaves an empty ``reporting_next`` owned by the transformer for the next build.
"""

from __future__ import annotations

from datetime import date

import psycopg
from psycopg import sql

from pillars.errors import PillarsError
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

CANDIDATE = "reporting_next"
PUBLISHED = "reporting"
PREVIOUS = "reporting_previous"
RELATION_KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view"}


def publish(logical_date: date, gate_run_id: str | None = None) -> str:
    with connect(credentials.PUBLISHER_ROLE) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", ("pillars.publish",))  # one publisher at a time
        if _table_count(conn, CANDIDATE) == 0:
            raise PillarsError(f"nothing to publish: schema {CANDIDATE} holds no tables (run the dbt build first)")
        conn.execute(f"drop schema if exists {PREVIOUS} cascade")
        conn.execute(f"alter schema {PUBLISHED} rename to {PREVIOUS}")
        conn.execute(_grants("revoke all on schema {} from {}, {}", PREVIOUS))
        conn.execute(f"alter schema {CANDIDATE} rename to {PUBLISHED}")
        _take_over(conn, PUBLISHED)
        prepare_candidate(conn)
        conn.execute(
            "insert into ops.publications (logical_date, gate_run_id, status) values (%s, %s, 'published')",
            (logical_date, gate_run_id),
        )
        tables = _table_count(conn, PUBLISHED)
    return f"published {tables} reporting tables for {logical_date}"


def _table_count(conn: psycopg.Connection, schema: str) -> int:
    return conn.execute("select count(*) from pg_tables where schemaname = %s", (schema,)).fetchone()[0]


def _grants(statement: str, schema: str) -> sql.Composed:
    """``statement`` for ``schema`` and the two roles that read what is published (BI, the publish gate)."""
    return sql.SQL(statement).format(
        sql.Identifier(schema), sql.Identifier(credentials.READER_ROLE), sql.Identifier(credentials.TRANSFORMER_ROLE)
    )


def _take_over(conn: psycopg.Connection, schema: str) -> None:
    """The publisher owns the schema and every relation in it, so the transformer can no longer change them."""
    publisher = sql.Identifier(credentials.PUBLISHER_ROLE)
    conn.execute(sql.SQL("alter schema {} owner to {}").format(sql.Identifier(schema), publisher))
    relations = conn.execute(
        "select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relkind = any(%s)",
        (schema, list(RELATION_KINDS)),
    ).fetchall()
    for name, kind in relations:
        conn.execute(
            sql.SQL("alter {} {} owner to {}").format(
                sql.SQL(RELATION_KINDS[kind]), sql.Identifier(schema, name), publisher
            )
        )
    conn.execute(_grants("grant usage on schema {} to {}, {}", schema))
    conn.execute(_grants("grant select on all tables in schema {} to {}, {}", schema))
    conn.execute(_grants("alter default privileges in schema {} grant select on tables to {}, {}", schema))


def prepare_candidate(conn: psycopg.Connection) -> None:
    """An empty ``reporting_next`` for the transformer's next build: it cannot create one itself.

    Run by the publisher after each swap and by the bootstrap (as the admin), so a dropped candidate schema
    comes back with ``pillars db bootstrap``.
    """
    conn.execute(
        sql.SQL("create schema if not exists {} authorization {}").format(
            sql.Identifier(CANDIDATE), sql.Identifier(credentials.TRANSFORMER_ROLE)
        )
    )


def record_blocked(logical_date: date, reason: str, gate_run_id: str | None = None) -> None:
    """The gate failed: the previous `reporting` stays current; say so in the publication log."""
    with connect(credentials.TRANSFORMER_ROLE) as conn, conn.transaction():
        conn.execute(
            "insert into ops.publications (logical_date, gate_run_id, status, reason) values (%s, %s, 'blocked', %s)",
            (logical_date, gate_run_id, reason[:2000]),
        )
