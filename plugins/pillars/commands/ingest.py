"""``pillars ingest --date D [--feed F] [--partner P]``: load what partners delivered for a date."""

from __future__ import annotations

import argparse
from datetime import date


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("ingest", help="load the partner deliveries that landed for a logical date")
    parser.add_argument("--date", required=True, type=_iso_date, help="logical date, YYYY-MM-DD")
    parser.add_argument("--feed", help="only this feed")
    parser.add_argument("--partner", help="only this partner")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.load.ingest import ingest_date

    failed = 0
    for partition in ingest_date(args.date, args.feed, args.partner):
        for batch in partition.batches:
            print(batch.summary())
        if partition.withdrawn:
            print(
                f"{partition.partner_id}/{partition.feed} {partition.logical_date}: "
                f"{partition.withdrawn} withdrawn file(s) superseded"
            )
        for error in partition.errors:
            failed += 1
            print(f"error: {error}")
    return 1 if failed else 0
