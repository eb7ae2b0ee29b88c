"""The raw-layer gate: validate one loaded batch against its feed's suite; pass it or withdraw it.

The batch is a GX query asset filtered on ``_batch_id``, so only that delivery's rows are read and the
checks run as SQL in PostgreSQL. The gate reads as the transformer (it cannot change ``raw``), records
every expectation in ``ops.quality_results`` and settles the batch: a pass marks it ``gated`` (the only
status staging reads), a ``fail`` expectation calls the loader's ``reject_batch``: the rows leave ``raw``,
the ledger says rejected and why, other partners flow on.
"""

from __future__ import annotations

import functools
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from pillars.errors import PillarsError
from pillars.feeds.declarations.contract import get_contract
from pillars.quality import context
from pillars.quality.raw_suite import build_suite, suite_parameters
from pillars.quality.results import GateResult, record
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

CHECKPOINT = "raw_batch"
GATEABLE = ("loaded", "gated")  # a gated batch may be checked again by hand (check-batch)


@functools.cache
def _suite(root: str, feed: str) -> Any:
    """The feed's suite, built from the contract once per process and context."""
    return context.gx_context().suites.add_or_update(build_suite(get_contract(feed)))


def _ledger_row(batch_id: uuid.UUID) -> tuple[str, str, Any, str]:
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        row = conn.execute(
            "select partner_id, feed, logical_date, status from ops.batches where batch_id = %s", (batch_id,)
        ).fetchone()
    if row is None:
        raise PillarsError(f"no batch {batch_id} in the ledger (ops.batches)")
    return row


def check_batch(
    feed: str, batch_id: uuid.UUID | str, reject: bool = True, build_docs: bool = True, index_on_pass: bool = True
) -> GateResult:
    """Validate the rows of one loaded (or gated) batch of ``feed``: a pass makes it gated, a hard failure
    rejects it.

    Its Data Docs pages are rendered; the site index too, unless ``index_on_pass=False`` and no ``fail``
    expectation failed (the nightly loads: the publish gate rebuilds the index once a night).

    Returns the gate result (``success``, ``failures`` naming expectation and column, ``rejected``).
    ``reject=False`` only reports and leaves the ledger as it is (``pillars quality check-batch --dry-run``).
    """
    started = time.perf_counter()
    contract = get_contract(feed)
    try:
        batch_id = uuid.UUID(str(batch_id))
    except ValueError:
        raise PillarsError(f"batch id '{batch_id}' is not a UUID") from None
    partner_id, ledger_feed, logical_date, status = _ledger_row(batch_id)
    if ledger_feed != feed:
        raise PillarsError(f"batch {batch_id} belongs to feed {ledger_feed}, not {feed}")
    if status not in GATEABLE:
        raise PillarsError(f"batch {batch_id} is {status}, not loaded or gated: there are no rows of it to check")

    suite = _suite(str(context.expectations_root()), feed)
    source = context.datasource(credentials.TRANSFORMER_ROLE)
    asset_name = f"raw_{feed}_{batch_id.hex}"
    asset = context.add_query_asset(
        source, asset_name, f"select * from raw.{contract.feed} where _batch_id = '{batch_id}'"
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    run_id = f"{CHECKPOINT}:{feed}:{partner_id}:{batch_id}:{stamp}"
    try:
        outcomes = context.run_checkpoint(
            f"{CHECKPOINT}_{feed}",
            [context.Validation(contract.raw_table, asset.add_batch_definition_whole_table("batch"), suite)],
            run_name=f"{partner_id}-{logical_date}-{batch_id.hex[:8]}",
            build_docs=build_docs,
            parameters=suite_parameters(logical_date),
            index_on_success=index_on_pass,
        )
    finally:
        source.delete_asset(asset_name)
    result = GateResult(run_id, CHECKPOINT, suite.name, outcomes, logical_date)
    record(result)
    if reject:
        _settle(batch_id, result)
    index = context.docs_index()
    result.docs_index = str(index) if build_docs and index.is_file() else None
    result.seconds = time.perf_counter() - started
    return result


def _settle(batch_id: uuid.UUID, result: GateResult) -> None:
    """The verdict into the ledger: a pass makes a ``loaded`` batch ``gated`` (visible to staging), a hard
    failure withdraws it. Written as the loader, the only role that changes ``ops.batches``."""
    from pillars.load import ledger
    from pillars.load.loader import reject_batch

    if not result.success:
        reject_batch(batch_id, result.describe())
        result.rejected = True
        return
    with connect(credentials.LOADER_ROLE) as conn, conn.transaction():
        ledger.mark_gated(conn, batch_id)
