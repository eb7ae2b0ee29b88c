"""Headless Chromium for the report's PDF (and the tests' screenshot), when it is installed.

Chromium runs with a throw-away profile and every background network feature off, so printing a
report never reaches the internet or leaves state behind. A missing browser is not an error: the HTML
is the report; the PDF is a convenience.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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
    with tempfile.TemporaryDirectory(prefix="pillars-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", *action, html.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PillarsError(f"report: Chromium did not finish within {TIMEOUT_SECONDS}s for {html}") from exc
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
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
