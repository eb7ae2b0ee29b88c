"""A corpus of hostile partner files, generated (never committed as binaries), each with what must happen.

Every case is one delivery: the partner and feed it lands under, its file name, a builder of its bytes,
and the expected verdict -- ``file``: the delivery is refused as a whole with a reason containing
``reason``; ``rows``: it loads, ``good`` rows in raw and ``bad`` rows quarantined with that reason (and
rows_read = loaded + quarantined).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

CSV_PARTNER, CSV_FEED = "gulf_coast_survivors", "victim_services"
JSONL_PARTNER, JSONL_FEED = "tx_dfps", "victim_services"
XLSX_PARTNER, XLSX_FEED = "houston_pd", "victim_identifications"

COLUMNS = [
    "Client ID", "First Name", "Last Name", "DOB", "Sex", "Intake Date", "County", "Age Band", "Gender",
    "Trafficking Type", "Referral Source", "Service", "Service Date", "Exit Date", "exit_outcome",
]  # fmt: skip
HEADER = ",".join(COLUMNS) + "\n"
XLSX_HEADER = ["Identification ID", "Identification Date", "County", "Identifying Agency Type", "Trafficking Type",
               "Age Group", "DOB"]  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    expect: str  # "file" | "rows"
    reason: str = ""
    good: int = 0
    bad: int = 0
    kind: str = "csv"  # csv | jsonl | xlsx

    @property
    def partner(self) -> str:
        return {"csv": CSV_PARTNER, "jsonl": JSONL_PARTNER, "xlsx": XLSX_PARTNER}[self.kind]

    @property
    def feed(self) -> str:
        return {"csv": CSV_FEED, "jsonl": JSONL_FEED, "xlsx": XLSX_FEED}[self.kind]

    @property
    def file_name(self) -> str:
        return f"{self.name}.{'csv' if self.kind == 'csv' else self.kind}"


# --- building blocks ---------------------------------------------------------------------------------


def row(client: str, *, first: str = "Zebulon", dob: str = "1990-02-03", intake: str = "2023-12-01",
        service: str = "2023-12-02", sep: str = ",") -> str:  # fmt: skip
    cells = [client, first, "Quixlander", dob, "female", intake, "Harris County", "18-24", "female", "sex",
             "law_enforcement", "case_management", service, "", ""]  # fmt: skip
    return sep.join(cells) + "\n"


def good_rows(prefix: str, sep: str = ",") -> str:
    return row(f"{prefix}1", sep=sep) + row(f"{prefix}2", sep=sep)


def csv_with(*bad: str, prefix: str = "G") -> bytes:
    """A header, a good row, the ``bad`` lines, another good row."""
    return (HEADER + row(f"{prefix}1") + "".join(bad) + row(f"{prefix}2")).encode()


def obj(client: str, **override: object) -> dict[str, object]:
    record: dict[str, object] = {
        "clientId": client, "intakeDate": "2023-12-01", "county": "Harris", "trafficking_type": "sex",
        "service_category": "case_management", "serviceDate": "2023-12-02",
    }  # fmt: skip
    record.update(override)
    return record


def jsonl_with(*bad: bytes) -> bytes:
    """A good object, the ``bad`` lines, another good object."""
    first = json.dumps(obj("J1")).encode() + b"\n"
    return first + b"".join(bad) + json.dumps(obj("J2")).encode() + b"\n"


def workbook(rows: list[list[object]] | None = None, header: list[str] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    if header is not None or rows is not None:
        sheet.append(header or XLSX_HEADER)
    for values in rows or []:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_row(ident: str, when: str = "2023-12-01", dob: str = "1990-01-01") -> list[object]:
    return [ident, when, "Harris", "law_enforcement", "sex", "adult", dob]


GOOD_XLSX_ROWS = [xlsx_row("X1"), xlsx_row("X2")]


def rewrite_member(data: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook ``data`` with one member's bytes changed (the others copied as they are)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == member else content)
    return out.getvalue()


def with_doctype(doctype: bytes, reference: bytes = b"") -> Callable[[bytes], bytes]:
    """Put a DOCTYPE before the root element and, optionally, an entity reference in the first value."""

    def change(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            head, rest = xml.split(b"?>", 1)
            xml = head + b"?>" + doctype + rest
        else:
            xml = doctype + xml
        return xml.replace(b"<v>", b"<v>" + reference, 1) if reference else xml

    return change


SHEET = "xl/worksheets/sheet1.xml"
LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY a "lollollollollollollollollollol">'
    + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), bytes([97 + i]).join([b"&", b";"]) * 10) for i in range(9))
    + b"]>"
)


def _laughs() -> bytes:
    return rewrite_member(workbook(GOOD_XLSX_ROWS), SHEET, with_doctype(LAUGHS, b"&j;"))


def _xxe() -> bytes:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    return rewrite_member(workbook(GOOD_XLSX_ROWS), SHEET, with_doctype(doctype, b"&x;"))


def _quadratic() -> bytes:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY q "' + b"q" * 50_000 + b'">]>'
    return rewrite_member(workbook(GOOD_XLSX_ROWS), SHEET, with_doctype(doctype, b"&q;" * 2_000))


def _workbook_part_entity() -> bytes:
    """The entity in the workbook part (read whole, not streamed), unreferenced: declaring is enough."""
    doctype = b'<!DOCTYPE workbook [<!ENTITY s "boom">]>'
    return rewrite_member(workbook(GOOD_XLSX_ROWS), "xl/workbook.xml", with_doctype(doctype))


def _zip_bomb() -> bytes:
    """A sheet padded with 8 MB of spaces inside a comment: 1.6 MB to 400 MB, in small."""
    padding = b"<!--" + b" " * (8 << 20) + b"-->"

    def pad(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b"</sheetData>" + padding)

    return rewrite_member(workbook(GOOD_XLSX_ROWS), SHEET, pad)


def _formula_workbook() -> bytes:
    return workbook([xlsx_row("X1"), ["X3", "=NOW()", "Harris", "law_enforcement", "sex", "adult"], xlsx_row("X2")])


def _truncated_zip() -> bytes:
    data = workbook(GOOD_XLSX_ROWS)
    return data[: len(data) // 2]


def _utf16(text: str, codec: str, bom: bytes) -> bytes:
    return bom + text.encode(codec)


def _tsv() -> str:
    return HEADER.replace(",", "\t") + good_rows("T", sep="\t")


def _garbage(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _mixed(*lines: bytes) -> bytes:
    """A header and a good row in UTF-8, then ``lines`` as bytes, then another good row."""
    return (HEADER + row("G1")).encode() + b"".join(lines) + row("G2").encode()


def _many_columns() -> bytes:
    extra = 20_000
    header = HEADER.rstrip("\n") + "".join(f",extra{i}" for i in range(extra)) + "\n"
    body = "".join(r.rstrip("\n") + "," * extra + "\n" for r in (row("W1"), row("W2")))
    return (header + body).encode()


CASES: list[Case] = [
    # --- delimited text -------------------------------------------------------------------------------
    Case("csv_empty", lambda: b"", "file", "empty file"),
    Case("csv_blank_lines_only", lambda: b"\n\n   \n\r\n", "file", "empty file"),
    Case("csv_header_only", lambda: HEADER.encode(), "rows"),
    Case("csv_utf8_bom", lambda: codecs.BOM_UTF8 + (HEADER + good_rows("B")).encode(), "rows", good=2),
    Case("csv_utf16le_bom_tabs", lambda: _utf16(_tsv(), "utf-16-le", codecs.BOM_UTF16_LE), "rows", good=2),
    Case("csv_utf16be_bom_tabs", lambda: _utf16(_tsv(), "utf-16-be", codecs.BOM_UTF16_BE), "rows", good=2),
    Case(
        "csv_utf16_lone_surrogate",
        lambda: _utf16(_tsv(), "utf-16-le", codecs.BOM_UTF16_LE) + b"Z\x00\x00\xd8\n\x00",
        "rows",
        "not UTF-16",
        good=2,
        bad=1,
    ),
    Case("csv_utf32_bom", lambda: codecs.BOM_UTF32_LE + HEADER.encode("utf-32-le"), "file", "UTF-32"),
    Case("csv_nul_bytes", lambda: csv_with(row("N1", first="Ze\x00bulon")), "rows", "NUL", good=2, bad=1),
    Case("csv_cr_only_line_ends", lambda: (HEADER + good_rows("R")).replace("\n", "\r").encode(), "rows", good=2),
    Case(
        "csv_mixed_line_ends", lambda: (HEADER + row("M1") + row("M2").replace("\n", "\r\n")).encode(), "rows", good=2
    ),
    Case("csv_huge_field", lambda: csv_with(row("H1", first="x" * (2 << 20))), "rows", "longer than", 2, 1),
    Case("csv_huge_line", lambda: csv_with("H9" + ",y" * (3 << 20) + "\n"), "rows", "line longer than", 2, 1),
    Case(
        "csv_header_too_long", lambda: ("x," * (3 << 20) + "\n" + row("L1")).encode(), "file", "header is longer than"
    ),
    Case("csv_many_columns", _many_columns, "rows", good=2),
    Case(
        "csv_duplicate_headers",
        lambda: ("Client ID," + HEADER + "X," + row("D1")).encode(),
        "file",
        "duplicated column",
    ),
    Case(
        "csv_wrong_delimiter",
        lambda: (HEADER + good_rows("C")).replace(",", ":").encode(),
        "file",
        "missing required column",
    ),
    Case("csv_semicolons", lambda: (HEADER + good_rows("S")).replace(",", ";").encode(), "rows", good=2),
    Case(
        "csv_unbalanced_quote",
        lambda: csv_with().decode().rstrip("\n").encode() + b'\n"Q1,open,field\n',
        "rows",
        "unbalanced quote",
        2,
        1,
    ),
    Case(
        "csv_invalid_bytes",
        lambda: _mixed(row("V1", first="Ze\x81\x8d").encode("latin-1")),
        "rows",
        "invalid bytes",
        2,
        1,
    ),
    Case(
        "csv_mixed_encodings",
        lambda: _mixed(row("E1", first="Zo\u00eb").encode("cp1252"), row("E2", first="Zo\u00eb").encode()),
        "rows",
        good=4,
    ),
    Case(
        "csv_ragged_rows",
        lambda: csv_with("R9,too,few\n", row("R8").rstrip("\n") + ",extra,cells\n"),
        "rows",
        "fields, the header has",
        2,
        2,
    ),
    Case(
        "csv_truncated_gzip",
        lambda: gzip.compress((HEADER + good_rows("Z")).encode() * 50)[:300],
        "file",
        "missing required column",
    ),
    Case("csv_zip_named_csv", lambda: workbook(GOOD_XLSX_ROWS), "file", "missing required column"),
    Case("csv_binary_garbage", lambda: _garbage(7, 50_000), "file", "missing required column"),
    Case("csv_control_characters", lambda: csv_with(row("K1", first="Ze\x1b[31mbu\x7flon\x0b")), "rows", good=3),
    Case("csv_quoted_line_break", lambda: csv_with(row("Q1", first='"Zebu\nlon"')), "rows", good=3),
    Case(
        "csv_implausible_dates",
        lambda: csv_with(row("P1", service="9999-12-31"), row("P2", intake="2999-01-01"), row("P3", dob="2090-05-05")),
        "rows",
        "implausible",
        2,
        3,
    ),
    # --- JSON Lines -------------------------------------------------------------------------------------
    Case(
        "jsonl_nested_10000",
        lambda: jsonl_with(b"[" * 10_000 + b"]" * 10_000 + b"\n"),
        "rows",
        "nested deeper",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_value_nested_17",
        lambda: jsonl_with(json.dumps(obj("J9", county=[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]])).encode() + b"\n"),
        "rows",
        "nested deeper",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_not_objects",
        lambda: jsonl_with(b"[1, 2]\n", b'"text"\n', b"42\n", b"null\n"),
        "rows",
        "not a JSON object",
        2,
        4,
        "jsonl",
    ),
    Case(
        "jsonl_duplicate_keys",
        lambda: jsonl_with(b'{"clientId": "A", "clientId": "B", "county": "Harris", "county": "Bexar"}\n'),
        "rows",
        "appears twice",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_invalid_utf8", lambda: jsonl_with(b'{"clientId": "\xff\xfe"}\n'), "rows", "invalid bytes", 2, 1, "jsonl"
    ),
    Case(
        "jsonl_truncated",
        lambda: jsonl_with() + json.dumps(obj("J3")).encode()[:40],
        "rows",
        "not valid JSON",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_huge_line",
        lambda: jsonl_with(json.dumps(obj("J4", firstName="x" * (5 << 20))).encode() + b"\n"),
        "rows",
        "line longer than",
        2,
        1,
        "jsonl",
    ),
    Case("jsonl_empty", lambda: b"", "file", "empty file", kind="jsonl"),
    Case("jsonl_utf8_bom", lambda: codecs.BOM_UTF8 + jsonl_with(), "rows", good=2, kind="jsonl"),
    Case(
        "jsonl_huge_number",
        lambda: jsonl_with(b'{"clientId": ' + b"9" * 5000 + b"}\n"),
        "rows",
        "not valid JSON",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_object_as_value",
        lambda: jsonl_with(json.dumps(obj("J5", county={"name": "Harris"})).encode() + b"\n"),
        "rows",
        "nested object",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_nan",
        lambda: jsonl_with(json.dumps(obj("J6", serviceDate="NAN")).replace('"NAN"', "NaN").encode() + b"\n"),
        "rows",
        "not a date",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_nul_in_string",
        lambda: jsonl_with(json.dumps(obj("J7", firstName="Ze\u0000b")).encode() + b"\n"),
        "rows",
        "NUL",
        2,
        1,
        "jsonl",
    ),
    Case(
        "jsonl_implausible_dates",
        lambda: jsonl_with(json.dumps(obj("J8", serviceDate="9999-12-31")).encode() + b"\n"),
        "rows",
        "implausible",
        2,
        1,
        "jsonl",
    ),
    # --- workbooks ---------------------------------------------------------------------------------------
    Case("xlsx_billion_laughs", _laughs, "file", "declares entities", kind="xlsx"),
    Case("xlsx_external_entity", _xxe, "file", "declares entities", kind="xlsx"),
    Case("xlsx_quadratic_blowup", _quadratic, "file", "declares entities", kind="xlsx"),
    Case("xlsx_workbook_part_entity", _workbook_part_entity, "file", "declares entities", kind="xlsx"),
    Case("xlsx_zip_bomb", _zip_bomb, "file", "zip bomb", kind="xlsx"),
    Case("xlsx_not_a_zip", lambda: HEADER.encode(), "file", "not an Excel .xlsx workbook", kind="xlsx"),
    Case("xlsx_truncated", _truncated_zip, "file", "not an Excel .xlsx workbook", kind="xlsx"),
    Case("xlsx_empty_file", lambda: b"", "file", "empty file", kind="xlsx"),
    Case("xlsx_empty_sheet", lambda: workbook(), "file", "worksheet is empty", kind="xlsx"),
    Case("xlsx_formula", _formula_workbook, "rows", "formula in cell", 2, 1, "xlsx"),
    Case(
        "xlsx_implausible_dates",
        lambda: workbook([*GOOD_XLSX_ROWS, xlsx_row("X9", when="9999-12-31"), xlsx_row("X8", dob="2090-01-01")]),
        "rows",
        "implausible",
        2,
        2,
        "xlsx",
    ),
]
