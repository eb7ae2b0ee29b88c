"""The raw-layer suite of a feed, derived from its contract: the contract is the only place a rule lives.

Each rule becomes one GX expectation with a severity. ``fail`` rules restate what the parser already
guarantees (required values, code lists, ranges, county codes, token shape), so a hard failure means a
batch reached ``raw`` by a path that skipped the contract, and the batch is withdrawn. ``warn`` rules
record things worth a look that a valid delivery can still contain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pillars.feeds.declarations.contract import METADATA_COLUMNS, Column, Contract
from pillars.quality.results import FAIL, WARN
from pillars.quality.rules import COUNTED_QUERY_KIND, Rule, braces, to_expectation

COUNTY_REGEX = r"^48[0-9]{3}$"  # Texas county FIPS (state 48), as the loader stores it
# A token is hex HMAC-SHA256: 64 lower-case hex digits; a clear-text value here would be a leak. It is checked
# as two rules, all hex digits and exactly 64 characters: PostgreSQL's regex engine takes 15 us a value for
# '^[0-9a-f]{64}$' (a counted repetition) against 0.5 us for '^[0-9a-f]+$', and the gate reads every row.
# The length is a LIKE of 64 '_': GX counts it in the same pass as the other column checks, where its own
# length expectation costs a second pass over the batch.
HMAC_HEX_REGEX = r"^[0-9a-f]+$"
HMAC_HEX_LENGTH_PATTERN = "_" * 64
EMAIL_REGEX = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
SSN_REGEX = r"(^|[^0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}([^0-9]|$)"
FUTURE_DAYS = 1  # a date later than the delivery's logical date plus this is suspicious
LATEST_DATE = "latest_date"  # suite parameter: the batch's logical date plus FUTURE_DAYS, set per run


def suite_name(feed: str) -> str:
    return f"raw.{feed}"


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _rows_query(where: str, column: str | None = None) -> dict[str, Any]:
    query = f"select _source_line from {{batch}} where {where}"
    return {"unexpected_rows_query": braces(query), **({"column": column} if column else {})}


def suite_parameters(logical_date: dt.date) -> dict[str, str]:
    """What a run of the raw suite on a batch of ``logical_date`` fills its parameters with."""
    return {LATEST_DATE: (logical_date + dt.timedelta(days=FUTURE_DAYS)).isoformat()}


def unique_key_query(columns: list[str]) -> str:
    """Each key repeated in the batch, as its first line and how many rows hold it (no key values).

    One aggregate over the batch: GX's own compound-uniqueness expectation joins the batch to its grouped
    self, which PostgreSQL runs as a nested loop (quadratic) while its statistics do not yet know the batch.
    """
    keys = ", ".join(columns)
    return braces(
        f"select min(_source_line) as _source_line, count(*) as rows_with_key from {{batch}}"
        f" group by {keys} having count(*) > 1"
    )


def _bound(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def table_rules(contract: Contract) -> Iterator[Rule]:
    expected = [name for name, _ in contract.raw_table_columns()]
    yield Rule("ExpectTableRowCountToBeBetween", WARN, "rows in the batch (a header-only file is valid)",
               {"min_value": 0})  # fmt: skip
    yield Rule("ExpectTableColumnsToMatchSet", FAIL, "raw table holds every column the contract stores",
               {"column_set": expected, "exact_match": False})  # fmt: skip
    hidden = [c.name for c in contract.columns if not c.stored]
    if hidden:
        query = (  # the join names the batch, as GX asks, without reading it
            "select c.column_name as _source_line from information_schema.columns as c"
            " left join (select 1 as present from {batch} as batch_rows limit 1) as b on true"
            f" where c.table_schema = 'raw' and c.table_name = '{contract.feed}'"
            f" and c.column_name in ({_sql_list(tuple(hidden))})"
        )
        yield Rule("UnexpectedRowsExpectation", FAIL, "no direct identifier column exists in raw",
                   {"unexpected_rows_query": braces(query)})  # fmt: skip
    for name, _ in METADATA_COLUMNS:
        yield Rule("ExpectColumnValuesToNotBeNull", FAIL, "batch metadata", {"column": name})
    if contract.natural_key:
        columns = [*contract.natural_key, "_partner_id"]
        yield Rule(COUNTED_QUERY_KIND, FAIL, "natural key unique within the partner's batch",
                   {"unexpected_rows_query": unique_key_query(columns), "column_list": columns})  # fmt: skip
    for key in contract.match_keys:
        yield Rule("ExpectColumnValuesToMatchRegex", FAIL, "match keys are HMAC tokens, never clear text",
                   {"column": key.name, "regex": HMAC_HEX_REGEX})  # fmt: skip
        yield Rule("ExpectColumnValuesToMatchLikePattern", FAIL, "match keys are HMAC-SHA256 tokens, 64 hex digits",
                   {"column": key.name, "like_pattern": HMAC_HEX_LENGTH_PATTERN})  # fmt: skip


def column_rules(column: Column) -> Iterator[Rule]:
    name = column.name
    if column.required:
        yield Rule("ExpectColumnValuesToNotBeNull", FAIL, "required by the contract", {"column": name})
    else:
        # a whole batch without a value usually means a renamed header the aliases missed; both probes stop
        # at the first row they find, so a batch with a value costs a lookup, not a read of the batch
        query = (
            f"select 1 as batch_rows where exists (select 1 from {{batch}})"
            f" and not exists (select 1 from {{batch}} where {name} is not null)"
        )
        yield Rule("UnexpectedRowsExpectation", WARN, "an optional column is not empty in the whole batch",
                   {"unexpected_rows_query": braces(query), "column": name})  # fmt: skip
    element = column.element_type
    if column.type == "list":
        if element == "enum":
            where = f"not ({name} <@ array[{_sql_list(column.allowed or ())}]::text[])"
            yield Rule(COUNTED_QUERY_KIND, FAIL, f"every item in {column.allowed_ref or 'the allowed list'}",
                       _rows_query(where, name))  # fmt: skip
        elif element == "county":
            where = f"exists (select 1 from unnest({name}) as item where item !~ '{COUNTY_REGEX}')"
            yield Rule(COUNTED_QUERY_KIND, FAIL, "every item a Texas county FIPS code",
                       _rows_query(where, name))  # fmt: skip
        return
    if element == "enum":
        yield Rule("ExpectColumnValuesToBeInSet", FAIL, f"code list {column.allowed_ref or '(inline)'}",
                   {"column": name, "value_set": list(column.allowed or ())})  # fmt: skip
    elif element == "county":
        yield Rule("ExpectColumnValuesToMatchRegex", FAIL, "5-digit Texas county FIPS",
                   {"column": name, "regex": COUNTY_REGEX})  # fmt: skip
    if column.min is not None or column.max is not None:
        yield Rule("ExpectColumnValuesToBeBetween", FAIL, "range in the contract",
                   {"column": name, "min_value": _bound(column.min), "max_value": _bound(column.max)})  # fmt: skip
    if element == "date":  # a column check, so GX counts it in the one pass it makes over the batch
        yield Rule("ExpectColumnValuesToBeBetween", WARN, "date not after the delivery's logical date",
                   {"column": name, "max_value": {"$PARAMETER": LATEST_DATE}})  # fmt: skip
    if element == "text" and column.privacy == "none":
        yield Rule("ExpectColumnValuesToNotMatchRegex", WARN, "free text without e-mail addresses",
                   {"column": name, "regex": EMAIL_REGEX})  # fmt: skip
        yield Rule("ExpectColumnValuesToNotMatchRegex", WARN, "free text without SSN-shaped numbers",
                   {"column": name, "regex": SSN_REGEX})  # fmt: skip


def rules(contract: Contract) -> list[Rule]:
    """Every rule of the feed's raw suite: table rules, then each stored column in contract order."""
    found = list(table_rules(contract))
    for column in contract.stored_columns:
        found += column_rules(column)
    return found


def build_suite(contract: Contract) -> Any:
    """The GX ``ExpectationSuite`` for ``raw.<feed>`` (not yet added to a context)."""
    import great_expectations as gx

    return gx.ExpectationSuite(
        name=suite_name(contract.feed),
        expectations=[to_expectation(r) for r in rules(contract)],
        meta={"feed": contract.feed, "derived_from": str(contract.path.name if contract.path else contract.feed)},
    )
