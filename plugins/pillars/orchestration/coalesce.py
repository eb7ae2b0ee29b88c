"""When a transform run has something to do: the coalescing window in front of the nightly transform.

The transform is scheduled on *any* raw feed's Asset (and at 03:00 council time), so a backfill of one feed
reaches the marts without waiting for the others. A normal night's nine ingest DAGs then queue several
transform runs; each run first waits until no ingest run is queued or running, and only the newest run
builds: an older one skips, because a newer run will see everything it would have. The 03:00 run is the
safety net for a night whose Assets never fired; it skips when every batch in the ledger is older than the
last publication, so a night that was already transformed is not transformed twice.
"""

from __future__ import annotations

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


def nothing_new_since_last_publication() -> bool:
    """True when the last publication is newer than every batch the ledger holds (loaded or not)."""
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        row = conn.execute(
            "select (select max(published_at) from ops.publications where status = 'published'),"
            " (select max(coalesce(finished_at, started_at)) from ops.batches)"
        ).fetchone()
    published, latest_batch = row
    return published is not None and (latest_batch is None or latest_batch < published)


def skip_reason(ti: Any, dag_id: str, run_type: str) -> str | None:
    """Why this transform run should not build (None: it should)."""
    if run_type == "asset_triggered" and newer_runs_queued(ti, dag_id):
        return "a newer transform run is queued and will transform everything this one would"
    if run_type == "scheduled" and nothing_new_since_last_publication():
        return "nothing was loaded since the last publication: tonight's data is already published"
    return None
