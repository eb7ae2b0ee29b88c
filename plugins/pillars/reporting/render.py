"""Render the Phase II report: figures from ``reporting`` -> one self-contained HTML file (+ JSON, + PDF).

The HTML embeds its CSS and every chart (PNG data URIs), so it can be e-mailed or opened offline. The
figures JSON beside it holds every number the page shows, for audit and for the tests that recompute
them with SQL. The PDF is printed from the HTML by headless Chromium when it is installed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from pillars import settings
from pillars.reporting import charts, chromium
from pillars.reporting.cells import cell, label, visible_columns
from pillars.reporting.data import PUBLISHED_SCHEMA, open_reader
from pillars.reporting.figures import SECTIONS, Figure, as_json, collect

PILLARS = ("partner", "prevent", "protect", "prosecute", "support")


@dataclass(frozen=True)
class ReportResult:
    html_path: Path
    latest_path: Path
    pdf_path: Path | None
    figures_path: Path


def reports_dir() -> Path:
    return settings.output_dir() / "reports"


def render_report(
    logical_date: date | None = None, out_dir: Path | None = None, schema: str = PUBLISHED_SCHEMA
) -> ReportResult:
    """Write ``phase2-<date>.html`` (+ ``.json``, + ``.pdf``) and refresh ``latest.html``; returns the paths."""
    as_of = logical_date or datetime.now(ZoneInfo(settings.council_timezone())).date()
    target = out_dir or reports_dir()
    target.mkdir(parents=True, exist_ok=True)
    with open_reader(schema) as reader:
        figures = collect(reader, as_of)
    html = render_html(figures, as_of, schema)
    stem = f"phase2-{as_of.isoformat()}"
    html_path = target / f"{stem}.html"
    figures_path = target / f"{stem}.json"
    _write(html_path, html)
    _write(figures_path, json.dumps({"as_of": as_of.isoformat(), "schema": schema, "sections": as_json(figures)},
                                    indent=1, sort_keys=True))  # fmt: skip
    latest = target / "latest.html"
    shutil.copyfile(html_path, latest)
    shutil.copyfile(figures_path, target / "latest.json")
    pdf = chromium.print_pdf(html_path, target / f"{stem}.pdf")
    if pdf is not None:
        shutil.copyfile(pdf, target / "latest.pdf")
    return ReportResult(html_path, latest, pdf, figures_path)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pillars.reporting", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(cell=cell, label=label, visible_columns=visible_columns)
    return env


def render_html(figures: dict[str, dict[str, Figure]], as_of: date, schema: str) -> str:
    from pillars.quality.context import docs_index

    template = _environment().get_template("report.html.j2")
    return template.render(
        as_of=as_of,
        schema=schema,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        sections=SECTIONS,
        figures=figures,
        charts=_charts(figures),
        headlines=_headlines(figures),
        threshold=settings.suppression_threshold(),
        data_docs=docs_index().as_uri(),
        css=(Path(__file__).parent / "templates" / "report.css").read_text(encoding="utf-8"),
        sources=_sources(),
    )


def _values(rows: list[dict[str, Any]], column: str) -> list[float | None]:
    return [None if row.get(f"{column}_suppressed") else row.get(column) for row in rows]


def _charts(figures: dict[str, dict[str, Figure]]) -> dict[str, str]:
    """One chart per figure that benefits from one, keyed by figure id."""
    flat = {fid: fig for items in figures.values() for fid, fig in items.items() if fig.rows}
    drawn: dict[str, str] = {}

    def by_year(fid: str, columns: dict[str, str], title: str, unit: str) -> None:
        if fid in flat:
            rows = [r for r in flat[fid].rows if r["fiscal_year"] != "total"]
            labels = [f"FY{r['fiscal_year']}" for r in rows]
            drawn[fid] = charts.bars(labels, {name: _values(rows, col) for col, name in columns.items()}, title, unit)

    def ranked(fid: str, key: str, column: str, title: str, unit: str) -> None:
        if fid in flat:
            rows = flat[fid].rows[:15]
            labels = [str(r[key]).replace("_", " ") for r in rows]
            drawn[fid] = charts.bars(labels, {label(column): _values(rows, column)}, title, unit, horizontal=True)

    by_year("protect.by_year", {"victims_identified": "All identified", "minors_identified": "Minors"},
            "Possible victims identified", "people")  # fmt: skip
    by_year("support.by_year", {"survivors_served": "Survivors served"}, "Unduplicated survivors served", "people")
    by_year("prosecute.by_year", {"cases": "Cases", "defendants": "Defendants"}, "Cases filed", "count")
    by_year("prevent.by_year", {"activities": "All activities", "evidence_based_activities": "Evidence-based",
                                "demand_reduction_activities": "Demand reduction"},
            "Prevention activities", "activities")  # fmt: skip
    ranked("protect.by_county", "county_name", "victims_identified", "Victims identified by county", "people")
    ranked("support.by_category", "service_category", "survivors_served", "Survivors served by service", "people")
    ranked("prosecute.dispositions", "disposition", "defendants", "Defendants by disposition", "defendants")
    ranked("prevent.by_audience", "audience", "activities", "Activities by audience", "activities")
    ranked("phase1.gap_summary", "service_category", "gap_counties", "Counties with a service gap", "counties")
    ranked("quality.quarantine_by_partner", "partner_name", "quarantined_share", "Share of rows quarantined", "share")
    if "partner.network" in flat:
        drawn["partner.network"] = charts.network(flat["partner.network"].rows, "Partnerships between organisations")
    return drawn


def _headlines(figures: dict[str, dict[str, Figure]]) -> list[dict[str, Any]]:
    """Summary cards: each pillar's measures this quarter, their change and an eight-quarter sparkline."""
    headline = figures["summary"]["summary.headlines"]
    trends = figures["summary"]["summary.trends"]
    cards: list[dict[str, Any]] = []
    for pillar in PILLARS:
        measures = []
        for row in (r for r in headline.rows if r["pillar"] == pillar):
            history = [t for t in trends.rows if t["pillar"] == pillar and t["measure"] == row["measure"]]
            column = "amount" if row["unit"] == "usd" else "count_value"
            series = _values(history, column)
            measures.append(
                {
                    "row": row,
                    "column": column,
                    "label": label(row["measure"]),
                    "spark": charts.sparkline(series) if len(series) > 1 else None,
                }
            )
        quarter = headline.rows[0] if headline.rows else None
        cards.append({"pillar": pillar, "title": SECTIONS[pillar], "measures": measures, "quarter": quarter})
    return cards


def _sources() -> list[dict[str, str]]:
    """The partner feeds behind the figures, from the feed contracts (the one statement of each feed)."""
    from pillars.feeds.declarations.contract import load_contracts

    return [
        {"feed": c.feed, "title": c.title, "pillars": ", ".join(c.pillars), "phase": c.phase}
        for c in sorted(load_contracts().values(), key=lambda c: c.feed)
    ]
