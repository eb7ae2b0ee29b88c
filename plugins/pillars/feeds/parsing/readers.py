"""Streaming readers for partner files: CSV, JSON Lines and XLSX, never loading a whole file.

Each reader returns the file's header and a ``records(on_record, on_problem, on_done)`` function that
streams the file, yielding ``on_record(line, cells)`` for each readable record -- ``cells`` a list (CSV/XLSX,
aligned with the header) or a dict (JSONL) -- and ``on_problem(line, field, reason)`` for a record that
could not be read at all (bad quoting, oversized field, formula, invalid bytes); ``on_done(n)`` receives the
number of records when the stream ends. Handing the callbacks in keeps one generator per row on the hot
path. File-level failures -- not a workbook, empty file -- raise :class:`PillarsError` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pillars import settings
from pillars.errors import PillarsError

DELIMITERS = (",", ";", "|", "\t")
SAMPLE_CHARS = 1 << 16
_CHUNK = 1 << 20
_BOM = codecs.BOM_UTF8
# Arrow reads 256 KB at a time (larger reads made its memory grow with the file) and the reads are
# gathered into batches of about 32,000 rows, so per-batch costs are spread over many rows.
ARROW_READ_BYTES = 256 << 10
ARROW_BATCH_ROWS = 32_768
# The first batch is small and each next one twice as large, up to ARROW_BATCH_ROWS: the database waits
# for the first batch (its values all new to the memos, so the slowest), and a full-size one kept it idle
# for 0.4 s of a load it is the bottleneck of.
ARROW_FIRST_BATCH_ROWS = 2_048
ARROW_READ_AHEAD = 8  # Arrow reads (of ARROW_READ_BYTES) parsed ahead of validation
ARROW_BATCH_BYTES = 16 << 20  # or fewer rows, when they are long
QUOTES_PER_LINE_CHECKED = 4  # quoted fields a line, on average, up to which a quoted file is checked for Arrow
_REPLACEMENT = "\ufffd"

OnRecord = Callable[[int, Any], Any]
OnProblem = Callable[[int, str | None, str], Any]
OnDone = Callable[[int], None]
Records = Callable[[OnRecord, OnProblem, OnDone], Iterator[Any]]
Problem = tuple[int, str | None, str]  # line, field, reason
CHUNK_ROWS = 4096
FORMAT_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}


@dataclass
class SourceInfo:
    """Facts about one file, reported with its results (encoding chosen, delimiter sniffed, notes)."""

    path: Path
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    header: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class CsvChunk:
    """Consecutive records of a delimited file: their start lines and cells, and the unreadable ones."""

    starts: list[int]
    rows: list[list[str]]
    problems: list[Problem]

    def in_line_order(self, on_record: OnRecord, on_problem: OnProblem) -> Iterator[Any]:
        """Records and problems interleaved by line, as one record-at-a-time reader would meet them."""
        problems = iter(self.problems)
        pending = next(problems, None)
        for start, cells in zip(self.starts, self.rows, strict=True):
            while pending is not None and pending[0] < start:
                yield on_problem(*pending)
                pending = next(problems, None)
            yield on_record(start, cells)
        while pending is not None:
            yield on_problem(*pending)
            pending = next(problems, None)


def detect_format(path: Path) -> str:
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMAT_BY_SUFFIX))
        raise PillarsError(f"{path}: cannot tell the format from the extension (expected one of {known})")
    return fmt


class _Layout:
    """Watches a file's bytes go by for what makes its layout not plain (see :func:`plain_layout`): line ends
    are located with numpy, since searching the bytes for two-byte patterns cost more than the parse."""

    def __init__(self) -> None:
        self.plain = True
        self.quotes = 0  # quote characters: plain only if every quoted field is well formed
        self.lines = 0
        self._offset = 0  # of the chunk in the file
        self._last_lf = -3  # position of the last LF seen (none yet: no blank line before the first)
        self._pending_cr = False  # the previous chunk ended with a CR

    def feed(self, chunk: bytes) -> None:
        if not self.plain or not chunk:
            return
        if b"\x00" in chunk or (self._pending_cr and chunk[:1] != b"\n"):
            self.plain = False
            return
        if b'"' in chunk:  # a byte search: counting every chunk cost as much as the rest of the scan
            self.quotes += chunk.count(b'"')
        data = np.frombuffer(chunk, dtype=np.uint8)
        lf = np.flatnonzero(data == 10)
        cr = np.flatnonzero(data[:-1] == 13) if b"\r" in chunk else ()
        # Every CR must sit just before an LF; a line of at most one byte before its LF (an empty line, a
        # lone CR of CRLF, or a single character, which no contract with two columns accepts) is not plain.
        if (len(cr) and not (data[cr + 1] == 10).all()) or (
            len(lf) and ((lf[0] + self._offset) - self._last_lf <= 2 or (len(lf) > 1 and np.diff(lf).min() <= 2))
        ):
            self.plain = False
        self.lines += len(lf)
        if len(lf):
            self._last_lf = int(lf[-1]) + self._offset
        self._pending_cr = chunk.endswith(b"\r")
        self._offset += len(chunk)

    def end(self) -> bool:
        return self.plain and not self._pending_cr


def _first_bad_line(path: Path, encoding: str, layout: _Layout | None = None) -> int | None:
    """Line of the first byte that does not decode, or None when the whole file decodes (every chunk
    read also goes to ``layout``, so one pass over the file answers both). Lines are counted only once a
    byte fails: counting them in every chunk cost a third of the pass."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0  # of the chunk in the file
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if layout is not None:
                layout.feed(chunk)
            if encoding == "utf-16" or not (chunk.isascii() and not decoder.getstate()[0]):  # ASCII: valid
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    return _line_at(path, offset + exc.start)
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _line_at(path, offset)
    return None


def _line_at(path: Path, position: int) -> int:
    """The line holding byte ``position`` of the file."""
    newlines = 0
    with path.open("rb") as handle:
        while position > 0 and (chunk := handle.read(min(_CHUNK, position))):
            newlines += chunk.count(b"\n")
            position -= len(chunk)
    return newlines + 1


def plain_layout(path: Path, delimiter: str | None = None) -> bool:
    """True when every record is one physical line that no quoting rule can change: no NUL, no blank line,
    no carriage return outside a CRLF line end, and every quote part of a well-formed quoted field on one
    line (:func:`_quotes_well_formed`; without the ``delimiter``, any quote makes the file not plain). Then
    Arrow's reader and Python's ``csv`` split the file alike, and record ``i`` (after a one-line header)
    sits on line ``i + 2``."""
    layout = _Layout()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            layout.feed(chunk)
    return _plain(path, layout, delimiter)


def _plain(path: Path, layout: _Layout, delimiter: str | None) -> bool:
    if not layout.end():
        return False
    if not layout.quotes:
        return True
    # Checking quoted fields costs about 0.4 us each: past four a line on average, the check and the Arrow
    # path together cost what the Python path does, so the file goes there unchecked.
    worth_checking = layout.quotes <= QUOTES_PER_LINE_CHECKED * 2 * max(layout.lines, 1)
    return worth_checking and delimiter is not None and _quotes_well_formed(path, delimiter)


def _quotes_well_formed(path: Path, delimiter: str) -> bool:
    """True when every quote in the file opens a field (at a line start or after ``delimiter``), closes it
    on the same line right before a delimiter or the line end, and is doubled in between. Anything else --
    a quoted line break, text after a closing quote, a quote after a space -- is where Arrow's reader and
    Python's ``csv`` may part ways, so such a file takes the Python path."""
    after = re.escape(delimiter.encode())
    quoted_field = re.compile(rb"(?:^|(?<=" + after + rb'))"(?:[^"\r\n]|"")*"(?=' + after + rb"|\r?$)", re.MULTILINE)
    carry = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            text = carry + chunk
            end = text.rfind(b"\n") + 1  # whole lines only: a quoted field never spans one here
            carry = text[end:]
            if b'"' in quoted_field.sub(b"", text[:end]):
                return False
    return b'"' not in quoted_field.sub(b"", carry)


def detect_encoding(path: Path) -> tuple[str, str, str | None, _Layout | None]:
    """(encoding, errors, note, layout): UTF-8 unless the file is not valid UTF-8, then Windows-1252; and
    for a strict UTF-8 file, what the same pass learnt of its layout (see :func:`plain_layout`).

    Decided once per file from all its bytes, so one odd byte late in a file never re-decodes rows
    already read. A file valid in neither is read as UTF-8 with replacement and its bad rows rejected.
    """
    with path.open("rb") as handle:
        start = handle.read(4)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not start.startswith(codecs.BOM_UTF32_LE):
        # Excel's "Unicode text": UTF-16 with a byte order mark, usually tab-separated
        order = "LE" if start.startswith(codecs.BOM_UTF16_LE) else "BE"
        bad = _first_bad_line(path, "utf-16")
        if bad is None:
            return "utf-16", "strict", f"UTF-16 {order} (byte order mark)", None
        return "utf-16", "replace", f"UTF-16 {order} with bytes that do not decode (line {bad}); rows rejected", None
    if start.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise PillarsError(f"{path}: UTF-32 text is not supported; save the file as UTF-8 or UTF-16")
    layout = _Layout()
    bad_utf8 = _first_bad_line(path, "utf-8", layout)
    if bad_utf8 is None:
        with path.open("rb") as handle:
            has_bom = handle.read(3) == _BOM
        return ("utf-8-sig" if has_bom else "utf-8"), "strict", None, layout
    bad_cp1252 = _first_bad_line(path, "cp1252")
    if bad_cp1252 is None:
        return "cp1252", "strict", f"not valid UTF-8 (line {bad_utf8}); read as Windows-1252", None
    note = f"neither UTF-8 (line {bad_utf8}) nor Windows-1252 (line {bad_cp1252}); rows with bad bytes rejected"
    return "utf-8", "replace", note, None


def _sniff_delimiter(sample: str, score: Callable[[list[str]], int]) -> str:
    """The candidate delimiter whose header row names the most contract columns."""
    best, best_rank = DELIMITERS[0], (-1, -1)
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
        except csv.Error:
            continue
        rank = (score(header), len(header))
        if rank > best_rank:
            best, best_rank = delimiter, rank
    return best


class _BoundedLines:
    """The lines of a text handle, none longer than ``limit`` characters held in memory: the rest of a
    longer line is skipped and the line yielded as a blank one, its number kept in ``too_long`` so the
    record it belonged to is rejected (a blank line alone would be skipped silently)."""

    def __init__(self, handle: io.TextIOBase, limit: int) -> None:
        self.handle = handle
        self._readline = handle.readline  # bound once: this is called for every line of the file
        self.limit = limit
        self.number = 0
        self.too_long: set[int] = set()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            self.too_long.add(self.number)
            while (rest := self.handle.readline(_CHUNK)) and not rest.endswith(("\n", "\r")):
                pass
            return "\n"
        return line

    def spans_too_long(self, first: int, last: int) -> bool:
        return any(first <= number <= last for number in self.too_long)


def read_csv(
    path: Path, score: Callable[[list[str]], int], *, delimiter: str | None = None, encoding: str | None = None
) -> tuple[SourceInfo, list[str], Records]:
    """Open a delimited text file: sniff encoding and delimiter (unless a partner mapping states them),
    read the header, stream the records."""
    info = SourceInfo(path=path, format="csv")
    if path.stat().st_size == 0:
        raise PillarsError(f"{path}: empty file (expected at least a header line)")
    if encoding is None:
        encoding, errors, note, layout = detect_encoding(path)
    else:  # stated by the partner's mapping: no layout scan (row path), a bad byte rejects its row
        errors, note, layout = "replace", None, None
    info.encoding = encoding if errors == "strict" else f"{encoding} (replacing invalid bytes)"
    if note:
        info.notes.append(note)
    handle = path.open("r", encoding=encoding, errors=errors, newline="")
    sample = handle.read(SAMPLE_CHARS)
    if not sample.strip():
        handle.close()
        raise PillarsError(f"{path}: empty file (expected at least a header line)")
    handle.seek(0)
    info.delimiter = delimiter or _sniff_delimiter(sample, score)
    field_limit = settings.max_field_chars()
    csv.field_size_limit(field_limit)
    lines = _BoundedLines(handle, settings.max_line_bytes())
    reader = csv.reader(lines, delimiter=info.delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        handle.close()
        raise PillarsError(f"{path}: line 1: cannot read the header ({exc})") from None
    except StopIteration:
        handle.close()
        raise PillarsError(f"{path}: empty file (expected at least a header line)") from None
    if lines.too_long:
        handle.close()
        raise PillarsError(f"{path}: line 1: the header is longer than {lines.limit} characters")
    header = [h.lstrip("\ufeff").strip() for h in header]
    info.header = header
    check_bytes = errors != "strict"
    bad_bytes = (
        "invalid bytes (not UTF-16)" if encoding == "utf-16" else "invalid bytes (neither UTF-8 nor Windows-1252)"
    )

    def chunks(size: int = CHUNK_ROWS) -> Iterator[CsvChunk]:
        """The records in chunks of up to ``size`` rows, each with the problems met while reading it."""
        starts: list[int] = []
        rows: list[list[str]] = []
        problems: list[Problem] = []
        previous_end = reader.line_num
        try:
            while True:
                try:
                    for cells in reader:
                        start = previous_end + 1
                        previous_end = reader.line_num
                        if lines.too_long and lines.spans_too_long(start, previous_end):
                            problems.append((start, None, f"line longer than {lines.limit} characters"))
                            continue
                        if not cells or (len(cells) == 1 and not cells[0].strip()):
                            continue  # blank line: not a record
                        if check_bytes and any(_REPLACEMENT in c for c in cells):
                            problems.append((start, None, bad_bytes))
                            continue
                        starts.append(start)
                        rows.append(cells)
                        if len(rows) >= size:
                            yield CsvChunk(starts, rows, problems)
                            starts, rows, problems = [], [], []
                    break
                except csv.Error as exc:
                    start = previous_end + 1
                    previous_end = reader.line_num
                    problems.append((start, None, _csv_reason(str(exc), start, reader.line_num, field_limit)))
            if rows or problems:
                yield CsvChunk(starts, rows, problems)
        finally:
            handle.close()

    def records(on_record: OnRecord, on_problem: OnProblem, on_done: OnDone) -> Iterator[Any]:
        count = 0
        try:
            for chunk in chunks():
                count += len(chunk.rows) + len(chunk.problems)
                yield from chunk.in_line_order(on_record, on_problem)
        finally:
            on_done(count)

    def arrow_batches() -> Iterator[tuple[int, list[Any]]] | None:
        """The records as Arrow columns of text, each batch with the line of its first record, or None
        when the file's layout is not plain (see :func:`plain_layout`)."""
        delimiter = info.delimiter or ","
        if layout is None or reader.line_num != 1 or not _plain(path, layout, delimiter):
            return None
        return _arrow_batches(path, delimiter, len(header), quoted=layout.quotes > 0, field_limit=field_limit)

    records.chunks = chunks  # type: ignore[attr-defined]  # the loader's bulk path reads chunks directly
    records.arrow_batches = arrow_batches  # type: ignore[attr-defined]  # and plain files as Arrow batches
    return info, header, records


def _arrow_batches(
    path: Path, delimiter: str, width: int, *, quoted: bool, field_limit: int
) -> Iterator[tuple[int, list[Any]]]:
    """Arrow batches of the data records (all text); a record of another width or anything Arrow cannot
    read raises :class:`FastPathAbandoned` before the batch holding it is handed out."""
    import pyarrow as pa  # heavy: imported only when a plain file is loaded
    import pyarrow.csv as pa_csv

    from pillars.feeds.parsing.arrow_columns import FastPathAbandoned

    names = [f"f{i}" for i in range(width)]
    odd_rows: list[str] = []

    def on_invalid(row: Any) -> str:
        odd_rows.append(row.text)
        return "skip"

    line = 2
    try:
        reader = pa_csv.open_csv(
            path,
            read_options=pa_csv.ReadOptions(skip_rows=1, column_names=names, block_size=ARROW_READ_BYTES),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, quote_char='"' if quoted else False, double_quote=quoted, escape_char=False,
                newlines_in_values=False, ignore_empty_lines=False,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, check_utf8=True
            ),
        )  # fmt: skip
        pending: list[Any] = []
        pending_rows = pending_bytes = 0
        wanted_rows = min(ARROW_FIRST_BATCH_ROWS, ARROW_BATCH_ROWS)
        for batch in _then_none(_read_ahead(reader)):
            if odd_rows:
                raise FastPathAbandoned(f"{path}: a record does not have {width} fields")
            if batch is not None:
                pending.append(batch)
                pending_rows += batch.num_rows
                pending_bytes += batch.nbytes
                if pending_rows < wanted_rows and pending_bytes < ARROW_BATCH_BYTES:
                    continue
            if not pending:
                continue
            fields = [pa.concat_arrays([b.column(i) for b in pending]) for i in range(width)]
            pending, pending_rows, pending_bytes = [], 0, 0
            wanted_rows = min(wanted_rows * 2, ARROW_BATCH_ROWS)
            if any(_longest_bytes(field) >= field_limit for field in fields):
                raise FastPathAbandoned(f"{path}: a field is longer than {field_limit} characters")
            yield line, fields
            line += len(fields[0])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise FastPathAbandoned(f"{path}: {exc}") from None
    if odd_rows:
        raise FastPathAbandoned(f"{path}: a record does not have {width} fields")


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _then_none(batches: Iterator[Any]) -> Iterator[Any]:
    """The batches, then None: the end of the file flushes the last gathered batch."""
    yield from batches
    yield None


def _read_ahead(batches: Iterator[Any], depth: int = ARROW_READ_AHEAD) -> Iterator[Any]:
    """``batches``, taken from the iterator by a thread of their own, at most ``depth`` ahead.

    Arrow parses a read while the thread waits for it, outside the GIL: on the loading thread that was
    0.4 s of a million-row load spent waiting, while validation -- the slower side -- could have run. An
    error in the reader reaches the consumer at the batch it stopped at; a consumer that stops early
    stops the thread at its next batch."""
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stopped = threading.Event()

    def put(item: tuple[str, Any]) -> bool:
        while not stopped.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        try:
            for batch in batches:
                if not put(("batch", batch)):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            put(("error", exc))
            return
        put(("end", None))

    reader = threading.Thread(target=read, name="arrow-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            kind, item = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stopped.set()
        reader.join()


def _longest_bytes(field: Any) -> int:
    """The longest value of an Arrow text column, in bytes (at least its length in characters)."""
    import pyarrow.compute as pc

    longest = pc.max(pc.binary_length(field)).as_py()
    return longest or 0


def _csv_reason(message: str, start: int, end: int, field_limit: int) -> str:
    if "field larger than field limit" in message:
        return f"a field is longer than {field_limit} characters"
    if "unexpected end of data" in message:
        return f"unbalanced quote: the quoted field opened on line {start} is never closed (truncated file?)"
    span = f"lines {start}-{end}" if end > start else f"line {start}"
    return f"malformed quoting on {span} ({message})"


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice: which value the partner meant is unknown."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise DuplicateKeyError(key)
    return obj


# Every key is followed by a colon (a quote, JSON white space, a colon): when the text holds no more colons
# -- or, failing that, no more such key ends -- than the parsed objects hold keys, no key was given twice,
# since a repeated key adds one to the text and not to the objects, and a value can only add to the text's
# count (a time, a quoted colon). The exact check, a Python hook on every object, doubled the parse; it runs
# only when both counts differ.
_KEY_END = re.compile(rb'"[ \t\n\r]*:')


def _keys_in(value: Any) -> int:
    """How many keys the objects in a parsed JSON value hold, nested ones included."""
    if isinstance(value, dict):
        return len(value) + sum(_keys_in(v) for v in value.values() if isinstance(v, dict | list))
    if isinstance(value, list):
        return sum(_keys_in(v) for v in value if isinstance(v, dict | list))
    return 0


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_OPENERS = np.zeros(256, dtype=np.int8)
_OPENERS[[ord("["), ord("{")]] = 1
_OPENERS[[ord("]"), ord("}")]] = -1


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in one JSON text (brackets inside strings do not count)."""
    steps = _OPENERS[np.frombuffer(_JSON_STRING.sub(b"", raw), dtype=np.uint8)]
    return int(np.cumsum(steps, dtype=np.int64).max(initial=0))


def parse_json_record(raw: bytes, number: int, max_depth: int) -> tuple[Any, str | None, str | None]:
    """(object, None, None) for a readable JSON record, else (None, field, reason): never raises, whatever
    the line -- too deep a nesting is refused before the parser recurses, a repeated key names itself."""
    if raw.count(b"[") + raw.count(b"{") > max_depth and json_depth(raw) > max_depth:
        return None, None, f"nested deeper than {max_depth} levels"
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return None, None, f"invalid bytes (JSON Lines must be UTF-8; byte {exc.start + 1} of the line)"
    try:
        obj = json.loads(text)
        keys = len(obj) if type(obj) is dict and raw.count(b"{") == 1 else _keys_in(obj)
        if raw.count(b":") != keys and len(_KEY_END.findall(raw)) != keys:  # a key may repeat: look closer
            obj = json.loads(text, object_pairs_hook=_unique_keys)
    except DuplicateKeyError as exc:
        return None, str(exc), f"key '{exc}' appears twice in the object"
    except ValueError as exc:
        message = getattr(exc, "msg", str(exc))
        column = getattr(exc, "colno", None)
        return None, None, f"not valid JSON ({message}" + (f", column {column})" if column else ")")
    except RecursionError:
        return None, None, "nested too deeply to read"
    if not isinstance(obj, dict):
        kind = {list: "an array", str: "a string", bool: "true/false", type(None): "null"}.get(type(obj), "a number")
        return None, None, f"not a JSON object ({kind})"
    return obj, None, None


def _bounded_byte_lines(handle: Any, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line, or (number, None) for a line longer than ``limit`` bytes, whose
    rest is skipped without being held in memory."""
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, raw


def read_jsonl(path: Path) -> tuple[SourceInfo, list[str], Records]:
    """Open a JSON Lines file: one object per line; the header is the first object's keys."""
    info = SourceInfo(path=path, format="jsonl", encoding="utf-8")
    if path.stat().st_size == 0:
        raise PillarsError(f"{path}: empty file (expected one JSON object per line)")
    line_limit = settings.max_line_bytes()
    max_depth = settings.max_json_depth()
    handle = path.open("rb")
    first: dict[str, Any] | None = None
    for number, raw in _bounded_byte_lines(handle, line_limit):
        if raw is None:
            break
        if raw.strip():
            first = parse_json_record(raw, number, max_depth)[0]
            break
    handle.seek(0)
    info.header = list(first or {})

    def records(on_record: OnRecord, on_problem: OnProblem, on_done: OnDone) -> Iterator[Any]:
        count = 0
        try:
            for number, raw in _bounded_byte_lines(handle, line_limit):
                if raw is None:
                    count += 1
                    yield on_problem(number, None, f"line longer than {line_limit} bytes")
                    continue
                if not raw.strip():
                    continue
                count += 1
                obj, field_name, reason = parse_json_record(raw, number, max_depth)
                if reason is not None:
                    yield on_problem(number, field_name, reason)
                    continue
                yield on_record(number, obj)
        finally:
            handle.close()
            on_done(count)

    return info, info.header, records


def read_xlsx(
    path: Path, is_label_row: Callable[[list[str]], bool] | None = None
) -> tuple[SourceInfo, list[str], Records]:
    """Open the first worksheet of a workbook read-only; formula cells reject their row. A row right under
    the header that ``is_label_row`` recognises (a template's field labels under its field names) is
    skipped with a note, and so are rows holding nothing under a named header (a numbering column)."""
    import openpyxl  # heavy: imported only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    info = SourceInfo(path=path, format="xlsx")
    if path.stat().st_size == 0:
        raise PillarsError(f"{path}: empty file (expected an .xlsx workbook)")
    if not zipfile.is_zipfile(path):
        raise PillarsError(f"{path}: not an Excel .xlsx workbook (the file is not a zip archive)")
    check_zip_members(path)
    if not openpyxl.DEFUSEDXML:  # openpyxl picks its XML parser at import: it must be the hardened one
        raise PillarsError(f"{path}: refusing to read a workbook without defusedxml (OPENPYXL_DEFUSEDXML set?)")
    header: list[str] = []
    header_line = 0
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
        if not workbook.worksheets:
            raise PillarsError(f"{path}: the workbook has no worksheet")
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        for header_line, row in enumerate(rows, start=1):  # noqa: B007 - the line is used after the loop
            values = [c.value for c in row]
            if any(v is not None and str(v).strip() for v in values):
                header = ["" if v is None else str(v).strip() for v in values]
                break
    except PillarsError:
        raise
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise PillarsError(f"{path}: cannot open as an .xlsx workbook ({_xml_reason(exc)})") from None
    while header and not header[-1]:
        header.pop()
    if not header:
        workbook.close()
        raise PillarsError(f"{path}: the first worksheet is empty (expected a header row)")
    info.header = header
    width = len(header)
    named = [i for i, label in enumerate(header) if label]

    def records(on_record: OnRecord, on_problem: OnProblem, on_done: OnDone) -> Iterator[Any]:
        count = unnamed_only = 0
        line = header_line
        try:
            for line, row in enumerate(rows, start=header_line + 1):
                cells = list(row)
                values = [c.value for c in cells]
                if not any(_filled(values[i]) for i in named if i < len(values)):
                    unnamed_only += any(_filled(v) for v in values)
                    continue
                if (
                    line == header_line + 1
                    and is_label_row is not None
                    and is_label_row(["" if v is None else str(v).strip() for v in values])
                ):
                    info.notes.append(f"line {line}: a second header row (field labels) skipped")
                    continue
                formula = next((i for i, c in enumerate(cells) if c.data_type == "f"), None)
                if formula is not None:
                    name = header[formula] if formula < width else f"column {formula + 1}"
                    count += 1
                    yield on_problem(line, name, "formula in cell")
                    continue
                while len(values) > width and values[-1] is None:
                    values.pop()
                while len(values) < width:
                    values.append(None)
                count += 1
                yield on_record(line, values)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError) as exc:
            raise PillarsError(f"{path}: line {line}: cannot read the worksheet ({_xml_reason(exc)})") from None
        finally:
            if unnamed_only:
                info.notes.append(f"{unnamed_only} row(s) with values only under blank headers skipped (numbering?)")
            workbook.close()
            on_done(count)

    return info, header, records


XLSX_RATIO_FROM_BYTES = 1 << 20  # members smaller than this are never a bomb, whatever their ratio


def check_zip_members(path: Path) -> None:
    """Refuse a workbook whose members would decompress past the configured size or ratio -- before any
    of it is parsed, from the sizes the archive declares (a member cannot yield more than it declares:
    Python's zip reader stops there and checks the CRC)."""
    limit, ratio = settings.max_xlsx_bytes(), settings.max_xlsx_ratio()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PillarsError(f"{path}: cannot open as an .xlsx workbook ({exc})") from None
    total = 0
    for member in members:
        total += member.file_size
        if total > limit:
            raise PillarsError(
                f"{path}: the workbook decompresses to more than {limit} bytes (PILLARS_MAX_XLSX_UNCOMPRESSED_BYTES);"
                " refused as a possible zip bomb"
            )
        if member.file_size >= XLSX_RATIO_FROM_BYTES and member.file_size > ratio * max(member.compress_size, 1):
            raise PillarsError(
                f"{path}: member {member.filename} expands {member.file_size // max(member.compress_size, 1)}"
                f" times (limit {ratio:g}, PILLARS_MAX_XLSX_COMPRESSION_RATIO); refused as a possible zip bomb"
            )


def _xml_reason(exc: BaseException) -> str:
    """Why a workbook's XML was refused, in words (defusedxml names the forbidden construct)."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None:  # openpyxl re-raises the parser's error as its own
        if isinstance(cause, DefusedXmlException):
            return f"its XML declares entities, which are refused as unsafe ({type(cause).__name__})"
        cause = cause.__cause__ or cause.__context__
    return " ".join(str(exc).split())[:300] or type(exc).__name__
