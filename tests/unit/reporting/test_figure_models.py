"""Every figure of the Phase II report is a dbt model the report only selects from.

The report's Python holds no computing SQL: a figure reads one ``fig_*`` model (or the ``rpt_*`` table it
shows whole), every ``fig_*`` model is a figure, each has a contract, and the report's exposure depends on
exactly the models the report reads.
"""

from __future__ import annotations

import re

import yaml

from pillars import settings
from pillars.reporting.figures import BOOKKEEPING, FIGURES, contract_columns

REPORTING = settings.dbt_project_dir() / "models" / "reporting"
# A figure whose table no dbt model builds yet: the report shows it as not published.
NOT_BUILT = {"rpt_quality_gate"}


def _models_read() -> set[str]:
    return {spec.table for spec in FIGURES} - NOT_BUILT


def test_every_figure_model_is_a_figure_and_every_figure_reads_a_contracted_model():
    files = {path.stem for path in (REPORTING / "figures").glob("fig_*.sql")}
    figures = {spec.table for spec in FIGURES if spec.table.startswith("fig_")}
    assert files == figures
    contracts = contract_columns()
    for table in _models_read():
        assert contracts.get(table, ([], None))[0], f"{table} has no contract columns"


def test_the_report_selects_and_computes_nothing():
    computing = re.compile(r"\b(sum|count|min|max|round|case|join|group by|filter|least|greatest)\b", re.I)
    for spec in FIGURES:
        assert computing.search(spec.sql) is None, spec.id
        assert re.match(r"select (\*|[\w, %()s:]+ - \w+ as \w+, \w+) from \{s\}\.\w+ ", spec.sql), spec.sql


def test_as_of_figures_carry_their_windows_and_every_figure_model_its_order():
    contracts = contract_columns()
    for spec in FIGURES:
        if not spec.table.startswith("fig_"):
            continue
        columns = set(contracts[spec.table][0])
        assert "row_order" in columns, spec.table
        assert {"shown_from", "shown_until"} <= columns if spec.as_of else not columns & set(BOOKKEEPING[:2])


def test_the_report_exposure_depends_on_exactly_the_models_it_reads():
    exposures = yaml.safe_load((REPORTING / "figures" / "_figures__exposures.yml").read_text())["exposures"]
    (report,) = [e for e in exposures if e["name"] == "phase2_report"]
    refs = {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in report["depends_on"]}
    assert refs == _models_read()
