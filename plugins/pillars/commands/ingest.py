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
    """Every selected partner feed in turn; one that fails is reported and the rest still load. The last
    line sums the night up, and the exit status is non-zero when any delivery failed."""
    from pillars.load.failures import log, one_line
    from pillars.load.ingest import select_partner_feeds
    from pillars.load.nightly import load_partner_for_date

    problems: list[str] = []
    files = 0
    selected = select_partner_feeds(args.feed, args.partner)
    for item in selected:
        try:
            outcome = load_partner_for_date(item.feed, item.partner_id, args.date)
        except Exception as exc:  # isolation: this partner feed fails, the others still load
            log.error("partner %s, feed %s: ingest failed", item.partner_id, item.feed, exc_info=True)
            problem = f"partner {item.partner_id}, feed {item.feed}: {one_line(exc)}"
            problems.append(problem)
            print(f"error: {problem}")
            continue
        partition = outcome.partition
        files += len(partition.batches)
        for batch in partition.batches:
            print(batch.summary())
        if partition.withdrawn:
            print(f"{item.partner_id}/{item.feed} {args.date}: {partition.withdrawn} withdrawn file(s) superseded")
        for notice in outcome.notices:
            print(f"warning: {notice}")
        for problem in outcome.problems:
            problems.append(problem)
            print(f"error: {problem}")
    verdict = f"{len(problems)} problem(s); see the errors above and ops.batches" if problems else "no problems"
    print(f"ingest {args.date}: {len(selected)} partner feed(s), {files} file(s) handled, {verdict}")
    return 1 if problems else 0
