"""The reference partner API over HTTP: ``GET /v1/cases`` (bearer token, window, keyset cursor), ``/healthz``.

``GET /v1/cases?updated_since=T&updated_before=T&page_size=N&cursor=C`` answers
``{"data": [...], "next": "<cursor>" | null}`` ordered by updated_at then case id. Timestamps must carry
a UTC offset. It binds 127.0.0.1 only: it is a stand-in for a partner's system, not a service to expose.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pillars import settings
from pillars.errors import PillarsError
from pillars.partner_api.faults import Fault, FaultPlan
from pillars.partner_api.store import RecordStore, parse_timestamp
from pillars.privacy.files import tighten_tree

TOKEN_ENV = "PILLARS_PARTNER_API_TOKEN"  # noqa: S105 - the variable's name, not a secret
DATA_DIR_ENV = "PILLARS_PARTNER_API_DATA_DIR"
CASES_PATH = "/v1/cases"
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def default_data_dir() -> Path:
    """``PILLARS_PARTNER_API_DATA_DIR``, else ``partner_api/`` beside the landing folder.

    Beside the landing folder (not inside it) because these files are the partner's side of the fence:
    the loader must only see what the extraction client fetched. The test suite's own landing folder
    therefore gets its own API data too.
    """
    env = os.environ.get(DATA_DIR_ENV)
    return Path(env).resolve() if env else settings.landing_dir().parent / "partner_api"


class BadRequestError(Exception):
    pass


def encode_cursor(updated_at: datetime, record_id: str) -> str:
    raw = json.dumps([updated_at.isoformat(), record_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        stamp, record_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        updated = parse_timestamp(stamp)
    except (ValueError, TypeError):
        updated = None
    if updated is None:
        raise BadRequestError(f"invalid cursor {cursor[:40]!r}")
    return updated, str(record_id)


class PartnerApiServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer holding the store, the expected token and the test's fault plan."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], store: RecordStore, token: str, faults: FaultPlan | None = None
    ) -> None:
        if not token:
            raise PillarsError(f"the partner API needs a bearer token: set {TOKEN_ENV} or pass one")
        self.store = store
        self.token = token
        self.faults = faults or FaultPlan()
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: tuple) -> None:
        """A client that hung up (timeouts, scripted drops) is routine here, not a traceback on stderr."""
        logging.getLogger(__name__).debug("partner API: request from %s ended early", client_address, exc_info=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: PartnerApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests and the demo read the client's outcome, not an access log."""

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout)
            self.wfile.write(body)

    def _json(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload).encode(), headers)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == "/healthz":
            self._json(200, {"status": "ok", "records": len(self.server.store.records())})
            return
        if parts.path != CASES_PATH:
            self._json(404, {"error": f"no such resource {parts.path}"})
            return
        fault = self.server.faults.take(self.path)
        if fault is not None and self._apply(fault):
            return
        if not self._authorised():
            self._json(401, {"error": "missing or invalid bearer token"}, {"WWW-Authenticate": "Bearer"})
            return
        try:
            payload = self._page(parse_qs(parts.query))
        except BadRequestError as exc:
            self._json(400, {"error": str(exc)})
            return
        self._json(200, payload)

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self.server.token.encode())

    def _apply(self, fault: Fault) -> bool:
        """Answer with the fault; True when the request is done (a stall answers normally afterwards)."""
        if fault.kind == "ok":
            return False
        if fault.kind == "stall":
            time.sleep(fault.seconds)
            return False
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind == "malformed":
            self._send(200, b'{"data": [{"caseId": "TRUNC')
            return True
        if fault.kind == "expired":
            self._json(401, {"error": "token expired"}, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
            return True
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
        self._json(fault.status, {"error": f"scripted failure {fault.status}"}, headers)
        return True

    def _page(self, query: dict[str, list[str]]) -> dict:
        def one(name: str) -> str | None:
            values = query.get(name)
            return values[-1] if values else None

        bounds = {}
        for name in ("updated_since", "updated_before"):
            text = one(name)
            bounds[name] = parse_timestamp(text) if text else None
            if text and bounds[name] is None:
                raise BadRequestError(f"{name} must be an ISO-8601 timestamp with a UTC offset, got {text!r}")
        size_text = one("page_size") or str(DEFAULT_PAGE_SIZE)
        if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE_SIZE:
            raise BadRequestError(f"page_size must be an integer from 1 to {MAX_PAGE_SIZE}")
        cursor = one("cursor")
        after = decode_cursor(cursor) if cursor else None
        page, more = self.server.store.window(bounds["updated_since"], bounds["updated_before"], after, int(size_text))
        next_cursor = encode_cursor(*page[-1].key) if more else None
        return {"data": [r.body for r in page], "next": next_cursor}


def make_server(
    port: int = 0,
    token: str | None = None,
    data_dir: Path | None = None,
    faults: FaultPlan | None = None,
    host: str = "127.0.0.1",
) -> PartnerApiServer:
    """A bound (not yet serving) server; ``port=0`` picks a free port. A taken port is a PillarsError."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    tighten_tree(folder)  # survivors' records: owner-only, whoever wrote them
    store = RecordStore(folder)
    try:
        return PartnerApiServer((host, port), store, token or os.environ.get(TOKEN_ENV, ""), faults)
    except OSError as exc:
        raise PillarsError(f"cannot serve the partner API on {host}:{port}: {exc.strerror or exc}") from None


def serve_in_thread(
    port: int = 0,
    token: str | None = None,
    data_dir: Path | None = None,
    faults: FaultPlan | None = None,
) -> tuple[str, Callable[[], None]]:
    """Serve in a daemon thread on 127.0.0.1; returns the base URL and a function that stops the server."""
    server = make_server(port=port, token=token, data_dir=data_dir, faults=faults)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="partner-api", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    return server.url, stop
