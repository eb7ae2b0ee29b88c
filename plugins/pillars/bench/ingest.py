"""Ingestion benchmark: Pillars' full path (load, then the raw quality gate) against psql ``\\copy``, dlt and
pandas ``to_sql`` on the same file, all measured in the same run.

Targets: the raw gate takes no longer than the load (issue 12); the whole path is at least twice dlt's
throughput (issue 12); issue 3's load targets, 50% of ``\\copy`` and 10x pandas, and peak memory that does
not grow with the file size (the load is measured at a quarter and at all of the rows).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pillars import settings
from pillars.bench import dlt_load, dlt_venv, stage
from pillars.bench.feed_sample import HEADER, write_sample
from pillars.load import ledger
from pillars.privacy.files import private_dir, tighten_tree
from pillars.warehouse.connect import connect


@dataclass
class Measured:
    name: str
    rows: int
    seconds: float
    peak_rss_mb: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _run_stage(*args: str) -> dict:
    _checkpoint()
    result = subprocess.run(
        [sys.executable, "-m", "pillars.bench.stage", *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"benchmark stage {args[0]} failed: {result.stderr.strip()[-800:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _run_dlt(mode: str, path: Path, rows: int = 0) -> dict:
    """dlt in its own venv (created from PyPI the first time) loading the same file into ``bench_dlt``;
    ``mode`` is ``arrow`` or ``rows`` (see :mod:`pillars.bench.dlt_load`), ``rows`` the first N records."""
    from pillars.warehouse import credentials

    python = dlt_venv.ensure()
    _checkpoint()
    work = settings.local_dir() / "bench" / "dlt"
    shutil.rmtree(work, ignore_errors=True)
    command = [str(python), dlt_load.__file__, mode, str(path), credentials.url(), str(work)]
    result = subprocess.run([*command, *([str(rows)] if rows else [])], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark stage dlt {mode} failed: {result.stderr.strip()[-800:]}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    with connect() as conn:  # dlt's own row counts count values, not rows: ask the table
        table = f"{dlt_load.DATASET}.{dlt_load.table_name(mode)}"
        measured["rows"] = conn.execute(f"select count(*) from {table}").fetchone()[0]
    return measured


def _checkpoint() -> None:
    """Every stage starts with no dirty pages left by the one before: otherwise a checkpoint that the
    last stage's writes set off could land in any stage's timing (the spread between runs was ~20%)."""
    with connect(autocommit=True) as conn:
        conn.execute("checkpoint")


def _prepare_baseline_tables() -> None:
    columns = ", ".join(f'"{name}" text' for name in HEADER)
    with connect(autocommit=True) as conn:
        conn.execute("create schema if not exists bench")
        conn.execute(f"drop table if exists {stage.TEXT_TABLE}")
        conn.execute(f"create table {stage.TEXT_TABLE} ({columns})")


def _remove_bench_batches() -> None:
    """Take the benchmark's batches out of the warehouse, and their dead rows with them: each run must
    load into the same table state, not into the last run's million deleted rows and their index entries."""
    with connect() as conn, conn.transaction():
        for (batch_id,) in conn.execute(
            "select batch_id from ops.batches where partner_id = %s", (stage.BENCH_PARTNER,)
        ).fetchall():
            ledger.supersede(conn, "victim_services", batch_id, None)
            ledger.forget(conn, batch_id)
    with connect(autocommit=True) as conn:
        conn.execute("vacuum (analyze) raw.victim_services")


def _cleanup() -> None:
    _remove_bench_batches()
    with connect(autocommit=True) as conn:
        conn.execute("drop schema if exists bench cascade")
        for schema in (dlt_load.DATASET, f"{dlt_load.DATASET}_staging"):
            conn.execute(f"drop schema if exists {schema} cascade")


def path_lines(load: Measured, gate: dict, copy: Measured, dlt: Measured, pandas: Measured) -> list[str]:
    """The issue-12 verdicts: the gate against the load, the whole path against each baseline."""
    whole = Measured("load + raw gate", load.rows, load.seconds + gate["seconds"], load.peak_rss_mb)
    share = gate["seconds"] / whole.seconds if whole.seconds else 0.0
    gate_ratio = gate["seconds"] / load.seconds if load.seconds else float("inf")
    over_dlt = whole.rate / dlt.rate if dlt.rate else 0.0
    verdict = "passed" if not gate["failed"] else f"FAILED: {'; '.join(gate['failed'])[:300]}"
    return [
        f"  full path = load {load.seconds:.1f}s + raw gate {gate['seconds']:.1f}s = {whole.seconds:.1f}s"
        f" ({whole.rate:,.0f} rows/s); the gate is {share:.0%} of it",
        f"  raw gate: {gate['expectations']} expectations {verdict}; GX import {gate['import_seconds']:.1f}s"
        " once per process, not counted",
        f"  gate / load        = {gate_ratio:.2f}  (target <= 1) {'MET' if gate_ratio <= 1 else 'NOT MET'}",
        f"  full path / dlt    = {over_dlt:.1f}x (target >= 2x) {'MET' if over_dlt >= 2 else 'NOT MET'} ({dlt.name})",
        f"  full path / \\copy  = {whole.rate / copy.rate:.2f}; full path / pandas = {whole.rate / pandas.rate:.1f}x",
    ]


def sample_files(rows: int) -> tuple[Path, Path]:
    """The benchmark's input files (``rows`` and a quarter of it), written once and kept owner-only."""
    folder = private_dir(settings.local_dir() / "bench")
    tighten_tree(folder)  # made-up names and dates of birth, but shaped like a real delivery
    big, small = folder / f"victim_services_{rows}.csv", folder / f"victim_services_{rows // 4}.csv"
    for path, count in ((big, rows), (small, rows // 4)):
        if not path.exists():
            write_sample(path, count)
    return big, small


def run(rows: int = 1_000_000, pandas_rows: int = 200_000) -> list[str]:
    big, small = sample_files(rows)
    _prepare_baseline_tables()
    try:
        _remove_bench_batches()
        small_full = _run_stage("full", str(small))
        _remove_bench_batches()
        full = _run_stage("full", str(big))
        gate = _run_stage("gate", full["batch"])
        python_side = _run_stage("validate", str(big))
        floor = _run_stage("floor", str(big))
        copy = _run_stage("copy", str(big))
        dlt = _run_dlt("arrow", big)
        dlt_rows = _run_dlt("rows", big, pandas_rows)
        pandas = _run_stage("pandas", str(big), str(pandas_rows))
    finally:
        _cleanup()
    m_full = Measured("pillars load", full["rows"], full["seconds"], full["peak_rss_mb"])
    m_python = Measured("  of which Python", python_side["rows"], python_side["seconds"], python_side["peak_rss_mb"])
    m_floor = Measured("  server floor", floor["rows"], floor["seconds"], floor["peak_rss_mb"])
    m_gate = Measured("raw gate", full["rows"], gate["seconds"], gate["peak_rss_mb"])
    m_copy = Measured("psql \\copy", copy["rows"], copy["seconds"], copy["peak_rss_mb"])
    m_dlt = Measured("dlt, Arrow", dlt["rows"], dlt["seconds"], 0.0)
    m_dlt_rows = Measured("dlt, dict rows", dlt_rows["rows"], dlt_rows["seconds"], 0.0)
    m_pandas = Measured("pandas to_sql", pandas["rows"], pandas["seconds"], pandas["peak_rss_mb"])
    lines = [f"ingestion benchmark: victim_services CSV, {Path(big).stat().st_size / 1e6:.0f} MB"]
    for m in (m_full, m_python, m_floor, m_gate, m_copy, m_dlt, m_dlt_rows, m_pandas):
        peak = f"  peak {m.peak_rss_mb:.0f} MB" if m.peak_rss_mb else ""
        lines.append(f"  {m.name:<16} {m.rows:>9,d} rows {m.seconds:7.1f}s {m.rate:>10,.0f} rows/s{peak}")
    lines += path_lines(m_full, gate, m_copy, max(m_dlt, m_dlt_rows, key=lambda m: m.rate), m_pandas)
    lines.append(f"  (dlt {dlt['dlt']}, postgres destination, csv loader file format = COPY; the target is set against")
    lines.append("   the faster of its Arrow and dict-row paths)")
    ratio_copy = m_full.rate / m_copy.rate
    ratio_pandas = m_full.rate / m_pandas.rate
    growth = full["peak_rss_mb"] / small_full["peak_rss_mb"]
    lines += [
        f"  load / \\copy   = {ratio_copy:.2f}  (target >= 0.50) {'MET' if ratio_copy >= 0.5 else 'NOT MET'}",
        f"  load / pandas  = {ratio_pandas:.1f}x (target >= 10x) {'MET' if ratio_pandas >= 10 else 'NOT MET'}",
        f"  peak memory {small_full['rows']:,} rows: {small_full['peak_rss_mb']:.0f} MB; {full['rows']:,} rows: "
        f"{full['peak_rss_mb']:.0f} MB (x{growth:.2f} for 4x the rows) {'FLAT' if growth < 1.25 else 'GROWS'}",
        f"  rows quarantined by the contract in the full path: {full['rows'] - full['loaded']:,}",
        "  ('of which Python' is parse + validate + tokenise + COPY data alone, without the database; 'server",
        "   floor' is psql loading that same COPY data (binary rows) into a table shaped like",
        "   raw.victim_services, the least the full path can take: load / floor = "
        f"{m_floor.seconds / m_full.seconds:.2f} of the way there)",
    ]
    return lines
