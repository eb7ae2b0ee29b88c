"""The virtual environment dlt runs in for ``make bench``, created from PyPI with uv the first time.

dlt is a benchmark baseline, not something Pillars runs, so it stays out of ``requirements.lock``: the
lock is what Airflow's workers install, and dlt's own pins (pendulum, sqlglot, fsspec, ...) would then
have to agree with Airflow's. A separate venv keeps the production lock untouched and the version pinned.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError

DLT_REQUIREMENT = "dlt[postgres,parquet]==1.31.0"  # parquet brings pyarrow, for dlt's Arrow path


def venv_dir() -> Path:
    return settings.local_dir() / "bench-dlt-venv"


def venv_python(folder: Path | None = None) -> Path:
    return (folder or venv_dir()) / "bin" / "python"


def create_commands(folder: Path, uv: Path) -> list[list[str]]:
    """uv creates the venv on Pillars' interpreter, then installs the pinned dlt into it."""
    return [
        [str(uv), "venv", "-q", "--python", sys.executable, str(folder)],
        [str(uv), "pip", "install", "-q", "--python", str(venv_python(folder)), DLT_REQUIREMENT],
    ]


def ensure() -> Path:
    """The venv's interpreter, after creating the venv if it has no dlt yet (needs PyPI once)."""
    python = venv_python()
    if python.exists() and _imports(python, "dlt, pyarrow"):
        return python
    uv = Path(sys.executable).parent / "uv"
    if not uv.exists():
        raise PillarsError(f"no uv beside {sys.executable} to create {venv_dir()}: run 'make setup'")
    for command in create_commands(venv_dir(), uv):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = (done.stderr or done.stdout).strip().splitlines()
            raise PillarsError(f"could not install {DLT_REQUIREMENT} into {venv_dir()}: {reason[-1] if reason else ''}")
    return python


def _imports(python: Path, modules: str) -> bool:
    return subprocess.run([str(python), "-c", f"import {modules}"], capture_output=True, check=False).returncode == 0
