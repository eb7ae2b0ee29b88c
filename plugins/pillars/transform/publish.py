"""Publishing: swap the gate-checked ``reporting_next`` in as ``reporting`` in one transaction.

BI tools and the report read ``reporting`` only. Until a candidate passes the publish gate it stays in
``reporting_next``; the swap is atomic, so readers see either the previous state or the new one, never a
mix. The state it replaces is kept as ``reporting_previous`` (not readable by BI) for one cycle.
"""

from __future__ import annotations

from datetime import date

from pillars.errors import PillarsError
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

CANDIDATE = "reporting_next"
PUBLISHED = "reporting"
PREVIOUS = "reporting_previous"


def publish(logical_date: date, gate_run_id: str | None = None) -> str:
    reader = credentials.READER_ROLE
    with connect(credentials.TRANSFORMER_ROLE) as conn, conn.transaction():
        candidate = conn.execute("select 1 from pg_namespace where nspname = %s", (CANDIDATE,)).fetchone()
        if candidate is None:
            raise PillarsError(f"nothing to publish: schema {CANDIDATE} does not exist (run the dbt build first)")
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", ("pillars.publish",))  # one publisher at a time
        conn.execute(f"drop schema if exists {PREVIOUS} cascade")
        conn.execute(f"alter schema {PUBLISHED} rename to {PREVIOUS}")
        conn.execute(f"revoke all on schema {PREVIOUS} from {reader}")
        conn.execute(f"alter schema {CANDIDATE} rename to {PUBLISHED}")
        conn.execute(f"grant usage on schema {PUBLISHED} to {reader}")
        conn.execute(f"grant select on all tables in schema {PUBLISHED} to {reader}")
        conn.execute(f"alter default privileges in schema {PUBLISHED} grant select on tables to {reader}")
        conn.execute(
            "insert into ops.publications (logical_date, gate_run_id, status) values (%s, %s, 'published')",
            (logical_date, gate_run_id),
        )
        tables = conn.execute("select count(*) from pg_tables where schemaname = %s", (PUBLISHED,)).fetchone()[0]
    return f"published {tables} reporting tables for {logical_date}"


def record_blocked(logical_date: date, reason: str, gate_run_id: str | None = None) -> None:
    """The gate failed: the previous `reporting` stays current; say so in the publication log."""
    with connect(credentials.TRANSFORMER_ROLE) as conn, conn.transaction():
        conn.execute(
            "insert into ops.publications (logical_date, gate_run_id, status, reason) values (%s, %s, 'blocked', %s)",
            (logical_date, gate_run_id, reason[:2000]),
        )
