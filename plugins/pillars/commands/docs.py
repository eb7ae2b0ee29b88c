"""``pillars docs write|check``: REPORTING.md and MODELS.md rendered from dbt's manifest."""

from __future__ import annotations

import argparse
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("docs", help="render REPORTING.md and MODELS.md from dbt's manifest, or check them")
    parser.add_argument("action", choices=["write", "check"], help="write: rewrite the files; check: fail on drift")
    parser.add_argument(
        "--manifest", type=Path, default=None, help="read this manifest instead of running 'dbt parse' first"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.transform import model_docs
    from pillars.transform.dbt import build_manifest

    manifest = model_docs.load_manifest(args.manifest or build_manifest())
    project = settings.dbt_project_dir()
    if args.action == "write":
        for path in model_docs.write(manifest, project):
            print(f"wrote {path}")
        return 0
    if stale := model_docs.stale(manifest, project):
        names = ", ".join(str(p.relative_to(project)) for p in stale)
        raise PillarsError(f"docs: {names} differ from the dbt YAML; run 'pillars docs write' (or 'make docs')")
    print("docs: REPORTING.md and MODELS.md match the dbt manifest")
    return 0
