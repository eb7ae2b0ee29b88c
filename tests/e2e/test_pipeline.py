"""End to end through Airflow itself: generated partner data for three nights, every DAG, real warehouse.

Order matters in this module: the idempotency tests compare against the state the first run left, and
the failure tests that add a fourth day and a broken gate come last.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from pillars import settings
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect
from tests.e2e.warehouse_state import SCHEMAS, differences, fingerprint, tables, text_dump
from tests.pipeline_fixtures import E2E_DAYS

pytestmark = [pytest.mark.e2e, pytest.mark.airflow]


def test_every_nightly_dag_run_succeeds(pipeline):
    bad = [o for o in pipeline.outcomes if o.state != "success" or o.failed_tasks]
    assert not bad, bad
    ran = {o.dag_id for o in pipeline.outcomes}
    assert {"transform_and_publish", "phase2_report"} <= ran
    assert sum(d.startswith("ingest_") for d in ran) == 9


def test_runs_show_their_true_duration(pipeline):
    """DAG.test() stamps a run as started at its logical date; the runner records the real start instead."""
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    from pillars.orchestration.policy import council_tz

    with create_session() as session:
        runs = session.query(DagRun).filter(DagRun.dag_id.like("ingest_%"), DagRun.end_date.isnot(None)).all()
        spans = [r.end_date - r.start_date for r in runs if r.logical_date.astimezone(council_tz()).date() in E2E_DAYS]
    assert len(spans) >= 9 * len(E2E_DAYS) and max(spans) < timedelta(hours=1), max(spans)


def test_all_nine_feeds_loaded(pipeline):
    with connect() as conn:
        feeds = {f for (f,) in conn.execute("select distinct feed from ops.batches where status = 'gated'")}
    assert len(feeds) == 9, feeds


def test_ledger_reconciles_every_batch(pipeline):
    with connect() as conn:
        batches = conn.execute(
            "select batch_id, feed, rows_read, rows_loaded, rows_quarantined from ops.batches where status = 'gated'"
        ).fetchall()
        assert batches
        for batch_id, feed, read, loaded, quarantined in batches:
            assert read == loaded + quarantined, batch_id
            in_raw = conn.execute(f'select count(*) from raw."{feed}" where _batch_id = %s', (batch_id,)).fetchone()[0]
            in_quarantine = conn.execute(
                "select count(*) from quarantine.rejected_rows where batch_id = %s and source_line > 0", (batch_id,)
            ).fetchone()[0]
            assert (in_raw, in_quarantine) == (loaded, quarantined), batch_id


def test_every_generated_row_is_in_the_warehouse_or_quarantine(pipeline):
    """The generator's own count of data rows per file equals what the ledger read from that file."""
    expected = {f["path"]: f["rows"] for f in pipeline.manifest["files"] if f.get("landing", True)}
    with connect() as conn:
        read = dict(conn.execute("select source_file, rows_read from ops.batches where status = 'gated'").fetchall())
    landing = settings.landing_dir()
    missing = []
    for path, rows in expected.items():
        relative = str(path).removeprefix(str(landing)).lstrip("/")
        if relative in read:
            assert read[relative] == rows, relative
        else:
            missing.append(relative)
    assert not [m for m in missing if not m.startswith(("partner_api", "/"))], missing[:5]
    with connect() as conn:
        quarantined = conn.execute("select count(*) from quarantine.rejected_rows where source_line > 0").fetchone()[0]
    assert quarantined > 0, "the generated defects should have reached quarantine"


def test_no_direct_identifier_anywhere_in_the_warehouse(pipeline):
    """Scan every table of every schema for the generated people's names and dates of birth."""
    people = pipeline.manifest["persons"]
    names = {p[k].strip().lower() for p in people for k in ("first_name", "last_name") if len(p[k].strip()) >= 4}
    births = {p["date_of_birth"] for p in people}
    name_pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)), re.IGNORECASE)
    # Calendar values are not birth dates: the date dimension holds every day, rollups hold month and quarter
    # starts. Every other date the generator writes is 2015 or later, every birth date earlier.
    births = {b for b in births if not b.endswith("-01")}
    # The reference seeds are public vocabularies written in the repository, not partner data: a person
    # called Lucia is not leaked by the country "Saint Lucia" in the ISO 3166 code list.
    seeds = {f"staging.{path.stem}" for path in (settings.project_root() / "dbt_project" / "seeds").rglob("*.csv")}
    leaks = []
    for schema, table in tables((*SCHEMAS, "staging")):
        if f"{schema}.{table}" in seeds:
            continue
        dump = text_dump(schema, table)
        if f"{schema}.{table}" != "staging.dim_date":
            leaks += [f"{schema}.{table}: date of birth {w}" for w in set(re.findall(r"[^\t\n]+", dump)) & births]
        for match in set(name_pattern.findall(dump)):
            # a name counts as leaked only as a whole value or a whole word, not inside a code
            if re.search(rf"(^|[\t\n ,]){re.escape(match)}($|[\t\n ,])", dump, re.IGNORECASE):
                leaks.append(f"{schema}.{table}: name {match}")
    assert not leaks, leaks[:20]


def test_every_mart_and_reporting_table_has_rows(pipeline):
    empty = []
    with connect() as conn:
        for schema, table in tables(("marts", "reporting")):
            if conn.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0] == 0:
                empty.append(f"{schema}.{table}")
    assert not empty, empty


def test_rerunning_the_middle_date_changes_nothing(pipeline):
    from pillars.orchestration.runner import run_dates

    outcomes = run_dates([E2E_DAYS[1]])
    assert all(o.state == "success" and not o.failed_tasks for o in outcomes), outcomes
    assert differences(pipeline.fingerprint, fingerprint()) == []


def test_a_backfill_over_the_range_gives_the_same_warehouse(pipeline):
    from pillars.orchestration.runner import run_dates

    outcomes = run_dates(E2E_DAYS, report=False)
    assert all(o.state == "success" and not o.failed_tasks for o in outcomes), outcomes
    assert differences(pipeline.fingerprint, fingerprint()) == []


def test_a_full_refresh_gives_the_marts_the_nightly_incrementals_built(pipeline):
    from pillars.transform.dbt import run_dbt

    before = fingerprint(("marts",))
    run_dbt(["run", "--full-refresh", "--select", "config.materialized:incremental", "--quiet"], quiet=True)
    assert differences(before, fingerprint(("marts",))) == []


def test_the_report_was_rendered_from_the_published_state(pipeline):
    latest = settings.output_dir() / "reports" / "latest.html"
    assert latest.exists()
    assert "Phase II" in latest.read_text()


def _alerts() -> list[dict]:
    from pillars.orchestration.alerts import alerts_file

    path = alerts_file()
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_broken_partner_file_fails_only_that_partner(pipeline):
    from pillars.extract.filedrop import partition_dir
    from pillars.feeds.declarations.registry import partner_feeds
    from pillars.orchestration.runner import run_dates

    day = E2E_DAYS[-1] + timedelta(days=1)
    xlsx_partners = [pf for pf in partner_feeds("victim_identifications") if pf.format == "xlsx"]
    assert xlsx_partners, "the registry should have an XLSX sender of victim_identifications"
    broken = xlsx_partners[0]
    folder = partition_dir(broken.partner_id, "victim_identifications", day)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "identifications.xlsx").write_bytes(b"this is not a zip archive\n")
    healthy = [pf for pf in partner_feeds("victim_identifications") if pf.partner_id != broken.partner_id]
    good_csv = next(
        p
        for p in sorted(settings.landing_dir().glob(f"{healthy[0].partner_id}/victim_identifications/*/*"))
        if p.is_file()
    )
    target = partition_dir(healthy[0].partner_id, "victim_identifications", day)
    target.mkdir(parents=True, exist_ok=True)
    (target / good_csv.name).write_bytes(good_csv.read_bytes())
    alerts_before = len(_alerts())

    [outcome] = run_dates([day], only=["ingest_victim_identifications"], report=False)

    assert outcome.failed_tasks == ["load_partner"]  # one mapped instance failed; announce still ran
    with connect() as conn:
        statuses = dict(
            conn.execute(
                "select partner_id, status from ops.batches"
                " where feed = 'victim_identifications' and logical_date = %s",
                (day,),
            ).fetchall()
        )
    assert statuses == {broken.partner_id: "rejected", healthy[0].partner_id: "gated"}
    new_alerts = _alerts()[alerts_before:]
    assert any(broken.partner_id in a["message"] and "identifications.xlsx" in a["message"] for a in new_alerts)


def test_a_broken_mart_fails_the_publish_gate_and_nothing_is_published(pipeline):
    """A small count slips into the candidate reporting state: the gate blocks the publish and says where."""
    from pillars.orchestration.runner import run_dates
    from pillars.transform.dbt import run_dbt

    day = E2E_DAYS[-1]
    run_dbt(["build", "--select", "path:models/reporting", "--quiet"], quiet=True)  # a candidate state
    with connect(credentials.TRANSFORMER_ROLE) as conn, conn.transaction():
        table, column = conn.execute(
            "select c.table_name, c.column_name from information_schema.columns c"
            " join information_schema.columns f on f.table_schema = c.table_schema and f.table_name = c.table_name"
            "  and f.column_name = c.column_name || '_suppressed'"
            " where c.table_schema = 'reporting_next' order by 1, 2 limit 1"
        ).fetchone()
        conn.execute(
            f'update reporting_next."{table}" set "{column}" = 3, "{column}_suppressed" = false'
            f' where ctid = (select min(ctid) from reporting_next."{table}")'
        )
    published_before = fingerprint(("reporting",))
    latest = settings.output_dir() / "reports" / "latest.html"
    report_before = latest.read_bytes()
    alerts_before = len(_alerts())

    # The dbt tasks (models and tests) are marked done so the gate sees the injected state; gate and publish run.
    [outcome] = run_dates([day], only=["transform_and_publish"], mark_success_pattern=r"dbt.*")

    assert outcome.state == "failed" and "quality_gate" in outcome.failed_tasks
    assert fingerprint(("reporting",)) == published_before
    assert latest.read_bytes() == report_before
    with connect(credentials.TRANSFORMER_ROLE) as conn:
        status, reason = conn.execute(
            "select status, reason from ops.publications order by publication_id desc limit 1"
        ).fetchone()
    assert status == "blocked" and table in reason
    gate_alerts = [a for a in _alerts()[alerts_before:] if a["task_id"] == "quality_gate"]
    assert gate_alerts and table in gate_alerts[0]["message"]
