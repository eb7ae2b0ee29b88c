"""Reading the published ``reporting`` schema as the BI role, and nothing else.

The report is a BI client like any other: it connects as ``pillars_reader`` (SELECT on ``reporting``
only), so it can never show a figure that a dashboard could not, and it can never reach raw data or
survivor tokens. The schema is a parameter only so tests can point it at a fixture copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import dict_row

from pillars.errors import PillarsError
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

PUBLISHED_SCHEMA = "reporting"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def normalise(value: Any) -> Any:
    """One JSON-safe form for a SQL value, used by the report and by the tests that recompute it."""
    if isinstance(value, Decimal):
        # sum() of bigint is numeric in PostgreSQL: a whole number stays an integer in the report
        return int(value) if value.as_tuple().exponent >= 0 else round(float(value), 6)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass
class ReportingReader:
    """Queries over one reporting schema; ``{s}`` in SQL text is replaced by the quoted schema name."""

    conn: psycopg.Connection
    schema: str

    def tables(self) -> set[str]:
        rows = self.conn.execute(
            "select table_name from information_schema.tables where table_schema = %s", (self.schema,)
        ).fetchall()
        return {row[0] for row in rows}

    def columns(self, table: str) -> list[str]:
        rows = self.conn.execute(
            "select column_name from information_schema.columns where table_schema = %s and table_name = %s"
            " order by ordinal_position",
            (self.schema, table),
        ).fetchall()
        return [row[0] for row in rows]

    def rows(self, query: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        text = query.replace("{s}", f'"{self.schema}"')
        with self.conn.cursor(row_factory=dict_row) as cur:
            cur.execute(text, params or {})  # type: ignore[arg-type] - text built from our own constants
            names = [col.name for col in cur.description or []]
            found = [{k: normalise(v) for k, v in row.items()} for row in cur.fetchall()]
        return names, found


def check_schema_name(schema: str) -> str:
    if not _SCHEMA_NAME.match(schema):
        raise PillarsError(f"report: '{schema}' is not a plain schema name (lower-case letters, digits, _)")
    return schema


@contextmanager
def open_reader(schema: str = PUBLISHED_SCHEMA) -> Iterator[ReportingReader]:
    """A read-only session as ``pillars_reader`` on ``schema``."""
    check_schema_name(schema)
    with connect(credentials.READER_ROLE) as conn:
        conn.read_only = True
        reader = ReportingReader(conn, schema)
        row = conn.execute(
            "select has_schema_privilege(oid, 'usage') from pg_namespace where nspname = %s", (schema,)
        ).fetchone()
        if not row or not row[0]:
            raise PillarsError(
                f"report: {credentials.READER_ROLE} cannot read schema '{schema}'; publish the reporting layer "
                "first ('pillars demo' or the transform_and_publish DAG)"
            )
        yield reader
