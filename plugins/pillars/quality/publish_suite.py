"""The publish checkpoint's suites, derived from the warehouse catalogue, the dbt manifest and one file.

The marts and reporting models are still growing, so nothing here names a model: every table found in
``marts`` and ``reporting_next`` gets the generic rules (non-empty, dbt keys not null and unique, every
count of people outside 1..threshold, no identifier columns, row count not collapsing against the published
``reporting``). The few checks that must name a table live in ``expectations/publish_checks.yml``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pillars.errors import PillarsError
from pillars.quality.results import FAIL, SEVERITIES, WARN
from pillars.quality.rules import Rule, braces

LAYERS = ("staging", "marts", "reporting_next", "reporting")


@dataclass(frozen=True)
class Layers:
    """Schema of each layer; tests point the gate at schemas of their own."""

    staging: str = "staging"
    marts: str = "marts"
    reporting_next: str = "reporting_next"
    reporting: str = "reporting"

    def schema(self, layer: str) -> str:
        if layer not in LAYERS:
            raise PillarsError(f"unknown layer '{layer}' (one of {', '.join(LAYERS)})")
        return getattr(self, layer)

    def layer_of(self, schema: str) -> str | None:
        return next((layer for layer in LAYERS if self.schema(layer) == schema), None)


# (schema, table) -> column name -> data type
Catalogue = dict[tuple[str, str], dict[str, str]]


@dataclass(frozen=True)
class Missing:
    """A declared check whose relation is not built (yet): recorded as a warning."""

    table_name: str
    expectation: str
    column_name: str | None
    why: str


@dataclass
class PublishPlan:
    """Rules per relation to validate, and declared checks that could not be placed."""

    rules: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)
    missing: list[Missing] = field(default_factory=list)

    def add(self, relation: tuple[str, str], rule: Rule) -> None:
        self.rules.setdefault(relation, []).append(rule)


def load_checks(path: Path) -> dict[str, Any]:
    """The declarative checks file; a mistake in it is one clear line naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PillarsError(f"{path}: cannot read publish checks ({exc})") from None
    if not isinstance(data, dict):
        raise PillarsError(f"{path}: publish checks must be a YAML mapping")
    for key in ("freshness", "reconcile", "column_values"):
        for entry in data.get(key) or []:
            severity = entry.get("severity", FAIL)
            if severity not in SEVERITIES:
                raise PillarsError(f"{path}: {key}: severity '{severity}' must be one of {', '.join(SEVERITIES)}")
    return data


def manifest_keys(manifest_path: Path, layers: Layers) -> dict[tuple[str, str], dict[str, set[str]]]:
    """Key columns the dbt project declares: ``{relation: {"not_null": {...}, "unique": {...}}}``.

    From ``unique`` / ``not_null`` data tests and from column constraints of contracted models
    (``primary_key`` implies both). Relations are mapped onto ``layers`` by their dbt schema.
    """
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise PillarsError(f"{manifest_path}: cannot read the dbt manifest ({exc})") from None
    nodes = manifest.get("nodes", {})
    relations: dict[str, tuple[str, str]] = {}
    for node_id, node in nodes.items():
        if node.get("resource_type") != "model":
            continue
        layer = node.get("schema") if node.get("schema") in LAYERS else None
        if layer is None:
            continue
        relations[node_id] = (layers.schema(layer), node.get("alias") or node["name"])
    keys: dict[tuple[str, str], dict[str, set[str]]] = {}

    def add(node_id: str, kind: str, column: str) -> None:
        if node_id in relations and column:
            keys.setdefault(relations[node_id], {"not_null": set(), "unique": set()})[kind].add(column)

    for node in nodes.values():
        if node.get("resource_type") == "test":
            kind = (node.get("test_metadata") or {}).get("name")
            if kind in ("not_null", "unique"):
                add(node.get("attached_node") or "", kind, node.get("column_name") or "")
    for node_id in relations:
        for column, spec in (nodes[node_id].get("columns") or {}).items():
            for constraint in spec.get("constraints") or []:
                kind = constraint.get("type")
                if kind in ("not_null", "primary_key"):
                    add(node_id, "not_null", column)
                if kind in ("unique", "primary_key"):
                    add(node_id, "unique", column)
    return keys


def _like(pattern: str) -> str:
    return pattern.replace("_", r"\_").replace("*", "%")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def resolve(ref: str, layers: Layers, catalogue: Catalogue) -> tuple[str, str] | None:
    """``marts.fct_x`` or ``staging.stg_*x`` -> the one matching relation in the catalogue, or None."""
    layer, _, pattern = ref.partition(".")
    schema = layers.schema(layer)
    found = sorted(t for s, t in catalogue if s == schema and fnmatch.fnmatchcase(t, pattern))
    if len(found) > 1:
        raise PillarsError(f"publish checks: '{ref}' matches several relations: {', '.join(found)}")
    return (schema, found[0]) if found else None


def _count_columns(columns: dict[str, str], suppression: dict[str, Any]) -> Iterator[str]:
    suffix = suppression.get("companion_suffix", "_suppressed")
    patterns = suppression.get("name_patterns") or []
    numeric = ("integer", "bigint", "smallint", "numeric")
    for name, data_type in columns.items():
        if data_type not in numeric:
            continue
        if f"{name}{suffix}" in columns or any(fnmatch.fnmatchcase(name, p) for p in patterns):
            yield name


def generic_rules(
    relation: tuple[str, str],
    columns: dict[str, str],
    layer: str,
    checks: dict[str, Any],
    threshold: int,
    layers: Layers,
    catalogue: Catalogue,
) -> Iterator[Rule]:
    """Rules every table of ``layer`` (marts or reporting_next) gets, from its columns alone."""
    schema, table = relation
    row_count = checks.get("row_count") or {}
    if table in (row_count.get("may_be_empty") or []):
        yield Rule("ExpectTableRowCountToBeBetween", WARN, "row count (may be empty)", {"min_value": 0})
    else:
        yield Rule("ExpectTableRowCountToBeBetween", FAIL, "every table has rows", {"min_value": 1})
    for rule in checks.get("column_values") or []:
        if rule["column"] in columns and "regex" in rule:
            yield Rule("ExpectColumnValuesToMatchRegex", rule.get("severity", FAIL), "declared value rule",
                       {"column": rule["column"], "regex": rule["regex"]})  # fmt: skip
    if layer != "reporting_next":
        return
    published = (layers.reporting, table)
    share = row_count.get("max_drop_share")
    if share is not None and published in catalogue:
        query = (
            "select count(*) as candidate_rows from {batch} having count(*) <"
            f" {1 - float(share)} * (select count(*) from {layers.reporting}.{table})"
        )
        yield Rule("UnexpectedRowsExpectation", FAIL, f"rows not down by more than {share:.0%} on the published table",
                   {"unexpected_rows_query": braces(query)})  # fmt: skip
    forbidden = [c for c in columns if any(fnmatch.fnmatchcase(c, p) for p in checks.get("forbidden_columns") or [])]
    if forbidden:
        query = (
            "select column_name from information_schema.columns"
            f" where table_schema = {_sql_text(schema)} and table_name = {_sql_text(table)}"
            f" and column_name in ({', '.join(map(_sql_text, forbidden))}) and (select count(*) from {{batch}}) >= 0"
        )
        yield Rule("UnexpectedRowsExpectation", FAIL, "no tokens or identifiers in the reporting layer",
                   {"unexpected_rows_query": braces(query)})  # fmt: skip
    suppression = checks.get("suppression") or {}
    if table in (suppression.get("exempt_tables") or []):
        return
    hidden = list(range(1, threshold + 1))
    suffix = suppression.get("companion_suffix", "_suppressed")
    for name in _count_columns(columns, suppression):
        yield Rule("ExpectColumnValuesToNotBeInSet", FAIL, f"small cells (1 to {threshold}) are suppressed",
                   {"column": name, "value_set": hidden})  # fmt: skip
        if f"{name}{suffix}" in columns:
            query = braces(f"select 1 from {{batch}} where {name}{suffix} and {name} is not null")
            yield Rule("UnexpectedRowsExpectation", FAIL, f"{name} is NULL wherever {name}{suffix} is true",
                       {"unexpected_rows_query": query, "column": name})  # fmt: skip


def key_rules(keys: dict[str, set[str]], columns: dict[str, str]) -> Iterator[Rule]:
    for column in sorted(keys.get("not_null", set()) & set(columns)):
        yield Rule("ExpectColumnValuesToNotBeNull", FAIL, "key column (dbt test or constraint)", {"column": column})
    for column in sorted(keys.get("unique", set()) & set(columns)):
        yield Rule("ExpectColumnValuesToBeUnique", FAIL, "unique key (dbt test or constraint)", {"column": column})


def declared_rules(
    checks: dict[str, Any], layers: Layers, catalogue: Catalogue, logical_date: dt.date, plan: PublishPlan
) -> None:
    """Freshness per pillar and reconciliations between layers, placed on their tables' suites."""
    day = logical_date.isoformat()
    for item in checks.get("freshness") or []:
        relation = resolve(item["table"], layers, catalogue)
        severity = item.get("severity", FAIL)
        why = f"{item.get('pillar', '')} fresh: latest {item['column']} within {item['max_age_days']} days".strip()
        if relation is None:
            plan.missing.append(Missing(item["table"], "freshness", item["column"], f"{why}; table not built"))
            continue
        query = (
            f"select max({item['column']}) as latest from {{batch}} having max({item['column']}) is null"
            f" or max({item['column']})::date < date '{day}' - {int(item['max_age_days'])}"
        )
        plan.add(relation, Rule("UnexpectedRowsExpectation", severity, why,
                                {"unexpected_rows_query": braces(query), "column": item["column"]}))  # fmt: skip
    for item in checks.get("reconcile") or []:
        left = resolve(item["left"], layers, catalogue)
        right = resolve(item["right"], layers, catalogue)
        column = item["period_column"]
        if left is None or right is None:
            absent = item["left"] if left is None else item["right"]
            plan.missing.append(Missing(item["left"], "reconcile", column, f"{item['name']}; {absent} not built"))
            continue
        query = (
            f"select count(*) as left_rows from {{batch}} where {column} <= date '{day}' having count(*) <>"
            f" (select count(*) from {right[0]}.{right[1]} where {column} <= date '{day}')"
        )
        plan.add(left, Rule("UnexpectedRowsExpectation", item.get("severity", FAIL),
                            f"{item['name']}: equals {right[0]}.{right[1]}",
                            {"unexpected_rows_query": braces(query), "column": column}))  # fmt: skip


def plan_publish(
    catalogue: Catalogue,
    checks: dict[str, Any],
    keys: dict[tuple[str, str], dict[str, set[str]]],
    threshold: int,
    logical_date: dt.date,
    layers: Layers,
) -> PublishPlan:
    """Every rule of the publish checkpoint, per relation of marts and reporting_next."""
    plan = PublishPlan()
    for relation in sorted(catalogue):
        layer = layers.layer_of(relation[0])
        if layer not in ("marts", "reporting_next"):
            continue
        columns = catalogue[relation]
        for rule in generic_rules(relation, columns, layer, checks, threshold, layers, catalogue):
            plan.add(relation, rule)
        for rule in key_rules(keys.get(relation, {}), columns):
            plan.add(relation, rule)
    declared_rules(checks, layers, catalogue, logical_date, plan)
    return plan
