"""``pillars ingest --date D [--feed F] [--partner P]``: load what partners delivered for a date."""

from __future__ import annotations

import argparse

from pillars.cli_args import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("ingest", help="load the partner deliveries that landed for a logical date")
    parser.add_argument("--date", required=True, type=iso_date, help="logical date, YYYY-MM-DD")
    parser.add_argument("--feed", help="only this feed")
    parser.add_argument("--partner", help="only this partner")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.load.ingest import select_partner_feeds
    from pillars.load.nightly import load_partner_for_date

    failed = 0
    for item in select_partner_feeds(args.feed, args.partner):
        outcome = load_partner_for_date(item.feed, item.partner_id, args.date)
        partition = outcome.partition
        for batch in partition.batches:
            print(batch.summary())
        if partition.withdrawn:
            print(f"{item.partner_id}/{item.feed} {args.date}: {partition.withdrawn} withdrawn file(s) superseded")
        for notice in outcome.notices:
            print(f"warning: {notice}")
        for problem in outcome.problems:
            failed += 1
            print(f"error: {problem}")
    return 1 if failed else 0
