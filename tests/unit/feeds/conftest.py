"""Helpers shared by the feed tests: write a partner file, parse it, split rows from rejections."""

from __future__ import annotations

import pytest

from pillars.feeds.parsing.validate import Rejection, open_feed_file
from pillars.privacy.tokens import Tokeniser

KEY = b"unit-test-token-key-0123456789abcdef"

VS_HEADER = "Client ID,First Name,Last Name,DOB,Sex,Intake Date,County,Service,Date of Service,Trafficking Type"
VS_ROW = "C1,Maria,Garcia,1990-02-01,F,2024-03-05,Harris,case_management,2024-03-06,sex"


@pytest.fixture
def tokeniser():
    return Tokeniser(KEY)


@pytest.fixture
def parse(tmp_path, tokeniser):
    """parse(content, name="f.csv", feed="victim_services") -> (FeedFile, rows, rejections)."""

    def _parse(content, name="f.csv", feed="victim_services", partner_id=None):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        feed_file = open_feed_file(path, feed, tokeniser=tokeniser, partner_id=partner_id)
        items = list(feed_file)
        rows = [i for i in items if type(i) is not Rejection]
        rejections = [i for i in items if type(i) is Rejection]
        return feed_file, rows, rejections

    return _parse


def value(feed_file, row, name):
    return row.values[feed_file.column_names.index(name)]
