"""No dbt model, macro or test reads the wall clock.

Re-running a night must rebuild the same warehouse, so "active", "this fiscal year" and the end of the date
spine are judged on the ``as_of_date`` macro (the var when set, else the last gated night in the ledger),
never on ``current_date``/``now()``, whose value depends on when the run happens.
"""

from __future__ import annotations

import re
from pathlib import Path

from pillars import settings

PROJECT = settings.dbt_project_dir()
WALL_CLOCK = re.compile(
    r"\b(current_date|current_time|current_timestamp|localtime|localtimestamp|now\s*\(|clock_timestamp|"
    r"statement_timestamp|transaction_timestamp|timeofday|run_started_at|modules\.datetime\.(date|datetime)\.(today|now|utcnow))",
    re.IGNORECASE,
)
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
SQL_COMMENT = re.compile(r"--[^\n]*")


def _sql_files() -> list[Path]:
    return sorted(p for folder in ("models", "macros", "tests") for p in (PROJECT / folder).rglob("*.sql"))


def test_the_project_has_sql_to_check() -> None:
    assert len(_sql_files()) > 50


def test_no_model_macro_or_test_reads_the_wall_clock() -> None:
    offenders = []
    for path in _sql_files():
        code = SQL_COMMENT.sub("", JINJA_COMMENT.sub("", path.read_text(encoding="utf-8")))
        for match in WALL_CLOCK.finditer(code):
            offenders.append(f"{path.relative_to(PROJECT)}: {match.group(0)}")
    assert not offenders, "use {{ as_of_date() }} instead of the wall clock: " + ", ".join(offenders)


def test_the_pattern_catches_the_wall_clock() -> None:
    for text in ("where d <= current_date", "now()", "select CURRENT_TIMESTAMP", "{{ run_started_at }}"):
        assert WALL_CLOCK.search(text), text
    assert not WALL_CLOCK.search("start_date <= {{ as_of_date() }}")
