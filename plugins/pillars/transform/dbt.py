"""Run dbt with the warehouse credentials of ``pillars_transformer``, from any working directory.

``profiles.yml`` reads only environment variables; this module supplies them, so neither a password nor a
machine-specific path is ever written into the dbt project.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError
from pillars.warehouse import credentials


def dbt_environment(base: dict[str, str] | None = None, project_dir: Path | None = None) -> dict[str, str]:
    """``project_dir`` runs another copy of the project (e.g. an earlier commit's, to compare outputs)."""
    env = dict(os.environ if base is None else base)
    host, port = credentials.server_address()
    project = str(project_dir or settings.dbt_project_dir())
    env.update(
        {
            "DBT_PROFILES_DIR": project,
            "DBT_PROJECT_DIR": project,
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            "PILLARS_DBT_HOST": host,
            "PILLARS_DBT_PORT": str(port),
            "PILLARS_DBT_USER": credentials.TRANSFORMER_ROLE,
            "PILLARS_DBT_PASSWORD": credentials.password_for(credentials.TRANSFORMER_ROLE),
            "PILLARS_DBT_DATABASE": credentials.warehouse_database(),
        }
    )
    return env


def _dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    args: list[str], check: bool = True, quiet: bool = False, project_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``dbt ARGS`` in the project folder (or ``project_dir``); a failure raises PillarsError with dbt's
    last lines."""
    result = subprocess.run(
        [_dbt_executable(), *args],
        cwd=project_dir or settings.dbt_project_dir(),
        env=dbt_environment(project_dir=project_dir),
        capture_output=quiet,
        text=True,
        check=False,
    )
    if check and result.returncode != 0:
        tail = ""
        if quiet:
            lines = [line for line in (result.stdout or "").splitlines() if line.strip()]
            tail = ": " + " | ".join(lines[-3:]) if lines else ""
        raise PillarsError(f"'dbt {' '.join(args)}' failed with exit code {result.returncode}{tail}")
    return result


def manifest_path() -> Path:
    return settings.dbt_project_dir() / "target" / "manifest.json"


def build_manifest() -> Path:
    """``dbt parse``: the manifest Cosmos renders the transform DAG from, so DAG parsing never runs dbt."""
    run_dbt(["parse", "--quiet"], quiet=True)
    return manifest_path()
