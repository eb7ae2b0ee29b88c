"""The code lists (pillars, service categories, statutes, ...) stated once in ``codes.yml``.

Contracts point at a list by name (``allowed: codes.service_category``) so a value added here is accepted
by every feed, seed and report at the same time, and nothing restates a list.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pillars.errors import PillarsError
from pillars.feeds.declarations.yaml_file import read_yaml_mapping

CODES_FILE = Path(__file__).with_name("codes.yml")
CODE_REF_PREFIX = "codes."


_ALIASES: dict[Path, dict[str, dict[str, str]]] = {}


def _entry(path: Path, name: str, value: object, spec: object) -> tuple[str, list[str]]:
    """(label, aliases) of one code: ``value: label`` or ``value: {label: ..., aliases: [...]}``."""
    if isinstance(spec, dict):
        aliases = spec.get("aliases") or []
        if not isinstance(aliases, list):
            raise PillarsError(f"{path}: code list '{name}', value '{value}': aliases must be a list")
        return str(spec.get("label") or value), [str(a) for a in aliases]
    return str(spec), []


def _read(path: Path) -> dict[str, dict[str, str]]:
    data = read_yaml_mapping(path, "code lists", "code lists must be a mapping of list name to values")
    lists: dict[str, dict[str, str]] = {}
    for name, values in data.items():
        _refuse_yaml_keywords(path, name, values)
        if isinstance(values, dict):
            lists[str(name)] = {}
            for value, spec in values.items():
                label, aliases = _entry(path, str(name), value, spec)
                lists[str(name)][str(value)] = label
                for alias in aliases:
                    _ALIASES.setdefault(path, {}).setdefault(str(name), {})[alias] = str(value)
        elif isinstance(values, list):
            lists[str(name)] = {str(v): str(v) for v in values}
        else:
            raise PillarsError(f"{path}: code list '{name}' must be a list or a mapping of value to label")
        if not lists[str(name)]:
            raise PillarsError(f"{path}: code list '{name}' is empty")
    return lists


def _refuse_yaml_keywords(path: Path, name: object, values: object) -> None:
    """YAML reads an unquoted NO, Yes, On, Off or null as a boolean or None: Norway's ISO code would become
    'False' and be refused in every file. Such a code must be quoted in the file."""
    for value in values if isinstance(values, dict | list) else ():
        if isinstance(value, bool) or value is None:
            raise PillarsError(
                f"{path}: code list '{name}' has a value YAML reads as {value!r}: quote it (e.g. \"NO\")"
            )


@functools.cache
def _default_lists() -> dict[str, dict[str, str]]:
    return _read(CODES_FILE)


def code_lists(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Every code list: name -> canonical values in file order."""
    lists = _default_lists() if path is None else _read(path)
    return {name: tuple(values) for name, values in lists.items()}


def code_labels(name: str) -> dict[str, str]:
    """Value -> human label of one list, for docs, seeds and report legends."""
    try:
        return dict(_default_lists()[name])
    except KeyError:
        raise PillarsError(f"unknown code list '{name}' (see {CODES_FILE})") from None


def code_aliases(name: str) -> dict[str, str]:
    """Extra spellings partners use for codes of one list (alias -> canonical value), e.g. F -> female."""
    code_labels(name)
    return dict(_ALIASES.get(CODES_FILE, {}).get(name, {}))


def codes(name: str) -> tuple[str, ...]:
    """The canonical values of one list."""
    return tuple(code_labels(name))


def resolve_ref(ref: str, lists: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """``codes.<name>`` -> its values; raises naming the list when it does not exist."""
    lists = code_lists() if lists is None else lists
    if not ref.startswith(CODE_REF_PREFIX):
        raise PillarsError(f"'{ref}' is not a code-list reference (expected '{CODE_REF_PREFIX}<name>')")
    name = ref[len(CODE_REF_PREFIX) :]
    if name not in lists:
        raise PillarsError(f"unknown code list '{name}' (known: {', '.join(sorted(lists))})")
    return lists[name]
