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


KANON_2021 = FIXTURES / "ctdc_global_kanon_2021.csv"  # the 63 columns of CTDC's 2021 k-anonymised release
SYNTHETIC_2024 = FIXTURES / "ctdc_global_synthetic_2024.csv"  # the 27 columns of the 2024 synthetic release


def test_the_k_anonymised_global_dataset_layout_loads_whole(tokeniser):
    """CTDC's data dictionary spellings (63 columns, 0/1/-99 flags, 00 for an unknown country): every row
    loads, every column is stored or ignored by name, and -99 / 00 / a blank are NULL, not a refusal."""
    feed_file, rows, rejections = _load(KANON_2021, tokeniser, get_mapping("ctdc_release"))
    source = _source(KANON_2021)
    assert (len(rows), rejections, feed_file.unknown_cells()) == (len(source), [], {})
    assert len(source[0]) == 63
    assert set(feed_file.ignored_columns) == {
        "isSexAndLabour", "meansOfControlConcatenated", "typeOfExploitConcatenated", "typeOfLabourConcatenated",
        "typeOfSexConcatenated", "RecruiterRelationship",
    }  # fmt: skip
    for row, raw in zip(rows, source, strict=True):
        year = raw["yearOfRegistration"]
        expected_year = None if year in ("", "-99") else year
        assert row["registration_year_from"] == row["registration_year_to"] == expected_year
        assert row["data_source"] == raw["Datasource"]
        assert row["majority_status"] == (raw["majorityStatus"] if raw["majorityStatus"] not in ("", "-99") else None)
        expected = None if raw["citizenship"] in ("", "-99", "00") else '{"' + raw["citizenship"] + '"}'
        assert row["prs_citizenship"] == expected
        gender = {"Female": "Feminine", "Male": "Masculine", "Transgender/NonConforming": "NonConforming"}
        assert row["prs_gender"] == gender.get(raw["gender"])
        methods = row["vic_methods_of_control"] or ""
        assert ("DebtBondage" in methods) == (raw["meansOfControlDebtBondage"] == "1")
        labour = row["type_of_labour"] or ""
        assert ("DomesticWork" in labour) == (raw["typeOfLabourDomesticWork"] == "1")
    flagged = sum(r["isSexualExploit"] == "1" for r in source)
    assert flagged and sum("SexualExploitation" in (r["vic_type_of_exploitation"] or "") for r in rows) == flagged


def test_the_2024_synthetic_layout_loads_whole_with_its_merged_flags_kept(tokeniser):
    """The 2024 republication: alpha-3 countries, Man/Woman, traffickMonths bands with a gloss, 1-or-blank
    flags, and means-of-control flags that merge several HTCDS methods (kept as CTDC's, never guessed)."""
    feed_file, rows, rejections = _load(SYNTHETIC_2024, tokeniser, get_mapping("ctdc_release"))
    source = _source(SYNTHETIC_2024)
    assert (len(rows), rejections, feed_file.unknown_cells(), feed_file.ignored_columns) == (len(source), [], {}, ())
    alpha2 = {"UKR": "UA", "PHL": "PH", "USA": "US", "KHM": "KH", "MDA": "MD", "IDN": "ID", "MMR": "MM",
              "VNM": "VN", "MEX": "MX", "": None}  # fmt: skip
    months = {"0--12 (0-1 yr)": ("0", "12"), "13--24 (1-2 yrs)": ("13", "24"), "25+ (2+ yrs)": ("25", None)}
    for row, raw in zip(rows, source, strict=True):
        country = alpha2[raw["citizenship"]]
        assert row["prs_citizenship"] == (None if country is None else '{"' + country + '"}')
        assert row["hte_country"] == alpha2[raw["CountryOfExploitation"]]
        gender = {"Woman": "Feminine", "Man": "Masculine", "Trans/Transgender/NonConforming": "NonConforming"}
        assert row["prs_gender"] == gender.get(raw["gender"])
        assert (row["trafficked_months_from"], row["trafficked_months_to"]) == months.get(
            raw["traffickMonths"], (None, None)
        )
        if raw["ageBroad"] == "09--17":
            assert (row["age_broad_from"], row["age_broad_to"]) == ("9", "17")  # CTDC also writes 9--17
        merged = row["ctdc_means_of_control"] or ""
        assert ("DebtBondageEarnings" in merged) == (raw["meansDebtBondageEarnings"] == "1")
        assert ("AbusePsyPhySex" in merged) == (raw["meansAbusePsyPhySex"] == "1")
        methods = row["vic_methods_of_control"] or ""
        assert ("WithholdsDocuments" in methods) == (raw["meansWithholdDocs"] == "1")
        assert "DebtBondage" not in methods  # a merged flag never becomes one of the methods it merges
        sex = row["vic_type_of_sex_exploitation"] or ""
        assert ("Prostitution" in sex) == (raw["sectorOfSexProstitution"] == "1")


def test_every_country_reads_its_alpha3_code_as_the_m49_seed_states_it():
    from pillars.feeds.declarations import un_m49
    from pillars.feeds.declarations.codes import code_aliases, codes

    aliases = code_aliases("iso3166_alpha2")
    seed = un_m49.countries()
    checked = [code for code in codes("iso3166_alpha2") if code in seed]
    assert len(checked) > 240
    assert [c for c in checked if aliases.get(seed[c]["iso_alpha3"]) != c] == []


REAL_SHAPES = FIXTURES / "ctdc_global_real_shapes.csv"  # rows we wrote, one per shape of the real Global Dataset


def _codes(stored: str | None) -> set[str]:
    return set() if stored is None else {c.strip('"') for c in stored.strip("{}").split(",")}


def test_every_shape_of_the_real_global_dataset_loads_with_every_published_flag_kept(tokeniser):
    """The shapes a real CTDC Global Dataset (the Kaggle copy, 2002-2019) publishes: every cell -99 when
    missing (never blank), flag families mixing 0 and -99, a family all -99 or all 0, no exploitation type at
    all, NotSpecified 0 beside a blank list, several recruiters in one cell, 48+. Each row's stored lists hold
    exactly the codes of its 1 flags -- none lost, none invented -- and a family with no 1 is NULL."""
    mapping = get_mapping("ctdc_release")
    feed_file, rows, rejections = _load(REAL_SHAPES, tokeniser, mapping)
    source = _source(REAL_SHAPES)
    assert (len(rows), rejections, feed_file.unknown_cells()) == (len(source), [], {})
    assert len(source[0]) == 63 and not any("" in r.values() for r in source)  # -99 everywhere, as published
    for row, raw in zip(rows, source, strict=True):
        expected: dict[str, set[str]] = {}
        for header, value in raw.items():
            rule = mapping.rule(header)
            if rule is not None and rule.flag:
                expected.setdefault(rule.flag, set())
                if value == "1":
                    expected[rule.flag].add(rule.code)
        for column, codes in expected.items():
            assert _codes(row[column]) == codes, (raw["yearOfRegistration"], column)
            assert (row[column] is None) == (not codes)
        assert row["registration_year_from"] == row["registration_year_to"] == raw["yearOfRegistration"]
    pairs = list(zip(source, rows, strict=True))
    (band,) = [row for raw, row in pairs if raw["ageBroad"] == "48+"]
    assert (band["age_broad_from"], band["age_broad_to"]) == ("48", None)
    no_type = [row for raw, row in pairs if raw["Datasource"] == "Hotline" and raw["isSexualExploit"] == "-99"]
    assert no_type and all(row["vic_type_of_exploitation"] is None for row in no_type)  # isOtherExploit 0 only
    several = [row["recruiter_relation"] for raw, row in pairs if ";" in raw["RecruiterRelationship"]]
    assert {frozenset(_codes(s)) for s in several} == {
        frozenset({"Friend", "Other"}),
        frozenset({"IntimatePartner", "Other"}),
        frozenset({"IntimatePartner", "Unknown"}),
    }
    unknown_country = [row for raw, row in pairs if raw["citizenship"] in ("00", "-99")]
    assert unknown_country and all(row["prs_citizenship"] is None for row in unknown_country)
