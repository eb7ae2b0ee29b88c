"""The raw suites are derived from the contracts: each contract rule appears once, with its severity."""

from __future__ import annotations

from datetime import date

import pytest

from pillars.feeds.declarations.contract import get_contract, load_contracts
from pillars.quality.raw_suite import COUNTY_REGEX, build_suite, rules, suite_parameters


def _find(feed: str, kind: str, column: str | None = None) -> list:
    return [r for r in rules(get_contract(feed)) if r.kind == kind and (column is None or r.column == column)]


def test_required_enum_county_and_range_rules_follow_the_contract():
    contract = get_contract("victim_identifications")
    not_null = {r.column for r in _find("victim_identifications", "ExpectColumnValuesToNotBeNull")}
    assert {c.name for c in contract.required_columns} <= not_null
    [enum] = _find("victim_identifications", "ExpectColumnValuesToBeInSet", "trafficking_type")
    assert enum.severity == "fail" and enum.kwargs["value_set"] == list(contract.column("trafficking_type").allowed)
    [county] = _find("victim_identifications", "ExpectColumnValuesToMatchRegex", "county")
    assert county.kwargs["regex"] == COUNTY_REGEX and county.severity == "fail"
    [between] = [r for r in _find("victim_identifications", "ExpectColumnValuesToBeBetween", "identification_date")
                 if r.severity == "fail"]  # fmt: skip
    assert between.kwargs["min_value"] == "2000-01-01"


def test_natural_key_is_unique_per_partner_and_identifiers_are_checked_absent():
    [unique] = [r for r in _find("victim_services", "ExpectNoRowsFromQuery") if "natural key" in r.why]
    keys = [*get_contract("victim_services").natural_key, "_partner_id"]
    assert unique.kwargs["column_list"] == keys and unique.severity == "fail"
    assert f"group by {', '.join(keys)} having count(*) > 1" in unique.kwargs["unexpected_rows_query"]
    [absent] = [r for r in _find("victim_services", "UnexpectedRowsExpectation") if "identifier" in r.why]
    assert "'client_first_name'" in absent.kwargs["unexpected_rows_query"]
    assert absent.severity == "fail"


def test_no_rule_names_a_column_that_is_not_stored():
    for contract in load_contracts().values():
        stored = {name for name, _ in contract.raw_table_columns()}
        for rule in rules(contract):
            assert rule.column is None or rule.column in stored, (contract.feed, rule)


def test_htcds_without_natural_key_has_no_uniqueness_rule():
    assert [r for r in rules(get_contract("htcds_cases")) if "natural key" in r.why] == []


@pytest.mark.parametrize("feed", sorted(load_contracts()))
def test_every_suite_builds_as_gx_expectations(feed):
    suite = build_suite(get_contract(feed))
    assert suite.name == f"raw.{feed}"
    severities = {e.severity.value for e in suite.expectations}
    assert severities <= {"critical", "warning"} and "critical" in severities


def test_optional_columns_warn_when_empty_in_a_whole_nonempty_batch():
    contract = get_contract("victim_identifications")
    empty = {r.column: r for r in _find("victim_identifications", "UnexpectedRowsExpectation") if "not empty" in r.why}
    optional = {c.name for c in contract.stored_columns if not c.required}
    assert set(empty) == optional and all(r.severity == "warn" for r in empty.values())
    query = empty["nationality_group"].kwargs["unexpected_rows_query"]
    assert "where exists (select 1 from {batch})" in query  # a header-only batch is fine
    assert "not exists (select 1 from {batch} where nationality_group is not null)" in query


def test_match_keys_are_lower_case_hex_of_exactly_64_characters():
    [regex] = _find("victim_services", "ExpectColumnValuesToMatchRegex", "match_key_name_dob")
    [length] = _find("victim_services", "ExpectColumnValuesToMatchLikePattern", "match_key_name_dob")
    assert regex.kwargs["regex"] == "^[0-9a-f]+$" and length.kwargs["like_pattern"] == "_" * 64
    assert regex.severity == length.severity == "fail"


def test_dates_after_the_logical_date_warn_through_a_run_parameter():
    between = _find("victim_services", "ExpectColumnValuesToBeBetween", "service_date")
    [future] = [r for r in between if r.severity == "warn"]
    assert future.kwargs["max_value"] == {"$PARAMETER": "latest_date"}
    assert suite_parameters(date(2025, 3, 10)) == {"latest_date": "2025-03-11"}


def test_rules_reading_the_whole_batch_count_their_rows_once():
    """Rules that must read the whole batch use the count-only query expectation; probes keep GX's own."""
    suite = build_suite(get_contract("program_inventory"))
    kinds = {e.expectation_type for e in suite.expectations}
    assert "expect_no_rows_from_query" in kinds and "unexpected_rows_expectation" in kinds
