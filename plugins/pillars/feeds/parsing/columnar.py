"""Column-at-a-time validation of a chunk of delimited records straight into COPY text.

The per-row function (:mod:`pillars.feeds.parsing.compiled`) is the definition of what a valid row is; it costs a
few microseconds a row in Python bytecode. Partner files repeat the same few values millions of times, so
this fast path works a column at a time with C-level built-ins (``zip``, ``map(dict.get)``, ``str.join``)
over values it has already seen, and hands every row it is not sure about -- a value never seen, a bad
width, a NUL, a missing required value -- to the row function. Its output is therefore the row function's
output by construction (``tests/unit/feeds/test_columnar.py`` checks that on every defect the synthetic
partners produce), only faster.

Memory stays flat: a chunk holds a few thousand rows, and the value caches are cleared when they fill.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from pillars.feeds.copy_encoding.copy_text import ESCAPES, NEEDS_ESCAPE, NULL, copy_line, key_of_line
from pillars.feeds.parsing.compiled import PlannedColumn
from pillars.feeds.parsing.values import BadValue
from pillars.memo import remember

CACHE_LIMIT = 50_000
CACHE_LIMIT_PEOPLE = 200_000  # the token memo: about 300 bytes a person, so at most ~60 MB
_KEY_SEPARATOR = "\x1f"
_ABSENT, _TEXT, _CONVERTED, _ROW_BY_ROW = range(4)


@dataclass(frozen=True)
class CopyBlock:
    """One chunk validated: COPY text of its good rows, its rejections, and how many rows it had."""

    text: str
    rows_loaded: int
    rejections: list[Any]
    keys: list[str] = field(default_factory=list)  # natural key of each good row (key_of_line's form)
    key_lines: Sequence[int] = ()  # the source line of each of those rows, for the duplicate check
    binary: bool = False  # ``text`` holds binary COPY rows (see pillars.feeds.copy_encoding.copy_binary), not COPY text


@dataclass
class _Column:
    kind: int
    source: int
    convert: Callable[[str], str]
    required: bool
    stored: bool
    cache: dict[str, str]


def _indexes_of(values: list[Any], target: Any) -> list[int]:
    """Positions of ``target`` in ``values`` (C-level search; the hits are few)."""
    found: list[int] = []
    position = -1
    while True:
        try:
            position = values.index(target, position + 1)
        except ValueError:
            return found
        found.append(position)


class ColumnarValidator:
    """Validates chunks of records aligned with one bound header, falling back to ``row_function``.

    ``row_function(line, cells)`` returns an object with ``values`` (a good row) or a rejection (which
    has none). Every output line ends with ``\\t<trailer>\\t<line>``.
    """

    def __init__(
        self,
        planned: Sequence[PlannedColumn],
        n_stored: int,
        tokens: tuple[Callable[[tuple[str | None, ...]], tuple[str | None, ...]], Sequence[int]] | None,
        width: int,
        row_function: Callable[[int, list[str]], Any],
        key_positions: Sequence[int] = (),
    ) -> None:
        self._key_positions = tuple(key_positions)  # of the natural key's columns among the stored ones
        self._width = width
        self._row_function = row_function
        self._tokens = tokens
        self._derive = getattr(tokens[0], "derive", tokens[0]) if tokens else None
        self._token_cache: dict[str, str] = {}
        self._token_inputs = frozenset(tokens[1]) if tokens else frozenset()
        self._columns: list[_Column] = []
        for index, column in enumerate(planned):
            stored = index < n_stored
            if column.source is None:
                kind = _ABSENT
            elif column.plain_text:
                kind = _TEXT
            elif getattr(column.convert, "cache", None) is not None:
                kind = _CONVERTED  # memoised converters return codes, numbers, dates: nothing to escape
            else:
                kind = _ROW_BY_ROW  # e.g. lists, whose array literals need escaping: left to the row function
            # The column keeps its own memo of COPY text, so it calls the converter without the converter's.
            convert = getattr(column.convert, "uncached", column.convert)
            self._columns.append(_Column(kind, column.source or 0, convert, column.required, stored, {}))

    def validate(self, starts: list[int], rows: list[list[str]], trailer: str) -> CopyBlock:
        """COPY text (one line per good row, without the final newline) and rejections of one chunk."""
        count = len(rows)
        if not count:
            return CopyBlock("", 0, [])
        retry: set[int] = set()
        width = self._width
        originals = rows
        if set(map(len, rows)) != {width}:  # C-level; the loop below runs only for a chunk with a bad row
            blank = [""] * width
            rows = list(rows)
            for i, cells in enumerate(originals):
                if len(cells) != width:
                    retry.add(i)
                    rows[i] = blank
        by_source = list(zip(*rows, strict=True))
        stored_text, values_for_tokens = self._gather(
            lambda i: self._column_output(self._columns[i], by_source, count, retry, i in self._token_inputs)
        )
        if self._tokens is not None:
            stored_text.append(self._token_text(values_for_tokens, retry))
        lines = list(map("\t".join, zip(*stored_text, repeat(trailer, count), map(str, starts), strict=False)))
        positions = self._key_positions
        keys = list(map("\t".join, zip(*(stored_text[p] for p in positions), strict=True))) if positions else []
        key_lines: Sequence[int] = starts if positions else ()
        rejections: list[Any] = []
        if retry:
            dropped: set[int] = set()
            for i in sorted(retry):
                outcome = self._row_function(starts[i], originals[i])
                if getattr(outcome, "values", None) is not None:
                    lines[i] = f"{copy_line(outcome.values)[:-1]}\t{trailer}\t{starts[i]}"
                    if positions:
                        keys[i] = key_of_line(lines[i], positions)
                else:
                    rejections.append(outcome)
                    dropped.add(i)
            if dropped:
                lines = [line for i, line in enumerate(lines) if i not in dropped]
                if positions:
                    keys = [key for i, key in enumerate(keys) if i not in dropped]
                    key_lines = [line for i, line in enumerate(starts) if i not in dropped]
        return CopyBlock("\n".join(lines), len(lines), rejections, keys, key_lines)

    def _gather(self, column_output: Callable[[int], tuple[Any, Any]]) -> tuple[list[Any], dict[int, Any]]:
        """Every planned column's ``(output, token values)``: the stored columns' outputs in order, and the
        values of the columns a match key uses, by column index."""
        stored: list[Any] = []
        token_inputs: dict[int, Any] = {}
        for index, column in enumerate(self._columns):
            output, values = column_output(index)
            if column.stored:
                stored.append(output)
            if values is not None:
                token_inputs[index] = values
        return stored, token_inputs

    def _column_output(
        self, column: _Column, by_source: list[tuple[str, ...]], count: int, retry: set[int], for_tokens: bool
    ) -> tuple[list[str], list[str | None] | None]:
        """One planned column of the chunk: its COPY text (or text, for identifiers) and, when a match key
        uses it, its values as the token function sees them (unescaped, None for NULL)."""
        null = NULL if column.stored else ""
        if column.kind == _ABSENT:
            return [null] * count, [""] * count if for_tokens else None
        cells = by_source[column.source]
        if column.kind == _ROW_BY_ROW:
            retry.update(range(count) if column.required else (i for i, cell in enumerate(cells) if cell.strip()))
            return [null] * count, [""] * count if for_tokens else None
        if column.kind == _TEXT:
            return self._text_output(column, cells, retry, for_tokens)
        cache = column.cache
        output = list(map(cache.get, cells))
        if None in output:
            for i in _indexes_of(output, None):
                value = self._convert(column, cells[i])
                if value is None:
                    retry.add(i)
                    output[i] = null
                else:
                    output[i] = value
        if not for_tokens:
            return output, None
        return output, [value.replace(NULL, "") for value in output] if column.stored else output

    def _convert(self, column: _Column, cell: str) -> str | None:
        """A cell not seen before, judged (:meth:`_judge`) and remembered in the column's memo."""
        value = self._judge(column, cell)
        return value if value is None else remember(column.cache, cell, value, CACHE_LIMIT)

    @staticmethod
    def _judge(column: _Column, cell: str) -> str | None:
        """A cell through the column's converter: COPY text for a stored column (NULL as \\N) or text for
        an identifier ('' for NULL); None when the row function must judge (a bad value, or a required one
        missing)."""
        raw = cell.strip()
        if not raw:
            if column.required:
                return None
            return NULL if column.stored else ""
        try:
            return column.convert(raw)
        except BadValue:
            return None

    @staticmethod
    def _text_output(
        column: _Column, cells: tuple[str, ...], retry: set[int], for_tokens: bool
    ) -> tuple[list[str], list[str | None] | None]:
        stripped = list(map(str.strip, cells))
        joined = "".join(stripped)
        if "\x00" in joined:
            retry.update(i for i, value in enumerate(stripped) if "\x00" in value)
        has_empty = "" in stripped
        if has_empty and column.required:
            retry.update(_indexes_of(stripped, ""))
        values = stripped if for_tokens else None
        if not column.stored:
            return stripped, values
        output = stripped
        if any(mark in joined for mark in NEEDS_ESCAPE):
            output = [value.translate(ESCAPES) for value in output]
        if has_empty:
            output = [value or NULL for value in output]
        return output, values

    def _token_text(self, values: dict[int, list[str]], retry: set[int]) -> list[str]:
        """The match-key token columns of each row as one piece of COPY text, memoised per person.

        The memo is keyed on the identifier values joined by a separator (a row holding the separator
        itself goes to the row function), and holds the tokens already as COPY text: a few hundred
        bytes a person, where tuples of tuples took twice that.
        """
        derive, indexes = self._derive, self._tokens[1]  # type: ignore[index]
        parts = [values[i] for i in indexes]
        if any(_KEY_SEPARATOR in "".join(column) for column in parts):
            for column in parts:
                retry.update(i for i, value in enumerate(column) if _KEY_SEPARATOR in value)
        keys = list(map(_KEY_SEPARATOR.join, zip(*parts, strict=True)))
        cache = self._token_cache
        text = list(map(cache.get, keys))
        if None in text:
            for i in _indexes_of(text, None):
                tokens = derive(tuple(part or None for part in keys[i].split(_KEY_SEPARATOR)))
                text[i] = remember(
                    cache, keys[i], "\t".join(NULL if token is None else token for token in tokens), CACHE_LIMIT_PEOPLE
                )
        return text
