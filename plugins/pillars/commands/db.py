"""``pillars db up | down | status | url | bootstrap | clean``: the warehouse's life cycle."""

from __future__ import annotations

import argparse

from pillars.errors import PillarsError
from pillars.warehouse import bootstrap, cluster, credentials

ROLES = {
    "admin": credentials.ADMIN_ROLE,
    "loader": credentials.LOADER_ROLE,
    "transformer": credentials.TRANSFORMER_ROLE,
    "publisher": credentials.PUBLISHER_ROLE,
    "reader": credentials.READER_ROLE,
    "airflow": credentials.AIRFLOW_ROLE,
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("db", help="manage the warehouse (embedded PostgreSQL by default)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    actions.add_parser("up", help="create if needed, start and bootstrap the warehouse (idempotent)")
    actions.add_parser("down", help="stop the embedded cluster, keeping its data")
    actions.add_parser("status", help="is the warehouse running?")
    actions.add_parser("bootstrap", help="apply the versioned schema, role and grant SQL")
    actions.add_parser("clean", help="stop the embedded cluster and delete its data")
    url = actions.add_parser("url", help="print a connection URL")
    url.add_argument("--role", choices=sorted(ROLES), default="admin")
    url.add_argument("--database", default=None, help="default: the warehouse database")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    embedded = credentials.uses_embedded_cluster()
    if args.action == "up":
        if embedded:
            print(cluster.up())
        applied = bootstrap.bootstrap()
        print("bootstrap: " + (", ".join(applied) if applied else "up to date"))
        return 0
    if args.action == "bootstrap":
        applied = bootstrap.bootstrap()
        print("bootstrap: " + (", ".join(applied) if applied else "up to date"))
        return 0
    if args.action == "url":
        print(credentials.url(ROLES[args.role], args.database))
        return 0
    if not embedded:
        raise PillarsError(
            f"'pillars db {args.action}' manages the embedded cluster, but PILLARS_WAREHOUSE_URL points "
            "at an external server: manage that server with its own tools"
        )
    if args.action == "down":
        print(cluster.down())
        return 0
    if args.action == "clean":
        print(cluster.remove())
        return 0
    running, message = cluster.status()
    print(message)
    return 0 if running else 1
