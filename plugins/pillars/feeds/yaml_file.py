"""Reading one YAML declaration file (a feed contract, a partner mapping) into its top-level mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pillars.errors import PillarsError


def read_yaml_mapping(path: Path, kind: str) -> dict[str, Any]:
    """The file's top-level mapping; a clear one-line error naming the file when it is unreadable or not one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PillarsError(f"{path}: cannot read {kind} ({exc})") from None
    if not isinstance(data, dict):
        raise PillarsError(f"{path}: a {kind} must be a YAML mapping")
    return data
