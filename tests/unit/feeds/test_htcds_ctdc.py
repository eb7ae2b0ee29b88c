"""HTCDS v2 and CTDC as they are published: the standard's template layout loads as exported, a CTDC
release loads through its declared mapping, anonymised values are stored faithfully (bands as two ends,
blanks as NULL) and never quarantined, and no column is dropped in silence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pillars.feeds.declarations.contract import get_contract
from pillars.feeds.declarations.mapping import get_mapping
from pillars.feeds.parsing.validate import Rejection, open_feed_file

FIXTURES = Path(__file__).with_name("fixtures")
TEMPLATE = FIXTURES / "htcds_v2_template.csv"  # field-name row of the HTCDS v2.0 Excel template
CTDC = FIXTURES / "ctdc_victim_perpetrator.csv"  # CTDC codebook spellings, banded and blanked values


def _load(path: Path, tokeniser, mapping=None):
    feed_file = open_feed_file(path, "htcds_cases", tokeniser=tokeniser, mapping=mapping)
    items = list(feed_file)
    rows = [dict(zip(feed_file.column_names, i.values, strict=True)) for i in items if type(i) is not Rejection]
    return feed_file, rows, [i for i in items if type(i) is Rejection]


def _source(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_official_template_layout_loads_whole_and_keeps_no_identifier(tokeniser):
    feed_file, rows, rejections = _load(TEMPLATE, tokeniser)
    assert (len(rows), rejections, feed_file.unknown_cells()) == (40, [], {})
    stored = set(feed_file.column_names)
    for column in get_contract("htcds_cases").columns:
        if column.privacy in ("direct_identifier", "drop"):
            assert column.name not in stored
    source = _source(TEMPLATE)
    for row, raw in zip(rows, source, strict=True):
        assert row["prs_gender"] == raw["prs_Gender"]
        expected = sorted(dict.fromkeys(raw["prs_Citizenship"].split(";"))) if raw["prs_Citizenship"] else None
        got = sorted(row["prs_citizenship"].strip("{}").replace('"', "").split(",")) if row["prs_citizenship"] else None
        assert got == expected
        names = {raw["prs_FirstName"], raw["prs_SecondName"], raw["prs_Email"], raw["prs_Birthdate"]}
        assert not names & {v for v in row.values() if v}


SNAKE = {
    "prs_Citizenship": "prs_citizenship",
    "prs_Gender": "prs_gender",
    "vic_TypeOfExploitation": "vic_type_of_exploitation",
}


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("prs_Citizenship", "US;Narnia", "not an allowed value"),
        ("prs_Gender", "Martian", "not an allowed value"),
        ("vic_TypeOfExploitation", "ForcedLabour;Cooking", "not an allowed value"),
    ],
)
def test_template_values_outside_the_standard_are_refused(tmp_path, tokeniser, column, value, reason):
    source = _source(TEMPLATE)[:1]
    source[0][column] = value
    path = tmp_path / "one.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, list(source[0]))
        writer.writeheader()
        writer.writerows(source)
    _, _, (rejection,) = _load(path, tokeniser)
    assert reason in rejection.reason and rejection.field == SNAKE[column]


def test_a_ctdc_release_loads_through_its_mapping_with_nothing_quarantined_or_dropped(tokeniser):
    feed_file, rows, rejections = _load(CTDC, tokeniser, get_mapping("ctdc_release"))
    assert rejections == [] and len(rows) == 60
    assert feed_file.unknown_cells() == {}  # every column is stored or ignored by name
    assert set(feed_file.ignored_columns) == {
        "isSexAndLabour", "meansOfControlConcatenated", "typeOfExploitConcatenated", "RecruiterRelationship",
    }  # fmt: skip
    for row, raw in zip(rows, _source(CTDC), strict=True):
        year = raw["yearRegister"]
        if not year:
            assert row["registration_year_from"] is None and row["registration_year_to"] is None
        else:
            low, _, high = year.partition("-")
            assert (row["registration_year_from"], row["registration_year_to"]) == (low, high or low)
        if raw["ageBroad"] == "48+":
            assert (row["age_broad_from"], row["age_broad_to"]) == ("48", None)
        if raw["ageBroad"] == "0--29":
            assert (row["age_broad_from"], row["age_broad_to"]) == ("0", "29")
        if raw["citizenship"] in ("", "-99", "00"):
            assert row["prs_citizenship"] is None
        else:
            assert row["prs_citizenship"] == '{"' + raw["citizenship"] + '"}'
        exploitation = row["vic_type_of_exploitation"] or ""
        assert ("SexualExploitation" in exploitation) == (raw["isSexualExploit"] == "1")
        assert ("ForcedLabour" in exploitation) == (raw["isForcedLabour"] == "1")
        if raw["meansOfControlThreats"] == "1":
            assert "PhysicalThreats" in row["vic_methods_of_control"]
        assert row["perpetrator_gender"] == {"Male": "Masculine", "Female": "Feminine", "": None}[raw["IP_Gender"]]
        assert row["hte_country"] == (raw["CountryOfExploitation"] or None)


def test_without_its_mapping_a_ctdc_file_is_told_column_by_column(tokeniser):
    feed_file, _, _ = _load(CTDC, tokeniser)
    unknown = feed_file.unknown_cells()
    assert unknown["isSexualExploit"] > 0 and unknown["yearRegister"] > 0


def test_the_sexual_exploitation_flags_are_all_kept(tokeniser):
    """The issue's case: thousands of isSexualExploit flags vanished while every row passed."""
    _, rows, _ = _load(CTDC, tokeniser, get_mapping("ctdc_release"))
    flagged = sum(1 for r in _source(CTDC) if r["isSexualExploit"] == "1")
    assert flagged and sum("SexualExploitation" in (r["vic_type_of_exploitation"] or "") for r in rows) == flagged


def test_the_official_excel_template_loads_as_filled_in(tmp_path, tokeniser):
    """Names in row 1, labels in row 2, a numbering column A pre-filled for 1,000 rows, as distributed."""
    import openpyxl

    names = ["prs_FirstName", "prs_Gender", "prs_Citizenship", "vic_TypeOfExploitation", "vic_MethodsOfControl"]
    labels = ["First Name", "Gender", "Citizenship", "Type of Exploitation", "Methods of Control"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([None, *names])
    sheet.append([None, *labels])
    for number in range(1, 1001):
        sheet.append([number])
    sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "Ana", "Feminine", "US;MX", "ForcedLabour"
    sheet["B4"], sheet["C4"], sheet["F4"] = "Bo", "Masculine", "DebtBondage;FalsePromises"
    path = tmp_path / "template.xlsx"
    book.save(path)
    feed_file, rows, rejections = _load(path, tokeniser, get_mapping("htcds_excel_template"))
    assert (len(rows), rejections, feed_file.unknown_cells()) == (2, [], {})
    assert [r["prs_gender"] for r in rows] == ["Feminine", "Masculine"]
    notes = " | ".join(feed_file.info.notes)
    assert "line 2: a second header row (field labels) skipped" in notes
    assert "998 row(s) with values only under blank headers skipped" in notes
    without, _, _ = _load(path, tokeniser)
    assert without.unknown_cells() == {"(blank column 1)": 2}  # told, not silently dropped


def test_a_ctdc_file_sent_without_its_mapping_is_recognised(capsys):
    from pillars.cli import main

    assert main(["feeds", "validate", str(CTDC), "--feed", "htcds_cases", "--max-problems", "1"]) == 1
    out = capsys.readouterr().out
    assert "unknown column 'isSexualExploit'" in out
    assert "are in the layout of mapping 'ctdc_release'" in out
