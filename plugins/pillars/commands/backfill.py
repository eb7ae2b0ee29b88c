"""``pillars backfill --start D --end D``: the nightly DAGs for each date, through Airflow, in order."""

from __future__ import annotations

import argparse

from pillars.cli_args import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backfill",
        help="run every ingest DAG, then transform-and-publish, then the report, for each date (through Airflow)",
    )
    parser.add_argument("--start", required=True, type=iso_date, help="first date, YYYY-MM-DD")
    parser.add_argument("--end", required=True, type=iso_date, help="last date, YYYY-MM-DD (inclusive)")
    parser.add_argument("--no-report", action="store_true", help="skip the Phase II report DAG")
    parser.add_argument(
        "--transform",
        choices=["last", "each"],
        default="last",
        help="run transform-and-publish after the last date (default) or after each date, as nightly runs do",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.errors import PillarsError
    from pillars.orchestration.runner import date_range, nothing_landed, run_dates

    if args.end < args.start:
        raise PillarsError(f"--end {args.end} is before --start {args.start}")
    outcomes = run_dates(date_range(args.start, args.end), report=not args.no_report, transform=args.transform)
    failed = 0
    for outcome in outcomes:
        mark = "ok     " if outcome.state == "success" else "FAILED "
        if outcome.state == "success" and outcome.failed_tasks:
            mark = "PARTIAL"  # e.g. one partner's broken file; the other partners loaded
        detail = f" (failed: {', '.join(outcome.failed_tasks)})" if outcome.failed_tasks else ""
        print(f"{mark} {outcome.logical_date} {outcome.dag_id} {outcome.seconds:.1f}s{detail}")
        failed += outcome.state != "success"
    for empty in nothing_landed(date_range(args.start, args.end)):
        print(f"nothing landed: {empty}")
    return 1 if failed else 0
