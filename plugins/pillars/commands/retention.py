"""``pillars retention run [--feed F] [--partner P] [--date D] [--days N]``: purge landed files past retention."""

from __future__ import annotations

import argparse

from pillars.cli_args import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("retention", help="delete landed partner files once their retention has passed")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    run = actions.add_parser(
        "run", help="purge files of gated batches older than PILLARS_LANDING_RETENTION_DAYS (the ledger keeps them)"
    )
    run.add_argument("--feed", default=None, help="one feed's files only")
    run.add_argument("--partner", default=None, help="one partner's files only")
    run.add_argument("--date", type=iso_date, default=None, help="one logical date's files only (YYYY-MM-DD)")
    run.add_argument("--days", type=int, default=None, help="override PILLARS_LANDING_RETENTION_DAYS")
    run.set_defaults(handler=run_retention)


def run_retention(args: argparse.Namespace) -> int:
    from pillars.errors import PillarsError
    from pillars.privacy.retention import purge_landed_files

    if args.days is not None and args.days < 0:
        raise PillarsError("--days must be 0 or more")
    print(purge_landed_files(args.feed, args.days, args.partner, args.date).summary())
    return 0
