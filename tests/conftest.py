"""Shared fixtures: the real embedded warehouse, started and bootstrapped once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("PILLARS_HOME", str(ROOT))


def run_pillars(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, as a person would run it."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "pillars"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def warehouse() -> None:
    """The embedded warehouse, up and bootstrapped (idempotent: `make test` already started it)."""
    from pillars import settings
    from pillars.setup_local import ensure_token_key
    from pillars.warehouse import bootstrap, cluster, credentials

    if credentials.uses_embedded_cluster():
        cluster.up()
    bootstrap.bootstrap()
    ensure_token_key()
    settings.use_local_token_key()
