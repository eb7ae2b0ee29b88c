"""Policy the staging, intermediate, pillar-mart and Phase I/II mart models keep, checked from their files.

Every mart BI reads (pillar and Phase I/II) has an enforced contract with a type and description on each
column; every raw feed has its staging view; nightly-growing facts are incremental on their key with the
lookback window; and a code compared in SQL exists in codes.yml, so renaming a code cannot silently empty a
filter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pillars import settings
from pillars.feeds.declarations.codes import code_lists
from pillars.feeds.declarations.contract import load_contracts

MODELS = settings.dbt_project_dir() / "models"
PILLARS = ("partner", "prevent", "protect", "prosecute", "support")
PHASES = ("phase1", "phase2")
INCREMENTAL = {
    "fct_victim_services": "service_key",
    "fct_victim_identifications": "identification_key",
    "fct_prevention_activities": "activity_key",
    "fct_prosecution_cases": "case_key",
    "fct_intelligence_referrals": "referral_key",
}
# Literals compared in SQL that are not codes: batch status and the person-record feeds.
NOT_CODES = {"loaded", "gated", "victim_services", "victim_identifications", "none", "no", "n/a", ""}


def _yaml_models(folder: Path) -> dict[str, dict]:
    models: dict[str, dict] = {}
    for path in folder.glob("_*.yml"):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            models[entry["name"]] = entry
    return models


def _sql_models(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.sql")}


@pytest.mark.parametrize("folder_name", PILLARS + PHASES)
def test_every_mart_has_an_enforced_contract_with_typed_documented_columns(folder_name: str) -> None:
    folder = MODELS / "marts" / folder_name
    declared = _yaml_models(folder)
    assert set(_sql_models(folder)) == set(declared), f"{folder_name}: SQL and YAML models differ"
    for name, entry in declared.items():
        assert entry.get("config", {}).get("contract", {}).get("enforced") is True, name
        assert entry.get("description"), name
        assert entry.get("columns"), name
        for column in entry["columns"]:
            assert column.get("data_type") and column.get("description"), f"{name}.{column['name']}"
        tested = entry.get("data_tests") or any(c.get("data_tests") for c in entry["columns"])
        assert tested, f"{name} has no data tests"


def test_every_raw_feed_has_a_documented_staging_view() -> None:
    sql = _sql_models(MODELS / "staging")
    declared = _yaml_models(MODELS / "staging")
    for feed in load_contracts():
        name = f"stg_raw__{feed}"
        assert name in sql and name in declared, name
        assert f"current_raw_rows('{feed}')" in sql[name], f"{name} must read only loaded batches"


@pytest.mark.parametrize(("model", "key"), sorted(INCREMENTAL.items()))
def test_growing_facts_are_incremental_on_their_key_with_the_lookback(model: str, key: str) -> None:
    (path,) = MODELS.glob(f"marts/*/{model}.sql")
    text = path.read_text(encoding="utf-8")
    assert f"nightly_fact_config('{key}')" in text
    # a fact carrying survivor_key re-reads the lookback window through in_survivor_fact_window
    assert re.search(r"in_(lookback|survivor_fact)_window\(", text) and "is_incremental()" in text


def test_the_nightly_fact_config_is_incremental_on_the_key_it_is_given() -> None:
    macros = (MODELS.parent / "macros" / "incremental" / "incremental_window.sql").read_text(encoding="utf-8")
    config = macros[macros.index("macro nightly_fact_config(unique_key)") :]
    config = config[: config.index("endmacro")]
    assert "materialized='incremental'" in config
    assert "unique_key=unique_key" in config
    assert re.search(r"incremental_strategy='(merge|delete\+insert)'", config)
    survivor_window = macros[macros.index("macro in_survivor_fact_window(") :]
    assert "in_lookback_window(" in survivor_window[: survivor_window.index("endmacro")]


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def _compared_literals(text: str) -> set[str]:
    """Quoted literals SQL compares a column with (=, <>, in), outside Jinja."""
    text = _JINJA.sub("", text)
    found: set[str] = set()
    for match in re.finditer(r"(?:=|<>|\bin)\s*\(?\s*('[^']*'(?:\s*,\s*'[^']*')*)", text):
        found.update(re.findall(r"'([^']*)'", match.group(1)))
    return found


def _batch_statuses() -> set[str]:
    """Ledger statuses the ops.batches source declares (and tests with accepted_values): not codes either."""
    sources = yaml.safe_load((MODELS / "marts" / "phase2" / "_phase2__sources.yml").read_text(encoding="utf-8"))
    (ops,) = (source for source in sources["sources"] if source["name"] == "ops")
    (batches,) = (table for table in ops["tables"] if table["name"] == "batches")
    (status,) = (column for column in batches["columns"] if column["name"] == "status")
    (accepted,) = (test["accepted_values"] for test in status["data_tests"] if "accepted_values" in test)
    return set(accepted["arguments"]["values"])


def test_codes_compared_in_sql_exist_in_codes_yml() -> None:
    lists = code_lists()
    chapters = {statute.split(".")[0] for statute in lists["statute"]}
    known = {code for codes in lists.values() for code in codes} | set(lists) | chapters | NOT_CODES
    known |= _batch_statuses()
    folders = [MODELS / "staging", MODELS / "intermediate", MODELS / "marts" / "shared"]
    folders += [MODELS / "marts" / p for p in PILLARS + PHASES]
    macros = settings.dbt_project_dir() / "macros"
    files = [p for f in folders for p in f.glob("*.sql")] + list((macros / "marts").glob("*.sql"))
    unknown = {
        (path.name, literal)
        for path in files
        for literal in _compared_literals(path.read_text(encoding="utf-8"))
        if literal not in known
    }
    assert not unknown, f"codes compared in SQL but missing from codes.yml: {sorted(unknown)}"
    assert _compared_literals("where x in ('convicted_plea', 'nope') {{ f(y='z') }}") == {"convicted_plea", "nope"}
