"""``pillars quality``: the gates by hand; mistakes a user can fix are one line, the docs path is printed."""

from __future__ import annotations

import uuid
from pathlib import Path

from tests.conftest import run_pillars


def test_check_batch_with_a_bad_id_or_unknown_batch_is_one_line(warehouse):
    bad = run_pillars("quality", "check-batch", "--feed", "victim_services", "--batch", "nope")
    assert bad.returncode == 2 and bad.stderr.strip() == "pillars: batch id 'nope' is not a UUID"

    missing = run_pillars("quality", "check-batch", "--feed", "victim_services", "--batch", str(uuid.uuid4()))
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "no batch" in missing.stderr and "Traceback" not in missing.stderr


def test_docs_prints_the_index_it_built(gx_home):
    done = run_pillars("quality", "docs", env={"PILLARS_EXPECTATIONS_DIR": str(gx_home)})

    assert done.returncode == 0, done.stderr
    index = Path(done.stdout.strip().splitlines()[-1])
    assert index == gx_home / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert index.is_file() and "raw/victim_services.html" in index.read_text(encoding="utf-8")
