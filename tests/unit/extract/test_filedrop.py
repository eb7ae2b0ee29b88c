"""File drops: a run reads exactly its date's partition, and nothing outside the landing folder."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from pillars.errors import PillarsError
from pillars.extract.filedrop import file_sha256, list_deliveries, partition_dir

DAY = date(2026, 3, 2)


def _drop(landing, partner, feed, day, name, content=b"a,b\n1,2\n"):
    folder = landing / partner / feed / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    return folder / name


def test_lists_exactly_the_dates_partition_sorted(landing):
    second = _drop(landing, "tx_dps", "victim_identifications", DAY, "b.csv")
    first = _drop(landing, "tx_dps", "victim_identifications", DAY, "a.csv")
    _drop(landing, "tx_dps", "victim_identifications", date(2026, 3, 3), "next_day.csv")
    _drop(landing, "tx_dps", "intelligence_referrals", DAY, "other_feed.jsonl")
    _drop(landing, "houston_pd", "victim_identifications", DAY, "other_partner.xlsx")

    assert list_deliveries("tx_dps", "victim_identifications", DAY) == [first, second]


def test_partial_hidden_and_lock_files_are_ignored(landing):
    done = _drop(landing, "tx_dps", "victim_identifications", DAY, "done.csv")
    for name in ("upload.csv.part", "x.tmp", ".hidden.csv", "~$book.xlsx", "y.crdownload"):
        _drop(landing, "tx_dps", "victim_identifications", DAY, name)

    assert list_deliveries("tx_dps", "victim_identifications", DAY) == [done]


def test_missing_partition_is_no_delivery(landing):
    assert list_deliveries("tx_dps", "victim_identifications", DAY) == []


@pytest.mark.parametrize("partner", ["../tx_dps", "tx_dps/..", "/etc", "TX DPS", "", "a\n"])
def test_unsafe_partner_ids_are_refused(landing, partner):
    with pytest.raises(PillarsError, match="unsafe partner id"):
        partition_dir(partner, "victim_identifications", DAY)


def test_unsafe_feed_id_is_refused(landing):
    with pytest.raises(PillarsError, match="unsafe feed id"):
        list_deliveries("tx_dps", "../../etc", DAY)


def test_unsafe_file_name_names_partner_and_file(landing):
    _drop(landing, "tx_dps", "victim_identifications", DAY, "ok..csv")
    with pytest.raises(PillarsError, match=r"partner tx_dps: refused file name 'ok\.\.csv'"):
        list_deliveries("tx_dps", "victim_identifications", DAY)


def test_symlink_escaping_the_landing_folder_is_refused(landing, tmp_path):
    secret = tmp_path / "outside.csv"
    secret.write_text("a\n1\n")
    folder = partition_dir("tx_dps", "victim_identifications", DAY)
    folder.mkdir(parents=True)
    (folder / "innocent.csv").symlink_to(secret)

    with pytest.raises(PillarsError, match=r"tx_dps: file innocent\.csv links outside the landing folder"):
        list_deliveries("tx_dps", "victim_identifications", DAY)


def test_symlinked_partition_folder_escaping_is_refused(landing, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "a.csv").write_text("a\n1\n")
    (landing / "tx_dps" / "victim_identifications").mkdir(parents=True)
    (landing / "tx_dps" / "victim_identifications" / DAY.isoformat()).symlink_to(outside)

    with pytest.raises(PillarsError, match=r"tx_dps: folder .* links outside the landing folder"):
        list_deliveries("tx_dps", "victim_identifications", DAY)


def test_symlink_inside_the_landing_folder_is_followed(landing):
    target = _drop(landing, "tx_dps", "victim_identifications", date(2026, 3, 1), "a.csv")
    folder = partition_dir("tx_dps", "victim_identifications", DAY)
    folder.mkdir(parents=True)
    (folder / "a.csv").symlink_to(target)

    assert list_deliveries("tx_dps", "victim_identifications", DAY) == [folder / "a.csv"]


def test_sha256_streams_and_matches_hashlib(tmp_path):
    path = tmp_path / "big.bin"
    content = bytes(range(256)) * 9000  # more than one 1 MiB chunk
    path.write_bytes(content)

    assert file_sha256(path) == hashlib.sha256(content).hexdigest()
