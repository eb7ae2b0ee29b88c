"""The ingestion benchmark's issue-12 verdicts, its dlt venv commands and the dlt stage's row reader."""

from __future__ import annotations

from pathlib import Path

from pillars import settings
from pillars.bench import dlt_load, dlt_venv
from pillars.bench.ingest import Measured, path_lines


def _measured(name: str, rows: int, seconds: float) -> Measured:
    return Measured(name, rows, seconds, 100.0)


def _gate(seconds: float, failed: list[str] | None = None) -> dict:
    return {"seconds": seconds, "import_seconds": 2.5, "expectations": 40, "failed": failed or []}


def _lines(load: float, gate: float, dlt: float, failed: list[str] | None = None) -> list[str]:
    rows = 1_000_000
    return path_lines(
        _measured("load", rows, load),
        _gate(gate, failed),
        _measured("copy", rows, 1.5),
        _measured("dlt", rows, dlt),
        _measured("pandas", 200_000, 10.0),
    )


def test_gate_share_and_both_targets_met():
    lines = _lines(load=4.0, gate=2.0, dlt=20.0)
    text = "\n".join(lines)
    assert "load 4.0s + raw gate 2.0s = 6.0s (166,667 rows/s); the gate is 33% of it" in text
    assert "gate / load        = 0.50  (target <= 1) MET" in text
    assert "full path / dlt    = 3.3x (target >= 2x) MET (dlt)" in text  # 166,667 against 50,000 rows/s
    assert "full path / \\copy  = 0.25; full path / pandas = 8.3x" in text
    assert "40 expectations passed; GX import 2.5s once per process, not counted" in text


def test_a_slow_gate_or_a_slow_path_is_not_met():
    text = "\n".join(_lines(load=4.0, gate=4.4, dlt=12.0))
    assert "gate / load        = 1.10  (target <= 1) NOT MET" in text
    assert "full path / dlt    = 1.4x (target >= 2x) NOT MET (dlt)" in text


def test_a_failed_gate_is_reported_not_hidden():
    text = "\n".join(_lines(load=4.0, gate=1.0, dlt=20.0, failed=["raw.victim_services.county: regex"]))
    assert "40 expectations FAILED: raw.victim_services.county: regex" in text


def test_dlt_venv_is_local_and_pins_dlt_with_postgres(tmp_path: Path):
    [create, install] = dlt_venv.create_commands(tmp_path / "venv", Path("/x/uv"))
    assert create[:2] == ["/x/uv", "venv"] and create[-1] == str(tmp_path / "venv")
    assert install[-1] == dlt_venv.DLT_REQUIREMENT and dlt_venv.DLT_REQUIREMENT.startswith("dlt[postgres,parquet]==")
    assert str(tmp_path / "venv" / "bin" / "python") in install
    assert dlt_venv.venv_dir() == settings.local_dir() / "bench-dlt-venv"  # never in Pillars' own .venv


def test_dlt_stage_reads_the_csv_as_header_keyed_rows_up_to_a_limit(tmp_path: Path):
    path = tmp_path / "f.csv"
    path.write_text('Client ID,County\nC1,"Harris, TX"\nC2,Dallas\nC3,Bexar\n', encoding="utf-8")
    assert list(dlt_load.rows(path, limit=2)) == [
        {"Client ID": "C1", "County": "Harris, TX"},
        {"Client ID": "C2", "County": "Dallas"},
    ]
    assert len(list(dlt_load.rows(path))) == 3
    assert dlt_load.table_name("arrow") == "victim_services_arrow"
