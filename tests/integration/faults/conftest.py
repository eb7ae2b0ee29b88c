"""Fixtures of the fault tests: the SQL staging runs for victim_services, compiled by the real dbt."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_pillars
from tests.integration.faults.helpers import FEED


@pytest.fixture(scope="session")
def staging_sql(warehouse, tmp_path_factory) -> str:
    """stg_raw__victim_services as a full refresh would select it (the current_raw_rows macro: gated
    batches only, latest delivery per natural key), compiled by dbt against the test database."""
    target = tmp_path_factory.mktemp("dbt-target")
    model = f"stg_raw__{FEED}"
    result = run_pillars("dbt", "compile", "--select", model, "--full-refresh", "--target-path", str(target))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    [compiled] = list(Path(target).glob(f"compiled/**/{model}.sql"))
    return compiled.read_text(encoding="utf-8")
