"""pillars.policy: one file states the council's policy values, environment variables override them."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from pillars import policy, settings
from pillars.errors import PillarsError
from pillars.transform.dbt import with_policy_vars

STATED = yaml.safe_load(policy.DEFAULT_FILE.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _no_overrides(monkeypatch):
    """Each test starts from the shipped file, whatever the machine's environment says."""
    monkeypatch.delenv(policy.POLICY_FILE_ENV, raising=False)
    for rule in policy.RULES.values():
        monkeypatch.delenv(rule.env, raising=False)


def test_the_file_states_every_value_and_settings_read_it():
    assert set(STATED) == set(policy.RULES)
    assert policy.values() == STATED
    assert settings.suppression_threshold() == STATED["suppression_threshold"]
    assert settings.export_k() == STATED["export_k"]
    assert settings.landing_retention_days() == STATED["landing_retention_days"]


@pytest.mark.parametrize("name", sorted(policy.RULES))
def test_each_environment_variable_overrides_its_value_only(monkeypatch, name):
    rule = policy.RULES[name]
    changed = STATED[name] + 1 if rule.maximum is None or STATED[name] < rule.maximum else STATED[name] - 1
    monkeypatch.setenv(rule.env, str(changed))

    assert policy.values() == {**STATED, name: changed}


def test_an_empty_variable_keeps_the_file_value(monkeypatch):
    monkeypatch.setenv("PILLARS_SUPPRESSION_THRESHOLD", "")  # as docker-compose passes an unset override
    assert policy.value("suppression_threshold") == STATED["suppression_threshold"]


@pytest.mark.parametrize(
    ("env", "text", "message"),
    [
        ("PILLARS_SUPPRESSION_THRESHOLD", "ten", "PILLARS_SUPPRESSION_THRESHOLD='ten': must be a whole number"),
        ("PILLARS_SUPPRESSION_THRESHOLD", "0", "at least 1"),
        ("PILLARS_EXPORT_K", "1", "PILLARS_EXPORT_K='1': must be a whole number of at least 2"),
        ("PILLARS_FISCAL_YEAR_START_MONTH", "13", "at least 1 and at most 12"),
        ("PILLARS_LOOKBACK_DAYS", "2.5", "PILLARS_LOOKBACK_DAYS='2.5'"),
    ],
)
def test_a_bad_override_is_one_line_naming_the_variable(monkeypatch, env, text, message):
    monkeypatch.setenv(env, text)
    with pytest.raises(PillarsError, match=message) as caught:
        policy.values()
    assert "\n" not in str(caught.value)


def test_another_policy_file_replaces_the_shipped_one(monkeypatch, tmp_path):
    mine = tmp_path / "policy.yml"
    mine.write_text(yaml.safe_dump({**STATED, "suppression_threshold": 5, "export_k": 7}))
    monkeypatch.setenv(policy.POLICY_FILE_ENV, str(mine))

    assert (settings.suppression_threshold(), settings.export_k()) == (5, 7)
    monkeypatch.setenv("PILLARS_EXPORT_K", "9")  # a variable still wins over the file
    assert settings.export_k() == 9


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({**STATED, "suppresion_threshold": 5}, "unknown key(s) suppresion_threshold"),
        ({k: v for k, v in STATED.items() if k != "export_k"}, "missing key(s) export_k"),
        ({**STATED, "lookback_days": "two weeks"}, "lookback_days='two weeks': must be a whole number"),
        ({**STATED, "export_k": True}, "export_k=True"),
    ],
)
def test_a_bad_policy_file_is_one_line_naming_the_file(monkeypatch, tmp_path, content, message):
    mine = tmp_path / "policy.yml"
    mine.write_text(yaml.safe_dump(content))
    monkeypatch.setenv(policy.POLICY_FILE_ENV, str(mine))
    with pytest.raises(PillarsError) as caught:
        policy.values()
    assert message in str(caught.value) and str(mine) in str(caught.value)


def _vars(args: list[str]) -> dict:
    assert args[-2] == "--vars", args
    return json.loads(args[-1])


@pytest.mark.parametrize(
    "args",
    [["build"], ["run", "--select", "x"], ["docs", "generate"], ["source", "freshness"], ["parse", "--quiet"]],
)
def test_every_dbt_command_gets_the_policy_as_vars(args):
    given = with_policy_vars(args)
    assert given[: len(args)] == args
    assert _vars(given) == STATED


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["docs"], ["docs", "--help"], ["run", "-h"]])
def test_no_vars_where_dbt_runs_no_command(args):
    assert with_policy_vars(args) == args


def test_the_environment_override_reaches_dbt(monkeypatch):
    monkeypatch.setenv("PILLARS_SUPPRESSION_THRESHOLD", "20")
    assert _vars(with_policy_vars(["build"]))["suppression_threshold"] == 20


@pytest.mark.parametrize("form", [["--vars", "{lookback_days: 30}"], ['--vars={"lookback_days": 30}']])
def test_vars_the_caller_passes_are_kept_and_win(form):
    given = with_policy_vars(["build", *form, "--select", "x"])
    assert given[:3] == ["build", "--select", "x"] and given.count("--vars") == 1
    assert _vars(given) == {**STATED, "lookback_days": 30}


def test_bad_caller_vars_are_one_line():
    with pytest.raises(PillarsError, match="must be a mapping"):
        with_policy_vars(["build", "--vars", "[1, 2]"])


def test_dbt_project_yml_sets_no_policy_value():
    project = yaml.safe_load((settings.dbt_project_dir() / "dbt_project.yml").read_text(encoding="utf-8"))
    assert not set(project.get("vars") or {}) & set(policy.RULES)


def test_the_suppression_threshold_is_written_in_policy_yml_only():
    """The issue's done-when: no other tracked file states the threshold's value beside the word."""
    threshold = str(STATED["suppression_threshold"])
    found = subprocess.run(
        ["git", "grep", "-n", "-i", "-w", "-E", threshold, "--", ".", ":!*.lock", ":!*.csv", ":!*.json"],
        cwd=settings.project_root(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode in (0, 1), found.stderr
    marks = ("threshold", f"1 to {threshold}", f"1..{threshold}", f"1-{threshold}")
    stated = [line for line in found.stdout.splitlines() if any(mark in line.lower() for mark in marks)]
    assert [line.split(":", 1)[0] for line in stated] == ["plugins/pillars/policy.yml"], stated
