"""Run dbt with the warehouse credentials of ``pillars_transformer``, from any working directory.

``profiles.yml`` reads only environment variables; this module supplies them, so neither a password nor a
machine-specific path is ever written into the dbt project. It also hands dbt the council's policy values
(``pillars/policy.yml``) as ``--vars`` on every command: ``dbt_project.yml`` does not repeat them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from pillars import policy, settings
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


# dbt's command groups: the command that takes options is the word after them (``docs generate``).
_GROUPS = frozenset({"docs", "source"})
_NO_COMMAND = frozenset({"-h", "--help", "--version", "-v"})


def _runs_a_command(args: list[str]) -> bool:
    """Whether ARGS name a dbt command that takes ``--vars`` (not ``dbt --help`` or a bare ``dbt docs``)."""
    if not args or args[0].startswith("-") or _NO_COMMAND & set(args):
        return False
    return args[0] not in _GROUPS or (len(args) > 1 and not args[1].startswith("-"))


def with_policy_vars(args: list[str]) -> list[str]:
    """ARGS with ``--vars`` holding the policy values; vars the caller passed are kept and win over them."""
    if not _runs_a_command(args):
        return list(args)
    rest, given = [], {}
    words = iter(args)
    for word in words:
        if word == "--vars" or word.startswith("--vars="):
            text = word.partition("=")[2] if "=" in word else next(words, "")
            try:
                loaded = yaml.safe_load(text) if text.strip() else {}
            except yaml.YAMLError as exc:
                raise PillarsError(f"dbt --vars {text!r} is not YAML or JSON ({exc})") from None
            if not isinstance(loaded, dict):
                raise PillarsError(f"dbt --vars {text!r} must be a mapping, e.g. '{{lookback_days: 30}}'")
            given.update(loaded)
        else:
            rest.append(word)
    return [*rest, "--vars", json.dumps(policy.dbt_vars(given), sort_keys=True)]


def run_dbt(
    args: list[str], check: bool = True, quiet: bool = False, project_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``dbt ARGS`` in the project folder (or ``project_dir``), with the policy vars; a failure raises
    PillarsError with dbt's last lines."""
    result = subprocess.run(
        [_dbt_executable(), *with_policy_vars(args)],
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
    return settings.dbt_manifest()


def build_manifest() -> Path:
    """``dbt parse``: the manifest Cosmos renders the transform DAG from, so DAG parsing never runs dbt."""
    run_dbt(["parse", "--quiet"], quiet=True)
    return manifest_path()
