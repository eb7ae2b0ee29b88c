"""Whole-column validation of a plain delimited file with Apache Arrow: the fast path of a CSV load.

Python's ``csv`` module and per-row Python work cost several microseconds a row, which held a load to a
seventh of psql's ``\\copy``. Here Arrow's reader parses the file in C++ on every core, and since partner
files repeat the same values millions of times, only each column's *distinct* values reach Python: they go
through the very converters and memos of the column-at-a-time path (:class:`ColumnarValidator`, whose
subclass this is), and Arrow kernels map them back onto the rows, trim and escape text, and join each row's
COPY line. A row that needs judgement -- a value that does not convert, a missing required value -- still
goes to the row function, which stays the one definition of a valid row.

Arrow reports no line numbers and reads some malformed quoting differently from Python's ``csv``, so it is
given only files whose layout makes both irrelevant (:func:`pillars.feeds.parsing.readers.plain_layout`): there,
record ``i`` is line ``i + 2``. A record of the wrong width, an oversized field or anything else Arrow
cannot read abandons the path (:class:`FastPathAbandoned`) and the file is read again on the Python path.
``tests/unit/feeds/test_columnar.py`` holds all three paths to the same output.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pillars.feeds.copy_encoding import copy_binary
from pillars.feeds.copy_encoding.copy_binary import NULL_FIELD, POSTGRES_EPOCH_DAYS, BinaryTrailer
from pillars.feeds.copy_encoding.copy_text import NULL, copy_line, key_of_line
from pillars.feeds.parsing.columnar import (
    _ABSENT,
    _KEY_SEPARATOR,
    _ROW_BY_ROW,
    _TEXT,
    CACHE_LIMIT,
    CACHE_LIMIT_PEOPLE,
    ColumnarValidator,
    CopyBlock,
    _Column,
    _indexes_of,
)
from pillars.memo import remember

ArrowText = pa.Array | pa.Scalar  # a column of text, or one text for every row
_ESCAPE_ORDER = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))  # backslash first


class FastPathAbandoned(Exception):  # noqa: N818 - a signal to the loader, not an error users see
    """The file is not plain after all (a bad record width, an oversized field): read it on the Python path."""


@functools.cache
def python_whitespace() -> str:
    """Every character ``str.strip()`` removes, so Arrow trims exactly what the row function trims."""
    return "".join(filter(str.isspace, map(chr, range(sys.maxunicode + 1))))


class ArrowColumnarValidator(ColumnarValidator):
    """:class:`ColumnarValidator` that also validates whole Arrow batches of one bound header."""

    def __init__(self, *args: Any, pg_types: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = DistinctMemo(CACHE_LIMIT_PEOPLE)
        self._people_fields = DistinctMemo(CACHE_LIMIT_PEOPLE, binary=True)  # the same, as binary fields
        # Each column's memo is the column-at-a-time path's own (``_Column.cache``): one memo per column.
        self._values = [DistinctMemo(CACHE_LIMIT, column.cache) for column in self._columns]
        self._pg_types = tuple(pg_types)  # of the stored columns then the token columns, as COPY sends them
        stored_types = iter(self._pg_types)
        self._column_types = [next(stored_types, None) if column.stored else None for column in self._columns]

    @property
    def binary_capable(self) -> bool:
        """True when every column this path sends has a binary COPY form (see :mod:`copy_binary`)."""
        return bool(self._pg_types) and copy_binary.binary_copyable(self._pg_types)

    def validate_batch(
        self, first_line: int, fields: Sequence[pa.Array], trailer: str, binary: BinaryTrailer | None = None
    ) -> CopyBlock:
        """COPY data of one batch whose record ``i`` starts on line ``first_line + i``: text lines (as
        UTF-8 bytes) ending ``\t<trailer>\t<line>``, or with a ``binary`` trailer, binary COPY rows
        ending with its fields and the line (for a :attr:`binary_capable` validator only).

        Anything Arrow itself refuses (say, a batch whose text outgrows its 2 GB offsets) abandons the path
        rather than the load: the Python path reads the same file without Arrow's limits."""
        try:
            return self._validate_batch(first_line, fields, trailer, binary)
        except pa.ArrowException as exc:
            raise FastPathAbandoned(f"Arrow could not validate lines from {first_line}: {exc}") from None

    def _validate_batch(
        self, first_line: int, fields: Sequence[pa.Array], trailer: str, binary: BinaryTrailer | None
    ) -> CopyBlock:
        count = len(fields[0]) if fields else 0
        if not count:
            return CopyBlock(b"" if binary else "", 0, [], binary=binary is not None)
        bad: list[pa.Array] = []
        stored, token_inputs = self._gather(
            lambda i: self._arrow_column(i, fields, count, bad, i in self._token_inputs, binary is not None)
        )
        if self._tokens is not None:
            stored.append(self._arrow_tokens(token_inputs, count, bad, binary is not None))
        numbers = np.arange(first_line, first_line + count, dtype=np.int64)
        if binary is None:
            line_numbers = pc.cast(pa.Array.from_buffers(pa.int64(), count, [None, pa.py_buffer(numbers)]), pa.string())
            lines = pc.binary_join_element_wise(*stored, _scalar(trailer), line_numbers, _scalar("\t"))
            separator = _scalar("\n")
        else:
            head = _bytes_scalar(self._row_head(binary))
            line_fields = _fixed_fields(numbers.astype(">i4"), 4)
            lines = pc.binary_join_element_wise(
                head, *stored, _bytes_scalar(binary.fields), line_fields, _bytes_scalar(b"")
            )
            separator = _bytes_scalar(b"")
        keys = [_broadcast(stored[p], count) for p in self._key_positions]
        rejections: list[Any] = []
        if bad:
            retry = functools.reduce(pc.or_, bad)
            lines, keys = self._judge_retries(retry, first_line, fields, trailer, binary, lines, keys, rejections)
        rows = len(lines)
        text = pc.binary_join(pa.ListArray.from_arrays(_int32_array([0, rows]), lines), separator)[0]
        data = memoryview(text.as_buffer()) if rows else (b"" if binary else "")
        if not keys:
            return CopyBlock(data, rows, rejections, binary=binary is not None)
        key_texts = pc.binary_join_element_wise(*keys, separator if binary else _scalar("\t")).to_pylist()
        if rejections:  # the rejected rows' lines leave the block with them
            numbers = np.delete(numbers, [rejection.line - first_line for rejection in rejections])
        return CopyBlock(data, rows, rejections, key_texts, numbers, binary=binary is not None)

    def _arrow_column(
        self, index: int, fields: Sequence[pa.Array], count: int, bad: list[pa.Array], for_tokens: bool, binary: bool
    ) -> tuple[ArrowText, ArrowText | None]:
        """One planned column of the batch: its COPY text (or binary fields) and, when a match key uses it,
        its values as the token function sees them; rows the row function must judge are added to ``bad``."""
        column = self._columns[index]
        null = (_bytes_scalar(NULL_FIELD) if binary else _scalar(NULL)) if column.stored else _scalar("")
        if column.kind == _ABSENT:
            return null, _scalar("") if for_tokens else None
        cells = fields[column.source]
        if column.kind == _ROW_BY_ROW:
            bad.append(pc.not_equal(pc.utf8_trim(cells, python_whitespace()), _scalar("")) if not column.required
                       else _bool_array(np.ones(count, dtype=bool)))  # fmt: skip
            return null, _scalar("") if for_tokens else None
        if column.kind == _TEXT:
            return self._arrow_text(column, cells, bad, for_tokens, binary)
        encoded = pc.dictionary_encode(cells)
        distinct = self._values[index].lookup(encoded.dictionary, lambda cells: [self._judge(column, c) for c in cells])
        rejected = pc.is_null(distinct)
        if pc.any(rejected).as_py():
            bad.append(pc.take(rejected, encoded.indices))
            distinct = pc.fill_null(distinct, _scalar(NULL if column.stored else ""))
        if binary and column.stored:
            output = pc.take(_binary_fields(distinct, self._column_types[index]), encoded.indices)  # type: ignore[arg-type]
        else:
            output = pc.take(distinct, encoded.indices)
        if not for_tokens:
            return output, None
        if not column.stored:
            return output, output
        return output, pc.take(pc.replace_substring(distinct, NULL, ""), encoded.indices)

    @staticmethod
    def _arrow_text(
        column: _Column, cells: pa.Array, bad: list[pa.Array], for_tokens: bool, binary: bool
    ) -> tuple[ArrowText, ArrowText | None]:
        stripped = pc.utf8_trim(cells, python_whitespace())  # a plain file holds no NUL: nothing to reject
        empty = pc.equal(stripped, _scalar(""))
        has_empty = pc.any(empty).as_py()
        if has_empty and column.required:
            bad.append(empty)
        values = stripped if for_tokens else None
        if not column.stored:
            return stripped, values
        if binary:  # a binary field holds the value as it is: nothing to escape
            output = _length_prefixed(stripped)
            return (pc.if_else(empty, _bytes_scalar(NULL_FIELD), output) if has_empty else output), values
        output = stripped
        if pc.any(pc.match_substring_regex(stripped, r"[\\\t\n\r]")).as_py():
            for mark, escaped in _ESCAPE_ORDER:
                output = pc.replace_substring(output, mark, escaped)
        if has_empty:
            output = pc.if_else(empty, _scalar(NULL), output)
        return output, values

    def _arrow_tokens(self, inputs: dict[int, ArrowText], count: int, bad: list[pa.Array], binary: bool) -> pa.Array:
        """The match-key token columns of each row as one piece of COPY text (or as consecutive binary
        fields), derived once per distinct person and memoised as in :meth:`ColumnarValidator._token_text`."""
        parts = [_broadcast(inputs[i], count) for i in self._tokens[1]]  # type: ignore[index]
        for part in parts:
            with_separator = pc.match_substring(part, _KEY_SEPARATOR)
            if pc.any(with_separator).as_py():
                bad.append(with_separator)
        encoded = pc.dictionary_encode(pc.binary_join_element_wise(*parts, _scalar(_KEY_SEPARATOR)))
        if binary:
            return pc.take(self._people_fields.lookup(encoded.dictionary, self._token_fields_of), encoded.indices)
        return pc.take(self._people.lookup(encoded.dictionary, self._tokens_of), encoded.indices)

    def _person_tokens(self, person: str) -> tuple[str | None, ...]:
        return self._derive(tuple(part or None for part in person.split(_KEY_SEPARATOR)))  # type: ignore[misc]

    def _tokens_of(self, people: list[str]) -> list[str | None]:
        """The token columns of each person (identifier values joined by the separator) as COPY text."""
        return ["\t".join(NULL if token is None else token for token in self._person_tokens(p)) for p in people]

    def _token_fields_of(self, people: list[str]) -> list[bytes | None]:
        """The token columns of each person as consecutive binary fields."""
        text = copy_binary.FIELD_ENCODERS["text"]
        return [b"".join([NULL_FIELD if t is None else text(t) for t in self._person_tokens(p)]) for p in people]

    def _row_head(self, binary: BinaryTrailer) -> bytes:
        """What starts each binary row: its field count (the data, the trailer, the source line)."""
        return copy_binary.field_count(len(self._pg_types) + binary.count + 1)

    def _judge_retries(
        self,
        retry: pa.Array,
        first_line: int,
        fields: Sequence[pa.Array],
        trailer: str,
        binary: BinaryTrailer | None,
        lines: pa.Array,
        keys: list[pa.Array],
        rejections: list[Any],
    ) -> tuple[pa.Array, list[pa.Array]]:
        """Rows flagged by any column go through the row function: a good one's line (and key) replaces
        the fast one, a rejected one leaves the block."""
        positions = pc.indices_nonzero(retry)
        if not len(positions):
            return lines, keys
        count = len(lines)
        replacement: list[Any] = [None] * count
        key_replacement: list[list[Any]] = [[None] * count for _ in keys]
        cells_of_rows = zip(*(pc.take(field, positions).to_pylist() for field in fields), strict=True)
        for i, cells in zip(positions.to_pylist(), cells_of_rows, strict=True):
            line = first_line + i
            outcome = self._row_function(line, list(cells))
            if getattr(outcome, "values", None) is None:
                rejections.append(outcome)
                continue
            if binary is None:
                replacement[i] = f"{copy_line(outcome.values)[:-1]}\t{trailer}\t{line}"
                key_values = key_of_line(replacement[i], self._key_positions).split("\t") if keys else []
            else:
                try:
                    values = copy_binary.fields(outcome.values, self._pg_types)
                except ValueError as exc:  # a whole number too large for its column: COPY text says so
                    raise FastPathAbandoned(f"line {line}: {exc}") from None
                line_field = copy_binary.field(str(line), "integer")
                replacement[i] = self._row_head(binary) + values + binary.fields + line_field
                key_values = [copy_binary.field(outcome.values[p], self._pg_types[p]) for p in self._key_positions]
            for column, value in zip(key_replacement, key_values, strict=True):
                column[i] = value
        array = _bytes_array if binary is not None else _text_array
        lines = pc.if_else(retry, array(replacement), lines)
        keys = [pc.if_else(retry, array(values), key) for key, values in zip(keys, key_replacement, strict=True)]
        if rejections:
            kept = pc.is_valid(lines)
            lines = lines.filter(kept)
            keys = [key.filter(kept) for key in keys]
        return lines, keys


class DistinctMemo:
    """What values already seen became, for a batch's distinct values: only values never seen reach
    ``compute``. A value that becomes None (the row function must judge it) is not remembered; the memo
    is emptied when full, like every memo on the path. (Looking values up in Arrow with ``index_in`` was
    no faster: it rebuilds its hash table of the memo on every call.)"""

    def __init__(self, limit: int, memo: dict[str, Any] | None = None, *, binary: bool = False) -> None:
        self._limit = limit
        self._memo: dict[str, Any] = {} if memo is None else memo
        self._array = _bytes_array if binary else _text_array  # what ``compute`` gives: bytes or text

    def lookup(self, distinct: pa.Array, compute: Callable[[list[str]], list[Any]]) -> pa.Array:
        """What each of ``distinct`` (values without repeats) becomes; null where ``compute`` gives None."""
        keys = distinct.to_pylist()
        results = list(map(self._memo.get, keys))
        if None in results:
            misses = _indexes_of(results, None)
            for i, value in zip(misses, compute([keys[i] for i in misses]), strict=True):
                results[i] = value
                if value is not None:
                    remember(self._memo, keys[i], value, self._limit)
        return self._array(results)


def _broadcast(text: ArrowText, count: int) -> pa.Array:
    """A column of text (or binary fields), from a column or from one value for every row."""
    if isinstance(text, pa.Scalar):
        value = text.as_py()
        return (_bytes_array if isinstance(value, bytes) else _text_array)([value] * count)
    return text


# --- binary COPY fields (see pillars.feeds.copy_encoding.copy_binary), built column-wise ---------------------------
def _fixed_fields(payload: np.ndarray, size: int) -> pa.Array:
    """Binary fields of ``size`` bytes each (``payload``: one big-endian value a row), length first."""
    count = len(payload)
    rows = np.empty((count, 4 + size), dtype=np.uint8)
    rows[:, :4] = np.frombuffer(np.array([size], dtype=">i4").tobytes(), dtype=np.uint8)
    rows[:, 4:] = np.ascontiguousarray(payload).view(np.uint8).reshape(count, size)
    fixed = pa.Array.from_buffers(pa.binary(4 + size), count, [None, pa.py_buffer(rows)])
    return fixed.cast(pa.binary())


def _length_prefixed(values: pa.Array) -> pa.Array:
    """Text as binary fields: each value's length in bytes, then its bytes."""
    lengths = _numbers(pc.binary_length(values), np.int32).astype(">i4")  # no NULL among them
    count = len(lengths)
    prefixes = pa.Array.from_buffers(pa.binary(4), count, [None, pa.py_buffer(lengths.tobytes())])
    return pc.binary_join_element_wise(prefixes.cast(pa.binary()), values.cast(pa.binary()), _bytes_scalar(b""))


def _binary_fields(values: pa.Array, pg_type: str) -> pa.Array:
    """The binary fields of converted values (COPY text without escapes: ``\\N`` for NULL, no nulls)."""
    null = pc.equal(values, _scalar(NULL))
    if pg_type == "text":
        fields = _length_prefixed(values)
    else:
        placeholder = {"date": "2000-01-01", "integer": "0", "boolean": "f"}[pg_type]
        present = pc.if_else(null, _scalar(placeholder), values)
        if pg_type == "date":
            days = _numbers(pc.cast(present, pa.date32()).cast(pa.int32()), np.int32) - POSTGRES_EPOCH_DAYS
            fields = _fixed_fields(days.astype(">i4"), 4)
        elif pg_type == "integer":
            numbers = _numbers(pc.cast(present, pa.int64()), np.int64)
            if len(numbers) and (numbers.min() < copy_binary.INT4_MIN or numbers.max() > copy_binary.INT4_MAX):
                raise FastPathAbandoned("a whole number does not fit an integer column")  # COPY text says why
            fields = _fixed_fields(numbers.astype(">i4"), 4)
        else:
            fields = _fixed_fields(_numbers(pc.equal(present, _scalar("t")).cast(pa.uint8()), np.uint8), 1)
    return pc.if_else(null, _bytes_scalar(NULL_FIELD), fields)


def _numbers(array: pa.Array, dtype: type[np.generic]) -> np.ndarray:
    """A numeric Arrow array without nulls as numpy, read from its buffer (``to_numpy`` imports pandas)."""
    size = np.dtype(dtype).itemsize
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * size)


def _bytes_array(values: Sequence[bytes | None]) -> pa.Array:
    """A binary array of ``values`` (None for NULL)."""
    valid = None
    if None in values:
        valid = np.fromiter((value is not None for value in values), dtype=bool, count=len(values))
        values = [value or b"" for value in values]
    data = b"".join(values)
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)), out=offsets[1:])
    bitmap = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(
        pa.large_binary(), len(values), [bitmap, pa.py_buffer(offsets), pa.py_buffer(data)]
    ).cast(pa.binary())


def _bytes_scalar(data: bytes) -> pa.Scalar:
    """One binary value for every row (and the empty separator of binary joins)."""
    return _bytes_array([data])[0]


# pyarrow's own conversion of Python objects (pa.array) first asks pandas whether the input is one of its
# types, importing pandas -- a second of start-up and tens of megabytes for a loader that never uses it.
# These build the few arrays the path needs from their buffers instead.
def _text_array(values: Sequence[str | None]) -> pa.Array:
    """A string array of ``values`` (None for NULL)."""
    valid = None
    if None in values:
        valid = np.fromiter((value is not None for value in values), dtype=bool, count=len(values))
        values = [value or "" for value in values]
    data = "".join(values).encode()
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    if int(lengths.sum()) != len(data):  # not all ASCII: count bytes, not characters
        lengths = np.fromiter((len(value.encode()) for value in values), dtype=np.int64, count=len(values))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    bitmap = None if valid is None else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(
        pa.large_string(), len(values), [bitmap, pa.py_buffer(offsets), pa.py_buffer(data)]
    ).cast(pa.string())


def _bool_array(mask: np.ndarray) -> pa.Array:
    """A boolean array of a numpy mask."""
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(np.packbits(mask, bitorder="little"))])


def _scalar(text: str) -> pa.Scalar:
    """One text for every row (and the separators of joins)."""
    return _text_array([text])[0]


def _int32_array(values: Sequence[int]) -> pa.Array:
    return pa.Array.from_buffers(pa.int32(), len(values), [None, pa.py_buffer(np.array(values, dtype=np.int32))])
