"""A fixture copy of the reporting layer in a scratch schema, built from REPORTING.md's column tables.

The ``rpt_*`` tables take their columns and types from the documented contract (so a renamed column breaks
the fixture as it would break the report), and their rows from a seeded generator that follows the layer's
rules: people counts are 0, above the threshold, or NULL with ``<col>_suppressed``; cube tables carry
``'total'`` rows. The report's ``fig_*`` tables are then built over them by the figure models' own SQL,
rendered with their macros and ``ref()`` pointing at the scratch schema. It lets the report tests run
without the pipeline; the same tests also run against the real, pipeline-built ``reporting`` schema.
"""

from __future__ import annotations

import itertools
import random
import re
from datetime import date, timedelta
from pathlib import Path

import jinja2
from psycopg import sql

from pillars import settings
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

DBT_PROJECT = Path(__file__).resolve().parents[3] / "dbt_project"
REPORTING_MD = DBT_PROJECT / "models" / "reporting" / "REPORTING.md"
FIGURE_MODELS = DBT_PROJECT / "models" / "reporting" / "figures"
FIGURE_MACROS = DBT_PROJECT / "macros" / "reporting" / "figure_rows.sql"
_HEADING = re.compile(r"^#+ ")
_TABLE = re.compile(r"^## `(rpt_\w+)`")
_ROW = re.compile(r"^\| `(\w+)` \| (\w[\w ]*) \|")

COUNTIES = [("48201", "Harris"), ("48113", "Dallas"), ("48029", "Bexar"), ("48453", "Travis"), ("48141", "El Paso")]
ORGS = [
    ("Texas Office of the Attorney General", "state_agency"),
    ("Houston Police Department", "law_enforcement"),
    ("Harris County District Attorney", "prosecutor"),
    ("Dallas Anti-Trafficking Coalition", "ngo"),
    ("Homeland Security Investigations Houston", "federal"),
    ("Bexar County Sheriff", "law_enforcement"),
    ("Travis County Safe Place", "ngo"),
]
CUBES = {
    "rpt_protect_identifications_by_county": ("trafficking_type", ["sex", "labor", "both", "unknown"]),
    "rpt_support_survivors_served": (
        "service_category",
        ["case_management", "emergency_shelter", "legal_immigration", "mental_health", "transportation"],
    ),
    "rpt_prosecute_outcomes": (
        "disposition",
        ["pending", "dismissed", "convicted_plea", "convicted_trial", "deferred_adjudication"],
    ),
    "rpt_prevent_reach": ("audience", ["students_k12", "educators", "hospitality", "general_public"]),
}
MEASURES = {
    "partner": [("partnerships_started", "partnerships")],
    "prevent": [("activities", "activities"), ("people_reached", "people")],
    "protect": [("victims_identified", "people"), ("minors_identified", "people")],
    "prosecute": [("cases_filed", "cases"), ("defendants_convicted", "people")],
    "support": [("survivors_served", "people"), ("expended_amount", "usd")],
}


def contract() -> dict[str, list[tuple[str, str]]]:
    """Table -> [(column, type)] from REPORTING.md's ``rpt_*`` sections (``fig_*`` are built from their SQL)."""
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in REPORTING_MD.read_text().splitlines():
        if _HEADING.match(line):
            current = table.group(1) if (table := _TABLE.match(line)) else None
            if current:
                tables[current] = []
        elif current and (row := _ROW.match(line)):
            tables[current].append((row.group(1), row.group(2).strip()))
    return tables


class _Values:
    def __init__(self, seed: int, threshold: int) -> None:
        self.rng = random.Random(seed)
        self.threshold = threshold

    def people(self) -> tuple[int | None, bool]:
        roll = self.rng.random()
        if roll < 0.2:
            return None, True
        if roll < 0.3:
            return 0, False
        return self.rng.randint(self.threshold + 1, 900), False

    def plain(self, column: str, kind: str) -> object:
        rng = self.rng
        if kind == "boolean":
            return rng.random() < 0.5
        if kind in ("bigint", "integer"):
            return rng.randint(0, 500)
        if kind == "numeric":
            if "share" in column or "score" in column:
                return round(rng.random(), 4)
            return round(rng.uniform(1, 250000), 2)
        if kind == "date":
            return date(2025, 9, 1) + timedelta(days=rng.randint(0, 200))
        if column.endswith("kind"):
            return rng.choice(["ngo", "law_enforcement", "state_agency"])
        if column == "pillar":
            return rng.choice(list(MEASURES))
        if column in ("feed",):
            return rng.choice(["victim_services", "prosecution_cases", "partnerships"])
        if column == "partner_id":
            return rng.choice(["oag", "hpd", "dacoalition"])
        return f"{column.replace('_', ' ')} {rng.randint(1, 6)}"


def _row(columns: list[tuple[str, str]], values: _Values, fixed: dict[str, object]) -> dict[str, object]:
    names = [c for c, _ in columns]
    row: dict[str, object] = {}
    for column, kind in columns:
        if column in fixed:
            row[column] = fixed[column]
        elif column.endswith("_suppressed"):
            continue
        elif f"{column}_suppressed" in names:
            row[column], row[f"{column}_suppressed"] = values.people()
        else:
            row[column] = values.plain(column, kind)
    return row


def _cube(table: str, columns: list[tuple[str, str]], values: _Values) -> list[dict[str, object]]:
    dim, codes = CUBES[table]
    years = ["2025", "2026", "total"]
    counties = [*COUNTIES, ("total", "Texas")]
    rows = []
    for year, (fips, name), code in itertools.product(years, counties, [*codes, "total"]):
        rows.append(_row(columns, values, {"fiscal_year": year, "county_fips": fips, "county_name": name, dim: code}))
    return rows


def _scorecard(columns: list[tuple[str, str]], values: _Values) -> list[dict[str, object]]:
    rows = []
    quarters = [(2025, 1, date(2024, 9, 1)), (2025, 2, date(2024, 12, 1)), (2025, 3, date(2025, 3, 1)),
                (2025, 4, date(2025, 6, 1)), (2026, 1, date(2025, 9, 1)), (2026, 2, date(2025, 12, 1))]  # fmt: skip
    for pillar, measures in MEASURES.items():
        for measure, unit in measures:
            previous: dict[str, object] | None = None
            for year, quarter, start in quarters:
                fixed = {"pillar": pillar, "measure": measure, "unit": unit, "fiscal_year": year,
                         "fiscal_quarter": quarter, "quarter_start": start}  # fmt: skip
                row = _row(columns, values, fixed)
                if unit == "usd":
                    row["count_value"], row["count_value_suppressed"] = None, False
                else:
                    row["amount"] = None
                prev_value = previous["count_value"] if previous else None
                prev_amount = previous["amount"] if previous else None
                row["previous_count_value"] = prev_value
                row["previous_count_value_suppressed"] = bool(previous and previous["count_value_suppressed"])
                row["previous_amount"] = prev_amount
                now, before = (row["amount"], prev_amount) if unit == "usd" else (row["count_value"], prev_value)
                row["change"] = None if now is None or before is None else now - before
                row["change_share"] = round(row["change"] / before, 4) if row["change"] is not None and before else None
                rows.append(row)
                previous = row
    return rows


def _edges(columns: list[tuple[str, str]], values: _Values) -> list[dict[str, object]]:
    rows = []
    for (a, a_kind), (b, b_kind) in itertools.combinations(sorted(ORGS), 2):
        if values.rng.random() < 0.55:
            fixed = {"organisation_a": a, "organisation_a_kind": a_kind, "organisation_b": b,
                     "organisation_b_kind": b_kind, "is_cross_sector": a_kind != b_kind}  # fmt: skip
            rows.append(_row(columns, values, fixed))
    return rows


def rows_for(table: str, columns: list[tuple[str, str]], values: _Values) -> list[dict[str, object]]:
    if table in CUBES:
        return _cube(table, columns, values)
    if table == "rpt_pillar_scorecard_quarterly":
        return _scorecard(columns, values)
    if table == "rpt_partner_network_edges":
        return _edges(columns, values)
    if table == "rpt_intelligence_sharing_latency":
        return [_row(columns, values, {"quarter_start": date(2025, 12, 1), "fiscal_year": 2026, "fiscal_quarter": 2})
                for _ in range(8)]  # fmt: skip
    return [_row(columns, values, {}) for _ in range(12)]


def figure_sql(model: Path, schema: str) -> str:
    """A figure model's SQL as dbt compiles it, with ``ref()`` resolved to tables of ``schema``."""
    environment = jinja2.Environment(autoescape=False, extensions=["jinja2.ext.do"])  # dbt enables `do` too
    template = environment.from_string(FIGURE_MACROS.read_text() + model.read_text())
    return template.render(ref=lambda name: f'"{schema}"."{name}"')


def build(schema: str, seed: int = 7) -> dict[str, list[dict[str, object]]]:
    """(Re)create ``schema`` with every documented reporting table, readable by ``pillars_reader``."""
    values = _Values(seed, settings.suppression_threshold())
    built: dict[str, list[dict[str, object]]] = {}
    with connect(credentials.ADMIN_ROLE) as conn, conn.transaction():
        ident = sql.Identifier(schema)
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(ident))
        conn.execute(sql.SQL("create schema {}").format(ident))
        for table, columns in contract().items():
            conn.execute(
                sql.SQL("create table {}.{} ({})").format(
                    ident,
                    sql.Identifier(table),
                    sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in columns),
                )
            )
            rows = rows_for(table, columns, values)
            names = [c for c, _ in columns]
            insert = sql.SQL("insert into {}.{} ({}) values ({})").format(
                ident,
                sql.Identifier(table),
                sql.SQL(", ").join(map(sql.Identifier, names)),
                sql.SQL(", ").join(sql.Placeholder() * len(names)),
            )
            with conn.cursor() as cur:
                cur.executemany(insert, [[row.get(c) for c in names] for row in rows])
            built[table] = rows
        for model in sorted(FIGURE_MODELS.glob("fig_*.sql")):
            query = sql.SQL(figure_sql(model, schema))  # type: ignore[arg-type] - our own model files
            conn.execute(sql.SQL("create table {}.{} as ").format(ident, sql.Identifier(model.stem)) + query)
        conn.execute(sql.SQL("grant usage on schema {} to {}").format(ident, sql.Identifier(credentials.READER_ROLE)))
        conn.execute(
            sql.SQL("grant select on all tables in schema {} to {}").format(
                ident, sql.Identifier(credentials.READER_ROLE)
            )
        )
    return built


def drop(schema: str) -> None:
    with connect(credentials.ADMIN_ROLE) as conn, conn.transaction():
        conn.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
