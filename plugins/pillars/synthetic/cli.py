"""``pillars feeds generate``: the arguments and the handler, hooked in by ``commands/feeds.py``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pillars.synthetic.defects import DEFAULT_DEFECT_RATE


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def add_generate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", required=True, type=_iso_date, help="first logical date, YYYY-MM-DD")
    parser.add_argument("--days", type=int, default=7, help="number of days (default 7)")
    parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed writes the same files")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply row counts (default 1.0)")
    parser.add_argument(
        "--defect-rate",
        type=float,
        default=DEFAULT_DEFECT_RATE,
        help=f"share of rows given a realistic defect (default {DEFAULT_DEFECT_RATE})",
    )
    parser.add_argument("--out-dir", type=Path, help="landing folder to write into (default: the landing folder)")


def run_generate(args: argparse.Namespace) -> int:
    from pillars.errors import PillarsError
    from pillars.synthetic.generate import generate

    if args.days < 1 or args.scale <= 0 or not 0 <= args.defect_rate < 1:
        raise PillarsError("--days must be at least 1, --scale above 0 and --defect-rate in [0, 1)")
    manifest = generate(
        start=args.start,
        days=args.days,
        seed=args.seed,
        out_dir=args.out_dir,
        scale=args.scale,
        defect_rate=args.defect_rate,
    )
    totals = manifest["totals"]
    print(
        f"generated {totals['files']} file(s), {totals['rows']} row(s) ({totals['defect_rows']} with a defect) "
        f"for {args.days} day(s) from {args.start} into {manifest['landing_dir']}"
    )
    print(f"partner API data in {manifest['api_dir']}; manifest {manifest['manifest_path']}")
    return 0


def register_generate(feeds_sub: argparse._SubParsersAction) -> None:
    """Add ``generate`` under ``pillars feeds`` (called by :mod:`pillars.commands.feeds`)."""
    parser = feeds_sub.add_parser("generate", help="synthetic partner files for every partner, with defects")
    add_generate_arguments(parser)
    parser.set_defaults(handler=run_generate)
