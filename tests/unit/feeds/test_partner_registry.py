"""The partner registry names real feeds and formats, never secrets, and gives people feeds two senders."""

from __future__ import annotations

import pytest

from pillars.errors import PillarsError
from pillars.feeds.declarations.contract import load_contracts
from pillars.feeds.declarations.registry import get_partner, load_partners, partner_feeds, partners_for_feed


def test_registry_loads():
    partners = load_partners()
    assert len(partners) >= 12
    assert {p.kind for p in partners.values()} >= {"state_agency", "prosecutor", "law_enforcement", "ngo"}


def test_every_feed_has_a_partner_and_people_feeds_have_two():
    for feed, contract in load_contracts().items():
        senders = partners_for_feed(feed)
        assert senders, feed
        if contract.match_keys or feed == "htcds_cases":
            assert len(senders) >= 2, feed


def test_prosecutor_pulls_over_http_with_a_connection_id():
    delivery = get_partner("tx_oag").feed("prosecution_cases")
    assert delivery is not None
    assert delivery.transport == "http"
    assert delivery.format == "json_api"
    assert delivery.connection_id == "partner_api_prosecutors"


def test_funding_from_comptroller_and_inventory_from_council():
    assert [p.id for p in partners_for_feed("funding_expenditures")] == ["tx_comptroller"]
    assert [p.id for p in partners_for_feed("program_inventory")] == ["htpcc"]
    assert all(f.transport in ("file", "http") for f in partner_feeds())


@pytest.mark.parametrize(
    ("feed_yaml", "message"),
    [
        ("{feed: victim_services, transport: http, format: csv, cadence: daily}", "need a connection_id"),
        ("{feed: victim_services, transport: file, format: xlsx, cadence: daily}", "not in the contract"),
        ("{feed: nope, transport: file, format: csv, cadence: daily}", "no such feed contract"),
        ("{feed: victim_services, transport: file, format: csv, cadence: hourly}", "'hourly' is not one of"),
        (
            "{feed: victim_services, transport: file, format: csv, cadence: daily, password: x}",
            "secrets never go here",
        ),
        ("{feed: victim_services, transport: file, format: csv, cadence: daily, mapping: nope}", "unknown mapping"),
        (
            "{feed: victim_services, transport: file, format: csv, cadence: daily, mapping: ctdc_release}",
            "is for feed htcds_cases",
        ),
    ],
)
def test_bad_registry_entries(tmp_path, feed_yaml, message):
    path = tmp_path / "partners.yml"
    path.write_text(f"partners:\n  - id: p\n    name: P\n    kind: ngo\n    feeds:\n      - {feed_yaml}\n")
    with pytest.raises(PillarsError, match=message):
        load_partners(path)
