"""The raw suites are derived from the contracts: each contract rule appears once, with its severity."""

from __future__ import annotations

import pytest

from pillars.feeds.contract import get_contract, load_contracts
from pillars.quality.raw_suite import COUNTY_REGEX, build_suite, rules


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
    [between] = _find("victim_identifications", "ExpectColumnValuesToBeBetween", "identification_date")
    assert between.kwargs["min_value"] == "2000-01-01"


def test_natural_key_is_unique_per_partner_and_identifiers_are_checked_absent():
    [unique] = _find("victim_services", "ExpectCompoundColumnsToBeUnique")
    assert unique.kwargs["column_list"] == [*get_contract("victim_services").natural_key, "_partner_id"]
    [absent] = [r for r in _find("victim_services", "UnexpectedRowsExpectation") if "identifier" in r.why]
    assert "'client_first_name'" in absent.kwargs["unexpected_rows_query"]
    assert absent.severity == "fail"


def test_no_rule_names_a_column_that_is_not_stored():
    for contract in load_contracts().values():
        stored = {name for name, _ in contract.raw_table_columns()}
        for rule in rules(contract):
            assert rule.column is None or rule.column in stored, (contract.feed, rule)


def test_htcds_without_natural_key_has_no_uniqueness_rule():
    assert _find("htcds_cases", "ExpectCompoundColumnsToBeUnique") == []


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
    assert "having count(*) > 0" in empty["nationality_group"].kwargs["unexpected_rows_query"]  # header-only is fine
