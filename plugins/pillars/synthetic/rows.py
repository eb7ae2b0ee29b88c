"""One builder per feed: the rows a partner would send for one delivery, as canonical Python values.

Values are keyed by the contract's column names; the writers choose each partner's header spellings and
formats. Every generated date except a birth date is in 2015 or later and every birth date before 2015,
so a scan for birth dates in the warehouse cannot mistake a service date for one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pillars import settings
from pillars.feeds.declarations.codes import codes
from pillars.synthetic import vocab
from pillars.synthetic.people import Person, known_to, spell


@dataclass
class Delivery:
    """What a row builder needs to know about the delivery it fills."""

    partner_id: str
    partner_name: str
    partner_kind: str
    feed: str
    day: date
    period_days: int
    people: list[Person]
    used: dict[int, Person] = field(default_factory=dict)
    defendants: list[dict] = field(default_factory=list)
    reporters: list[dict] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return "".join(part[0] for part in self.partner_id.split("_")).upper() + self.partner_id[-2:].upper()

    def person(self, rng: random.Random) -> Person | None:
        pool = known_to(self.people, self.partner_id, self.feed)
        if not pool:
            return None
        chosen = rng.choice(pool)
        self.used[chosen.index] = chosen
        return chosen

    def recent(self, rng: random.Random, days: int | None = None) -> date:
        """A date inside this delivery's period (ending on the delivery day)."""
        return self.day - timedelta(days=rng.randrange(max(1, days or self.period_days)))


def _county(rng: random.Random, person: Person | None = None) -> str:
    name, fips = person.county if person is not None and rng.random() < 0.8 else vocab.pick_county(rng)
    return vocab.county_spelling(rng, name, fips)


def _weighted(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


def _stamp(day: date, rng: random.Random) -> datetime:
    zone = ZoneInfo(settings.council_timezone())
    return datetime.combine(day, time(rng.randrange(7, 22), rng.randrange(60), rng.randrange(60)), tzinfo=zone)


def _age_band(dob: date, on: date) -> str:
    age = (on - dob).days // 365
    for bound, band in ((12, "under_12"), (18, "12_17"), (25, "18_24"), (35, "25_34"), (50, "35_49")):
        if age < bound:
            return band
    return "50_plus"


TRAFFICKING = {"sex": 0.62, "labor": 0.22, "both": 0.08, "unknown": 0.08}
AGENCY_TYPE_BY_KIND = {"law_enforcement": "law_enforcement", "state_agency": "child_welfare", "ngo": "ngo"}


def victim_identifications(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    rows = []
    for i in range(n):
        p = None if rng.random() < ANONYMOUS_IDENTIFICATION_SHARE else d.person(rng)
        when = d.recent(rng)
        minor = p is not None and (when - p.date_of_birth).days < 18 * 365
        referred = rng.random() < 0.7
        first, last = (
            (spell(rng, d.partner_id, p.first_name), spell(rng, d.partner_id, p.last_name)) if p else (None, None)
        )
        if p:
            p.spellings.add(f"{first.strip()} {last.strip()}")
        rows.append(
            {
                "identification_id": f"{d.tag}-{d.day:%Y%m%d}-{i:04d}",
                "identification_date": when,
                "county": _county(rng, p),
                "identifying_agency_type": AGENCY_TYPE_BY_KIND.get(d.partner_kind)
                or _weighted(rng, {"law_enforcement": 5, "child_welfare": 2, "ngo": 2, "health_care": 1, "hotline": 1}),
                "agency_name": d.partner_name,
                "trafficking_type": _weighted(rng, TRAFFICKING),
                "age_group": "minor" if minor else "adult",
                "nationality_group": _weighted(
                    rng, {"us_citizen": 0.7, "lawful_permanent_resident": 0.08, "foreign_national": 0.22}
                ),
                "referred_to_services": referred,
                "referred_to": rng.choice(vocab.ORGANISATIONS["ngo"]) if referred else None,
                "person_first_name": first,
                "person_last_name": last,
                "person_date_of_birth": p.date_of_birth if p else None,
                "person_sex": p.sex if p else "unknown",
            }
        )
    return rows


def victim_services(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    rows = []
    services = codes("service_category")
    for _ in range(n):
        p = d.person(rng)
        if p is None:
            break
        service_day = d.recent(rng)
        intake = max(date(2015, 1, 1), service_day - timedelta(days=rng.randrange(0, 400)))
        exited = rng.random() < 0.1
        first, last = spell(rng, d.partner_id, p.first_name), spell(rng, d.partner_id, p.last_name)
        p.spellings.add(f"{first.strip()} {last.strip()}")
        rows.append(
            {
                "client_record_id": f"{d.tag}-C{p.index:05d}",
                "client_first_name": first,
                "client_last_name": last,
                "client_date_of_birth": p.date_of_birth,
                "client_sex": p.sex,
                "intake_date": intake,
                "county": _county(rng, p),
                "age_band": _age_band(p.date_of_birth, intake),
                "gender": p.sex if rng.random() < 0.95 else rng.choice(["transgender", "non_binary", "unknown"]),
                "trafficking_type": _weighted(rng, TRAFFICKING),
                "referral_source": rng.choice(codes("referral_source")),
                "service_category": rng.choice(services),
                "service_date": service_day,
                "exit_date": service_day if exited else None,
                "exit_outcome": rng.choice(codes("exit_outcome")) if exited else None,
            }
        )
    return rows


STATUTES = {"20A.02": 6, "20A.03": 1.5, "43.03": 1, "43.04": 1, "43.05": 1.5, "43.021": 2, "43.25": 0.7}
DISPOSITIONS = {"pending": 5, "dismissed": 1, "acquitted": 0.3, "convicted_plea": 2.5, "convicted_trial": 0.6,
                "deferred_adjudication": 0.6}  # fmt: skip


def prosecution_cases(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    rows = []
    pools = vocab.name_pools()
    for i in range(n):
        filed = max(date(2019, 1, 1), d.day - timedelta(days=rng.randrange(0, 900)))
        disposition = _weighted(rng, DISPOSITIONS)
        decided = disposition != "pending"
        convicted = disposition.startswith("convicted")
        statutes = sorted({_weighted(rng, STATUTES) for _ in range(rng.choice((1, 1, 2, 3)))})
        defendants = rng.choice((1, 1, 1, 2, 2, 3, 5))
        names = []
        for _ in range(min(defendants, 3)):
            first = rng.choice(pools["male" if rng.random() < 0.8 else "female"])
            names.append(f"{first} {rng.choice(pools['last'])}")
        d.defendants.extend({"name": name, "partner_id": d.partner_id} for name in names)
        rows.append(
            {
                "case_id": f"{d.tag}-{d.day:%Y%m%d}-{i:03d}",
                "county": _county(rng),
                "filing_date": filed,
                "statutes": statutes,
                "trafficking_type": _weighted(rng, {"sex": 7, "labor": 2, "both": 1}),
                "defendant_count": defendants,
                "victim_count": rng.choice((0, 1, 1, 1, 2, 2, 3, 4, 6, 12)),
                "disposition": disposition,
                "disposition_date": min(d.day, filed + timedelta(days=rng.randrange(60, 700))) if decided else None,
                "sentence_months": float(rng.choice((24, 60, 120, 180, 300, 1200))) if convicted else None,
                "updated_at": _stamp(d.day, rng),
                "defendant_names": "; ".join(names),
            }
        )
    return rows


def intelligence_referrals(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    kinds = list(vocab.ORGANISATIONS)
    rows = []
    for i in range(n):
        received = _stamp(d.recent(rng), rng)
        to_kind = rng.choice(kinds)
        actioned = received + timedelta(hours=rng.randrange(1, 240)) if rng.random() < 0.75 else None
        reporter = None
        if rng.random() < 0.4:
            pools = vocab.name_pools()
            reporter = f"{rng.choice(pools['female'] + pools['male'])} {rng.choice(pools['last'])}"
            phone = f"({rng.choice((713, 214, 210, 512, 915, 956))}) 555-{rng.randrange(10000):04d}"
            d.reporters.append({"name": reporter, "phone": phone, "partner_id": d.partner_id})
        rows.append(
            {
                "referral_id": f"{d.tag}-R{d.day:%Y%m%d}{i:04d}",
                "source_agency": d.partner_name,
                "source_agency_kind": d.partner_kind
                if d.partner_kind in codes("organisation_kind")
                else "state_agency",
                "receiving_agency": rng.choice(vocab.ORGANISATIONS[to_kind]),
                "receiving_agency_kind": to_kind,
                "received_at": received,
                "actioned_at": actioned if actioned is None or actioned.date() <= d.day else None,
                "county": _county(rng),
                "category": rng.choice(codes("intelligence_category")),
                "outcome": rng.choice(codes("intelligence_outcome")) if actioned else None,
                "reporter_name": reporter,
                "reporter_phone": d.reporters[-1]["phone"] if reporter else None,
                "narrative": "Caller reported a possible trafficking situation; details withheld.",
            }
        )
    return rows


def program_inventory(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    """The survey is a snapshot: the same programs every month (seeded by position), budgets drift."""
    rows = []
    kinds = list(vocab.ORGANISATIONS)
    for i in range(n):
        prng = random.Random(f"program|{i}")  # noqa: S311 - the program itself is stable across months
        kind = prng.choice(kinds)
        org = prng.choice(vocab.ORGANISATIONS[kind])
        name = f"{prng.choice(vocab.PROGRAM_WORDS)} Program {i + 1}"
        if i < len(FUNDED_PROGRAMS):  # the state-funded programs answer the survey too: spend meets inventory
            kind, (org, name) = "state_agency", FUNDED_PROGRAMS[i]
        pillars = sorted(prng.sample(codes("pillar"), k=prng.choice((1, 1, 2, 3))))
        counties = [vocab.county_spelling(prng, *vocab.pick_county(prng)) for _ in range(prng.choice((1, 2, 4)))]
        rows.append(
            {
                "organisation_name": org,
                "organisation_kind": kind,
                "program_name": name,
                "pillars_served": pillars,
                "services_offered": sorted(prng.sample(codes("service_category"), k=prng.randrange(1, 6))),
                "counties_served": counties,
                "populations_served": sorted(prng.sample(codes("population"), k=prng.randrange(1, 4))),
                "capacity": prng.randrange(5, 400),
                "evidence_based_model": prng.choice([*vocab.EVIDENCE_MODELS, None, None]),
                "annual_budget": round(prng.uniform(20_000, 4_000_000) * rng.uniform(0.97, 1.03), 2),
                "funding_sources": sorted(prng.sample(codes("funding_source"), k=prng.randrange(1, 4))),
                "outcome_measures": prng.choice(["housing stability; safety", "case closure rate", None]),
                "contact_name": "Program Office",
                "contact_email": f"program{i + 1}@example.org",
                "contact_phone": "(512) 555-0100",
            }
        )
    return rows


def partnerships(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    kinds = list(vocab.ORGANISATIONS)
    rows = []
    for i in range(n):
        prng = random.Random(f"partnership|{d.partner_id}|{i}")  # noqa: S311 - stable across deliveries
        a_kind, b_kind = prng.choice(kinds), prng.choice(kinds)
        start = date(2015, 1, 1) + timedelta(days=prng.randrange(0, (d.day - date(2015, 1, 1)).days or 1))
        ended = prng.random() < 0.15
        rows.append(
            {
                "partnership_id": f"{d.tag}-P{i:04d}",
                "organisation_a": prng.choice(vocab.ORGANISATIONS[a_kind]),
                "organisation_a_kind": a_kind,
                "organisation_b": prng.choice(vocab.ORGANISATIONS[b_kind]),
                "organisation_b_kind": b_kind,
                "partnership_type": prng.choice(codes("partnership_type")),
                "level": prng.choice(codes("partnership_level")),
                "county": _county(prng) if prng.random() < 0.8 else None,
                "start_date": start,
                "end_date": min(d.day, start + timedelta(days=prng.randrange(180, 1500))) if ended else None,
            }
        )
    return rows


AUDIENCES = {"students_k12": 5, "educators": 2, "parents_caregivers": 2, "general_public": 3, "law_enforcement": 1.5,
             "health_care_workers": 1.5, "hospitality": 1}  # fmt: skip


def prevention_activities(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    audiences = codes("audience")
    weights = {a: AUDIENCES.get(a, 0.7) for a in audiences}
    rows = []
    for i in range(n):
        audience = _weighted(rng, weights)
        rows.append(
            {
                "activity_id": f"{d.tag}-A{d.day:%Y%m%d}{i:04d}",
                "activity_date": d.recent(rng),
                "county": _county(rng),
                "audience": audience,
                "people_reached": int(rng.lognormvariate(3.3, 0.9)) + 1,
                "curriculum": rng.choice(vocab.CURRICULA),
                "evidence_based": rng.random() < 0.45,
                "demand_reduction": rng.random() < 0.2,
            }
        )
    return rows


HTCDS_CITIZENSHIP = {"US": 6, "MX": 3, "HN": 2, "GT": 2, "SV": 1, "VN": 1, "CN": 1}


def htcds_cases(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    """Cases as an HTCDS v2.0 case system exports them: the standard's picklist values, multiselects as
    lists, and the identifiers the template carries (names, birthdate, contact, address) -- which the
    contract never lets reach the warehouse."""
    pools = vocab.name_pools()
    rows = []
    for _ in range(n):
        feminine = rng.random() < 0.7
        gender = _weighted(rng, {"Feminine": 14, "Masculine": 5, "TransgenderFeminine": 1, "NonConforming": 1})
        exploitation = _weighted(
            rng, {"SexualExploitation": 13, "ForcedLabour": 5, "SexualExploitation;ForcedLabour": 2, "Other": 1}
        ).split(";")
        birth = date(rng.randrange(1960, 2012), rng.randrange(1, 13), rng.randrange(1, 29))
        referral = d.recent(rng)
        labour = "ForcedLabour" in exploitation
        rows.append(
            {
                "con_consent": rng.random() < 0.9,
                "prs_first_name": rng.choice(pools["female" if feminine else "male"]),
                "prs_second_name": rng.choice(pools["last"]),
                "prs_birthdate": birth,
                "prs_gender": gender,
                "prs_citizenship": sorted({_weighted(rng, HTCDS_CITIZENSHIP) for _ in range(rng.choice((1, 1, 2)))}),
                "prs_email": None,
                "prs_mobile_phone": f"+1832555{rng.randrange(10_000):04d}" if rng.random() < 0.5 else None,
                "prs_mailing_country": "US",
                "prs_mailing_state": "TX",
                "vic_trafficking_status": _weighted(
                    rng, {"ActualVictimOfTrafficking": 3, "PossibleVictimOfTrafficking": 2}
                ),
                "vic_trafficking_status_decision_making_org": rng.choice(codes("htcds_decision_making_org")),
                "vic_age_when_trafficked": max(0, referral.year - birth.year - rng.randrange(0, 6)),
                "vic_method_of_recruitment": rng.sample(codes("htcds_method_of_recruitment"), k=rng.choice((0, 1, 2))),
                "vic_methods_of_control": rng.sample(codes("htcds_methods_of_control")[:16], k=rng.randrange(0, 4)),
                "vic_type_of_exploitation": exploitation,
                "vic_forced_labour_industry": [rng.choice(codes("htcds_forced_labour_industry"))] if labour else [],
                "vic_type_of_sex_exploitation": ["Prostitution"] if "SexualExploitation" in exploitation else [],
                "cas_status": _weighted(rng, {"Active": 5, "FollowUp": 2, "Closed": 2, "ClosedReferred": 1}),
                "cas_incoming_referral_date": referral,
                "cas_reason_for_incoming_referral": rng.choice(codes("htcds_referral_reason")),
                "hte_country": "US",
                "hte_state": "TX",
                "hte_type": "Exploitation",
            }
        )
    return rows


PROGRAMS_BY_AGENCY = {
    "Office of the Governor": ["Child Sex Trafficking Team", "Victim Services Grants"],
    "Office of the Attorney General": ["Human Trafficking Prosecution", "Victim Assistance"],
    "Texas Department of Family and Protective Services": ["Care Coordination", "Placement Services"],
    "Texas Health and Human Services Commission": ["Survivor Services", "Prevention Education"],
    "Texas Department of Public Safety": ["Anti-Trafficking Unit"],
}


FUNDED_PROGRAMS = [(agency, program) for agency, programs in PROGRAMS_BY_AGENCY.items() for program in programs]


def funding_expenditures(d: Delivery, rng: random.Random, n: int) -> list[dict]:
    """The quarter just closed (Texas fiscal year from 1 September)."""
    fiscal_year = d.day.year + (1 if d.day.month >= 9 else 0)
    quarter = ((d.day.month - 9) % 12) // 3  # the quarter before the one this day opens
    if quarter == 0:
        quarter, fiscal_year = 4, fiscal_year - 1
    rows = []
    for agency, programs in PROGRAMS_BY_AGENCY.items():
        for program in programs:
            prng = random.Random(f"funding|{agency}|{program}")  # noqa: S311 - stable program mix
            for pillar in sorted(prng.sample(codes("pillar"), k=2)):
                for source in sorted(prng.sample(codes("funding_source"), k=2)):
                    obligated = round(prng.uniform(50_000, 3_000_000) * rng.uniform(0.9, 1.1), 2)
                    rows.append(
                        {
                            "fiscal_year": fiscal_year,
                            "fiscal_quarter": quarter,
                            "agency": agency,
                            "program_name": program,
                            "pillar": pillar,
                            "funding_source": source,
                            "obligated_amount": obligated,
                            "expended_amount": round(obligated * rng.uniform(0.4, 1.0), 2),
                        }
                    )
    return rows[: max(n, 1)] if n < len(rows) else rows


BUILDERS: dict[str, Callable[[Delivery, random.Random, int], list[dict]]] = {
    "victim_identifications": victim_identifications,
    "victim_services": victim_services,
    "prosecution_cases": prosecution_cases,
    "intelligence_referrals": intelligence_referrals,
    "program_inventory": program_inventory,
    "partnerships": partnerships,
    "prevention_activities": prevention_activities,
    "htcds_cases": htcds_cases,
    "funding_expenditures": funding_expenditures,
}

# Rows per day of activity at scale 1 (snapshot feeds: rows per delivery, whatever the cadence), so a
# quiet day brings a few hundred rows across all feeds and a Monday or the first of a month a few thousand.
ROWS_PER_DAY = {
    "victim_identifications": 6,
    "victim_services": 25,
    "prosecution_cases": 5,
    "intelligence_referrals": 5,
    "prevention_activities": 3,
    "htcds_cases": 2,
}
# The statewide senders write far more than a local partner: tips and identifications from every DPS
# region, case updates from the Attorney General's whole docket, Houston's unit, DFPS's caseworkers.
PARTNER_ROWS_PER_DAY = {
    ("tx_dps", "victim_identifications"): 60,
    ("tx_dps", "intelligence_referrals"): 120,
    ("tx_oag", "prosecution_cases"): 40,
    ("houston_pd", "victim_identifications"): 10,
    ("houston_pd", "intelligence_referrals"): 15,
    ("tx_dfps", "victim_identifications"): 8,
    ("tx_dfps", "victim_services"): 40,
    ("harris_da", "prosecution_cases"): 8,
    ("tx_tea", "prevention_activities"): 6,
}
ROWS_PER_SNAPSHOT = {"program_inventory": 150, "partnerships": 50, "funding_expenditures": 40}
ANONYMOUS_IDENTIFICATION_SHARE = 0.2  # identified, but no name or birth date recorded (yet)
