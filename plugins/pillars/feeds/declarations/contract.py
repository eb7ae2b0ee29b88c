"""Feed contracts: the typed, validated form of ``contracts/<feed>.yml``.

A contract is read once and checked thoroughly at load (unknown types, unknown code lists, keys naming
columns that are never stored, ...) so that a mistake in a YAML file stops every consumer at the same
place with one clear line, instead of surfacing later as a wrong table or a silent parse.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pillars.errors import PillarsError
from pillars.feeds.declarations.codes import CODE_REF_PREFIX, code_lists
from pillars.feeds.declarations.yaml_file import read_yaml_mapping

CONTRACTS_DIR = Path(__file__).with_name("contracts")

COLUMN_TYPES = ("text", "integer", "decimal", "date", "timestamp", "boolean", "county", "enum", "list")
LIST_ITEM_TYPES = ("enum", "county", "text")
PRIVACY_CLASSES = ("none", "direct_identifier", "quasi_identifier", "drop")
MATCH_KEY_TRANSFORMS = ("initial", "digits", "year")
PHASES = ("I", "II")

PG_TYPES = {
    "text": "text",
    "integer": "integer",
    "decimal": "numeric",
    "date": "date",
    "timestamp": "timestamptz",
    "boolean": "boolean",
    "county": "text",
    "enum": "text",
    "list": "text[]",
}

# Batch metadata every raw table carries after the data columns, in this order.
METADATA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_batch_id", "uuid"),
    ("_partner_id", "text"),
    ("_source_file", "text"),
    ("_source_line", "integer"),
    ("_logical_date", "date"),
    ("_loaded_at", "timestamptz"),
)

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {
    "feed",
    "title",
    "description",
    "pillars",
    "phase",
    "formats",
    "natural_key",
    "updated_at",
    "columns",
    "match_keys",
}
_COLUMN_KEYS = {
    "name",
    "type",
    "required",
    "privacy",
    "aliases",
    "description",
    "allowed",
    "items",
    "min",
    "max",
    "max_days_after_delivery",
}


def normalise_header(text: str) -> str:
    """Header spelling -> comparison key: case, spaces, underscores and punctuation do not matter."""
    return "".join(ch for ch in str(text).casefold() if ch.isalnum())


@dataclass(frozen=True)
class Column:
    """One field of a feed, as the contract states it."""

    name: str
    type: str
    required: bool = False
    privacy: str = "none"
    aliases: tuple[str, ...] = ()
    description: str = ""
    allowed: tuple[str, ...] | None = None
    allowed_ref: str | None = None
    items: str | None = None
    min: Any = None
    max: Any = None
    max_days_after_delivery: int | None = None  # plausibility: not later than the delivery's date + N days

    def latest(self, delivery: dt.date | None) -> tuple[dt.date | None, str | None]:
        """The latest date a value may take for a delivery of logical date ``delivery``, and the words
        that explain it: the tighter of ``max`` and the delivery-relative bound."""
        relative = None
        if self.max_days_after_delivery is not None and delivery is not None:
            relative = delivery + dt.timedelta(days=self.max_days_after_delivery)
        if relative is None or (self.max is not None and self.max <= relative):
            return self.max, None
        days = self.max_days_after_delivery
        note = "the delivery's date" + (f" + {days} day{'s' if days != 1 else ''}" if days else "")
        return relative, f"implausible: after {note}"

    @property
    def stored(self) -> bool:
        """Direct identifiers become tokens and ``drop`` columns are discarded: neither is stored."""
        return self.privacy not in ("direct_identifier", "drop")

    @property
    def is_identifier(self) -> bool:
        """Values that must be masked wherever they would be echoed."""
        return self.privacy in ("direct_identifier", "drop")

    @property
    def pg_type(self) -> str:
        return PG_TYPES[self.type]

    @property
    def element_type(self) -> str:
        """The type each value has: the column type, or the item type of a list."""
        return (self.items or "text") if self.type == "list" else self.type

    def header_keys(self) -> tuple[str, ...]:
        """Normalised header spellings this column answers to: its name, then its aliases."""
        keys = [normalise_header(self.name)]
        keys += [normalise_header(a) for a in self.aliases]
        return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class MatchKeyPart:
    """A column feeding a match key, optionally reduced (``initial``, ``digits``, ``year``)."""

    column: str
    transform: str | None = None


@dataclass(frozen=True)
class MatchKey:
    """A privacy token built from normalised identifier parts; stored as a raw column of that name."""

    name: str
    parts: tuple[MatchKeyPart, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(p.column for p in self.parts)


@dataclass(frozen=True)
class Contract:
    """What a partner file of one feed looks like and how it lands in ``raw.<feed>``."""

    feed: str
    title: str
    description: str
    pillars: tuple[str, ...]
    phase: str
    formats: tuple[str, ...]
    natural_key: tuple[str, ...]
    updated_at: str | None
    columns: tuple[Column, ...]
    match_keys: tuple[MatchKey, ...] = ()
    path: Path | None = field(default=None, compare=False)

    @property
    def raw_table(self) -> str:
        return f"raw.{self.feed}"

    @property
    def stored_columns(self) -> tuple[Column, ...]:
        """Columns written to the raw table, in contract order."""
        return tuple(c for c in self.columns if c.stored)

    @property
    def direct_identifiers(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.privacy == "direct_identifier")

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise PillarsError(f"feed {self.feed}: no column '{name}'")

    def raw_table_columns(self) -> list[tuple[str, str]]:
        """(name, PostgreSQL type) of ``raw.<feed>``: stored columns, match-key tokens, batch metadata."""
        cols = [(c.name, c.pg_type) for c in self.stored_columns]
        cols += [(m.name, "text") for m in self.match_keys]
        cols += list(METADATA_COLUMNS)
        return cols

    def data_column_names(self) -> list[str]:
        """Names of the values a parsed row holds: stored columns then match keys (no metadata)."""
        return [c.name for c in self.stored_columns] + [m.name for m in self.match_keys]


class _ContractReader:
    """Turns one YAML mapping into a :class:`Contract`, raising on the first problem with its location."""

    def __init__(self, path: Path, lists: dict[str, tuple[str, ...]]) -> None:
        self.path = path
        self.lists = lists

    def fail(self, message: str) -> PillarsError:
        return PillarsError(f"{self.path}: {message}")

    def read(self) -> Contract:
        data = read_yaml_mapping(self.path, "contract")
        unknown = set(data) - _TOP_KEYS
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(unknown)}")
        for key in ("feed", "title", "pillars", "phase", "formats", "columns"):
            if key not in data:
                raise self.fail(f"missing required key '{key}'")
        feed = str(data["feed"])
        if feed != self.path.stem:
            raise self.fail(f"feed '{feed}' must match the file name '{self.path.stem}'")
        if not _SNAKE.match(feed):
            raise self.fail(f"feed name '{feed}' must be snake_case")
        pillars = self._codes(data["pillars"], "pillar", "pillars")
        formats = self._codes(data["formats"], "feed_format", "formats")
        phase = str(data["phase"])
        if phase not in PHASES:
            raise self.fail(f"phase '{phase}' must be one of {PHASES}")
        if not isinstance(data["columns"], list) or not data["columns"]:
            raise self.fail("columns must be a non-empty list")
        columns = tuple(self._column(i, c) for i, c in enumerate(data["columns"], start=1))
        self._check_unique(columns)
        by_name = {c.name: c for c in columns}
        natural_key = tuple(str(k) for k in (data.get("natural_key") or ()))
        for key in natural_key:
            if key not in by_name:
                raise self.fail(f"natural_key names unknown column '{key}'")
            if not by_name[key].stored:
                raise self.fail(f"natural_key column '{key}' is not stored (privacy {by_name[key].privacy})")
            if not by_name[key].required:
                # a record without its key cannot be told apart from others (and the loader's duplicate
                # check joins on the key, which never matches NULL)
                raise self.fail(f"natural_key column '{key}' must be required")
        updated_at = data.get("updated_at")
        if updated_at is not None:
            updated_at = str(updated_at)
            col = by_name.get(updated_at)
            if col is None or not col.stored or col.type not in ("timestamp", "date"):
                raise self.fail(f"updated_at '{updated_at}' must be a stored timestamp or date column")
        match_keys = self._match_keys(data.get("match_keys") or [], by_name)
        return Contract(
            feed=feed,
            title=str(data["title"]),
            description=" ".join(str(data.get("description") or "").split()),
            pillars=pillars,
            phase=phase,
            formats=formats,
            natural_key=natural_key,
            updated_at=updated_at,
            columns=columns,
            match_keys=match_keys,
            path=self.path,
        )

    def _codes(self, values: object, list_name: str, key: str) -> tuple[str, ...]:
        if not isinstance(values, list) or not values:
            raise self.fail(f"{key} must be a non-empty list")
        allowed = self.lists[list_name]
        for value in values:
            if str(value) not in allowed:
                raise self.fail(f"{key}: '{value}' is not one of {', '.join(allowed)}")
        return tuple(str(v) for v in values)

    def _column(self, index: int, raw: object) -> Column:
        if not isinstance(raw, dict) or "name" not in raw:
            raise self.fail(f"column #{index} must be a mapping with a name")
        name = str(raw["name"])
        where = f"column '{name}'"
        unknown = set(raw) - _COLUMN_KEYS
        if unknown:
            raise self.fail(f"{where}: unknown key(s) {sorted(unknown)}")
        if not _SNAKE.match(name) or name.startswith("match_key_"):
            raise self.fail(f"{where}: name must be snake_case and not start with 'match_key_'")
        ctype = str(raw.get("type", ""))
        if ctype not in COLUMN_TYPES:
            raise self.fail(f"{where}: unknown type '{ctype}' (one of {', '.join(COLUMN_TYPES)})")
        privacy = str(raw.get("privacy", "none"))
        if privacy not in PRIVACY_CLASSES:
            raise self.fail(f"{where}: unknown privacy '{privacy}' (one of {', '.join(PRIVACY_CLASSES)})")
        required = raw.get("required", False)
        if not isinstance(required, bool):
            raise self.fail(f"{where}: required must be true or false")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list):
            raise self.fail(f"{where}: aliases must be a list")
        allowed, allowed_ref = self._allowed(where, raw.get("allowed"))
        items = raw.get("items")
        if ctype == "list":
            items = str(items) if items is not None else ("enum" if allowed is not None else "text")
            if items not in LIST_ITEM_TYPES:
                raise self.fail(f"{where}: list items must be one of {', '.join(LIST_ITEM_TYPES)}")
        elif items is not None:
            raise self.fail(f"{where}: 'items' only applies to list columns")
        element = items if ctype == "list" else ctype
        if element == "enum" and allowed is None:
            raise self.fail(f"{where}: an enum needs 'allowed' (a list or codes.<name>)")
        if allowed is not None and element != "enum":
            raise self.fail(f"{where}: 'allowed' only applies to enum columns and enum lists")
        lo, hi = self._range(where, ctype, raw.get("min"), raw.get("max"))
        after_delivery = raw.get("max_days_after_delivery")
        if after_delivery is not None:
            if element not in ("date", "timestamp"):
                raise self.fail(f"{where}: max_days_after_delivery only applies to date and timestamp columns")
            if isinstance(after_delivery, bool) or not isinstance(after_delivery, int) or after_delivery < 0:
                raise self.fail(f"{where}: max_days_after_delivery must be a whole number of days, 0 or more")
        return Column(
            name=name,
            type=ctype,
            required=required,
            privacy=privacy,
            aliases=tuple(str(a) for a in aliases),
            description=" ".join(str(raw.get("description") or "").split()),
            allowed=allowed,
            allowed_ref=allowed_ref,
            items=items if ctype == "list" else None,
            min=lo,
            max=hi,
            max_days_after_delivery=after_delivery,
        )

    def _allowed(self, where: str, value: object) -> tuple[tuple[str, ...] | None, str | None]:
        if value is None:
            return None, None
        if isinstance(value, str):
            if not value.startswith(CODE_REF_PREFIX):
                raise self.fail(f"{where}: allowed '{value}' must be a list or codes.<name>")
            name = value[len(CODE_REF_PREFIX) :]
            if name not in self.lists:
                raise self.fail(f"{where}: unknown code list '{name}'")
            return self.lists[name], value
        if isinstance(value, list) and value:
            return tuple(str(v) for v in value), None
        raise self.fail(f"{where}: allowed must be a non-empty list or codes.<name>")

    def _range(self, where: str, ctype: str, lo: object, hi: object) -> tuple[Any, Any]:
        if lo is None and hi is None:
            return None, None
        numeric = ctype in ("integer", "decimal")
        temporal = ctype in ("date", "timestamp")
        if not (numeric or temporal):
            raise self.fail(f"{where}: min/max only apply to integer, decimal, date and timestamp columns")
        for bound in (lo, hi):
            if bound is None:
                continue
            if numeric and (isinstance(bound, bool) or not isinstance(bound, int | float)):
                raise self.fail(f"{where}: min/max must be numbers")
            if temporal and not isinstance(bound, dt.date):
                raise self.fail(f"{where}: min/max must be dates (YYYY-MM-DD)")
        if lo is not None and hi is not None and lo > hi:
            raise self.fail(f"{where}: min {lo} is greater than max {hi}")
        return lo, hi

    def _check_unique(self, columns: tuple[Column, ...]) -> None:
        seen_names: set[str] = set()
        seen_headers: dict[str, str] = {}
        for col in columns:
            if col.name in seen_names:
                raise self.fail(f"column '{col.name}' is declared twice")
            seen_names.add(col.name)
            for key in col.header_keys():
                other = seen_headers.get(key)
                if other is not None and other != col.name:
                    raise self.fail(f"header '{key}' would match both '{other}' and '{col.name}'")
                seen_headers[key] = col.name

    def _match_keys(self, raw: object, by_name: dict[str, Column]) -> tuple[MatchKey, ...]:
        if not isinstance(raw, list):
            raise self.fail("match_keys must be a list")
        keys: list[MatchKey] = []
        for entry in raw:
            if not isinstance(entry, dict) or "name" not in entry or not entry.get("parts"):
                raise self.fail("each match key needs a name and parts")
            name = str(entry["name"])
            if not name.startswith("match_key_") or not _SNAKE.match(name):
                raise self.fail(f"match key '{name}' must be snake_case and start with 'match_key_'")
            if name in {k.name for k in keys}:
                raise self.fail(f"match key '{name}' is declared twice")
            parts = []
            for spec in entry["parts"]:
                column, _, transform = str(spec).partition(":")
                if column not in by_name:
                    raise self.fail(f"match key '{name}': unknown column '{column}'")
                if transform and transform not in MATCH_KEY_TRANSFORMS:
                    raise self.fail(f"match key '{name}': unknown transform '{transform}'")
                parts.append(MatchKeyPart(column, transform or None))
            keys.append(MatchKey(name, tuple(parts)))
        return tuple(keys)


def load_contract(path: Path) -> Contract:
    """Read and validate one contract file."""
    return _ContractReader(Path(path), code_lists()).read()


@functools.cache
def _default_contracts() -> dict[str, Contract]:
    return _load_dir(CONTRACTS_DIR)


def _load_dir(directory: Path) -> dict[str, Contract]:
    files = sorted(Path(directory).glob("*.yml"))
    if not files:
        raise PillarsError(f"{directory}: no feed contracts (*.yml) found")
    contracts = {}
    for path in files:
        contract = load_contract(path)
        contracts[contract.feed] = contract
    return contracts


def load_contracts(directory: Path | None = None) -> dict[str, Contract]:
    """Every feed contract by feed name (the packaged ones unless ``directory`` is given)."""
    if directory is None:
        return dict(_default_contracts())
    return _load_dir(directory)


def get_contract(feed: str) -> Contract:
    """The contract of one feed; an unknown feed name is a user error listing the known ones."""
    contracts = _default_contracts()
    try:
        return contracts[feed]
    except KeyError:
        raise PillarsError(f"unknown feed '{feed}' (known: {', '.join(sorted(contracts))})") from None
