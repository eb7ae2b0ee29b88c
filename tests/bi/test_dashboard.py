"""Apache Superset on the pipeline-published ``reporting``: the dashboard from code, opened in headless Chromium.

``pillars bi``'s own provisioning runs against the suite's warehouse (the ``published_reporting`` session
fixture: three nights through Airflow) with Superset's metadata in ``superset_test``. The browser test
logs in as a person would and checks every chart of the dashboard drew something; the API test reads
what each chart shows and compares it, cell by cell, with ``reporting`` as ``pillars_reader`` sees it, so
a suppressed cell that turned into a 0 (or any number) fails.
"""

from __future__ import annotations

import json
import time
import urllib.request
from dataclasses import dataclass

import pytest

from pillars.orchestration.live import free_port
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect
from tests.conftest import TEST_RUN_DIR

pytestmark = [pytest.mark.bi, pytest.mark.e2e]
SCREENSHOT = TEST_RUN_DIR / "bi" / "dashboard.png"


@dataclass
class Running:
    base: str
    dashboard: object
    setup_seconds: float


@pytest.fixture(scope="module")
def superset(published_reporting):
    from pillars.bi import superset as bi

    started = time.monotonic()
    provisioned = bi.provision()
    port = free_port()
    server = bi.start(listen_port=port, log=TEST_RUN_DIR / "bi" / "superset.log")
    running = Running(f"http://127.0.0.1:{port}", provisioned.dashboard, time.monotonic() - started)
    print(f"\nbi: Superset provisioned and serving in {running.setup_seconds:.1f}s")
    yield running
    bi.stop(server)


def _api(base: str, path: str, token: str | None = None, body: dict | None = None) -> dict:
    request = urllib.request.Request(f"{base}{path}", data=json.dumps(body).encode() if body else None)
    if body:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def token(superset) -> str:
    from pillars.bi.superset import ADMIN_USER, admin_password

    body = {"username": ADMIN_USER, "password": admin_password(), "provider": "db", "refresh": False}
    return _api(superset.base, "/api/v1/security/login", body=body)["access_token"]


def _charts_by_title(superset, token) -> dict[str, int]:
    charts = _api(superset.base, f"/api/v1/dashboard/{superset.dashboard.slug}/charts", token)["result"]
    return {c["slice_name"]: c["id"] for c in charts}


def test_the_dashboard_holds_every_chart_of_the_spec(superset, token):
    assert set(_charts_by_title(superset, token)) == {c.title for c in superset.dashboard.charts}


def test_superset_reads_the_warehouse_only_as_the_reader(superset, token):
    databases = _api(superset.base, "/api/v1/database/", token)["result"]
    uris = [
        _api(superset.base, f"/api/v1/database/{d['id']}/connection", token)["result"]["sqlalchemy_uri"]
        for d in databases
    ]
    assert uris and all(f"//{credentials.READER_ROLE}:" in uri for uri in uris), uris


def _reporting_cells(chart) -> dict[str, str | None]:
    """Axis value -> the published count as text, or None where the cell is suppressed."""
    flag = chart.flag or "false"
    with connect(credentials.READER_ROLE) as conn:
        rows = conn.execute(
            f"select {chart.axis}::text, {chart.measure}, {flag} from reporting.{chart.table} where {chart.where_sql}"
        ).fetchall()
    if chart.aggregate == "sum":
        totals: dict[str, int] = {}
        for axis, value, _ in rows:
            totals[axis] = totals.get(axis, 0) + value
        return {axis: str(value) for axis, value in totals.items()}
    assert len({axis for axis, _, _ in rows}) == len(rows), f"{chart.key}: 'where' leaves more than one cell per bar"
    return {axis: None if hidden else str(value) for axis, value, hidden in rows}


def _shown(superset, token, chart_id: int, chart) -> dict[str, str]:
    from pillars.bi.bundle import metric_label

    result = _api(superset.base, f"/api/v1/chart/{chart_id}/data/?format=json&type=full", token)["result"][0]
    assert not result.get("error"), result.get("error")
    label = metric_label(chart)
    return {str(row[chart.axis]): "" if row[label] is None else str(row[label]) for row in result["data"]}


def test_every_chart_shows_the_published_cells_and_no_suppressed_one(superset, token):
    ids = _charts_by_title(superset, token)
    hidden_cells = 0
    for chart in superset.dashboard.charts:
        expected = _reporting_cells(chart)
        shown = _shown(superset, token, ids[chart.title], chart)
        assert shown, f"{chart.key}: the chart has no data"
        hidden = {axis for axis, value in expected.items() if value is None}
        hidden_cells += len(hidden)
        if chart.kind == "table":
            assert {a: v for a, v in shown.items() if a in hidden} == dict.fromkeys(hidden, "suppressed"), chart.key
        else:
            assert not hidden & set(shown), f"{chart.key}: suppressed cells {sorted(hidden & set(shown))} are drawn"
        published = {axis: value for axis, value in expected.items() if value is not None}
        assert {a: v for a, v in shown.items() if a not in hidden} == published, chart.key
    assert hidden_cells > 0, "no chart covers a suppressed cell, so the check above proved nothing"


LOGIN = """(async () => {
  const csrf = document.getElementById('csrf_token').value;
  const body = new URLSearchParams({username: %s, password: %s, csrf_token: csrf});
  const response = await fetch('/login/', {method: 'POST', body, credentials: 'same-origin'});
  return response.url;
})()"""
# Every chart holder of the dashboard, and what it drew: an ECharts canvas, a table, or an error/empty box.
CHART_STATES = """Array.from(document.querySelectorAll('.dashboard-component-chart-holder')).map(h => ({
  drawn: Boolean(h.querySelector('canvas, svg, table')) && !h.querySelector('.loading'),
  empty: /No results/i.test(h.innerText),
  error: Boolean(h.querySelector('.alert, [role=alert], .ant-alert-error')) || /error/i.test(h.innerText),
  text: h.innerText.slice(0, 200),
}))"""


def test_the_dashboard_renders_every_chart_in_chromium(superset):
    from pillars.bi.browser import Browser
    from pillars.bi.superset import ADMIN_USER, admin_password, dashboard_url

    with Browser(width=1400, height=1400) as browser:
        browser.open(f"{superset.base}/login/")
        browser.evaluate(LOGIN % (json.dumps(ADMIN_USER), json.dumps(admin_password())))
        browser.open(dashboard_url(superset.base, superset.dashboard))
        expected = len(superset.dashboard.charts)
        settled = "s.every(c => c.drawn || c.error || c.empty)"
        browser.wait_for(
            f"(() => {{ const s = {CHART_STATES}; return s.length === {expected} && {settled}; }})()",
            120,
            f"{expected} charts to render",
        )
        time.sleep(2)  # let the charts' entry animations end before the picture
        states = browser.evaluate(CHART_STATES)
        browser.screenshot(SCREENSHOT)
    assert len(states) == expected, states
    assert all(s["drawn"] and not s["empty"] and not s["error"] for s in states), states
    # six drawn charts make a PNG of 100+ KB; a page that painted nothing but its header, under 40 KB
    assert SCREENSHOT.stat().st_size > 60_000


def test_provisioning_again_updates_in_place(superset, token):
    from pillars.bi import superset as bi

    before = _charts_by_title(superset, token)
    bi.provision()
    assert _charts_by_title(superset, token) == before
    dashboards = _api(superset.base, "/api/v1/dashboard/", token)["result"]
    assert [d["slug"] for d in dashboards] == [superset.dashboard.slug]
