"""Is every table the dbt project builds byte-identical to what another commit's dbt project builds?

For a refactor of the SQL that must change no output (issue 15, "SQL written once"). In a scratch warehouse
(its own database and landing folder) it loads generated partner data for a span that crosses a fiscal
year and several quarters, including the prosecutors' API feed, then builds the dbt project as it is at
``base`` (a git revision, exported to a temporary folder) and as it is in the working tree, each with a full
refresh, and compares a fingerprint of every table and view in staging, marts and reporting_next: columns
and types, row count and an md5 of the rows (see ``dbt_equivalence.fingerprint``). Both fingerprints are
kept as JSON under ``.local/bench/sql_output/``.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from pillars import settings
from pillars.bench import dbt_equivalence, scratch_warehouse
from pillars.errors import PillarsError

DATABASE = "pillars_bench_sql"
TARGET_DIR = "target_sql_output"
SCHEMAS = ["staging", "marts", "reporting_next"]
START = date(2025, 8, 4)  # FY2025 Q4 into FY2026 Q1 and Q2: fiscal year and quarter boundaries
DAYS = 98
SEED = 1515


def _bench_dir() -> Path:
    return settings.local_dir() / "bench" / "sql_output"


def export_project(revision: str, into: Path) -> Path:
    """The dbt project folder as it is at ``revision``, written below ``into``; returns its path."""
    result = subprocess.run(
        ["git", "archive", "--format=tar", revision, "dbt_project"],
        cwd=settings.project_root(),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        reason = (result.stderr.decode(errors="replace").strip().splitlines() or ["git archive failed"])[-1]
        raise PillarsError(f"--base/--head {revision}: cannot export its dbt_project: {reason}")
    with tarfile.open(fileobj=BytesIO(result.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / "dbt_project"


def build_and_fingerprint(project_dir: Path | None, name: str) -> dict[str, dbt_equivalence.TableFingerprint]:
    """Seed and full-refresh run one copy of the project, fingerprint its output, keep it as ``name``.json."""
    from pillars.transform.dbt import run_dbt

    for args in (["seed", "--full-refresh"], ["run", "--full-refresh"]):
        run_dbt([*args, "--quiet"], quiet=True, project_dir=project_dir)
    tables = dbt_equivalence.fingerprint(DATABASE, SCHEMAS)
    dbt_equivalence.save_fingerprint(tables, _bench_dir() / f"{name}.json")
    return tables


def _load_history() -> int:
    """A fresh scratch warehouse holding the generated days (every feed, the API one too); returns rows."""
    from pillars.synthetic import generate

    settings.use_local_token_key()
    scratch_warehouse.reset(DATABASE, _bench_dir())
    generate(start=START, days=DAYS, seed=SEED, out_dir=_bench_dir() / "landing")
    days = [START + timedelta(days=i) for i in range(DAYS)]
    return scratch_warehouse.load_days(days, api_dir=_bench_dir() / "partner_api")


def run(base: str, head: str | None = None) -> tuple[bool, list[str]]:
    """(every table equal, report lines); ``head`` a revision to compare instead of the working tree.
    Both revisions are exported before anything is loaded, so a mistyped one fails at once."""
    scratch_warehouse.use_database(DATABASE, _bench_dir(), TARGET_DIR)
    with tempfile.TemporaryDirectory(prefix="pillars-sql-") as folder:
        base_dir = export_project(base, Path(folder) / "base")
        head_dir = export_project(head, Path(folder) / "head") if head else None
        rows = _load_history()
        before = build_and_fingerprint(base_dir, "base")
        after = build_and_fingerprint(head_dir, "head")
    differing = dbt_equivalence.fingerprint_differences(before, after)
    empty = sorted(name for name, table in after.items() if table.rows == 0)
    lines = [
        f"dbt output equivalence: {DAYS} days from {START}, {rows:,} raw rows; dbt project at {base} vs "
        f"{head or 'the working tree'}, {len(after)} tables and views in {', '.join(SCHEMAS)}",
        f"  {len(after) - len(empty)} with rows, {len(empty)} empty" + (f" ({', '.join(empty)})" if empty else ""),
        "  every table identical (columns, types, rows, md5)"
        if not differing
        else f"  {len(differing)} DIFFER:\n    " + "\n    ".join(differing),
    ]
    return not differing, lines
