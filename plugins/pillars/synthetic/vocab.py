"""Word lists the generator draws from: Texas counties (from addfips), names, agencies, curricula.

Names that are also a county, an agency or a code label are dropped, so a test that scans the warehouse
for the generated people's names never mistakes "Harris County" for a leaked surname.
"""

from __future__ import annotations

import csv
import functools
import random
import re
from importlib import resources

from pillars.feeds.declarations.codes import code_labels, code_lists
from pillars.feeds.declarations.registry import load_partners

# Relative weight of identifications, services and cases by county: the big metro counties and the
# border and I-35/I-10/I-45 corridors dominate; every other county appears now and then.
COUNTY_WEIGHTS = {
    "Harris": 30, "Dallas": 16, "Bexar": 12, "Tarrant": 12, "Travis": 8, "El Paso": 6, "Hidalgo": 6,
    "Collin": 4, "Denton": 4, "Fort Bend": 4, "Cameron": 4, "Webb": 4, "Nueces": 3, "Montgomery": 3,
    "Williamson": 3, "Lubbock": 2, "Jefferson": 2, "McLennan": 2, "Galveston": 2, "Brazoria": 2, "Bell": 2,
    "Smith": 1.5, "Maverick": 1.5, "Val Verde": 1, "Midland": 1, "Ector": 1, "Potter": 1, "Brazos": 1,
}  # fmt: skip
OTHER_COUNTY_WEIGHT = 0.08

FEMALE = [
    "Maria", "María", "Ana", "Sofía", "Lucía", "Verónica", "Inés", "Guadalupe", "Jessica", "Ashley", "Brittany",
    "Amber", "Destiny", "Aaliyah", "Jasmine", "Kayla", "Samantha", "Emily", "Hannah", "Alyssa", "Brianna",
    "Vanessa", "Yesenia", "Marisol", "Alejandra", "Daniela", "Gabriela", "Mariana", "Ximena", "Thuy", "Linh",
    "Mai", "Precious", "Imani", "Tatiana", "Oksana", "Svetlana", "Fatima", "Aisha", "Priya", "Rosa", "Esperanza",
    "Leticia", "Araceli", "Noemí", "Dulce", "Karina", "Stephanie", "Tiffany", "Crystal", "Monique", "Keisha",
]  # fmt: skip
MALE = [
    "José", "Jesús", "Andrés", "Ramón", "Héctor", "Luis", "Carlos", "Miguel", "Juan", "Pedro", "Alejandro",
    "Diego", "Mateo", "Javier", "Marco", "Tuan", "Minh", "Kwame", "Emeka", "Tyrone", "DeShawn", "Marcus",
    "Brandon", "Tyler", "Kevin", "Rajesh", "Oleksandr", "Dmitri", "Omar", "Yusuf", "Ernesto", "Rigoberto",
]  # fmt: skip
LAST = [
    "García", "Martínez", "Hernández", "López", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Torres",
    "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz",
    "Álvarez", "Mendoza", "Castillo", "Jiménez", "Vásquez", "Romero", "Herrera", "Medina", "Aguilar", "Vargas",
    "Guzmán", "Salazar", "Muñoz", "Núñez", "Ibáñez", "De la Cruz", "De León", "Villarreal", "Cantu", "Garza",
    "Treviño", "Saenz", "Nguyen", "Tran", "Pham", "Huynh", "Vo", "Okafor", "Mensah", "Adeyemi", "Williams",
    "Johnson", "Davis", "Miller", "Thompson", "Robinson", "Lewis", "Washington", "Jefferson-Price", "O'Brien",
    "O'Neal", "D'Souza", "McAllister", "Patel", "Shah", "Kowalski", "Petrov", "Shevchenko", "Abdullah", "Haddad",
    "Kim", "Park", "Bui", "Delgado", "Espinoza", "Fuentes", "Cervantes", "Benavides", "Zamora", "Quintanilla",
]  # fmt: skip

CURRICULA = [
    "Not a Number", "PROTECT Texas", "Safe Dates", "My Life My Choice", "Trafficking 101", "Be Internet Awesome",
    "Hospitality Awareness Module", "Truckers Against Trafficking", "Faith Community Toolkit", "Demand Zero",
]  # fmt: skip
EVIDENCE_MODELS = ["Trauma-Focused CBT", "Seeking Safety", "Motivational Interviewing", "Housing First"]
PROGRAM_WORDS = ["Survivor", "Youth", "Outreach", "Shelter", "Legal", "Task Force", "Prevention", "Advocacy"]
ORGANISATIONS = {
    "ngo": [
        "Gulf Coast Survivor Services",
        "Central Texas Anti-Trafficking Alliance",
        "Rio Grande Valley Hope Center",
        "Panhandle Freedom Network",
        "Coastal Bend Safe Harbor",
        "Brazos Valley Restore",
    ],
    "law_enforcement": [
        "Texas Department of Public Safety",
        "Houston Police Department",
        "San Antonio Police Department",
        "Dallas Police Department",
        "Travis County Sheriff's Office",
        "El Paso Police Department",
    ],
    "prosecutor": [
        "Office of the Attorney General",
        "Harris County District Attorney",
        "Bexar County District Attorney",
        "Dallas County District Attorney",
    ],
    "state_agency": [
        "Texas Department of Family and Protective Services",
        "Texas Health and Human Services Commission",
        "Texas Education Agency",
        "Office of the Governor",
    ],
    "federal": ["Homeland Security Investigations", "Federal Bureau of Investigation", "US Attorney's Office"],
    "health_system": ["Harris Health System", "Parkland Health", "University Health San Antonio"],
    "faith_based": ["Refuge of Light Ministries", "Catholic Charities of Texas"],
    "local_government": ["City of Houston Mayor's Office", "City of San Antonio"],
    "school_district": ["Houston Independent School District", "Austin Independent School District"],
}
COUNTRIES = ["United States", "Mexico", "Honduras", "Guatemala", "El Salvador", "Vietnam", "Philippines", "India"]
UNKNOWN_COUNTIES = ["Gotham County", "Lone Star Co", "48999", "Springfield", "Harris County TX 77002", "999"]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


@functools.cache
def texas_counties() -> tuple[tuple[str, str], ...]:
    """(name without "County", 5-digit FIPS) for the 254 Texas counties, from addfips' own data file."""
    data = resources.files("addfips") / "data"
    newest = max(p.name for p in data.iterdir() if p.name.startswith("counties_"))
    rows = []
    with (data / newest).open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["statefp"] == "48":
                rows.append((re.sub(r"\s+County$", "", row["name"]), "48" + row["countyfp"]))
    return tuple(sorted(rows, key=lambda r: r[1]))


@functools.cache
def county_weights() -> tuple[tuple[tuple[str, str], ...], tuple[float, ...]]:
    counties = texas_counties()
    return counties, tuple(COUNTY_WEIGHTS.get(name, OTHER_COUNTY_WEIGHT) for name, _ in counties)


def pick_county(rng: random.Random) -> tuple[str, str]:
    counties, weights = county_weights()
    return rng.choices(counties, weights)[0]


def county_spelling(rng: random.Random, name: str, fips: str) -> str:
    """How a partner writes a county: "Harris", "Harris County", "HARRIS CO", "48201" or "201"."""
    style = rng.random()
    if style < 0.45:
        return name
    if style < 0.7:
        return f"{name} County"
    if style < 0.82:
        return f"{name.upper()} CO"
    if style < 0.94:
        return fips
    return fips[2:]


@functools.cache
def reserved_words() -> frozenset[str]:
    """Every word the generator (or the registry, codes and counties) writes outside a person's name."""
    words: set[str] = set()
    for name, _ in texas_counties():
        words |= _words(name)
    for partner in load_partners().values():
        words |= _words(partner.name)
    for list_name in code_lists():
        for value, label in code_labels(list_name).items():
            words |= _words(label) | _words(value)
    for group in (CURRICULA, EVIDENCE_MODELS, PROGRAM_WORDS, COUNTRIES, UNKNOWN_COUNTIES, *ORGANISATIONS.values()):
        for text in group:
            words |= _words(text)
    return frozenset(words)


def _usable(names: list[str]) -> tuple[str, ...]:
    reserved = reserved_words()
    return tuple(n for n in names if not (_words(n) & reserved))


@functools.cache
def name_pools() -> dict[str, tuple[str, ...]]:
    return {"female": _usable(FEMALE), "male": _usable(MALE), "last": _usable(LAST)}
