"""``pillars demo``: a week of synthetic partner data through the real DAGs (what ``make demo`` runs)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="generate a week of partner data and run the pipeline through Airflow")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.demo.run import main

    return main()
