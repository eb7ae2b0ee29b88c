"""How long a quality-gate query may run, and how the server learns that its client is gone.

A gate query is cancelled by the server after ``PILLARS_GATE_STATEMENT_TIMEOUT`` seconds; and when the
process that sent it dies, the server notices within ``CLIENT_CHECK_INTERVAL`` and stops it instead of
running on for minutes. Both are set per connection, so they hold on an external server too (PostgreSQL 14
or later for ``client_connection_check_interval``); TCP keepalives let either side see a dead peer across a
network where no packet would otherwise flow while a long query runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pillars import settings
from pillars.errors import PillarsError
from pillars.quality.results import Outcome

CLIENT_CHECK_INTERVAL = "5s"  # the server polls the client's socket this often while a query runs
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10, "keepalives_count": 3}
CANCELLED = "canceling statement due to statement timeout"  # PostgreSQL's message (SQLSTATE 57014)


def server_options(timeout_seconds: float | None = None) -> str:
    """The libpq ``options`` that bound every statement of a gate's session."""
    seconds = settings.gate_statement_timeout() if timeout_seconds is None else timeout_seconds
    return (
        f"-c statement_timeout={max(1, round(seconds * 1000))}"
        f" -c client_connection_check_interval={CLIENT_CHECK_INTERVAL}"
    )


def connect_args(timeout_seconds: float | None = None) -> dict[str, Any]:
    """Connection arguments for the gates' SQLAlchemy engine (psycopg passes them to libpq)."""
    return {"options": server_options(timeout_seconds), **KEEPALIVES}


def raise_if_cancelled(checkpoint: str, outcomes: Iterable[Outcome]) -> None:
    """A check the server cancelled says nothing about the data: stop the gate with one clear line."""
    cancelled = [o for o in outcomes if CANCELLED in o.observed]
    if cancelled:
        first = cancelled[0]
        where = first.table_name + (f".{first.column_name}" if first.column_name else "")
        raise PillarsError(
            f"{checkpoint}: {len(cancelled)} check(s) cancelled after PILLARS_GATE_STATEMENT_TIMEOUT="
            f"{settings.gate_statement_timeout():g} s, first {first.expectation} on {where}; nothing was "
            "decided about the data: rerun the gate when the server is less busy, or raise the timeout"
        )
