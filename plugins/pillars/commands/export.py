"""``pillars export htcds --start D --end D [--k K] [--out FILE]``: cases for CTDC, k-anonymised."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pillars.cli_args import iso_date
from pillars.errors import PillarsError


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 2:
        raise argparse.ArgumentTypeError(f"k must be a whole number of at least 2, not {text!r}")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="warehouse data in a partner standard's layout, anonymised")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    htcds = actions.add_parser("htcds", help="HTCDS v2 cases for CTDC, k-anonymous (README: 'HTCDS export for CTDC')")
    htcds.add_argument("--start", type=iso_date, required=True, help="first logical date, YYYY-MM-DD")
    htcds.add_argument("--end", type=iso_date, required=True, help="last logical date (inclusive), YYYY-MM-DD")
    htcds.add_argument("--k", type=_positive_int, default=None, help="k (default: export_k, pillars/policy.yml)")
    htcds.add_argument("--out", type=Path, default=None, help="CSV to write (its folder is made owner-only)")
    htcds.set_defaults(handler=run_htcds)


def run_htcds(args: argparse.Namespace) -> int:
    from pillars.exports.htcds import export_htcds

    if args.end < args.start:
        raise PillarsError(f"--end {args.end} is before --start {args.start}")
    if args.out is not None:
        folder = args.out.resolve().parent
        if folder.exists() and folder.stat().st_uid != os.getuid():
            raise PillarsError(f"--out {args.out}: folder {folder} is not yours and would be made owner-only")
    result = export_htcds(args.start, args.end, args.k, args.out)
    o = result.outcome
    print(
        f"{result.rows} case(s) for {args.start}..{args.end} in {result.path}: k={result.k} over"
        f" {len(result.quasi_identifiers)} quasi-identifier column(s),"
        f" {o.groups} group(s), smallest {o.smallest_group};"
        f" {o.cells_generalised} cell(s) generalised, {o.cells_blanked} blanked,"
        f" {o.records_suppressed} record(s) suppressed (quasi-identifiers blanked), none dropped"
    )
    rungs = ", ".join(f"{'+'.join(cols)}: {level}" for cols, level in o.levels.items())
    print(f"generalisation rung per quasi-identifier (0 exact, top blank): {rungs}")
    return 0
