"""Publishing swaps the candidate reporting state in atomically, as the transformer, for the BI role only."""

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
    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        conn.execute("drop schema if exists reporting_next cascade")
        conn.execute("create schema reporting_next")
        conn.execute("create table reporting_next.zz_publish_probe as select 42 as answer")
    yield
    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        conn.execute("drop table if exists reporting.zz_publish_probe")
        conn.execute("drop schema if exists reporting_next cascade")


def test_publish_swaps_the_candidate_in_for_the_reader_and_logs_it(candidate):
    message = publish(date(2026, 1, 1), "gate-run-1")
    assert "published" in message
    with connect(credentials.READER_ROLE) as conn:
        assert conn.execute("select answer from reporting.zz_publish_probe").fetchone() == (42,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select * from reporting_previous.zz_publish_probe").fetchall()
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        assert conn.execute("select to_regnamespace('reporting_next')").fetchone() == (None,)
        row = conn.execute("select status, gate_run_id from ops.publications order by publication_id desc limit 1")
        assert row.fetchone() == ("published", "gate-run-1")


def test_nothing_to_publish_is_one_clear_error(warehouse):
    with connect(credentials.TRANSFORMER_ROLE, autocommit=True) as conn:
        conn.execute("drop schema if exists reporting_next cascade")
    with pytest.raises(PillarsError, match="nothing to publish"):
        publish(date(2026, 1, 1))
