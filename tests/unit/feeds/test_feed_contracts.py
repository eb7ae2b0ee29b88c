"""The packaged contracts load, and a broken contract stops at load with one line naming the problem."""

from __future__ import annotations

import textwrap

import pytest

from pillars.errors import PillarsError
from pillars.feeds.declarations.codes import codes
from pillars.feeds.declarations.contract import (
    METADATA_COLUMNS,
    get_contract,
    load_contract,
    load_contracts,
    normalise_header,
)

FEEDS = {
    "program_inventory",
    "prosecution_cases",
    "victim_identifications",
    "victim_services",
    "prevention_activities",
    "funding_expenditures",
    "partnerships",
    "intelligence_referrals",
    "htcds_cases",
}


def test_all_nine_feeds_load():
    assert set(load_contracts()) == FEEDS


def test_code_lists_are_referenced_not_copied():
    contract = get_contract("victim_services")
    col = contract.column("service_category")
    assert col.allowed_ref == "codes.service_category"
    assert col.allowed == codes("service_category")
    assert "victim_advocacy" in col.allowed


def test_raw_table_columns_order_and_types():
    contract = get_contract("victim_services")
    cols = contract.raw_table_columns()
    names = [n for n, _ in cols]
    # identifiers never become columns; tokens follow the stored columns; metadata last
    assert "client_first_name" not in names
    assert "client_date_of_birth" not in names
    assert names[: len(contract.stored_columns)] == [c.name for c in contract.stored_columns]
    assert names[len(contract.stored_columns) : -len(METADATA_COLUMNS)] == [
        "match_key_name_dob",
        "match_key_initials_dob_sex",
    ]
    assert cols[-len(METADATA_COLUMNS) :] == list(METADATA_COLUMNS)
    types = dict(cols)
    assert types["service_date"] == "date"
    assert types["county"] == "text"
    assert types["_batch_id"] == "uuid"
    assert types["_source_line"] == "integer"
    assert dict(get_contract("program_inventory").raw_table_columns())["counties_served"] == "text[]"


def test_drop_columns_are_not_stored():
    names = [c.name for c in get_contract("intelligence_referrals").stored_columns]
    assert "narrative" not in names
    assert "reporter_name" not in names


def test_htcds_columns_are_the_standards_fields_with_its_spellings_as_aliases():
    contract = get_contract("htcds_cases")
    assert "prs_Gender" in contract.column("prs_gender").aliases
    assert (
        "vic_TraffickinStatusDecisionMakingOrg" in contract.column("vic_trafficking_status_decision_making_org").aliases
    )
    assert contract.column("prs_citizenship").type == "list"
    assert contract.column("prs_citizenship").allowed_ref == "codes.iso3166_alpha2"
    assert {c.name for c in contract.direct_identifiers} >= {"prs_first_name", "prs_second_name", "prs_birthdate"}


def test_unknown_feed_is_a_user_error():
    with pytest.raises(PillarsError, match="unknown feed 'nope'"):
        get_contract("nope")


def test_normalise_header():
    assert normalise_header(" Client_First Name ") == normalise_header("clientFirstName")


BASE = """
feed: sample
title: Sample
pillars: [support]
phase: II
formats: [csv]
natural_key: [{key}]
columns:
  - name: record_id
    type: text
    required: true
  - name: first_name
    type: text
    privacy: direct_identifier
  - name: kind
    type: {kind_type}
    allowed: {allowed}
match_keys:
  - name: match_key_name
    parts: [{part}]
"""


def _write(tmp_path, **overrides):
    values = {"key": "record_id", "kind_type": "enum", "allowed": "codes.pillar", "part": "first_name"}
    values.update(overrides)
    path = tmp_path / "sample.yml"
    path.write_text(textwrap.dedent(BASE.format(**values)))
    return path


def test_a_valid_sample_loads(tmp_path):
    contract = load_contract(_write(tmp_path))
    assert contract.natural_key == ("record_id",)
    assert contract.match_keys[0].columns == ("first_name",)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind_type": "strng"}, "unknown type 'strng'"),
        ({"allowed": "codes.no_such_list"}, "unknown code list 'no_such_list'"),
        ({"key": "first_name"}, "natural_key column 'first_name' is not stored"),
        ({"key": "missing"}, "natural_key names unknown column 'missing'"),
        ({"key": "kind"}, "natural_key column 'kind' must be required"),
        ({"part": "nobody"}, "unknown column 'nobody'"),
        ({"part": "first_name:soundex"}, "unknown transform 'soundex'"),
        ({"kind_type": "integer"}, "'allowed' only applies to enum"),
    ],
)
def test_broken_contracts_fail_at_load(tmp_path, overrides, message):
    with pytest.raises(PillarsError, match=message) as info:
        load_contract(_write(tmp_path, **overrides))
    assert "sample.yml" in str(info.value)
    assert "\n" not in str(info.value)


def test_feed_name_must_match_file(tmp_path):
    path = _write(tmp_path)
    renamed = path.with_name("other.yml")
    path.rename(renamed)
    with pytest.raises(PillarsError, match="must match the file name"):
        load_contract(renamed)


def test_a_code_yaml_reads_as_a_boolean_is_refused(tmp_path):
    """An unquoted NO (Norway) is False to YAML: the list would silently lose the code."""
    from pillars.feeds.declarations.codes import code_lists

    assert "NO" in code_lists()["iso3166_alpha2"]
    bad = tmp_path / "codes.yml"
    bad.write_text('countries:\n  NL: "Netherlands"\n  NO: "Norway"\n')
    with pytest.raises(PillarsError, match="'countries' has a value YAML reads as False: quote it"):
        code_lists(bad)
