"""Every figure the Phase II report shows, as SQL over the published ``reporting`` schema.

The report never computes a number in Python: each table or chart is one query here, and the collected
rows (section -> figure -> rows) are written next to the HTML as JSON, so a test -- or an auditor --
can recompute any figure with SQL on the same schema. ``{s}`` stands for the schema; ``%(as_of)s`` is
the report's logical date. A figure whose table is not published yet is reported as missing, not
invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg

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

# The latest fiscal quarter with data on or before the report date: the summary's "this quarter".
_LATEST_QUARTER = "(select max(quarter_start) from {s}.rpt_pillar_scorecard_quarterly where quarter_start <= %(as_of)s)"
_LATEST_REFERRAL_QUARTER = (
    "(select max(quarter_start) from {s}.rpt_intelligence_sharing_latency where quarter_start <= %(as_of)s)"
)
_CONVICTED = "('convicted_plea', 'convicted_trial')"
_DISPOSED = "('dismissed', 'acquitted', 'convicted_plea', 'convicted_trial', 'deferred_adjudication')"


def _any_hidden(measure: str, dispositions: str) -> str:
    return f"coalesce(bool_or({measure}_suppressed) filter (where disposition in {dispositions}), false)"


def _hidden_sum(measure: str, dispositions: str) -> str:
    """A sum of published cells, NULL when any cell it adds is hidden (a partial sum would mislead)."""
    return (
        f"case when {_any_hidden(measure, dispositions)} then null"
        f" else coalesce(sum({measure}) filter (where disposition in {dispositions}), 0) end"
    )


@dataclass(frozen=True)
class FigureSpec:
    """One table of the report: where it comes from and which of its columns count people."""

    id: str
    title: str
    table: str
    sql: str
    caption: str = ""
    people: tuple[str, ...] = ()  # counts of people without a *_suppressed flag of their own (derived sums)

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]


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


def _total_rows(table: str, measures: str, where: str, order: str, limit: int | None = None) -> str:
    tail = f" limit {limit}" if limit else ""
    return f"select {measures} from {{s}}.{table} where {where} order by {order}{tail}"


_PROTECT = (
    "victims_identified, victims_identified_suppressed, minors_identified, minors_identified_suppressed,"
    " referred_to_services, referred_to_services_suppressed"
)
_SUPPORT = "survivors_served, survivors_served_suppressed, services_delivered, services_delivered_suppressed"
_PROSECUTE = "cases, cases_suppressed, defendants, defendants_suppressed, victims, victims_suppressed"
_PREVENT = (
    "activities, evidence_based_activities, demand_reduction_activities, people_reached, people_reached_suppressed"
)

FIGURES: tuple[FigureSpec, ...] = (
    # ---- summary -------------------------------------------------------------------------------------------
    FigureSpec(
        "summary.headlines",
        "Headline figures, latest fiscal quarter",
        "rpt_pillar_scorecard_quarterly",
        "select pillar, measure, unit, fiscal_year, fiscal_quarter, quarter_start, count_value,"
        " count_value_suppressed, amount, previous_count_value, previous_count_value_suppressed,"
        " previous_amount, change, change_share from {s}.rpt_pillar_scorecard_quarterly"
        f" where quarter_start = {_LATEST_QUARTER} order by pillar, measure",
        "Quarter-on-quarter change is shown only where both quarters are published.",
    ),
    FigureSpec(
        "summary.trends",
        "Quarterly trend, last eight quarters",
        "rpt_pillar_scorecard_quarterly",
        "select pillar, measure, quarter_start, count_value, count_value_suppressed, amount"
        " from {s}.rpt_pillar_scorecard_quarterly"
        f" where quarter_start <= {_LATEST_QUARTER} and quarter_start > {_LATEST_QUARTER} - interval '24 months'"
        " order by pillar, measure, quarter_start",
    ),
    # ---- partner -------------------------------------------------------------------------------------------
    FigureSpec(
        "partner.network",
        "Collaboration network: organisations with a formal partnership",
        "rpt_partner_network_edges",
        "select organisation_a, organisation_a_kind, organisation_b, organisation_b_kind, is_cross_sector,"
        " partnerships, active_partnerships, shares_data, has_referral_agreement, in_task_force_together,"
        " counties from {s}.rpt_partner_network_edges order by partnerships desc, organisation_a, organisation_b",
        "Organisations only; a line joins two organisations with at least one partnership.",
    ),
    FigureSpec(
        "partner.by_sector",
        "Partnerships by the kinds of organisation they join",
        "rpt_partner_network_edges",
        "select least(organisation_a_kind, organisation_b_kind) as kind_a,"
        " greatest(organisation_a_kind, organisation_b_kind) as kind_b, count(*) as organisation_pairs,"
        " sum(partnerships) as partnerships, sum(active_partnerships) as active_partnerships,"
        " count(*) filter (where shares_data) as pairs_sharing_data,"
        " count(*) filter (where has_referral_agreement) as pairs_with_referral_agreement"
        " from {s}.rpt_partner_network_edges group by 1, 2 order by partnerships desc, kind_a, kind_b",
    ),
    FigureSpec(
        "partner.by_type",
        "Partnerships by type and level",
        "rpt_partnerships_by_type",
        "select * from {s}.rpt_partnerships_by_type order by 1, 2",
    ),
    FigureSpec(
        "partner.task_force_coverage",
        "Task-force coverage by county",
        "rpt_task_force_coverage",
        "select * from {s}.rpt_task_force_coverage order by 1, 2",
    ),
    # ---- prevent -------------------------------------------------------------------------------------------
    FigureSpec(
        "prevent.by_year",
        "Prevention activities and people reached by fiscal year",
        "rpt_prevent_reach",
        _total_rows(
            "rpt_prevent_reach",
            f"fiscal_year, {_PREVENT}",
            "county_fips = 'total' and audience = 'total' and fiscal_year <> 'total'",
            "fiscal_year",
        ),
    ),
    FigureSpec(
        "prevent.by_audience",
        "Prevention by audience, all years",
        "rpt_prevent_reach",
        _total_rows(
            "rpt_prevent_reach",
            f"audience, {_PREVENT}",
            "fiscal_year = 'total' and county_fips = 'total' and audience <> 'total'",
            "activities desc, audience",
        ),
    ),
    FigureSpec(
        "prevent.by_county",
        "Prevention by county, all years (20 counties with most activities)",
        "rpt_prevent_reach",
        _total_rows(
            "rpt_prevent_reach",
            f"county_fips, county_name, {_PREVENT}",
            "fiscal_year = 'total' and audience = 'total' and county_fips <> 'total'",
            "activities desc, county_name",
            20,
        ),
    ),
    # ---- protect -------------------------------------------------------------------------------------------
    FigureSpec(
        "protect.by_year",
        "Possible victims identified by fiscal year (unduplicated)",
        "rpt_protect_identifications_by_county",
        _total_rows(
            "rpt_protect_identifications_by_county",
            f"fiscal_year, {_PROTECT}",
            "county_fips = 'total' and trafficking_type = 'total'",
            "fiscal_year = 'total', fiscal_year",
        ),
    ),
    FigureSpec(
        "protect.by_type",
        "Victims identified by trafficking type, all years",
        "rpt_protect_identifications_by_county",
        _total_rows(
            "rpt_protect_identifications_by_county",
            f"trafficking_type, {_PROTECT}",
            "fiscal_year = 'total' and county_fips = 'total' and trafficking_type <> 'total'",
            "trafficking_type",
        ),
    ),
    FigureSpec(
        "protect.by_county",
        "Victims identified by county, all years (20 counties with most identifications)",
        "rpt_protect_identifications_by_county",
        _total_rows(
            "rpt_protect_identifications_by_county",
            f"county_fips, county_name, {_PROTECT}",
            "fiscal_year = 'total' and trafficking_type = 'total' and county_fips <> 'total'",
            "victims_identified desc nulls last, county_name",
            20,
        ),
    ),
    # ---- prosecute -----------------------------------------------------------------------------------------
    FigureSpec(
        "prosecute.by_year",
        "Cases filed by fiscal year of filing",
        "rpt_prosecute_outcomes",
        _total_rows(
            "rpt_prosecute_outcomes",
            f"fiscal_year, {_PROSECUTE}",
            "county_fips = 'total' and disposition = 'total'",
            "fiscal_year = 'total', fiscal_year",
        ),
    ),
    FigureSpec(
        "prosecute.dispositions",
        "Dispositions, all years",
        "rpt_prosecute_outcomes",
        _total_rows(
            "rpt_prosecute_outcomes",
            f"disposition, {_PROSECUTE}, mean_sentence_months",
            "fiscal_year = 'total' and county_fips = 'total' and disposition <> 'total'",
            "disposition",
        ),
    ),
    FigureSpec(
        "prosecute.conviction_rate",
        "Conviction rate by fiscal year of filing (convicted defendants / defendants with a final disposition)",
        "rpt_prosecute_outcomes",
        "select fiscal_year,"
        f" {_hidden_sum('defendants', _CONVICTED)} as convicted_defendants,"
        f" {_any_hidden('defendants', _CONVICTED)} as convicted_defendants_suppressed,"
        f" {_hidden_sum('defendants', _DISPOSED)} as disposed_defendants,"
        f" {_any_hidden('defendants', _DISPOSED)} as disposed_defendants_suppressed,"
        f" round({_hidden_sum('defendants', _CONVICTED)}::numeric"
        f" / nullif({_hidden_sum('defendants', _DISPOSED)}, 0), 4) as conviction_rate"
        " from {s}.rpt_prosecute_outcomes where county_fips = 'total'"
        " group by fiscal_year order by fiscal_year = 'total', fiscal_year",
        "Rates are not shown where any count they depend on is suppressed.",
    ),
    FigureSpec(
        "prosecute.by_county",
        "Cases filed by county, all years (20 counties with most cases)",
        "rpt_prosecute_outcomes",
        _total_rows(
            "rpt_prosecute_outcomes",
            f"county_fips, county_name, {_PROSECUTE}",
            "fiscal_year = 'total' and disposition = 'total' and county_fips <> 'total'",
            "cases desc nulls last, county_name",
            20,
        ),
    ),
    FigureSpec(
        "prosecute.time_to_disposition",
        "Time from filing to disposition",
        "rpt_prosecute_time_to_disposition",
        "select * from {s}.rpt_prosecute_time_to_disposition order by 1, 2",
    ),
    # ---- support -------------------------------------------------------------------------------------------
    FigureSpec(
        "support.by_year",
        "Unduplicated survivors served by fiscal year",
        "rpt_support_survivors_served",
        _total_rows(
            "rpt_support_survivors_served",
            f"fiscal_year, {_SUPPORT}",
            "county_fips = 'total' and service_category = 'total'",
            "fiscal_year = 'total', fiscal_year",
        ),
    ),
    FigureSpec(
        "support.by_category",
        "Survivors served by service category, all years",
        "rpt_support_survivors_served",
        _total_rows(
            "rpt_support_survivors_served",
            f"service_category, {_SUPPORT}",
            "fiscal_year = 'total' and county_fips = 'total' and service_category <> 'total'",
            "survivors_served desc nulls last, service_category",
        ),
    ),
    FigureSpec(
        "support.by_county",
        "Survivors served by county, all years (20 counties with most survivors)",
        "rpt_support_survivors_served",
        _total_rows(
            "rpt_support_survivors_served",
            f"county_fips, county_name, {_SUPPORT}",
            "fiscal_year = 'total' and service_category = 'total' and county_fips <> 'total'",
            "survivors_served desc nulls last, county_name",
            20,
        ),
    ),
    FigureSpec(
        "support.time_to_first_service",
        "Time from identification to first service",
        "rpt_support_time_to_first_service",
        "select * from {s}.rpt_support_time_to_first_service order by 1, 2",
    ),
    # ---- Phase I -------------------------------------------------------------------------------------------
    FigureSpec(
        "phase1.gap_summary",
        "Service gaps: counties with identified victims and no program offering the service",
        "rpt_service_gaps",
        "select service_category, count(*) as counties_with_need, count(*) filter (where is_gap) as gap_counties,"
        " sum(providers) as providers from {s}.rpt_service_gaps"
        " group by service_category order by gap_counties desc, service_category",
    ),
    FigureSpec(
        "phase1.gaps",
        "Service gaps by county (first 40)",
        "rpt_service_gaps",
        "select county_fips, county_name, service_category, victims_identified, victims_identified_suppressed,"
        " survivors_served, survivors_served_suppressed from {s}.rpt_service_gaps where is_gap"
        " order by victims_identified desc nulls last, county_name, service_category limit 40",
    ),
    FigureSpec(
        "phase1.redundancy",
        "Program redundancy: most overlapping program pairs",
        "rpt_program_redundancy",
        "select program_name_a, organisation_a, program_name_b, organisation_b, same_organisation,"
        " shared_counties, shared_services, overlap_score from {s}.rpt_program_redundancy"
        " order by overlap_score desc, program_key_a, program_key_b limit 15",
        "Overlap score: mean Jaccard index over counties, pillars, populations and services (0-1).",
    ),
    FigureSpec(
        "phase1.evidence_based",
        "Evidence-based share of programs, budget and prevention activities",
        "rpt_evidence_based_practice",
        "select pillar, programs, evidence_based_programs, evidence_based_share, annual_budget,"
        " evidence_based_budget_share, prevention_activities, evidence_based_activity_share"
        " from {s}.rpt_evidence_based_practice order by pillar",
    ),
    FigureSpec(
        "phase1.expenditure_efficiency",
        "Expenditure and cost per output by fiscal year and pillar",
        "rpt_expenditure_efficiency",
        "select fiscal_year, pillar, sum(obligated_amount) as obligated_amount,"
        " sum(expended_amount) as expended_amount, output_measure, pillar_output_people,"
        " pillar_output_people_suppressed, pillar_cost_per_output from {s}.rpt_expenditure_efficiency"
        " group by fiscal_year, pillar, output_measure, pillar_output_people, pillar_output_people_suppressed,"
        " pillar_cost_per_output order by fiscal_year, pillar",
        "Cost per output is hidden with the output count it divides by.",
    ),
    # ---- Phase II ------------------------------------------------------------------------------------------
    FigureSpec(
        "phase2.submission_scorecard",
        "Partner submission scorecard: timeliness and quality",
        "rpt_partner_submission_scorecard",
        "select partner_name, feed, cadence, deliveries_expected, deliveries_received, completeness_share,"
        " deliveries_on_time, mean_days_late, batches_rejected, rows_read, rows_quarantined, quarantined_share,"
        " last_delivery_date from {s}.rpt_partner_submission_scorecard order by partner_name, feed",
    ),
    FigureSpec(
        "phase2.intelligence_latency",
        "Intelligence sharing: hours from referral to action by agency pair, latest quarter",
        "rpt_intelligence_sharing_latency",
        "select source_agency, receiving_agency, fiscal_year, fiscal_quarter, referrals, referrals_actioned,"
        " open_share, median_hours_to_action, p90_hours_to_action, victims_recovered_referrals,"
        " victims_recovered_referrals_suppressed from {s}.rpt_intelligence_sharing_latency"
        f" where quarter_start = {_LATEST_REFERRAL_QUARTER} order by median_hours_to_action desc nulls last,"
        " source_agency, receiving_agency",
    ),
    FigureSpec(
        "phase2.funding_coordination",
        "Funding coordination by fiscal year",
        "rpt_funding_coordination",
        "select fiscal_year, count(*) as programs, count(*) filter (where is_multi_source) as multi_source_programs,"
        " sum(expended_amount) as expended_amount,"
        " count(*) filter (where redundant_peers_funded > 0) as programs_with_redundant_peers_funded,"
        " count(*) filter (where redundant_peers_sharing_a_source > 0) as programs_sharing_a_source_with_a_peer"
        " from {s}.rpt_funding_coordination group by fiscal_year order by fiscal_year",
    ),
    FigureSpec(
        "phase2.program_efficiency",
        "Program efficiency: spend against budget and capacity, latest fiscal year (15 largest)",
        "rpt_program_efficiency",
        "select fiscal_year, program_name, organisation_name, primary_pillar, is_evidence_based, capacity,"
        " annual_budget, expended_amount, expended_share_of_budget, expended_per_capacity_unit"
        " from {s}.rpt_program_efficiency"
        " where fiscal_year = (select max(fiscal_year) from {s}.rpt_program_efficiency)"
        " order by expended_amount desc nulls last, program_key limit 15",
    ),
    # ---- data quality appendix -----------------------------------------------------------------------------
    FigureSpec(
        "quality.gate",
        "Publish gate results for this state",
        "rpt_quality_gate",
        "select * from {s}.rpt_quality_gate order by 1, 2",
    ),
    FigureSpec(
        "quality.quarantine_by_partner",
        "Rows quarantined and files rejected per partner",
        "rpt_partner_submission_scorecard",
        "select partner_id, partner_name, sum(rows_read) as rows_read, sum(rows_quarantined) as rows_quarantined,"
        " round(sum(rows_quarantined)::numeric / nullif(sum(rows_read), 0), 4) as quarantined_share,"
        " sum(batches_rejected) as batches_rejected from {s}.rpt_partner_submission_scorecard"
        " group by partner_id, partner_name order by partner_name",
    ),
    FigureSpec(
        "quality.rejections_by_field",
        "Contract failures by partner, feed and field (all months)",
        "rpt_data_quality",
        "select partner_id, feed, field, sum(row_rejections) as row_rejections, sum(files_rejected) as files_rejected,"
        " sum(batches_affected) as batches_affected from {s}.rpt_data_quality group by partner_id, feed, field"
        " order by row_rejections desc, partner_id, feed, field limit 40",
    ),
    FigureSpec(
        "quality.freshness",
        "Freshness per feed: latest accepted delivery",
        "rpt_partner_submission_scorecard",
        "select feed, count(*) as partners, max(last_delivery_date) as last_delivery_date,"
        " (%(as_of)s::date - max(last_delivery_date)) as days_since_last_delivery,"
        " sum(deliveries_missing) as deliveries_missing from {s}.rpt_partner_submission_scorecard"
        " group by feed order by feed",
    ),
    # ---- methods -------------------------------------------------------------------------------------------
    FigureSpec(
        "methods.periods",
        "Periods covered",
        "rpt_pillar_scorecard_quarterly",
        "select pillar, min(quarter_start) as first_quarter_start, max(quarter_start) as last_quarter_start,"
        " count(distinct quarter_start) as quarters from {s}.rpt_pillar_scorecard_quarterly"
        " where quarter_start <= %(as_of)s group by pillar order by pillar",
    ),
)


def collect(reader: ReportingReader, as_of: date) -> dict[str, dict[str, Figure]]:
    """Run every figure's query; figures whose table is not published come back empty and flagged."""
    present = reader.tables()
    found: dict[str, dict[str, Figure]] = {section: {} for section in SECTIONS}
    for spec in FIGURES:
        figure = Figure(spec)
        if spec.table in present:
            try:
                figure.columns, figure.rows = reader.rows(spec.sql, {"as_of": as_of})
            except psycopg.Error as exc:
                # a published table that no longer matches REPORTING.md: say which figure and why, once
                reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise PillarsError(
                    f"report figure {spec.id}: cannot read {reader.schema}.{spec.table}: {reason}"
                    " (the reporting contract is in dbt_project/models/reporting/REPORTING.md)"
                ) from None
        else:
            figure.published = False
        found[spec.section][spec.id] = figure
    return found


def as_json(figures: dict[str, dict[str, Figure]]) -> dict[str, dict[str, Any]]:
    return {section: {fid: fig.as_json() for fid, fig in items.items()} for section, items in figures.items()}
