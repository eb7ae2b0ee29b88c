"""Row validation compiled from a contract: partner cells in, a COPY-ready tuple or a Rejection out.

A :class:`RowValidator` is built once per contract (and bound once per file header) into a flat plan of
per-column converters, so the per-row loop does no lookups by name. Every input record yields exactly
one :class:`Row` (values in raw-table order: stored columns then match-key tokens, as COPY text or None)
or one :class:`Rejection` whose value is masked for identifiers.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pillars import settings
from pillars.errors import PillarsError
from pillars.feeds.copy_encoding.copy_binary import BinaryTrailer
from pillars.feeds.copy_encoding.copy_text import copy_line, key_of_line
from pillars.feeds.declarations.codes import code_aliases, code_labels
from pillars.feeds.declarations.contract import Column, Contract, get_contract, normalise_header
from pillars.feeds.declarations.mapping import Mapping as PartnerMapping
from pillars.feeds.declarations.mapping import plan_header
from pillars.feeds.parsing import values as conv
from pillars.feeds.parsing.arrow_columns import ArrowColumnarValidator
from pillars.feeds.parsing.columnar import CopyBlock
from pillars.feeds.parsing.compiled import PlannedColumn, compile_row_function, tokens_function
from pillars.feeds.parsing.drift import ColumnTally
from pillars.feeds.parsing.readers import CHUNK_ROWS, SourceInfo, detect_format, read_csv, read_jsonl, read_xlsx
from pillars.privacy.normalise import digits, normalise_name
from pillars.privacy.tokens import Tokeniser


class Row(NamedTuple):
    """A good record: its source line and values in raw-table order (COPY text, None for NULL)."""

    line: int
    values: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that cannot be loaded: where, which field, the value as it may be shown, and why."""

    line: int
    field: str | None
    value_masked: str
    reason: str

    def describe(self) -> str:
        where = f"line {self.line}" + (f", field {self.field}" if self.field else "")
        shown = f" (value '{self.value_masked}')" if self.value_masked else ""
        return f"{where}: {self.reason}{shown}"


def column_converter(column: Column, tz_name: str, delivery: dt.date | None = None) -> conv.Converter:
    """The converter of one value of ``column`` (for a list: of the whole list)."""
    element = column.element_type
    if element == "enum":
        list_name = column.allowed_ref[len("codes.") :] if column.allowed_ref else None
        labels = code_labels(list_name) if list_name else None
        aliases = code_aliases(list_name) if list_name else None
        one = conv.enum_converter(column.allowed or (), labels, aliases)
    elif element == "county":
        one = conv.county_converter()
    elif element == "date":
        one = conv.date_converter(column.min, *column.latest(delivery))
    elif element == "timestamp":
        one = conv.timestamp_converter(tz_name, column.min, *column.latest(delivery))
    elif element == "integer":
        one = conv.integer_converter(column.min, column.max)
    elif element == "decimal":
        one = conv.decimal_converter(column.min, column.max)
    elif element == "boolean":
        one = conv.boolean_converter()
    else:
        one = conv.text_converter()
    return conv.list_converter(one) if column.type == "list" else one


def _part_normaliser(column: Column, transform: str | None) -> Callable[[str], str]:
    """How one converted identifier value becomes a token part (names lose case, accents, spacing)."""
    if transform == "initial":
        return lambda v: normalise_name(v)[:1]
    if transform == "digits":
        return digits
    if transform == "year":
        return lambda v: v[:4]
    if column.type == "text":
        return normalise_name
    return str


def _unbound(line: int, cells: list[str]) -> Row | Rejection:
    raise RuntimeError("RowValidator.bind() must be called before validating rows")


class HeaderBinding(NamedTuple):
    """How one file's header maps onto the contract."""

    sources: tuple[int, ...]  # per planned column: index into the cells, or -1 when absent
    width: int
    unknown: tuple[str, ...]


class RowValidator:
    """Validation of one feed, compiled once; call :meth:`bind` per file then :meth:`validate_cells`."""

    def __init__(
        self,
        contract: Contract,
        tokeniser: Tokeniser,
        *,
        timezone: str | None = None,
        delivery_date: dt.date | None = None,
    ) -> None:
        """``delivery_date``: the logical date of the delivery, which plausibility bounds are relative to
        (``max_days_after_delivery``); today in the council's time zone when not given."""
        self.contract = contract
        self.tokeniser = tokeniser
        tz_name = timezone or settings.council_timezone()
        stored = [c for c in contract.columns if c.stored]
        identifiers = [c for c in contract.columns if c.privacy == "direct_identifier"]
        self._planned: tuple[Column, ...] = tuple(stored + identifiers)
        self._n_stored = len(stored)
        stored_names = [c.name for c in stored]
        self.key_positions = tuple(stored_names.index(k) for k in contract.natural_key)
        delivery = delivery_date or dt.datetime.now(zoneinfo.ZoneInfo(tz_name)).date()
        self._converters = tuple(column_converter(c, tz_name, delivery) for c in self._planned)
        self._header_lookup: dict[str, str] = {}
        for column in contract.columns:
            for key in column.header_keys():
                self._header_lookup[key] = column.name
        position = {c.name: i for i, c in enumerate(self._planned)}
        used = sorted({position[p.column] for key in contract.match_keys for p in key.parts})
        slot = {index: n for n, index in enumerate(used)}
        specs = [
            (
                key.name,
                [
                    (slot[position[p.column]], _part_normaliser(contract.column(p.column), p.transform))
                    for p in key.parts
                ],
            )
            for key in contract.match_keys
        ]
        self._tokens = (tokens_function(specs, tokeniser.token), tuple(used)) if specs else None
        self.column_names = tuple(contract.data_column_names())
        self._binding: HeaderBinding | None = None
        self.row_function: Callable[[int, list[str]], Row | Rejection] = _unbound
        self.columnar: ArrowColumnarValidator | None = None
        self._mapping_keys: dict[str, str | None] = {}
        self._mapping_bound = False
        self.rejected = 0  # rejections produced by this validator's row function
        self._xlsx_column_types: dict[int, str] = {}
        self.mapping_header = [c.name for c in self._planned]

    # --- headers ----------------------------------------------------------------------------------
    def known_header_count(self, header: Iterable[str]) -> int:
        """How many header cells name a contract column (used to sniff the delimiter)."""
        return sum(1 for h in header if normalise_header(h) in self._header_lookup)

    def bind(self, header: Sequence[str], where: str) -> HeaderBinding:
        """Map a file header onto the contract; missing required or duplicated columns raise."""
        found: dict[str, int] = {}
        unknown: list[str] = []
        for index, label in enumerate(header):
            name = self._header_lookup.get(normalise_header(label))
            if name is None:
                unknown.append(label or f"(blank column {index + 1})")
                continue
            if name in found:
                first = header[found[name]]
                raise PillarsError(
                    f"{where}: line 1: columns '{first}' and '{label}' are both '{name}' (duplicated column)"
                )
            found[name] = index
        missing = [c.name for c in self.contract.required_columns if c.name not in found]
        if missing:
            hint = ""
            if len(header) == 1:
                hint = " (the header is a single field: is the delimiter one of , ; | TAB?)"
            raise PillarsError(f"{where}: line 1: missing required column(s) {', '.join(missing)}{hint}")
        width = len(header)
        sources = tuple(found.get(c.name, width) for c in self._planned)  # width -> the appended blank
        self._binding = HeaderBinding(sources, width, tuple(unknown))
        self._mapping_bound = list(header) == self.mapping_header
        self._xlsx_column_types = {
            src: column.element_type for src, column in zip(sources, self._planned, strict=True) if src < width
        }
        planned = [
            PlannedColumn(
                name=column.name,
                source=src if src < width else None,
                convert=convert,
                required=column.required,
                identifier=column.is_identifier,
                plain_text=column.type == "text",
            )
            for src, convert, column in zip(sources, self._converters, self._planned, strict=True)
        ]
        self.row_function = compile_row_function(planned, self._n_stored, self._tokens, width, Row, self._reject)
        self.columnar = ArrowColumnarValidator(
            planned, self._n_stored, self._tokens, width, self.row_function, self.key_positions,
            pg_types=[c.pg_type for c in self._planned[: self._n_stored]] + ["text"] * len(self.contract.match_keys),
        )  # fmt: skip
        return self._binding

    # --- rows -------------------------------------------------------------------------------------
    def _reject(self, line: int, field: str | None, value_masked: str, reason: str) -> Rejection:
        """Rejection factory of the row function; counts, since rejections are rare and rows are not."""
        self.rejected += 1
        return Rejection(line, field, value_masked, reason)

    def validate_cells(self, line: int, cells: list[str]) -> Row | Rejection:
        """One delimited record (cells aligned with the bound header) -> Row or Rejection."""
        return self.row_function(line, cells)

    def validate_mapping(self, line: int, record: Mapping[str, Any]) -> Row | Rejection:
        """One JSON object (JSONL line or API item), keys matched like headers -> Row or Rejection."""
        by_name: dict[str, str] = {}
        for key, value in record.items():
            name = self._mapping_keys.get(key, "")
            if name == "":
                name = self._header_lookup.get(normalise_header(key))
                self._mapping_keys[key] = name
            if name is None:
                continue
            if isinstance(value, dict):
                return self._reject(line, name, "", "nested object where a value was expected")  # counted
            by_name[name] = _json_text(value)
        if not self._mapping_bound:
            self.bind(self.mapping_header, "JSON record")
            self._mapping_bound = True
        return self.validate_cells(line, [by_name.get(n, "") for n in self.mapping_header])

    def is_known_header(self, label: str) -> bool:
        return normalise_header(label) in self._header_lookup

    def native_column(self, label: str) -> str | None:
        """The contract column a header spells by its name or an alias, or None."""
        return self._header_lookup.get(normalise_header(label))

    def add_header_spellings(self, spellings: Mapping[str, str | None]) -> None:
        """Extra header spellings (a partner mapping's renames; None: a column to skip), for JSON keys."""
        for label, name in spellings.items():
            self._header_lookup[normalise_header(label)] = name  # type: ignore[assignment]
        self._mapping_keys.clear()

    def header_keys(self) -> dict[str, str]:
        """Every normalised header spelling the contract knows -> its column (for drift hints)."""
        return dict(self._header_lookup)

    def validate_xlsx(self, line: int, cells: list[Any]) -> Row | Rejection:
        """One worksheet row of Python cell values -> Row or Rejection (Excel dates become ISO text)."""
        types = self._xlsx_column_types
        text = [_xlsx_text(value, types.get(i)) for i, value in enumerate(cells)]
        return self.validate_cells(line, text)


def _counting_cells(validate: Callable[[int, Any], Any], tally: ColumnTally) -> Callable[[int, Any], Any]:
    def counted(line: int, cells: Any) -> Any:
        tally.count_cells(cells)
        return validate(line, cells)

    return counted


def _counting_records(validate: Callable[[int, Any], Any], tally: ColumnTally) -> Callable[[int, Any], Any]:
    def counted(line: int, record: Any) -> Any:
        if isinstance(record, Mapping):
            tally.count_record(record)
        return validate(line, record)

    return counted


def _transforming(
    validate: Callable[[int, Any], Any],
    transform: Callable[[list[str]], list[str]],
    width: int,
    reject: Callable[[int, str | None, str, str], Rejection],
) -> Callable[[int, Any], Any]:
    """Validation of a record in the partner's layout: its width checked against the partner's header,
    then its cells rewritten by the mapping into the canonical ones the row function reads."""

    def mapped(line: int, cells: Any) -> Any:
        if len(cells) != width:
            n = len(cells)
            why = "(truncated line?)" if n < width else "(unquoted delimiter?)"
            return reject(line, None, "", f"row has {n} fields, the header has {width} {why}")
        return validate(line, transform([_cell_text(c) for c in cells]))

    return mapped


def _cell_text(value: object) -> str:
    return value if isinstance(value, str) else _xlsx_text(value, None)


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_json_text(v) for v in value)
    return str(value)


def _xlsx_text(value: object, element_type: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if element_type == "date" or (value.time() == dt.time() and element_type != "timestamp"):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if element_type in ("date", "timestamp"):
            try:
                return conv.excel_serial_to_iso(float(value))
            except conv.BadValue:
                return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)


class FeedFile:
    """One partner file opened against its contract: file-level checks now, rows on iteration.

    Opening raises :class:`PillarsError` (naming partner, file and line) for problems that make the
    whole file unreadable; iterating yields one Row or Rejection per record and counts both.
    """

    def __init__(
        self,
        path: Path,
        contract: Contract,
        *,
        tokeniser: Tokeniser,
        partner_id: str | None = None,
        fmt: str | None = None,
        mapping: PartnerMapping | None = None,
        delivery_date: dt.date | None = None,
    ) -> None:
        self.path = Path(path)
        self.contract = contract
        self.partner_id = partner_id
        self.mapping = mapping
        self.validator = RowValidator(contract, tokeniser, delivery_date=delivery_date)
        self._transform: Callable[[list[str]], list[str]] | None = None
        if mapping is not None and mapping.feed != contract.feed:
            raise PillarsError(f"mapping {mapping.name} is for feed {mapping.feed}, not {contract.feed}")
        self._seen = 0
        self._problems = 0
        self._time_limit = settings.file_time_limit()
        self._deadline = time.monotonic() + self._time_limit
        where = f"partner {partner_id}, file {self.path}" if partner_id else f"file {self.path}"
        self._where = where
        if not self.path.is_file():
            raise PillarsError(f"{where}: no such file")
        self.format = fmt or detect_format(self.path)
        if self.format not in contract.formats and not (self.format == "jsonl" and "json_api" in contract.formats):
            raise PillarsError(
                f"{where}: feed {contract.feed} is not sent as {self.format} (contract formats: "
                f"{', '.join(contract.formats)})"
            )
        try:
            if self.format == "csv":
                info, header, records = read_csv(
                    self.path,
                    self._header_score,
                    delimiter=mapping.delimiter if mapping else None,
                    encoding=mapping.encoding if mapping else None,
                )
            elif self.format == "jsonl":
                info, header, records = read_jsonl(self.path)
            elif self.format == "xlsx":
                info, header, records = read_xlsx(self.path, self._is_label_row)
            else:
                raise PillarsError(f"{where}: cannot read format '{self.format}' from a file")
        except PillarsError as exc:
            message = str(exc)
            if partner_id and not message.startswith("partner "):
                message = f"partner {partner_id}, {message}"
            raise PillarsError(message) from None
        self.info: SourceInfo = info
        self._records = records
        if self.format == "jsonl":
            self._bind_json(header, where)
        else:
            plan = plan_header(header, mapping, self.validator.native_column, where)
            self.validator.bind(plan.header, where)
            self._transform = plan.transform
            self._width = len(header)
            self.tally = ColumnTally(plan.unknown)
            self.ignored_columns = plan.ignored
        self.unknown_columns = tuple(self.tally.unknown.values())

    def _is_label_row(self, cells: list[str]) -> bool:
        """A row repeating header spellings in most of its filled cells: a template's label row."""
        filled = [c for c in cells if c]
        return len(filled) >= 3 and 2 * self._header_score(filled) >= len(filled)

    def _header_score(self, header: list[str]) -> int:
        """How many header cells the contract or the mapping knows (to sniff the delimiter)."""
        mapped = sum(1 for h in header if self.mapping.rule(h) is not None) if self.mapping else 0
        return self.validator.known_header_count(header) + mapped

    def _bind_json(self, header: list[str], where: str) -> None:
        """JSON keys are matched one record at a time; a mapping may only rename or ignore them."""
        mapping = self.mapping
        ignored: list[str] = []
        if mapping is not None:
            if mapping.rewrites_values:
                raise PillarsError(
                    f"{where}: mapping {mapping.name} rewrites values, which applies to csv and xlsx files only"
                )
            self.validator.add_header_spellings({r.header: r.to for r in mapping.rules.values()})
            ignored = [k for k in header if mapping.is_ignored(k)]
        known = self.validator.is_known_header
        self.tally = ColumnTally({i: k for i, k in enumerate(header) if k not in ignored and not known(k)})
        self.ignored_columns = tuple(ignored)
        self.validator.bind(self.validator.mapping_header, where)

    def unknown_cells(self) -> dict[str, int]:
        """Unknown column -> non-empty cells met so far (final once the rows have been read); a column
        without a header counts only when it held something (an empty one loses nothing)."""
        return {k: n for k, n in self.tally.counts.items() if n or not k.startswith("(blank column ")}

    @property
    def column_names(self) -> tuple[str, ...]:
        """Names of the values in each Row, in order (stored columns then match keys)."""
        return self.validator.column_names

    @property
    def rows_rejected(self) -> int:
        return self._problems + self.validator.rejected

    @property
    def rows_ok(self) -> int:
        return self._seen - self.rows_rejected

    def __iter__(self) -> Iterator[Row | Rejection]:
        """One Row or Rejection per record; the counts are final once the iteration ends."""
        validator = self.validator
        if self.format == "csv":
            validate: Callable[[int, Any], Row | Rejection] = validator.row_function
        elif self.format == "xlsx":
            validate = validator.validate_xlsx
        else:
            validate = validator.validate_mapping
            if self.tally:
                validate = _counting_records(validate, self.tally)
            return self._timed(self._records(validate, self._problem, self._done))
        if self._transform is not None:
            validate = _transforming(validate, self._transform, self._width, validator._reject)
        if self.tally:
            validate = _counting_cells(validate, self.tally)
        return self._timed(self._records(validate, self._problem, self._done))

    def _timed(self, items: Iterator[Any], every: int = 1024) -> Iterator[Any]:
        """``items``, checking the file's time limit every ``every`` of them."""
        try:
            for count, item in enumerate(items, start=1):
                yield item
                if not count % every:
                    self.check_time()
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    def check_time(self) -> None:
        """Raise once reading this file has taken longer than ``PILLARS_FILE_TIME_LIMIT_SECONDS``."""
        if time.monotonic() > self._deadline:
            raise PillarsError(
                f"{self._where}: reading took longer than {self._time_limit:g} s "
                "(PILLARS_FILE_TIME_LIMIT_SECONDS); the delivery is refused"
            )

    def copy_blocks(
        self,
        trailer: str,
        rows_per_block: int | None = None,
        *,
        arrow: bool = True,
        binary: BinaryTrailer | None = None,
    ) -> Iterator[CopyBlock]:
        """The file as blocks of COPY text, each line ending ``\t<trailer>\t<source line>``, with the
        block's rejections in line order; the counts are final once the iteration ends, as with plain
        iteration. A plain delimited file takes the Arrow path (which may raise FastPathAbandoned: then
        open the file again and pass ``arrow=False``), other delimited files the column-at-a-time path.

        With a ``binary`` trailer (the same metadata), the Arrow path gives binary COPY rows instead when
        every column has a binary form; ``CopyBlock.binary`` says which the blocks hold."""
        chunks = getattr(self._records, "chunks", None)  # only the delimited-text reader has them
        columnar = self.validator.columnar
        if chunks is None or columnar is None or self._transform is not None:
            yield from self._copy_blocks_by_row(trailer, rows_per_block or CHUNK_ROWS)
            return
        batches = self._records.arrow_batches() if arrow else None  # type: ignore[attr-defined]
        if batches is not None:
            binary = binary if columnar.binary_capable else None
            yield from self._copy_arrow_blocks(columnar, batches, trailer, rows_per_block, binary)
            return
        seen = 0
        try:
            for chunk in chunks(rows_per_block or CHUNK_ROWS):
                seen += len(chunk.rows) + len(chunk.problems)
                if self.tally:
                    self.tally.count_rows(chunk.rows)
                block = columnar.validate(chunk.starts, chunk.rows, trailer)
                if chunk.problems:
                    block.rejections.extend(self._problem(*problem) for problem in chunk.problems)
                    block.rejections.sort(key=lambda rejection: rejection.line)
                yield block
                self.check_time()
        finally:
            self._done(seen)

    def _copy_arrow_blocks(
        self,
        columnar: ArrowColumnarValidator,
        batches: Iterator[tuple[int, list[Any]]],
        trailer: str,
        rows_per_block: int | None,
        binary: BinaryTrailer | None,
    ) -> Iterator[CopyBlock]:
        seen = 0
        try:
            for first_line, fields in batches:
                rows = len(fields[0]) if fields else 0
                if self.tally:
                    self.tally.count_arrow(fields)
                step = rows_per_block or rows or 1
                for offset in range(0, rows, step):
                    part = [field.slice(offset, step) for field in fields] if step < rows else fields
                    seen += len(part[0])
                    yield columnar.validate_batch(first_line + offset, part, trailer, binary)
                self.check_time()
        finally:
            self._done(seen)

    def _copy_blocks_by_row(self, trailer: str, rows_per_block: int) -> Iterator[CopyBlock]:
        positions = self.validator.key_positions
        lines: list[str] = []
        numbers: list[int] = []
        rejections: list[Rejection] = []
        for outcome in self:
            if type(outcome) is Row:
                lines.append(f"{copy_line(outcome.values)[:-1]}\t{trailer}\t{outcome.line}")
                numbers.append(outcome.line)
            else:
                rejections.append(outcome)
            if len(lines) + len(rejections) >= rows_per_block:
                yield self._block(lines, numbers, rejections, positions)
                lines, numbers, rejections = [], [], []
        if lines or rejections:
            yield self._block(lines, numbers, rejections, positions)

    @staticmethod
    def _block(
        lines: list[str], numbers: list[int], rejections: list[Rejection], positions: tuple[int, ...]
    ) -> CopyBlock:
        if not positions:
            return CopyBlock("\n".join(lines), len(lines), rejections)
        keys = [key_of_line(line, positions) for line in lines]
        return CopyBlock("\n".join(lines), len(lines), rejections, keys, numbers)

    def _problem(self, line: int, field: str | None, reason: str) -> Rejection:
        self._problems += 1
        return Rejection(line, field, "", reason)

    def _done(self, count: int) -> None:
        self._seen += count


def open_feed_file(
    path: Path,
    feed: str | Contract,
    *,
    tokeniser: Tokeniser | None = None,
    partner_id: str | None = None,
    fmt: str | None = None,
    mapping: PartnerMapping | None = None,
    delivery_date: dt.date | None = None,
) -> FeedFile:
    """Open a partner file for validation; without a tokeniser, tokens use the key from the environment."""
    contract = feed if isinstance(feed, Contract) else get_contract(feed)
    return FeedFile(
        Path(path),
        contract,
        tokeniser=tokeniser or Tokeniser.from_env(),
        partner_id=partner_id,
        fmt=fmt,
        mapping=mapping,
        delivery_date=delivery_date,
    )
