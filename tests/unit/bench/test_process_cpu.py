"""The night bench splits Airflow's CPU by process role: a task runner's CPU lands on its role, not its parent's."""

from __future__ import annotations

import subprocess
import sys

from pillars.bench.process_cpu import measure

# A "scheduler" that forks a "worker" that forks a "task runner" burning 0.6 s of CPU, then idling so the
# sampler reads its final CPU before it exits.
_TREE = """
import subprocess, sys, time
depth = int(sys.argv[1])
if depth < 2:
    time.sleep(0.5)
    subprocess.run([sys.executable, "-c", sys.argv[2], str(depth + 1), sys.argv[2]], check=True)
    if depth == 0:
        print("done", flush=True)
        time.sleep(30)
else:
    while time.process_time() < 0.6:
        pass
    time.sleep(1.0)
"""


def test_a_grandchild_of_the_scheduler_counts_as_a_task_runner() -> None:
    root = subprocess.Popen([sys.executable, "-c", _TREE, "0", _TREE], stdout=subprocess.PIPE, text=True)
    try:
        sampler = measure({"scheduler": root.pid})
        assert root.stdout is not None and root.stdout.readline().strip() == "done"
        sampler.stop()  # the root is alive and has reaped its children: their CPU is in its total
    finally:
        root.kill()
        root.wait()
    split = {role: (processes, seconds) for role, processes, seconds in sampler.split()}
    processes, seconds = split["scheduler: task runners"]
    assert processes == 1
    assert 0.5 <= seconds < 2.0
    assert split["scheduler: executor workers (task supervisors)"][0] == 1
    assert sampler.total >= 0.6
    assert abs(split["unattributed (processes that lived between two samples)"][1]) < 0.3
