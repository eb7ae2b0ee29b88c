"""The hostile corpus through the real CLI: ``pillars feeds validate`` per file, and one ``pillars ingest``
of a landing tree holding every file at once (with a down partner API, an odd file name, a symlink out of
the landing folder and a FIFO beside them).

Each file must give a clear one-line error or quarantined rows with a reason, in bounded memory, without a
traceback; the good rows of every file load, and every ledger row reconciles.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from tests.hostile.conftest import clear_date, drop, run_measured
from tests.hostile.corpus import CASES, CSV_FEED, CSV_PARTNER, Case, good_rows
from tests.hostile.test_isolation import api_down_env

pytestmark = pytest.mark.integration

CORPUS_DAY = date(2023, 12, 20)
PEAK_MB = 400  # validate alone peaks at ~110-120 MB (pyarrow, numpy); the reported 400 MB sheet took 540 MB
INGEST_PEAK_MB = 1024  # the whole corpus in one ingest, raw quality gate (GX) included, peaked at ~540 MB
LIMITS = {"PILLARS_MAX_LINE_BYTES": str(4 << 20), "PILLARS_MAX_FIELD_CHARS": str(1 << 20)}


def _no_traceback(result) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-2000:]


@pytest.fixture(scope="module")
def corpus_ingest(warehouse):
    """Every case's file in one landing date, plus entries only a landing folder can hold; one ingest."""
    from pillars.extract.filedrop import partition_dir

    clear_date(CORPUS_DAY)
    for case in CASES:
        drop(CORPUS_DAY, case.partner, case.feed, case.file_name, case.build())
    header = "Client ID,First Name,Last Name,DOB,Sex,Intake Date,County,Age Band,Gender,Trafficking Type,"
    header += "Referral Source,Service,Service Date,Exit Date,exit_outcome\n"
    drop(CORPUS_DAY, CSV_PARTNER, CSV_FEED, "new\nline.csv", header + good_rows("NL"))
    folder = partition_dir(CSV_PARTNER, CSV_FEED, CORPUS_DAY)
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.csv")  # opening it would block the run forever
    result, peak = run_measured("ingest", "--date", CORPUS_DAY.isoformat(), env={**api_down_env(), **LIMITS})
    yield result, peak, _ledger(), _quarantine()
    clear_date(CORPUS_DAY)


def _ledger() -> dict[tuple[str, str], tuple]:
    from pillars.warehouse.connect import connect

    with connect() as conn:
        rows = conn.execute(
            "select partner_id, regexp_replace(source_file, '^.*/', ''), status, rows_read, rows_loaded,"
            " rows_quarantined, reason from ops.batches where logical_date = %s",
            (CORPUS_DAY,),
        ).fetchall()
    return {(partner, name): rest for partner, name, *rest in rows}


def _quarantine() -> dict[tuple[str, str], list[tuple]]:
    from pillars.warehouse.connect import connect

    found: dict[tuple[str, str], list[tuple]] = {}
    with connect() as conn:
        for partner, name, line, field, reason in conn.execute(
            "select partner_id, regexp_replace(source_file, '^.*/', ''), source_line, field, reason"
            " from quarantine.rejected_rows where logical_date = %s",
            (CORPUS_DAY,),
        ):
            found.setdefault((partner, name), []).append((line, field, reason))
    return found


def test_the_corpus_has_every_kind_of_hostile_file():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


def test_one_ingest_of_the_whole_corpus_ends_with_a_summary(corpus_ingest):
    result, peak, ledger, _ = corpus_ingest
    _no_traceback(result)
    assert result.returncode == 1  # rejected files and a down API are failures to report
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"ingest {CORPUS_DAY}:") and "problem(s)" in summary
    assert peak < INGEST_PEAK_MB, f"peak RSS {peak:.0f} MB"
    for key, (status, read, loaded, quarantined, _) in ledger.items():
        if status in ("loaded", "gated"):
            assert read == loaded + quarantined, key


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_ingest(corpus_ingest, case: Case):
    _, _, ledger, quarantine = corpus_ingest
    status, read, loaded, quarantined, reason = ledger[(case.partner, case.file_name)]
    if case.expect == "file":
        assert status == "rejected", (status, reason)
        assert case.reason in reason
        assert "\n" not in reason
        return
    assert status == "gated", reason  # loaded, then let in by the raw quality gate
    assert (read, loaded, quarantined) == (case.good + case.bad, case.good, case.bad)
    rejected = quarantine.get((case.partner, case.file_name), [])
    assert len(rejected) == case.bad
    assert all(case.reason in why and line > 0 for line, _, why in rejected), rejected


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> dict[str, tuple]:
    """``pillars feeds validate`` of every case, a few subprocesses at a time (each starts in seconds)."""
    folder = tmp_path_factory.mktemp("corpus")

    def validate(case: Case) -> tuple:
        path = folder / case.file_name
        path.write_bytes(case.build())
        args = ["feeds", "validate", str(path), "--feed", case.feed, "--partner", case.partner]
        return run_measured(*args, "--date", CORPUS_DAY.isoformat(), env=LIMITS)

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(zip((case.name for case in CASES), pool.map(validate, CASES), strict=True))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_validate(validated, case: Case):
    result, peak = validated[case.name]
    _no_traceback(result)
    assert peak < PEAK_MB, f"peak RSS {peak:.0f} MB"
    if case.expect == "file":
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert case.reason in result.stderr
        return
    total = case.good + case.bad
    assert f"{total} row(s): {case.good} valid, {case.bad} rejected" in result.stdout, result.stdout[-3000:]
    drift = "schema drift" in result.stdout  # unknown columns: reported, and the exit says so
    assert result.returncode == (1 if case.bad or drift else 0)
    problems = [line for line in result.stdout.splitlines() if ":line " in line]
    assert len(problems) == case.bad
    assert all(case.reason in line for line in problems), problems


def test_landing_entries_that_are_not_files_are_refused_one_by_one(corpus_ingest):
    _, _, ledger, _ = corpus_ingest
    refused = {name: (status, reason) for (partner, name), (status, *_, reason) in ledger.items()
               if partner == CSV_PARTNER and name in ("new\\nline.csv", "passwd.csv", "pipe.csv")}  # fmt: skip
    assert refused["new\\nline.csv"][0] == "rejected" and "refused file name" in refused["new\\nline.csv"][1]
    assert refused["passwd.csv"][0] == "rejected" and "links outside the landing folder" in refused["passwd.csv"][1]
    assert refused["pipe.csv"][0] == "rejected" and "not a regular file" in refused["pipe.csv"][1]
    assert ledger[(CSV_PARTNER, "csv_utf8_bom.csv")][0] == "gated"  # the files beside them loaded
