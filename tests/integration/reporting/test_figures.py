"""Every figure in the report equals SQL run directly on the same schema, and the page shows those figures.

The expected queries are written here separately from the report's own (different shape where the
figure is computed: pivots, explicit subqueries) and run as the administrator, not the BI role, so a
wrong filter, a partial sum over hidden cells or a lost row in the report shows up as a difference.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pillars import settings
from pillars.reporting.data import normalise
from pillars.reporting.figures import FIGURES
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

pytestmark = pytest.mark.integration

CONVICTED = "('convicted_plea','convicted_trial')"
DECIDED = "('dismissed','acquitted','convicted_plea','convicted_trial','deferred_adjudication')"


def _slice(table: str, keys: str, where: str, order: str, limit: str = "") -> str:
    return f"select {keys} from {{s}}.{table} t where {where} order by {order} {limit}"


def _hidden_or_sum(which: str) -> str:
    return (
        f"(select case when count(*) filter (where o.defendants_suppressed) > 0 then null"
        f" else coalesce(sum(o.defendants), 0) end from {{s}}.rpt_prosecute_outcomes o"
        f" where o.county_fips = 'total' and o.fiscal_year = y.fiscal_year and o.disposition in {which})"
    )


# figure id -> (expected SQL, the columns compared). {s} is the schema, %(as_of)s the report date.
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "summary.headlines": (
        "select pillar, measure, count_value, count_value_suppressed, amount, change"
        " from {s}.rpt_pillar_scorecard_quarterly"
        " where quarter_start = (select quarter_start from {s}.rpt_pillar_scorecard_quarterly"
        " where quarter_start <= %(as_of)s order by quarter_start desc limit 1) order by pillar, measure",
        ("pillar", "measure", "count_value", "count_value_suppressed", "amount", "change"),
    ),
    "summary.trends": (
        "with last as (select max(quarter_start) as q from {s}.rpt_pillar_scorecard_quarterly"
        " where quarter_start <= %(as_of)s)"
        " select pillar, measure, quarter_start, count_value, amount from {s}.rpt_pillar_scorecard_quarterly, last"
        " where quarter_start between (last.q - interval '24 months' + interval '1 day') and last.q"
        " order by pillar, measure, quarter_start",
        ("pillar", "measure", "quarter_start", "count_value", "amount"),
    ),
    "partner.network": (
        "select organisation_a, organisation_b, partnerships, active_partnerships from {s}.rpt_partner_network_edges"
        " order by partnerships desc, organisation_a, organisation_b",
        ("organisation_a", "organisation_b", "partnerships", "active_partnerships"),
    ),
    "partner.by_sector": (
        "select k.kind_a, k.kind_b, (select sum(partnerships) from {s}.rpt_partner_network_edges e"
        " where (e.organisation_a_kind = k.kind_a and e.organisation_b_kind = k.kind_b)"
        " or (e.organisation_a_kind = k.kind_b and e.organisation_b_kind = k.kind_a)) as partnerships"
        " from (select distinct least(organisation_a_kind, organisation_b_kind) as kind_a,"
        " greatest(organisation_a_kind, organisation_b_kind) as kind_b from {s}.rpt_partner_network_edges) k"
        " order by partnerships desc, kind_a, kind_b",
        ("kind_a", "kind_b", "partnerships"),
    ),
    "prevent.by_year": (
        _slice(
            "rpt_prevent_reach",
            "fiscal_year, activities, people_reached",
            "county_fips = 'total' and audience = 'total' and fiscal_year != 'total'",
            "fiscal_year",
        ),
        ("fiscal_year", "activities", "people_reached"),
    ),
    "prevent.by_audience": (
        _slice(
            "rpt_prevent_reach",
            "audience, activities, people_reached",
            "fiscal_year = 'total' and county_fips = 'total' and audience != 'total'",
            "activities desc, audience",
        ),
        ("audience", "activities", "people_reached"),
    ),
    "prevent.by_county": (
        _slice(
            "rpt_prevent_reach",
            "county_fips, activities, people_reached",
            "fiscal_year = 'total' and audience = 'total' and county_fips != 'total'",
            "activities desc, county_name",
            "limit 20",
        ),
        ("county_fips", "activities", "people_reached"),
    ),
    "protect.by_year": (
        _slice(
            "rpt_protect_identifications_by_county",
            "fiscal_year, victims_identified, minors_identified",
            "county_fips = 'total' and trafficking_type = 'total'",
            "case when fiscal_year = 'total' then 1 else 0 end, fiscal_year",
        ),
        ("fiscal_year", "victims_identified", "minors_identified"),
    ),
    "protect.by_type": (
        _slice(
            "rpt_protect_identifications_by_county",
            "trafficking_type, victims_identified, referred_to_services",
            "fiscal_year = 'total' and county_fips = 'total' and trafficking_type != 'total'",
            "trafficking_type",
        ),
        ("trafficking_type", "victims_identified", "referred_to_services"),
    ),
    "protect.by_county": (
        _slice(
            "rpt_protect_identifications_by_county",
            "county_fips, victims_identified, victims_identified_suppressed",
            "fiscal_year = 'total' and trafficking_type = 'total' and county_fips != 'total'",
            "victims_identified desc nulls last, county_name",
            "limit 20",
        ),
        ("county_fips", "victims_identified", "victims_identified_suppressed"),
    ),
    "prosecute.by_year": (
        _slice(
            "rpt_prosecute_outcomes",
            "fiscal_year, cases, defendants, victims",
            "county_fips = 'total' and disposition = 'total'",
            "case when fiscal_year = 'total' then 1 else 0 end, fiscal_year",
        ),
        ("fiscal_year", "cases", "defendants", "victims"),
    ),
    "prosecute.dispositions": (
        _slice(
            "rpt_prosecute_outcomes",
            "disposition, defendants, mean_sentence_months",
            "fiscal_year = 'total' and county_fips = 'total' and disposition != 'total'",
            "disposition",
        ),
        ("disposition", "defendants", "mean_sentence_months"),
    ),
    "prosecute.conviction_rate": (
        f"select y.fiscal_year, {_hidden_or_sum(CONVICTED)} as convicted_defendants,"
        f" {_hidden_or_sum(DECIDED)} as disposed_defendants"
        " from (select distinct fiscal_year from {s}.rpt_prosecute_outcomes where county_fips = 'total') y"
        " order by case when y.fiscal_year = 'total' then 1 else 0 end, y.fiscal_year",
        ("fiscal_year", "convicted_defendants", "disposed_defendants"),
    ),
    "prosecute.by_county": (
        _slice(
            "rpt_prosecute_outcomes",
            "county_fips, cases, defendants",
            "fiscal_year = 'total' and disposition = 'total' and county_fips != 'total'",
            "cases desc nulls last, county_name",
            "limit 20",
        ),
        ("county_fips", "cases", "defendants"),
    ),
    "support.by_year": (
        _slice(
            "rpt_support_survivors_served",
            "fiscal_year, survivors_served, services_delivered",
            "county_fips = 'total' and service_category = 'total'",
            "case when fiscal_year = 'total' then 1 else 0 end, fiscal_year",
        ),
        ("fiscal_year", "survivors_served", "services_delivered"),
    ),
    "support.by_category": (
        _slice(
            "rpt_support_survivors_served",
            "service_category, survivors_served",
            "fiscal_year = 'total' and county_fips = 'total' and service_category != 'total'",
            "survivors_served desc nulls last, service_category",
        ),
        ("service_category", "survivors_served"),
    ),
    "support.by_county": (
        _slice(
            "rpt_support_survivors_served",
            "county_fips, survivors_served",
            "fiscal_year = 'total' and service_category = 'total' and county_fips != 'total'",
            "survivors_served desc nulls last, county_name",
            "limit 20",
        ),
        ("county_fips", "survivors_served"),
    ),
    "phase1.gap_summary": (
        "select service_category, sum(case when is_gap then 1 else 0 end) as gap_counties,"
        " count(*) as counties_with_need"
        " from {s}.rpt_service_gaps group by service_category order by gap_counties desc, service_category",
        ("service_category", "gap_counties", "counties_with_need"),
    ),
    "phase1.gaps": (
        _slice(
            "rpt_service_gaps",
            "county_fips, service_category, victims_identified",
            "is_gap",
            "victims_identified desc nulls last, county_name, service_category",
            "limit 40",
        ),
        ("county_fips", "service_category", "victims_identified"),
    ),
    "phase1.redundancy": (
        _slice(
            "rpt_program_redundancy",
            "program_name_a, program_name_b, overlap_score",
            "true",
            "overlap_score desc, program_key_a, program_key_b",
            "limit 15",
        ),
        ("program_name_a", "program_name_b", "overlap_score"),
    ),
    "phase1.evidence_based": (
        _slice("rpt_evidence_based_practice", "pillar, programs, evidence_based_share", "true", "pillar"),
        ("pillar", "programs", "evidence_based_share"),
    ),
    "phase1.expenditure_efficiency": (
        "select fiscal_year, pillar, sum(expended_amount) as expended_amount from {s}.rpt_expenditure_efficiency"
        " group by fiscal_year, pillar, output_measure, pillar_output_people, pillar_output_people_suppressed,"
        " pillar_cost_per_output order by fiscal_year, pillar",
        ("fiscal_year", "pillar", "expended_amount"),
    ),
    "phase2.submission_scorecard": (
        _slice(
            "rpt_partner_submission_scorecard",
            "partner_name, feed, deliveries_expected, deliveries_received, completeness_share, rows_quarantined",
            "true",
            "partner_name, feed",
        ),
        (
            "partner_name",
            "feed",
            "deliveries_expected",
            "deliveries_received",
            "completeness_share",
            "rows_quarantined",
        ),
    ),
    "phase2.intelligence_latency": (
        "select source_agency, receiving_agency, referrals, median_hours_to_action"
        " from {s}.rpt_intelligence_sharing_latency where quarter_start = (select quarter_start"
        " from {s}.rpt_intelligence_sharing_latency where quarter_start <= %(as_of)s order by 1 desc limit 1)"
        " order by median_hours_to_action desc nulls last, source_agency, receiving_agency",
        ("source_agency", "receiving_agency", "referrals", "median_hours_to_action"),
    ),
    "phase2.funding_coordination": (
        "select fiscal_year, count(*) as programs, sum(case when is_multi_source then 1 else 0 end)"
        " as multi_source_programs, sum(expended_amount) as expended_amount from {s}.rpt_funding_coordination"
        " group by fiscal_year order by fiscal_year",
        ("fiscal_year", "programs", "multi_source_programs", "expended_amount"),
    ),
    "phase2.program_efficiency": (
        "select program_name, expended_amount from {s}.rpt_program_efficiency p where fiscal_year ="
        " (select fiscal_year from {s}.rpt_program_efficiency order by fiscal_year desc limit 1)"
        " order by expended_amount desc nulls last, program_key limit 15",
        ("program_name", "expended_amount"),
    ),
    "quality.quarantine_by_partner": (
        "select partner_id, sum(rows_read) as rows_read, sum(rows_quarantined) as rows_quarantined,"
        " sum(batches_rejected) as batches_rejected from {s}.rpt_partner_submission_scorecard"
        " group by partner_id, partner_name order by partner_name, partner_id",
        ("partner_id", "rows_read", "rows_quarantined", "batches_rejected"),
    ),
    "quality.rejections_by_field": (
        "select partner_id, feed, field, sum(row_rejections) as row_rejections from {s}.rpt_data_quality"
        " group by partner_id, feed, field order by row_rejections desc, partner_id, feed, field limit 40",
        ("partner_id", "feed", "field", "row_rejections"),
    ),
    "quality.freshness": (
        "select feed, max(last_delivery_date) as last_delivery_date, count(*) as partners"
        " from {s}.rpt_partner_submission_scorecard group by feed order by feed",
        ("feed", "last_delivery_date", "partners"),
    ),
    "methods.periods": (
        "select pillar, min(quarter_start) as first_quarter_start, max(quarter_start) as last_quarter_start"
        " from {s}.rpt_pillar_scorecard_quarterly where quarter_start <= %(as_of)s group by pillar order by pillar",
        ("pillar", "first_quarter_start", "last_quarter_start"),
    ),
}
# Figures that show a reporting table whole (select *), when it is published.
PASS_THROUGH = {"partner.by_type", "partner.task_force_coverage", "prosecute.time_to_disposition",
                "support.time_to_first_service", "quality.gate"}  # fmt: skip


def _direct(schema: str, query: str, as_of) -> list[dict]:
    with connect(credentials.ADMIN_ROLE) as conn:
        cur = conn.execute(query.replace("{s}", f'"{schema}"'), {"as_of": as_of})
        names = [c.name for c in cur.description]
        return [{k: normalise(v) for k, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def test_every_figure_has_an_independent_check():
    assert set(EXPECTED) | PASS_THROUGH == {spec.id for spec in FIGURES}


@pytest.mark.parametrize("figure_id", sorted(EXPECTED))
def test_figure_equals_direct_sql(rendered, figure_id):
    section = figure_id.split(".")[0]
    figure = rendered.figures["sections"][section][figure_id]
    if not figure["published"]:
        pytest.skip(f"{figure['source']} is not published in {rendered.schema}")
    query, columns = EXPECTED[figure_id]
    expected = _direct(rendered.schema, query, rendered.as_of)
    got = [{c: row[c] for c in columns} for row in figure["rows"]]
    assert got == [{c: row[c] for c in columns} for row in expected]


def _cells(row: dict) -> str:
    """A row's cells by column name, whatever order the table or the figure lists its columns in."""
    return repr(sorted(row.items()))


@pytest.mark.parametrize("figure_id", sorted(PASS_THROUGH))
def test_pass_through_figure_is_the_whole_table(rendered, figure_id):
    spec = next(s for s in FIGURES if s.id == figure_id)
    figure = rendered.figures["sections"][spec.section][figure_id]
    if not figure["published"]:
        assert f"reporting.{spec.table}</code> is not in this state" in rendered.html
        return
    expected = _direct(rendered.schema, f"select * from {{s}}.{spec.table}", rendered.as_of)
    assert sorted(map(_cells, figure["rows"])) == sorted(map(_cells, expected))


class _Cells(HTMLParser):
    """Text of every table cell, with its class, per figure block."""

    def __init__(self) -> None:
        super().__init__()
        self.figure: str | None = None
        self.cells: dict[str, list[tuple[str, str]]] = {}
        self._td: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "data-figure" in attrs:
            self.figure = attrs["data-figure"]
            self.cells.setdefault(self.figure, [])
        elif tag == "td":
            self._td, self._text = attrs.get("class") or "", []

    def handle_data(self, data):
        if self._td is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "div":
            self.figure = None  # figure blocks hold no inner divs
        if tag == "td" and self._td is not None:
            self.cells.setdefault(self.figure or "(page)", []).append((self._td, "".join(self._text).strip()))
            self._td = None


def _people_cells(html: str) -> list[tuple[str, str]]:
    parser = _Cells()
    parser.feed(html)
    return [(fid, text) for fid, cells in parser.cells.items() for cls, text in cells if "people" in cls.split()]


def test_no_count_of_people_from_one_to_the_threshold_appears(rendered):
    threshold = settings.suppression_threshold()
    for section in rendered.figures["sections"].values():
        for figure_id, figure in section.items():
            for row in figure["rows"]:
                for column in figure["people_columns"]:
                    value = row[column]
                    assert value is None or not 1 <= value <= threshold, (figure_id, column, value)
                    if row.get(f"{column}_suppressed"):
                        assert value is None, (figure_id, column)
    cells = _people_cells(rendered.html)
    counted = any(
        figure["rows"] and figure["people_columns"]
        for section in rendered.figures["sections"].values()
        for figure in section.values()
    )
    assert bool(cells) == counted, "people-count cells must be marked in the HTML whenever people are counted"
    for figure_id, text in cells:
        if text in ("suppressed", "–"):
            continue
        assert re.fullmatch(r"[\d,]+", text), (figure_id, text)
        assert not 1 <= int(text.replace(",", "")) <= threshold, (figure_id, text)


def test_suppressed_cells_are_shown_as_suppressed_never_zero(rendered):
    parser = _Cells()
    parser.feed(rendered.html)
    total = 0
    for section in rendered.figures["sections"].values():
        for figure_id, figure in section.items():
            if figure_id == "summary.trends":
                continue  # drawn as sparklines, where a hidden quarter is a gap
            columns = ["count_value"] if figure_id == "summary.headlines" else figure["people_columns"]
            hidden = sum(1 for row in figure["rows"] for c in columns if row.get(f"{c}_suppressed"))
            cells = parser.cells["(page)" if figure_id == "summary.headlines" else figure_id]
            assert sum(1 for _, text in cells if text == "suppressed") == hidden, figure_id
            total += hidden
    if rendered.schema == "reporting_fixture":
        assert total > 0, "the fixture must exercise suppressed cells"


def test_page_shows_the_figures_rows(rendered):
    parser = _Cells()
    parser.feed(rendered.html)
    for section in rendered.figures["sections"].values():
        for figure_id, figure in section.items():
            if figure_id.startswith("summary.") or not figure["rows"]:
                continue
            shown = [c for c in figure["columns"] if not (c.endswith("_suppressed") and c[:-11] in figure["columns"])]
            assert len(parser.cells[figure_id]) == len(figure["rows"]) * len(shown), figure_id
