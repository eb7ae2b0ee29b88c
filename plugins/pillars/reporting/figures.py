"""Every figure the Phase II report shows, read from its own table in the published ``reporting`` schema.

Each figure is a dbt model (``models/reporting/figures/fig_*.sql``, contract enforced, published with the
rest of the layer after the quality gate), or the ``rpt_*`` table it already is when it shows a table
whole. So the report computes nothing: it selects a figure's rows in the order the model numbered them
(``row_order``) and writes them next to the HTML as JSON, where a test -- or an auditor -- can compare
them with SQL on the same schema. ``{s}`` stands for the schema; ``%(as_of)s`` is the report's logical
date. A figure whose table is not published yet is reported as missing, not invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
import yaml

from pillars import settings
from pillars.errors import PillarsError
from pillars.reporting.data import ReportingReader

SECTIONS = {
    "summary": "Summary",
    "partner": "Partner",
    "prevent": "Prevent",
    "protect": "Protect",
    "prosecute": "Prosecute",
    "support": "Provide support",
    "phase1": "Phase I findings",
    "phase2": "Phase II: collaboration, data collection and funding",
    "quality": "Appendix: data quality",
    "methods": "Methods",
}

# Columns a fig_* model keeps for the report's select only: the as-of window a row belongs to (macro
# figure_as_of_windows) and its position in the figure (macro figure_rows). The report does not show them.
BOOKKEEPING = ("shown_from", "shown_until", "row_order")
_AS_OF_WINDOW = " where shown_from <= %(as_of)s::date and (shown_until is null or %(as_of)s::date < shown_until)"


@dataclass(frozen=True)
class FigureSpec:
    """One table of the report: the model it reads and which of its columns count people."""

    id: str
    title: str
    table: str
    caption: str = ""
    people: tuple[str, ...] = ()  # counts of people without a *_suppressed flag of their own (derived sums)
    as_of: bool = False  # rows are kept per as-of window: read the report date's window only
    columns: str = "*"  # the select list; only freshness adds a column from the report date

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def sql(self) -> str:
        if not self.table.startswith("fig_"):  # a published table shown whole
            return f"select * from {{s}}.{self.table} order by 1, 2"
        where = _AS_OF_WINDOW if self.as_of else ""
        return f"select {self.columns} from {{s}}.{self.table}{where} order by row_order"


@dataclass
class Figure:
    spec: FigureSpec
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    published: bool = True

    def people_columns(self) -> list[str]:
        """Columns holding counts of people: every column with a ``<col>_suppressed`` flag, and declared ones."""
        flagged = [c for c in self.columns if f"{c}_suppressed" in self.columns]
        return flagged + [c for c in self.spec.people if c in self.columns and c not in flagged]

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.spec.title,
            "source": f"reporting.{self.spec.table}",
            "published": self.published,
            "columns": self.columns,
            "people_columns": self.people_columns(),
            "rows": self.rows,
        }


FIGURES: tuple[FigureSpec, ...] = (
    # ---- summary -------------------------------------------------------------------------------------------
    FigureSpec(
        "summary.headlines",
        "Headline figures, latest fiscal quarter",
        "fig_summary_headlines",
        "Quarter-on-quarter change is shown only where both quarters are published.",
        as_of=True,
    ),
    FigureSpec("summary.trends", "Quarterly trend, last eight quarters", "fig_summary_trends", as_of=True),
    # ---- partner -------------------------------------------------------------------------------------------
    FigureSpec(
        "partner.network",
        "Collaboration network: organisations with a formal partnership",
        "fig_partner_network",
        "Organisations only; a line joins two organisations with at least one partnership.",
    ),
    FigureSpec("partner.by_sector", "Partnerships by the kinds of organisation they join", "fig_partner_by_sector"),
    FigureSpec("partner.by_type", "Partnerships by type and level", "rpt_partnerships_by_type"),
    FigureSpec("partner.task_force_coverage", "Task-force coverage by county", "rpt_task_force_coverage"),
    # ---- prevent -------------------------------------------------------------------------------------------
    FigureSpec("prevent.by_year", "Prevention activities and people reached by fiscal year", "fig_prevent_by_year"),
    FigureSpec("prevent.by_audience", "Prevention by audience, all years", "fig_prevent_by_audience"),
    FigureSpec(
        "prevent.by_county",
        "Prevention by county, all years (20 counties with most activities)",
        "fig_prevent_by_county",
    ),
    # ---- protect -------------------------------------------------------------------------------------------
    FigureSpec("protect.by_year", "Possible victims identified by fiscal year (unduplicated)", "fig_protect_by_year"),
    FigureSpec("protect.by_type", "Victims identified by trafficking type, all years", "fig_protect_by_type"),
    FigureSpec(
        "protect.by_county",
        "Victims identified by county, all years (20 counties with most identifications)",
        "fig_protect_by_county",
    ),
    # ---- prosecute -----------------------------------------------------------------------------------------
    FigureSpec("prosecute.by_year", "Cases filed by fiscal year of filing", "fig_prosecute_by_year"),
    FigureSpec("prosecute.dispositions", "Dispositions, all years", "fig_prosecute_dispositions"),
    FigureSpec(
        "prosecute.conviction_rate",
        "Conviction rate by fiscal year of filing (convicted defendants / defendants with a final disposition)",
        "fig_prosecute_conviction_rate",
        "Rates are not shown where any count they depend on is suppressed.",
    ),
    FigureSpec(
        "prosecute.by_county",
        "Cases filed by county, all years (20 counties with most cases)",
        "fig_prosecute_by_county",
    ),
    FigureSpec("prosecute.time_to_disposition", "Time from filing to disposition", "rpt_prosecute_time_to_disposition"),
    # ---- support -------------------------------------------------------------------------------------------
    FigureSpec("support.by_year", "Unduplicated survivors served by fiscal year", "fig_support_by_year"),
    FigureSpec("support.by_category", "Survivors served by service category, all years", "fig_support_by_category"),
    FigureSpec(
        "support.by_county",
        "Survivors served by county, all years (20 counties with most survivors)",
        "fig_support_by_county",
    ),
    FigureSpec(
        "support.time_to_first_service",
        "Time from identification to first service",
        "rpt_support_time_to_first_service",
    ),
    # ---- Phase I -------------------------------------------------------------------------------------------
    FigureSpec(
        "phase1.gap_summary",
        "Service gaps: counties with identified victims and no program offering the service",
        "fig_phase1_gap_summary",
    ),
    FigureSpec("phase1.gaps", "Service gaps by county (first 40)", "fig_phase1_gaps"),
    FigureSpec(
        "phase1.redundancy",
        "Program redundancy: most overlapping program pairs",
        "fig_phase1_redundancy",
        "Overlap score: mean Jaccard index over counties, pillars, populations and services (0-1).",
    ),
    FigureSpec(
        "phase1.evidence_based",
        "Evidence-based share of programs, budget and prevention activities",
        "fig_phase1_evidence_based",
    ),
    FigureSpec(
        "phase1.expenditure_efficiency",
        "Expenditure and cost per output by fiscal year and pillar",
        "fig_phase1_expenditure_efficiency",
        "Cost per output is hidden with the output count it divides by.",
    ),
    # ---- Phase II ------------------------------------------------------------------------------------------
    FigureSpec(
        "phase2.submission_scorecard",
        "Partner submission scorecard: timeliness and quality",
        "fig_phase2_submission_scorecard",
    ),
    FigureSpec(
        "phase2.intelligence_latency",
        "Intelligence sharing: hours from referral to action by agency pair, latest quarter",
        "fig_phase2_intelligence_latency",
        as_of=True,
    ),
    FigureSpec("phase2.funding_coordination", "Funding coordination by fiscal year", "fig_phase2_funding_coordination"),
    FigureSpec(
        "phase2.program_efficiency",
        "Program efficiency: spend against budget and capacity, latest fiscal year (15 largest)",
        "fig_phase2_program_efficiency",
    ),
    # ---- data quality appendix -----------------------------------------------------------------------------
    FigureSpec("quality.gate", "Publish gate results for this state", "rpt_quality_gate"),
    FigureSpec(
        "quality.quarantine_by_partner",
        "Rows quarantined and files rejected per partner",
        "fig_quality_quarantine_by_partner",
    ),
    FigureSpec(
        "quality.rejections_by_field",
        "Contract failures by partner, feed and field (all months)",
        "fig_quality_rejections_by_field",
    ),
    FigureSpec(
        "quality.freshness",
        "Freshness per feed: latest accepted delivery",
        "fig_quality_freshness",
        columns="feed, partners, last_delivery_date,"
        " %(as_of)s::date - last_delivery_date as days_since_last_delivery, deliveries_missing",
    ),
    # ---- methods -------------------------------------------------------------------------------------------
    FigureSpec("methods.periods", "Periods covered", "fig_methods_periods", as_of=True),
)


def _reporting_yaml() -> list[Path]:
    return sorted((settings.dbt_project_dir() / "models" / "reporting").rglob("_*.yml"))


@cache
def contract_columns() -> dict[str, tuple[list[str], Path]]:
    """Model -> (its contract's columns, the YAML file declaring them), for every reporting model."""
    found: dict[str, tuple[list[str], Path]] = {}
    for path in _reporting_yaml():
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models") or []:
            found[model["name"]] = ([c["name"] for c in model.get("columns") or []], path)
    return found


def _check_columns(reader: ReportingReader, spec: FigureSpec, columns: list[str]) -> None:
    """A published table missing a column of its contract fails naming the figure, never shows less."""
    if spec.table not in contract_columns():
        return  # no dbt model builds it (yet): the figure is shown as not published
    declared, path = contract_columns()[spec.table]
    missing = [c for c in declared if c not in columns and c not in BOOKKEEPING]
    if missing:
        raise PillarsError(
            f"report figure {spec.id}: {reader.schema}.{spec.table} lacks {', '.join(missing)}"
            f" (its contract is in {path.relative_to(settings.project_root())})"
        )


def _read(reader: ReportingReader, spec: FigureSpec, as_of: date) -> tuple[list[str], list[dict[str, Any]]]:
    try:
        columns, rows = reader.rows(spec.sql, {"as_of": as_of})
    except psycopg.Error as exc:
        # a published table that no longer matches its contract: say which figure and why, once
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise PillarsError(
            f"report figure {spec.id}: cannot read {reader.schema}.{spec.table}: {reason}"
            " (the reporting contracts are in dbt_project/models/reporting/REPORTING.md)"
        ) from None
    _check_columns(reader, spec, columns)
    shown = [c for c in columns if c not in BOOKKEEPING]
    return shown, [{c: row[c] for c in shown} for row in rows]


def collect(reader: ReportingReader, as_of: date) -> dict[str, dict[str, Figure]]:
    """Read every figure's rows; figures whose table is not published come back empty and flagged."""
    present = reader.tables()
    found: dict[str, dict[str, Figure]] = {section: {} for section in SECTIONS}
    for spec in FIGURES:
        figure = Figure(spec)
        if spec.table in present:
            figure.columns, figure.rows = _read(reader, spec, as_of)
        else:
            figure.published = False
        found[spec.section][spec.id] = figure
    return found


def as_json(figures: dict[str, dict[str, Figure]]) -> dict[str, dict[str, Any]]:
    return {section: {fid: fig.as_json() for fid, fig in items.items()} for section, items in figures.items()}
