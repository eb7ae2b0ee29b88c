"""The partner registry (``partners.yml``): who sends which feed, how, and how often.

Partners are configuration: the ingest DAG factory and the landing layout read this file, so adding a
partner is a YAML change. HTTP feeds name an Airflow connection id; a secret value never appears here,
and the loader refuses keys that look like one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pillars.errors import PillarsError
from pillars.feeds.declarations.codes import code_lists
from pillars.feeds.declarations.contract import Contract, load_contracts
from pillars.feeds.declarations.mapping import Mapping, get_mapping
from pillars.feeds.declarations.yaml_file import load_yaml

PARTNERS_FILE = Path(__file__).with_name("partners.yml")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PARTNER_KEYS = {"id", "name", "kind", "feeds"}
_FEED_KEYS = {"feed", "transport", "format", "cadence", "connection_id", "mapping"}


@dataclass(frozen=True)
class PartnerFeed:
    """One feed one partner sends: transport, format, cadence, and for http the Airflow connection id."""

    partner_id: str
    feed: str
    transport: str
    format: str
    cadence: str
    connection_id: str | None = None
    mapping: str | None = None  # the partner's own layout: mappings/<name>.yml (see pillars.feeds.declarations.mapping)


@dataclass(frozen=True)
class Partner:
    """An organisation that sends data to the council."""

    id: str
    name: str
    kind: str
    feeds: tuple[PartnerFeed, ...]

    def feed(self, feed: str) -> PartnerFeed | None:
        """This partner's delivery of ``feed``, or None when it does not send it."""
        for item in self.feeds:
            if item.feed == feed:
                return item
        return None


def _fail(path: Path, message: str) -> PillarsError:
    return PillarsError(f"{path}: {message}")


def _read_feed(path: Path, partner_id: str, raw: object, contracts: dict[str, Contract]) -> PartnerFeed:
    lists = code_lists()
    if not isinstance(raw, dict):
        raise _fail(path, f"partner '{partner_id}': each feed must be a mapping")
    unknown = set(raw) - _FEED_KEYS
    if unknown:
        raise _fail(path, f"partner '{partner_id}': unknown feed key(s) {sorted(unknown)} (secrets never go here)")
    feed = str(raw.get("feed", ""))
    where = f"partner '{partner_id}' feed '{feed}'"
    if feed not in contracts:
        raise _fail(path, f"{where}: no such feed contract (known: {', '.join(sorted(contracts))})")
    transport, fmt, cadence = (str(raw.get(k, "")) for k in ("transport", "format", "cadence"))
    for value, list_name in ((transport, "transport"), (fmt, "feed_format"), (cadence, "cadence")):
        if value not in lists[list_name]:
            raise _fail(path, f"{where}: '{value}' is not one of {', '.join(lists[list_name])}")
    if fmt not in contracts[feed].formats:
        raise _fail(path, f"{where}: format '{fmt}' is not in the contract's formats {contracts[feed].formats}")
    connection_id = raw.get("connection_id")
    if transport == "http":
        if not connection_id or not _ID.match(str(connection_id)):
            raise _fail(path, f"{where}: http feeds need a connection_id (an Airflow connection id)")
    elif connection_id is not None:
        raise _fail(path, f"{where}: connection_id only applies to http feeds")
    if (fmt == "json_api") != (transport == "http"):
        raise _fail(path, f"{where}: json_api is pulled over http and http feeds use json_api")
    mapping = raw.get("mapping")
    if mapping is not None:
        try:
            found = get_mapping(str(mapping))
        except PillarsError as exc:
            raise _fail(path, f"{where}: {exc}") from None
        if found.feed != feed:
            raise _fail(path, f"{where}: mapping '{mapping}' is for feed {found.feed}")
    return PartnerFeed(
        partner_id,
        feed,
        transport,
        fmt,
        cadence,
        str(connection_id) if connection_id else None,
        str(mapping) if mapping is not None else None,
    )


def _read(path: Path) -> dict[str, Partner]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(path, f"cannot read the partner registry ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("partners"), list):
        raise _fail(path, "expected a mapping with a 'partners' list")
    contracts = load_contracts()
    kinds = code_lists()["partner_kind"]
    partners: dict[str, Partner] = {}
    for raw in data["partners"]:
        if not isinstance(raw, dict):
            raise _fail(path, "each partner must be a mapping")
        unknown = set(raw) - _PARTNER_KEYS
        if unknown:
            raise _fail(path, f"partner '{raw.get('id')}': unknown key(s) {sorted(unknown)}")
        pid = str(raw.get("id", ""))
        if not _ID.match(pid):
            raise _fail(path, f"partner id '{pid}' must be snake_case")
        if pid in partners:
            raise _fail(path, f"partner id '{pid}' is declared twice")
        kind = str(raw.get("kind", ""))
        if kind not in kinds:
            raise _fail(path, f"partner '{pid}': kind '{kind}' is not one of {', '.join(kinds)}")
        feeds = tuple(_read_feed(path, pid, f, contracts) for f in raw.get("feeds") or [])
        if len({f.feed for f in feeds}) != len(feeds):
            raise _fail(path, f"partner '{pid}': a feed is listed twice")
        partners[pid] = Partner(pid, str(raw.get("name") or pid), kind, feeds)
    return partners


@functools.cache
def _default_partners() -> dict[str, Partner]:
    return _read(PARTNERS_FILE)


def load_partners(path: Path | None = None) -> dict[str, Partner]:
    """Every partner by id (the packaged registry unless ``path`` is given)."""
    return dict(_default_partners()) if path is None else _read(Path(path))


def get_partner(partner_id: str) -> Partner:
    partners = _default_partners()
    try:
        return partners[partner_id]
    except KeyError:
        raise PillarsError(f"unknown partner '{partner_id}' (known: {', '.join(sorted(partners))})") from None


def partners_for_feed(feed: str) -> list[Partner]:
    """Partners that send ``feed``, in registry order (use ``partner.feed(feed)`` for the delivery)."""
    return [p for p in _default_partners().values() if p.feed(feed) is not None]


def partner_feeds(feed: str | None = None) -> list[PartnerFeed]:
    """Every (partner, feed) delivery, optionally of one feed: what the ingest DAG factory loops over."""
    return [f for p in _default_partners().values() for f in p.feeds if feed is None or f.feed == feed]


def partner_mapping(partner_id: str, feed: str) -> Mapping | None:
    """The mapping a partner's delivery of ``feed`` is read through (``mapping:`` in partners.yml), if any."""
    partner = _default_partners().get(partner_id)
    item = partner.feed(feed) if partner is not None else None  # an ad-hoc id (tests, backfills): none
    return get_mapping(item.mapping) if item is not None and item.mapping else None
