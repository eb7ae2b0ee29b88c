"""A rule is one expectation with a severity, kept as plain data until it becomes a GX object.

Plain rules are cheap to build and to test without importing GX (seconds) or touching a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pillars.quality.results import GX_SEVERITY


@dataclass(frozen=True)
class Rule:
    """One expectation of the suite before it is a GX object (kept plain so it is cheap to test)."""

    kind: str  # GX expectation class name in great_expectations.expectations
    severity: str
    why: str
    kwargs: dict[str, Any]

    @property
    def column(self) -> str | None:
        return self.kwargs.get("column")


def braces(sql: str) -> str:
    """GX formats ``{batch}`` into the query; any other brace is doubled.

    GX aliases ``{batch}`` itself unless the query has a join, where the query must alias it.
    """
    return sql.replace("{", "{{").replace("}", "}}").replace("{{batch}}", "{batch}")


def to_expectation(rule: Rule) -> Any:
    import great_expectations.expectations as gxe

    kwargs = {k: v for k, v in rule.kwargs.items() if not (k == "column" and rule.kind == "UnexpectedRowsExpectation")}
    meta = {"why": rule.why, "severity": rule.severity}
    if rule.kind == "UnexpectedRowsExpectation" and rule.column:
        meta["column"] = rule.column
    return getattr(gxe, rule.kind)(**kwargs, severity=GX_SEVERITY[rule.severity], meta=meta)
