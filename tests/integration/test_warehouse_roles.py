"""Least privilege: the BI role reads `reporting` and nothing else; writers stay in their own schemas."""

from __future__ import annotations

import psycopg
import pytest

from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

pytestmark = pytest.mark.integration

OWNER_OF = {
    "raw": credentials.LOADER_ROLE,
    "ops": credentials.LOADER_ROLE,
    "quarantine": credentials.LOADER_ROLE,
    "staging": credentials.TRANSFORMER_ROLE,
    "marts": credentials.TRANSFORMER_ROLE,
    "reporting": credentials.TRANSFORMER_ROLE,
}


@pytest.fixture
def probe_tables(warehouse):
    """One table per schema, created by the role that writes there (so default privileges apply)."""
    with connect(autocommit=True) as admin:
        for schema, owner in OWNER_OF.items():
            admin.execute(f"set role {owner}")
            admin.execute(f"drop table if exists {schema}.zz_privilege_probe")
            admin.execute(f"create table {schema}.zz_privilege_probe as select 1 as n")
            admin.execute("reset role")
    yield
    with connect(autocommit=True) as admin:
        for schema in OWNER_OF:
            admin.execute(f"drop table if exists {schema}.zz_privilege_probe")


@pytest.mark.parametrize("schema", ["raw", "staging", "marts", "ops", "quarantine"])
def test_reader_cannot_select_outside_reporting(probe_tables, schema):
    with connect(credentials.READER_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"select n from {schema}.zz_privilege_probe").fetchall()


def test_reader_can_select_reporting(probe_tables):
    with connect(credentials.READER_ROLE) as conn:
        assert conn.execute("select n from reporting.zz_privilege_probe").fetchall() == [(1,)]


def test_reader_cannot_see_the_ledger_or_quarantine(warehouse):
    for table in ("ops.batches", "quarantine.rejected_rows"):
        with connect(credentials.READER_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"select count(*) from {table}").fetchone()


def test_transformer_reads_raw_but_cannot_write_it(probe_tables):
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        assert conn.execute("select n from raw.zz_privilege_probe").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into raw.zz_privilege_probe values (2)")


@pytest.mark.parametrize("schema", ["staging", "marts", "reporting"])
def test_loader_cannot_create_in_transformed_schemas(warehouse, schema):
    with connect(credentials.LOADER_ROLE) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f"create table {schema}.zz_loader_probe (n int)")


def test_bootstrap_is_idempotent(warehouse):
    from pillars.warehouse import bootstrap

    assert bootstrap.bootstrap() == []
