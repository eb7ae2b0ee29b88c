"""Policy of the BI-facing reporting layer, read from the dbt project files (no database needed).

Every reporting model is documented and contract-enforced with a type on every column; no column can
carry a person's identifier, token, date of birth or free text; every count of people has its
``<col>_suppressed`` flag; every table with totals declares its shape so the subtraction-attack test
covers it; and the two singular tests name every reporting model as a dependency.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DBT = Path(__file__).resolve().parents[3] / "dbt_project"
REPORTING = DBT / "models" / "reporting"
SINGULAR = DBT / "tests" / "reporting"

FORBIDDEN = re.compile(
    r"(token|match_key|date_of_birth|dob|first_name|last_name|person_name|client_|narrative|notes|reason|"
    r"comment|free_text|_record_id|identification_id|case_id|referral_id|batch_id|source_file|source_line|"
    r"value_masked|phone|email|address)"
)
PEOPLE = re.compile(r"(survivors|victims|people|persons|identifications|defendants|clients|trained|reached)")
TYPES = {"text", "bigint", "integer", "numeric", "date", "boolean", "timestamp", "timestamptz", "double precision"}


def _models() -> dict[str, dict]:
    models: dict[str, dict] = {}
    for path in REPORTING.rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            models[model["name"]] = model
    return models


def _sql_models() -> list[str]:
    return sorted(p.stem for p in REPORTING.rglob("*.sql"))


def test_every_reporting_sql_has_yaml():
    assert _sql_models(), "no reporting models found"
    missing = set(_sql_models()) - set(_models())
    assert not missing, f"reporting models without YAML: {sorted(missing)}"


@pytest.mark.parametrize("name", _sql_models())
def test_model_is_documented_and_typed(name):
    model = _models()[name]
    assert (model.get("description") or "").strip(), f"{name}: no description"
    contract = (model.get("config") or {}).get("contract", {"enforced": True})
    assert contract.get("enforced", True), f"{name}: contract switched off"
    assert model.get("columns"), f"{name}: no columns"
    for column in model["columns"]:
        assert (column.get("description") or "").strip(), f"{name}.{column['name']}: no description"
        assert column.get("data_type") in TYPES, f"{name}.{column['name']}: data_type {column.get('data_type')}"


@pytest.mark.parametrize("name", _sql_models())
def test_no_identifier_or_free_text_column(name):
    for column in _models()[name]["columns"]:
        assert not FORBIDDEN.search(column["name"]), f"{name}.{column['name']} may carry an identifier"


@pytest.mark.parametrize("name", _sql_models())
def test_people_counts_carry_a_suppression_flag(name):
    columns = {c["name"]: c for c in _models()[name]["columns"]}
    for col, spec in columns.items():
        if col.endswith("_suppressed") or spec.get("data_type") not in {"bigint", "integer"}:
            continue
        if PEOPLE.search(col) and not (spec.get("meta") or {}).get("not_people"):
            flag = columns.get(f"{col}_suppressed")
            assert flag and flag["data_type"] == "boolean", f"{name}.{col} counts people without {col}_suppressed"


@pytest.mark.parametrize("name", _sql_models())
def test_tables_with_totals_declare_their_shape(name):
    sql = next(REPORTING.rglob(f"{name}.sql")).read_text(encoding="utf-8")
    spec = ((_models()[name].get("config") or {}).get("meta") or {}).get("suppression")
    if "suppress_cells(" in sql:
        assert spec, f"{name} uses suppress_cells but declares no meta.suppression for the attack test"
        columns = {c["name"] for c in _models()[name]["columns"]}
        for col in spec["dimensions"] + spec["measures"]:
            assert col in columns, f"{name}: meta.suppression names unknown column {col}"


@pytest.mark.parametrize("test_file", sorted(SINGULAR.glob("assert_*.sql")))
def test_singular_tests_depend_on_every_reporting_model(test_file):
    text = test_file.read_text(encoding="utf-8")
    declared = set(re.findall(r"depends_on:\s*\{\{\s*ref\('([a-z0-9_]+)'\)\s*\}\}", text))
    missing = set(_sql_models()) - declared
    assert not missing, f"{test_file.name}: add '-- depends_on: {{{{ ref(...) }}}}' for {sorted(missing)}"
