"""Raw table DDL derived from the feed contract: the contract is the only place a column is declared."""

from __future__ import annotations

import psycopg
from psycopg import sql

from pillars.feeds.declarations.contract import Contract


def ensure_raw_table(conn: psycopg.Connection, contract: Contract) -> None:
    """Create ``raw.<feed>`` if missing and add any column a newer contract declares (never drops)."""
    columns = contract.raw_table_columns()
    table = sql.Identifier("raw", contract.feed)
    conn.execute(
        sql.SQL("create table if not exists {} ({})").format(
            table,
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type)) for name, pg_type in columns
            ),
        )
    )
    for name, pg_type in columns:
        conn.execute(
            sql.SQL("alter table {} add column if not exists {} {}").format(
                table, sql.Identifier(name), sql.SQL(pg_type)
            )
        )
    # The load's transaction time, filled in by the database: sent with every row, the same timestamp cost
    # the COPY 33 bytes and a timestamptz parse per row.
    default = conn.execute(
        "select column_default from information_schema.columns"
        " where table_schema = 'raw' and table_name = %s and column_name = '_loaded_at'",
        (contract.feed,),
    ).fetchone()
    if default is not None and default[0] is None:
        conn.execute(sql.SQL("alter table {} alter column _loaded_at set default now()").format(table))
    # One index serves both ways in: a batch's rows (replacement, the quality gate, incremental staging)
    # and single lines of a batch (the duplicate check asks for its candidates' lines). It replaces the
    # earlier index on _batch_id alone; keeping both would cost every load two index inserts a row.
    conn.execute(
        sql.SQL("create index if not exists {} on {} (_batch_id, _source_line)").format(
            sql.Identifier(f"{contract.feed}__batch_line"), table
        )
    )
    conn.execute(sql.SQL("drop index if exists {}").format(sql.Identifier("raw", f"{contract.feed}__batch")))
    conn.execute(
        sql.SQL("comment on table {} is {}").format(
            table,
            sql.Literal(f"{contract.title}. Loaded by Pillars from partner deliveries; see feed contract."),
        )
    )
