"""The loader's view of the feed parser: one Row (COPY-ready text values) or Rejection per input row."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pillars.feeds.contract import Contract
from pillars.feeds.validate import Rejection, Row, open_feed_file

Outcome = Row | Rejection

__all__ = ["Outcome", "Rejection", "Row", "validated_rows"]


def validated_rows(
    contract: Contract, path: Path, partner_id: str, file_format: str | None = None
) -> Iterator[Outcome]:
    """Open ``path`` against ``contract`` (file-level problems raise PillarsError) and stream its rows."""
    yield from open_feed_file(path, contract, partner_id=partner_id, fmt=file_format)
