"""Reading one YAML declaration file (a feed contract, a partner mapping, the code lists) into its top-level mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pillars.errors import PillarsError


def read_yaml_mapping(path: Path, kind: str, not_a_mapping: str | None = None) -> dict[str, Any]:
    """The file's top-level mapping; a clear one-line error naming the file when it is unreadable or not one.

    ``not_a_mapping`` replaces the generic "must be a YAML mapping" when the file's shape is worth stating
    (the code lists say what the mapping maps).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PillarsError(f"{path}: cannot read {kind} ({exc})") from None
    if not isinstance(data, dict):
        raise PillarsError(f"{path}: {not_a_mapping or f'a {kind} must be a YAML mapping'}")
    return data
