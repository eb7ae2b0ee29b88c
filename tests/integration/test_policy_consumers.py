"""One policy value, every consumer: change the suppression threshold and the dbt-built reporting table, the
GX publish gate and the Phase II report all change with it (issue 15). The export's k: test_export_htcds.

The real dbt builds the real ``rpt_expenditure_efficiency`` model and the report figure read from it, through
``run_dbt`` as every dbt run of the project goes, from a small fixture ``fct_expenditure_efficiency`` in
schemas of the test's own (a copy of the dbt project whose marts and reporting folders point there). The
threshold changes only through the deployment override, ``PILLARS_SUPPRESSION_THRESHOLD``: nothing passes it
to dbt by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from pillars import settings
from pillars.quality.publish_gate import run_publish_gate
from pillars.quality.publish_suite import Layers
from pillars.transform.dbt import dbt_environment, run_dbt
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

DAY = date(2026, 3, 4)
NO_MANIFEST = Path("/nonexistent/manifest.json")  # the gate's dbt-key checks are covered elsewhere
COUNTS = [0, 1, 4, 5, 6, 12, 20, 21, 40]  # a pillar's output count per fiscal year 2000 + count
LOW, HIGH = 5, 20  # two thresholds either side of the council's, each with counts on both of its edges
MODEL = "rpt_expenditure_efficiency"
FIGURE = "fig_phase1_expenditure_efficiency"  # the report's figure of it, a model of its own


@dataclass(frozen=True)
class Scratch:
    project: Path
    layers: Layers


@pytest.fixture(scope="module")
def scratch(warehouse, tmp_path_factory) -> Scratch:
    """A copy of the dbt project building marts and reporting into schemas of this module, and the fixture."""
    tag = f"pol_{uuid.uuid4().hex[:8]}"
    layers = Layers(f"{tag}_staging", f"{tag}_marts", f"{tag}_next", f"{tag}_published")
    project = tmp_path_factory.mktemp("dbt") / "dbt_project"
    shutil.copytree(
        settings.dbt_project_dir(), project, ignore=shutil.ignore_patterns("target", "logs", "target_*", "logs_*")
    )
    config = yaml.safe_load((project / "dbt_project.yml").read_text(encoding="utf-8"))
    config["models"]["pillars"]["marts"]["+schema"] = layers.marts
    config["models"]["pillars"]["reporting"]["+schema"] = layers.reporting_next
    (project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    schemas = (layers.staging, layers.marts, layers.reporting_next, layers.reporting)
    with connect(autocommit=True) as admin:
        for schema in schemas:
            admin.execute(f"create schema {schema} authorization {credentials.TRANSFORMER_ROLE}")
            admin.execute(f"grant usage on schema {schema} to {credentials.READER_ROLE}")
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        conn.execute(
            f"create table {layers.marts}.fct_expenditure_efficiency as"
            " select 2000 + n as fiscal_year, 'support'::text as pillar, 'state_general'::text as funding_source,"
            " 1000.0 as obligated_amount, 800.0 as expended_amount, 0.8 as expended_share_of_obligated,"
            " 800.0 as pillar_expended_amount, 'survivors_served'::text as output_measure,"
            " n::bigint as pillar_output_count, round(800.0 / nullif(n, 0), 2) as pillar_cost_per_output"
            " from unnest(%s::int[]) as n",
            (COUNTS,),
        )
        conn.commit()
    yield Scratch(project, layers)
    with connect(autocommit=True) as admin:
        for schema in schemas:
            admin.execute(f"drop schema if exists {schema} cascade")


def _build(scratch: Scratch, monkeypatch, threshold: int) -> dict[int, tuple[int | None, bool, object]]:
    """Build the reporting model and its report figure with the threshold set as a deployment sets it;
    count -> published columns."""
    monkeypatch.setenv("PILLARS_SUPPRESSION_THRESHOLD", str(threshold))
    run_dbt(["run", "--project-dir", str(scratch.project), "--select", MODEL, FIGURE, "--quiet"], quiet=True)
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        rows = conn.execute(
            "select fiscal_year - 2000, pillar_output_people, pillar_output_people_suppressed, pillar_cost_per_output"
            f" from {scratch.layers.reporting_next}.{MODEL}"
        ).fetchall()
        conn.execute(
            f"grant select on all tables in schema {scratch.layers.reporting_next} to {credentials.READER_ROLE}"
        )
        conn.commit()
    return {count: (people, hidden, cost) for count, people, hidden, cost in rows}


def _gate(scratch: Scratch, monkeypatch, threshold: int):
    monkeypatch.setenv("PILLARS_SUPPRESSION_THRESHOLD", str(threshold))
    return run_publish_gate(DAY, layers=scratch.layers, manifest_path=NO_MANIFEST, build_docs=False)


@pytest.mark.parametrize(("threshold", "other"), [(LOW, HIGH), (HIGH, LOW)])
def test_the_threshold_reaches_dbt_the_gate_and_the_report(scratch, gx_home, monkeypatch, tmp_path, threshold, other):
    from pillars.reporting import render_report

    built = _build(scratch, monkeypatch, threshold)

    # dbt: exactly the counts from 1 to the threshold are hidden, with the cost per output they divide
    assert sorted(built) == COUNTS
    for count, (people, hidden, cost) in built.items():
        small = 1 <= count <= threshold
        assert hidden is small, (threshold, count)
        assert people == (None if small else count), (threshold, count)
        assert (cost is None) is (small or count == 0), (threshold, count)

    # the gate, under the same policy, passes what dbt built ...
    same = _gate(scratch, monkeypatch, threshold)
    assert same.success, same.describe()
    # ... and under another threshold judges the same table by that one: a higher one finds published small
    # counts and refuses; a lower one has nothing to refuse (hiding more than needed is no disclosure)
    judged = _gate(scratch, monkeypatch, other)
    refused = [(o.table_name, o.column_name) for o in judged.failures]
    if other > threshold:
        expected = [(f"{scratch.layers.reporting_next}.{table}", "pillar_output_people") for table in (FIGURE, MODEL)]
        assert sorted(refused) == expected, judged.describe()
    else:
        assert judged.success, judged.describe()

    # the report: the figure shows what dbt published and the page states the threshold
    monkeypatch.setenv("PILLARS_SUPPRESSION_THRESHOLD", str(threshold))
    result = render_report(DAY, out_dir=tmp_path, schema=scratch.layers.reporting_next)
    figure = json.loads(result.figures_path.read_text())["sections"]["phase1"]["phase1.expenditure_efficiency"]
    shown = {row["fiscal_year"] - 2000: row for row in figure["rows"]}
    assert {c: (r["pillar_output_people"], r["pillar_output_people_suppressed"]) for c, r in shown.items()} == {
        c: (people, hidden) for c, (people, hidden, _) in built.items()
    }
    html = result.html_path.read_text()
    assert f"Counts of people from 1 to {threshold} are shown as" in html
    assert f"from 1 to {other} " not in html


def test_the_fiscal_year_start_and_lookback_reach_dbt(scratch, monkeypatch):
    """The fiscal macros follow fiscal_year_start_month (a July year, as many states keep, instead of Texas's
    September), and the lookback window its override."""
    monkeypatch.setenv("PILLARS_FISCAL_YEAR_START_MONTH", "7")
    monkeypatch.setenv("PILLARS_LOOKBACK_DAYS", "3")
    sql = (
        "select {{ texas_fiscal_year(\"'2025-06-30'\") }} as june, {{ texas_fiscal_year(\"'2025-07-01'\") }} as july,"
        " {{ texas_fiscal_quarter(\"'2025-10-01'\") }} as october_quarter,"
        " {{ texas_fiscal_quarter_start(\"'2025-08-15'\") }}::text as august_quarter_start,"
        " {{ fiscal_year_start_date('2026') }}::text as fy2026_starts, {{ policy_var('lookback_days') }} as lookback"
    )
    shown = run_dbt(["show", "--project-dir", str(scratch.project), "--inline", sql, "--output", "json", "--quiet"],
                    quiet=True)  # fmt: skip
    [row] = json.loads(shown.stdout)["show"]
    assert row == {"june": 2025, "july": 2026, "october_quarter": 2, "august_quarter_start": "2025-07-01",
                   "fy2026_starts": "2025-07-01", "lookback": 3}  # fmt: skip


def test_a_bare_dbt_run_without_the_policy_stops_saying_how_to_run(scratch):
    """dbt_project.yml holds no policy value: dbt run without ``pillars dbt`` names the var and the way."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "compile", "--project-dir", str(scratch.project), "--select", MODEL],
        cwd=scratch.project,
        env=dbt_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-2000:]
    assert "dbt var 'suppression_threshold' is council policy (plugins/pillars/policy.yml)" in said, said[-2000:]
    assert "run dbt as 'pillars dbt ...'" in said
