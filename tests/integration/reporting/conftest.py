"""The report rendered once per reporting schema: a fixture copy, and the pipeline-built ``reporting``.

``report_schema`` is parametrised. ``fixture`` builds a scratch schema from REPORTING.md's contract with
seeded rows (no pipeline needed). ``published`` uses the real ``reporting`` schema as published by the
pipeline: it asks for a session fixture named ``published_reporting`` (defined where the pipeline runs,
e.g. the top-level conftest) that runs the pipeline and returns the schema name; without it the
parameter is skipped, saying so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

FIXTURE_SCHEMA = "reporting_fixture"
FIXTURE_AS_OF = date(2026, 1, 15)


@dataclass
class Rendered:
    schema: str
    as_of: date
    html_path: Path
    pdf_path: Path | None
    figures: dict
    html: str


@pytest.fixture(scope="session", params=["fixture", "published"])
def report_schema(request, warehouse) -> tuple[str, date]:
    if request.param == "fixture":
        from tests.integration.reporting import fixture_schema

        fixture_schema.build(FIXTURE_SCHEMA)
        yield FIXTURE_SCHEMA, FIXTURE_AS_OF
        fixture_schema.drop(FIXTURE_SCHEMA)
        return
    try:
        published = request.getfixturevalue("published_reporting")
    except pytest.FixtureLookupError:
        pytest.skip("no 'published_reporting' session fixture: define it where the pipeline runs to test 'reporting'")
    schema, as_of = published if isinstance(published, tuple) else (published, date.today())
    yield schema, as_of


@pytest.fixture(scope="session")
def rendered(report_schema, tmp_path_factory) -> Rendered:
    from pillars.reporting import render_report

    schema, as_of = report_schema
    out = tmp_path_factory.mktemp(f"report-{schema}")
    result = render_report(as_of, out_dir=out, schema=schema)
    assert result.html_path == out / f"phase2-{as_of.isoformat()}.html"
    assert result.latest_path.read_bytes() == result.html_path.read_bytes()
    figures = json.loads(result.figures_path.read_text())
    return Rendered(schema, as_of, result.html_path, result.pdf_path, figures, result.html_path.read_text())
