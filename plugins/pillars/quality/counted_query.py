"""A query check that GX runs once: it counts the rows the query returns and never fetches them.

GX's ``UnexpectedRowsExpectation`` runs its query twice, once to count the rows and once to fetch up to 200
of them, though only the ``COMPLETE`` result format shows them and Pillars never asks for it (rows describe
survivors). For a query that has to read the whole batch -- a ``group by`` over the natural key, a test
of every item of a list column -- the second run doubled the check: 1.2 s of server CPU each at 1,000,000
rows. This expectation is the same check on the count alone; Data Docs render it as GX renders the query
expectation (its SQL and the number of unexpected rows).
"""

from __future__ import annotations

from typing import Any, ClassVar

from great_expectations.expectations import UnexpectedRowsExpectation


class ExpectNoRowsFromQuery(UnexpectedRowsExpectation):
    """Passes when ``unexpected_rows_query`` returns no row; the observed value is how many it returns."""

    metric_dependencies: ClassVar[tuple[str, ...]] = ("unexpected_rows_query.row_count",)

    def _validate(
        self, metrics: dict, runtime_configuration: dict | None = None, execution_engine: Any = None
    ) -> dict[str, Any]:
        count = metrics["unexpected_rows_query.row_count"]
        return {"success": count == 0, "result": {"observed_value": count}}
