"""Real partner layouts through packaged mappings: the council's Phase I survey export and the Texas
statutory human-trafficking report (CCP Art. 2.305) of law enforcement and prosecutors. Each fixture is
read as the partner sends it, through the real validation path: nothing refused, nothing silently dropped."""

from __future__ import annotations

from pathlib import Path

from pillars.feeds.mapping import get_mapping
from pillars.feeds.validate import Rejection, open_feed_file

FIXTURES = Path(__file__).with_name("fixtures")


def _read(fixture: str, feed: str, mapping: str, tokeniser):
    feed_file = open_feed_file(FIXTURES / fixture, feed, tokeniser=tokeniser, mapping=get_mapping(mapping))
    items = list(feed_file)
    rows = [dict(zip(feed_file.column_names, i.values, strict=True)) for i in items if type(i) is not Rejection]
    return feed_file, rows, [i for i in items if type(i) is Rejection]


def test_a_survey_export_loads_every_organisation(tokeniser):
    feed_file, rows, rejections = _read(
        "statewide_survey_export.csv", "program_inventory", "statewide_survey", tokeniser
    )
    assert rejections == [] and len(rows) == 5 and feed_file.unknown_cells() == {}
    assert "IP Address" in feed_file.ignored_columns and "Contact email" in feed_file.ignored_columns
    by_org = {r["organisation_name"]: r for r in rows}
    first = by_org["Gulf Coast Survivor Services"]
    assert first["organisation_kind"] == "ngo" and first["pillars_served"] == '{"partner","protect","support"}'
    assert first["counties_served"] == '{"48201","48157","48167"}'
    assert first["capacity"] in ("", None) and first["annual_budget"] in ("", None)  # the survey never asks
    only_other = [by_org["Hill Country Faith Coalition"], by_org["Panhandle Outreach Network"]]
    assert [r["services_offered"] for r in only_other] == ['{"other"}', '{"other"}']
    assert by_org["Rio Grande Valley Health"]["services_offered"].endswith(',"other"}')
    assert all(r["program_name"].startswith("All programs") for r in rows)
    assert not any("example.org" in str(v) or "203.0.113" in str(v) for r in rows for v in r.values())
