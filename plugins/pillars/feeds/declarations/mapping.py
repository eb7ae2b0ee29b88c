"""Partner mappings: how one partner's own export lands in a feed contract, stated in YAML, not code.

Partners never send the contract's layout. A mapping (``mappings/<name>.yml``, named by a partner's feed
in ``partners.yml``) says which of the partner's headers is which contract column, how its values read
(``1`` -> ``Masculine``, ``Harris Co.`` -> ``Harris``), what a column holds when the partner leaves it out
(a partner that serves one county), how its dates are written, which of its columns carry nothing for us
(``ignore``), and how a published layout spreads one field over several (CTDC's banded years, its 0/1 flag
columns for a multiselect). A mapping is checked against its contract when it is read, like a contract.

A mapping of plain renames only changes which header cell binds to which column, so the file keeps every
parsing path; any rule that rewrites values turns into a cell transform and the file takes the row path.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pillars.errors import PillarsError
from pillars.feeds.declarations.contract import Column, Contract, get_contract, normalise_header
from pillars.feeds.declarations.yaml_file import read_yaml_mapping
from pillars.feeds.parsing.values import BadValue, code_key

MAPPINGS_DIR = Path(__file__).with_name("mappings")
IGNORE = "ignore"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"mapping", "feed", "description", "delimiter", "encoding", "columns", "constants", "missing"}
_RULE_KEYS = {"to", "values", "date_format", "band", "flag", "code"}
_DELIMITERS = {",": ",", ";": ";", "|": "|", "tab": "\t", "\t": "\t"}
_TRUE = frozenset({"1", "1.0", "true", "t", "yes", "y"})
_FALSE = frozenset({"0", "0.0", "false", "f", "no", "n"})
_BAND = re.compile(r"^\s*(-?\d+)\s*(?:(?:-{1,2}|–|to)\s*(-?\d+)|(\+))?\s*$")


@dataclass(frozen=True)
class Rule:
    """What one partner header becomes: a column (maybe with a value map or a date format), the two ends
    of a band, one code of a multiselect held as a 0/1 flag column, or nothing (``ignore``)."""

    header: str
    to: str | None = None
    values: dict[str, str | None] = field(default_factory=dict)  # code_key(partner value) -> canonical
    date_format: str | None = None
    band: tuple[str, str] | None = None
    flag: str | None = None
    code: str | None = None

    @property
    def ignored(self) -> bool:
        return self.to is None and self.band is None and self.flag is None

    @property
    def rename_only(self) -> bool:
        return self.to is not None and not self.values and self.date_format is None

    def targets(self) -> tuple[str, ...]:
        if self.band:
            return self.band
        return tuple(t for t in (self.to or self.flag,) if t)


@dataclass(frozen=True)
class Mapping:
    """A partner's layout of one feed (see the module docstring); ``rules`` keyed by normalised header."""

    name: str
    feed: str
    description: str
    rules: dict[str, Rule]
    constants: dict[str, str]
    missing: frozenset[str] = frozenset()  # cell values that mean "not recorded" (CTDC's -99): NULL
    delimiter: str | None = None
    encoding: str | None = None
    path: Path | None = None

    @property
    def rewrites_values(self) -> bool:
        """True when a rule or a constant changes cells, so the file needs the transform (row path)."""
        if self.constants or self.missing:
            return True
        return any(not (r.rename_only or r.ignored) for r in self.rules.values())

    def rule(self, header: str) -> Rule | None:
        return self.rules.get(normalise_header(header))

    def is_ignored(self, header: str) -> bool:
        rule = self.rule(header)
        return rule is not None and rule.ignored


class _MappingReader:
    """Turns one YAML mapping into a :class:`Mapping`, raising on the first problem with its location."""

    def __init__(self, path: Path, contract_of: Callable[[str], Contract]) -> None:
        self.path = path
        self.contract_of = contract_of

    def fail(self, message: str) -> PillarsError:
        return PillarsError(f"{self.path}: {message}")

    def read(self) -> Mapping:
        data = read_yaml_mapping(self.path, "mapping")
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(unknown)} (known: {', '.join(sorted(_TOP_KEYS))})")
        for key in ("mapping", "feed"):
            if key not in data:
                raise self.fail(f"missing required key '{key}'")
        name = str(data["mapping"])
        if not _NAME.match(name) or name != self.path.stem:
            raise self.fail(f"mapping '{name}' must be snake_case and match the file name '{self.path.stem}'")
        try:
            contract = self.contract_of(str(data["feed"]))
        except PillarsError as exc:
            raise self.fail(str(exc)) from None
        columns = data.get("columns") or {}
        if not isinstance(columns, dict):
            raise self.fail("columns must map partner headers to a column name, 'ignore' or a rule")
        rules: dict[str, Rule] = {}
        for header, spec in columns.items():
            rule = self._rule(contract, str(header), spec)
            key = normalise_header(rule.header)
            if key in rules:
                raise self.fail(f"header '{header}' is mapped twice (headers compare without case or spacing)")
            rules[key] = rule
        self._check_targets(contract, rules.values())
        constants = self._constants(contract, data.get("constants") or {}, rules.values())
        delimiter = data.get("delimiter")
        if delimiter is not None and str(delimiter) not in _DELIMITERS:
            raise self.fail(f"delimiter '{delimiter}' must be one of , ; | tab")
        encoding = data.get("encoding")
        if encoding is not None:
            try:
                "".encode(str(encoding))
            except LookupError:
                raise self.fail(f"unknown encoding '{encoding}'") from None
        missing = data.get("missing") or []
        if not isinstance(missing, list) or not all(isinstance(m, str | int) for m in missing):
            raise self.fail("missing must be a list of the values that mean 'not recorded' (e.g. ['-99'])")
        return Mapping(
            name=name,
            missing=frozenset(str(m).strip() for m in missing),
            feed=contract.feed,
            description=" ".join(str(data.get("description") or "").split()),
            rules=rules,
            constants=constants,
            delimiter=_DELIMITERS[str(delimiter)] if delimiter is not None else None,
            encoding=str(encoding) if encoding is not None else None,
            path=self.path,
        )

    def _column(self, contract: Contract, name: str, where: str) -> Column:
        for column in contract.columns:
            if column.name == name:
                return column
        raise self.fail(f"{where}: feed {contract.feed} has no column '{name}'")

    def _rule(self, contract: Contract, header: str, spec: object) -> Rule:
        where = f"header '{header}'"
        if spec == IGNORE:
            return Rule(header)
        if isinstance(spec, str):
            self._column(contract, spec, where)
            return Rule(header, to=spec)
        if not isinstance(spec, dict):
            raise self.fail(f"{where}: expected a column name, 'ignore' or a mapping of {sorted(_RULE_KEYS)}")
        unknown = set(spec) - _RULE_KEYS
        if unknown:
            raise self.fail(f"{where}: unknown key(s) {sorted(unknown)} (known: {', '.join(sorted(_RULE_KEYS))})")
        kinds = [k for k in ("to", "band", "flag") if k in spec]
        if len(kinds) != 1:
            raise self.fail(f"{where}: give exactly one of to, band or flag")
        if "band" in spec:
            band = spec["band"]
            if not isinstance(band, list) or len(band) != 2:
                raise self.fail(f"{where}: band must list two columns, [from, to]")
            for target in band:
                if self._column(contract, str(target), where).type != "integer":
                    raise self.fail(f"{where}: band column '{target}' must be an integer column")
            if set(spec) - {"band"}:
                raise self.fail(f"{where}: a band takes no other key")
            return Rule(header, band=(str(band[0]), str(band[1])))
        if "flag" in spec:
            column = self._column(contract, str(spec["flag"]), where)
            if column.type != "list" or column.element_type != "enum":
                raise self.fail(f"{where}: flag column '{column.name}' must be a list of codes")
            code = str(spec.get("code", ""))
            if code not in (column.allowed or ()):
                raise self.fail(f"{where}: unknown code '{code}' of {column.name} (one of {_hint(column)})")
            if set(spec) - {"flag", "code"}:
                raise self.fail(f"{where}: a flag takes only 'code'")
            return Rule(header, flag=column.name, code=code)
        column = self._column(contract, str(spec["to"]), where)
        values = self._values(column, spec.get("values"), where)
        date_format = spec.get("date_format")
        if date_format is not None:
            if column.element_type not in ("date", "timestamp"):
                raise self.fail(f"{where}: date_format only applies to date and timestamp columns")
            date_format = str(date_format)
            _check_date_format(date_format, lambda m: self.fail(f"{where}: {m}"))
        return Rule(header, to=column.name, values=values, date_format=date_format)

    def _values(self, column: Column, raw: object, where: str) -> dict[str, str | None]:
        if raw is None:
            return {}
        if not isinstance(raw, dict) or not raw:
            raise self.fail(f"{where}: values must map partner values to the column's values")
        values: dict[str, str | None] = {}
        for source, target in raw.items():
            if target is not None:
                target = str(target)
                if column.element_type == "enum":
                    target = self._code(column, target, f"{where}, value '{source}'")
            values[code_key(str(source))] = target
        return values

    def _code(self, column: Column, value: str, where: str) -> str:
        from pillars.feeds.parsing.validate import column_converter

        try:
            return column_converter(column, "UTC")(value)
        except BadValue:
            raise self.fail(f"{where}: unknown code '{value}' of {column.name} (one of {_hint(column)})") from None

    def _check_targets(self, contract: Contract, rules: Sequence[Rule] | Any) -> None:
        """Several headers may name one column (a layout's spellings over the years: ``yearOfRegistration``,
        ``yearRegister``); a file holding two of them is refused when its header is read."""
        plain: set[str] = set()
        flagged: set[str] = set()
        for rule in rules:
            (plain if rule.flag is None else flagged).update(rule.targets())
            for target in rule.targets():
                column = self._column(contract, target, f"header '{rule.header}'")
                if not column.stored and column.privacy != "direct_identifier":
                    raise self.fail(f"header '{rule.header}': column '{target}' is never stored (privacy drop)")
        both = sorted(plain & flagged)
        if both:
            raise self.fail(f"'{both[0]}' is both a column and a set of flags")

    def _constants(self, contract: Contract, raw: object, rules: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise self.fail("constants must map column names to one value")
        mapped = {t for rule in rules for t in rule.targets()}
        constants: dict[str, str] = {}
        for name, value in raw.items():
            column = self._column(contract, str(name), f"constant '{name}'")
            if column.name in mapped:
                raise self.fail(f"constant '{name}': the column is also mapped from a header")
            text = str(value)
            try:
                from pillars.feeds.parsing.validate import column_converter

                column_converter(column, "UTC")(text)
            except BadValue as exc:
                raise self.fail(f"constant '{name}': '{text}' does not fit the column ({exc})") from None
            constants[column.name] = text
        return constants


def _hint(column: Column) -> str:
    allowed = column.allowed or ()
    return ", ".join(allowed[:10]) + (", ..." if len(allowed) > 10 else "")


def _check_date_format(fmt: str, fail: Callable[[str], PillarsError]) -> None:
    if "%" not in fmt:
        raise fail(f"date_format '{fmt}' has no strftime directive (e.g. %m/%d/%Y)")
    sample = dt.datetime(2024, 11, 23, 13, 45, 56)
    try:
        parsed = dt.datetime.strptime(sample.strftime(fmt), fmt)
    except ValueError as exc:
        raise fail(f"date_format '{fmt}' cannot read its own dates ({exc})") from None
    if parsed.date() != sample.date():
        raise fail(f"date_format '{fmt}' does not hold a whole date (day, month and year)")


def load_mapping(path: Path, contract_of: Callable[[str], Contract] = get_contract) -> Mapping:
    """Read and validate one mapping file against its feed's contract."""
    return _MappingReader(Path(path), contract_of).read()


@functools.cache
def _packaged(name: str) -> Mapping:
    path = MAPPINGS_DIR / f"{name}.yml"
    if not path.is_file():
        known = sorted(p.stem for p in MAPPINGS_DIR.glob("*.yml"))
        raise PillarsError(f"unknown mapping '{name}' (known: {', '.join(known) or 'none'})")
    return load_mapping(path)


def get_mapping(name_or_path: str | Path) -> Mapping:
    """A packaged mapping by name (``mappings/<name>.yml``) or a mapping file by path."""
    text = str(name_or_path)
    if text.endswith((".yml", ".yaml")) or "/" in text:
        return load_mapping(Path(text))
    return _packaged(text)


def load_mappings() -> dict[str, Mapping]:
    """Every packaged mapping by name (each one validated)."""
    return {path.stem: _packaged(path.stem) for path in sorted(MAPPINGS_DIR.glob("*.yml"))}


# --- applying a mapping to a file header ---------------------------------------------------------


@dataclass(frozen=True)
class HeaderPlan:
    """How one file's header is read under a mapping.

    ``header`` is what the validator binds: the partner's header with renamed cells (rename-only), or the
    canonical column names the ``transform`` writes. ``unknown`` are the partner's columns nobody knows
    (schema drift), by index; ``ignored`` the ones the mapping declares ``ignore``."""

    header: list[str]
    transform: Callable[[list[str]], list[str]] | None
    unknown: dict[int, str]
    ignored: tuple[str, ...]


def plan_header(
    header: Sequence[str], mapping: Mapping | None, is_known: Callable[[str], str | None], where: str = "file"
) -> HeaderPlan:
    """Bind ``header`` through ``mapping`` (or none); ``is_known(label)`` names the contract column a
    header spells natively (name or alias), or None. Two headers landing in one column raise."""
    unknown: dict[int, str] = {}
    ignored: list[str] = []
    renamed: list[str] = []
    ops: list[tuple[str, int, Rule | None]] = []  # (target, source index, rule)
    flags: dict[str, list[tuple[int, str]]] = {}
    for index, label in enumerate(header):
        label = label or blank_label(index)  # a mapping may name a blank header this way, to ignore it
        rule = mapping.rule(label) if mapping is not None else None
        if rule is not None and rule.ignored:
            ignored.append(label)
            renamed.append("")
            continue
        if rule is not None:
            renamed.append(rule.to or "")
            if rule.flag is not None:
                flags.setdefault(rule.flag, []).append((index, rule.code or ""))
            elif rule.band is not None:
                ops.append((rule.band[0], index, rule))
                ops.append((rule.band[1], index, rule))
            else:
                ops.append((rule.to or "", index, rule))
            continue
        native = is_known(label)
        if native is None:
            unknown[index] = label
            renamed.append("")
            continue
        renamed.append(label)
        ops.append((native, index, None))
    first: dict[str, int] = {}
    for target, index, _ in ops:
        if target in first and first[target] != index:
            raise PillarsError(
                f"{where}: line 1: columns '{header[first[target]]}' and '{header[index]}' are both '{target}'"
                " (duplicated column)"
            )
        first.setdefault(target, index)
    if mapping is None or not mapping.rewrites_values:
        return HeaderPlan(renamed, None, unknown, tuple(ignored))
    present = {target for target, _, _ in ops} | set(flags)
    constants = {name: value for name, value in mapping.constants.items() if name not in present}  # fill gaps only
    names = [target for target, _, _ in ops] + list(flags) + list(constants)
    steps = [_cell_step(index, rule, target) for target, index, rule in ops]
    steps += [_flag_step(sources) for sources in flags.values()]
    steps += [_constant_step(value) for value in constants.values()]

    missing = mapping.missing

    def transform(cells: list[str]) -> list[str]:
        """Canonical cells of one record (the caller has checked its width against the header)."""
        if missing:
            cells = ["" if c.strip() in missing else c for c in cells]
        return [step(cells) for step in steps]

    return HeaderPlan(names, transform, unknown, tuple(ignored))


def blank_label(index: int) -> str:
    """How a column without a header is named in messages, the ledger and mappings."""
    return f"(blank column {index + 1})"


def _cell_step(index: int, rule: Rule | None, target: str) -> Callable[[list[str]], str]:
    if rule is None or rule.rename_only:
        return lambda cells: cells[index]
    if rule.band is not None:
        low = target == rule.band[0]
        return lambda cells: band_end(cells[index], low=low)
    values, date_format = rule.values, rule.date_format

    def step(cells: list[str]) -> str:
        raw = cells[index].strip()
        if not raw:
            return ""
        if values:
            key = code_key(raw)
            if key in values:
                mapped = values[key]
                return "" if mapped is None else mapped
        if date_format is not None:
            try:
                return dt.datetime.strptime(raw, date_format).isoformat(sep=" ")
            except ValueError:
                return raw  # the column's own converter explains what is wrong with it
        return raw

    return step


def band_end(raw: str, *, low: bool) -> str:
    """One end of a band as published: ``2014-2018`` and ``0--29`` give both ends, ``48+`` an open top,
    ``2016`` the same year at both ends; anything else is passed on for the column to refuse."""
    match = _BAND.match(raw)
    if match is None:
        return raw
    first, second, open_top = match.groups()
    if low:
        return first
    if open_top:
        return ""
    return second or first


def _flag_step(sources: list[tuple[int, str]]) -> Callable[[list[str]], str]:
    """A multiselect spread over 0/1 columns: the codes whose flag is set, ``;``-joined; blank when every
    flag is blank (unknown); an explicit 0 everywhere is an empty selection, also NULL in a list column."""

    def step(cells: list[str]) -> str:
        picked = []
        for index, code in sources:
            flag = cells[index].strip().casefold()
            if flag in _TRUE:
                picked.append(code)
            elif flag and flag not in _FALSE:
                picked.append(cells[index].strip())  # not 0/1: the list column refuses it by name
        return ";".join(picked)

    return step


def _constant_step(value: str) -> Callable[[list[str]], str]:
    return lambda cells: value
