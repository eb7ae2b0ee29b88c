"""One-time (idempotent) preparation of a machine after the warehouse is up: secrets, Airflow, dbt manifest."""

from __future__ import annotations

import secrets

from pillars import airflow_env, settings
from pillars.transform.dbt import build_manifest


def ensure_token_key() -> str:
    path = settings.token_key_file()
    if path.exists():
        return f"token key: {path}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(secrets.token_hex(32) + "\n")
    tmp.chmod(0o600)
    tmp.replace(path)
    return f"token key generated: {path} (keep it secret; tokens change if it changes)"


def prepare() -> list[str]:
    """Everything `make up` needs beyond the running warehouse."""
    done = [ensure_token_key()]
    settings.use_local_token_key()
    done.append(airflow_env.init_airflow_home())
    done.append(f"dbt manifest: {build_manifest()}")
    return done
