"""The dbt seed of expected partner deliveries must say what partners.yml says."""

from pathlib import Path

from pillars.feeds.codegen.registry_seed import (
    SEED_COLUMNS,
    render_partner_feeds_csv,
    seed_path,
    write_partner_feeds_seed,
)
from pillars.feeds.declarations.registry import partner_feeds


def test_committed_seed_matches_the_registry():
    committed = seed_path().read_text(encoding="utf-8")
    assert committed == render_partner_feeds_csv(), (
        "dbt_project/seeds/partner_feeds.csv is stale: run 'python -m pillars.feeds.codegen.registry_seed'"
    )


def test_one_row_per_registry_delivery(tmp_path: Path):
    written = write_partner_feeds_seed(tmp_path / "partner_feeds.csv")
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(SEED_COLUMNS)
    assert len(lines) - 1 == len(partner_feeds())


def test_seed_follows_a_changed_registry(tmp_path: Path):
    registry = tmp_path / "partners.yml"
    registry.write_text(
        "partners:\n"
        "  - id: new_ngo\n    name: New NGO\n    kind: ngo\n    feeds:\n"
        "      - {feed: victim_services, transport: file, format: csv, cadence: monthly}\n",
        encoding="utf-8",
    )
    assert render_partner_feeds_csv(registry).splitlines()[1] == (
        "new_ngo,New NGO,ngo,victim_services,file,csv,monthly"
    )
