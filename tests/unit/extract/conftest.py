"""A landing folder of the test's own for every extraction test."""

from __future__ import annotations

import pytest


@pytest.fixture
def landing(tmp_path, monkeypatch):
    folder = tmp_path / "landing"
    folder.mkdir()
    monkeypatch.setenv("PILLARS_LANDING_DIR", str(folder))
    return folder
