"""The dbt manifest cut down to what Cosmos renders the transform DAG from.

Airflow parses the transform DAG file again in every task process, and Cosmos reads the whole
``target/manifest.json`` each time: 3.4 MB of JSON (SQL, column docs, dbt's own macros), about 0.2 s of
CPU, some 300 times a night. Cosmos uses a few fields of each node (see ``_build_dbt_node_from_manifest_resource``
in ``cosmos/dbt/graph.py``), so the DAG renders from a copy holding those alone, about a tenth of the size.

The copy is derived, never edited: it is rewritten whenever the manifest is newer (any ``dbt parse`` or
``dbt build`` rewrites the manifest), through a temporary file and a rename, so a process parsing the DAG
at the same time reads either the old copy or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

# What Cosmos reads of a node, a source or an exposure when it renders from a manifest.
NODE_FIELDS = (
    "unique_id",
    "name",
    "package_name",
    "resource_type",
    "depends_on",
    "original_file_path",
    "path",
    "tags",
    "config",
    "fqn",
    "freshness",
)
# The manifest's top-level sections Cosmos reads; the rest (macros, docs, maps, unit tests) it never opens.
RESOURCE_SECTIONS = ("nodes", "sources", "exposures")
KEPT_SECTIONS = ("metadata", "selectors")


def slim_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """The sections and node fields Cosmos renders from; ``depends_on`` keeps only its ``nodes``."""
    slim: dict[str, Any] = {key: manifest.get(key) or {} for key in KEPT_SECTIONS}
    for section in RESOURCE_SECTIONS:
        slim[section] = {unique_id: _slim_node(node) for unique_id, node in (manifest.get(section) or {}).items()}
    return slim


def _slim_node(node: dict[str, Any]) -> dict[str, Any]:
    kept = {field: node[field] for field in NODE_FIELDS if field in node}
    if "depends_on" in kept:
        kept["depends_on"] = {"nodes": (kept["depends_on"] or {}).get("nodes", [])}
    return kept


def cosmos_manifest_path(manifest: Path) -> Path:
    """The slim copy beside ``manifest``, rewritten first if the manifest is newer (or the copy is missing).

    With no manifest at all the manifest's own path is returned, so Cosmos reports the missing file.
    """
    slim_path = manifest.with_name("cosmos_manifest.json")
    try:
        source_mtime = manifest.stat().st_mtime_ns
    except FileNotFoundError:
        return manifest
    try:
        if slim_path.stat().st_mtime_ns == source_mtime:
            return slim_path
    except FileNotFoundError:
        pass
    _write_atomically(slim_path, slim_manifest(json.loads(manifest.read_text(encoding="utf-8"))), source_mtime)
    return slim_path


def _write_atomically(path: Path, data: dict[str, Any], mtime_ns: int) -> None:
    """Write through a temporary file and a rename; the copy carries the manifest's mtime, which marks it current."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cosmos_manifest.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"))
        os.utime(tmp, ns=(mtime_ns, mtime_ns))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
