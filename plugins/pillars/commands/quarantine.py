"""``pillars quarantine export --date D [--partner P]``: rejected rows as a spreadsheet-safe CSV."""

from __future__ import annotations

import argparse

from pillars.cli_args import iso_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("quarantine", help="the rows the contracts rejected")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="a date's rejected rows as CSV (masked, formula-safe, owner-only)")
    export.add_argument("--date", type=iso_date, required=True, help="logical date, YYYY-MM-DD")
    export.add_argument("--partner", default=None, help="one partner's rows only")
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from pillars.exports.quarantine import export_rejections

    path, count = export_rejections(args.date, args.partner)
    print(f"{count} rejected row(s) for {args.date} in {path}")
    return 0
