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
    kind: str  # failure | recovery | deadline | quality | schema_drift
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


def _from_context(kind: str, context: dict[str, Any], message: str) -> Alert:
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
    send(_from_context("failure", context, str(error) if error else "task failed"))


def on_dag_failure(context: dict[str, Any]) -> None:
    send(_from_context("failure", context, f"DAG run failed: {context.get('reason') or 'a task failed'}"))


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
        send(_from_context("recovery", context, "recovered: this run succeeded after a failed run"))


def on_deadline_missed(**kwargs: Any) -> None:
    """Deadline callback: the nightly run has not finished when the council expects it."""
    context = kwargs.get("context", {})
    dag_run = context.get("dag_run") or {}
    dag_id = dag_run.get("dag_id", "?") if isinstance(dag_run, dict) else getattr(dag_run, "dag_id", "?")
    send(Alert("deadline", dag_id, None, None, None, kwargs.get("message", "nightly run is late")))


async def on_deadline_missed_async(**kwargs: Any) -> None:
    on_deadline_missed(**kwargs)
