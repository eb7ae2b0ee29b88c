"""``pillars lint-sql [lint|fix] [PATHS]``: sqlfluff with the dbt templater, connected as the transformer."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("lint-sql", help="sqlfluff (dbt templater) over the dbt models and data tests")
    parser.add_argument("action", nargs="?", choices=["lint", "fix"], default="lint")
    parser.add_argument("paths", nargs="*", default=["dbt_project/models", "dbt_project/tests"])
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars import settings
    from pillars.transform.dbt import dbt_environment

    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    with tempfile.TemporaryDirectory(prefix="pillars-sqlfluff-") as folder:
        config = Path(folder) / "policy.cfg"
        config.write_text(_policy_config(), encoding="utf-8")
        command = [str(sqlfluff), args.action, "--config", str(config), *args.paths]
        if args.action == "fix":
            command.append("-f")
        return subprocess.run(command, cwd=settings.project_root(), env=dbt_environment(), check=False).returncode


def _policy_config() -> str:
    """An extra sqlfluff config whose dbt templater context holds the policy vars, as ``pillars dbt`` passes."""
    from pillars import policy

    lines = ["[sqlfluff:templater:dbt:context]", *(f"{name} = {value}" for name, value in policy.dbt_vars().items())]
    return "\n".join(lines) + "\n"
