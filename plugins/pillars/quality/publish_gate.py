"""The publish checkpoint: validate ``marts`` and ``reporting_next`` before ``reporting`` is swapped.

One GX checkpoint, one validation per table (a whole-table batch of a SQL table asset, so every check
runs in PostgreSQL), suites planned by :mod:`pillars.quality.publish_suite`. Every outcome goes to
``ops.quality_results`` and the Data Docs; the result names each failed expectation with its table, which
is what the alert and ``ops.publications`` say when publishing is blocked.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

from pillars import settings
from pillars.quality import context
from pillars.quality.publish_suite import Catalogue, Layers, load_checks, manifest_keys, plan_publish
from pillars.quality.results import FAIL, WARN, GateResult, Outcome, record
from pillars.quality.rules import to_expectation
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

CHECKPOINT = "publish"
SUITE_PREFIX = "publish"


def checks_file() -> Path:
    return context.expectations_root() / "publish_checks.yml"


def manifest_file() -> Path:
    return settings.dbt_manifest()


def read_catalogue(layers: Layers) -> Catalogue:
    """Tables and views of every layer, with their columns, as the transformer sees them."""
    schemas = [layers.staging, layers.marts, layers.reporting_next, layers.reporting]
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        rows = conn.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns"
            " where table_schema = any(%s) order by table_schema, table_name, ordinal_position",
            (schemas,),
        ).fetchall()
    catalogue: Catalogue = {}
    for schema, table, column, data_type in rows:
        catalogue.setdefault((schema, table), {})[column] = data_type
    return catalogue


def run_publish_gate(
    logical_date: date,
    layers: Layers | None = None,
    checks_path: Path | None = None,
    manifest_path: Path | None = None,
    build_docs: bool = True,
) -> GateResult:
    """Validate the candidate reporting state for ``logical_date``; ``success`` False blocks publishing.

    ``layers``, ``checks_path`` and ``manifest_path`` default to the real schemas, the committed
    ``expectations/publish_checks.yml`` and the dbt manifest; tests point them elsewhere.
    """
    started = time.perf_counter()
    layers = layers or Layers()
    checks = load_checks(checks_path or checks_file())
    catalogue = read_catalogue(layers)
    keys = manifest_keys(manifest_path or manifest_file(), layers)
    threshold = settings.suppression_threshold()
    plan = plan_publish(catalogue, checks, keys, threshold, logical_date, layers)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    run_id = f"{CHECKPOINT}:{logical_date.isoformat()}:{stamp}"

    outcomes: list[Outcome] = []
    if not any(schema == layers.reporting_next for schema, _ in catalogue):
        outcomes.append(Outcome(layers.reporting_next, "candidate_exists", None, False, FAIL, "no tables",
                                "the dbt build produced no reporting_next tables"))  # fmt: skip
    for item in plan.missing:
        outcomes.append(
            Outcome(item.table_name, item.expectation, item.column_name, False, WARN, "not built", item.why)
        )
    if plan.rules:
        outcomes += _validate(plan.rules, logical_date, run_id, build_docs)
    result = GateResult(run_id, CHECKPOINT, f"{SUITE_PREFIX}.*", outcomes, logical_date)
    record(result)
    result.docs_index = str(context.docs_index()) if build_docs else None
    result.seconds = time.perf_counter() - started
    return result


def _validate(rules: dict, logical_date: date, run_id: str, build_docs: bool) -> list[Outcome]:
    import great_expectations as gx

    ctx = context.gx_context()
    source = context.datasource(credentials.TRANSFORMER_ROLE)
    validations = []
    assets = []
    for (schema, table), table_rules in rules.items():
        name = f"{schema}.{table}"
        suite = ctx.suites.add_or_update(
            gx.ExpectationSuite(name=f"{SUITE_PREFIX}.{name}", expectations=[to_expectation(r) for r in table_rules])
        )
        # a query asset, not a table asset: GX 1.x deprecates schema_name on table assets
        asset = context.add_query_asset(source, name, f'select * from "{schema}"."{table}"')
        assets.append(name)
        validations.append(context.Validation(name, asset.add_batch_definition_whole_table("table"), suite))
    try:
        return context.run_checkpoint(
            CHECKPOINT, validations, run_name=f"publish-{logical_date}", build_docs=build_docs
        )
    finally:
        for name in assets:
            source.delete_asset(name)
