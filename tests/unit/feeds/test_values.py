"""Value rules: dates, numbers, booleans, counties, codes; rejections never echo identifiers."""

from __future__ import annotations

import pytest

from pillars.feeds.declarations.counties import county_fips
from pillars.feeds.parsing import values as conv

from .conftest import VS_HEADER, VS_ROW, value


@pytest.mark.parametrize(
    "text", ["2024-03-05", "03/05/2024", "3/5/2024", "20240305", "05-Mar-2024", "Mar 5 2024", "March 5, 2024"]
)
def test_date_formats(text):
    assert conv.date_converter()(text) == "2024-03-05"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-02-30", "impossible date"),
        ("2023-02-29", "impossible date"),
        ("13/01/2024", "impossible date"),
        ("31-Foo-2024", "unknown month"),
        ("yesterday", "not a date"),
    ],
)
def test_bad_dates(text, reason):
    with pytest.raises(conv.BadValue, match=reason):
        conv.date_converter()(text)


def test_leap_day_and_range():
    assert conv.date_converter()("2024-02-29") == "2024-02-29"
    import datetime as dt

    with pytest.raises(conv.BadValue, match="before 2000-01-01"):
        conv.date_converter(dt.date(2000, 1, 1))("1999-12-31")


def test_timestamps_get_a_zone():
    convert = conv.timestamp_converter("America/Chicago")
    assert convert("2024-01-15 14:30") == "2024-01-15 14:30:00-06:00"
    assert convert("2024-01-15T14:30:00Z") == "2024-01-15 14:30:00+00:00"
    assert convert("01/15/2024 2:30 PM") == "2024-01-15 14:30:00-06:00"
    with pytest.raises(conv.BadValue, match="impossible time"):
        convert("2024-01-15 25:00")


def test_excel_serial_dates():
    assert conv.excel_serial_to_iso(45356) == "2024-03-05"
    with pytest.raises(conv.BadValue):
        conv.excel_serial_to_iso(-3)


def test_integers_and_negative_counts():
    convert = conv.integer_converter(0, 100000)
    assert convert("1,234") == "1234"
    assert convert("12.0") == "12"
    with pytest.raises(conv.BadValue, match="negative"):
        convert("-3")
    with pytest.raises(conv.BadValue, match="whole number"):
        convert("2.5")
    with pytest.raises(conv.BadValue, match="above maximum"):
        convert("100001")


def test_decimals():
    convert = conv.decimal_converter(0, None)
    assert convert("$1,234.50") == "1234.50"
    with pytest.raises(conv.BadValue, match="negative"):
        convert("(12.00)")
    with pytest.raises(conv.BadValue, match="not a number"):
        convert("NaN")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", "t"), ("Y", "t"), ("TRUE", "t"), ("1", "t"), ("no", "f"), ("n", "f"), ("False", "f"), ("0", "f")],
)
def test_booleans(text, expected):
    assert conv.boolean_converter()(text) == expected


def test_bad_boolean():
    with pytest.raises(conv.BadValue, match="not yes/no"):
        conv.boolean_converter()("maybe")


@pytest.mark.parametrize(
    "text", ["Harris", "Harris County", "HARRIS CO", "harris county", "201", "48201", "  Harris  "]
)
def test_county_spellings(text):
    assert county_fips(text.strip()) == "48201"


@pytest.mark.parametrize("text", ["Atlantis", "06037", "999", "48999", "Los Angeles"])
def test_unknown_counties(text):
    assert county_fips(text) is None


def test_codes_accept_labels_and_aliases():
    convert = conv.enum_converter(
        ["case_management", "legal_immigration"], {"legal_immigration": "Legal services - immigration"}
    )
    assert convert("Case Management") == "case_management"
    assert convert("legal services - IMMIGRATION") == "legal_immigration"
    with pytest.raises(conv.BadValue, match="not an allowed value"):
        convert("bowling")


def test_list_values():
    convert = conv.list_converter(conv.county_converter())
    assert convert("Harris; Travis | 201") == '{"48201","48453"}'


def test_rows_reject_bad_values_with_reasons(parse):
    rows = [
        VS_ROW.replace("Harris", "Atlantis"),
        VS_ROW.replace("2024-03-06", "2024-02-30"),
        VS_ROW.replace("case_management", "bowling"),
        VS_ROW.replace(",sex", ","),
    ]
    _, good, rejections = parse(VS_HEADER + "\n" + "\n".join(rows) + "\n")
    assert not good
    got = [(r.field, r.reason.split(" (")[0]) for r in rejections]
    assert got == [
        ("county", "unknown Texas county"),
        ("service_date", "impossible date"),
        ("service_category", "not an allowed value"),
        ("trafficking_type", "required value is missing"),
    ]
    assert rejections[0].value_masked == "Atlantis"


def test_negative_count_in_a_file(parse):
    header = "Activity ID,Date,County,Audience,People Reached"
    feed_file, rows, rejections = parse(
        f"{header}\nA1,2024-03-05,Travis,educators,25\nA2,2024-03-05,Travis,educators,-4\n",
        feed="prevention_activities",
    )
    assert value(feed_file, rows[0], "people_reached") == "25"
    assert rejections[0].field == "people_reached"
    assert "negative" in rejections[0].reason


def test_identifiers_never_appear_in_rejections(parse):
    secret_first, secret_last = "Zebulon", "Quixotesque"
    bad_rows = [
        # bad identifier values themselves
        VS_ROW.replace("Maria", secret_first).replace("Garcia", secret_last).replace("1990-02-01", "1990-02-31"),
        VS_ROW.replace("Maria", secret_first).replace("Garcia", secret_last).replace(",F,", ",Q,"),
        # a row with a bad non-identifier value still holds names
        VS_ROW.replace("Maria", secret_first).replace("Garcia", secret_last).replace("Harris", "Atlantis"),
        # a truncated row holding names
        f"C1,{secret_first},{secret_last}",
    ]
    _, _, rejections = parse(VS_HEADER + "\n" + "\n".join(bad_rows) + "\n")
    assert len(rejections) == 4
    assert rejections[0].value_masked == "***"
    assert rejections[1].value_masked == "***"
    for rejection in rejections:
        text = repr(rejection) + rejection.describe()
        assert secret_first not in text
        assert secret_last not in text
        assert "1990-02-31" not in text


COUNTY_FORMS = (
    "{name}",
    "{name} County",
    "{upper} COUNTY",
    "{name} Co.",
    "{name} County, Texas",
    "{name} County, TX",
    "{name}, TX",
    "{code3}",
    "{fips}",
    "{fips}.0",
)


def test_every_texas_county_in_every_public_form():
    """All 254 counties, as partner files and public data sets (FBI, Census, spreadsheets) write them."""
    from pillars.feeds.declarations.counties import texas_county_names

    names = texas_county_names()
    assert len(names) == 254
    misses = [
        (form, fips)
        for fips, name in names.items()
        for form in COUNTY_FORMS
        if county_fips(form.format(name=name, upper=name.upper(), code3=fips[2:], fips=fips)) != fips
    ]
    assert misses == []


def test_a_cell_listing_several_counties_names_them():
    convert = conv.county_converter()
    with pytest.raises(conv.BadValue, match="one county expected, the cell lists 3: Fort Bend, Harris, Montgomery"):
        convert("FORT BEND, HARRIS, MONTGOMERY")
    with pytest.raises(conv.BadValue, match="unknown Texas county"):
        convert("Harris, Atlantis")
    assert convert("Harris County, Texas") == "48201"
