"""Plausibility bounds relative to the delivery: the contract says how far after its logical date a date
may fall, and the Arrow path and the row path quarantine the same rows with the same reason."""

from __future__ import annotations

from datetime import date

import pytest

from pillars.errors import PillarsError
from pillars.feeds.declarations.contract import load_contract
from pillars.feeds.parsing.validate import Rejection, open_feed_file
from pillars.privacy.tokens import Tokeniser

DELIVERY = date(2023, 6, 1)
HEADER = "Client ID,First Name,Last Name,DOB,Intake Date,County,Trafficking Type,Service,Service Date\n"
ROWS = [
    "C1,Ann,Lee,1990-01-01,2023-05-01,Harris,sex,case_management,2023-05-02",  # fine
    "C2,Ann,Lee,1990-01-01,2023-05-01,Harris,sex,case_management,9999-12-31",  # service_date far future
    "C3,Ann,Lee,1990-01-01,2999-01-01,Harris,sex,case_management,2023-05-02",  # intake_date far future
    "C4,Ann,Lee,2090-01-01,2023-05-01,Harris,sex,case_management,2023-05-02",  # born after the delivery
    "C5,Ann,Lee,1990-01-01,2023-05-01,Harris,sex,case_management,2023-07-02",  # 31 days after: the limit
    "C6,Ann,Lee,1990-01-01,2023-05-01,Harris,sex,case_management,2023-07-03",  # 32 days after
]
EXPECTED = {
    3: ("service_date", "implausible: after the delivery's date + 31 days (2023-07-02)"),
    4: ("intake_date", "implausible: after the delivery's date + 31 days (2023-07-02)"),
    5: ("client_date_of_birth", "implausible: after the delivery's date (2023-06-01)"),
    7: ("service_date", "implausible: after the delivery's date + 31 days (2023-07-02)"),
}


@pytest.fixture
def services_csv(tmp_path):
    path = tmp_path / "services.csv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n")
    return path


def _open(path):
    return open_feed_file(path, "victim_services", tokeniser=Tokeniser(b"k" * 32), delivery_date=DELIVERY)


def test_row_path_quarantines_implausible_dates_naming_the_field(services_csv):
    rejected = {r.line: (r.field, r.reason) for r in _open(services_csv) if type(r) is Rejection}
    assert rejected == EXPECTED


def test_arrow_path_agrees_with_the_row_path(services_csv):
    feed_file = _open(services_csv)
    blocks = list(feed_file.copy_blocks("t", arrow=True))
    rejected = {r.line: (r.field, r.reason) for block in blocks for r in block.rejections}
    assert rejected == EXPECTED
    assert sum(block.rows_loaded for block in blocks) == 2


def test_the_bound_moves_with_the_delivery(services_csv):
    later = open_feed_file(
        services_csv, "victim_services", tokeniser=Tokeniser(b"k" * 32), delivery_date=date(2023, 8, 1)
    )
    assert {r.line for r in later if type(r) is Rejection} == {3, 4, 5}


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("{name: n, type: integer, max_days_after_delivery: 3}", "only applies to date and timestamp"),
        ("{name: d, type: date, max_days_after_delivery: -1}", "whole number of days"),
        ("{name: d, type: date, max_days_after_delivery: soon}", "whole number of days"),
    ],
)
def test_contract_refuses_a_bad_bound(tmp_path, column, message):
    path = tmp_path / "demo.yml"
    path.write_text(f"feed: demo\ntitle: Demo\npillars: [support]\nphase: II\nformats: [csv]\ncolumns:\n  - {column}\n")
    with pytest.raises(PillarsError, match=message):
        load_contract(path)
