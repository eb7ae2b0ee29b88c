"""Generate partner deliveries for a range of dates: every partner in the registry, every feed it sends.

Layout:
- file feeds: ``<landing>/<partner>/<feed>/<YYYY-MM-DD>/<feed>_<YYYYMMDD>.<csv|jsonl|xlsx>``;
- http feeds: the records the partner's API serves, ``<api_dir>/<partner>/<feed>/<YYYY-MM-DD>.jsonl``
  (default ``partner_api/`` beside the landing folder, where :mod:`pillars.partner_api.server` reads);
- the manifest: ``<local>/synthetic/manifest-<seed>.json`` (never in landing): files with their row and
  defect counts, and the generated people (names, birth dates) so tests can scan the warehouse for them.

Deliveries follow the registry's cadence: daily every day, weekly on Mondays, monthly on the first
weekday of the month, quarterly on the first weekday of a Texas fiscal quarter (September, December,
March, June). A range of seven days or more also gets one delivery, on its first day, of any feed whose
cadence falls outside it, so a demo week exercises every feed. Each file is seeded by (seed, partner,
feed, date), so a day's files are identical whatever range they were generated in.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from pillars import settings
from pillars.feeds.declarations.contract import get_contract
from pillars.feeds.declarations.registry import PartnerFeed, load_partners
from pillars.privacy.files import private_dir, tighten_tree, write_private_text
from pillars.synthetic import defects, rows, writers
from pillars.synthetic.people import build_pool

PERIOD_DAYS = {"daily": 1, "weekly": 7, "monthly": 30, "quarterly": 91}
FISCAL_QUARTER_MONTHS = (3, 6, 9, 12)
CP1252_SHARE = 0.2  # of the CSV files of partners whose exports are Windows-1252 now and then
CP1252_PARTNERS = ("gulf_coast_survivors", "central_tx_alliance", "houston_pd")


def _first_weekday(year: int, month: int) -> date:
    day = date(year, month, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def is_due(cadence: str, day: date) -> bool:
    """Whether a partner with this cadence delivers on ``day``."""
    if cadence == "daily":
        return True
    if cadence == "weekly":
        return day.weekday() == 0
    if cadence == "monthly":
        return day == _first_weekday(day.year, day.month)
    if cadence == "quarterly":
        return day.month in FISCAL_QUARTER_MONTHS and day == _first_weekday(day.year, day.month)
    raise ValueError(f"unknown cadence {cadence!r}")


def delivery_days(cadence: str, days: list[date]) -> list[date]:
    due = [d for d in days if is_due(cadence, d)]
    if not due and len(days) >= 7:
        due = [days[0]]
    return due


def _row_count(item: PartnerFeed, scale: float, rng: random.Random) -> int:
    feed = item.feed
    if feed in rows.ROWS_PER_SNAPSHOT:
        base = rows.ROWS_PER_SNAPSHOT[feed]
    else:
        per_day = rows.PARTNER_ROWS_PER_DAY.get((item.partner_id, feed), rows.ROWS_PER_DAY[feed])
        base = per_day * PERIOD_DAYS[item.cadence]
    return max(1, round(base * scale * rng.uniform(0.8, 1.2)))


class GeneratedManifest(dict):
    """What :func:`generate` wrote: the manifest's JSON as a dict, plus typed accessors.

    A dict so callers (and the JSON file) keep one shape; keys: seed, start, days, scale, defect_rate,
    landing_dir, api_dir, totals {files, rows, defect_rows}, files [{partner_id, feed, logical_date, format,
    rows, defects {kind: n}, landing, path, encoding?, delimiter?}], persons [{person, first_name, last_name,
    date_of_birth, sex, identified_by, served_by, namesake_of, spellings}], defendants, reporters,
    manifest_path.
    """

    @property
    def path(self) -> Path:
        return Path(self["manifest_path"])

    @property
    def files(self) -> list[dict]:
        return self["files"]

    @property
    def persons(self) -> list[dict]:
        return self["persons"]

    @property
    def totals(self) -> dict:
        return self["totals"]


def _api_dir(out_dir: Path | None) -> Path:
    if out_dir is not None:
        return out_dir.parent / "partner_api"
    from pillars.partner_api.server import default_data_dir

    return default_data_dir()


def generate(
    start: date,
    days: int,
    seed: int,
    scale: float = 1.0,
    defect_rate: float = defects.DEFAULT_DEFECT_RATE,
    *,
    out_dir: Path | None = None,
    api_dir: Path | None = None,
    manifest_dir: Path | None = None,
) -> GeneratedManifest:
    """Write every partner's deliveries for ``days`` days from ``start``; returns the manifest (also written).

    ``out_dir`` replaces the landing folder (then the API data and the manifest go beside it, in
    ``partner_api/`` and ``synthetic/``). ``scale`` multiplies row counts; ``defect_rate`` is the share
    of rows given a defect.
    """
    landing = Path(out_dir) if out_dir is not None else settings.landing_dir()
    api_root = Path(api_dir) if api_dir is not None else _api_dir(Path(out_dir) if out_dir else None)
    manifests = Path(manifest_dir) if manifest_dir else (
        landing.parent / "synthetic" if out_dir is not None else settings.local_dir() / "synthetic"
    )  # fmt: skip
    for tree in (landing, api_root, manifests):  # files an earlier version wrote world-readable
        tighten_tree(tree)
    dates = [start + timedelta(days=i) for i in range(days)]
    people = build_pool(seed, scale, start)
    used: dict = {}
    defendants: list[dict] = []
    reporters: list[dict] = []
    files: list[dict] = []
    for partner in load_partners().values():
        for item in partner.feeds:
            for day in delivery_days(item.cadence, dates):
                delivery = rows.Delivery(
                    item.partner_id, partner.name, partner.kind, item.feed, day, PERIOD_DAYS[item.cadence], people
                )
                entry = _write_delivery(item, delivery, seed, scale, defect_rate, landing, api_root)
                files.append(entry)
                used.update(delivery.used)
                defendants += delivery.defendants
                reporters += delivery.reporters
    total_rows = sum(f["rows"] for f in files)
    total_defects = sum(sum(f["defects"].values()) for f in files)
    manifest = GeneratedManifest(
        {
            "seed": seed,
            "start": start.isoformat(),
            "days": days,
            "scale": scale,
            "defect_rate": defect_rate,
            "landing_dir": str(landing),
            "api_dir": str(api_root),
            "totals": {"files": len(files), "rows": total_rows, "defect_rows": total_defects},
            "files": files,
            "persons": [people_entry.manifest() for _, people_entry in sorted(used.items())],
            "defendants": defendants,
            "reporters": reporters,
        }
    )
    private_dir(manifests)
    path = manifests / f"manifest-{seed}.json"
    write_private_text(path, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    manifest["manifest_path"] = str(path)
    return manifest


def _write_delivery(
    item: PartnerFeed,
    delivery: rows.Delivery,
    seed: int,
    scale: float,
    defect_rate: float,
    landing: Path,
    api_root: Path,
) -> dict:
    rng = random.Random(f"{seed}|{item.partner_id}|{item.feed}|{delivery.day.isoformat()}")  # noqa: S311
    contract = get_contract(item.feed)
    built = rows.BUILDERS[item.feed](delivery, rng, _row_count(item, scale, rng))
    api = item.transport == "http"
    built, counts = defects.inject(built, contract, rng, defect_rate, api=api)
    entry = {
        "partner_id": item.partner_id,
        "feed": item.feed,
        "logical_date": delivery.day.isoformat(),
        "format": item.format,
        "rows": len(built),
        "defects": counts,
        "landing": not api,
    }
    if api:
        folder = private_dir(api_root / item.partner_id / item.feed, root=api_root)
        path = folder / f"{delivery.day.isoformat()}.jsonl"
        writers.write_jsonl(path, built, contract)
        return {**entry, "path": str(path)}
    folder = private_dir(landing / item.partner_id / item.feed / delivery.day.isoformat(), root=landing)
    style = writers.style_for(item.partner_id, contract)
    stem = f"{item.feed}_{delivery.day:%Y%m%d}"
    if item.format == "csv":
        path = folder / f"{stem}.csv"
        wanted = "cp1252" if item.partner_id in CP1252_PARTNERS and rng.random() < CP1252_SHARE else None
        encoding = writers.write_csv(path, built, contract, style, encoding=wanted)
        return {**entry, "path": str(path), "encoding": encoding, "delimiter": style.delimiter}
    if item.format == "jsonl":
        path = folder / f"{stem}.jsonl"
        writers.write_jsonl(path, built, contract, camel=rng.random() < 0.5)
        return {**entry, "path": str(path)}
    path = folder / f"{stem}.xlsx"
    writers.write_xlsx(path, built, contract, style)
    return {**entry, "path": str(path)}
