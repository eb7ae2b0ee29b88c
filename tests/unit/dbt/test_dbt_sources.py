"""The dbt source YAML, staging docs and reference seeds are derived from the contracts and registries.

If a contract, a code list, the partner registry or addfips changes, the committed dbt files must be
regenerated (``python -m pillars.feeds.codegen.dbt_sources``); these tests fail until they are, so dbt never
disagrees with the loader about what a raw table holds.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import yaml

from pillars.feeds.codegen import dbt_sources
from pillars.feeds.declarations.codes import code_lists
from pillars.feeds.declarations.contract import load_contracts

# Counties per HHS region as HHSC publishes them (the region seed is hand-transcribed).
HHSC_REGION_SIZES = {
    "01": 41, "02": 30, "03": 19, "04": 23, "05": 15, "06": 13,
    "07": 30, "08": 28, "09": 30, "10": 6, "11": 19,
}  # fmt: skip


def test_committed_files_equal_what_the_contracts_render() -> None:
    stale = [
        str(path)
        for path, text in dbt_sources.rendered_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"regenerate with `python -m pillars.feeds.codegen.dbt_sources`: {stale}"


def _tables() -> dict[str, dict]:
    doc = yaml.safe_load(dbt_sources.render_sources())
    (source,) = doc["sources"]
    assert source["name"] == "raw"
    return {t["name"]: t for t in source["tables"]}


def test_one_table_per_contract_with_raw_columns_in_order() -> None:
    tables = _tables()
    contracts = load_contracts()
    assert set(tables) == set(contracts)
    for feed, contract in contracts.items():
        names = [c["name"] for c in tables[feed]["columns"]]
        assert names == [name for name, _ in contract.raw_table_columns()], feed
        assert tables[feed]["config"]["meta"]["natural_key"] == list(contract.natural_key)


def test_required_columns_are_not_null_and_enums_accept_only_their_codes() -> None:
    columns = {c["name"]: c for c in _tables()["victim_services"]["columns"]}
    assert "not_null" in columns["service_date"]["data_tests"]
    assert "data_tests" not in columns["exit_date"] or "not_null" not in columns["exit_date"]["data_tests"]
    (accepted,) = [t["accepted_values"] for t in columns["service_category"]["data_tests"] if "accepted_values" in t]
    assert accepted["arguments"]["values"] == list(code_lists()["service_category"])
    # Direct identifiers never appear in the warehouse, so never in the source definition either.
    assert "client_first_name" not in columns and "match_key_name_dob" in columns


def test_freshness_follows_the_tightest_partner_cadence() -> None:
    tables = _tables()
    daily = tables["prosecution_cases"]["config"]["freshness"]  # tx_oag delivers daily over http
    assert daily["warn_after"] == {"count": 2, "period": "day"}
    assert daily["error_after"] == {"count": 4, "period": "day"}
    assert tables["prosecution_cases"]["config"]["loaded_at_field"] == "_loaded_at"


def test_code_list_seed_holds_every_code_once() -> None:
    rows = list(csv.DictReader(dbt_sources.render_code_lists_csv().splitlines()))
    expected = {(name, code) for name, codes in code_lists().items() for code in codes}
    assert {(r["code_list"], r["code"]) for r in rows} == expected
    assert len(rows) == len(expected)


def _seed(name: str) -> list[dict[str, str]]:
    path: Path = dbt_sources.reference_seed_dir() / name
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def test_every_texas_county_has_exactly_one_hhs_region() -> None:
    counties = _seed("texas_counties.csv")
    assert len(counties) == 254 and all(r["county_fips"].startswith("48") for r in counties)
    mapping = _seed("hhsc_region_counties.csv")
    assert Counter(r["county_name"] for r in mapping) == Counter(r["county_name"] for r in counties)
    assert Counter(r["region_code"] for r in mapping) == HHSC_REGION_SIZES
    assert {r["region_code"] for r in _seed("hhsc_regions.csv")} == set(HHSC_REGION_SIZES)
