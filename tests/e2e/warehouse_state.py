"""Comparing whole warehouse states: a fingerprint of every table, minus the columns that record *when*."""

from __future__ import annotations

import hashlib

from pillars.warehouse.connect import connect

SCHEMAS = ("raw", "quarantine", "ops", "staging", "marts", "reporting")
# Columns whose value is the wall-clock time of a load or check, not data: they differ run to run by design.
VOLATILE_COLUMNS = {"_loaded_at", "started_at", "finished_at", "evaluated_at", "published_at", "applied_at", "run_id",
                    "gate_run_id", "publication_id", "loaded_at", "generated_at", "built_at"}  # fmt: skip
VOLATILE_TABLES = {"ops.quality_results", "ops.publications", "ops.schema_migrations"}


def tables(schemas: tuple[str, ...] = SCHEMAS) -> list[tuple[str, str]]:
    with connect() as conn:
        return conn.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema = any(%s) and table_type in ('BASE TABLE', 'VIEW')"
            " order by 1, 2",
            (list(schemas),),
        ).fetchall()


def fingerprint(schemas: tuple[str, ...] = SCHEMAS) -> dict[str, tuple[int, str]]:
    """(row count, md5 of the sorted rows) per table, volatile columns left out."""
    result = {}
    with connect() as conn:
        for schema, table in tables(schemas):
            name = f"{schema}.{table}"
            if name in VOLATILE_TABLES:
                continue
            columns = [
                c
                for (c,) in conn.execute(
                    "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
                    " order by ordinal_position",
                    (schema, table),
                ).fetchall()
                if c not in VOLATILE_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            rows = conn.execute(f'select {select} from "{schema}"."{table}"').fetchall()
            digest = hashlib.md5(usedforsecurity=False)
            for line in sorted(repr(row) for row in rows):
                digest.update(line.encode())
            result[name] = (len(rows), digest.hexdigest())
    return result


def differences(before: dict, after: dict) -> list[str]:
    names = sorted(set(before) | set(after))
    return [f"{n}: {before.get(n)} -> {after.get(n)}" for n in names if before.get(n) != after.get(n)]


def text_dump(schema: str, table: str) -> str:
    """Every value of a table as text (for scanning for identifiers)."""
    with connect() as conn, conn.cursor() as cur:
        chunks = []
        with cur.copy(f'copy (select * from "{schema}"."{table}") to stdout') as copy:
            for data in copy:
                chunks.append(bytes(data).decode())
        return "".join(chunks)
