"""When a transform run has something to do: the coalescing window in front of the nightly transform.

The transform is scheduled on *any* raw feed's Asset (and at 03:00 council time), so a backfill of one feed
reaches the marts without waiting for the others. A normal night's nine ingest DAGs then queue several
transform runs; each run first waits until no ingest run is queued or running, and only the newest run
builds: an older one skips, because a newer run will see everything it would have. Airflow creates no run
while one is active (``max_active_runs=1``), so the Assets that fired during a build start one more run
afterwards, and the 03:00 run is the safety net for a night whose Assets never fired: both skip when the
ledger holds no batch that finished after the last published build began (its ``snapshot``, an Airflow
Variable written as the build starts), so a night that was already transformed is not transformed twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

INGEST_PREFIX = "ingest_"
ACTIVE_STATES = ["queued", "running"]


def active_ingest_runs(ti: Any, dag_ids: list[str]) -> int:
    """Ingest DAG runs still queued or running (through the Task SDK: tasks have no metadata DB access)."""
    return sum(ti.get_dr_count(dag_id=dag_id, states=ACTIVE_STATES) for dag_id in dag_ids)


def newer_runs_queued(ti: Any, dag_id: str) -> int:
    """Runs of this DAG waiting behind this one (``max_active_runs=1``): the newest will cover them all."""
    return ti.get_dr_count(dag_id=dag_id, states=["queued"])


SNAPSHOT_VARIABLE = "pillars_transform_snapshot"


def warehouse_now() -> datetime:
    """The warehouse's clock, the one the ledger's timestamps are written with."""
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        return conn.execute("select now()").fetchone()[0]


def nothing_loaded_yet() -> bool:
    """True on a fresh deployment before any partner's rows reached ``raw``. Its first night (a scheduler's
    first start runs the latest past night at once) would otherwise build empty marts, fail their
    at-least-one-row tests and alert about a warehouse that simply has no data yet."""
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        loaded = conn.execute("select exists (select 1 from ops.batches where status in ('loaded', 'gated'))")
        return not loaded.fetchone()[0]


def nothing_new_since(snapshot: datetime | None) -> bool:
    """True when a build that began at ``snapshot`` was published and no batch finished after it began."""
    if snapshot is None:
        return False
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        published, latest_batch = conn.execute(
            "select (select max(published_at) from ops.publications where status = 'published'),"
            " (select max(coalesce(finished_at, now())) from ops.batches)"
        ).fetchone()
    return published is not None and published >= snapshot and (latest_batch is None or latest_batch < snapshot)


def skip_reason(ti: Any, dag_id: str, run_type: Any, snapshot: datetime | None) -> str | None:
    """Why this transform run should not build (None: it should). Manual runs and backfills always build.

    ``run_type`` is the Task SDK's enum (whose ``str()`` is ``DagRunType.SCHEDULED``) or its value.
    """
    run_type = getattr(run_type, "value", run_type)
    if run_type in ("asset_triggered", "scheduled") and nothing_loaded_yet():
        return "no partner delivery has been loaded yet: there is nothing to transform or publish"
    if run_type == "asset_triggered" and newer_runs_queued(ti, dag_id):
        return "a newer transform run is queued and will transform everything this one would"
    if run_type in ("asset_triggered", "scheduled") and nothing_new_since(snapshot):
        return f"nothing was loaded since the build of {snapshot.isoformat()} was published"  # type: ignore[union-attr]
    return None
