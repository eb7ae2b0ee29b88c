"""Match-key tokens computed from rows link the same person across spellings, partners and feeds."""

from __future__ import annotations

from pillars.feeds.copy_encoding.copy_text import copy_line

from .conftest import VS_HEADER, VS_ROW, value


def test_same_person_different_spellings_same_tokens(parse):
    other = (
        VS_ROW.replace("C1", "X77")
        .replace("Maria", " MARÍA ")
        .replace("1990-02-01", "02/01/1990")
        .replace(",F,", ",female,")
    )
    feed_file, rows, rejections = parse(f"{VS_HEADER}\n{VS_ROW}\n{other}\n")
    assert not rejections
    for key in ("match_key_name_dob", "match_key_initials_dob_sex"):
        assert value(feed_file, rows[0], key) == value(feed_file, rows[1], key)


def test_missing_part_gives_no_token(parse):
    row = VS_ROW.replace("Maria", "")
    feed_file, rows, _ = parse(f"{VS_HEADER}\n{row}\n")
    assert value(feed_file, rows[0], "match_key_name_dob") is None


def test_tokens_link_across_feeds(parse):
    services, vs_rows, _ = parse(f"{VS_HEADER}\n{VS_ROW}\n")
    header = "Record ID,Date Identified,County,Agency Type,Trafficking Type,Age Group,First Name,Last Name,DOB,Sex"
    row = "I1,2024-03-01,Harris,law_enforcement,sex,adult,maria,GARCIA,1990-02-01,F"
    ids, id_rows, rejections = parse(f"{header}\n{row}\n", name="i.csv", feed="victim_identifications")
    assert not rejections
    assert value(ids, id_rows[0], "match_key_name_dob") == value(services, vs_rows[0], "match_key_name_dob")


def test_copy_line_escapes():
    assert copy_line(["a", None, "2024-01-01"]) == "a\t\\N\t2024-01-01\n"
    assert copy_line(["a\tb", "c\\d", "e\nf", "\\N"]) == "a\\tb\tc\\\\d\te\\nf\t\\\\N\n"
