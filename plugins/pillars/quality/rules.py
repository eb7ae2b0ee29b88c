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


# Query rules: GX's, and Pillars' count-only variant (pillars.quality.counted_query) for queries that read
# the whole batch. What such a rule is about goes into the expectation's meta: they take no column.
COUNTED_QUERY_KIND = "ExpectNoRowsFromQuery"
QUERY_RULE_KINDS = frozenset({"UnexpectedRowsExpectation", COUNTED_QUERY_KIND})
_ABOUT = ("column", "column_list")


def _expectation_class(kind: str) -> Any:
    if kind == COUNTED_QUERY_KIND:
        from pillars.quality.counted_query import ExpectNoRowsFromQuery

        return ExpectNoRowsFromQuery
    import great_expectations.expectations as gxe

    return getattr(gxe, kind)


def to_expectation(rule: Rule) -> Any:
    query_rule = rule.kind in QUERY_RULE_KINDS
    kwargs = {k: v for k, v in rule.kwargs.items() if not (query_rule and k in _ABOUT)}
    meta = {"why": rule.why, "severity": rule.severity}
    if query_rule and rule.column:
        meta["column"] = rule.column
    elif query_rule and rule.kwargs.get("column_list"):
        meta["column"] = ",".join(rule.kwargs["column_list"])
    return _expectation_class(rule.kind)(**kwargs, severity=GX_SEVERITY[rule.severity], meta=meta)
