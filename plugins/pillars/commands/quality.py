"""``pillars quality check-batch|gate|docs``: the Great Expectations gates by hand, as the DAGs run them."""

from __future__ import annotations

import argparse
import json

from pillars.cli_args import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("quality", help="run the raw-layer or publish quality gate, or find the Data Docs")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    check = actions.add_parser("check-batch", help="validate one loaded batch; a hard failure rejects it")
    check.add_argument("--feed", required=True, help="feed of the batch (raw.<feed>)")
    check.add_argument("--batch", required=True, help="batch id (ops.batches.batch_id)")
    check.add_argument("--dry-run", action="store_true", help="report only: never reject the batch")
    check.set_defaults(handler=run_check_batch)

    gate = actions.add_parser("gate", help="the publish checkpoint over marts and reporting_next")
    gate.add_argument("--date", required=True, type=iso_date, help="logical date, YYYY-MM-DD")
    gate.set_defaults(handler=run_gate)

    docs = actions.add_parser("docs", help="rebuild the Data Docs site and print its index path")
    docs.set_defaults(handler=run_docs)


def _report(summary: dict) -> None:
    print(json.dumps(summary, indent=2, default=str))


def run_check_batch(args: argparse.Namespace) -> int:
    from pillars.quality.raw_gate import check_batch

    result = check_batch(args.feed, args.batch, reject=not args.dry_run)
    _report(result.summary())
    return 0 if result.success else 1


def run_gate(args: argparse.Namespace) -> int:
    from pillars.quality.publish_gate import run_publish_gate

    result = run_publish_gate(args.date)
    _report(result.summary())
    return 0 if result.success else 1


def run_docs(args: argparse.Namespace) -> int:
    from pillars.quality.context import build_docs

    print(build_docs())
    return 0
