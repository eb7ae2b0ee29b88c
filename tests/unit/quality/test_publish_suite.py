"""Publish rules come from the catalogue, the dbt manifest and the declarative file, not from model names."""

from __future__ import annotations

import json
from datetime import date

from pillars import settings
from pillars.quality.publish_suite import Layers, load_checks, manifest_keys, plan_publish
from pillars.quality.results import GateResult, Outcome

LAYERS = Layers()
CHECKS = load_checks(settings.expectations_dir() / "publish_checks.yml")
CATALOGUE = {
    ("reporting_next", "rpt_counts"): {
        "county_fips": "text",
        "victims_identified": "bigint",
        "victims_identified_suppressed": "boolean",
        "activities": "bigint",
        "n_people": "integer",
        "survivor_key": "text",
    },
    ("reporting_next", "rpt_partner_submission_scorecard"): {"partner_id": "text", "rows_read": "bigint"},
    ("reporting", "rpt_counts"): {"county_fips": "text"},
    ("marts", "fct_x"): {"x_key": "text"},
}


def _plan(keys=None):
    return plan_publish(CATALOGUE, CHECKS, keys or {}, 10, date(2025, 3, 10), LAYERS)


def test_count_columns_with_a_companion_or_a_count_name_are_suppression_checked():
    rules = _plan().rules[("reporting_next", "rpt_counts")]
    checked = {r.column for r in rules if r.kind == "ExpectColumnValuesToNotBeInSet"}
    assert checked == {"victims_identified", "n_people"}
    assert all(r.kwargs["value_set"] == list(range(1, 11)) for r in rules if r.kind == "ExpectColumnValuesToNotBeInSet")


def test_exempt_tables_forbidden_columns_and_published_row_counts():
    plan = _plan()
    scorecard = plan.rules[("reporting_next", "rpt_partner_submission_scorecard")]
    assert not any(r.kind == "ExpectColumnValuesToNotBeInSet" for r in scorecard)
    queries = [r.kwargs.get("unexpected_rows_query", "") for r in plan.rules[("reporting_next", "rpt_counts")]]
    assert any("'survivor_key'" in q for q in queries)
    assert any("from reporting.rpt_counts" in q for q in queries)
    assert not any("from reporting." in q for q in (r.kwargs.get("unexpected_rows_query", "") for r in scorecard))
    assert ("reporting", "rpt_counts") not in plan.rules  # the published state itself is not gated


def test_declared_checks_on_missing_tables_are_recorded_not_dropped():
    missing = _plan().missing
    assert {m.expectation for m in missing} == {"freshness", "reconcile"}
    assert any(m.table_name == "marts.fct_victim_identifications" for m in missing)


def test_manifest_tests_and_constraints_become_key_rules(tmp_path):
    manifest = {
        "nodes": {
            "model.pillars.fct_x": {"resource_type": "model", "schema": "marts", "name": "fct_x", "alias": "fct_x",
                                    "columns": {"x_key": {"constraints": [{"type": "primary_key"}]}}},
            "test.pillars.nn": {"resource_type": "test", "attached_node": "model.pillars.fct_x",
                                "column_name": "x_key", "test_metadata": {"name": "not_null"}},
        }
    }  # fmt: skip
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    keys = manifest_keys(path, LAYERS)
    assert keys == {("marts", "fct_x"): {"not_null": {"x_key"}, "unique": {"x_key"}}}
    kinds = {r.kind for r in _plan(keys).rules[("marts", "fct_x")]}
    assert {"ExpectColumnValuesToNotBeNull", "ExpectColumnValuesToBeUnique"} <= kinds
    assert manifest_keys(tmp_path / "absent.json", LAYERS) == {}


def test_gate_result_fails_only_on_hard_failures_and_names_them():
    warn = Outcome("marts.fct_x", "freshness", "d", False, "warn", "not built")
    hard = Outcome("reporting_next.rpt_counts", "expect_column_values_to_not_be_in_set", "n_people", False, "fail",
                   "1 unexpected of 4")  # fmt: skip
    assert GateResult("r", "publish", "s", [warn]).success
    result = GateResult("r", "publish", "s", [warn, hard])
    assert not result.success and result.failed_tables == ["reporting_next.rpt_counts"]
    assert "reporting_next.rpt_counts.n_people: expect_column_values_to_not_be_in_set" in result.describe()
