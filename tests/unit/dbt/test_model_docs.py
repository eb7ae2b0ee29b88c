"""REPORTING.md and MODELS.md are rendered from dbt's manifest: a model's YAML cannot change without them.

The manifest comes from a fresh ``dbt parse`` of the working tree (into a scratch target folder), so the
test sees the YAML as committed, not a manifest left over from an earlier build.
"""

from __future__ import annotations

import copy

import pytest

from pillars import settings
from pillars.errors import PillarsError
from pillars.transform import model_docs
from pillars.transform.dbt import run_dbt

PROJECT = settings.dbt_project_dir()


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> model_docs.Manifest:
    target = tmp_path_factory.mktemp("dbt-target")
    run_dbt(["parse", "--quiet", "--target-path", str(target)], quiet=True)
    return model_docs.load_manifest(target / "manifest.json")


def test_committed_docs_equal_a_fresh_rendering(manifest):
    stale = [str(p.relative_to(PROJECT)) for p in model_docs.stale(manifest, PROJECT)]
    assert not stale, f"regenerate with `pillars docs write` (or `make docs`): {stale}"


def test_a_changed_contract_type_makes_reporting_md_stale(manifest):
    changed = copy.deepcopy(manifest)
    column = changed["nodes"]["model.pillars.rpt_prosecute_outcomes"]["columns"]["mean_sentence_months"]
    column["data_type"] = "double precision"
    assert model_docs.stale(changed, PROJECT) == [PROJECT / model_docs.REPORTING_MD]
    assert "| `mean_sentence_months` | double precision |" in model_docs.render_reporting(changed)


@pytest.mark.parametrize("change", ["description", "column type"])
def test_a_changed_mart_makes_models_md_stale(manifest, change):
    changed = copy.deepcopy(manifest)
    node = changed["nodes"]["model.pillars.fct_victim_services"]
    if change == "description":
        node["description"] = "Moved."
    else:
        node["columns"]["county_fips"]["data_type"] = "varchar(5)"
    assert model_docs.stale(changed, PROJECT) == [PROJECT / model_docs.MODELS_MD]


def test_every_reporting_and_figure_model_has_its_section(manifest):
    text = model_docs.render_reporting(manifest)
    for node in manifest["nodes"].values():
        if node["resource_type"] == "model" and node["name"].startswith(("rpt_", "fig_")):
            assert f"## `{node['name']}`" in text, node["name"]


def test_shared_prose_comes_once_from_doc_blocks(manifest):
    text = model_docs.render_reporting(manifest)
    suppression = " ".join(manifest["docs"]["doc.pillars.reporting_suppression"]["block_contents"].split())
    assert text.count(suppression) == 1
    assert "council's suppression threshold" in suppression
    assert "{{" not in text and "{%" not in text, "a doc() reference was left unrendered"
    assert "{{" not in model_docs.render_models(manifest)


def test_a_missing_doc_block_is_one_clear_error(manifest):
    broken = copy.deepcopy(manifest)
    del broken["docs"]["doc.pillars.reporting_totals"]
    with pytest.raises(PillarsError, match="doc block 'reporting_totals' is missing"):
        model_docs.render_reporting(broken)
