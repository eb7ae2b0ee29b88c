"""``make test``: the whole suite as three pytest streams at once, each with databases and folders of its own.

The suite's long tiers mostly wait: on a real scheduler (``tests/scheduler``), on Airflow's DAG runs, dbt and
Superset (``tests/bi``, ``tests/e2e`` and the report tests, which share the pipeline run). One after the other
they took about 23 minutes on this 2-core machine; side by side with the rest they use what the other streams
leave idle. ``tests/conftest.py`` gives each stream (``PILLARS_TEST_STREAM``) its own warehouse and Airflow
databases, Airflow home, landing folder, outputs and dbt target, on the one embedded cluster.

Every test still runs, in the order pytest gives it within its stream. Each stream's output is printed
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
PIPELINE_TIERS = ["tests/bi", "tests/e2e", "tests/integration/reporting"]
STREAMS: dict[str, list[str]] = {
    "scheduler": ["tests/scheduler"],
    "pipeline": PIPELINE_TIERS,
    "main": ["tests", "--ignore=tests/scheduler", *(f"--ignore={tier}" for tier in PIPELINE_TIERS)],
}


def main(extra: list[str]) -> int:
    logs = ROOT / ".local" / "test-streams"
    logs.mkdir(parents=True, exist_ok=True)
    pytest = str(Path(sys.executable).parent / "pytest")
    started = time.monotonic()
    running: dict[str, tuple[subprocess.Popen, Path]] = {}
    for name, selection in STREAMS.items():
        log = logs / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [pytest, *selection, *extra],
                cwd=ROOT,
                env={**os.environ, "PILLARS_TEST_STREAM": name},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        running[name] = (process, log)
        print(f"stream {name}: pytest {' '.join(selection)} (log {log.relative_to(ROOT)})", flush=True)

    outcomes: dict[str, tuple[int, float]] = {}
    while running:
        for name, (process, log) in list(running.items()):
            if process.poll() is None:
                continue
            del running[name]
            outcomes[name] = (process.returncode, time.monotonic() - started)
            print(f"\n===== stream {name}: exit {process.returncode} after {outcomes[name][1]:.0f}s =====", flush=True)
            sys.stdout.write(log.read_text(errors="replace"))
            sys.stdout.flush()
        time.sleep(2)

    verdicts = [f"{n} {'passed' if rc == 0 else f'FAILED ({rc})'} in {s:.0f}s" for n, (rc, s) in outcomes.items()]
    print(f"\nstreams: {', '.join(verdicts)}; {time.monotonic() - started:.0f}s in all", flush=True)
    return max((rc for rc, _ in outcomes.values()), default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
