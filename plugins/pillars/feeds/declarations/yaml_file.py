"""Reading one YAML declaration file (a feed contract, a partner mapping, the code lists) into its top-level mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pillars.errors import PillarsError

# libyaml's parser (PyYAML's wheels ship it): the same documents for about an eighth of the CPU. Every Airflow task
# process parses its DAG file, and the DAG files read the contracts, code lists and registry.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with libyaml's parser when it is there."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 -- a safe loader


def read_yaml_mapping(path: Path, kind: str, not_a_mapping: str | None = None) -> dict[str, Any]:
    """The file's top-level mapping; a clear one-line error naming the file when it is unreadable or not one.

    ``not_a_mapping`` replaces the generic "must be a YAML mapping" when the file's shape is worth stating
    (the code lists say what the mapping maps).
    """
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PillarsError(f"{path}: cannot read {kind} ({exc})") from None
    if not isinstance(data, dict):
        raise PillarsError(f"{path}: {not_a_mapping or f'a {kind} must be a YAML mapping'}")
    return data
