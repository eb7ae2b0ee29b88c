"""The council's policy values (suppression threshold, export k, fiscal year, windows), read from one file.

``policy.yml`` beside this module states each value once; an environment variable per value overrides it
for a deployment (the names ``PILLARS_SUPPRESSION_THRESHOLD`` and friends that existed before the file),
and ``PILLARS_POLICY_FILE`` can replace the whole file. Every consumer asks this module: dbt receives all
values as ``--vars`` (:func:`dbt_vars`), the publish gate, the report and the exports read them through
``pillars.settings``. So the published tables and the gate that checks them cannot disagree.

Values are read at call time, not import time, like every setting, so a test or a deployment can change
one without reloading modules.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pillars.errors import PillarsError
from pillars.feeds.declarations.yaml_file import read_yaml_mapping

POLICY_FILE_ENV = "PILLARS_POLICY_FILE"
DEFAULT_FILE = Path(__file__).with_name("policy.yml")


@dataclass(frozen=True)
class Rule:
    """One policy value: its environment override and the range a value must fall in."""

    env: str
    minimum: int
    maximum: int | None = None

    def check(self, value: object, where: str) -> int:
        """The value as an int, or a one-line error naming where it came from and the accepted range."""
        number = _whole_number(value)
        if number is None or number < self.minimum or (self.maximum is not None and number > self.maximum):
            upper = f" and at most {self.maximum}" if self.maximum is not None else ""
            raise PillarsError(f"{where}={value!r}: must be a whole number of at least {self.minimum}{upper}")
        return number


# Minimums keep a mistake from switching protection off: a threshold of 0 would publish every small
# count, k = 1 would anonymise nothing.
RULES: dict[str, Rule] = {
    "suppression_threshold": Rule("PILLARS_SUPPRESSION_THRESHOLD", 1),
    "export_k": Rule("PILLARS_EXPORT_K", 2),
    "fiscal_year_start_month": Rule("PILLARS_FISCAL_YEAR_START_MONTH", 1, 12),
    "lookback_days": Rule("PILLARS_LOOKBACK_DAYS", 0),
    "landing_retention_days": Rule("PILLARS_LANDING_RETENTION_DAYS", 0),
}


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def policy_file() -> Path:
    """``PILLARS_POLICY_FILE`` if set, else the ``policy.yml`` shipped with the package."""
    env = os.environ.get(POLICY_FILE_ENV)
    return Path(env).resolve() if env else DEFAULT_FILE


def values() -> dict[str, int]:
    """Every policy value: the file's, each replaced by its environment variable when that is set (non-empty)."""
    path = policy_file()
    stated = read_yaml_mapping(path, "policy file")
    unknown = sorted(set(stated) - set(RULES))
    missing = sorted(set(RULES) - set(stated))
    if unknown or missing:
        problem = f"unknown key(s) {', '.join(unknown)}" if unknown else f"missing key(s) {', '.join(missing)}"
        raise PillarsError(f"{path}: {problem}; expected exactly {', '.join(RULES)}")
    result = {}
    for name, rule in RULES.items():
        override = os.environ.get(rule.env, "").strip()
        result[name] = rule.check(override, rule.env) if override else rule.check(stated[name], f"{path}: {name}")
    return result


def value(name: str) -> int:
    """One policy value by its key in ``policy.yml``."""
    return values()[name]


def dbt_vars(extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The vars of a dbt run: every policy value by its file key, then EXTRA (a run's own vars) over them.

    Every dbt invocation of the project gets these (``pillars.transform.dbt``, the transform DAG); a run
    told another threshold builds tables the publish gate, which reads :func:`values`, then refuses.
    """
    return {**values(), **(extra or {})}
