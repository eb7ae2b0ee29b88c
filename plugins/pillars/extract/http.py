"""The REST transport: pull one logical date's window from a partner's paginated JSON API into landing.

An API window becomes a file delivery like any other: the records fetched for
``[date 00:00, next day 00:00)`` in the council's time zone are written as JSON Lines to the date's landing
partition as ``api-window-<YYYY-MM-DD>.jsonl`` (written to ``.part``, then renamed). Re-fetching a window
writes the same bytes, so the loader finds the batch unchanged and a re-run loads nothing twice. An empty
window writes no file (a header-less empty file is not a valid delivery): the ledger shows no delivery.

The base URL and token come from the Airflow connection named in ``partners.yml``, read without Airflow's
metadata database: the ``AIRFLOW_CONN_<ID>`` variable (JSON or URI) first, then Airflow itself.

Transient failures (connection errors, timeouts, 429, 5xx) are retried with exponential backoff and
jitter, honouring ``Retry-After``; a refused token (401/403) or a malformed page fails at once with a
one-line :class:`PillarsError` naming the partner, the connection and the page.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit
from zoneinfo import ZoneInfo

import requests

from pillars import settings
from pillars.errors import PillarsError
from pillars.extract.filedrop import partition_dir
from pillars.privacy.files import open_private, private_dir

# The resource each API feed is read from, unless the connection's extra says {"path": "..."}.
FEED_PATHS = {"prosecution_cases": "/v1/cases"}
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_PAGES = 100_000


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts per page, backoff (seconds, doubled per attempt, capped) and timeout."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    timeout: float = 30.0

    @classmethod
    def from_env(cls) -> RetryPolicy:
        """``PILLARS_API_MAX_ATTEMPTS``, ``PILLARS_API_BASE_DELAY``, ``PILLARS_API_TIMEOUT`` override defaults."""
        env = os.environ
        return cls(
            max_attempts=int(env.get("PILLARS_API_MAX_ATTEMPTS", cls.max_attempts)),
            base_delay=float(env.get("PILLARS_API_BASE_DELAY", cls.base_delay)),
            timeout=float(env.get("PILLARS_API_TIMEOUT", cls.timeout)),
        )

    def backoff(self, attempt: int, rand: Callable[[], float]) -> float:
        """Delay after failed ``attempt`` (1-based): base * 2^(attempt-1), capped, with equal jitter."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling / 2 + rand() * ceiling / 2


@dataclass(frozen=True)
class Endpoint:
    """Where a partner's API is and the bearer token to present (never printed)."""

    base_url: str
    token: str = field(repr=False)
    path: str = "/v1/cases"

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/" + self.path.lstrip("/")


# --- Airflow connections --------------------------------------------------------------------------------


def parse_connection(conn_id: str, text: str) -> SimpleNamespace:
    """An ``AIRFLOW_CONN_*`` value (Airflow's JSON form or its URI form) as host, port, schema, login,
    password and ``extra_dejson`` -- the attributes of an Airflow ``Connection`` this module reads.

    URI: ``conn-type://login:password@host:port/schema?key=value`` (or ``?__extra__=<json>``), with
    percent-encoded parts, as ``airflow connections get -o uri`` prints it.
    """
    env_name = f"AIRFLOW_CONN_{conn_id.upper()}"
    text = text.strip()
    if text.startswith("{"):
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise PillarsError(f"{env_name} is not valid JSON ({exc.msg}, column {exc.colno})") from None
        if not isinstance(raw, dict):
            raise PillarsError(f"{env_name} must be a JSON object or a connection URI")
        extra = raw.get("extra") or {}
        if isinstance(extra, str):
            try:
                extra = json.loads(extra)
            except ValueError:
                raise PillarsError(f"{env_name}: 'extra' is not valid JSON") from None
        port = raw.get("port")
        return SimpleNamespace(
            host=raw.get("host"),
            port=int(port) if port not in (None, "") else None,
            schema=raw.get("schema"),
            login=raw.get("login"),
            password=raw.get("password"),
            extra_dejson=extra if isinstance(extra, dict) else {},
        )
    parts = urlsplit(text)
    if not parts.scheme or "://" not in text:
        raise PillarsError(f"{env_name} is neither a JSON object nor a connection URI (conn-type://host...)")
    try:
        port = parts.port
    except ValueError:
        raise PillarsError(f"{env_name}: the port is not a number") from None
    query = parse_qsl(parts.query, keep_blank_values=True)
    extra: dict[str, Any] = {}
    for key, value in query:
        if key == "__extra__":
            try:
                loaded = json.loads(value)
            except ValueError:
                raise PillarsError(f"{env_name}: '__extra__' is not valid JSON") from None
            extra.update(loaded if isinstance(loaded, dict) else {})
        else:
            extra[key] = value
    return SimpleNamespace(
        host=unquote(parts.hostname) if parts.hostname else None,
        port=port,
        schema=unquote(parts.path.lstrip("/")) or None,
        login=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        extra_dejson=extra,
    )


def _airflow_connection(conn_id: str) -> Any:
    """The connection, without touching Airflow's metadata database where that can be avoided.

    1. ``AIRFLOW_CONN_<ID>`` in the environment (how Pillars' Airflow processes get it), parsed here;
    2. inside an Airflow deployment (``AIRFLOW_HOME`` set): ``airflow.sdk.BaseHook`` (imported lazily), so a
       secrets backend or the UI-managed connection answers;
    3. elsewhere (``pillars ingest``): the definition Pillars' local stack gives it (:mod:`pillars.airflow_env`),
       so the CLI fetches what the DAG would.
    """
    env_name = f"AIRFLOW_CONN_{conn_id.upper()}"
    if os.environ.get(env_name):
        return parse_connection(conn_id, os.environ[env_name])
    if "AIRFLOW_HOME" in os.environ:
        try:
            from airflow.sdk import BaseHook
        except ImportError:
            pass
        else:
            try:
                return BaseHook.get_connection(conn_id)
            except Exception as exc:  # AirflowNotFoundException and backend errors alike
                raise PillarsError(f"Airflow connection '{conn_id}' is not available: {exc}") from None
    from pillars.airflow_env import airflow_environment

    defined = airflow_environment(base={}).get(env_name)
    if defined is None:
        raise PillarsError(f"no Airflow connection '{conn_id}': define it (e.g. {env_name}) before fetching")
    return parse_connection(conn_id, defined)


def token_from_airflow_connection(conn_id: str) -> str:
    """The bearer token kept as the password of Airflow connection ``conn_id``."""
    token = _airflow_connection(conn_id).password
    if not token:
        raise PillarsError(f"Airflow connection '{conn_id}' has no password: it must hold the partner's API token")
    return token


def endpoint_from_airflow_connection(conn_id: str, feed: str | None = None) -> Endpoint:
    """Base URL (schema://host:port), token (password) and resource path (extra ``path``) of a connection."""
    conn = _airflow_connection(conn_id)
    if not conn.host:
        raise PillarsError(f"Airflow connection '{conn_id}' has no host")
    host = conn.host if "://" in conn.host else f"{conn.schema or 'https'}://{conn.host}"
    base = f"{host}:{conn.port}" if conn.port else host
    extra = conn.extra_dejson or {}
    path = extra.get("path") or FEED_PATHS.get(feed or "", "/")
    token = conn.password
    if not token:
        raise PillarsError(f"Airflow connection '{conn_id}' has no password: it must hold the partner's API token")
    return Endpoint(base, token, path)


# --- the client -----------------------------------------------------------------------------------------


def _retry_after_seconds(value: str | None, now: Callable[[], datetime]) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


class PartnerApiClient:
    """Reads every page of a window from one partner's API, retrying what is worth retrying.

    ``sleep`` and ``rand`` are injectable so tests run real retries against a real server without
    waiting; ``sleeps`` records every delay the client chose.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        partner_id: str,
        conn_id: str | None = None,
        page_size: int = 500,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        session: requests.Session | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.partner_id = partner_id
        self.conn_id = conn_id
        self.page_size = page_size
        self.policy = policy or RetryPolicy()
        self._sleep = sleep
        self._rand = rand
        self.session = session or requests.Session()
        self.sleeps: list[float] = []

    def _who(self) -> str:
        via = f" (connection {self.conn_id})" if self.conn_id else ""
        return f"partner {self.partner_id}{via}"

    def pages(self, since: datetime | None, before: datetime | None) -> Iterator[list[dict]]:
        """Each page's records in order, following ``next`` until the API says there is no more."""
        params: dict[str, str] = {"page_size": str(self.page_size)}
        if since is not None:
            params["updated_since"] = since.isoformat()
        if before is not None:
            params["updated_before"] = before.isoformat()
        url = self.endpoint.url
        seen: set[str] = set()
        for number in range(1, MAX_PAGES + 1):
            payload = self._get(url, params, number)
            yield payload["data"]
            nxt = payload.get("next")
            if not nxt:
                return
            if nxt in seen:
                raise PillarsError(f"{self._who()}: page {number} repeats an earlier cursor; the API is looping")
            seen.add(nxt)
            if nxt.startswith(("http://", "https://")):
                url, params = nxt, {}
            else:
                params = {**params, "cursor": nxt}
        raise PillarsError(f"{self._who()}: more than {MAX_PAGES} pages in one window; refusing to continue")

    def fetch(self, since: datetime | None, before: datetime | None) -> list[dict]:
        """Every record of the window, in the API's order."""
        return [record for page in self.pages(since, before) for record in page]

    def _get(self, url: str, params: dict[str, str], number: int) -> dict:
        headers = {"Authorization": f"Bearer {self.endpoint.token}", "Accept": "application/json"}
        last = ""
        for attempt in range(1, self.policy.max_attempts + 1):
            delay: float | None = None
            try:
                response = self.session.get(url, params=params, headers=headers, timeout=self.policy.timeout)
            except requests.Timeout:
                last = f"no answer within {self.policy.timeout:g}s"
            except requests.ConnectionError as exc:
                last = f"connection error ({type(exc).__name__})"
            else:
                status = response.status_code
                if status in (401, 403):
                    raise PillarsError(
                        f"{self._who()}: token rejected (HTTP {status}) on page {number} — renew the credentials "
                        f"of connection '{self.conn_id}' (its password holds the partner's API token)"
                    )
                if status in RETRYABLE_STATUS:
                    last = f"HTTP {status}"
                    delay = _retry_after_seconds(response.headers.get("Retry-After"), lambda: datetime.now(UTC))
                elif status >= 400:
                    raise PillarsError(
                        f"{self._who()}: the API answered HTTP {status} on page {number}: {response.text[:200]!r}"
                    )
                else:
                    return self._parse(response, number)
            if attempt == self.policy.max_attempts:
                break
            if delay is None:
                delay = self.policy.backoff(attempt, self._rand)
            delay = min(delay, self.policy.max_delay)
            self.sleeps.append(delay)
            self._sleep(delay)
        raise PillarsError(
            f"{self._who()}: gave up on page {number} after {self.policy.max_attempts} attempts (last: {last})"
        )

    def _parse(self, response: requests.Response, number: int) -> dict:
        try:
            payload = json.loads(response.content, object_pairs_hook=_object_keeping_repeats)
        except ValueError as exc:
            raise PillarsError(f"{self._who()}: page {number} is not valid JSON ({exc}); nothing was written") from None
        except RecursionError:
            raise PillarsError(
                f"{self._who()}: page {number} is nested too deeply to read; nothing was written"
            ) from None
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            raise PillarsError(f"{self._who()}: page {number} has no 'data' list; nothing was written")
        if not all(isinstance(item, dict) for item in payload["data"]):
            raise PillarsError(f"{self._who()}: page {number} has a record that is not an object")
        nxt = payload.get("next")
        if nxt is not None and not isinstance(nxt, str):
            raise PillarsError(f"{self._who()}: page {number} has a 'next' that is not a string")
        return payload


class RepeatedKeys(dict):
    """A JSON object in which a key appears more than once, with every (key, value) pair as sent.

    A plain dict would keep the last value in silence; written back with its repeats, the window file's
    record is quarantined by the loader naming the key, as a partner's JSON Lines file would be.
    """

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.pairs = pairs


def _object_keeping_repeats(pairs: list[tuple[str, Any]]) -> dict:
    return RepeatedKeys(pairs) if len({key for key, _ in pairs}) < len(pairs) else dict(pairs)


def record_json(value: Any) -> str:
    """Compact JSON with sorted keys, writing an object's repeated keys as they came (see RepeatedKeys)."""
    if isinstance(value, RepeatedKeys):
        pairs = sorted(value.pairs, key=lambda pair: pair[0])
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{record_json(v)}" for k, v in pairs) + "}"
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{record_json(value[k])}" for k in sorted(value)) + "}"
        )
    if isinstance(value, list):
        return "[" + ",".join(record_json(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


# --- windows as file deliveries --------------------------------------------------------------------------


def window_for_date(day: date, timezone: str | None = None) -> tuple[datetime, datetime]:
    """``[day 00:00, next day 00:00)`` in the council's time zone (23 or 25 hours across DST changes)."""
    zone = ZoneInfo(timezone or settings.council_timezone())
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start, end


def window_file_name(day: date) -> str:
    """The delivery's file name: one per council day, so a re-fetch replaces it in place."""
    return f"api-window-{day.isoformat()}.jsonl"


def write_window(records: list[dict], partner_id: str, feed: str, day: date) -> Path | None:
    """Write the records as JSON Lines into the date's partition, atomically; None when there were none.

    An empty window writes no file (an empty file is not a valid delivery) and removes an earlier fetch
    of the same window, so the partition says what the API says now.
    """
    folder = partition_dir(partner_id, feed, day)
    target = folder / window_file_name(day)
    if not records:
        target.unlink(missing_ok=True)
        return None
    private_dir(folder, root=settings.landing_dir())
    partial = target.with_name(target.name + ".part")
    with open_private(partial, "w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(record_json(record) + "\n")
    partial.replace(target)
    return target


def fetch_window_to_landing(
    item: Any,
    day: date,
    *,
    endpoint: Endpoint | None = None,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    page_size: int = 500,
) -> Path | None:
    """Fetch one partner feed's window for ``day`` (a registry ``PartnerFeed``) and land it as a file."""
    if endpoint is None:
        if not item.connection_id:
            raise PillarsError(f"partner {item.partner_id} feed {item.feed}: no connection_id in partners.yml")
        endpoint = endpoint_from_airflow_connection(item.connection_id, item.feed)
    since, before = window_for_date(day)
    client = PartnerApiClient(
        endpoint,
        partner_id=item.partner_id,
        conn_id=item.connection_id,
        page_size=page_size,
        policy=policy or RetryPolicy.from_env(),
        sleep=sleep,
    )
    records = client.fetch(since, before)
    return write_window(records, item.partner_id, item.feed, day)
