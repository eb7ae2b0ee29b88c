"""``pillars bench --only sql`` builds another commit's dbt project from a copy git exports."""

from __future__ import annotations

import subprocess

import pytest

from pillars import settings
from pillars.bench.sql_output import export_project
from pillars.errors import PillarsError


def test_export_is_the_committed_dbt_project(tmp_path) -> None:
    project = export_project("HEAD", tmp_path)
    assert project == tmp_path / "dbt_project"
    committed = subprocess.run(
        ["git", "show", "HEAD:dbt_project/dbt_project.yml"],
        cwd=settings.project_root(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (project / "dbt_project.yml").read_text() == committed
    assert (project / "profiles.yml").exists() and list((project / "models").rglob("*.sql"))


def test_an_unknown_revision_is_one_clear_error(tmp_path) -> None:
    with pytest.raises(PillarsError, match=r"^--base/--head no-such-revision: cannot export its dbt_project: .+"):
        export_project("no-such-revision", tmp_path)
