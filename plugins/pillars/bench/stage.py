"""One benchmark stage in its own process, so its peak memory is its own: prints one JSON line.

``python -m pillars.bench.stage full|validate|floor|copy|pandas FILE [ROWS]``, or ``gate BATCH_ID``
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from pillars import settings
from pillars.feeds.copy_encoding.copy_binary import BinaryTrailer
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

BENCH_PARTNER = "benchmark"
BENCH_DATE = date(2000, 1, 1)
TEXT_TABLE = "bench.victim_services_text"
FLOOR_TABLE = "bench.victim_services_floor"
PANDAS_TABLE = "victim_services_pandas"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def full_path(path: Path) -> dict:
    """Pillars' ingestion: stream-parse, validate, tokenise, COPY, quarantine, ledger."""
    from pillars.load.loader import load_file

    settings.use_local_token_key()
    started = time.perf_counter()
    result = load_file(BENCH_PARTNER, "victim_services", BENCH_DATE, path)
    seconds = time.perf_counter() - started
    return {"rows": result.rows_read, "loaded": result.rows_loaded, "seconds": seconds, "batch": str(result.batch_id)}


def raw_gate(batch_id: str) -> dict:
    """The raw quality gate on the batch the full path loaded, as ``pillars ingest`` runs it after the load:
    every expectation, results recorded in ``ops.quality_results``, Data Docs rendered. Importing GX is a
    once-per-process cost (seconds), timed apart; ``reject=False`` so a run leaves the batch in place."""
    started = time.perf_counter()
    from pillars.quality import context

    context.gx_context()
    imported = time.perf_counter() - started
    from pillars.quality.raw_gate import check_batch

    started = time.perf_counter()
    result = check_batch("victim_services", batch_id, reject=False)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "import_seconds": imported,
        "expectations": len(result.outcomes),
        "failed": [o.describe() for o in result.failures],
    }


def _trailers(path: Path) -> tuple[str, BinaryTrailer]:
    """The batch metadata the loader ends every row with, as COPY text and as binary fields."""
    from pillars.load.loader import batch_trailers

    return batch_trailers("00000000-0000-0000-0000-000000000000", BENCH_PARTNER, path.name, BENCH_DATE)


def validate_only(path: Path) -> dict:
    """The Python side of the full path alone: parse, validate, tokenise and render the COPY data (binary
    rows where the full path sends them), no database."""
    from pillars.feeds.parsing.validate import open_feed_file

    settings.use_local_token_key()
    trailer, binary = _trailers(path)
    started = time.perf_counter()
    feed_file = open_feed_file(path, "victim_services", partner_id=BENCH_PARTNER)
    loaded = sum(block.rows_loaded for block in feed_file.copy_blocks(trailer, binary=binary))
    seconds = time.perf_counter() - started
    return {"rows": feed_file.rows_ok + feed_file.rows_rejected, "loaded": loaded, "seconds": seconds}


def server_floor(path: Path) -> dict:
    """What the server alone needs for the rows the full path sends: the file's COPY data (written first,
    not timed; binary rows where the full path sends them) loaded by psql into a table shaped like
    ``raw.victim_services``, index included."""
    import tempfile

    from pillars.feeds.copy_encoding import copy_binary
    from pillars.feeds.declarations.contract import get_contract
    from pillars.feeds.parsing.validate import open_feed_file
    from pillars.load.loader import BATCH_COLUMNS

    settings.use_local_token_key()
    contract = get_contract("victim_services")
    columns = ", ".join([*contract.data_column_names(), *BATCH_COLUMNS, "_source_line"])
    trailer, binary = _trailers(path)
    with connect(autocommit=True) as conn:
        conn.execute("create schema if not exists bench")
        conn.execute(f"drop table if exists {FLOOR_TABLE}")
        conn.execute(f"create table {FLOOR_TABLE} (like raw.victim_services including defaults including indexes)")
    with tempfile.NamedTemporaryFile(suffix=".copy", dir=settings.local_dir()) as data:
        in_binary = False
        for block in open_feed_file(path, contract).copy_blocks(trailer, binary=binary):
            if not in_binary and block.binary:
                data.write(copy_binary.SIGNATURE)
                in_binary = True
            if block.rows_loaded:
                data.write(block.text.encode() if isinstance(block.text, str) else block.text)
                if not block.binary:
                    data.write(b"\n")
        if in_binary:
            data.write(copy_binary.TRAILER)
        data.flush()
        options = " with (format binary)" if in_binary else ""
        return _timed_psql_copy(FLOOR_TABLE, f"\\copy {FLOOR_TABLE} ({columns}) from '{data.name}'{options}")


def plain_copy(path: Path) -> dict:
    """The floor: psql's \\copy of the same CSV into a table of text columns, no validation at all."""
    return _timed_psql_copy(TEXT_TABLE, f"\\copy {TEXT_TABLE} from '{path}' with (format csv, header true)")


def _timed_psql_copy(table: str, command: str) -> dict:
    """psql running one \\copy, timed from outside, and the rows it left in ``table``."""
    started = time.perf_counter()
    subprocess.run(["psql", credentials.url(), "-q", "-c", command], check=True)
    seconds = time.perf_counter() - started
    with connect() as conn:
        rows = conn.execute(f"select count(*) from {table}").fetchone()[0]
    return {"rows": rows, "seconds": seconds}


def pandas_to_sql(path: Path, rows: int) -> dict:
    """The common shortcut: pandas read_csv + DataFrame.to_sql (SQLAlchemy, psycopg2), no validation."""
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(credentials.url(driver="postgresql+psycopg2"))
    started = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, nrows=rows, keep_default_na=False)
    frame.to_sql(PANDAS_TABLE, engine, schema="bench", if_exists="replace", index=False, chunksize=10_000)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"rows": len(frame), "seconds": seconds}


def main(argv: list[str]) -> int:
    stage, path = argv[0], Path(argv[1])
    if stage == "gate":
        result = raw_gate(argv[1])
    elif stage == "full":
        result = full_path(path)
    elif stage == "validate":
        result = validate_only(path)
    elif stage == "copy":
        result = plain_copy(path)
    elif stage == "floor":
        result = server_floor(path)
    else:
        result = pandas_to_sql(path, int(argv[2]))
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
