"""A landing folder of the test's own for every extraction test, and the reference API fixture."""

from __future__ import annotations

import pytest

from tests.unit.partner_api.conftest import api  # noqa: F401 - the reference API fixture, shared


@pytest.fixture
def landing(tmp_path, monkeypatch):
    folder = tmp_path / "landing"
    folder.mkdir()
    monkeypatch.setenv("PILLARS_LANDING_DIR", str(folder))
    return folder
