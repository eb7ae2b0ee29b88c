"""The slim manifest Cosmos renders from follows the real one: rewritten when dbt rewrites it, never stale."""

from __future__ import annotations

import json
import os

from pillars.transform.cosmos_manifest import cosmos_manifest_path, slim_manifest

MANIFEST = {
    "metadata": {"project_name": "pillars"},
    "selectors": {},
    "macros": {"macro.dbt.big": {"macro_sql": "x" * 1000}},
    "nodes": {
        "model.pillars.a": {
            "unique_id": "model.pillars.a",
            "name": "a",
            "resource_type": "model",
            "raw_code": "select 1",
            "columns": {"id": {"description": "long"}},
            "depends_on": {"nodes": ["source.pillars.raw.b"], "macros": ["macro.dbt.big"]},
            "original_file_path": "models/a.sql",
            "config": {"materialized": "view"},
            "fqn": ["pillars", "a"],
            "tags": [],
        }
    },
    "sources": {"source.pillars.raw.b": {"resource_type": "source", "freshness": None, "original_file_path": "s.yml"}},
    "exposures": {},
}


def test_the_slim_copy_keeps_what_cosmos_reads_and_drops_the_rest():
    slim = slim_manifest(MANIFEST)
    assert set(slim) == {"metadata", "selectors", "nodes", "sources", "exposures"}
    node = slim["nodes"]["model.pillars.a"]
    assert node["depends_on"] == {"nodes": ["source.pillars.raw.b"]}
    assert "raw_code" not in node and "columns" not in node
    assert node["config"] == {"materialized": "view"} and node["fqn"] == ["pillars", "a"]
    assert slim["sources"]["source.pillars.raw.b"]["freshness"] is None


def test_the_copy_is_rewritten_when_dbt_rewrites_the_manifest(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(MANIFEST))
    slim_path = cosmos_manifest_path(manifest)
    assert slim_path != manifest and json.loads(slim_path.read_text()) == slim_manifest(MANIFEST)
    assert cosmos_manifest_path(manifest) == slim_path  # current: not rewritten

    changed = {**MANIFEST, "nodes": {}}
    manifest.write_text(json.dumps(changed))
    later = manifest.stat().st_mtime_ns + 1_000_000_000
    os.utime(manifest, ns=(later, later))
    assert json.loads(cosmos_manifest_path(manifest).read_text())["nodes"] == {}
    assert not list(tmp_path.glob(".cosmos_manifest.*"))  # no temporary file left behind


def test_without_a_manifest_cosmos_is_pointed_at_the_missing_file(tmp_path):
    assert cosmos_manifest_path(tmp_path / "manifest.json") == tmp_path / "manifest.json"
