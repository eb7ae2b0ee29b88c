"""Airflow imports this module first in each of its processes (the plugins folder is on its path): Pillars
uses it for one thing, the scheduler's task processes' start-up.

With the LocalExecutor every task runs in a process forked from the scheduler, and each one imported its
heavy libraries afresh: Great Expectations (3-6 s of CPU here: every partner's load task runs the raw gate, the
transform runs the publish gate) and dbt (about 2 s, for the build). Imported once in the scheduler as it
starts, they are inherited by every task it forks. Only third-party libraries that import no Airflow are
warmed (this module runs while Airflow is still initialising), never Pillars' own modules or its YAML: a
change to those still reaches the next task without a restart. ``PILLARS_WARM_TASK_IMPORTS=0`` turns it off.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path

# Libraries a task imports that do not change while Airflow runs (a new venv means a restart anyway). The web
# stack is what each task process's plugin load pulls in (Cosmos' UI plugin imports FastAPI): 0.3 s of CPU a
# task start, 334 of them in a measured night (275 task instances, 63 resumed after deferring).
WARM_MODULES = (
    "great_expectations",
    "dbt.cli.main",
    "psycopg",
    "fastapi",
    "starlette",
    "pydantic_extra_types",
    "email_validator",
    "anyio",
    "asgiref",
    "tabulate",
    "upath",
)


def _is_scheduler() -> bool:
    return Path(sys.argv[0]).name == "airflow" and sys.argv[1:2] == ["scheduler"]


def warm_task_libraries() -> None:
    """Import WARM_MODULES; a failure only costs the time it would have saved."""
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # never stop the scheduler over an optimisation
            logging.getLogger(__name__).warning("not pre-imported for tasks: %s (%s)", name, exc)


if _is_scheduler() and os.environ.get("PILLARS_WARM_TASK_IMPORTS", "1") != "0":
    warm_task_libraries()
