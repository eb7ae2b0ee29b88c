"""A real Airflow, as `make airflow` runs it, driven through the REST API the UI uses.

The scheduler, dag-processor, triggerer and api-server each run as their own process (what
`airflow standalone` starts), with Pillars' environment, on a metadata database and Airflow home of the
caller's choosing. Runs are created as a person would create them in the UI: a token from
``POST /auth/token``, then ``POST /api/v2/dags/{dag_id}/dagRuns`` or ``POST /api/v2/backfills``. Used by the
scheduler test tier (``tests/scheduler``) and ``pillars bench --only scheduler``; ``stop()`` ends every
process it started, also when the caller failed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import requests

from pillars import airflow_env, settings
from pillars.errors import PillarsError
from pillars.warehouse import credentials

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
FINISHED = {"success", "failed"}
ASSET_SETTLE_SECONDS = 10  # the last Asset events of a night reach the scheduler within a loop or two


def fresh_metadata_database(name: str) -> str:
    """Drop and re-create ``name`` (owned by the Airflow role); returns its SQLAlchemy URL.

    A new database is what a first deployment sees: DAGs created by their first parse.
    """
    from psycopg import sql

    from pillars.warehouse.connect import connect

    with connect(credentials.ADMIN_ROLE, "postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("create database {} owner {}").format(
                sql.Identifier(name), sql.Identifier(credentials.AIRFLOW_ROLE)
            )
        )
    return credentials.url(credentials.AIRFLOW_ROLE, name, driver="postgresql+psycopg2")


@dataclass
class Night:
    """One night through the scheduler: when it was started, each ingest run, the transform and report runs."""

    started: datetime
    ingest: dict[str, dict[str, Any]]
    transform: dict[str, Any]
    report: dict[str, Any] | None

    @property
    def seconds(self) -> float:
        """From the first trigger to the end of the last run (the report, or the transform if it failed)."""
        last = self.report or self.transform
        return (_parse(last["end_date"]) - self.started).total_seconds()  # type: ignore[operator]

    @property
    def succeeded(self) -> bool:
        runs = [*self.ingest.values(), self.transform, self.report or {"state": "missing"}]
        return all(run["state"] == "success" for run in runs)


@dataclass
class LiveAirflow:
    """The four Airflow processes on ``port``, with ``home`` as AIRFLOW_HOME and ``database_url`` as metadata."""

    home: Path
    port: int
    database_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    _token: str | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = airflow_env.airflow_environment()
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.home / "logs"),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.database_url,
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
                "AIRFLOW__API__BASE_URL": self.base_url,
                "AIRFLOW__API__PORT": str(self.port),
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.passwords_file),
                # Parse the DAG folder once at start-up and then only on change, not every 30 s.
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "600",
                "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            }
        )
        env.update(self.extra_env)
        return env

    @property
    def passwords_file(self) -> Path:
        return self.home / "simple_auth_manager_passwords.json.generated"

    @staticmethod
    def _airflow(*args: str) -> list[str]:
        return [airflow_env._airflow_executable(), *args]

    def migrate(self) -> None:
        env = self.environment()
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(exist_ok=True)
        from pillars.orchestration.policy import WAREHOUSE_WRITERS_POOL, WAREHOUSE_WRITERS_SLOTS

        for args in (
            ("db", "migrate"),
            ("pools", "set", WAREHOUSE_WRITERS_POOL, str(WAREHOUSE_WRITERS_SLOTS), "warehouse writers"),
        ):
            result = subprocess.run(self._airflow(*args), env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise PillarsError(f"'airflow {' '.join(args)}' failed: {result.stderr.strip()[-500:]}")

    def start(self, timeout: float = 240) -> None:
        """The api-server first (task workers report to it), then the scheduler, dag-processor and triggerer."""
        env = self.environment()
        for component in COMPONENTS:
            args = [component]
            if component == "api-server":
                args += ["--port", str(self.port), "--host", "127.0.0.1"]
            log = (self.home / "logs" / f"{component}.log").open("ab")
            self.processes[component] = subprocess.Popen(
                self._airflow(*args), env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            if component == "api-server":
                self._wait(lambda: self._healthy(), timeout, "the api-server to answer")

    def _healthy(self) -> bool:
        for component, process in self.processes.items():
            if process.poll() is not None:
                raise PillarsError(f"airflow {component} exited with {process.returncode}: see {self.home / 'logs'}")
        try:
            return requests.get(f"{self.base_url}/api/v2/monitor/health", timeout=5).ok
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """SIGTERM every process group we started, then SIGKILL what is left after 30 s."""
        for process in self.processes.values():
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 30
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()

    def __enter__(self) -> LiveAirflow:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the REST API, as the UI uses it -------------------------------------------------------------
    def token(self) -> str:
        if self._token is None:
            users = json.loads(self.passwords_file.read_text())
            username, password = next(iter(users.items()))
            response = requests.post(
                f"{self.base_url}/auth/token", json={"username": username, "password": password}, timeout=30
            )
            response.raise_for_status()
            self._token = response.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        response = requests.request(
            method,
            f"{self.base_url}/api/v2{path}",
            headers={"Authorization": f"Bearer {self.token()}"},
            timeout=60,
            **kwargs,
        )
        if not response.ok:
            raise PillarsError(f"{method} {path}: {response.status_code} {response.text[:500]}")
        return response.json()

    def wait_for_dags(self, dag_ids: list[str], timeout: float = 300) -> dict[str, bool]:
        """Wait until the dag-processor has parsed every DAG; returns each DAG's is_paused."""

        def parsed() -> dict[str, bool] | None:
            dags = {d["dag_id"]: d["is_paused"] for d in self.api("GET", "/dags", params={"limit": 100})["dags"]}
            return dags if set(dag_ids) <= set(dags) else None

        return self._wait(parsed, timeout, f"the DAGs to be parsed ({len(dag_ids)})")

    def wait_until_idle(
        self,
        dag_ids: list[str],
        expected_runs: int = 0,
        earlier: frozenset[tuple[str, str]] = frozenset(),
        timeout: float = 1800,
        settle: float = ASSET_SETTLE_SECONDS,
    ) -> list[dict[str, Any]]:
        """Wait until the runs of ``dag_ids`` not in ``earlier`` (``(dag_id, run_id)`` pairs) number at least
        ``expected_runs`` (the runs a first parse starts appear a scheduler loop or two after the parse) and none
        is queued or running, the same runs for ``settle`` seconds (an Asset event of a run that just finished
        starts its consumer a scheduler loop later); returns those runs."""
        seen: dict[str, Any] = {"ids": None, "since": 0.0}

        def idle() -> list[dict[str, Any]] | None:
            runs = [r for r in self.all_runs(dag_ids) if (r["dag_id"], r["dag_run_id"]) not in earlier]
            if not runs or len(runs) < expected_runs or any(r["state"] not in FINISHED for r in runs):
                seen["ids"] = None
                return None
            ids = {(r["dag_id"], r["dag_run_id"]) for r in runs}
            if ids != seen["ids"]:
                seen.update(ids=ids, since=time.monotonic())
            return runs if time.monotonic() - seen["since"] >= settle else None

        return self._wait(idle, timeout, "every DAG run to finish")

    def all_runs(self, dag_ids: list[str]) -> list[dict[str, Any]]:
        """Every run of ``dag_ids``, DAG by DAG and page by page: ``/dags/~/dagRuns`` answered 500 once a
        30-day backfill's 270 runs were in."""
        return [run for dag_id in dag_ids for run in self._pages(f"/dags/{dag_id}/dagRuns", "dag_runs")]

    def trigger(self, dag_id: str, logical_date: datetime) -> str:
        body = {"logical_date": logical_date.isoformat(), "conf": {}}
        return self.api("POST", f"/dags/{dag_id}/dagRuns", json=body)["dag_run_id"]

    def backfill(self, dag_id: str, start: datetime, end: datetime) -> dict[str, Any]:
        """A backfill as the UI's form creates it (UTC, inclusive; see ``backfill_dates``)."""
        body = {
            "dag_id": dag_id,
            "from_date": start.isoformat(),
            "to_date": end.isoformat(),
            "run_backwards": False,
            "dag_run_conf": {},
            "reprocess_behavior": "completed",
            "max_active_runs": 1,
        }
        return self.api("POST", "/backfills", json=body)

    def wait_for_backfill(self, backfill_id: int, dag_id: str, timeout: float = 900) -> list[dict[str, Any]]:
        """Wait until the backfill has completed; returns its runs."""
        self._wait(lambda: self.api("GET", f"/backfills/{backfill_id}")["completed_at"], timeout, "the backfill")
        return [r for r in self.runs(dag_id, run_type="backfill") if r.get("backfill_id") in (None, backfill_id)]

    def runs(self, dag_id: str, **params: Any) -> list[dict[str, Any]]:
        return self.api("GET", f"/dags/{dag_id}/dagRuns", params={"limit": 100, **params})["dag_runs"]

    def wait_for_run(self, dag_id: str, run_id: str, timeout: float = 900) -> dict[str, Any]:
        def done() -> dict[str, Any] | None:
            run = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}")
            return run if run["state"] in FINISHED else None

        return self._wait(done, timeout, f"{dag_id} run {run_id}")

    def wait_for_new_run(self, dag_id: str, after: datetime, timeout: float = 900) -> dict[str, Any]:
        """Wait for the first run of ``dag_id`` queued after ``after`` to finish (Asset-triggered runs)."""

        def finished() -> dict[str, Any] | None:
            fresh = [r for r in self.runs(dag_id) if _parse(r.get("queued_at")) and _parse(r["queued_at"]) > after]
            pending = [r for r in fresh if r["state"] not in FINISHED]
            return None if pending or not fresh else sorted(fresh, key=lambda r: r["queued_at"])[-1]

        return self._wait(finished, timeout, f"a new {dag_id} run")

    def run_night(self, day: date, ingest_dag_ids: list[str]) -> Night:
        """One night as the scheduler runs it: every ingest DAG triggered for ``day`` at 23:30 council time
        (as the UI does), then the transform the raw Assets start and the report `reporting` starts.

        Waits for each run and returns them; a failed run is returned, not raised, so the caller can name it.
        """
        started = datetime.now(UTC)
        runs = {dag_id: self.trigger(dag_id, council_moment(day, 23, 30)) for dag_id in ingest_dag_ids}
        ingest = {dag_id: self.wait_for_run(dag_id, run_id) for dag_id, run_id in runs.items()}
        time.sleep(ASSET_SETTLE_SECONDS)
        transform = self.wait_for_new_run("transform_and_publish", started)
        report = self.wait_for_new_run("phase2_report", started) if transform["state"] == "success" else None
        return Night(started, ingest, transform, report)

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        return self._pages(f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances", "task_instances")

    def _pages(self, path: str, key: str) -> list[dict[str, Any]]:
        """Every item of a list endpoint, page by page: the API returns at most 100 at a time, whatever the
        limit asked (the transform has over 100 task instances, a backfill more runs than that)."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.api("GET", path, params={"limit": 100, "offset": len(found), "order_by": "id"})
            found += page[key]
            if not page[key] or len(found) >= page["total_entries"]:
                return found

    def failed_tasks(self, dag_id: str, run_id: str) -> list[str]:
        tis = self.task_instances(dag_id, run_id)
        return [ti["task_id"] for ti in tis if ti["state"] in ("failed", "upstream_failed")]

    def _wait(self, probe: Any, timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = probe()
            if result:
                return result
            for component, process in self.processes.items():
                if process.poll() is not None:
                    raise PillarsError(f"airflow {component} exited while waiting for {what}")
            time.sleep(2)
        raise PillarsError(f"timed out after {timeout:.0f}s waiting for {what}")


def free_port() -> int:
    """A free loopback port (for the api-server or the reference partner API)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def council_moment(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.council_timezone()))
