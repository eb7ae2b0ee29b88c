"""The ``pillars`` command line.

Each command group lives in its own module under :mod:`pillars.commands` and registers its sub-parser;
this module only dispatches and turns :class:`PillarsError` into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

from pillars import commands, settings
from pillars.errors import PillarsError


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line with a hint, like every other Pillars error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"pillars: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pillars", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(sub)
    return parser


def log_to_file() -> Path | None:
    """Send the ``pillars`` loggers to ``<local>/logs/pillars.log``: tracebacks belong in the log, and a
    person at the terminal gets one line. Without a handler, Python would print them on stderr."""
    logger = logging.getLogger("pillars")
    if logger.handlers:
        return None
    path = settings.local_dir() / "logs" / "pillars.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        path, handler = None, logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings.use_local_token_key()
    log_path = log_to_file()
    try:
        result = args.handler(args)
    except PillarsError as exc:
        print(f"pillars: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # a bug, or input nothing anticipated: one line here, the traceback in the log
        logging.getLogger("pillars").error("pillars %s failed", args.command, exc_info=True)
        where = f" (traceback in {log_path})" if log_path else ""
        print(f"pillars: unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:300]}{where}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("pillars: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
