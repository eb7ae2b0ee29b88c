"""Does a full refresh give the incremental facts the rows the nightly incremental runs built?

Snapshots every incremental table into a scratch schema, rebuilds them with ``--full-refresh`` and compares
both ways with ``except all`` (duplicates count), so a lookback too short for late data or a survivor merge
the nightly run missed shows up as differing rows.
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

SCRATCH_SCHEMA = "bench_incremental"


def _columns(conn: psycopg.Connection, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
        " order by ordinal_position",
        (schema, table),
    ).fetchall()
    return [row[0] for row in rows]


def snapshot(database: str, relations: list[tuple[str, str]]) -> None:
    """Copy each table as the incremental runs left it into the scratch schema."""
    with connect(credentials.ADMIN_ROLE, database) as conn:
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(SCRATCH_SCHEMA)))
        conn.execute(sql.SQL("create schema {}").format(sql.Identifier(SCRATCH_SCHEMA)))
        for schema, table in relations:
            conn.execute(
                sql.SQL("create table {} as table {}").format(
                    sql.Identifier(SCRATCH_SCHEMA, table), sql.Identifier(schema, table)
                )
            )
        conn.commit()


def differences(database: str, relations: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Per table: (rows only the incremental runs have, rows only the full refresh has); empty = equal."""
    found: dict[str, tuple[int, int]] = {}
    with connect(credentials.ADMIN_ROLE, database) as conn:
        for schema, table in relations:
            columns = sql.SQL(", ").join(sql.Identifier(name) for name in _columns(conn, schema, table))
            incremental = sql.Identifier(SCRATCH_SCHEMA, table)
            full = sql.Identifier(schema, table)
            counts = []
            for left, right in ((incremental, full), (full, incremental)):
                query = sql.SQL("select count(*) from (select {c} from {l} except all select {c} from {r}) as d")
                counts.append(conn.execute(query.format(c=columns, l=left, r=right)).fetchone()[0])
            if any(counts):
                found[f"{schema}.{table}"] = (counts[0], counts[1])
        conn.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(SCRATCH_SCHEMA)))
        conn.commit()
    return found
