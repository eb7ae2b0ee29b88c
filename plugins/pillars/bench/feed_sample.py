"""The ingestion benchmark's input: a made-up victim_services CSV of any size (no real names).

``make bench`` (:mod:`pillars.bench.ingest`) times it through the full path, the Python side alone,
psql ``\\copy`` and pandas.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from pillars.feeds.declarations.codes import codes
from pillars.privacy.files import open_private

_FIRST = ["Maria", "José", "Ana", "Luis", "Jessica", "Ashley", "Carlos", "Emily", "Aaliyah", "Nguyen", "Kim"]
_LAST = ["Garcia", "O'Neil", "Smith", "Hernández", "Johnson", "Lopez", "Brown", "Davis", "Tran", "Wilson"]
_COUNTIES = ["Harris", "Dallas County", "TRAVIS CO", "48029", "Bexar", "El Paso", "201", "Tarrant County"]
HEADER = [
    "Client ID",
    "First Name",
    "Last Name",
    "DOB",
    "Sex",
    "Intake Date",
    "County",
    "Age Band",
    "Gender",
    "Trafficking Type",
    "Referral Source",
    "Service Category",
    "Service Date",
    "Exit Date",
    "Exit Outcome",
]


def write_sample(path: Path, rows: int, seed: int = 7) -> None:
    """A made-up victim_services file: clients repeat across services, as in real deliveries."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    services = codes("service_category")
    with open_private(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            client = rng.randrange(max(rows // 8, 1))
            crng = random.Random(client)  # noqa: S311
            writer.writerow(
                [
                    f"C{client:07d}",
                    crng.choice(_FIRST) + ("" if client % 3 else f" {chr(65 + client % 26)}"),
                    crng.choice(_LAST) + str(client % 97),
                    f"{crng.randrange(1960, 2010)}-{crng.randrange(1, 13):02d}-{crng.randrange(1, 29):02d}",
                    crng.choice(["female", "male", "Female", "MALE"]),
                    f"{crng.randrange(1, 13):02d}/{crng.randrange(1, 29):02d}/2024",
                    rng.choice(_COUNTIES),
                    rng.choice(["18_24", "25_34", "12_17", "35_49"]),
                    rng.choice(["female", "male", "transgender", "unknown"]),
                    rng.choice(["sex", "labor", "both"]),
                    rng.choice(["ngo", "law_enforcement", "hotline", "self"]),
                    rng.choice(services),
                    f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                    "" if i % 5 else f"2025-0{rng.randrange(1, 10)}-15",
                    "" if i % 5 else "goals_met",
                ]
            )
