"""The rendered report: every section, images that decode, a PDF, and a screenshot that is not blank."""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image

from pillars.errors import PillarsError
from pillars.reporting import chromium
from pillars.reporting.data import open_reader
from pillars.reporting.figures import FIGURES, SECTIONS

pytestmark = pytest.mark.integration
needs_chromium = pytest.mark.skipif(chromium.find() is None, reason="no Chromium installed (/usr/bin/chromium)")


def test_every_section_and_figure_is_on_the_page(rendered):
    for key in SECTIONS:
        assert f'data-section="{key}"' in rendered.html, key
    for spec in FIGURES:
        if not spec.id.startswith("summary."):
            assert f'data-figure="{spec.id}"' in rendered.html, spec.id
    for pillar in ("partner", "prevent", "protect", "prosecute", "support"):
        assert f'data-pillar="{pillar}"' in rendered.html


def test_page_is_self_contained(rendered):
    """Nothing is fetched when the file is opened: no external scripts, styles or images."""
    assert "<script" not in rendered.html
    assert not re.search(r'<link[^>]+rel="stylesheet"', rendered.html)
    assert not re.search(r'src="(?!data:)', rendered.html)
    assert "url(http" not in rendered.html


def test_every_image_is_a_data_uri_that_decodes(rendered):
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', rendered.html)
    data = any(figure["rows"] for section in rendered.figures["sections"].values() for figure in section.values())
    assert bool(sources) == data, "charts are drawn exactly when the published state has figures"
    for src in sources:
        assert src.startswith("data:image/png;base64,"), src[:40]
        image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1], validate=True)))
        image.load()
        assert image.size[0] > 10 and image.size[1] > 5
    if rendered.figures["sections"]["partner"]["partner.network"]["rows"]:
        assert 'alt="Chart: Collaboration network' in rendered.html


@needs_chromium
def test_pdf_is_printed(rendered):
    assert rendered.pdf_path is not None
    data = rendered.pdf_path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000


@needs_chromium
def test_screenshot_is_not_blank(rendered, tmp_path):
    png = chromium.screenshot(rendered.html_path, tmp_path / "report.png", width=1100, height=1800)
    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24)
    non_white = sum(count for count, rgb in colours if min(rgb) < 235)
    assert non_white / (image.width * image.height) > 0.03, "the screenshot is (nearly) blank"
    assert len(colours) > 50, "the screenshot has too few distinct colours to hold text and charts"


def test_reader_cannot_open_raw(warehouse):
    """The report reads as pillars_reader, which is refused anything but the published layer."""
    with pytest.raises(PillarsError, match="cannot read schema 'raw'"), open_reader("raw"):
        pass


def test_a_table_drifting_from_the_contract_names_the_figure(warehouse, tmp_path):
    from pillars.reporting import render_report
    from pillars.warehouse import credentials
    from pillars.warehouse.connect import connect
    from tests.integration.reporting import fixture_schema

    fixture_schema.build("reporting_drift")
    try:
        with connect(credentials.ADMIN_ROLE) as conn, conn.transaction():
            conn.execute("alter table reporting_drift.fig_prosecute_dispositions drop column mean_sentence_months")
        with pytest.raises(
            PillarsError, match=r"prosecute\.dispositions: .*fig_prosecute_dispositions lacks mean_sentence_months"
        ):
            render_report(out_dir=tmp_path, schema="reporting_drift")
    finally:
        fixture_schema.drop("reporting_drift")
