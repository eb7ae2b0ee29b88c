"""Least privilege: the BI role reads `reporting` and nothing else; writers stay in their own schemas; only the
publish step's role can write `reporting` (the publish gate, enforced by the database)."""

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
    "reporting": credentials.PUBLISHER_ROLE,
}
WRITES_TO_REPORTING = {
    "insert": "insert into reporting.zz_privilege_probe values (2)",
    "update": "update reporting.zz_privilege_probe set n = 3",
    "delete": "delete from reporting.zz_privilege_probe",
    "create": "create table reporting.zz_forged (n int)",
    "create view": "create view reporting.zz_forged as select 1 as n",
    "alter": "alter table reporting.zz_privilege_probe add column forged int",
    "drop": "drop table reporting.zz_privilege_probe",
    "rename schema": "alter schema reporting rename to reporting_forged",
    "drop schema": "drop schema reporting cascade",
    "create schema": "create schema zz_forged_schema",
}
NOT_PUBLISHERS = (credentials.READER_ROLE, credentials.LOADER_ROLE, credentials.TRANSFORMER_ROLE)


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


@pytest.mark.parametrize("role", NOT_PUBLISHERS)
@pytest.mark.parametrize("write", sorted(WRITES_TO_REPORTING))
def test_only_the_publisher_can_write_reporting(probe_tables, role, write):
    with connect(role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(WRITES_TO_REPORTING[write])


def test_the_publisher_can_write_reporting(probe_tables):
    with connect(credentials.PUBLISHER_ROLE) as conn:  # rolled back on close
        for write in ("insert", "update", "delete", "create", "alter", "drop"):
            conn.execute(WRITES_TO_REPORTING[write])


def test_the_transformer_builds_reporting_next_but_cannot_create_schemas(warehouse):
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        conn.execute("create table reporting_next.zz_candidate_probe (n int)")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("create schema zz_forged_schema")


def test_bootstrap_is_idempotent(warehouse):
    from pillars.warehouse import bootstrap

    assert bootstrap.bootstrap() == []
