"""What keeps the nightly dbt build proportional to the night's data (issue 4), checked from the files.

Staging tables are incremental on the ingestion ledger; survivor linking is incremental; NOT NULL on a
contracted model is a constraint the database enforces rather than a test node; the tests on staging and
raw sources read the lookback window on a nightly run and everything on a full refresh. The test kinds the
issue names stay represented.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pillars import settings

PROJECT = settings.dbt_project_dir()
MODELS = PROJECT / "models"


def _project() -> dict:
    return yaml.safe_load((PROJECT / "dbt_project.yml").read_text(encoding="utf-8"))


def _model_entries() -> list[tuple[Path, dict]]:
    return [
        (path, entry)
        for path in MODELS.rglob("_*.yml")
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", [])
    ]


def _test_names(tests: list) -> set[str]:
    return {test if isinstance(test, str) else next(iter(test)) for test in tests or []}


def test_staging_is_incremental_on_the_ledger() -> None:
    staging = _project()["models"]["pillars"]["staging"]
    assert staging["+materialized"] == "incremental"
    assert staging["+incremental_strategy"] == "delete+insert"
    assert any("delete_unloaded_batch_rows" in hook for hook in staging["+post-hook"])
    for path in (MODELS / "staging").glob("stg_raw__*.sql"):
        assert "staging_unique_key(" in path.read_text(encoding="utf-8"), path.name


def test_survivor_linking_is_incremental() -> None:
    for name in ("int_survivor_records", "int_survivors_unduplicated"):
        text = (MODELS / "intermediate" / f"{name}.sql").read_text(encoding="utf-8")
        assert "materialized='incremental'" in text and "unique_key='record_key'" in text, name
        assert "is_incremental()" in text, name


def test_contracted_models_enforce_not_null_as_a_constraint_not_a_test() -> None:
    constrained = 0
    for path, entry in _model_entries():
        enforced = "reporting" in path.parts or entry.get("config", {}).get("contract", {}).get("enforced")
        if not enforced:
            continue
        for column in entry.get("columns", []):
            assert "not_null" not in _test_names(column.get("data_tests")), f"{entry['name']}.{column['name']}"
            constrained += any(c.get("type") == "not_null" for c in column.get("constraints", []))
    assert constrained > 300


def test_the_issue_test_kinds_are_all_still_used() -> None:
    used: set[str] = set()
    for _, entry in _model_entries():
        used |= _test_names(entry.get("data_tests"))
        for column in entry.get("columns", []):
            used |= _test_names(column.get("data_tests"))
    assert {"unique", "not_null", "relationships", "accepted_values"} <= used
    assert {"unique_combination", "not_negative", "in_code_list"} <= used  # custom generic tests


def test_staging_and_source_tests_read_the_nightly_window() -> None:
    assert _project()["data_tests"]["pillars"]["staging"]["+where"] == "__nightly_window__"
    macro = (PROJECT / "macros" / "tests" / "nightly_test_window.sql").read_text(encoding="utf-8")
    assert "flags.FULL_REFRESH" in macro and "postgres__get_where_subquery" in macro
