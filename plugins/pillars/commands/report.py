"""``pillars report``: render the Phase II report from the published reporting schema and print its paths."""

from __future__ import annotations

import argparse
import webbrowser

from pillars.cli_args import iso_date
from pillars.errors import PillarsError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="render the Phase II report (HTML, figures JSON, PDF) from 'reporting'")
    parser.add_argument(
        "--date", type=iso_date, default=None, help="report as of this date (default: today in the council's time zone)"
    )
    parser.add_argument("--open", action="store_true", help="open the HTML report in a browser afterwards")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.reporting import render_report

    result = render_report(args.date)
    print(f"report:  {result.html_path}")
    print(f"latest:  {result.latest_path}")
    print(f"figures: {result.figures_path}")
    print(f"pdf:     {result.pdf_path}" if result.pdf_path else "pdf:     skipped (no Chromium found)")
    if args.open and not webbrowser.open(result.latest_path.as_uri()):
        raise PillarsError(f"report: no browser to open {result.latest_path}; open it by hand")
    return 0
