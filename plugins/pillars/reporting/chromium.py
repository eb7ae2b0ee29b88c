"""Headless Chromium for the report's PDF (and the tests' screenshot), when it is installed.

Chromium runs with a throw-away profile and every background network feature off, so printing a
report never reaches the internet or leaves state behind. A missing browser is not an error: the HTML
is the report; the PDF is a convenience.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from pillars.errors import PillarsError

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
TIMEOUT_SECONDS = 120
# Headless, throw-away, and quiet on the network (the BI test's DevTools session uses the same).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def find() -> str | None:
    """``PILLARS_CHROMIUM`` if set, else the first browser installed."""
    configured = os.environ.get("PILLARS_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _run(html: Path, *action: str) -> None:
    browser = find()
    if browser is None:
        raise PillarsError("report: no Chromium found (install chromium or set PILLARS_CHROMIUM)")
    profile = tempfile.TemporaryDirectory(prefix="pillars-chromium-")
    command = [browser, *FLAGS, f"--user-data-dir={profile.name}", *action, html.resolve().as_uri()]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise PillarsError(f"report: Chromium did not finish within {TIMEOUT_SECONDS}s for {html}") from exc
    finally:
        stop(process)
        remove_profile(profile)
    if process.returncode != 0:
        last = (stderr.strip().splitlines() or ["no message"])[-1]
        raise PillarsError(f"report: Chromium failed on {html}: {last}")


def print_pdf(html: Path, pdf: Path) -> Path | None:
    """Print ``html`` to ``pdf``; None when no browser is installed."""
    if find() is None:
        return None
    _run(html, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise PillarsError(f"report: Chromium wrote no PDF for {html}")
    return pdf


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 2400) -> Path:
    """A PNG of the top of the rendered page (what the tests look at)."""
    _run(html, f"--window-size={width},{height}", "--hide-scrollbars", f"--screenshot={png}")
    if not png.exists():
        raise PillarsError(f"report: Chromium wrote no screenshot for {html}")
    return png


def stop(process: subprocess.Popen) -> None:
    """End the browser and every helper it started. The helpers share its process group; one still writing
    into the profile after the browser exited made removing the profile fail ("Directory not empty")."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the group outlives its leader while a helper is left
    process.wait()


def remove_profile(profile: tempfile.TemporaryDirectory, seconds: float = 5) -> None:
    """Remove the profile (it holds the session's cookies), retrying while the last helper lets go of it."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            profile.cleanup()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
