"""dlt loading the benchmark CSV into PostgreSQL: the baseline the full path must beat twice over.

Runs in its own virtual environment (``.local/bench-dlt-venv``, see :mod:`pillars.bench.dlt_venv`), not in
Pillars' lock, so it imports nothing from Pillars: ``python dlt_load.py arrow|rows FILE URL WORKDIR [ROWS]``
prints one JSON line. Either way dlt's postgres destination loads with the ``csv`` loader file format,
which it sends with COPY, and only ``pipeline.run`` (extract, normalise, load) is timed:
- ``arrow``: the file read by pyarrow in record batches of text columns, dlt's fastest documented path
  (no per-row Python normalising);
- ``rows``: ``csv.DictReader`` rows, the way most dlt sources yield data (each row normalised in Python).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

DATASET = "bench_dlt"
TABLE = "victim_services"


def rows(path: Path, limit: int = 0) -> Iterator[dict[str, str]]:
    """The file's records as header-keyed dicts, the first ``limit`` of them when ``limit`` is set."""
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if limit and number >= limit:
                return
            yield row


def arrow_batches(path: Path) -> Iterator[object]:
    """The file as pyarrow record batches, every column text (as ``\\copy`` stores it)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in header}, strings_can_be_null=False)
    yield from pacsv.open_csv(path, convert_options=convert, read_options=pacsv.ReadOptions(block_size=1 << 24))


def table_name(mode: str) -> str:
    return f"{TABLE}_{mode}"


def main(argv: list[str]) -> int:
    mode, path, url, work = argv[0], Path(argv[1]), argv[2], Path(argv[3])
    limit = int(argv[4]) if len(argv) > 4 else 0
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    import dlt

    data = arrow_batches(path) if mode == "arrow" else rows(path, limit)
    pipeline = dlt.pipeline(
        pipeline_name=f"pillars_bench_{mode}",
        destination=dlt.destinations.postgres(credentials=url),
        dataset_name=DATASET,
        pipelines_dir=str(work),
    )
    started = time.perf_counter()
    pipeline.run(data, table_name=table_name(mode), loader_file_format="csv", write_disposition="replace")
    print(json.dumps({"seconds": time.perf_counter() - started, "dlt": dlt.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
