"""``make test``: the whole suite as three pytest streams at once, each with databases and folders of its own.

The suite's long tiers spend part of their time waiting: on a real scheduler (``tests/scheduler``), on
Airflow's DAG runs, dbt and Superset (``tests/bi``, ``tests/e2e`` and the report tests, which share the pipeline
run). One after the other they took about 23 minutes on this 2-core machine; side by side, 17 min 43 s, with
both cores full (load 11-16) for most of it. ``tests/conftest.py`` gives each stream
(``PILLARS_TEST_STREAM``) its own warehouse and Airflow databases, Airflow home, landing folder, outputs and
dbt target, on the one embedded cluster.

Every test still runs, in the order pytest gives it within its stream; a test that restarts the shared
cluster (marked ``restarts_warehouse``) runs alone once the streams are done. Each stream's output is printed
whole when it ends; the exit status is non-zero when any stream failed. Arguments go to every stream's
pytest (e.g. ``--durations=20``); to run a selection, call pytest itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESTARTS = "restarts_warehouse"
PIPELINE_TIERS = ["tests/bi", "tests/e2e", "tests/integration/reporting"]
STREAMS: dict[str, list[str]] = {
    "scheduler": ["tests/scheduler"],
    "pipeline": PIPELINE_TIERS,
    "main": [
        "tests",
        "--ignore=tests/scheduler",
        *(f"--ignore={tier}" for tier in PIPELINE_TIERS),
        "-m",
        f"not {RESTARTS}",
    ],
}
# A test that restarts the shared cluster would cut every other stream's connections: it runs alone, last,
# on the main stream's databases.
ALONE: tuple[str, list[str]] = ("main", ["tests", "-m", RESTARTS])


def main(extra: list[str]) -> int:
    logs = ROOT / ".local" / "test-streams"
    logs.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    running = {name: _start(name, selection, extra, logs / f"{name}.log") for name, selection in STREAMS.items()}
    outcomes: dict[str, tuple[int, float]] = {}
    while running:
        for name, (process, log) in list(running.items()):
            if process.poll() is not None:
                del running[name]
                outcomes[name] = _report(name, process, log, started)
        time.sleep(2)

    name, selection = ALONE
    process, log = _start(name, selection, extra, logs / "alone.log")
    process.wait()
    outcomes["alone"] = _report("alone", process, log, started)

    verdicts = [f"{n} {'passed' if rc == 0 else f'FAILED ({rc})'} at {s:.0f}s" for n, (rc, s) in outcomes.items()]
    print(f"\nstreams: {', '.join(verdicts)}; {time.monotonic() - started:.0f}s in all", flush=True)
    return max(rc for rc, _ in outcomes.values())


def _start(name: str, selection: list[str], extra: list[str], log: Path) -> tuple[subprocess.Popen, Path]:
    pytest = str(Path(sys.executable).parent / "pytest")
    with log.open("w") as out:
        process = subprocess.Popen(
            [pytest, *selection, *extra],
            cwd=ROOT,
            env={**os.environ, "PILLARS_TEST_STREAM": name},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    print(f"stream {log.stem}: pytest {' '.join(selection)} (log {log.relative_to(ROOT)})", flush=True)
    return process, log


def _report(name: str, process: subprocess.Popen, log: Path, started: float) -> tuple[int, float]:
    seconds = time.monotonic() - started
    print(f"\n===== stream {name}: exit {process.returncode} after {seconds:.0f}s =====", flush=True)
    sys.stdout.write(log.read_text(errors="replace"))
    sys.stdout.flush()
    return process.returncode, seconds


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
