"""The Assets that chain the DAGs: one per raw feed, and the published reporting state."""

from __future__ import annotations

from airflow.sdk import Asset


def raw_feed(feed: str) -> Asset:
    return Asset(name=f"raw.{feed}", uri=f"pillars://warehouse/raw/{feed}", group="raw")


PUBLISHED_REPORTING = Asset(name="reporting", uri="pillars://warehouse/reporting", group="published")
