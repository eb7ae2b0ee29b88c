"""The synthetic partners: deterministic, cadence-true, parseable, with the defects they claim and no more."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from pillars.feeds.declarations.contract import get_contract, load_contracts
from pillars.feeds.declarations.registry import partner_feeds
from pillars.feeds.parsing.validate import Rejection, open_feed_file
from pillars.privacy.normalise import normalise_name
from pillars.privacy.tokens import Tokeniser
from pillars.synthetic import generate
from pillars.synthetic.generate import delivery_days, is_due

START = date(2026, 3, 2)  # a Monday, the first weekday of March and of a Texas fiscal quarter


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("gen")
    return generate(START, 7, seed=424242, out_dir=root / "landing", scale=0.5)


def _digests(root: Path) -> dict[str, str]:
    """Every generated data file's checksum (the manifest names absolute paths, so it is left out)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and p.parent.name != "synthetic"
    }


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    one = generate(START, 3, seed=5, out_dir=tmp_path / "a" / "landing", scale=0.3)
    two = generate(START, 3, seed=5, out_dir=tmp_path / "b" / "landing", scale=0.3)
    other = generate(START, 3, seed=6, out_dir=tmp_path / "c" / "landing", scale=0.3)
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert first == second and any(name.endswith(".xlsx") for name in first)
    assert first != _digests(tmp_path / "c")
    assert one["persons"] == two["persons"] != other["persons"]


def test_a_days_files_do_not_depend_on_the_range_they_were_generated_in(tmp_path):
    generate(START, 3, seed=9, out_dir=tmp_path / "a" / "landing", scale=0.3)
    generate(date(2026, 3, 3), 2, seed=9, out_dir=tmp_path / "b" / "landing", scale=0.3)
    day = "/2026-03-03/"
    a = {k: v for k, v in _digests(tmp_path / "a" / "landing").items() if day in f"/{k}"}
    b = {k: v for k, v in _digests(tmp_path / "b" / "landing").items() if day in f"/{k}"}
    assert a and a == b


def test_every_partner_feed_delivers_in_a_week_and_every_feed_is_covered(week):
    delivered = {(f["partner_id"], f["feed"]) for f in week["files"]}
    assert delivered == {(pf.partner_id, pf.feed) for pf in partner_feeds()}
    assert {f["feed"] for f in week["files"]} == set(load_contracts())


def test_cadences():
    assert is_due("weekly", date(2026, 3, 2)) and not is_due("weekly", date(2026, 3, 3))
    assert is_due("monthly", date(2026, 2, 2))  # 1 February 2026 is a Sunday
    assert not is_due("monthly", date(2026, 2, 1))
    assert is_due("quarterly", date(2026, 9, 1)) and not is_due("quarterly", date(2026, 10, 1))
    tuesday_to_thursday = [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)]
    assert delivery_days("weekly", tuesday_to_thursday) == []  # short ranges follow the calendar strictly
    week_from_tuesday = [date(2026, 11, 3 + i) for i in range(7)]
    assert delivery_days("quarterly", week_from_tuesday) == [date(2026, 11, 3)]  # onboarding delivery


def test_layout_landing_api_and_manifest_are_apart(week):
    landing = Path(week["landing_dir"])
    for f in week["files"]:
        path = Path(f["path"])
        assert path.exists()
        if f["landing"]:
            assert path.relative_to(landing).parts[:3] == (f["partner_id"], f["feed"], f["logical_date"])
        else:
            assert not path.is_relative_to(landing) and path.is_relative_to(week["api_dir"])
    manifest = Path(week["manifest_path"])
    assert manifest.name == "manifest-424242.json" and not manifest.is_relative_to(landing)
    assert json.loads(manifest.read_text())["totals"] == week["totals"]


def test_every_file_parses_and_exactly_the_defective_rows_are_rejected(week):
    """Clean rows are valid against their contract; each defect (but a duplicate) is one rejection."""
    tokeniser = Tokeniser(b"synthetic-test-key-0123456789abcdef")
    for f in week["files"]:
        feed_file = open_feed_file(Path(f["path"]), get_contract(f["feed"]), tokeniser=tokeniser)
        rejected = [item for item in feed_file if type(item) is Rejection]
        expected = sum(n for kind, n in f["defects"].items() if kind != "duplicate_row")
        assert feed_file.rows_ok + feed_file.rows_rejected == f["rows"], f["path"]
        assert len(rejected) == expected, (f["path"], f["defects"], [r.describe() for r in rejected[:3]])
        assert not feed_file.unknown_columns, f["path"]


def test_defect_share_is_about_the_rate_asked(tmp_path):
    manifest = generate(START, 14, seed=3, out_dir=tmp_path / "landing", defect_rate=0.025)
    share = manifest["totals"]["defect_rows"] / manifest["totals"]["rows"]
    assert 0.015 <= share <= 0.035, share
    kinds = {kind for f in manifest["files"] for kind in f["defects"]}
    assert {"bad_date", "impossible_date", "unknown_county", "missing_required", "duplicate_row"} <= kinds
    assert "negative_count" in kinds and "unknown_code" in kinds

    clean = generate(START, 3, seed=3, out_dir=tmp_path / "clean" / "landing", scale=0.3, defect_rate=0)
    assert clean["totals"]["defect_rows"] == 0


def test_formats_encodings_and_delimiters_vary_as_partners_do(tmp_path):
    manifest = generate(START, 28, seed=11, out_dir=tmp_path / "landing", scale=0.3)
    formats = {Path(f["path"]).suffix for f in manifest["files"]}
    assert formats == {".csv", ".jsonl", ".xlsx"}
    assert {"utf-8", "cp1252", "utf-8-sig"} <= {f.get("encoding") for f in manifest["files"]}
    assert {",", ";", "|", "\t"} <= {f.get("delimiter") for f in manifest["files"]}


def test_people_recur_across_partners_under_spellings_that_normalise_alike(week):
    people = week["persons"]
    assert people
    seen_by_two = [p for p in people if p["served_by"] and len(p["spellings"]) >= 1]
    assert seen_by_two, "some survivors should be known to an identifying agency and a service provider"
    varied = [p for p in people if len(p["spellings"]) > 1]
    assert varied, "partners should spell some names differently"
    for person in people:
        assert len({normalise_name(s) for s in person["spellings"]}) <= 1, person["spellings"]
        assert person["date_of_birth"] < "2015-01-01"  # apart from every other generated date


def test_namesakes_share_a_name_but_not_a_birth_date():
    from pillars.synthetic.people import build_pool

    pool = build_pool(seed=1, scale=1.0, start=START)
    namesakes = [p for p in pool if p.namesake_of is not None]
    assert len(namesakes) >= 5
    for person in namesakes:
        original = pool[person.namesake_of]
        assert (person.first_name, person.last_name) == (original.first_name, original.last_name)
        assert person.date_of_birth != original.date_of_birth


def test_person_names_never_collide_with_counties_agencies_or_codes():
    from pillars.synthetic import vocab

    reserved = vocab.reserved_words()
    assert "harris" in reserved and "travis" in reserved
    for pool in vocab.name_pools().values():
        for name in pool:
            assert not (set(name.casefold().replace("'", " ").replace("-", " ").split()) & reserved), name


def test_api_records_serve_through_the_reference_server_in_their_windows(week):
    import requests

    from pillars.extract.http import window_for_date
    from pillars.partner_api.server import serve_in_thread

    url, stop = serve_in_thread(port=0, token="t", data_dir=Path(week["api_dir"]))
    try:
        since, before = window_for_date(START)
        body = requests.get(
            f"{url}/v1/cases",
            params={"updated_since": since.isoformat(), "updated_before": before.isoformat(), "page_size": 1000},
            headers={"Authorization": "Bearer t"},
            timeout=5,
        ).json()
    finally:
        stop()
    expected = next(f["rows"] for f in week["files"] if not f["landing"] and f["logical_date"] == START.isoformat())
    assert len(body["data"]) == expected
    assert all(r["caseId"].startswith(f"TOAG-{START:%Y%m%d}-") for r in body["data"])


def test_a_second_call_rewrites_identical_files_and_manifest(tmp_path):
    landing = tmp_path / "landing"
    first = generate(START, 2, seed=77, out_dir=landing, scale=0.3)
    before = _digests(tmp_path)
    manifest_bytes = first.path.read_bytes()
    second = generate(START, 2, seed=77, out_dir=landing, scale=0.3)
    assert _digests(tmp_path) == before and second.path.read_bytes() == manifest_bytes
    assert second == first and second.totals == first["totals"] and second.files == first["files"]


def test_a_week_at_scale_one_is_fast_and_each_day_carries_hundreds_to_thousands_of_rows(tmp_path):
    import time

    started = time.perf_counter()
    manifest = generate(date(2026, 11, 3), 7, seed=1, out_dir=tmp_path / "landing")  # a Tuesday start
    elapsed = time.perf_counter() - started
    assert elapsed < 15, f"a week took {elapsed:.1f}s"
    per_day: dict[str, int] = {}
    for f in manifest.files:
        per_day[f["logical_date"]] = per_day.get(f["logical_date"], 0) + f["rows"]
    assert len(per_day) == 7
    assert all(150 <= rows <= 6000 for rows in per_day.values()), per_day


def test_default_defect_rate_is_two_percent(tmp_path):
    manifest = generate(START, 7, seed=12, out_dir=tmp_path / "landing")
    assert manifest["defect_rate"] == 0.02
    share = manifest.totals["defect_rows"] / manifest.totals["rows"]
    assert 0.012 <= share <= 0.03, share


def test_survivors_link_across_partners_by_token_not_by_spelling(week):
    """The same person, identified by one partner and served by another, gets the same match-key token."""
    tokeniser = Tokeniser(b"synthetic-test-key-0123456789abcdef")
    tokens: dict[str, dict[str, set[str]]] = {}
    for f in week["files"]:
        if f["feed"] not in ("victim_identifications", "victim_services"):
            continue
        contract = get_contract(f["feed"])
        key = contract.data_column_names().index("match_key_name_dob")
        for item in open_feed_file(Path(f["path"]), contract, tokeniser=tokeniser):
            if type(item) is Rejection or item.values[key] is None:
                continue
            tokens.setdefault(item.values[key], {}).setdefault(f["feed"], set()).add(f["partner_id"])
    linked = [t for t, feeds in tokens.items() if len(feeds) == 2]
    assert len(linked) >= 5, "identified survivors should also appear in another partner's service records"
    across = [t for t in linked if tokens[t]["victim_identifications"] != tokens[t]["victim_services"]]
    assert across, "the identifying agency and the service provider should be different partners"
    varied = [p for p in week["persons"] if len({s.casefold() for s in p["spellings"]}) > 1]
    assert varied, "partners should write some of those names differently (case, accents, spaces)"


def test_api_records_validate_as_api_objects(week):
    from pillars.feeds.parsing.validate import RowValidator

    validator = RowValidator(get_contract("prosecution_cases"), Tokeniser(b"k" * 32))
    api_files = [f for f in week["files"] if not f["landing"]]
    assert api_files and all(f["partner_id"] == "tx_oag" for f in api_files)
    for f in api_files:
        outcomes = [
            validator.validate_mapping(n, json.loads(line))
            for n, line in enumerate(Path(f["path"]).read_text().splitlines(), start=1)
        ]
        rejected = [o for o in outcomes if type(o) is Rejection]
        assert len(outcomes) == f["rows"] and len(rejected) == sum(f["defects"].values()), f["path"]


def test_counties_are_weighted_to_the_big_ones_and_spelt_many_ways(week):
    """Counties come from addfips (all 254), Harris leads, and partners write it in several ways."""
    from pillars.synthetic import vocab

    assert len(vocab.texas_counties()) == 254
    text = "\n".join(
        Path(f["path"]).read_text(encoding=f.get("encoding") or "utf-8", errors="replace")
        for f in week["files"]
        if f["path"].endswith((".csv", ".jsonl"))
    )
    seen = {spelling for spelling in ("Harris", "Harris County", "HARRIS CO", "48201") if spelling in text}
    assert len(seen) >= 3, seen
    assert text.count("Harris") > text.count("Loving")
