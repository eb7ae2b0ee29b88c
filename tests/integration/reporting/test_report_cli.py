"""``pillars report`` as a person runs it: prints the paths it wrote; a bad date is one line, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_pillars

pytestmark = pytest.mark.integration


def test_report_prints_the_paths_it_wrote(warehouse, tmp_path):
    done = run_pillars("report", "--date", "2026-03-04", env={"PILLARS_OUTPUT_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    printed = dict(line.split(":", 1) for line in done.stdout.splitlines())
    html = Path(printed["report"].strip())
    assert html == tmp_path / "reports" / "phase2-2026-03-04.html" and html.exists()
    assert Path(printed["latest"].strip()).read_bytes() == html.read_bytes()
    assert Path(printed["figures"].strip()).exists()


def test_bad_date_is_one_line(warehouse):
    done = run_pillars("report", "--date", "2026-13-01")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "YYYY-MM-DD" in done.stderr
