"""Headless Chromium driven over the DevTools protocol: open a page, read its DOM, take a screenshot.

The report's PDF only needs Chromium's command line; a dashboard behind a login needs a live page, so
this opens one DevTools session (the same browser and flags as :mod:`pillars.reporting.chromium`) and
speaks the protocol over a WebSocket. It is what the BI test and ``pillars bi`` screenshots use.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

from pillars.errors import PillarsError
from pillars.reporting import chromium

START_SECONDS = 30
CALL_SECONDS = 120


class Browser:
    """One headless page; use as a context manager so the browser and its profile always go away."""

    def __init__(self, width: int = 1400, height: int = 1000) -> None:
        self.width, self.height = width, height
        self._ids = itertools.count(1)
        self._process: subprocess.Popen | None = None
        self._profile: tempfile.TemporaryDirectory | None = None
        self._socket: ClientConnection | None = None
        self._closing = contextlib.ExitStack()

    def __enter__(self) -> Browser:
        binary = chromium.find()
        if binary is None:
            raise PillarsError("bi: no Chromium found (install chromium or set PILLARS_CHROMIUM)")
        self._profile = tempfile.TemporaryDirectory(prefix="pillars-devtools-")
        profile = Path(self._profile.name)
        command = [binary, *chromium.FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                   f"--window-size={self.width},{self.height}", "--hide-scrollbars", "about:blank"]  # fmt: skip
        # its own process group: Chromium's helpers (renderers, GPU, crash handler) can outlive the browser
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        try:
            self._attach(profile)
        except BaseException:
            self.__exit__()  # a half-started browser must not outlive the failure
            raise
        return self

    def _attach(self, profile: Path) -> None:
        port = self._devtools_port(profile / "DevToolsActivePort")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            pages = [t for t in json.load(response) if t.get("type") == "page"]
        if not pages:
            raise PillarsError("bi: Chromium opened no page to drive")
        socket = connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=10)
        self._socket = self._closing.enter_context(socket)
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip

    def _devtools_port(self, active_port: Path) -> int:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise PillarsError(f"bi: Chromium exited with code {self._process.returncode} at start")
            if active_port.exists() and active_port.read_text().strip():
                return int(active_port.read_text().split()[0])
            time.sleep(0.1)
        raise PillarsError(f"bi: Chromium opened no DevTools port within {START_SECONDS}s")

    def __exit__(self, *exc: object) -> None:
        self._closing.close()
        if self._process is not None:
            chromium.stop(self._process)
        if self._profile is not None:
            chromium.remove_profile(self._profile)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One DevTools command; events arriving meanwhile are skipped."""
        if self._socket is None:
            raise PillarsError("bi: the browser is not open")
        message_id = next(self._ids)
        self._socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        deadline = time.monotonic() + CALL_SECONDS
        while time.monotonic() < deadline:
            message = json.loads(self._socket.recv(timeout=CALL_SECONDS))
            if message.get("id") != message_id:
                continue
            if "error" in message:
                raise PillarsError(f"bi: DevTools {method} failed: {message['error'].get('message')}")
            return message.get("result", {})
        raise PillarsError(f"bi: DevTools {method} got no answer within {CALL_SECONDS}s")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise PillarsError(f"bi: script failed in the page: {text}")
        return result.get("result", {}).get("value")

    def open(self, url: str, seconds: float = 60) -> None:
        """Navigate and wait for the document to finish loading."""
        self.call("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'", seconds, f"{url} to load")

    def wait_for(self, condition: str, seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.evaluate(f"Boolean({condition})"):
                return
            time.sleep(0.5)
        raise PillarsError(f"bi: waited {seconds:.0f}s for {what}")

    def screenshot(self, png: Path, height: int | None = None) -> Path:
        """A PNG of the page, ``height`` pixels tall (default: the window)."""
        clip = {"x": 0, "y": 0, "width": self.width, "height": height or self.height, "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", clip=clip)["data"]
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(base64.b64decode(data))
        return png
