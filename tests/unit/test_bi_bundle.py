"""The dashboard spec and the Superset bundle built from it, without Superset: rules that need no server."""

from __future__ import annotations

import json

import pytest
import yaml

from pillars import settings
from pillars.bi import bundle, spec
from pillars.errors import PillarsError

READER_URL = "postgresql+psycopg2://pillars_reader:s3cret-Value@127.0.0.1:5432/pillars"


def _spec_file(tmp_path, **change) -> object:
    raw = yaml.safe_load(spec.spec_path().read_text())
    raw["charts"][1].update(change)
    path = tmp_path / "dashboard.yml"
    path.write_text(yaml.safe_dump(raw))
    return path


def test_the_repository_spec_has_a_chart_for_every_pillar():
    dashboard = spec.load()
    assert {c.pillar for c in dashboard.charts} == set(spec.PILLARS)
    assert all(c.table.startswith("rpt_") for c in dashboard.charts)


def test_a_summed_suppressed_measure_is_refused_in_one_line(tmp_path):
    path = _spec_file(tmp_path, aggregate="sum", suppressed=True)
    with pytest.raises(PillarsError, match=r"dashboard\.yml: chart 2: field 'aggregate' cannot be sum") as error:
        spec.load(path)
    assert "\n" not in str(error.value)


def test_a_chart_outside_reporting_is_refused(tmp_path):
    with pytest.raises(PillarsError, match=r"chart 2: field 'table' must name a reporting table"):
        spec.load(_spec_file(tmp_path, table="stg_people"))


def test_the_bundle_holds_no_password_and_connects_as_the_reader():
    files = bundle.contents(spec.load(), READER_URL)
    assert not [name for name, text in files.items() if "s3cret-Value" in text]
    database = yaml.safe_load(files["databases/pillars_reporting.yaml"])
    assert database["sqlalchemy_uri"].startswith("postgresql+psycopg2://pillars_reader:XXXXXXXXXX@")
    assert not database["allow_dml"] and not database["allow_ctas"]


def test_identities_are_stable_so_a_reimport_updates_in_place():
    first, second = (bundle.contents(spec.load(), READER_URL) for _ in range(2))
    assert {k: v for k, v in first.items() if k != "metadata.yaml"} == {
        k: v for k, v in second.items() if k != "metadata.yaml"
    }


def test_suppressed_cells_are_left_out_of_bars_and_spelled_out_in_tables():
    files = bundle.contents(spec.load(), READER_URL)
    for chart in spec.load().charts:
        body = yaml.safe_load(files[f"charts/{chart.key}.yaml"])
        query = json.loads(body["query_context"])["queries"][0]
        if chart.kind == "bar" and chart.flag:
            assert query["extras"]["where"].endswith(f"and not {chart.flag}"), chart.key
            assert body["params"]["metrics"][0]["sqlExpression"] == f"MAX({chart.measure})"
        if chart.kind == "table" and chart.flag:
            shown = body["params"]["all_columns"][1]["sqlExpression"]
            assert f"when {chart.flag} then 'suppressed'" in shown, chart.key


def test_the_dashboard_lays_out_every_chart():
    dashboard = spec.load()
    files = bundle.contents(dashboard, READER_URL)
    position = yaml.safe_load(files[f"dashboards/{dashboard.slug}.yaml"])["position"]
    placed = {v["meta"]["uuid"] for v in position.values() if isinstance(v, dict) and v.get("type") == "CHART"}
    assert placed == {bundle.object_uuid("chart", c.key) for c in dashboard.charts}


def test_the_dbt_exposure_lists_exactly_the_tables_the_dashboard_reads():
    """dbt docs and lineage show the dashboard's inputs; they come from the same spec Superset is built from."""
    exposures_file = settings.dbt_project_dir() / "models" / "reporting" / "_reporting__exposures.yml"
    exposures = yaml.safe_load(exposures_file.read_text())["exposures"]
    (dashboard,) = [e for e in exposures if e["type"] == "dashboard"]
    refs = sorted(ref.removeprefix("ref('").removesuffix("')") for ref in dashboard["depends_on"])
    assert refs == spec.load().tables
