"""Writing rows the way each partner's system exports them: header spellings, date styles, delimiters,
encodings (UTF-8, UTF-8 with BOM, now and then Windows-1252), JSON Lines and deterministic XLSX."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pillars.feeds.declarations.contract import Column, Contract
from pillars.privacy.files import open_private, write_private_bytes

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Style:
    """One partner's export habits for one feed (stable across deliveries)."""

    headers: dict[str, str]
    date_format: str
    delimiter: str
    list_separator: str
    true_false: tuple[str, str]
    encoding: str


def _camel(column: Column) -> str | None:
    """The camelCase alias an API would use (not ``countyFips``: the value is often a county name)."""
    return next(
        (a for a in column.aliases if re.fullmatch(r"[a-z]+[A-Z][A-Za-z]*", a) and not a.endswith("Fips")), None
    )


def style_for(partner_id: str, contract: Contract) -> Style:
    rng = random.Random(f"style|{partner_id}|{contract.feed}")  # noqa: S311 - a partner's habits, not secrets
    headers = {}
    for column in contract.columns:
        spellings = [a for a in column.aliases if not re.fullmatch(r"[a-z]+[A-Z][A-Za-z]*", a)] or [column.name]
        headers[column.name] = rng.choice([column.name, *spellings, *spellings])
    delimiter = {"tx_hhsc": "|", "harris_da": ";", "tx_comptroller": "\t"}.get(partner_id, ",")
    return Style(
        headers=headers,
        date_format=rng.choice(["%Y-%m-%d", "%Y-%m-%d", "%m/%d/%Y", "%Y%m%d", "%d-%b-%Y"]),
        delimiter=delimiter,
        list_separator="; " if delimiter != ";" else "|",
        true_false=rng.choice([("Y", "N"), ("Yes", "No"), ("true", "false"), ("1", "0")]),
        encoding="utf-8-sig" if partner_id in ("tx_hhsc", "tx_comptroller") else "utf-8",
    )


def _text(value: object, column: Column, style: Style) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return style.true_false[0 if value else 1]
    if isinstance(value, datetime):
        if style.date_format in ("%Y-%m-%d", "%Y%m%d"):
            return value.isoformat(timespec="seconds")
        return value.strftime(style.date_format + " %H:%M")  # naive: the council's time zone
    if isinstance(value, date):
        return value.strftime(style.date_format)
    if isinstance(value, list):
        return style.list_separator.join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def write_csv(path: Path, rows: list[dict], contract: Contract, style: Style, encoding: str | None = None) -> str:
    """Write and return the encoding used (Windows-1252 only when every character fits)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    columns = list(contract.columns)
    writer.writerow([style.headers[c.name] for c in columns])
    for row in rows:
        writer.writerow([_text(row.get(c.name), c, style) for c in columns])
    text = buffer.getvalue()
    chosen = encoding or style.encoding
    try:
        data = text.encode(chosen)
    except UnicodeEncodeError:
        chosen, data = "utf-8", text.encode("utf-8")
    write_private_bytes(path, data)
    return chosen


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_jsonl(path: Path, rows: list[dict], contract: Contract, camel: bool = True) -> None:
    """One JSON object a line; keys in the camelCase an API uses where the contract knows one."""
    keys = {c.name: (_camel(c) if camel else None) or c.name for c in contract.columns}
    with open_private(path, "w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            record = {keys[k]: _json_value(v) for k, v in row.items() if v is not None and k in keys}
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def write_xlsx(path: Path, rows: list[dict], contract: Contract, style: Style) -> None:
    """An Excel workbook with real date cells; byte-identical for the same rows (fixed zip times)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Pillars synthetic data"
    workbook.properties.created = workbook.properties.modified = datetime(2020, 1, 1)
    sheet = workbook.create_sheet("Export")
    columns = list(contract.columns)
    sheet.append([style.headers[c.name] for c in columns])
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c.name)
            if isinstance(value, datetime):
                value = value.replace(tzinfo=None)
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            elif isinstance(value, list):
                value = "; ".join(str(v) for v in value)
            cells.append(value)
        sheet.append(cells)
    raw = io.BytesIO()
    workbook.save(raw)
    _normalise_zip(raw.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry times and no save timestamp, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", content)
            target.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    write_private_bytes(path, out.getvalue())
