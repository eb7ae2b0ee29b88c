"""Value converters: one partner spelling -> the canonical text PostgreSQL COPY reads.

Each converter takes a stripped, non-empty string and returns the canonical text, or raises
:class:`BadValue` with a reason a partner can act on. Converters for low-cardinality columns (dates,
counties, codes, booleans) memoise, because partner files repeat the same few values millions of times.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from pillars.feeds.declarations.counties import counties_listed, county_fips
from pillars.memo import remember

Converter = Callable[[str], str]
CACHE_LIMIT = 50_000


class BadValue(ValueError):  # noqa: N818 - a value, not an error type users see
    """A value that does not fit its column; the message is the reason shown in the rejection."""


def memoise(convert: Converter) -> Converter:
    """Cache good results (bad values are rare and re-raised each time)."""
    cache: dict[str, str] = {}

    def cached(raw: str) -> str:
        try:
            return cache[raw]
        except KeyError:
            pass
        return remember(cache, raw, convert(raw), CACHE_LIMIT)

    cached.cache = cache  # type: ignore[attr-defined]  # read directly by generated row functions
    cached.uncached = convert  # type: ignore[attr-defined]  # for callers keeping their own memo
    return cached


# --- dates --------------------------------------------------------------------------------------
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?(Z|[+-]\d{2}:?\d{2})?)?"
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$"), "ymd"),  # 2024-03-05
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME + "$"), "mdy"),  # 03/05/2024, 3/5/2024
    (re.compile(r"(\d{4})(\d{2})(\d{2})$"), "ymd"),  # 20240305
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME + "$"), "ymd"),  # 2024/03/05
    (re.compile(r"(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]+(\d{4})" + _TIME + "$"), "dmony"),  # 05-Mar-2024
    (re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})" + _TIME + "$"), "mondy"),  # Mar 5 2024
)
DATE_FORMATS_HELP = "YYYY-MM-DD, MM/DD/YYYY, YYYYMMDD, DD-Mon-YYYY or Mon D YYYY"


def _split_date(raw: str) -> tuple[dt.date, tuple[str | None, ...]]:
    """Date part and the (hour, minute, second, am/pm, zone) groups of a partner date/time string."""
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match is None:
            continue
        groups = match.groups()
        a, b, c = groups[:3]
        try:
            if order == "ymd":
                year, month, day = int(a), int(b), int(c)
            elif order == "mdy":
                month, day, year = int(a), int(b), int(c)
            elif order == "dmony":
                day, month, year = int(a), _MONTHS[b.casefold()], int(c)
            else:
                month, day, year = _MONTHS[a.casefold()], int(b), int(c)
        except KeyError:
            raise BadValue("unknown month name") from None
        try:
            return dt.date(year, month, day), groups[3:]
        except ValueError:
            raise BadValue("impossible date") from None
    raise BadValue(f"not a date (use {DATE_FORMATS_HELP})")


def _too_late(hi: dt.date, note: str | None) -> BadValue:
    return BadValue(f"{note} ({hi.isoformat()})" if note else f"date after {hi.isoformat()}")


def date_converter(lo: dt.date | None = None, hi: dt.date | None = None, hi_note: str | None = None) -> Converter:
    """Partner dates as ISO text; ``hi_note`` says why ``hi`` is the limit when it is not a fixed one."""

    def convert(raw: str) -> str:
        value, _ = _split_date(raw)
        if lo is not None and value < lo:
            raise BadValue(f"date before {lo.isoformat()}")
        if hi is not None and value > hi:
            raise _too_late(hi, hi_note)
        return value.isoformat()

    return memoise(convert)


def timestamp_converter(
    tz_name: str, lo: dt.date | None = None, hi: dt.date | None = None, hi_note: str | None = None
) -> Converter:
    """Date-times in the date formats above plus a time; naive times are in the council's timezone."""
    zone = zoneinfo.ZoneInfo(tz_name)

    def convert(raw: str) -> str:
        day, (hour, minute, second, ampm, offset) = _split_date(raw)
        h, m, s = int(hour or 0), int(minute or 0), int(second or 0)
        if ampm:
            if not 1 <= h <= 12:
                raise BadValue("impossible time")
            h = h % 12 + (12 if ampm.casefold() == "pm" else 0)
        if h > 23 or m > 59 or s > 59:
            raise BadValue("impossible time")
        if offset:
            tz: dt.tzinfo = dt.UTC if offset == "Z" else _offset(offset)
        else:
            tz = zone
        stamp = dt.datetime(day.year, day.month, day.day, h, m, s, tzinfo=tz)
        if lo is not None and day < lo:
            raise BadValue(f"date before {lo.isoformat()}")
        if hi is not None and day > hi:
            raise _too_late(hi, hi_note)
        return stamp.isoformat(sep=" ")

    return memoise(convert)


def _offset(text: str) -> dt.timezone:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


EXCEL_EPOCH = dt.date(1899, 12, 30)


def excel_serial_to_iso(serial: float) -> str:
    """An Excel serial day number (1900 date system) as YYYY-MM-DD; raises when out of Excel's range."""
    if not 1 <= serial < 2958466:
        raise BadValue("not a date (Excel serial out of range)")
    whole = int(serial)
    stamp = dt.datetime.combine(EXCEL_EPOCH, dt.time()) + dt.timedelta(days=serial)
    if serial == whole:
        return (EXCEL_EPOCH + dt.timedelta(days=whole)).isoformat()
    return stamp.isoformat(sep=" ")


# --- numbers ------------------------------------------------------------------------------------
def _bounds_message(value: float | Decimal | int, lo: float | None, hi: float | None) -> str | None:
    if lo is not None and value < lo:
        return "negative value not allowed" if lo >= 0 > value else f"below minimum {lo}"
    if hi is not None and value > hi:
        return f"above maximum {hi}"
    return None


def integer_converter(lo: float | None = None, hi: float | None = None) -> Converter:
    def convert(raw: str) -> str:
        text = raw.replace(",", "") if "," in raw else raw
        try:
            value = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                raise BadValue("not a whole number") from None
            if not number.is_integer():
                raise BadValue("not a whole number") from None
            value = int(number)
        problem = _bounds_message(value, lo, hi)
        if problem:
            raise BadValue(problem)
        return str(value)

    return convert


_PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?$")


def decimal_converter(lo: float | None = None, hi: float | None = None) -> Converter:
    def convert(raw: str) -> str:
        text = raw.replace(",", "").replace("$", "").strip() if ("," in raw or "$" in raw) else raw
        if text.startswith("(") and text.endswith(")"):
            text = "-" + text[1:-1]  # accounting negatives
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise BadValue("not a number") from None
        if not value.is_finite():
            raise BadValue("not a number")
        problem = _bounds_message(value, lo, hi)
        if problem:
            raise BadValue(problem)
        return text if _PLAIN_DECIMAL.match(text) else format(value, "f")

    return convert


# --- booleans, codes, counties, text -------------------------------------------------------------
_BOOLEANS = {
    "yes": "t",
    "y": "t",
    "true": "t",
    "t": "t",
    "1": "t",
    "1.0": "t",
    "no": "f",
    "n": "f",
    "false": "f",
    "f": "f",
    "0": "f",
    "0.0": "f",
}


def boolean_converter() -> Converter:
    def convert(raw: str) -> str:
        try:
            return _BOOLEANS[raw.casefold()]
        except KeyError:
            raise BadValue("not yes/no (use yes/no, y/n, true/false or 1/0)") from None

    return memoise(convert)


def code_key(text: str) -> str:
    """Spelling-insensitive form of a code or label: "Case Management" == "case_management"."""
    out = []
    pending = False
    for ch in text.casefold():
        if ch.isalnum():
            if pending and out:
                out.append("_")
            out.append(ch)
            pending = False
        else:
            pending = True
    return "".join(out)


def enum_converter(
    allowed: Iterable[str], labels: dict[str, str] | None = None, aliases: dict[str, str] | None = None
) -> Converter:
    """Accepts a code, its label or an alias in any case/spacing; returns the canonical code."""
    allowed = tuple(allowed)
    lookup: dict[str, str] = {}
    for alias, value in (aliases or {}).items():
        if value in allowed:
            lookup.setdefault(code_key(alias), value)
    for value, label in (labels or {}).items():
        if value in allowed:
            lookup.setdefault(code_key(label), value)
    for value in allowed:
        lookup[code_key(value)] = value  # codes win over labels on a clash
    hint = ", ".join(allowed[:8]) + (", ..." if len(allowed) > 8 else "")

    def convert(raw: str) -> str:
        try:
            return lookup[code_key(raw)]
        except KeyError:
            raise BadValue(f"not an allowed value ({hint})") from None

    return memoise(convert)


def county_converter() -> Converter:
    def convert(raw: str) -> str:
        fips = county_fips(raw)
        if fips is None:
            several = counties_listed(raw)
            if several:
                raise BadValue(f"one county expected, the cell lists {len(several)}: {', '.join(several)}")
            raise BadValue("unknown Texas county")
        return fips

    return memoise(convert)


def text_converter() -> Converter:
    def convert(raw: str) -> str:
        if "\x00" in raw:
            raise BadValue("NUL character in text")
        return raw

    return convert


_LIST_SPLIT = re.compile(r"\s*[;|,]\s*")


def list_converter(element: Converter) -> Converter:
    """Splits on ; | or , and returns a PostgreSQL array literal of the converted, de-duplicated items."""

    def convert(raw: str) -> str:
        items: dict[str, None] = {}
        for part in _LIST_SPLIT.split(raw):
            if part:
                items[element(part)] = None
        if not items:
            raise BadValue("empty list")
        return "{" + ",".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"' for i in items) + "}"

    return convert
