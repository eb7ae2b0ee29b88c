"""File-level and row-level problems of delimited partner files."""

from __future__ import annotations

import pytest

from pillars.errors import PillarsError
from pillars.settings import max_field_chars

from .conftest import VS_HEADER, VS_ROW, value


def test_good_file_gives_one_row_per_record(parse):
    feed_file, rows, rejections = parse(f"{VS_HEADER}\n{VS_ROW}\n{VS_ROW.replace('C1', 'C2')}\n")
    assert len(rows) == 2
    assert not rejections
    assert feed_file.rows_ok == 2
    assert rows[0].line == 2
    assert rows[1].line == 3
    assert value(feed_file, rows[0], "county") == "48201"
    assert value(feed_file, rows[0], "service_date") == "2024-03-06"
    assert len(rows[0].values) == len(feed_file.column_names)
    # identifiers are gone; their tokens are there
    assert "Maria" not in rows[0].values
    assert len(value(feed_file, rows[0], "match_key_name_dob")) == 64


def test_empty_file_is_a_file_error(parse):
    with pytest.raises(PillarsError, match="empty file"):
        parse("")


def test_header_only_is_zero_rows(parse):
    feed_file, rows, rejections = parse(VS_HEADER + "\n")
    assert rows == []
    assert rejections == []
    assert feed_file.rows_ok == feed_file.rows_rejected == 0


def test_missing_required_column_names_it(parse):
    header = VS_HEADER.replace(",County", "")
    row = VS_ROW.replace(",Harris", "")
    with pytest.raises(PillarsError, match=r"f\.csv: line 1: missing required column\(s\) county"):
        parse(f"{header}\n{row}\n")


def test_missing_required_column_error_names_partner(parse):
    with pytest.raises(PillarsError, match=r"^partner tx_dfps, file .*missing required"):
        parse("Client ID\nC1\n", partner_id="tx_dfps")


def test_extra_columns_are_reported_and_ignored(parse):
    feed_file, rows, _ = parse(f"{VS_HEADER},Notes,Case Worker\n{VS_ROW},free text,Bob\n")
    assert feed_file.unknown_columns == ("Notes", "Case Worker")
    assert len(rows) == 1
    assert "free text" not in rows[0].values


def test_duplicated_column_is_a_file_error(parse):
    with pytest.raises(PillarsError, match="duplicated column"):
        parse(f"{VS_HEADER},county\n{VS_ROW},Travis\n")


def test_headers_match_aliases_case_and_spacing(parse):
    header = (
        "client_record_id,FIRST_NAME,last name,date of birth,SEX,"
        "intake_date,COUNTY,service category,service_date,TraffickingType"
    )
    _, rows, rejections = parse(f"{header}\n{VS_ROW}\n")
    assert len(rows) == 1
    assert not rejections


@pytest.mark.parametrize("delimiter", [";", "|", "\t"])
def test_delimiter_is_sniffed(parse, delimiter):
    content = f"{VS_HEADER}\n{VS_ROW}\n".replace(",", delimiter)
    feed_file, rows, _ = parse(content)
    assert feed_file.info.delimiter == delimiter
    assert len(rows) == 1


def test_wrong_delimiter_is_a_file_error_with_a_hint(parse):
    content = f"{VS_HEADER}\n{VS_ROW}\n".replace(",", ":")
    with pytest.raises(PillarsError, match="delimiter"):
        parse(content)


def test_truncated_last_line_rejects_that_row(parse):
    _, rows, rejections = parse(f"{VS_HEADER}\n{VS_ROW}\nC2,Ana,Sm")
    assert len(rows) == 1
    assert len(rejections) == 1
    assert rejections[0].line == 3
    assert "truncated" in rejections[0].reason


def test_unbalanced_quote_rejects_the_rest_in_one_rejection(parse):
    bad = VS_ROW.replace("Maria", '"Maria')
    _, rows, rejections = parse(f"{VS_HEADER}\n{VS_ROW}\n{bad}\n{VS_ROW}\n")
    assert len(rows) == 1
    assert len(rejections) == 1
    assert rejections[0].line == 3
    assert "unbalanced quote" in rejections[0].reason


def test_quoted_newlines_and_bom_are_fine(parse):
    content = (
        "\ufeff" + f"{VS_HEADER}\n{VS_ROW.replace('Maria', chr(34) + 'Maria' + chr(10) + 'Ann' + chr(34))}\n{VS_ROW}\n"
    )
    feed_file, rows, rejections = parse(content)
    assert not rejections
    assert [r.line for r in rows] == [2, 4]
    assert feed_file.info.encoding == "utf-8-sig"


def test_cp1252_file_is_read_as_windows_1252(parse, tokeniser):
    content = f"{VS_HEADER}\n{VS_ROW.replace('Maria', 'José')}\n".encode("cp1252")
    feed_file, rows, rejections = parse(content)
    assert not rejections
    assert feed_file.info.encoding == "cp1252"
    assert "Windows-1252" in feed_file.info.notes[0]
    # same token as the UTF-8 spelling
    feed_utf8, rows_utf8, _ = parse(content.decode("cp1252"), name="g.csv")
    assert value(feed_file, rows[0], "match_key_name_dob") == value(feed_utf8, rows_utf8[0], "match_key_name_dob")


@pytest.mark.parametrize("rows_before", [0, 3, 60_000])  # 60,000 rows put the byte past the first read
def test_the_note_names_the_line_of_the_first_byte_that_is_not_utf8(parse, rows_before):
    body = f"{VS_ROW}\n" * rows_before
    content = f"{VS_HEADER}\n{body}".encode() + VS_ROW.replace("Maria", "José").encode("cp1252") + b"\n"
    feed_file, rows, rejections = parse(content)
    assert not rejections and len(rows) == rows_before + 1
    assert f"not valid UTF-8 (line {rows_before + 2})" in feed_file.info.notes[0]


def test_bytes_invalid_in_both_encodings_reject_their_row(parse):
    bad = VS_ROW.replace("Maria", "Ma@ria").encode().replace(b"@", b"\x81")  # undefined in cp1252 too
    content = f"{VS_HEADER}\n{VS_ROW}\n".encode() + bad + b"\n"
    feed_file, rows, rejections = parse(content)
    assert len(rows) == 1
    assert len(rejections) == 1
    assert "invalid bytes" in rejections[0].reason
    assert feed_file.info.notes
    assert "Ma" not in rejections[0].value_masked


def test_huge_field_rejects_its_row_only(parse):
    huge = "x" * (10 * 1024 * 1024)
    assert len(huge) > max_field_chars()
    row = VS_ROW.replace("Maria", huge)
    _, rows, rejections = parse(f"{VS_HEADER}\n{VS_ROW}\n{row}\n{VS_ROW}\n")
    assert len(rows) == 2
    assert len(rejections) == 1
    assert rejections[0].line == 3
    assert "longer than" in rejections[0].reason
    assert huge[:100] not in rejections[0].value_masked


def test_every_record_yields_exactly_one_result(parse):
    lines = [VS_ROW, VS_ROW.replace("Harris", "Atlantis"), "C9,x", VS_ROW.replace("sex", "")]
    feed_file, rows, rejections = parse(VS_HEADER + "\n" + "\n".join(lines) + "\n")
    assert len(rows) + len(rejections) == len(lines)
    assert feed_file.rows_ok + feed_file.rows_rejected == len(lines)


def test_read_ahead_hands_over_every_batch_then_the_reader_error_in_order():
    import threading

    from pillars.feeds.parsing.readers import _read_ahead

    def batches():
        yield from range(5)
        raise ValueError("bad read")

    got = []
    with pytest.raises(ValueError, match="bad read"):
        for item in _read_ahead(batches(), depth=2):
            got.append(item)
    assert got == [0, 1, 2, 3, 4]
    # a consumer that stops early stops the reading thread too
    early = _read_ahead(iter(range(1000)), depth=2)
    assert next(early) == 0
    early.close()
    assert not any(t.name == "arrow-read-ahead" for t in threading.enumerate())
