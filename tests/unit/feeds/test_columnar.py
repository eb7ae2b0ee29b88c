"""The column-at-a-time COPY path gives exactly what the row function gives, row for row.

The row function is the definition of a valid row; the columnar path is an optimisation over it, so the
proof is parity: the same COPY lines and the same rejections (line, field, masked value, reason), over
every CSV the synthetic partners write (with their defects) and over hand-made awkward files.
"""

from __future__ import annotations

import random
import struct
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from pillars.feeds.copy_encoding import copy_binary
from pillars.feeds.copy_encoding.copy_binary import BinaryTrailer
from pillars.feeds.copy_encoding.copy_text import copy_line, key_of_line
from pillars.feeds.declarations.contract import get_contract
from pillars.feeds.parsing.arrow_columns import FastPathAbandoned
from pillars.feeds.parsing.validate import Rejection, open_feed_file
from pillars.synthetic import generate
from tests.unit.feeds.conftest import VS_HEADER, VS_ROW

METADATA = ("00000000-0000-0000-0000-0000000000ab", "partner", "file.csv", "2026-03-02")
METADATA_TYPES = ("uuid", "text", "text", "date")
TRAILER = "\t".join(METADATA)
_DECODE = {
    "text": bytes.decode,
    "uuid": lambda raw: str(uuid.UUID(bytes=raw)),
    "date": lambda raw: (date(2000, 1, 1) + timedelta(days=struct.unpack("!i", raw)[0])).isoformat(),
    "integer": lambda raw: str(struct.unpack("!i", raw)[0]),
    "boolean": lambda raw: {b"\x01": "t", b"\x00": "f"}[raw],
}


def _binary_as_lines(data: bytes, pg_types: list[str]) -> list[str]:
    """Binary COPY rows read back the way PostgreSQL reads them, written out as COPY text lines."""
    lines, position = [], 0
    while position < len(data):
        (count,) = struct.unpack_from("!h", data, position)
        position += 2
        assert count == len(pg_types), f"a row of {count} fields, not {len(pg_types)}"
        values: list[str | None] = []
        for pg_type in pg_types:
            (length,) = struct.unpack_from("!i", data, position)
            position += 4
            if length == -1:
                values.append(None)
                continue
            values.append(_DECODE[pg_type](data[position : position + length]))
            position += length
        lines.append(copy_line(values)[:-1])
    return lines


def _row_path(path: Path, feed: str, tokeniser) -> tuple[list[str], list[tuple], int, int]:
    feed_file = open_feed_file(path, feed, tokeniser=tokeniser)
    lines, rejections = [], []
    for item in feed_file:
        if type(item) is Rejection:
            rejections.append((item.line, item.field, item.value_masked, item.reason))
        else:
            lines.append(f"{copy_line(item.values)[:-1]}\t{TRAILER}\t{item.line}")
    return lines, rejections, feed_file.rows_ok, feed_file.rows_rejected


def _block_path(
    path: Path, feed: str, tokeniser, rows_per_block: int | None, arrow: bool, binary: bool = False
) -> tuple[list[str], list[tuple], int, int]:
    """What ``copy_blocks`` hands the loader, read back as lines (binary rows decoded); an abandoned
    Arrow attempt is read again on the Python path, as the loader does."""
    feed_file = open_feed_file(path, feed, tokeniser=tokeniser)
    lines, rejections = [], []
    positions = feed_file.validator.key_positions
    contract = get_contract(feed)
    pg_types = [t for _, t in contract.raw_table_columns()][: len(contract.data_column_names())]
    trailer = BinaryTrailer(METADATA, METADATA_TYPES) if binary else None
    try:
        for block in feed_file.copy_blocks(TRAILER, rows_per_block, arrow=arrow, binary=trailer):
            if block.binary:
                BINARY.append(path)
                block_lines = _binary_as_lines(bytes(block.text), [*pg_types, *METADATA_TYPES, "integer"])
            else:
                text = block.text if isinstance(block.text, str) else bytes(block.text).decode()
                block_lines = text.split("\n") if text else []
            lines.extend(block_lines)
            assert block.rows_loaded == len(block_lines)
            if positions:  # the natural key of every good row, as the duplicate sieve sees it
                if not block.binary:
                    assert block.keys == [key_of_line(line, positions) for line in block_lines]
                else:  # one bytes key a row, equal exactly when the rows' key fields are
                    texts = [key_of_line(line, positions) for line in block_lines]
                    assert len(block.keys) == len(texts)
                    assert len(set(zip(block.keys, texts, strict=True))) == len(set(texts)) == len(set(block.keys))
                assert list(block.key_lines) == [int(line.rsplit("\t", 1)[1]) for line in block_lines]
            rejections.extend((r.line, r.field, r.value_masked, r.reason) for r in block.rejections)
    except FastPathAbandoned:
        ABANDONED.append(path)
        return _block_path(path, feed, tokeniser, rows_per_block, arrow=False)
    return lines, rejections, feed_file.rows_ok, feed_file.rows_rejected


ABANDONED: list[Path] = []
BINARY: list[Path] = []


def _assert_parity(path: Path, feed: str, tokeniser, rows_per_block: int | None = None) -> int:
    """Both fast paths (column-at-a-time on Python's csv, and Arrow, as text or as binary COPY rows) give
    the row function's output."""
    expected = _row_path(path, feed, tokeniser)
    for arrow, binary in ((False, False), (True, False), (True, True)):
        got = _block_path(path, feed, tokeniser, rows_per_block, arrow, binary)
        which = ("Arrow, binary" if binary else "Arrow") if arrow else "columnar"
        assert got[0] == expected[0], f"{path.name}: {which} COPY lines differ"
        assert got[1] == expected[1], f"{path.name}: {which} rejections differ"
        assert got[2:] == expected[2:], f"{path.name}: {which} counts differ"
    return len(expected[1])


@pytest.fixture(scope="module")
def synthetic_csvs(tmp_path_factory) -> list[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("columnar")
    manifest = generate(date(2026, 3, 2), 7, seed=9090, out_dir=root / "landing", scale=0.6)
    return [(Path(f["path"]), f["feed"]) for f in manifest["files"] if f["path"].endswith(".csv")]


def test_parity_on_every_synthetic_csv(synthetic_csvs, tokeniser):
    assert synthetic_csvs, "the generator wrote no CSV"
    rejected = sum(_assert_parity(path, feed, tokeniser) for path, feed in synthetic_csvs)
    assert rejected > 0, "the synthetic defects should exercise the fallback to the row function"


def test_plain_files_take_the_arrow_path_and_others_do_not(synthetic_csvs, tokeniser, tmp_path):
    """Parity above would hold trivially if Arrow were never used: most partner files are plain and must
    take it (bytes out, not text), and a file with quotes must not."""
    arrow_files = 0
    for path, feed in synthetic_csvs:
        blocks = list(open_feed_file(path, feed, tokeniser=tokeniser).copy_blocks(TRAILER))
        arrow_files += bool(blocks) and all(not isinstance(block.text, str) for block in blocks if block.rows_loaded)
    assert arrow_files >= len(synthetic_csvs) * 3 // 4
    for content, arrow in (
        (VS_ROW.replace("Maria", '"Maria"'), True),  # a well-formed quoted field
        (VS_ROW.replace("C1,", '"C ""1"", x",'), True),  # doubled quotes and a delimiter inside
        (VS_ROW.replace("Maria", '"Ma"ria'), False),  # text after the closing quote
        (VS_ROW.replace("Maria", ' "Maria"'), False),  # a quote after a space
        (VS_ROW.replace("Maria", '"Ma\nria"'), False),  # a quoted line break
    ):
        path = tmp_path / "quoted.csv"
        path.write_text(VS_HEADER + "\n" + content + "\n" + VS_ROW + "\n", encoding="utf-8")
        blocks = list(open_feed_file(path, "victim_services", tokeniser=tokeniser).copy_blocks(TRAILER))
        assert all(isinstance(block.text, str) != arrow for block in blocks if block.rows_loaded), content


def test_binary_rows_only_where_every_column_has_a_binary_form(synthetic_csvs, tokeniser):
    """The Arrow path sends binary COPY rows for a table of text, dates, whole numbers and booleans, and
    COPY text for one with a decimal, an array or a timestamp column (program_inventory, for one)."""
    kinds = set()
    for path, feed in synthetic_csvs:
        contract = get_contract(feed)
        capable = copy_binary.binary_copyable(
            [t for _, t in contract.raw_table_columns()][: len(contract.data_column_names())]
        )
        feed_file = open_feed_file(path, feed, tokeniser=tokeniser)
        blocks = [
            b for b in feed_file.copy_blocks(TRAILER, binary=BinaryTrailer(METADATA, METADATA_TYPES)) if b.rows_loaded
        ]
        if blocks and not isinstance(blocks[0].text, str):  # the Arrow path
            assert all(block.binary == capable for block in blocks), path.name
            kinds.add(capable)
    assert kinds == {True, False}


def test_parity_with_tiny_blocks(synthetic_csvs, tokeniser):
    """Block edges fall between a defect and its neighbours; nothing may shift across them."""
    for path, feed in synthetic_csvs[:4]:
        _assert_parity(path, feed, tokeniser, rows_per_block=7)


@pytest.mark.parametrize(
    "content",
    [
        VS_HEADER + "\n" + VS_ROW + "\n",
        VS_HEADER + "\n" + VS_ROW + ",extra\n" + VS_ROW + "\n",  # too many fields
        VS_HEADER + "\n" + "C1,Maria\n" + VS_ROW + "\n",  # truncated line
        VS_HEADER + "\n" + VS_ROW.replace("Harris", "Atlantis") + "\n" + VS_ROW + "\n",  # unknown county
        VS_HEADER + "\n" + VS_ROW.replace("C1,", ",") + "\n",  # missing required id
        VS_HEADER + "\n" + VS_ROW.replace("C1,", "   ,") + "\n",  # whitespace-only required
        VS_HEADER + "\n" + VS_ROW.replace("C1,", '"C\t1\\x",') + "\n",  # text needing COPY escapes
        VS_HEADER + "\n" + VS_ROW.replace("C1,", '"C1\nsecond line",') + "\n" + VS_ROW + "\n",  # quoted newline
        VS_HEADER + "\n" + VS_ROW.replace("C1,", "C\x001,") + "\n",  # NUL in text
        VS_HEADER + "\n" + VS_ROW.replace("Maria", "") + "\n",  # optional identifier empty
        VS_HEADER + "\n" + VS_ROW.replace("1990-02-01", " 1990-02-01 ") + "\n" + VS_ROW + "\n",  # padded date
        VS_HEADER + "\n" + VS_ROW.replace("2024-03-05", "2024-02-30") + "\n",  # impossible date
        VS_HEADER + "\n\n" + VS_ROW + "\n\n" + VS_ROW + '\n"unbalanced,x\n',  # blank lines, bad quote at end
        # Plain layouts (no quote anywhere), which the Arrow path takes:
        VS_HEADER + "\n" + VS_ROW.replace("C1,", "C\\1\t2,") + "\n" + VS_ROW + "\n",  # backslash and tab unquoted
        (VS_HEADER + "\n" + VS_ROW + "\n" + VS_ROW.replace("Harris", "Nowhere") + "\n").replace("\n", "\r\n"),
        "\ufeff" + VS_HEADER + "\n" + VS_ROW + "\n",  # byte-order mark
        VS_HEADER + "\n" + VS_ROW + "\n   \n" + VS_ROW + "\n",  # whitespace-only line
        VS_HEADER + "\n" + VS_ROW + "\n" + VS_ROW + ",",  # last record one field too many, no final newline
        VS_HEADER + "\n" + VS_ROW + "\r" + VS_ROW + "\n",  # a bare carriage return
        VS_HEADER + "\n" + VS_ROW.replace("Maria", "Ma\x1fria") + "\n",  # the token memo's separator
        VS_HEADER + "\n" + VS_ROW.replace("C1,", "\u2003C1\x1c\xa0,").replace("Maria", "María") + "\n",  # spaces
        VS_HEADER + "\n" + VS_ROW.replace("C1,", "C" + "x" * (1 << 20) + ",") + "\n" + VS_ROW + "\n",  # a 1 MB field
        (VS_HEADER + "\n" + VS_ROW + "\n").replace(",", "|"),  # another delimiter
        VS_HEADER + "\n" + VS_ROW.replace(",F,", ",,").replace("C1,", "  ,") + "\n" + VS_ROW + "\n",
        # Quotes, which the Arrow path takes only when every quoted field is well formed on one line:
        VS_HEADER + "\n" + VS_ROW.replace("C1,", '"C ""1"", \\x",').replace("Harris", '"Harris"') + "\n",
        VS_HEADER + "\n" + VS_ROW.replace("Maria", '""') + "\n" + VS_ROW.replace("Maria", '"Ma"ria') + "\n",
        VS_HEADER + "\n" + VS_ROW.replace("Maria", 'Ma"ria') + "\n" + VS_ROW.replace("C1", '"C1" ') + "\n",
        ('"Client ID",' + VS_HEADER.split(",", 1)[1] + "\r\n" + VS_ROW.replace("C1,", '"C1",') + "\r\n"),
    ],
)
def test_parity_on_awkward_rows(tmp_path, tokeniser, content):
    path = tmp_path / "awkward.csv"
    path.write_text(content, encoding="utf-8", newline="")
    _assert_parity(path, "victim_services", tokeniser)
    _assert_parity(path, "victim_services", tokeniser, rows_per_block=1)


def test_parity_on_random_mixtures(tmp_path, tokeniser):
    """Good and bad rows shuffled together, so bad rows sit between cache hits of every column."""
    rng = random.Random(7)
    variants = [
        VS_ROW,
        VS_ROW.replace("Harris", "Dallas County"),
        VS_ROW.replace("Harris", "nowhere"),
        VS_ROW.replace("2024-03-06", "03/07/2024"),
        VS_ROW.replace("2024-03-06", "2024-13-01"),
        VS_ROW.replace(",F,", ",,"),
        VS_ROW.replace("Garcia", "García"),
        VS_ROW.replace("C1,", ","),
        VS_ROW + ",",
    ]
    body = "\n".join(rng.choice(variants).replace("C1,", f"C{i}," if i % 3 else "C1,") for i in range(3000))
    path = tmp_path / "mixture.csv"
    path.write_text(VS_HEADER + "\n" + body + "\n", encoding="utf-8", newline="")
    assert _assert_parity(path, "victim_services", tokeniser, rows_per_block=256) > 0


def test_every_contract_with_a_csv_format_is_covered(synthetic_csvs):
    csv_feeds = {feed for _, feed in synthetic_csvs}
    assert csv_feeds, "no CSV feeds generated"
    for feed in csv_feeds:
        assert "csv" in get_contract(feed).formats


def test_anything_arrow_refuses_abandons_the_path_not_the_file(tmp_path, tokeniser, monkeypatch):
    """An Arrow error inside a batch (an offset overflow, say) must reach the loader as the signal to read
    the file on the Python path, never as a failed load."""
    import pyarrow as pa

    from pillars.feeds.parsing.arrow_columns import ArrowColumnarValidator

    def refuse(*_args):
        raise pa.ArrowInvalid("offset overflow while concatenating arrays")

    monkeypatch.setattr(ArrowColumnarValidator, "_validate_batch", refuse)
    path = tmp_path / "plain.csv"
    path.write_text(VS_HEADER + "\n" + VS_ROW + "\n", encoding="utf-8")
    with pytest.raises(FastPathAbandoned, match="offset overflow"):
        list(open_feed_file(path, "victim_services", tokeniser=tokeniser).copy_blocks(TRAILER))
    _assert_parity(path, "victim_services", tokeniser)


def test_parity_across_many_arrow_reads_and_batches(synthetic_csvs, tokeniser, monkeypatch, tmp_path):
    """Line numbers are counted across Arrow's reads and the batches gathered from them: small reads and
    small batches put many seams into every file, and nothing may shift across one."""
    from pillars.feeds.parsing import readers

    monkeypatch.setattr(readers, "ARROW_READ_BYTES", 1 << 12)
    monkeypatch.setattr(readers, "ARROW_BATCH_ROWS", 37)
    monkeypatch.setattr(readers, "ARROW_BATCH_BYTES", 1 << 13)
    for first in (37, 3):  # batches of one size, and batches growing from 3 rows to 37
        monkeypatch.setattr(readers, "ARROW_FIRST_BATCH_ROWS", first)
        for path, feed in synthetic_csvs:
            _assert_parity(path, feed, tokeniser)
    rng = random.Random(11)
    body = "\n".join(
        VS_ROW.replace("C1,", f"C{i},").replace("Harris", rng.choice(["Harris", "Nowhere", "Bexar"]))
        for i in range(2000)
    )
    path = tmp_path / "long.csv"
    path.write_text(VS_HEADER + "\n" + body + "\n", encoding="utf-8")
    assert _assert_parity(path, "victim_services", tokeniser) > 0


def test_the_arrow_path_never_imports_pandas(synthetic_csvs):
    """pyarrow reaches for pandas when it converts Python objects or makes numpy arrays (``pa.array``,
    ``to_numpy``): a second of start-up and tens of megabytes in every loading process. A fresh process
    runs the Arrow path, as text and as binary rows, and must not have imported it."""
    import subprocess
    import sys

    path, feed = next((p, f) for p, f in synthetic_csvs if f == "victim_services")
    script = f"""
import sys
from pillars import settings
from pillars.feeds.copy_encoding.copy_binary import BinaryTrailer
from pillars.feeds.parsing.validate import open_feed_file
settings.use_local_token_key()
for binary in (None, BinaryTrailer({METADATA!r}, {METADATA_TYPES!r})):
    blocks = list(open_feed_file({str(path)!r}, {feed!r}).copy_blocks({TRAILER!r}, binary=binary))
    assert blocks and not isinstance(blocks[0].text, str), "not the Arrow path"
print("pandas" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
