"""``pillars dbt ARGS``: dbt against the warehouse as the transformer role."""

from __future__ import annotations

import argparse

from pillars.transform.dbt import run_dbt


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("dbt", help="run dbt in dbt_project/ as pillars_transformer (e.g. 'pillars dbt build')")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rest = args.args[1:] if args.args[:1] == ["--"] else args.args
    return run_dbt(rest or ["--help"], check=False).returncode
