"""The ingestion DAG of one feed: one mapped task per partner that sends it, then the feed's Asset.

Partners come from the registry (``feeds/declarations/partners.yml``): adding a partner is a YAML change. Each mapped
task reads only its logical date's landing partition (or API window) and writes idempotently, so a
backfill over any range gives the warehouse the nightly runs would have. A broken delivery fails only
that partner's task, without retries (a broken file does not heal by itself), and alerts; the others
load, and the feed's Asset is still emitted so the transform runs on what arrived.
"""

from __future__ import annotations

import logging
from typing import Any

from airflow.sdk import DAG, TriggerRule, dag, task
from airflow.sdk.definitions.timetables.trigger import CronTriggerTimetable

from pillars.feeds.declarations.contract import get_contract
from pillars.feeds.declarations.registry import partner_feeds
from pillars.orchestration import alerts, assets, policy


def _doc(feed: str) -> str:
    contract = get_contract(feed)
    partners = ", ".join(pf.partner_id for pf in partner_feeds(feed))
    return (
        f"### Ingest `{feed}`\n\n{contract.title}. {contract.description}\n\n"
        f"**Partners:** {partners}.\n\n"
        "Each partner's task loads the landing partition of the run's logical date (council time zone) into "
        f"`raw.{feed}`, quarantines rows that break the contract, records the batch in `ops.batches`, and "
        "runs the raw-layer quality suite on it. Re-running a date changes nothing; a corrected re-delivery "
        "replaces the earlier batch. Then files of gated batches older than the landing retention are deleted "
        "(the ledger keeps their checksum and size)."
    )


def load_partner_delivery(feed: str, partner_id: str, context: dict[str, Any]) -> dict[str, Any]:
    """Extract (API feeds), load and gate one partner's delivery for the run's date."""
    from airflow.sdk.exceptions import AirflowFailException

    from pillars.load.failures import log, one_line
    from pillars.load.nightly import load_partner_for_date
    from pillars.orchestration.dates import partition_date

    day = partition_date(context)
    try:
        outcome = load_partner_for_date(feed, partner_id, day)
    except Exception as exc:  # the traceback to the task log, one line to the failure alert
        log.error("partner %s, feed %s: ingest failed", partner_id, feed, exc_info=True)
        raise AirflowFailException(f"partner {partner_id}, feed {feed}: {one_line(exc)}") from None
    missed = report_missed_delivery(feed, partner_id, day, context)
    if outcome.problems:
        raise AirflowFailException(f"partner {partner_id}, feed {feed}: " + "; ".join(outcome.problems))
    return {**outcome.summary(), "missed_delivery": missed}


def report_missed_delivery(feed: str, partner_id: str, day: Any, context: dict[str, Any]) -> str | None:
    """One alert when the delivery the registry's cadence says is due by this night has not arrived."""
    from pillars.feeds.declarations.due import missed_delivery
    from pillars.load.nightly import partner_feed
    from pillars.warehouse import credentials
    from pillars.warehouse.connect import connect

    with connect(credentials.LOADER_ROLE) as conn:
        missed = missed_delivery(partner_id, feed, partner_feed(feed, partner_id).cadence, day, conn)
    if missed is None:
        return None
    alerts.send(alerts.from_context("missed_delivery", context, missed.describe()))
    return missed.describe()


def build_ingest_dag(feed: str) -> DAG:
    contract = get_contract(feed)
    partner_ids = [pf.partner_id for pf in partner_feeds(feed)]

    @dag(
        dag_id=f"ingest_{feed}",
        description=f"Load {contract.title.lower()} from every partner that sends it",
        schedule=CronTriggerTimetable(policy.NIGHTLY_INGEST_CRON, timezone=policy.council_tz()),
        start_date=policy.START_DATE,
        catchup=False,
        max_active_runs=1,
        default_args=policy.default_args(),
        tags=["ingest", f"feed:{feed}", *(f"pillar:{p}" for p in contract.pillars), f"phase:{contract.phase}"],
        doc_md=_doc(feed),
        on_failure_callback=alerts.on_dag_failure,
        on_success_callback=alerts.on_dag_success,
        deadline=policy.deadline_alert(policy.INGEST_DEADLINE, f"ingest of {feed} has not finished"),
    )
    def ingest() -> None:
        @task(pool=policy.WAREHOUSE_WRITERS_POOL, map_index_template="{{ partner_id }}")
        def load_partner(partner_id: str, **context: Any) -> dict[str, Any]:
            """Extract, load and gate one partner's delivery for this date."""
            context["partner_id"] = partner_id
            return load_partner_delivery(feed, partner_id, context)

        @task(outlets=[assets.raw_feed(feed)], trigger_rule=TriggerRule.ALL_DONE)
        def announce(**context: Any) -> dict[str, Any]:
            """Emit the feed's Asset: the transform runs on what arrived, even if a partner failed."""
            from pillars.load.nightly import feed_totals
            from pillars.orchestration.dates import partition_date

            day = partition_date(context)
            totals: dict[str, Any] = feed_totals(feed, day)
            if not totals["batches_loaded"] and not totals["batches_rejected"]:
                # Said in the run's summary (this task's return value) rather than left as a quiet zero.
                totals["nothing_landed"] = f"nothing landed for {feed} on {day}"
                logging.getLogger("pillars.ingest").info(totals["nothing_landed"])
            return totals

        @task(trigger_rule=TriggerRule.ALL_DONE)
        def purge_expired_files() -> str:
            """Landing retention: delete this feed's gated files older than PILLARS_LANDING_RETENTION_DAYS."""
            from pillars.privacy.retention import purge_landed_files

            return purge_landed_files(feed).summary()

        load_partner.expand(partner_id=partner_ids) >> [announce(), purge_expired_files()]

    return ingest()
