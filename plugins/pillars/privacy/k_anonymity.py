"""k-anonymity by generalisation then suppression (Sweeney's Datafly, as CTDC publishes its releases).

Every record's quasi-identifiers are grouped into *dimensions* (one column, or columns that only mean something
together, such as an age band's two ends). Each dimension has a ladder of ever coarser versions of its values,
the last of which blanks them all. The whole table climbs one rung at a time: a coarser band while one still
helps, else the rung that leaves the fewest records in combinations under k (ties: a band before a blank, then
the dimension with most distinct values), until the
records in combinations smaller than k are few (at most ``k`` or 5 %); those records then have their
quasi-identifiers blanked (suppressed), as CTDC does, rather than being dropped.
No record is ever removed: what changed is counted, cell by cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pillars.errors import PillarsError

Values = tuple[object, ...]
Rung = Callable[[Values], Values]


def blank(values: Values) -> Values:
    """The top of every ladder: nothing left to identify anyone."""
    return (None,) * len(values)


def exact(values: Values) -> Values:
    return values


@dataclass(frozen=True)
class Dimension:
    """Quasi-identifier columns generalised together; ``ladder[0]`` is exact, the last rung blanks."""

    columns: tuple[str, ...]
    ladder: tuple[Rung, ...] = (exact, blank)


@dataclass
class Outcome:
    """The anonymised records and what it took, for the person who publishes them."""

    rows: list[dict[str, object]]
    levels: dict[tuple[str, ...], int]
    cells_generalised: int = 0
    cells_blanked: int = 0
    records_suppressed: int = 0
    smallest_group: int = 0
    groups: int = 0
    notes: list[str] = field(default_factory=list)


def _hashable(value: object) -> object:
    return tuple(sorted(map(str, value))) if isinstance(value, list | tuple) else value


def group_key(row: dict[str, object], columns: Sequence[str]) -> tuple[object, ...]:
    """The combination of quasi-identifier values a record falls in (a list's order does not matter)."""
    return tuple(_hashable(row[c]) for c in columns)


def anonymise(rows: Sequence[dict[str, object]], dimensions: Sequence[Dimension], k: int) -> Outcome:
    """``rows`` k-anonymous over the columns of ``dimensions``: generalised, then suppressed; never dropped."""
    if 0 < len(rows) < k:
        raise PillarsError(f"only {len(rows)} record(s) in the range: fewer than k={k}, nothing can be published")
    levels = dict.fromkeys((d.columns for d in dimensions), 0)
    columns = [c for d in dimensions for c in d.columns]
    budget = max(k, len(rows) // 20)
    rungs: dict[tuple[tuple[str, ...], int], list[Values]] = {}  # each dimension's values at each rung, once
    hashed: dict[tuple[tuple[str, ...], int], list[tuple[object, ...]]] = {}  # the same, lists as sorted tuples

    def at_rung(d: Dimension, level: int) -> list[Values]:
        if (d.columns, level) not in rungs:
            rungs[d.columns, level] = [d.ladder[level](tuple(row[c] for c in d.columns)) for row in rows]
        return rungs[d.columns, level]

    def keys(d: Dimension, level: int) -> list[tuple[object, ...]]:
        if (d.columns, level) not in hashed:
            hashed[d.columns, level] = [tuple(map(_hashable, v)) for v in at_rung(d, level)]
        return hashed[d.columns, level]

    def under_k(at: dict[tuple[str, ...], int]) -> int:
        sizes = Counter(zip(*(keys(d, at[d.columns]) for d in dimensions), strict=True))
        return sum(n for n in sizes.values() if n < k)

    while (now := under_k(levels)) > budget:
        tries = []
        for d in dimensions:
            if levels[d.columns] == len(d.ladder) - 1:
                continue
            blanks = levels[d.columns] + 1 == len(d.ladder) - 1
            distinct = len(set(keys(d, levels[d.columns])))
            tries.append((under_k({**levels, d.columns: levels[d.columns] + 1}), blanks, -distinct, len(tries), d))
        if not tries:
            break
        coarsening = [t for t in tries if not t[1] and t[0] < now]  # a band before a blank, while it helps
        levels[min(coarsening or tries)[-1].columns] += 1

    current = []
    for i, row in enumerate(rows):
        new = dict(row)
        for d in dimensions:
            new.update(zip(d.columns, at_rung(d, levels[d.columns])[i], strict=True))
        current.append(new)

    _suppress(current, dimensions, columns, k)
    outcome = Outcome(rows=current, levels=levels)
    sizes = Counter(group_key(r, columns) for r in current)
    outcome.groups, outcome.smallest_group = len(sizes), min(sizes.values(), default=0)
    for before, after in zip(rows, current, strict=True):
        outcome.records_suppressed += bool(after.get("_suppressed"))
        after.pop("_suppressed", None)
        for c in columns:
            if before[c] is None or _hashable(before[c]) == _hashable(after[c]):
                continue
            if after[c] is None:
                outcome.cells_blanked += 1
            else:
                outcome.cells_generalised += 1
    return outcome


def _suppress(rows: list[dict[str, object]], dimensions: Sequence[Dimension], columns: list[str], k: int) -> None:
    """Blank the quasi-identifiers of every record in a group under k, until no such group is left.

    The blanked records join the all-blank group; while that group is itself under k, the next smallest group
    is blanked too, so the loop ends with every group at k or more (the table has at least k records).
    """
    while True:
        sizes = Counter(group_key(r, columns) for r in rows)
        targets = {key for key, n in sizes.items() if n < k}
        if not targets:
            return
        if len(targets) == 1 and all(v is None for v in next(iter(targets))):
            others = [key for key, n in sizes.items() if n >= k and any(v is not None for v in key)]
            targets = {min(others, key=sizes.__getitem__)}
        for row in rows:
            key = group_key(row, columns)
            if key in targets and any(v is not None for v in key):
                for d in dimensions:
                    row.update(zip(d.columns, blank(tuple(row[c] for c in d.columns)), strict=True))
                row["_suppressed"] = True
