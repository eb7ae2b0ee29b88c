"""Integration fixtures: the quality gates write their Data Docs to a folder of the test's own."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def gx_home(tmp_path_factory, warehouse):
    """Point the GX project folder (validation results, Data Docs) away from the checkout."""
    import os
    import shutil

    from pillars import settings

    root = tmp_path_factory.mktemp("expectations")
    shutil.copy(settings.expectations_dir() / "publish_checks.yml", root / "publish_checks.yml")
    saved = os.environ.get("PILLARS_EXPECTATIONS_DIR")
    os.environ["PILLARS_EXPECTATIONS_DIR"] = str(root)
    yield root
    if saved is None:
        os.environ.pop("PILLARS_EXPECTATIONS_DIR", None)
    else:
        os.environ["PILLARS_EXPECTATIONS_DIR"] = saved
