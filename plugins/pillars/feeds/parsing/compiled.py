"""Code generation of the per-row validation function of one (contract, file header) pair.

A generic loop over columns spends most of its time unpacking its own plan; unrolling the plan into a
straight-line Python function (as ``dataclasses`` does for ``__init__``) roughly doubles throughput.
The generated source is plain and inspectable (``row_function.__source__``); only names from the
namespace below and column indexes appear in it -- never partner data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pillars.feeds.parsing.values import BadValue, Converter
from pillars.memo import remember
from pillars.privacy.masking import MASK, mask_value

MISSING = "required value is missing"
TOKEN_CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class PlannedColumn:
    """One value the row function produces: where it comes from and how it is converted."""

    name: str
    source: int | None  # index into the cells; None when the file lacks the column
    convert: Converter
    required: bool
    identifier: bool
    plain_text: bool  # text columns skip the converter call


TokenSpec = tuple[str, Sequence[tuple[int, Callable[[str], str]]]]


def tokens_function(
    keys: Sequence[TokenSpec], token: Callable[[str, list[str]], str]
) -> Callable[[tuple[str | None, ...]], tuple[str | None, ...]]:
    """All match-key tokens of a row from the identifier values it uses, memoised on those values.

    ``keys`` holds, per match key, its name and (position in the values tuple, normaliser) per part.
    One memo lookup per row serves every key; people repeat within a file, so most rows hit it.
    """
    cache: dict[tuple[str | None, ...], tuple[str | None, ...]] = {}
    derive = _compile_derive(keys, token)

    def compute(values: tuple[str | None, ...]) -> tuple[str | None, ...]:
        hit = cache.get(values)
        if hit is not None:
            return hit
        return remember(cache, values, derive(values), TOKEN_CACHE_LIMIT)

    compute.cache = cache  # type: ignore[attr-defined]  # read directly by generated row functions
    compute.derive = derive  # type: ignore[attr-defined]  # uncached, for callers keeping their own memo
    return compute


def _compile_derive(
    keys: Sequence[TokenSpec], token: Callable[[str, list[str]], str]
) -> Callable[[tuple[str | None, ...]], tuple[str | None, ...]]:
    """``derive(values) -> tokens`` as straight-line code: each distinct (position, normaliser) pair is
    computed once (an absent value is ''), and a key whose any part is empty has no token (None)."""
    pieces: dict[tuple[int, Callable[[str], str]], str] = {}
    namespace: dict[str, Any] = {"token": token}
    lines = ["def derive(values):"]
    results = []
    for key_index, (key_name, parts) in enumerate(keys):
        names = []
        for position, normaliser in parts:
            name = pieces.get((position, normaliser))
            if name is None:
                name = pieces[(position, normaliser)] = f"p{len(pieces)}"
                namespace[f"n_{name}"] = normaliser
                lines.append(f"    v = values[{position}]")
                lines.append(f"    {name} = n_{name}(v) if v is not None else ''")
            names.append(name)
        namespace[f"key{key_index}"] = key_name
        condition = " and ".join(names)
        lines.append(f"    t{key_index} = token(key{key_index}, [{', '.join(names)}]) if {condition} else None")
        results.append(f"t{key_index}")
    lines.append(f"    return ({', '.join(results)},)")
    return _define(lines, namespace, "derive")


def compile_row_function(
    columns: Sequence[PlannedColumn],
    n_stored: int,
    tokens: tuple[Callable[[tuple[str | None, ...]], tuple[str | None, ...]], Sequence[int]] | None,
    width: int,
    make_row: Callable[[int, tuple[str | None, ...]], Any],
    make_rejection: Callable[[int, str | None, str, str], Any],
) -> Callable[[int, list[str]], Any]:
    """Build ``f(line, cells) -> Row | Rejection`` for cells aligned with a header of ``width`` fields."""
    namespace: dict[str, Any] = {
        "BadValue": BadValue,
        "Row": make_row,
        "new": tuple.__new__,
        "Rejection": make_rejection,
        "mask_value": mask_value,
        "MASK": MASK,
        "MISSING": MISSING,
        "WIDTH": width,
    }
    lines = [
        "def row_function(line, cells):",
        "    if len(cells) != WIDTH:",
        "        n = len(cells)",
        "        return Rejection(line, None, '', f'row has {n} fields, the header has {WIDTH} ' + "
        "('(truncated line?)' if n < WIDTH else '(unquoted delimiter?)'))",
    ]
    for i, col in enumerate(columns):
        v = f"v{i}"
        name = repr(col.name)
        masked = "MASK" if col.identifier else "mask_value(raw, identifier=False)"
        if col.source is None:
            lines.append(f"    {v} = None")
            continue
        cache = None if col.plain_text else getattr(col.convert, "cache", None)
        if cache is not None:
            # Fast path: the untouched cell is usually already in the converter's cache.
            namespace[f"k{i}"] = cache
            namespace[f"c{i}"] = col.convert
            lines.append(f"    raw = cells[{col.source}]")
            lines.append(f"    {v} = k{i}.get(raw)")
            lines.append(f"    if {v} is None:")
            lines.append("        raw = raw.strip()")
            lines.append("        if raw:")
            lines.append("            try:")
            lines.append(f"                {v} = c{i}(raw)")
            lines.append("            except BadValue as exc:")
            lines.append(f"                return Rejection(line, {name}, {masked}, str(exc))")
            if col.required:
                lines.append("        else:")
                lines.append(f"            return Rejection(line, {name}, '', MISSING)")
            continue
        lines.append(f"    raw = cells[{col.source}].strip()")
        lines.append("    if raw:")
        if col.plain_text:
            lines.append("        if '\\x00' in raw:")
            lines.append(f"            return Rejection(line, {name}, {masked}, 'NUL character in text')")
            lines.append(f"        {v} = raw")
        else:
            namespace[f"c{i}"] = col.convert
            lines.append("        try:")
            lines.append(f"            {v} = c{i}(raw)")
            lines.append("        except BadValue as exc:")
            lines.append(f"            return Rejection(line, {name}, {masked}, str(exc))")
        lines.append("    else:")
        if col.required:
            lines.append(f"        return Rejection(line, {name}, '', MISSING)")
        else:
            lines.append(f"        {v} = None")
    values = ", ".join(f"v{i}" for i in range(n_stored))
    if tokens is None:
        lines.append(f"    return new(Row, (line, ({values},)))")
    else:
        # One inline memo lookup for all tokens of the row; compute (and memoise) only on a miss.
        function, indexes = tokens
        namespace["tf"] = function
        namespace["tc"] = function.cache  # type: ignore[attr-defined]
        lines.append(f"    key = ({', '.join(f'v{i}' for i in indexes)},)")
        lines.append("    toks = tc.get(key)")
        lines.append("    if toks is None:")
        lines.append("        toks = tf(key)")
        lines.append(f"    return new(Row, (line, ({values},) + toks))")
    return _define(lines, namespace, "row_function")


def _define(lines: list[str], namespace: dict[str, Any], name: str) -> Callable[..., Any]:
    """The generated function ``name`` from its source lines, keeping the source inspectable."""
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<pillars {name}>", "exec"), namespace)  # noqa: S102 - generated, no data
    function = namespace[name]
    function.__source__ = source
    return function
