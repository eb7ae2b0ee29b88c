"""The scheduler's warm-up of its task processes (plugins/airflow_local_settings.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[3] / "plugins"


def _local_settings():
    spec = importlib.util.spec_from_file_location("local_settings_under_test", PLUGINS / "airflow_local_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # in pytest: not the scheduler, so nothing is imported
    return module


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/venv/bin/airflow", "scheduler"], True),
        (["/venv/bin/airflow", "dag-processor"], False),
        (["/venv/bin/airflow", "api-server"], False),
        (["/venv/bin/pytest", "scheduler"], False),
    ],
)
def test_only_the_scheduler_warms_up(monkeypatch, argv, expected):
    module = _local_settings()
    monkeypatch.setattr(sys, "argv", argv)
    assert module._is_scheduler() is expected


def test_warmed_libraries_import_no_airflow():
    """The warm-up runs while Airflow is still initialising: a library importing Airflow would re-enter it."""
    module = _local_settings()
    code = (
        "import importlib, sys\n"
        f"for name in {module.WARM_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('airflow', 'cosmos', 'pillars')}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_airflow_does_not_load_it_as_a_plugin():
    """Airflow imports every file of the plugins folder looking for plugins; this one is settings, not a plugin."""
    ignored = (PLUGINS / ".airflowignore").read_text().split()
    assert "airflow_local_settings.py" in ignored
