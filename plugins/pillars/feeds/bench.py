"""Throughput benchmark of the parse/validate/tokenise path on a victim_services-like CSV.

Run ``python -m pillars.feeds.bench [ROWS]``; prints rows per second on one core. The file is made up
here (no real names) so the benchmark needs nothing but the package.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from pillars.feeds.codes import codes
from pillars.feeds.validate import Rejection, copy_line, open_feed_file
from pillars.privacy.tokens import Tokeniser

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
    with path.open("w", newline="", encoding="utf-8") as handle:
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


def run(rows: int = 300_000) -> tuple[float, float]:
    """Rows per second of (parse + validate + tokenise) and of the same plus COPY text formatting."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "victim_services.csv"
        write_sample(path, rows)
        rates = []
        for with_copy in (False, True):
            tokeniser = Tokeniser(b"benchmark-key-not-a-secret-0123456789")
            start = time.perf_counter()
            feed_file = open_feed_file(path, "victim_services", tokeniser=tokeniser)
            if with_copy:
                for item in feed_file:
                    if type(item) is not Rejection:
                        copy_line(item.values)
            else:
                for _item in feed_file:
                    pass
            rates.append(rows / (time.perf_counter() - start))
    print(
        f"victim_services CSV, {rows} rows ({feed_file.rows_ok} ok, {feed_file.rows_rejected} rejected), one core: "
        f"parse+validate+tokenise {rates[0]:,.0f} rows/s; with COPY text formatting {rates[1]:,.0f} rows/s"
    )
    return rates[0], rates[1]


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 300_000)
