"""Real partner layouts through packaged mappings: the council's Phase I survey export and the Texas
statutory human-trafficking report (CCP Art. 2.305) of law enforcement and prosecutors. Each fixture is
read as the partner sends it, through the real validation path: nothing refused, nothing silently dropped."""

from __future__ import annotations

from pathlib import Path

from pillars.feeds.declarations.mapping import get_mapping
from pillars.feeds.parsing.validate import Rejection, open_feed_file

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


def test_a_texas_law_enforcement_statutory_report_loads_as_sent(tokeniser):
    feed_file, rows, rejections = _read(
        "tx_ccp_2305_law_enforcement.csv", "victim_identifications", "tx_ccp_2305_law_enforcement", tokeniser
    )
    assert rejections == [] and len(rows) == 4 and feed_file.unknown_cells() == {}
    assert {"Offense Location (Address)", "Victim Race/Ethnicity", "Time of Offense"} <= set(feed_file.ignored_columns)
    first = rows[0]
    assert (first["identification_id"], first["identification_date"], first["county"]) == (
        "HPD-2026-104421-1",
        "2026-09-14",
        "48201",
    )
    assert [r["age_group"] for r in rows] == ["minor", "adult", "adult", "minor"]
    assert [r["trafficking_type"] for r in rows] == ["sex", "sex", "labor", "both"]
    assert first["identifying_agency_type"] == "law_enforcement" and first["referred_to_services"] == "t"
    assert not any("Main St" in str(v) or v == "Hispanic" for r in rows for v in r.values())


def test_a_texas_prosecutor_statutory_report_loads_as_sent(tokeniser):
    feed_file, rows, rejections = _read(
        "tx_ccp_2305_prosecutor.csv", "prosecution_cases", "tx_ccp_2305_prosecutor", tokeniser
    )
    assert rejections == [] and len(rows) == 3 and feed_file.unknown_cells() == {}
    assert {"Defendant Race/Ethnicity", "Related Charges"} <= set(feed_file.ignored_columns)
    assert [r["statutes"] for r in rows] == ['{"20A.02","43.05"}', '{"20A.03"}', '{"20A.02"}']
    assert [r["disposition"] for r in rows] == ["pending", "convicted_plea", "dismissed"]
    assert [r["county"] for r in rows] == ["48201", "48453", "48029"]
    assert rows[1]["sentence_months"] == "120" and {r["defendant_count"] for r in rows} == {"1"}
    assert rows[0]["updated_at"].startswith("2026-11-30") and rows[0]["filing_date"] == "2026-10-01"
