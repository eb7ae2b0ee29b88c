"""dbt benchmark (issue 4): a full ``dbt build`` over a long history against the nightly incremental build.

Runs in its own database (``pillars_bench``, dropped and rebuilt each time so reruns measure the same
thing), landing folder and dbt target folder, so neither the demo, the tests nor the manifest Airflow
renders from are touched. The history is a year of synthetic partner data at ``HISTORY_SCALE`` times the
demo's volume, so the full build is dominated by data rather than by dbt's fixed cost per node; the nightly
run adds one quiet weekday generated at the scale that makes it about 1% of the history's rows, then runs
exactly what production runs nightly: ``dbt build`` over every model and test. Target: the incremental
build takes under 15% of the full build. Last, every incremental table is compared with a full-refresh
rebuild of it (the issue's "full refresh = sum of incrementals").
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import time
from datetime import date, timedelta
from pathlib import Path

from pillars import settings
from pillars.bench import dbt_equivalence
from pillars.bench.dbt_nodes import BuildProfile, incremental_models, read_profile

BENCH_DATABASE = "pillars_bench"
HISTORY_START = date(2024, 1, 1)
HISTORY_DAYS = 364  # a year: the 14-day lookback is then a small part of the history, as in production
HISTORY_SCALE = 5.0  # ~670k raw rows: the full build is then mostly data, not dbt's ~30 s fixed cost
SEED = 777
NIGHTLY_SHARE = 0.01
TARGET = 0.15
TARGET_DIR = "target_bench"  # relative to dbt_project/, like dbt's own target-path
THREADS = 2  # profiles.yml: node seconds over this are wall seconds


def _bench_dir() -> Path:
    return settings.local_dir() / "bench" / "dbt"


def _use_bench_database() -> None:
    """Point every connection, the landing folder and dbt's output at the benchmark's own places."""
    from pillars.warehouse import credentials

    os.environ["PILLARS_WAREHOUSE_URL"] = credentials.url(credentials.ADMIN_ROLE, BENCH_DATABASE)
    os.environ["PILLARS_LANDING_DIR"] = str(_bench_dir() / "landing")
    os.environ["DBT_TARGET_PATH"] = TARGET_DIR
    os.environ["DBT_LOG_PATH"] = "logs_bench"


def _reset() -> None:
    """Drop the benchmark database and files: a rerun must not load a second history on top of the first."""
    from pillars.bench.databases import reset_database

    shutil.rmtree(_bench_dir(), ignore_errors=True)
    reset_database(BENCH_DATABASE)


def _generate(start: date, days: int, seed: int, scale: float, out: Path) -> int:
    """Write the deliveries; returns the rows of the file feeds (the API feed needs its server)."""
    from pillars.synthetic import generate

    manifest = generate(start=start, days=days, seed=seed, scale=scale, out_dir=out)
    return sum(entry["rows"] for entry in manifest.files if entry.get("landing"))


def _load_days(days: list[date]) -> int:
    """Load the days' file deliveries. The bench measures dbt, not extraction or the raw gate, so it marks
    its loads gated itself (staging reads gated batches only) instead of running the gate on each."""
    from pillars.feeds.registry import partner_feeds
    from pillars.load import ledger
    from pillars.load.ingest import ingest_partition
    from pillars.warehouse import credentials
    from pillars.warehouse.connect import connect

    rows = 0
    for day in days:
        for item in partner_feeds():
            if item.transport == "http":
                continue  # the bench measures dbt, not extraction
            batches = ingest_partition(item, day).batches
            rows += sum(b.rows_loaded for b in batches)
            with connect(credentials.LOADER_ROLE) as conn, conn.transaction():
                for batch in batches:
                    if batch.status == "loaded":
                        ledger.mark_gated(conn, batch.batch_id)
    return rows


def _nightly_scale(day: date, history_rows: int) -> float:
    """The scale at which ``day``'s file deliveries are NIGHTLY_SHARE of the history (rows grow linearly)."""
    probe = _bench_dir() / "probe"
    rows = _generate(day, 1, SEED + 1, 1.0, probe / "landing")
    shutil.rmtree(probe, ignore_errors=True)
    return NIGHTLY_SHARE * history_rows / rows if rows else 1.0


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_build(name: str, args: list[str]) -> tuple[float, float, BuildProfile]:
    """Wall seconds and dbt's own CPU seconds of ``dbt build ARGS``, and its node times; run_results kept
    as run_results_<name>.json. The CPU is the dbt process's alone (the database's work is the server's)."""
    from pillars.transform.dbt import run_dbt

    started, cpu = time.perf_counter(), _child_cpu()
    run_dbt(["build", *args, "--quiet"], quiet=True)
    wall, cpu = time.perf_counter() - started, _child_cpu() - cpu
    results = settings.dbt_project_dir() / TARGET_DIR / "run_results.json"
    shutil.copyfile(results, _bench_dir() / f"run_results_{name}.json")
    return wall, cpu, read_profile(results.parent)


def _profile_lines(name: str, wall: float, cpu: float, profile: BuildProfile) -> list[str]:
    kinds = profile.seconds_by_kind()
    counts = profile.count()
    return [
        f"  {name:<12} dbt build {wall:6.1f}s wall ({profile.elapsed:6.1f}s in the graph; "
        f"{counts['model']} models {kinds.get('model', 0):.1f}s, {counts['test']} tests {kinds.get('test', 0):.1f}s, "
        f"median node {profile.median_seconds():.2f}s); dbt's own CPU {cpu:.1f}s"
    ]


def _where_the_time_went(wall: float, profile: BuildProfile, full: BuildProfile, incremental: set[str]) -> str:
    """The nightly build split into dbt's fixed cost and the work that still reads the whole history."""
    counts = profile.count()
    nodes = sum(counts.values())
    fixed = nodes * profile.median_seconds() / THREADS
    other_models = {n.unique_id for n in profile.nodes if n.unique_id.startswith("model.")} - incremental
    tests = {n.unique_id for n in profile.nodes if n.unique_id.startswith(("test.", "unit_test."))}
    return (
        f"  where the incremental build went: dbt start-up {wall - profile.elapsed:.1f}s; {nodes} nodes x "
        f"{profile.median_seconds():.2f}s median = ~{fixed:.0f}s fixed at {THREADS} threads; the "
        f"{len(incremental)} incremental models {full.seconds_of(incremental) / THREADS:.1f}s full -> "
        f"{profile.seconds_of(incremental) / THREADS:.1f}s nightly; over the whole history every night: "
        f"{len(other_models)} table/view models {profile.seconds_of(other_models) / THREADS:.1f}s "
        f"(full {full.seconds_of(other_models) / THREADS:.1f}s), {len(tests)} tests "
        f"{profile.seconds_of(tests) / THREADS:.1f}s (full {full.seconds_of(tests) / THREADS:.1f}s)"
    )


def run() -> list[str]:
    _use_bench_database()
    from pillars.transform.dbt import run_dbt

    settings.use_local_token_key()
    _reset()
    landing = _bench_dir() / "landing"
    history = [HISTORY_START + timedelta(days=i) for i in range(HISTORY_DAYS)]
    _generate(HISTORY_START, HISTORY_DAYS, SEED, HISTORY_SCALE, landing)
    history_rows = _load_days(history)
    run_dbt(["seed", "--quiet"], quiet=True)  # reference data, loaded once: not part of either timing
    full_wall, full_cpu, full = _timed_build("full", ["--full-refresh"])

    nightly_day = history[-1] + timedelta(days=1)
    while nightly_day.weekday() == 0:  # Mondays bring every weekly feed at once: a quiet weekday instead
        nightly_day += timedelta(days=1)
    _generate(nightly_day, 1, SEED + 1, _nightly_scale(nightly_day, history_rows), landing)
    new_rows = _load_days([nightly_day])
    nightly_wall, nightly_cpu, nightly = _timed_build("nightly", [])

    target_dir = settings.dbt_project_dir() / TARGET_DIR
    incremental = incremental_models(target_dir)
    relations = sorted(incremental.values())
    dbt_equivalence.snapshot(BENCH_DATABASE, relations)
    run_dbt(["run", "--full-refresh", "--select", "config.materialized:incremental", "--quiet"], quiet=True)
    differing = dbt_equivalence.differences(BENCH_DATABASE, relations)

    ratio = nightly_wall / full_wall
    lines = [
        f"dbt benchmark: {HISTORY_DAYS} days of history at {HISTORY_SCALE:g}x, {history_rows:,} raw rows; "
        f"nightly +{new_rows:,} rows ({new_rows / history_rows:.2%} of the history)",
        *_profile_lines("full", full_wall, full_cpu, full),
        *_profile_lines("incremental", nightly_wall, nightly_cpu, nightly),
        f"  incremental / full build: {ratio:.1%} wall, {nightly.elapsed / full.elapsed:.1%} in the graph "
        f"(target < {TARGET:.0%}) {'MET' if ratio < TARGET else 'NOT MET'}",
        "  slowest nodes of the incremental build: "
        + ", ".join(f"{node.label} {node.seconds:.1f}s" for node in nightly.nodes[:5]),
        _where_the_time_went(nightly_wall, nightly, full, set(incremental)),
        f"  dbt's own CPU in the incremental build: {nightly_cpu:.1f}s = {nightly_cpu / full_wall:.0%} of the full "
        "build's wall time; dbt runs its threads under one Python GIL, so this part is a floor no thread count "
        "or database work lowers (docs/performance.md)",
        f"  full refresh == sum of incrementals ({len(relations)} incremental tables): "
        + ("yes" if not differing else "NO " + json.dumps(differing)),
    ]
    return lines
