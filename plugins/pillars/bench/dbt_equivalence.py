"""Do two builds give the same tables?

Two checks. ``snapshot`` / ``differences``: does a full refresh give the incremental facts the rows the
nightly incremental runs built? Every incremental table is copied into a scratch schema, rebuilt with
``--full-refresh`` and compared both ways with ``except all`` (duplicates count), so a lookback too short for
late data or a survivor merge the nightly run missed shows up as differing rows.

``fingerprint`` / ``fingerprint_differences``: is every table of a build byte-identical to another build's,
for a refactor that must not change any output? A fingerprint holds, per table, its columns and types, its
row count and an md5 over the text form of its rows in sorted order: small enough to keep as JSON between
builds of two versions of the dbt project, and strict (``1.0`` and ``1.00`` differ, as a reader would see).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class TableFingerprint:
    """What a reader of one table can see: its columns and types, how many rows, and their exact text."""

    columns: tuple[tuple[str, str], ...]
    rows: int
    md5: str


def _column_types(conn: psycopg.Connection, schema: str, table: str) -> tuple[tuple[str, str], ...]:
    rows = conn.execute(
        "select column_name, format_type(a.atttypid, a.atttypmod) from information_schema.columns as c"
        " join pg_attribute as a on a.attrelid = format('%%I.%%I', c.table_schema, c.table_name)::regclass"
        " and a.attname = c.column_name"
        " where c.table_schema = %s and c.table_name = %s order by c.ordinal_position",
        (schema, table),
    ).fetchall()
    return tuple((name, kind) for name, kind in rows)


def fingerprint(database: str, schemas: list[str]) -> dict[str, TableFingerprint]:
    """Every table and view of ``schemas``, by ``schema.name``. Rows are hashed in the server as their
    record text, sorted byte-wise (collation "C"), so two builds agree exactly when their rows do."""
    found: dict[str, TableFingerprint] = {}
    with connect(credentials.ADMIN_ROLE, database) as conn:
        relations = conn.execute(
            "select table_schema, table_name from information_schema.tables where table_schema = any(%s) order by 1, 2",
            (schemas,),
        ).fetchall()
        for schema, table in relations:
            query = sql.SQL(
                "select count(*), md5(coalesce(string_agg(r::text, E'\\n' order by r::text collate \"C\"), ''))"
                " from {} as r"
            ).format(sql.Identifier(schema, table))
            rows, digest = conn.execute(query).fetchone()
            found[f"{schema}.{table}"] = TableFingerprint(_column_types(conn, schema, table), rows, digest)
    return found


def fingerprint_differences(before: dict[str, TableFingerprint], after: dict[str, TableFingerprint]) -> list[str]:
    """One line per table that is missing, new, or differs in columns, row count or content; empty = equal."""
    lines = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old is None or new is None:
            lines.append(f"{name}: {'only after' if old is None else 'only before'}")
        elif old.columns != new.columns:
            lines.append(f"{name}: columns {list(old.columns)} -> {list(new.columns)}")
        elif (old.rows, old.md5) != (new.rows, new.md5):
            lines.append(f"{name}: {old.rows} rows md5 {old.md5} -> {new.rows} rows md5 {new.md5}")
    return lines


def save_fingerprint(tables: dict[str, TableFingerprint], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({name: asdict(t) for name, t in tables.items()}, indent=1, sort_keys=True) + "\n")


def load_fingerprint(path: Path) -> dict[str, TableFingerprint]:
    data = json.loads(path.read_text())
    return {
        name: TableFingerprint(tuple(tuple(c) for c in t["columns"]), t["rows"], t["md5"]) for name, t in data.items()
    }
