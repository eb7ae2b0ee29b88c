"""CPU seconds per Airflow process role while a night runs (issue 14: where the scheduler's CPU goes).

A process's own CPU is only readable while it lives, and Airflow starts a process per task (the LocalExecutor's
worker supervises a forked task runner), per file parse and per trigger runner. So a thread samples every
process under the four Airflow roots a few times a second and keeps each one's last reading; a process that
lived between two samples is not seen, and what it cost shows up as ``unattributed`` (the tree's total, read
from the parents' reaped-children times, less the sum of the roles).

Roles come from where a process sits under its root, not from its title (a forked task runner carries its
supervisor's title until it sets its own): the scheduler itself, its executor workers (each supervises one
task at a time, and talks to the api-server for it), the task runners they fork; the dag-processor and its
file parsers; the triggerer and its trigger runner; the api-server and its workers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import psutil

SAMPLE_SECONDS = 0.25
_CHILD_ROLES = {
    "scheduler": ("scheduler: executor workers (task supervisors)", "scheduler: task runners"),
    "dag-processor": ("dag-processor: file parsers", "dag-processor: file parsers"),
    "triggerer": ("triggerer: trigger runner", "triggerer: trigger runner"),
    "api-server": ("api-server: workers", "api-server: workers"),
}


def _own_cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _tree_cpu(process: psutil.Process) -> float:
    """Own CPU plus that of every reaped child (their times reach the parent once it waits for them)."""
    times = process.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class _Seen:
    role: str
    first: float  # CPU already spent when first seen (0 for a process started while sampling)
    last: float


@dataclass
class ProcessCpu:
    """Samples the processes under ``roots`` (role name -> pid) from ``start()`` to ``stop()``."""

    roots: dict[str, int]
    seen: dict[tuple[int, float], _Seen] = field(default_factory=dict)
    _tree_before: float = 0.0
    _tree_after: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._tree_before = self._live_tree_cpu()
        self._sample(first=True)
        self._thread = threading.Thread(target=self._run, name="process-cpu", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample(first=False)
        self._tree_after = self._live_tree_cpu()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample(first=False)

    def _live_tree_cpu(self) -> float:
        total = 0.0
        for pid in self.roots.values():
            try:
                root = psutil.Process(pid)
                total += sum(_tree_cpu(p) for p in [root, *root.children(recursive=True)])
            except psutil.NoSuchProcess:
                continue
        return total

    def _sample(self, first: bool) -> None:
        for name, pid in self.roots.items():
            try:
                root = psutil.Process(pid)
                children = root.children(recursive=True)
                members = [(root, name), *((child, self._child_role(name, pid, child)) for child in children)]
            except psutil.NoSuchProcess:
                continue
            for process, role in members:
                try:
                    key = (process.pid, process.create_time())  # a pid can be reused within a night
                    cpu = _own_cpu(process)
                except psutil.NoSuchProcess:
                    continue
                entry = self.seen.get(key)
                if entry is None:
                    self.seen[key] = _Seen(role, cpu if first else 0.0, cpu)
                else:
                    entry.last = cpu

    @staticmethod
    def _child_role(name: str, root_pid: int, child: psutil.Process) -> str:
        direct, deeper = _CHILD_ROLES.get(name, (name, name))
        try:
            return direct if child.ppid() == root_pid else deeper
        except psutil.NoSuchProcess:
            return deeper

    @property
    def total(self) -> float:
        """Every Airflow process's CPU between start and stop, children reaped by them included."""
        return self._tree_after - self._tree_before

    def split(self) -> list[tuple[str, int, float]]:
        """(role, processes seen, CPU seconds) per role, largest first, then what no sample saw."""
        roles: dict[str, list[float]] = {}
        for entry in self.seen.values():
            roles.setdefault(entry.role, []).append(entry.last - entry.first)
        rows = sorted(((role, len(v), sum(v)) for role, v in roles.items()), key=lambda r: -r[2])
        attributed = sum(cpu for _, _, cpu in rows)
        rows.append(("unattributed (processes that lived between two samples)", 0, self.total - attributed))
        return rows


def measure(roots: dict[str, int]) -> ProcessCpu:
    """A started sampler over ``roots``; call ``stop()`` when the measured work is done."""
    sampler = ProcessCpu(roots)
    sampler.start()
    return sampler
