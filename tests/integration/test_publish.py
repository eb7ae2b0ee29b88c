"""Publishing swaps the candidate reporting state in atomically, as the publisher, for the BI role only."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from pillars.errors import PillarsError
from pillars.transform.publish import publish
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

pytestmark = pytest.mark.integration


@pytest.fixture
def candidate(warehouse):
    """A probe table in reporting_next, built as dbt builds it: by the transformer, in the schema made for it."""
    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        conn.execute("drop table if exists reporting_next.zz_publish_probe")
        conn.execute("create table reporting_next.zz_publish_probe as select 42 as answer")
    yield
    with connect(credentials.PUBLISHER_ROLE, autocommit=True) as conn:
        conn.execute("drop table if exists reporting.zz_publish_probe")
        conn.execute("drop table if exists reporting_next.zz_publish_probe")


def test_publish_swaps_the_candidate_in_for_the_reader_and_logs_it(candidate):
    message = publish(date(2026, 1, 1), "gate-run-1")
    assert "published" in message
    with connect(credentials.READER_ROLE) as conn:
        assert conn.execute("select answer from reporting.zz_publish_probe").fetchone() == (42,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from reporting_previous.zz_publish_probe").fetchall()
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        # an empty candidate schema is back, the transformer's, for the next dbt build
        owner = conn.execute("select nspowner::regrole::text from pg_namespace where nspname = 'reporting_next'")
        assert owner.fetchone() == (credentials.TRANSFORMER_ROLE,)
        assert conn.execute("select count(*) from pg_tables where schemaname = 'reporting_next'").fetchone() == (0,)
        # the published table is the publisher's: the transformer reads it but cannot change it
        assert conn.execute("select answer from reporting.zz_publish_probe").fetchone() == (42,)
        owner = conn.execute("select tableowner from pg_tables where tablename = 'zz_publish_probe'").fetchone()
        assert owner == (credentials.PUBLISHER_ROLE,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute("insert into reporting.zz_publish_probe values (3)")
        row = conn.execute("select status, gate_run_id from ops.publications order by publication_id desc limit 1")
        assert row.fetchone() == ("published", "gate-run-1")


def test_nothing_to_publish_is_one_clear_error(warehouse):
    """An empty candidate never replaces what is published (it would empty every BI table)."""
    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        tables = conn.execute("select tablename from pg_tables where schemaname = 'reporting_next'").fetchall()
        for (table,) in tables:
            conn.execute(f'drop table reporting_next."{table}" cascade')
    with pytest.raises(PillarsError, match="nothing to publish"):
        publish(date(2026, 1, 1))


def test_a_dropped_candidate_schema_comes_back_with_bootstrap(warehouse):
    from pillars.warehouse import bootstrap

    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        conn.execute("drop schema reporting_next cascade")
    with pytest.raises(PillarsError, match="nothing to publish"):
        publish(date(2026, 1, 1))
    bootstrap.bootstrap()
    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        conn.execute("create table reporting_next.zz_bootstrap_probe (n int)")
        conn.execute("drop table reporting_next.zz_bootstrap_probe")
