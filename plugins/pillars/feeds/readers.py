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
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pillars.errors import PillarsError

FIELD_LIMIT = 1 << 20  # characters; a longer field rejects its row instead of exhausting memory
DELIMITERS = (",", ";", "|", "\t")
SAMPLE_CHARS = 1 << 16
_CHUNK = 1 << 20
_BOM = codecs.BOM_UTF8
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


def _first_bad_line(path: Path, encoding: str) -> int | None:
    """Line of the first byte that does not decode, or None when the whole file decodes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    newlines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            if chunk.isascii() and not decoder.getstate()[0]:
                newlines += chunk.count(b"\n")  # ASCII is valid in both: skip the decoder
                continue
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return newlines + chunk[: exc.start].count(b"\n") + 1
            newlines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return newlines + 1
    return None


def detect_encoding(path: Path) -> tuple[str, str, str | None]:
    """(encoding, errors, note): UTF-8 unless the file is not valid UTF-8, then Windows-1252.

    Decided once per file from all its bytes, so one odd byte late in a file never re-decodes rows
    already read. A file valid in neither is read as UTF-8 with replacement and its bad rows rejected.
    """
    bad_utf8 = _first_bad_line(path, "utf-8")
    if bad_utf8 is None:
        with path.open("rb") as handle:
            has_bom = handle.read(3) == _BOM
        return ("utf-8-sig" if has_bom else "utf-8"), "strict", None
    bad_cp1252 = _first_bad_line(path, "cp1252")
    if bad_cp1252 is None:
        return "cp1252", "strict", f"not valid UTF-8 (line {bad_utf8}); read as Windows-1252"
    note = f"neither UTF-8 (line {bad_utf8}) nor Windows-1252 (line {bad_cp1252}); rows with bad bytes rejected"
    return "utf-8", "replace", note


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


def read_csv(path: Path, score: Callable[[list[str]], int]) -> tuple[SourceInfo, list[str], Records]:
    """Open a delimited text file: sniff encoding and delimiter, read the header, stream the records."""
    info = SourceInfo(path=path, format="csv")
    if path.stat().st_size == 0:
        raise PillarsError(f"{path}: empty file (expected at least a header line)")
    encoding, errors, note = detect_encoding(path)
    info.encoding = encoding if errors == "strict" else f"{encoding} (replacing invalid bytes)"
    if note:
        info.notes.append(note)
    handle = path.open("r", encoding=encoding, errors=errors, newline="")
    sample = handle.read(SAMPLE_CHARS)
    if not sample.strip():
        handle.close()
        raise PillarsError(f"{path}: empty file (expected at least a header line)")
    handle.seek(0)
    info.delimiter = _sniff_delimiter(sample, score)
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(handle, delimiter=info.delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        handle.close()
        raise PillarsError(f"{path}: line 1: cannot read the header ({exc})") from None
    except StopIteration:
        handle.close()
        raise PillarsError(f"{path}: empty file (expected at least a header line)") from None
    header = [h.lstrip("\ufeff").strip() for h in header]
    info.header = header
    check_bytes = errors != "strict"

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
                        if not cells or (len(cells) == 1 and not cells[0].strip()):
                            continue  # blank line: not a record
                        if check_bytes and any(_REPLACEMENT in c for c in cells):
                            problems.append((start, None, "invalid bytes (neither UTF-8 nor Windows-1252)"))
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
                    problems.append((start, None, _csv_reason(str(exc), start, reader.line_num)))
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

    records.chunks = chunks  # type: ignore[attr-defined]  # the loader's bulk path reads chunks directly
    return info, header, records


def _csv_reason(message: str, start: int, end: int) -> str:
    if "field larger than field limit" in message:
        return f"a field is longer than {FIELD_LIMIT} characters"
    if "unexpected end of data" in message:
        return f"unbalanced quote: the quoted field opened on line {start} is never closed (truncated file?)"
    span = f"lines {start}-{end}" if end > start else f"line {start}"
    return f"malformed quoting on {span} ({message})"


def read_jsonl(path: Path) -> tuple[SourceInfo, list[str], Records]:
    """Open a JSON Lines file: one object per line; the header is the first object's keys."""
    info = SourceInfo(path=path, format="jsonl", encoding="utf-8")
    handle = path.open("rb")
    first: dict[str, Any] | None = None
    for raw in handle:
        if raw.strip():
            try:
                candidate = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                break
            if isinstance(candidate, dict):
                first = candidate
            break
    handle.seek(0)
    if first is None and path.stat().st_size == 0:
        handle.close()
        raise PillarsError(f"{path}: empty file (expected one JSON object per line)")
    info.header = list(first or {})

    def records(on_record: OnRecord, on_problem: OnProblem, on_done: OnDone) -> Iterator[Any]:
        count = 0
        try:
            for number, raw in enumerate(handle, start=1):
                if len(raw) > FIELD_LIMIT:
                    count += 1
                    yield on_problem(number, None, f"line longer than {FIELD_LIMIT} bytes")
                    continue
                if not raw.strip():
                    continue
                try:
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    count += 1
                    yield on_problem(number, None, "invalid bytes (JSON Lines must be UTF-8)")
                    continue
                try:
                    obj = json.loads(text)
                except ValueError as exc:
                    count += 1
                    yield on_problem(number, None, f"not valid JSON ({exc.msg}, column {exc.colno})")
                    continue
                if not isinstance(obj, dict):
                    count += 1
                    yield on_problem(number, None, "not a JSON object")
                    continue
                count += 1
                yield on_record(number, obj)
        finally:
            handle.close()
            on_done(count)

    return info, info.header, records


def read_xlsx(path: Path) -> tuple[SourceInfo, list[str], Records]:
    """Open the first worksheet of a workbook read-only; formula cells reject their row."""
    import openpyxl  # heavy: imported only when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    info = SourceInfo(path=path, format="xlsx")
    if path.stat().st_size == 0:
        raise PillarsError(f"{path}: empty file (expected an .xlsx workbook)")
    if not zipfile.is_zipfile(path):
        raise PillarsError(f"{path}: not an Excel .xlsx workbook (the file is not a zip archive)")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise PillarsError(f"{path}: cannot open as an .xlsx workbook ({exc})") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows()
    header: list[str] = []
    header_line = 0
    for header_line, row in enumerate(rows, start=1):  # noqa: B007 - the line is used after the loop
        values = [c.value for c in row]
        if any(v is not None and str(v).strip() for v in values):
            header = ["" if v is None else str(v).strip() for v in values]
            break
    while header and not header[-1]:
        header.pop()
    if not header:
        workbook.close()
        raise PillarsError(f"{path}: the first worksheet is empty (expected a header row)")
    info.header = header
    width = len(header)

    def records(on_record: OnRecord, on_problem: OnProblem, on_done: OnDone) -> Iterator[Any]:
        count = 0
        try:
            for line, row in enumerate(rows, start=header_line + 1):
                cells = list(row)
                values = [c.value for c in cells]
                if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
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
        finally:
            workbook.close()
            on_done(count)

    return info, header, records
