"""What a gate returns and how each expectation outcome lands in ``ops.quality_results``.

Results are recorded as counts and observed values, never row values: raw rows describe survivors, and
the quality ledger is read more widely than ``raw`` is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

FAIL = "fail"  # a hard expectation: the batch is rejected, or nothing is published
WARN = "warn"  # recorded and shown in Data Docs, never blocking
SEVERITIES = (FAIL, WARN)

# GX's FailureSeverity spelled our way (bigquery-etl's #fail / #warn).
GX_SEVERITY = {FAIL: "critical", WARN: "warning"}
FROM_GX_SEVERITY = {v: k for k, v in GX_SEVERITY.items()} | {"info": WARN}

OBSERVED_MAX_CHARS = 500


@dataclass(frozen=True)
class Outcome:
    """One expectation evaluated on one table (or batch)."""

    table_name: str
    expectation: str
    column_name: str | None
    success: bool
    severity: str
    observed: str
    description: str = ""

    def describe(self) -> str:
        where = self.table_name + (f".{self.column_name}" if self.column_name else "")
        text = f"{where}: {self.expectation}"
        if self.description:
            text += f" ({self.description})"
        return f"{text} - observed {self.observed}" if self.observed else text


@dataclass
class GateResult:
    """A gate's verdict. ``success`` is False only when an expectation of severity ``fail`` failed."""

    run_id: str
    checkpoint: str
    suite: str
    outcomes: list[Outcome] = field(default_factory=list)
    logical_date: date | None = None
    seconds: float = 0.0
    rejected: bool = False  # raw gate: the batch was withdrawn
    docs_index: str | None = None

    @property
    def failures(self) -> list[Outcome]:
        """Hard failures: what blocks the batch or the publish."""
        return [o for o in self.outcomes if not o.success and o.severity == FAIL]

    @property
    def warnings(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success and o.severity == WARN]

    @property
    def success(self) -> bool:
        return not self.failures

    @property
    def failed_tables(self) -> list[str]:
        return sorted({o.table_name for o in self.failures})

    def describe(self, limit: int = 10) -> str:
        """One line for an alert: which expectations failed on which tables and columns."""
        if self.success:
            text = f"{self.checkpoint}: all {len(self.outcomes)} expectations passed"
            return text + (f" ({len(self.warnings)} warnings)" if self.warnings else "")
        shown = "; ".join(o.describe() for o in self.failures[:limit])
        more = len(self.failures) - limit
        return f"{self.checkpoint}: {len(self.failures)} failed - {shown}" + (f"; and {more} more" if more > 0 else "")

    def summary(self) -> dict[str, Any]:
        """JSON-safe form for XCom, the CLI and logs."""
        return {
            "run_id": self.run_id,
            "checkpoint": self.checkpoint,
            "suite": self.suite,
            "success": self.success,
            "rejected": self.rejected,
            "expectations": len(self.outcomes),
            "failed": [o.describe() for o in self.failures],
            "warnings": [o.describe() for o in self.warnings],
            "seconds": round(self.seconds, 3),
            "docs_index": self.docs_index,
        }


def observed_text(result: dict[str, Any] | None) -> str:
    """The observed value or unexpected count of a GX result, as short text (no row values)."""
    if not result:
        return ""
    if "observed_value" in result:
        value = result["observed_value"]
        text = value if isinstance(value, str) else json.dumps(value, default=str)
    elif "unexpected_count" in result:
        text = f"{result['unexpected_count']} unexpected of {result.get('element_count', '?')}"
    else:
        text = ""
    return text[:OBSERVED_MAX_CHARS]


def record(result: GateResult) -> None:
    """Append every outcome to ``ops.quality_results`` (as the transformer, which owns the gate)."""
    if not result.outcomes:
        return
    rows = [
        (
            result.run_id,
            result.checkpoint,
            result.suite,
            o.table_name,
            o.expectation,
            o.column_name,
            o.success,
            o.severity,
            o.observed or None,
            result.logical_date,
        )
        for o in result.outcomes
    ]
    with connect(credentials.TRANSFORMER_ROLE) as conn, conn.transaction(), conn.cursor() as cur:
        cur.executemany(
            "insert into ops.quality_results (run_id, checkpoint, suite, table_name, expectation, column_name,"
            " success, severity, observed, logical_date) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
