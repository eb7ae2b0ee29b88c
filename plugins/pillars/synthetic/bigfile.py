"""One large victim_services CSV, fast: the ingestion benchmark's input (1,000,000 rows in seconds).

Rows are assembled from pre-rendered pieces (clients, counties, dates) rather than built one field at a
time, and about 2.5% carry the same defects as the regular generator (bad dates, unknown counties,
missing required values) so the benchmark measures the quarantine path too.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from pillars.feeds.codes import codes
from pillars.synthetic import vocab
from pillars.synthetic.people import strip_accents

HEADER = (
    "Client ID,First Name,Last Name,DOB,Sex,Intake Date,County,Age Band,Gender,Trafficking Type,"
    "Referral Source,Service Category,Service Date,Exit Date,Exit Outcome"
)
CHUNK = 20_000


def generate_victim_services_csv(path: Path, rows: int, seed: int, defect_rate: float = 0.025) -> int:
    """Write ``rows`` data rows (plus a header) to ``path``; returns the number of defective rows."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    pools = vocab.name_pools()
    counties, weights = vocab.county_weights()
    county_texts = [vocab.county_spelling(rng, n, f) for n, f in rng.choices(counties, weights, k=4096)]
    clients = []
    for index in range(max(rows // 8, 1)):
        sex = "F" if rng.random() < 0.72 else "M"
        first = rng.choice(pools["female" if sex == "F" else "male"])
        if rng.random() < 0.5:
            first = strip_accents(first)
        dob = date(1962, 1, 1) + timedelta(days=rng.randrange(0, 52 * 365))
        clients.append(f"BIG-C{index:07d},{first},{rng.choice(pools['last'])},{dob.isoformat()},{sex}")
    day0 = date(2025, 1, 1)
    dates = [(day0 + timedelta(days=i)).isoformat() for i in range(730)]
    tail = [
        f"{band},{gender},{kind},{source},{service}"
        for band in ("18_24", "25_34", "35_49", "12_17", "unknown")
        for gender in ("female", "male", "F")
        for kind in ("sex", "labor", "both", "unknown")
        for source in codes("referral_source")[:5]
        for service in codes("service_category")
    ]
    outcomes = codes("exit_outcome")
    bad = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\r\n")
        lines: list[str] = []
        choice, randrange, random_ = rng.choice, rng.randrange, rng.random
        for _ in range(rows):
            service_index = randrange(30, 730)
            intake, served = dates[service_index - randrange(0, 30)], dates[service_index]
            county = choice(county_texts)
            exit_part = f",{served},{choice(outcomes)}" if random_() < 0.1 else ",,"
            if random_() < defect_rate:
                bad += 1
                kind = randrange(3)
                if kind == 0:
                    served = "2026-02-30"
                elif kind == 1:
                    county = "Gotham County"
                else:
                    intake = ""
            lines.append(f"{choice(clients)},{intake},{county},{choice(tail)},{served}{exit_part}\r\n")
            if len(lines) >= CHUNK:
                handle.write("".join(lines))
                lines.clear()
        handle.write("".join(lines))
    return bad
