"""Start the e2e run from an empty test warehouse (only ever the `pillars_test` database)."""

from __future__ import annotations

from pillars.warehouse import bootstrap, credentials
from pillars.warehouse.connect import connect


def reset_test_warehouse() -> None:
    database = credentials.warehouse_database()
    assert database.endswith("_test"), f"refusing to reset {database}: not a test database"
    with connect(autocommit=True) as conn:
        for schema in (
            "raw",
            "quarantine",
            "ops",
            "staging",
            "marts",
            "reporting",
            "reporting_next",
            "reporting_previous",
        ):
            conn.execute(f"drop schema if exists {schema} cascade")
    bootstrap.bootstrap()  # the ledger of migrations went with `ops`: everything is applied afresh
