"""One Great Expectations context per process, rooted at ``expectations/``.

Suites are built in code from the feed contracts and the catalogue, so nothing about them is stored: the
context is ephemeral (in-memory suites, validation definitions and checkpoints; no YAML rewritten by
concurrent Airflow tasks). Only validation results and the rendered Data Docs are written, under the
git-ignored ``expectations/uncommitted/``, so the docs keep a history across runs. Creating the context
costs milliseconds once GX is imported; importing GX costs seconds, hence once per process.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pillars import settings
from pillars.quality import bounds
from pillars.quality.results import FAIL, FROM_GX_SEVERITY, Outcome, observed_text
from pillars.warehouse import credentials

if TYPE_CHECKING:
    from great_expectations.data_context import AbstractDataContext
    from great_expectations.datasource.fluent import PostgresDatasource

DATASOURCE = "warehouse"
DOCS_SITE = "local_site"
# Validation results kept per suite for Data Docs; the full history is ops.quality_results. Bounded so the
# site index (which reads every stored result) stays fast after months of nightly batches.
DOCS_HISTORY = 10
INDEX_LIMIT = 200
# Counts and observed values only: unexpected row values (tokens, quasi-identifiers) stay in the warehouse.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 0, "include_unexpected_rows": False}

log = logging.getLogger("pillars.quality")


def expectations_root() -> Path:
    """The GX project folder: ``PILLARS_EXPECTATIONS_DIR`` (tests), else ``expectations/`` in the checkout."""
    return Path(os.environ.get("PILLARS_EXPECTATIONS_DIR") or settings.expectations_dir()).resolve()


def uncommitted_dir() -> Path:
    return expectations_root() / "uncommitted"


def docs_index() -> Path:
    """Where the Data Docs site's front page is (it exists once a gate has run or ``build_docs`` was called)."""
    return uncommitted_dir() / "data_docs" / DOCS_SITE / "index.html"


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # no phoning home from a warehouse host
    for name in ("great_expectations", "great_expectations.core", "great_expectations.datasource"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # A failed check query reaches the gate's result (observed "error: ...", or a cancelled gate's one-line
    # error); GX also logs it with a whole traceback, which would be a traceback on the CLI's stderr.
    logging.getLogger("great_expectations.execution_engine").setLevel(logging.CRITICAL)


@functools.cache
def _context_for(root: str) -> AbstractDataContext:
    _quiet_gx()
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    defaults = InMemoryStoreBackendDefaults()
    defaults.stores[defaults.validation_results_store_name] = {
        "class_name": "ValidationResultsStore",
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(Path(root) / "uncommitted" / "validations"),
        },
    }
    config = DataContextConfig(
        store_backend_defaults=defaults,
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
        data_docs_sites={
            DOCS_SITE: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(Path(root) / "uncommitted" / "data_docs" / DOCS_SITE),
                },
                "site_index_builder": {
                    "class_name": "DefaultSiteIndexBuilder",
                    "validation_results_limit": INDEX_LIMIT,
                },
            }
        },
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def gx_context() -> AbstractDataContext:
    """The process's GX context (created on first use)."""
    return _context_for(str(expectations_root()))


@functools.cache
def _datasource_for(root: str, url: str) -> PostgresDatasource:
    context = _context_for(root)
    name = f"{DATASOURCE}_{len(context.data_sources.all())}"
    engine_kwargs = {"connect_args": bounds.connect_args()}  # every check bounded in time (quality.bounds)
    return context.data_sources.add_postgres(name, connection_string=url, kwargs=engine_kwargs)


def datasource(role: str = credentials.TRANSFORMER_ROLE) -> PostgresDatasource:
    """A PostgreSQL datasource as ``role``: the checks run as SQL in the warehouse, never in pandas."""
    url = credentials.url(role, driver="postgresql+psycopg")
    return _datasource_for(str(expectations_root()), url)


def add_query_asset(source: PostgresDatasource, name: str, query: str) -> Any:
    """A query asset (replacing one of the same name) whose column names GX reads without running it.

    GX learns a query asset's columns by running the bare query and fetching every row: a whole batch,
    250 MB and 2.8 s at 1,000,000 rows. The asset's text starts with a marker, and the engine sends that
    one statement with ``limit 0`` (the checks embed the query as a subquery, so they never start with it).
    ``query`` is a ``select``, as GX requires.
    """
    from sqlalchemy import event

    if name in source.get_asset_names():
        source.delete_asset(name)
    asset = source.add_query_asset(name, query=f"select {COLUMNS_ONLY} {query.split(None, 1)[1]}")
    engine = source.get_execution_engine().engine
    if not event.contains(engine, "before_cursor_execute", _columns_only):
        event.listen(engine, "before_cursor_execute", _columns_only, retval=True)
    return asset


COLUMNS_ONLY = "/* pillars: column names only */"
_BARE = f"select {COLUMNS_ONLY}"


def _columns_only(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> Any:
    if statement.startswith(_BARE):
        statement = f"select * from ({statement}) as columns_only limit 0"
    return statement, parameters


@dataclass(frozen=True)
class Validation:
    """One batch to validate with one suite; ``table_name`` is how results name it."""

    table_name: str
    batch_definition: Any
    suite: Any


def run_checkpoint(
    name: str,
    validations: Iterable[Validation],
    run_name: str,
    build_docs: bool = True,
    parameters: dict[str, Any] | None = None,
    index_on_success: bool = True,
) -> list[Outcome]:
    """Run a checkpoint over the validations; every expectation's outcome, in suite order.

    Validation results go to the filesystem store (for Data Docs); the validation definitions and the
    checkpoint itself are transient, removed afterwards so a long-lived process does not accumulate them.
    Data Docs are rendered once for the whole run, not by GX's ``UpdateDataDocsAction`` (which rebuilds the
    site index once per validation: 30 tables cost 15 s), and a rendering error never fails a gate.
    ``parameters`` fill the suites' ``$PARAMETER`` values for this run. ``index_on_success=False`` renders
    the pages of a run no ``fail`` expectation failed (warnings may have) but leaves the site index (which
    reads every stored result) to the next run that rebuilds it: a partner's nightly batch that passed is
    nobody's reading, and rebuilding the index for each of a night's 25 batches was 40% of the ingest's
    CPU. A check the server cancelled (``statement_timeout``) raises, since it says nothing about the data.
    """
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    context = gx_context()
    validations = list(validations)
    definitions = []
    by_suite: dict[str, str] = {}
    for i, item in enumerate(validations):
        definition = gx.ValidationDefinition(name=f"{name}:{i}:{item.table_name}", data=item.batch_definition,
                                             suite=item.suite)  # fmt: skip
        definitions.append(_add_definition(context, definition))
        by_suite[item.suite.name] = item.table_name
    checkpoint = _add_replacing(
        context.checkpoints,
        gx.Checkpoint(name=name, validation_definitions=definitions, actions=[], result_format=RESULT_FORMAT),
    )
    try:
        result = checkpoint.run(run_id=RunIdentifier(run_name=run_name), expectation_parameters=parameters)
    finally:
        context.checkpoints.delete(name)
        for definition in definitions:
            context.validation_definitions.delete(definition.name)
    outcomes: list[Outcome] = []
    for suite_result in result.run_results.values():
        table = by_suite.get(suite_result.suite_name, suite_result.suite_name)
        outcomes += [_outcome(table, r) for r in suite_result.results]
    if build_docs:
        failed = any(not o.success and o.severity == FAIL for o in outcomes)
        render_docs(list(result.run_results), build_index=index_on_success or failed)
    bounds.raise_if_cancelled(name, outcomes)
    return outcomes


def _add_definition(context: AbstractDataContext, definition: Any) -> Any:
    """Add a run's validation definition; its batch definition is saved first, as GX requires."""
    definition.data.save()
    return _add_replacing(context.validation_definitions, definition)


def _add_replacing(factory: Any, item: Any) -> Any:
    """Add a run's validation definition or checkpoint to its GX collection. Not GX's ``add_or_update``: for a
    definition that saves its suite again, comparing each expectation with every other (half of a raw gate's
    CPU), and for a checkpoint it does so for every definition once more; the suites here were saved when they
    were built. One left by a process that died before its clean-up is replaced."""
    from great_expectations.exceptions import DataContextError

    try:
        return factory.add(item)
    except DataContextError:
        factory.delete(item.name)
        return factory.add(item)


def render_docs(result_ids: list[Any], build_index: bool = True) -> None:
    """Render the pages of these validation results and their suites, prune old results, rebuild the index.

    Data Docs are a convenience for people; the verdict is already in ``ops.quality_results``. A failure
    here (say two Airflow tasks pruning at once) is logged, never raised.
    """
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    try:
        prune_results(uncommitted_dir() / "validations", DOCS_HISTORY)
        suites = {ExpectationSuiteIdentifier(name=r.expectation_suite_identifier.name) for r in result_ids}
        gx_context().build_data_docs(
            site_names=[DOCS_SITE], resource_identifiers=[*result_ids, *suites], build_index=build_index
        )
    except Exception as exc:  # docs must never block a batch or a publish
        log.warning("Data Docs not updated: %s", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def prune_results(store: Path, keep: int) -> int:
    """Delete all but the newest ``keep`` stored validation results of each suite; returns how many went.

    The store lays a result out as ``<suite parts>/<run name>/<run time>/<batch>.json``; run times sort as
    text. Pages of removed results are cleaned from the site by GX's next index build.
    """
    by_suite: dict[Path, list[Path]] = {}
    for path in store.glob("**/*.json"):
        by_suite.setdefault(path.parents[2], []).append(path)
    removed = 0
    for results in by_suite.values():
        results.sort(key=lambda p: (p.parent.name, p.parent.parent.name), reverse=True)
        for path in results[keep:]:
            path.unlink(missing_ok=True)
            removed += 1
            for folder in (path.parent, path.parent.parent):
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
    return removed


def _outcome(table: str, result: Any) -> Outcome:
    config = result.expectation_config
    meta = config.meta or {}
    severity = getattr(config, "severity", None)
    severity = FROM_GX_SEVERITY.get(getattr(severity, "value", severity) or "critical", "fail")
    observed = observed_text(result.result)
    error = _error(result.exception_info or {})
    if error:
        observed = f"error: {error}"[:500]
    return Outcome(
        table_name=table,
        expectation=config.type,
        column_name=config.kwargs.get("column") or meta.get("column") or _column_list(config.kwargs),
        success=bool(result.success),
        severity=severity,
        observed=observed,
        description=str(meta.get("why", "")),
    )


def _error(info: dict[str, Any]) -> str | None:
    """The first line of an expectation's error; GX nests the info per metric when several failed."""
    infos = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    for item in infos:
        if item.get("raised_exception"):
            lines = str(item.get("exception_message") or "error").strip().splitlines()
            return lines[0] if lines else "error"
    return None


def _column_list(kwargs: dict[str, Any]) -> str | None:
    columns = kwargs.get("column_list")
    return ",".join(columns) if columns else None


def build_docs() -> Path:
    """Render the Data Docs site from the stored validation results; returns the index path.

    Suites live in memory, so the raw suites are derived from the contracts first (their pages stay in the
    site); publish suites depend on the warehouse catalogue and are rendered by the gate itself.
    """
    from pillars.feeds.declarations.contract import load_contracts
    from pillars.quality.raw_suite import build_suite

    context = gx_context()
    for contract in load_contracts().values():
        context.suites.add_or_update(build_suite(contract))
    prune_results(uncommitted_dir() / "validations", DOCS_HISTORY)
    context.build_data_docs(site_names=[DOCS_SITE])
    return docs_index()
