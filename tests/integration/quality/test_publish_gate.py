"""run_publish_gate on schemas of the test's own: a small cell in reporting_next blocks publishing."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest

from pillars import settings
from pillars.quality.publish_gate import run_publish_gate
from pillars.quality.publish_suite import Layers
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

DAY = date(2025, 3, 10)
NO_MANIFEST = Path("/nonexistent/manifest.json")  # keys from dbt are covered by the unit tests
T = settings.suppression_threshold()  # the council's, from pillars/policy.yml: SMALL is inside 1..T, BIG above it
SMALL, BIG = T, T + 2


@pytest.fixture
def layers(gx_home):
    """Empty staging/marts/reporting_next/reporting schemas, dropped afterwards; the policy's threshold."""
    tag = f"gxt_{uuid.uuid4().hex[:8]}"
    made = Layers(staging=f"{tag}_staging", marts=f"{tag}_marts", reporting_next=f"{tag}_next",
                  reporting=f"{tag}_published")  # fmt: skip
    schemas = (made.staging, made.marts, made.reporting_next, made.reporting)
    with connect(autocommit=True) as admin:  # the transformer creates no schema: they are made for it
        for schema in schemas:
            admin.execute(f"create schema {schema} authorization {credentials.TRANSFORMER_ROLE}")
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        conn.execute(f"create table {made.marts}.fct_things (thing_id text, county_fips text)")
        conn.execute(f"insert into {made.marts}.fct_things values ('a', '48201'), ('b', '48113')")
        conn.commit()
    yield made
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        for schema in schemas:
            conn.execute(f"drop schema if exists {schema} cascade")
        conn.commit()


def _candidate(layers: Layers, counts: list[int | None], published_rows: int = 0) -> None:
    table = f"{layers.reporting_next}.rpt_identifications"
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        conn.execute(
            f"create table {table} (county_fips text, victims_identified bigint,"
            " victims_identified_suppressed boolean, activities bigint)"
        )
        for i, count in enumerate(counts):
            row = (f"48{201 + 2 * i:03d}", count, count is None)
            conn.execute(f"insert into {table} values (%s, %s, %s, 2)", row)
        if published_rows:
            conn.execute(f"create table {layers.reporting}.rpt_identifications as select * from {table} limit 0")
            conn.execute(
                f"insert into {layers.reporting}.rpt_identifications"
                " select '48201', %s, false, 1 from generate_series(1, %s)",
                (BIG, published_rows),
            )
        conn.commit()


def _recorded(run_id: str) -> list[tuple]:
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        return conn.execute(
            "select table_name, expectation, column_name, success, severity from ops.quality_results where run_id = %s",
            (run_id,),
        ).fetchall()


def test_suppressed_candidate_passes(layers):
    _candidate(layers, [0, BIG, None, 25 * BIG])

    result = run_publish_gate(DAY, layers=layers, manifest_path=NO_MANIFEST)

    assert result.success, result.describe()
    recorded = _recorded(result.run_id)
    assert len(recorded) == len(result.outcomes)
    assert (f"{layers.reporting_next}.rpt_identifications", "expect_column_values_to_not_be_in_set",
            "victims_identified", True, "fail") in recorded  # fmt: skip


def test_small_cell_fails_the_gate_naming_table_and_expectation(layers):
    _candidate(layers, [0, SMALL, None, 25 * BIG])  # a small cell left unsuppressed

    result = run_publish_gate(DAY, layers=layers, manifest_path=NO_MANIFEST)

    assert not result.success
    [failure] = result.failures
    table = f"{layers.reporting_next}.rpt_identifications"
    assert (failure.table_name, failure.expectation, failure.column_name) == (
        table,
        "expect_column_values_to_not_be_in_set",
        "victims_identified",
    )
    assert table in result.describe() and "expect_column_values_to_not_be_in_set" in result.describe()
    assert (table, "expect_column_values_to_not_be_in_set", "victims_identified", False, "fail") in _recorded(
        result.run_id
    )


def test_collapsed_row_count_against_published_fails(layers):
    _candidate(layers, [0, BIG], published_rows=10)  # 2 rows now, 10 published: down 80%

    result = run_publish_gate(DAY, layers=layers, manifest_path=NO_MANIFEST)

    assert [(o.table_name, o.expectation) for o in result.failures] == [
        (f"{layers.reporting_next}.rpt_identifications", "unexpected_rows_expectation")
    ]


def test_no_candidate_fails(layers):
    result = run_publish_gate(DAY, layers=layers, manifest_path=NO_MANIFEST)

    assert not result.success
    assert [o.expectation for o in result.failures] == ["candidate_exists"]


@pytest.fixture
def small_cell_in_reporting_next(gx_home):
    """A table of the test's own in the real ``reporting_next`` holding a small count; dropped afterwards."""
    table = f"reporting_next.gxt_small_cell_{uuid.uuid4().hex[:8]}"
    with connect(credentials.TRANSFORMER_ROLE) as conn:  # the bootstrap made reporting_next for the transformer
        conn.execute(
            f"create table {table} (county_fips text, survivors_served bigint, survivors_served_suppressed boolean)"
        )
        conn.execute(
            f"insert into {table} values ('48201', %s, false), ('48113', null, true), ('total', %s, false)",
            (SMALL, 4 * BIG),
        )
        conn.commit()
    yield table
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        conn.execute(f"drop table if exists {table}")
        conn.commit()


def test_small_cell_in_the_real_candidate_schema_blocks_publishing(small_cell_in_reporting_next):
    table = small_cell_in_reporting_next

    result = run_publish_gate(DAY)

    assert not result.success
    mine = [o for o in result.failures if o.table_name == table]
    assert [(o.expectation, o.column_name, o.observed) for o in mine] == [
        ("expect_column_values_to_not_be_in_set", "survivors_served", "1 unexpected of 3")
    ]
    assert f"{table}.survivors_served: expect_column_values_to_not_be_in_set" in result.describe(limit=1000)
    assert (table, "expect_column_values_to_not_be_in_set", "survivors_served", False, "fail") in _recorded(
        result.run_id
    )
