"""The survivors, defendants and reporters the synthetic partners write about.

One pool per seed and scale, independent of the dates generated, so a day's files are the same whichever
range they were generated in. A survivor is known to one identifying agency and often to one or two
service providers -- the overlap the unduplicated-survivor count must resolve by tokens -- and partners
spell the same name differently ("José O'Brien", "JOSE OBRIEN"), all normalising to the same token.
A few different people share a name but not a birth date.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from pillars.feeds.declarations.registry import partners_for_feed
from pillars.synthetic import vocab

NAMESAKE_SHARE = 0.04
POOL_SIZE = 1500  # survivors at scale 1: enough that a week rarely sees one person twice at one partner


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@dataclass
class Person:
    index: int
    first_name: str
    last_name: str
    date_of_birth: date
    sex: str
    county: tuple[str, str]
    identified_by: str
    served_by: tuple[str, ...]
    namesake_of: int | None = None
    spellings: set[str] = field(default_factory=set)

    def manifest(self) -> dict:
        return {
            "person": self.index,
            "first_name": strip_accents(self.first_name),
            "last_name": strip_accents(self.last_name),
            "date_of_birth": self.date_of_birth.isoformat(),
            "sex": self.sex,
            "identified_by": self.identified_by,
            "served_by": list(self.served_by),
            "namesake_of": self.namesake_of,
            "spellings": sorted(self.spellings),
        }


# How each partner's case system writes names (others keep them as typed, accents included).
NAME_STYLES = {"tx_dps": "upper_ascii", "houston_pd": "ascii", "tx_hhsc": "upper"}


def spell(rng: random.Random, partner_id: str, name: str) -> str:
    """``name`` as this partner writes it; now and then a typing variant that normalises the same."""
    style = NAME_STYLES.get(partner_id, "as_is")
    text = {"upper_ascii": strip_accents(name).upper(), "ascii": strip_accents(name), "upper": name.upper()}.get(
        style, name
    )
    roll = rng.random()
    if roll < 0.04:
        text = text.replace("'", "").replace("-", " ")
    elif roll < 0.07:
        text = text.lower()
    elif roll < 0.09:
        text = f" {text} "
    return text


def build_pool(seed: int, scale: float, start: date) -> list[Person]:
    """The survivors for a seed: born at least 12 years before ``start`` and (for the leak scans) before 2015."""
    rng = random.Random(f"{seed}|people")  # noqa: S311 - made-up people, not secrets
    pools = vocab.name_pools()
    identifiers = [p.id for p in partners_for_feed("victim_identifications")]
    providers = [p.id for p in partners_for_feed("victim_services")]
    size = max(40, int(POOL_SIZE * scale))
    latest_birth = min(date(start.year - 12, 12, 31), date(2014, 12, 31))
    earliest_birth = date(start.year - 62, 1, 1)
    span = (latest_birth - earliest_birth).days
    people: list[Person] = []
    for index in range(size):
        sex = "female" if rng.random() < 0.72 else "male"
        first = rng.choice(pools[sex])
        last = rng.choice(pools["last"])
        namesake = None
        if people and rng.random() < NAMESAKE_SHARE:
            other = rng.choice(people)
            first, last, sex, namesake = other.first_name, other.last_name, other.sex, other.index
        # minors are over-represented among identified victims
        if rng.random() < 0.3:
            dob = latest_birth - timedelta(days=rng.randrange(0, 6 * 365))
        else:
            dob = earliest_birth + timedelta(days=rng.randrange(span))
        if namesake is not None and dob == people[namesake].date_of_birth:
            dob -= timedelta(days=400)
        served = tuple(sorted(rng.sample(providers, k=min(len(providers), rng.choice((0, 1, 1, 1, 2))))))
        people.append(
            Person(index, first, last, dob, sex, vocab.pick_county(rng), rng.choice(identifiers), served, namesake)
        )
    return people


def known_to(people: list[Person], partner_id: str, feed: str) -> list[Person]:
    """The survivors a partner writes about in a feed (identified by it, or its clients)."""
    if feed == "victim_identifications":
        return [p for p in people if p.identified_by == partner_id]
    return [p for p in people if partner_id in p.served_by]
