"""``pillars bench [--rows N]``: ingestion, dbt and night benchmarks (ratios against same-run baselines)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bench",
        help="benchmarks: ingestion vs \\copy and pandas; dbt full vs incremental; a night and a 30-day "
        "backfill, scheduler vs CLI; dbt output against a base commit's",
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the ingestion benchmark file")
    parser.add_argument("--only", choices=["ingest", "dbt", "night", "backfill", "sql"], help="run one benchmark")
    parser.add_argument(
        "--base", default="main", help="sql: the git revision whose dbt output the working tree must equal"
    )
    parser.add_argument("--head", help="sql: compare this git revision's dbt output instead of the working tree's")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.only in (None, "ingest"):
        from pillars.bench.ingest import run as ingest_bench

        for line in ingest_bench(args.rows):
            print(line, flush=True)
    if args.only in (None, "dbt"):
        from pillars.bench.dbt_incremental import run as dbt_bench

        for line in dbt_bench():
            print(line, flush=True)
    if args.only in (None, "night"):
        from pillars.bench.night import run as night_bench

        night_bench(emit=lambda line: print(line, flush=True))
    if args.only in (None, "backfill"):
        from pillars.bench.backfill import run as backfill_bench

        backfill_bench(emit=lambda line: print(line, flush=True))
    if args.only == "sql":  # a check for a refactor, not a benchmark: only when asked
        from pillars.bench.sql_output import run as sql_bench

        equal, lines = sql_bench(args.base, args.head)
        for line in lines:
            print(line, flush=True)
        if not equal:
            return 1
    return 0
