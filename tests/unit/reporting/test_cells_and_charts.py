"""Cell formatting, chart encoding and the template, without a warehouse."""

from __future__ import annotations

import base64
import io
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from pillars.errors import PillarsError
from pillars.reporting import charts
from pillars.reporting.cells import cell, label, visible_columns
from pillars.reporting.data import check_schema_name, normalise
from pillars.reporting.figures import FIGURES, SECTIONS, Figure, FigureSpec
from pillars.reporting.render import render_html


def test_hidden_count_is_written_suppressed_not_zero():
    shown = cell({"victims": None, "victims_suppressed": True}, "victims", people=True)
    assert "suppressed" in shown.html and ">0<" not in shown.html
    assert "people" in shown.classes.split()


def test_zero_is_a_published_zero():
    assert str(cell({"victims": 0, "victims_suppressed": False}, "victims", people=True).html) == "0"


@pytest.mark.parametrize(
    ("column", "value", "text"),
    [
        ("expended_amount", 1234567.891, "$1,234,568"),
        ("completeness_share", 0.8766, "87.7%"),
        ("conviction_rate", 0.5, "50.0%"),
        ("cases", 12345, "12,345"),
        ("median_hours_to_action", 3.25, "3.2"),
        ("fiscal_year", 2026, "2026"),
    ],
)
def test_numbers(column, value, text):
    assert str(cell({column: value}, column, people=False).html) == text


def test_codes_and_text_are_escaped():
    assert str(cell({"org": "<b>A&B</b>"}, "org", people=False).html) == "&lt;b&gt;A&amp;B&lt;/b&gt;"
    assert str(cell({"disposition": "convicted_plea"}, "disposition", people=False).html) == "convicted plea"


def test_flags_are_shown_through_their_counts():
    assert visible_columns(["a", "a_suppressed", "b", "flag_suppressed"]) == ["a", "b", "flag_suppressed"]
    assert label("county_fips") == "County FIPS"


def test_normalise():
    assert normalise(Decimal("471")) == 471 and isinstance(normalise(Decimal("471")), int)
    assert normalise(Decimal("0.12345678")) == 0.123457
    assert normalise(date(2026, 1, 2)) == "2026-01-02"


@pytest.mark.parametrize("name", ["reporting; drop table x", "Reporting", "a-b", ""])
def test_schema_names_are_plain(name):
    with pytest.raises(PillarsError):
        check_schema_name(name)


def _decodes(uri: str) -> Image.Image:
    assert uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1], validate=True)))
    image.load()
    return image


def test_charts_are_png_data_uris_with_gaps_for_hidden_values():
    _decodes(charts.bars(["FY2025", "FY2026"], {"a": [120, None], "b": [0, 30]}, "t", "people"))
    _decodes(charts.bars(["x", "y"], {"a": [None, 40]}, "t", "people", horizontal=True))
    _decodes(charts.sparkline([12, None, 40, 55]))
    edges = [
        {"organisation_a": "A", "organisation_a_kind": "ngo", "organisation_b": "B", "organisation_b_kind": "federal",
         "partnerships": 3, "is_cross_sector": True},
    ]  # fmt: skip
    assert _decodes(charts.network(edges, "net")).size[0] > 100


def test_template_renders_every_section_when_nothing_is_published():
    figures = {section: {} for section in SECTIONS}
    for spec in FIGURES:
        figures[spec.section][spec.id] = Figure(spec, published=False)
    html = render_html(figures, date(2026, 3, 1), "reporting")
    for key in SECTIONS:
        assert f'data-section="{key}"' in html
    assert html.count("Not yet published") >= len(FIGURES) - 2


def test_people_columns_are_the_flagged_ones():
    spec = FigureSpec("protect.x", "x", "t", "select 1")
    figure = Figure(spec, columns=["county", "victims", "victims_suppressed", "activities"])
    assert figure.people_columns() == ["victims"]
