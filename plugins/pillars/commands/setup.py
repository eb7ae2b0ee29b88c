"""``pillars setup``: secrets, Airflow home and metadata DB, dbt manifest (after ``pillars db up``)."""

from __future__ import annotations

import argparse

from pillars.setup_local import prepare


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("setup", help="prepare this machine: token key, Airflow home, dbt manifest")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    for line in prepare():
        print(line)
    return 0
