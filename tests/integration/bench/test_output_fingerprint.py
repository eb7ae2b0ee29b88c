"""The fingerprint ``pillars bench --only sql`` compares two builds with sees every change a reader would:
row order alone is not a change; a value's text (1.0 vs 1.00), a row, a column type or a table is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pillars.bench.dbt_equivalence import (
    fingerprint,
    fingerprint_differences,
    load_fingerprint,
    save_fingerprint,
)
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

pytestmark = pytest.mark.integration

SCHEMA = "bench_fingerprint_test"


def _run(*statements: str) -> None:
    with connect(credentials.ADMIN_ROLE) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()


@pytest.fixture
def database(warehouse) -> Iterator[str]:
    _run(
        f"drop schema if exists {SCHEMA} cascade",
        f"create schema {SCHEMA}",
        f"create table {SCHEMA}.cells (county text, people bigint, share numeric)",
        f"insert into {SCHEMA}.cells values ('48001', 12, 0.5), ('48003', null, 1.0), ('total', 30, 0.25)",
        f"create view {SCHEMA}.big_cells as select * from {SCHEMA}.cells where people > 20",
    )
    yield credentials.warehouse_database()
    _run(f"drop schema {SCHEMA} cascade")


def _rebuild(values: str, people_type: str = "bigint") -> None:
    _run(
        f"drop table {SCHEMA}.cells cascade",
        f"create table {SCHEMA}.cells (county text, people {people_type}, share numeric)",
        f"insert into {SCHEMA}.cells values {values}",
        f"create view {SCHEMA}.big_cells as select * from {SCHEMA}.cells where people > 20",
    )


def test_same_rows_in_another_order_are_identical(database: str) -> None:
    before = fingerprint(database, [SCHEMA])
    _rebuild("('total', 30, 0.25), ('48003', null, 1.0), ('48001', 12, 0.5)")
    after = fingerprint(database, [SCHEMA])
    assert set(before) == {f"{SCHEMA}.cells", f"{SCHEMA}.big_cells"}
    assert before[f"{SCHEMA}.cells"].rows == 3
    assert fingerprint_differences(before, after) == []


@pytest.mark.parametrize(
    ("values", "people_type", "differs_in"),
    [
        ("('48001', 12, 0.5), ('48003', null, 1.00), ('total', 30, 0.25)", "bigint", "rows md5"),  # scale only
        ("('48001', 12, 0.5), ('48003', 0, 1.0), ('total', 30, 0.25)", "bigint", "rows md5"),  # NULL -> 0
        ("('48001', 12, 0.5), ('48003', null, 1.0)", "bigint", "2 rows"),
        ("('48001', 12, 0.5), ('48003', null, 1.0), ('total', 30, 0.25)", "integer", "columns"),
    ],
)
def test_a_change_a_reader_would_see_differs(database: str, values: str, people_type: str, differs_in: str) -> None:
    before = fingerprint(database, [SCHEMA])
    _rebuild(values, people_type)
    lines = fingerprint_differences(before, fingerprint(database, [SCHEMA]))
    assert any(line.startswith(f"{SCHEMA}.cells: ") and differs_in in line for line in lines), lines


def test_a_missing_table_differs_and_fingerprints_survive_json(database: str, tmp_path) -> None:
    before = fingerprint(database, [SCHEMA])
    save_fingerprint(before, tmp_path / "before.json")
    assert load_fingerprint(tmp_path / "before.json") == before
    _run(f"drop view {SCHEMA}.big_cells")
    assert fingerprint_differences(before, fingerprint(database, [SCHEMA])) == [f"{SCHEMA}.big_cells: only before"]
