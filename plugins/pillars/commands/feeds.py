"""``pillars feeds ...``: list feeds and partners, validate a partner file against its contract.

Thin: the work lives in :mod:`pillars.feeds`. A ``generate`` sub-command (synthetic partner files) is
added by :func:`register_generate` when a synthetic-data module is installed in the package.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path

from pillars.cli_args import iso_date
from pillars.errors import PillarsError
from pillars.feeds.declarations.contract import get_contract, load_contracts
from pillars.feeds.declarations.mapping import get_mapping
from pillars.feeds.declarations.propose import mapping_yaml, propose
from pillars.feeds.declarations.registry import get_partner, load_partners, partner_mapping, partners_for_feed
from pillars.feeds.parsing.drift import describe, layout_hint
from pillars.feeds.parsing.validate import Rejection, open_feed_file
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
        "--mapping", help="a mapping name or YAML file (default: the partner's mapping in partners.yml, if any)"
    )
    validate.add_argument(
        "--max-problems", type=int, default=0, help="print at most this many row problems (default: all)"
    )
    validate.set_defaults(handler=run_validate)

    mapper = feeds_sub.add_parser("map", help="propose a partner mapping (YAML) from a sample of its own export")
    mapper.add_argument("file", type=Path, help="a sample of the partner's export (.csv, .xlsx)")
    mapper.add_argument("--feed", required=True, help="the feed the export is a delivery of")
    mapper.add_argument("--partner", help="partner id: names the mapping (default: from the file name)")
    mapper.add_argument("--out", type=Path, help="where to write the YAML (default: ./<mapping name>.yml)")
    mapper.set_defaults(handler=run_map)

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


def _user_errors(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A sub-command whose PillarsError -- or any error, the traceback going to the log -- is one line on
    stderr and exit 1, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        from pillars.load.failures import log, one_line

        try:
            return command(args)
        except PillarsError as exc:
            print(f"pillars: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:
            log.error("pillars feeds %s failed", getattr(args, "feeds_command", ""), exc_info=True)
            where = f"file {args.file}: " if getattr(args, "file", None) else ""
            print(f"pillars: {where}{one_line(exc)}", file=sys.stderr)
            return 1

    return run


def _validate(args: argparse.Namespace) -> int:
    contract = get_contract(args.feed)
    mapping = get_mapping(args.mapping) if getattr(args, "mapping", None) else None
    if args.partner:
        partner = get_partner(args.partner)
        if partner.feed(contract.feed) is None:
            sends = ", ".join(f.feed for f in partner.feeds) or "nothing"
            raise PillarsError(f"partner {partner.id} does not send {contract.feed} (it sends {sends})")
        mapping = mapping or partner_mapping(partner.id, contract.feed)
    try:
        tokeniser = Tokeniser.from_env()
    except PillarsError:
        tokeniser = Tokeniser.ephemeral()  # validation stores no token, so any key will do
    feed_file = open_feed_file(
        args.file, contract, tokeniser=tokeniser, partner_id=args.partner, mapping=mapping, delivery_date=args.date
    )
    info = feed_file.info
    details = [f"format {feed_file.format}"]
    if info.encoding:
        details.append(f"encoding {info.encoding}")
    if info.delimiter:
        details.append(f"delimiter {_delimiter_name(info.delimiter)}")
    if mapping is not None:
        details.append(f"mapping {mapping.name}")
    print(f"{args.file}: feed {contract.feed}; " + ", ".join(details))
    for note in info.notes:
        print(f"{args.file}: note: {note}")
    notes_shown = len(info.notes)
    if feed_file.ignored_columns:
        print(f"{args.file}: note: column(s) the mapping ignores: {', '.join(feed_file.ignored_columns)}")
    shown = 0
    for item in feed_file:
        if type(item) is Rejection:
            shown += 1
            if not args.max_problems or shown <= args.max_problems:
                print(f"{args.file}:{item.describe()}")
    if args.max_problems and shown > args.max_problems:
        print(f"{args.file}: ... {shown - args.max_problems} more problem(s) not shown")
    for note in info.notes[notes_shown:]:  # met while reading the rows
        print(f"{args.file}: note: {note}")
    drift = describe(feed_file.unknown_cells(), feed_file.validator.header_keys())
    for line in drift:
        print(f"{args.file}: problem: {line}")
    layout = layout_hint(feed_file.unknown_cells(), contract.feed) if mapping is None else None
    if layout:
        print(f"{args.file}: hint: {layout} (try --mapping)")
    total = feed_file.rows_ok + feed_file.rows_rejected
    print(f"{args.file}: {total} row(s): {feed_file.rows_ok} valid, {feed_file.rows_rejected} rejected")
    if drift:
        print(f"{args.file}: {len(drift)} unknown column(s) would not be stored (schema drift)")
    return 1 if feed_file.rows_rejected or drift else 0


def _map(args: argparse.Namespace) -> int:
    contract = get_contract(args.feed)
    if args.partner:
        get_partner(args.partner)
    name = args.partner or re.sub(r"[^a-z0-9]+", "_", args.file.stem.lower()).strip("_") or "partner"
    if not name[0].isalpha():
        name = f"partner_{name}"
    proposals, missing = propose(args.file, contract)
    for p in proposals:
        if p.column is None:
            print(f"  {p.header!r:<32} does not map: map it or declare it 'ignore'")
            continue
        how = "known spelling" if p.native else f"name {p.score:.2f}, values fit {p.fit:.0%}"
        extra = f", date_format {p.date_format}" if p.date_format else ""
        extra += f", values {p.values}" if p.values else ""
        print(f"  {p.header!r:<32} -> {p.column} ({how}{extra})")
        if p.unplaced_values:
            print(f"  {'':<32}    values not placed: {', '.join(p.unplaced_values[:10])} (add them under values:)")
    for column in missing:
        print(f"  required column {column} is not in the file: map a header to it or give it under constants:")
    out = args.out or Path(f"{name}.yml")
    out.write_text(mapping_yaml(out.stem, contract, proposals, args.file), encoding="utf-8")
    print(
        f"wrote {out}: review it, then copy it to plugins/pillars/feeds/declarations/mappings/"
        " and name it in partners.yml"
    )
    return 1 if missing or any(p.column is None for p in proposals) else 0


run_validate = _user_errors(_validate)
run_map = _user_errors(_map)


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "TAB", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, repr(delimiter))
