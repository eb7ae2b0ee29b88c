"""The dashboard spec (``dashboard.yml``): what each chart shows, read by the bundle builder and the BI test.

Validation enforces the suppression rule where it can be enforced: a measure marked ``suppressed`` may
not be summed, so a hidden cell can never be added up as 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from pillars.errors import PillarsError

SPEC_FILE = "dashboard.yml"
KINDS = ("bar", "table")
AGGREGATES = ("max", "sum")
PILLARS = ("Partner", "Prevent", "Protect", "Prosecute", "Provide support")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


@dataclass(frozen=True)
class Chart:
    key: str
    pillar: str
    title: str
    kind: str
    table: str
    axis: str
    measure: str
    suppressed: bool
    aggregate: str
    where: tuple[str, ...]

    @property
    def where_sql(self) -> str:
        return " and ".join(f"({w})" for w in self.where) or "true"

    @property
    def flag(self) -> str | None:
        """The ``<measure>_suppressed`` column, when the measure can be hidden."""
        return f"{self.measure}_suppressed" if self.suppressed else None


@dataclass(frozen=True)
class Dashboard:
    title: str
    slug: str
    charts: tuple[Chart, ...]

    @property
    def tables(self) -> list[str]:
        return sorted({c.table for c in self.charts})


def spec_path() -> Path:
    return Path(str(resources.files("pillars.bi") / SPEC_FILE))


def _chart(raw: object, where: str) -> Chart:
    if not isinstance(raw, dict):
        raise PillarsError(f"{where}: a chart must be a mapping")

    def field(name: str, default: object = None) -> object:
        value = raw.get(name, default)
        if value is None:
            raise PillarsError(f"{where}: field '{name}' is missing")
        return value

    chart = Chart(
        key=str(field("key")),
        pillar=str(field("pillar")),
        title=str(field("title")),
        kind=str(field("kind")),
        table=str(field("table")),
        axis=str(field("axis")),
        measure=str(field("measure")),
        suppressed=bool(raw.get("suppressed", False)),
        aggregate=str(raw.get("aggregate", "max")),
        where=tuple(str(w) for w in field("where", [])),  # type: ignore[union-attr]
    )
    for name in ("key", "table", "axis", "measure"):
        if not _IDENTIFIER.match(getattr(chart, name)):
            raise PillarsError(f"{where}: field '{name}' must be a lower-case identifier, got {getattr(chart, name)!r}")
    if not chart.table.startswith("rpt_"):
        raise PillarsError(f"{where}: field 'table' must name a reporting table (rpt_*), got {chart.table!r}")
    checks = (
        ("kind", chart.kind, KINDS),
        ("aggregate", chart.aggregate, AGGREGATES),
        ("pillar", chart.pillar, PILLARS),
    )
    for name, value, allowed in checks:
        if value not in allowed:
            raise PillarsError(f"{where}: field '{name}' must be one of {', '.join(allowed)}, got {value!r}")
    if chart.suppressed and chart.aggregate == "sum":
        raise PillarsError(
            f"{where}: field 'aggregate' cannot be sum for a suppressed measure (hidden cells are not 0)"
        )
    return chart


def load(path: Path | None = None) -> Dashboard:
    """The dashboard in ``path`` (default: the one in the repository), checked field by field."""
    path = path or spec_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PillarsError(f"{path}: cannot read the dashboard spec: {' '.join(str(exc).split())}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("charts"), list) or not raw["charts"]:
        raise PillarsError(f"{path}: expected a mapping with title, slug and a non-empty list 'charts'")
    charts = tuple(_chart(c, f"{path}: chart {i + 1}") for i, c in enumerate(raw["charts"]))
    keys = [c.key for c in charts]
    if len(set(keys)) != len(keys):
        raise PillarsError(f"{path}: chart keys must be unique, got {sorted(k for k in keys if keys.count(k) > 1)}")
    missing = set(PILLARS) - {c.pillar for c in charts}
    if missing:
        raise PillarsError(f"{path}: no chart for pillar(s) {', '.join(sorted(missing))}")
    for name in ("title", "slug"):
        if not raw.get(name):
            raise PillarsError(f"{path}: field '{name}' is missing")
    return Dashboard(title=str(raw["title"]), slug=str(raw["slug"]), charts=charts)
