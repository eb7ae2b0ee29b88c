"""``pillars bi``: Apache Superset on the published ``reporting`` schema, with the five-pillar dashboard."""

from __future__ import annotations

import argparse
import os

from pillars import settings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bi", help="install and provision Apache Superset (dashboard from code), then serve it on loopback"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=None, help="port (default: PILLARS_SUPERSET_PORT or 8088)")
    parser.add_argument("--no-serve", action="store_true", help="provision only (install, metadata, dashboard)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pillars.bi import superset

    provisioned = superset.provision()
    port = args.port or superset.port()
    base = f"http://{args.host}:{port}"
    print(f"bi: dashboard {superset.dashboard_url(base, provisioned.dashboard)}")
    print(
        f"bi: user {superset.ADMIN_USER}, password '{superset.ADMIN_SECRET}' in {settings.local_dir()}/credentials.json"
    )
    if args.no_serve:
        return 0
    command = superset.server_command(args.host, port)
    # The server replaces this process, so Ctrl-C and the exit code are gunicorn's own.
    os.execve(command[0], command, superset.environment())  # noqa: S606 - a fixed argument list, no shell
