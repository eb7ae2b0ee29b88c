"""Render the partner registry (``partners.yml``) as the dbt seed ``partner_feeds.csv``.

The Phase II completeness mart needs to know who *should* have delivered what and how often; the ledger
only knows what arrived. The registry stays the single statement of that fact: this module derives the
seed from it, and a unit test fails when the committed seed no longer matches the registry.
Regenerate with ``python -m pillars.feeds.codegen.registry_seed``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pillars import settings
from pillars.feeds.declarations.registry import load_partners

SEED_COLUMNS = ("partner_id", "partner_name", "partner_kind", "feed", "transport", "format", "cadence")


def seed_path() -> Path:
    """Where dbt reads the seed from."""
    return settings.dbt_project_dir() / "seeds" / "partner_feeds.csv"


def partner_feed_rows(registry: Path | None = None) -> list[dict[str, str]]:
    """One row per (partner, feed) delivery in registry order; no connection ids (nothing secret-adjacent)."""
    rows = []
    for partner in load_partners(registry).values():
        for feed in partner.feeds:
            rows.append(
                {
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "partner_kind": partner.kind,
                    "feed": feed.feed,
                    "transport": feed.transport,
                    "format": feed.format,
                    "cadence": feed.cadence,
                }
            )
    return rows


def render_partner_feeds_csv(registry: Path | None = None) -> str:
    """The seed's exact text (LF line ends, header first) so the up-to-date check is a string compare."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SEED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(partner_feed_rows(registry))
    return out.getvalue()


def write_partner_feeds_seed(path: Path | None = None) -> Path:
    """Write the seed (default: the dbt project's seeds folder) and return its path."""
    target = path or seed_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_partner_feeds_csv(), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_partner_feeds_seed())
