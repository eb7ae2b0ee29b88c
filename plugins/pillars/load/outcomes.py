"""What the loader receives from the feed parser: a good row or a rejection, one per input row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pillars.feeds.contract import Contract


@dataclass(frozen=True, slots=True)
class Row:
    """A valid row: values in ``Contract.data_column_names()`` order, from source line ``line``."""

    line: int
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row that failed the contract; ``value_masked`` never holds an identifier in clear."""

    line: int
    field: str | None
    value_masked: str | None
    reason: str


Outcome = Row | Rejection


def validated_rows(
    contract: Contract, path: Path, partner_id: str, file_format: str | None = None
) -> Iterator[Outcome]:
    """Parse and validate ``path`` against ``contract``; file-level problems raise PillarsError."""
    from pillars.feeds.validate import validate_file

    yield from validate_file(contract, path, partner_id=partner_id, file_format=file_format)
