"""The parsing bounds, each a setting: a hit refuses the row or the delivery with a reason naming it."""

from __future__ import annotations

import pytest

from pillars.errors import PillarsError
from pillars.feeds.parsing.readers import check_zip_members, json_depth, parse_json_record
from pillars.feeds.parsing.validate import open_feed_file
from pillars.privacy.tokens import Tokeniser
from tests.hostile.corpus import GOOD_XLSX_ROWS, HEADER, row, workbook


def _rows(count: int) -> str:
    return HEADER + "".join(row(f"T{i}") for i in range(count))


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": "[[[[{{{{", "b": [1, [2]]}') == 3
    assert json_depth(b"42") == 0


def test_parse_json_record_never_raises():
    assert parse_json_record(b"[" * 100_000, 1, 16)[2] == "nested deeper than 16 levels"
    assert parse_json_record(b'{"a": 1, "a": 2}', 1, 16)[1:] == ("a", "key 'a' appears twice in the object")
    assert "not valid JSON" in parse_json_record(b'{"a": ', 1, 16)[2]
    assert parse_json_record(b'{"a": {"b": {"c": 1}}}', 1, 2)[2] == "nested deeper than 2 levels"


def test_time_limit_refuses_the_delivery(tmp_path, monkeypatch):
    path = tmp_path / "slow.csv"
    path.write_text(_rows(3000))
    monkeypatch.setenv("PILLARS_FILE_TIME_LIMIT_SECONDS", "0.000001")
    feed_file = open_feed_file(path, "victim_services", tokeniser=Tokeniser(b"k" * 32))
    with pytest.raises(PillarsError, match=r"slow\.csv: reading took longer than 1e-06 s"):
        list(feed_file)
    feed_file = open_feed_file(path, "victim_services", tokeniser=Tokeniser(b"k" * 32))
    with pytest.raises(PillarsError, match="PILLARS_FILE_TIME_LIMIT_SECONDS"):
        list(feed_file.copy_blocks("t", rows_per_block=500))


def test_workbook_size_is_checked_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "w.xlsx"
    path.write_bytes(workbook(GOOD_XLSX_ROWS))
    check_zip_members(path)
    monkeypatch.setenv("PILLARS_MAX_XLSX_UNCOMPRESSED_BYTES", "1000")
    with pytest.raises(PillarsError, match="decompresses to more than 1000 bytes"):
        check_zip_members(path)


def test_line_limit_is_a_setting(tmp_path, monkeypatch):
    path = tmp_path / "long.csv"
    path.write_text(HEADER + row("A1") + row("A2", first="x" * 5000) + row("A3"))
    monkeypatch.setenv("PILLARS_MAX_LINE_BYTES", "1000")
    rejected = [r for r in open_feed_file(path, "victim_services", tokeniser=Tokeniser(b"k" * 32)) if r.line == 3]
    assert rejected[0].reason == "line longer than 1000 characters"


def test_a_bad_setting_is_a_clear_error(monkeypatch):
    from pillars import settings

    monkeypatch.setenv("PILLARS_MAX_JSON_DEPTH", "deep")
    with pytest.raises(PillarsError, match="PILLARS_MAX_JSON_DEPTH='deep' is not a number"):
        settings.max_json_depth()
    monkeypatch.setenv("PILLARS_MAX_JSON_DEPTH", "0")
    with pytest.raises(PillarsError, match="must be greater than 0"):
        settings.max_json_depth()


def test_scan_partition_refuses_entries_one_by_one(tmp_path, monkeypatch):
    from datetime import date

    from pillars.extract.filedrop import partition_dir, scan_partition

    monkeypatch.setenv("PILLARS_LANDING_DIR", str(tmp_path / "landing"))
    day = date(2023, 5, 5)
    folder = partition_dir("tx_dps", "victim_identifications", day)
    folder.mkdir(parents=True)
    (folder / "good.csv").write_text("a\n")
    (folder / "bad\nname.csv").write_text("a\n")
    (folder / "outside.csv").symlink_to("/etc/passwd")
    (folder / "loop.csv").symlink_to(folder / "loop.csv")
    found = scan_partition("tx_dps", "victim_identifications", day)
    assert found.files == [folder / "good.csv"]
    reasons = dict(found.refused)
    assert set(reasons) == {"bad\nname.csv", "outside.csv", "loop.csv"}
    assert "refused file name" in reasons["bad\nname.csv"]
    assert "links outside the landing folder" in reasons["outside.csv"]
