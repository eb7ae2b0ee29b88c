"""``pillars airflow init | env | -- ARGS``: run Airflow with Pillars' home, metadata DB and connections."""

from __future__ import annotations

import argparse

from pillars import airflow_env


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "airflow",
        help="run the airflow CLI with Pillars' environment ('pillars airflow init', 'pillars airflow env', "
        "'pillars airflow dags list')",
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="init | env | any airflow sub-command")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    rest = [a for a in args.args if a != "--"] if args.args[:1] == ["--"] else list(args.args)
    if rest == ["init"]:
        print(airflow_env.init_airflow_home())
        return 0
    if rest == ["env"]:
        print(airflow_env.shell_exports())
        return 0
    return airflow_env.run_airflow(rest or ["--help"], check=False)
