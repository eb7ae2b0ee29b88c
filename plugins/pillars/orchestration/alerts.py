"""Alerts for a pipeline nobody watches: always logged and appended to a JSON Lines file, and sent by
SMTP or to a webhook when configured.

Configuration (environment): ``PILLARS_ALERT_WEBHOOK_URL`` (JSON POST), ``PILLARS_ALERT_SMTP_HOST``,
``PILLARS_ALERT_SMTP_PORT`` (25), ``PILLARS_ALERT_EMAIL_FROM``, ``PILLARS_ALERT_EMAIL_TO`` (comma list).
A notifier that fails is logged, never raised: an alert must not break the task it reports on.
"""

from __future__ import annotations

import json
import logging
import os
import smtplib
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from pillars import settings
from pillars.privacy.files import open_private

log = logging.getLogger("pillars.alerts")


@dataclass(frozen=True)
class Alert:
    kind: str  # failure | recovery | deadline | quality | schema_drift | missed_delivery
    dag_id: str
    task_id: str | None
    run_id: str | None
    logical_date: str | None
    message: str
    raised_at: str = ""


def schema_drift(
    partner_id: str, feed: str, logical_date: str, source_file: str, unknown: dict[str, int], hints: list[str]
) -> None:
    """A delivery brought columns nobody knows: say which, in which file, and what they resemble."""
    columns = ", ".join(f"{name} ({filled} non-empty)" for name, filled in unknown.items())
    message = f"schema drift: partner {partner_id}, file {source_file}: unknown column(s) not stored: {columns}"
    if hints:
        message += " -- " + "; ".join(hints)
    send(Alert("schema_drift", f"ingest_{feed}", "load", None, logical_date, message))


def alerts_file() -> Path:
    return Path(os.environ.get("PILLARS_ALERTS_FILE", settings.local_dir() / "alerts.jsonl"))


def send(alert: Alert) -> None:
    alert = Alert(**{**asdict(alert), "raised_at": datetime.now(UTC).isoformat()})
    text = f"[pillars {alert.kind}] {alert.dag_id}" + (f".{alert.task_id}" if alert.task_id else "")
    text += f" ({alert.logical_date}): {alert.message}"
    log.error(text) if alert.kind != "recovery" else log.warning(text)
    path = alerts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_private(path, "a") as handle:  # messages name partners' files, rows and fields
        handle.write(json.dumps(asdict(alert)) + "\n")
    _send_webhook(alert, text)
    _send_email(alert, text)


def _send_webhook(alert: Alert, text: str) -> None:
    url = os.environ.get("PILLARS_ALERT_WEBHOOK_URL")
    if not url:
        return
    import requests

    try:
        requests.post(url, json={"text": text, **asdict(alert)}, timeout=10).raise_for_status()
    except requests.RequestException as exc:
        log.warning("alert webhook failed: %s", exc)


def _send_email(alert: Alert, text: str) -> None:
    host = os.environ.get("PILLARS_ALERT_SMTP_HOST")
    recipients = [r.strip() for r in os.environ.get("PILLARS_ALERT_EMAIL_TO", "").split(",") if r.strip()]
    if not host or not recipients:
        return
    message = EmailMessage()
    message["Subject"] = text[:180]
    message["From"] = os.environ.get("PILLARS_ALERT_EMAIL_FROM", "pillars@localhost")
    message["To"] = ", ".join(recipients)
    message.set_content(text)
    try:
        with smtplib.SMTP(host, int(os.environ.get("PILLARS_ALERT_SMTP_PORT", "25")), timeout=10) as smtp:
            smtp.send_message(message)
    except OSError as exc:
        log.warning("alert e-mail failed: %s", exc)


def from_context(kind: str, context: dict[str, Any], message: str) -> Alert:
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    logical = context.get("logical_date")
    return Alert(
        kind=kind,
        dag_id=getattr(ti, "dag_id", None) or getattr(dag_run, "dag_id", "?"),
        task_id=getattr(ti, "task_id", None),
        run_id=getattr(dag_run, "run_id", None),
        logical_date=logical.isoformat() if logical else None,
        message=message,
    )


def on_task_failure(context: dict[str, Any]) -> None:
    """Task failure callback: names the task and the error (which partner, file, expectation...)."""
    error = context.get("exception")
    send(from_context("failure", context, str(error) if error else "task failed"))


def on_dag_failure(context: dict[str, Any]) -> None:
    send(from_context("failure", context, f"DAG run failed: {context.get('reason') or 'a task failed'}"))


def on_dag_success(context: dict[str, Any]) -> None:
    """Recovery callback: a success right after a failed run of the same DAG says the incident is over."""
    dag_run = context.get("dag_run")
    previous = None
    if dag_run is not None:
        try:
            previous = dag_run.get_previous_dagrun()
        except Exception:
            previous = None
    if previous is not None and str(getattr(previous, "state", "")) == "failed":
        send(from_context("recovery", context, "recovered: this run succeeded after a failed run"))


def on_deadline_missed(**kwargs: Any) -> None:
    """Deadline callback: the nightly run has not finished when the council expects it.

    Airflow passes the run as its REST representation (``context["dag_run"]``, a dict) and the
    deadline's time. A backfill of past dates, or a run queued after its deadline had already passed
    (say, last night's run started by unpausing in the morning), was never going to meet it: no alert.
    """
    context = kwargs.get("context") or {}
    run = context.get("dag_run") or {}
    if not isinstance(run, dict):
        run = {k: getattr(run, k, None) for k in ("dag_id", "run_id", "logical_date", "run_type", "queued_at")}
    deadline = (context.get("deadline") or {}).get("deadline_time")
    if not deadline_is_real(run, deadline):
        log.info("deadline of %s %s passed before the run was queued: not alerting", run.get("dag_id"), _run_id(run))
        return
    logical = run.get("logical_date")
    send(
        Alert(
            "deadline",
            run.get("dag_id") or "?",
            None,
            _run_id(run),
            logical.isoformat() if isinstance(logical, datetime) else logical,
            kwargs.get("message", "nightly run is late"),
        )
    )


def _run_id(run: dict[str, Any]) -> str | None:
    return run.get("dag_run_id") or run.get("run_id")


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def deadline_is_real(run: dict[str, Any], deadline: Any) -> bool:
    """A deadline means something only for a run that could still have met it: not a backfill, and not a
    run queued (or created) after its deadline."""
    if str(run.get("run_type") or "").lower().endswith("backfill"):
        return False
    due = _moment(deadline)
    queued = _moment(run.get("queued_at") or run.get("run_after"))
    return not (due and queued and queued >= due)


async def on_deadline_missed_async(**kwargs: Any) -> None:
    on_deadline_missed(**kwargs)
