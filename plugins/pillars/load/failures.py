"""Per-delivery isolation: a delivery that cannot be handled becomes a ledger row and an alert, not a crash.

One partner's broken file, odd file name or unreachable API must never stop the other files, partners and
feeds of the night. Whatever goes wrong while handling one delivery -- a :class:`PillarsError` or any other
exception -- is described in one line (the traceback goes to the log, never to the user), recorded in
``ops.batches`` as ``rejected`` (the delivery itself is unusable) or ``failed`` (Pillars or the partner's
service failed: retrying may help), and raised as an alert. The caller carries on with the next delivery.
"""

from __future__ import annotations

import logging
from datetime import date

from pillars.errors import PillarsError
from pillars.load import ledger
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

log = logging.getLogger("pillars.ingest")
REASON_CHARS = 500


def one_line(exc: BaseException) -> str:
    """The exception as one line a person can act on: the message of a PillarsError, else its type too."""
    if isinstance(exc, PillarsError):
        text = str(exc)
    elif isinstance(exc, RecursionError):
        text = "nested too deeply to read (RecursionError)"
    elif isinstance(exc, MemoryError):
        text = "ran out of memory (MemoryError)"
    else:
        text = f"unexpected {type(exc).__name__}: {exc}" if str(exc) else f"unexpected {type(exc).__name__}"
    text = " ".join(text.split())
    return text if len(text) <= REASON_CHARS else text[: REASON_CHARS - 3] + "..."


def record(
    partner_id: str,
    feed: str,
    logical_date: date,
    source_file: str,
    reason: str,
    *,
    status: str = "failed",
    marker: str = "failed",
) -> str:
    """Write (or refresh) a ledger row saying this delivery was not loaded, and alert; returns the reason.

    The batch id is derived from the delivery and ``marker`` (there is no checksum of a file that was
    never read), so re-running the date updates the same row instead of adding one.
    """
    batch_id = ledger.batch_id_for(partner_id, feed, logical_date, source_file, marker)
    try:
        with connect(credentials.LOADER_ROLE) as conn, conn.transaction():
            conn.execute(
                "insert into ops.batches (batch_id, partner_id, feed, logical_date, source_file, checksum, status,"
                " reason, finished_at) values (%s, %s, %s, %s, %s, %s, %s, %s, now())"
                " on conflict (batch_id) do update set status = excluded.status, reason = excluded.reason,"
                " started_at = now(), finished_at = now()",
                (batch_id, partner_id, feed, logical_date, source_file, marker, status, reason),
            )
    except Exception:  # the warehouse itself is down: the log and the alert still say what happened
        log.exception("could not record the %s delivery %s in the ledger", status, source_file)
    alert(partner_id, feed, logical_date, f"{source_file}: {status}: {reason}")
    return reason


def alert(partner_id: str, feed: str, logical_date: date, message: str) -> None:
    """An alert for one delivery, named like the ingest DAG task that handles it."""
    from pillars.orchestration import alerts

    alerts.send(
        alerts.Alert(
            kind="failure",
            dag_id=f"ingest_{feed}",
            task_id="load_partner",
            run_id=None,
            logical_date=logical_date.isoformat(),
            message=f"partner {partner_id}, feed {feed}: {message}",
        )
    )
