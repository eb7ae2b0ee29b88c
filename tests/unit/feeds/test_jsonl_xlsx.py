"""JSON Lines and Excel partner files."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from pillars.errors import PillarsError

from .conftest import value

RECORD = {
    "clientId": "C1",
    "firstName": "Maria",
    "lastName": "Garcia",
    "dateOfBirth": "1990-02-01",
    "sex": "female",
    "intakeDate": "2024-03-05",
    "county": "Travis County",
    "serviceCategory": "mental_health",
    "serviceDate": "2024-03-07",
    "traffickingType": "labor",
}


def test_jsonl_rows(parse):
    lines = [json.dumps(RECORD), "", "not json", json.dumps([1]), json.dumps({**RECORD, "county": None})]
    feed_file, rows, rejections = parse("\n".join(lines) + "\n", name="f.jsonl")
    assert len(rows) == 1
    assert value(feed_file, rows[0], "county") == "48453"
    assert [r.line for r in rejections] == [3, 4, 5]
    assert "not valid JSON" in rejections[0].reason
    assert rejections[2].field == "county"


def test_jsonl_empty_file(parse):
    with pytest.raises(PillarsError, match="empty file"):
        parse("", name="f.jsonl")


def _workbook(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)


HEADER = ["Activity ID", "Date", "County", "Audience", "People Reached", "Evidence Based"]


def test_xlsx_rows_with_excel_dates(parse, tmp_path):
    path = tmp_path / "p.xlsx"
    _workbook(
        path,
        [
            HEADER,
            ["A1", dt.datetime(2024, 3, 5), "Travis", "Educators", 25, "Y"],
            ["A2", 45356, "Harris County", "general_public", 120.0, True],
            ["A3", "2024-03-05", "Travis", "educators", "=10*2", "N"],
        ],
    )
    feed_file, rows, rejections = parse(path.read_bytes(), name="p.xlsx", feed="prevention_activities")
    assert [value(feed_file, r, "activity_date") for r in rows] == ["2024-03-05", "2024-03-05"]
    assert [value(feed_file, r, "people_reached") for r in rows] == ["25", "120"]
    assert [value(feed_file, r, "evidence_based") for r in rows] == ["t", "t"]
    assert len(rejections) == 1
    assert rejections[0].line == 4
    assert rejections[0].reason == "formula in cell"
    assert rejections[0].field == "People Reached"


def test_xlsx_that_is_not_a_zip(parse):
    with pytest.raises(PillarsError, match="not a zip archive"):
        parse("Activity ID,Date\nA1,2024-03-05\n", name="p.xlsx", feed="prevention_activities")


def test_format_must_be_in_the_contract(parse):
    with pytest.raises(PillarsError, match="not sent as xlsx"):
        parse(b"x", name="f.xlsx", feed="victim_services")
