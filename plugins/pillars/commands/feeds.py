"""``pillars feeds ...``: list feeds and partners, validate a partner file against its contract.

Thin: the work lives in :mod:`pillars.feeds`. A ``generate`` sub-command (synthetic partner files) is
added by :func:`register_generate` when a synthetic-data module is installed in the package.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path

from pillars.cli_args import iso_date
from pillars.errors import PillarsError
from pillars.feeds.contract import get_contract, load_contracts
from pillars.feeds.registry import get_partner, load_partners, partners_for_feed
from pillars.feeds.validate import Rejection, open_feed_file
from pillars.privacy.tokens import Tokeniser

# Modules that may provide ``register_generate(feeds_subparsers)``; the first one present wins.
GENERATE_MODULES = ("pillars.feeds.generate", "pillars.synthetic")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("feeds", help="list partner feeds, validate a partner file")
    feeds_sub = parser.add_subparsers(dest="feeds_command", metavar="SUBCOMMAND", parser_class=type(parser))
    feeds_sub.required = True

    listing = feeds_sub.add_parser("list", help="feeds (contracts) and the partners that send them")
    listing.set_defaults(handler=run_list)

    validate = feeds_sub.add_parser("validate", help="check a partner file against its feed contract")
    validate.add_argument("file", type=Path, help="the partner file (.csv, .jsonl, .xlsx)")
    validate.add_argument("--feed", required=True, help="feed name, e.g. victim_services")
    validate.add_argument("--partner", help="partner id, e.g. tx_dfps (checks the partner sends this feed)")
    validate.add_argument(
        "--date",
        type=iso_date,
        help="the delivery's logical date, YYYY-MM-DD, which plausibility bounds are relative to (default: today)",
    )
    validate.add_argument(
        "--max-problems", type=int, default=0, help="print at most this many row problems (default: all)"
    )
    validate.set_defaults(handler=run_validate)

    register_generate(feeds_sub)


def register_generate(feeds_sub: argparse._SubParsersAction) -> None:
    """Let the synthetic-data module add ``pillars feeds generate`` without this file knowing its options."""
    for name in GENERATE_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            continue
        module = importlib.import_module(name)
        hook = getattr(module, "register_generate", None)
        if hook is not None:
            hook(feeds_sub)
            return


def run_list(args: argparse.Namespace) -> int:
    contracts = load_contracts()
    print("FEEDS")
    for feed, contract in sorted(contracts.items()):
        senders = ", ".join(p.id for p in partners_for_feed(feed)) or "-"
        print(
            f"  {feed:<24} phase {contract.phase:<3} pillars {','.join(contract.pillars):<40} "
            f"formats {','.join(contract.formats):<14} partners {senders}"
        )
    print("\nPARTNERS")
    for partner in load_partners().values():
        print(f"  {partner.id:<22} {partner.kind:<16} {partner.name}")
        for item in partner.feeds:
            via = f" via connection {item.connection_id}" if item.connection_id else ""
            print(f"      {item.feed:<24} {item.transport:<5} {item.format:<9} {item.cadence}{via}")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Validate one file; whatever stops it is one line on stderr (the traceback, if any, in the log)."""
    from pillars.load.failures import log, one_line

    try:
        return _validate(args)
    except PillarsError as exc:
        print(f"pillars: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        log.error("validate %s failed", args.file, exc_info=True)
        print(f"pillars: file {args.file}: {one_line(exc)}", file=sys.stderr)
        return 1


def _validate(args: argparse.Namespace) -> int:
    contract = get_contract(args.feed)
    if args.partner:
        partner = get_partner(args.partner)
        if partner.feed(contract.feed) is None:
            sends = ", ".join(f.feed for f in partner.feeds) or "nothing"
            raise PillarsError(f"partner {partner.id} does not send {contract.feed} (it sends {sends})")
    try:
        tokeniser = Tokeniser.from_env()
    except PillarsError:
        tokeniser = Tokeniser.ephemeral()  # validation stores no token, so any key will do
    feed_file = open_feed_file(
        args.file, contract, tokeniser=tokeniser, partner_id=args.partner, delivery_date=args.date
    )
    info = feed_file.info
    details = [f"format {feed_file.format}"]
    if info.encoding:
        details.append(f"encoding {info.encoding}")
    if info.delimiter:
        details.append(f"delimiter {_delimiter_name(info.delimiter)}")
    print(f"{args.file}: feed {contract.feed}; " + ", ".join(details))
    for note in info.notes:
        print(f"{args.file}: note: {note}")
    if feed_file.unknown_columns:
        print(f"{args.file}: note: ignored unknown column(s): {', '.join(feed_file.unknown_columns)}")
    shown = 0
    for item in feed_file:
        if type(item) is Rejection:
            shown += 1
            if not args.max_problems or shown <= args.max_problems:
                print(f"{args.file}:{item.describe()}")
    if args.max_problems and shown > args.max_problems:
        print(f"{args.file}: ... {shown - args.max_problems} more problem(s) not shown")
    total = feed_file.rows_ok + feed_file.rows_rejected
    print(f"{args.file}: {total} row(s): {feed_file.rows_ok} valid, {feed_file.rows_rejected} rejected")
    return 1 if feed_file.rows_rejected else 0


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "TAB", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, repr(delimiter))
