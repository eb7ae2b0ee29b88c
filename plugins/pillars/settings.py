"""Where things live and how they are configured: environment variables with project-local defaults.

Every setting is read from the environment at call time (not import time) so tests and the CLI can
point one process at another warehouse without reloading modules.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository checkout: ``PILLARS_HOME``, or the folder holding ``pyproject.toml``."""
    env = os.environ.get("PILLARS_HOME")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "dags").is_dir():
            return parent
    return Path.cwd().resolve()


def local_dir() -> Path:
    """The git-ignored folder for everything a machine generates: cluster, Airflow home, landing, outputs."""
    return Path(os.environ.get("PILLARS_LOCAL_DIR", project_root() / ".local")).resolve()


def pg_dir() -> Path:
    return local_dir() / "pg"


def pg_port() -> int:
    return int(os.environ.get("PILLARS_PG_PORT", "54329"))


def landing_dir() -> Path:
    """Partner file drops: ``<landing>/<partner>/<feed>/<YYYY-MM-DD>/<file>``."""
    return Path(os.environ.get("PILLARS_LANDING_DIR", local_dir() / "landing")).resolve()


def output_dir() -> Path:
    """Published outputs (reports, exports) a person opens."""
    return Path(os.environ.get("PILLARS_OUTPUT_DIR", local_dir() / "outputs")).resolve()


def airflow_home() -> Path:
    return Path(os.environ.get("AIRFLOW_HOME", local_dir() / "airflow")).resolve()


def dbt_project_dir() -> Path:
    return project_root() / "dbt_project"


def dbt_manifest() -> Path:
    """Where dbt writes its manifest: ``target/`` unless ``DBT_TARGET_PATH`` names another folder (as dbt
    honours it, relative to the project), so the DAG and the gate read the manifest dbt really wrote."""
    return dbt_project_dir() / os.environ.get("DBT_TARGET_PATH", "target") / "manifest.json"


def expectations_dir() -> Path:
    return project_root() / "expectations"


def suppression_threshold() -> int:
    """Counts of people from 1 to this number are never published (council policy: ``pillars/policy.yml``)."""
    from pillars import policy

    return policy.value("suppression_threshold")


def export_k() -> int:
    """k of the HTCDS export: every combination of quasi-identifiers it publishes covers at least k records
    (council policy: ``pillars/policy.yml``)."""
    from pillars import policy

    return policy.value("export_k")


def council_timezone() -> str:
    return os.environ.get("PILLARS_TIMEZONE", "America/Chicago")


def token_key_file() -> Path:
    """The HMAC key for survivor tokens: ``PILLARS_TOKEN_KEY_FILE``, else a generated file under ``.local``.

    The key is a secret: it never enters the repository, and a production deployment supplies its own.
    """
    return Path(os.environ.get("PILLARS_TOKEN_KEY_FILE", local_dir() / "secrets" / "token.key")).resolve()


def use_local_token_key() -> None:
    """Point the privacy module at the machine's generated key when no key is configured explicitly."""
    if os.environ.get("PILLARS_TOKEN_KEY") or os.environ.get("PILLARS_TOKEN_KEY_FILE"):
        return
    if token_key_file().exists():
        os.environ["PILLARS_TOKEN_KEY_FILE"] = str(token_key_file())


def gate_statement_timeout() -> float:
    """Seconds one quality-gate query may run before the server cancels it (``PILLARS_GATE_STATEMENT_TIMEOUT``).

    A 1,000,000-row batch's slowest check takes about a second; the default leaves room for far larger
    batches on a busy server while still ending a query that would otherwise run for hours.
    """
    return float(os.environ.get("PILLARS_GATE_STATEMENT_TIMEOUT", "300"))


def landing_retention_days() -> int:
    """Days a landed file holding direct identifiers is kept after its batch passed the raw gate (then purged).

    The warehouse holds only tokens; the file is what still names survivors. The ledger keeps its checksum and
    size. 0 purges at the next run. Council policy: ``pillars/policy.yml``.
    """
    from pillars import policy

    return policy.value("landing_retention_days")


# --- bounds on partner input (docs: README "Configuration"; each hit rejects the row or the delivery) ---


def _positive(name: str, default: float) -> float:
    """A positive number from the environment; a bad value is a user error naming the variable."""
    from pillars.errors import PillarsError

    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise PillarsError(f"{name}={text!r} is not a number") from None
    if value <= 0:
        raise PillarsError(f"{name}={text!r} must be greater than 0")
    return value


def max_field_chars() -> int:
    """Longest field of a delimited file, in characters: a longer one rejects its row."""
    return int(_positive("PILLARS_MAX_FIELD_CHARS", 1 << 20))


def max_line_bytes() -> int:
    """Longest line (CSV: characters, JSON Lines: bytes): a longer one rejects its row, in bounded memory."""
    return int(_positive("PILLARS_MAX_LINE_BYTES", 4 << 20))


def max_json_depth() -> int:
    """Deepest nesting of arrays and objects in one JSON record: a deeper one rejects its row."""
    return int(_positive("PILLARS_MAX_JSON_DEPTH", 16))


def max_xlsx_bytes() -> int:
    """Largest total size of a workbook's members once decompressed: a larger workbook is rejected."""
    return int(_positive("PILLARS_MAX_XLSX_UNCOMPRESSED_BYTES", 256 << 20))


def max_xlsx_ratio() -> float:
    """Highest compression ratio of a workbook member (over 1 MB): a higher one is a zip bomb, rejected."""
    return _positive("PILLARS_MAX_XLSX_COMPRESSION_RATIO", 100)


def file_time_limit() -> float:
    """Seconds one delivery may take to read and validate: past it, the delivery is rejected."""
    return _positive("PILLARS_FILE_TIME_LIMIT_SECONDS", 1800)
