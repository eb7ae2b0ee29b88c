"""UN M49 regions of the ISO 3166 countries: the ladder CTDC climbs when a country would identify someone.

CTDC publishes a citizenship or a country of exploitation as its UN M49 sub-region or region when the country
itself is too rare (``citizenshipUNRegion``); ``pillars export htcds`` does the same. The table is the seed
``un_m49_countries`` (``dbt_project/seeds/reference``), rendered from the ``country_converter`` package's data
(a dev dependency, GPL-3.0: only its facts are copied, never its code, and nothing imports it at run time) by
``pillars.feeds.codegen.dbt_sources.write_sources`` -- never downloaded at run time.

``country_converter`` gives each country its lowest M49 grouping: an intermediate region where M49 has one
(Caribbean, Eastern Africa, ...), else the sub-region. The two levels above are M49's own, fixed hierarchy,
stated below.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError

SEED = "un_m49_countries"
COLUMNS = ("iso_alpha2", "iso_alpha3", "m49_code", "intermediate_region", "sub_region", "region")

# M49 intermediate regions and the sub-region that holds each.
SUB_REGION_OF_INTERMEDIATE = {
    "Caribbean": "Latin America and the Caribbean",
    "Central America": "Latin America and the Caribbean",
    "South America": "Latin America and the Caribbean",
    "Eastern Africa": "Sub-Saharan Africa",
    "Middle Africa": "Sub-Saharan Africa",
    "Southern Africa": "Sub-Saharan Africa",
    "Western Africa": "Sub-Saharan Africa",
}
# M49 sub-regions and the region (continent grouping) that holds each.
REGION_OF_SUB_REGION = {
    "Northern Africa": "Africa",
    "Sub-Saharan Africa": "Africa",
    "Latin America and the Caribbean": "Americas",
    "Northern America": "Americas",
    "Central Asia": "Asia",
    "Eastern Asia": "Asia",
    "South-eastern Asia": "Asia",
    "Southern Asia": "Asia",
    "Western Asia": "Asia",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}


def seed_path() -> Path:
    return settings.dbt_project_dir() / "seeds" / "reference" / f"{SEED}.csv"


def rows_from_package() -> list[tuple[str, ...]]:
    """(alpha2, alpha3, m49, intermediate, sub-region, region) of every current country the package places
    in M49; obsolete codes (Netherlands Antilles) and Antarctica, which M49 places nowhere, are left out."""
    from importlib import resources

    data = resources.files("country_converter") / "country_data.tsv"
    rows = []
    with data.open(encoding="utf-8") as handle:
        for entry in csv.DictReader(handle, delimiter="\t"):
            lowest = entry["UNregion"].strip()
            if entry["obsolete"].strip() or not entry["ISO2"].strip() or lowest == "Antarctica" or not lowest:
                continue
            intermediate = lowest if lowest in SUB_REGION_OF_INTERMEDIATE else ""
            sub_region = SUB_REGION_OF_INTERMEDIATE.get(lowest, lowest)
            if sub_region not in REGION_OF_SUB_REGION:
                raise PillarsError(f"country_converter: '{lowest}' ({entry['ISO2']}) is not an M49 grouping known here")
            code = entry["UNcode"].strip()
            rows.append(
                (
                    re.findall(r"[A-Z]{2}", entry["ISO2"])[0],  # GB is written ^GB$|^UK$ there
                    entry["ISO3"].strip(),
                    code.zfill(3) if code else "",
                    intermediate,
                    sub_region,
                    REGION_OF_SUB_REGION[sub_region],
                )
            )
    return sorted(rows)


@functools.cache
def _table(path: Path) -> dict[str, dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return {row["iso_alpha2"]: row for row in csv.DictReader(handle)}
    except OSError as exc:
        raise PillarsError(f"{path}: cannot read the UN M49 table ({exc}); run write_sources") from None


def countries(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The seed's rows by ISO alpha-2 code."""
    return _table(path or seed_path())


def sub_region(alpha2: str) -> str | None:
    """The M49 sub-region of a country (``Northern America``), or None when M49 places it nowhere."""
    row = countries().get(alpha2.strip().upper())
    return row["sub_region"] if row else None


def region(alpha2: str) -> str | None:
    """The M49 region of a country (``Americas``), or None when M49 places it nowhere."""
    row = countries().get(alpha2.strip().upper())
    return row["region"] if row else None
