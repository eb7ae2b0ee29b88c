"""The embedded default warehouse: a private PostgreSQL cluster under ``.local/pg``.

It listens on loopback and on a socket inside its own folder only, on a non-default port, so it never
collides with a system PostgreSQL. ``initdb`` refuses to run as root, so when Pillars runs as root the
server runs as the unprivileged ``postgres`` OS user (created by Debian's server package) on a folder that
user owns. Where ``PILLARS_WAREHOUSE_URL`` is set, the embedded cluster is not used at all.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pillars import settings
from pillars.errors import PillarsError
from pillars.warehouse import credentials

SERVER_USER = "postgres"
# Every connection, socket or TCP, proves its role's password: no "trust" for anyone who reaches the socket.
AUTH_METHOD = "scram-sha-256"
_TRUST_RULE = re.compile(r"^(?P<rule>\s*(?:local|host\w*)\s.*?\s)trust(?P<rest>\s*(?:#.*)?)$")
INSTALL_HINT = (
    "install PostgreSQL's server (Debian/Ubuntu: 'apt-get install postgresql'), put its bin folder on PATH, "
    "or point Pillars at an existing server with PILLARS_WAREHOUSE_URL=postgresql://USER:PASS@HOST:PORT/DB"
)


@dataclass(frozen=True)
class ClusterPaths:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "run"

    @property
    def log(self) -> Path:
        return self.root / "postgresql.log"


def paths() -> ClusterPaths:
    return ClusterPaths(settings.pg_dir())


def find_bin_dir() -> Path:
    """The folder of ``pg_ctl``/``initdb``: ``PILLARS_PG_BIN_DIR``, PATH, else the newest Debian install."""
    configured = os.environ.get("PILLARS_PG_BIN_DIR")
    if configured:
        if (Path(configured) / "pg_ctl").exists() and (Path(configured) / "initdb").exists():
            return Path(configured)
        raise PillarsError(f"PILLARS_PG_BIN_DIR={configured} holds no pg_ctl/initdb: {INSTALL_HINT}")
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for candidate in reversed(candidates):
        if (candidate / "pg_ctl").exists() and (candidate / "initdb").exists():
            return candidate
    raise PillarsError(f"no PostgreSQL server binaries found (pg_ctl, initdb): {INSTALL_HINT}")


def _running_as_root() -> bool:
    return os.geteuid() == 0


def _as_server_user(cmd: list[str]) -> list[str]:
    """Wrap a server command so it runs unprivileged when we are root."""
    if not _running_as_root():
        return cmd
    try:
        import pwd

        pwd.getpwnam(SERVER_USER)
    except KeyError as exc:
        raise PillarsError(
            f"running as root needs the unprivileged OS user '{SERVER_USER}' to run the server: "
            "create it with 'useradd --system postgres' or run Pillars as a normal user"
        ) from exc
    return ["runuser", "-u", SERVER_USER, "--", *cmd]


def _chown_to_server_user(path: Path) -> None:
    if _running_as_root():
        shutil.chown(path, user=SERVER_USER, group=None)


def _run(cmd: list[str], what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        reason = detail[-1] if detail else f"exit code {result.returncode}"
        raise PillarsError(f"{what} failed: {reason} (log: {paths().log})")
    return result


def is_initialised() -> bool:
    return (paths().data / "PG_VERSION").exists()


def is_running() -> bool:
    if not is_initialised():
        return False
    bin_dir = find_bin_dir()
    result = subprocess.run(
        _as_server_user([str(bin_dir / "pg_ctl"), "status", "-D", str(paths().data)]),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _initdb(bin_dir: Path) -> None:
    p = paths()
    p.root.mkdir(parents=True, exist_ok=True)
    p.socket_dir.mkdir(parents=True, exist_ok=True)
    p.data.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in (p.root, p.socket_dir, p.data):
        _chown_to_server_user(folder)
    pwfile = p.root / ".initdb-password"
    pwfile.write_text(credentials.password_for(credentials.ADMIN_ROLE) + "\n")
    pwfile.chmod(0o600)
    _chown_to_server_user(pwfile)
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(p.data),
                "-U",
                credentials.ADMIN_ROLE,
                f"--pwfile={pwfile}",
                f"--auth-local={AUTH_METHOD}",
                f"--auth-host={AUTH_METHOD}",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            "initdb",
        )
    finally:
        pwfile.unlink(missing_ok=True)
    conf = p.data / "postgresql.conf"
    with conf.open("a") as handle:
        handle.write(
            "\n# Pillars: private cluster, loopback and its own socket folder only\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{p.socket_dir}'\n"
            "unix_socket_permissions = 0700\n"
            "max_connections = 200\n"
            "shared_buffers = 256MB\n"
            "work_mem = 32MB\n"
            "maintenance_work_mem = 256MB\n"
            "max_wal_size = 2GB\n"
            "timezone = 'UTC'\n"
            "log_min_messages = warning\n"
            "client_connection_check_interval = 10s  # a query whose client died stops (quality.bounds)\n"
        )


def harden_access_rules() -> bool:
    """Replace ``trust`` in ``pg_hba.conf`` (clusters made before Pillars stopped using it) by passwords.

    Returns True when the file changed (a running server must then reload it).
    """
    hba = paths().data / "pg_hba.conf"
    if not hba.exists():
        return False
    text = hba.read_text()
    fixed = "\n".join(_TRUST_RULE.sub(rf"\g<rule>{AUTH_METHOD}\g<rest>", line) for line in text.split("\n"))
    if fixed == text:
        return False
    hba.write_text(fixed)  # in place: owner and mode stay the server user's
    return True


def up() -> str:
    """Start the cluster, creating it first if needed. Idempotent: a running cluster returns at once."""
    bin_dir = find_bin_dir()
    if is_running():
        if harden_access_rules():
            _run([str(bin_dir / "pg_ctl"), "reload", "-D", str(paths().data)], "reloading the access rules")
        return f"warehouse already running on 127.0.0.1:{settings.pg_port()} ({paths().data})"
    port = settings.pg_port()
    if not _port_is_free(port):
        raise PillarsError(
            f"port {port} on 127.0.0.1 is taken by another process: stop it, or choose another port with "
            "PILLARS_PG_PORT=NNNNN"
        )
    created = False
    if not is_initialised():
        _initdb(bin_dir)
        created = True
    harden_access_rules()
    _run(
        [
            str(bin_dir / "pg_ctl"),
            "start",
            "-D",
            str(paths().data),
            "-l",
            str(paths().log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {port}",
        ],
        "starting the warehouse",
    )
    _wait_ready(port)
    verb = "created and started" if created else "started"
    return f"warehouse {verb} on 127.0.0.1:{port} ({paths().data})"


def _wait_ready(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise PillarsError(f"the warehouse did not accept connections on port {port}; see {paths().log}")


def down() -> str:
    """Stop the cluster and keep its data."""
    if not is_initialised():
        return "no embedded warehouse here (nothing to stop)"
    if not is_running():
        return "warehouse is not running"
    bin_dir = find_bin_dir()
    _run(
        [str(bin_dir / "pg_ctl"), "stop", "-D", str(paths().data), "-m", "fast", "-w", "-t", "60"],
        "stopping the warehouse",
    )
    return "warehouse stopped (data kept)"


def status() -> tuple[bool, str]:
    if not is_initialised():
        return False, f"no embedded warehouse at {paths().data}: run 'pillars db up'"
    if is_running():
        return True, f"running on 127.0.0.1:{settings.pg_port()} ({paths().data})"
    return False, f"stopped ({paths().data}): run 'pillars db up'"


def remove() -> str:
    """Delete the cluster and its data (``make clean``)."""
    if is_running():
        down()
    shutil.rmtree(paths().root, ignore_errors=True)
    return f"removed {paths().root}"
