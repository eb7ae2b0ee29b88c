"""``pillars partner-api serve``: the reference partner API on loopback, for the demo and by hand."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("partner-api", help="the reference partner API (prosecution cases over HTTP)")
    api_sub = parser.add_subparsers(dest="partner_api_command", metavar="SUBCOMMAND", parser_class=type(parser))
    api_sub.required = True
    serve = api_sub.add_parser("serve", help="serve generated case files on 127.0.0.1 until interrupted")
    serve.add_argument("--port", type=int, help="port (default: PILLARS_PARTNER_API_PORT or 54380)")
    serve.add_argument(
        "--data-dir", type=Path, help="folder of *.jsonl case files (default: partner_api/ beside the landing folder)"
    )
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from pillars import airflow_env
    from pillars.partner_api.server import default_data_dir, make_server

    port = args.port if args.port is not None else airflow_env.partner_api_port()
    data_dir = args.data_dir or default_data_dir()
    server = make_server(port=port, token=airflow_env.partner_api_token(), data_dir=data_dir)
    print(
        f"partner API serving {len(server.store.records())} case(s) from {data_dir} at {server.url}/v1/cases",
        flush=True,
    )
    print("bearer token: the password of Airflow connection 'partner_api_prosecutors' (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
