"""Load one partner delivery: validate while streaming, COPY good rows, quarantine bad ones, record it.

Everything about one batch happens in one transaction: the raw rows, the quarantined rows, the ledger row
and the replacement of an earlier delivery of the same file. A crash leaves the warehouse as it was.
Memory is bounded whatever the file size: rows stream from the parser into COPY in chunks, rejections spool
to a temporary file that is copied in afterwards, and the value and person memos have fixed caps (see
docs/performance.md for the measured figures).
"""

from __future__ import annotations

import csv
import gc
import io
import itertools
import logging
import queue
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from pillars import settings
from pillars.errors import PillarsError
from pillars.extract.filedrop import file_sha256
from pillars.feeds.copy_encoding import copy_binary
from pillars.feeds.copy_encoding.copy_binary import BinaryTrailer
from pillars.feeds.copy_encoding.copy_text import copy_line
from pillars.feeds.declarations.contract import METADATA_COLUMNS, Contract, get_contract
from pillars.feeds.declarations.mapping import Mapping
from pillars.feeds.declarations.registry import partner_mapping
from pillars.feeds.parsing.arrow_columns import FastPathAbandoned
from pillars.feeds.parsing.drift import Drift
from pillars.feeds.parsing.validate import FeedFile, open_feed_file
from pillars.load import failures, ledger
from pillars.load.ddl import ensure_raw_table
from pillars.load.key_sieve import SIEVABLE_TYPES, KeySieve
from pillars.orchestration import alerts
from pillars.warehouse import credentials
from pillars.warehouse.connect import connect

log = logging.getLogger("pillars.ingest")
QUARANTINE_COLUMNS = (
    "batch_id",
    "partner_id",
    "feed",
    "source_file",
    "source_line",
    "field",
    "value_masked",
    "reason",
    "logical_date",
)
SPOOL_IN_MEMORY_BYTES = 8 * 1024 * 1024
SEND_AHEAD = 2  # blocks of COPY text (about 8 MB each) waiting for the sending thread
# COPY sends the per-file metadata first and the per-record source line last (see _copy_batch); the
# database stamps _loaded_at itself (the load transaction's time, a column default).
BATCH_COLUMNS = tuple(name for name, _ in METADATA_COLUMNS if name not in ("_source_line", "_loaded_at"))


def source_name(path: Path) -> str:
    """How the ledger names a file: relative to the landing folder when it is inside it."""
    try:
        return path.resolve().relative_to(settings.landing_dir()).as_posix()
    except ValueError:
        return path.name


def load_file(
    partner_id: str,
    feed: str,
    logical_date: date,
    path: Path,
    file_format: str | None = None,
    conn: psycopg.Connection | None = None,
) -> ledger.BatchResult:
    """Load ``path`` as ``partner_id``'s delivery of ``feed`` for ``logical_date``.

    The same file twice changes nothing; a changed file with the same name replaces the earlier batch.
    A file that cannot be read at all is recorded as a rejected batch and raises PillarsError.
    """
    if conn is None:
        with connect(credentials.LOADER_ROLE) as own:
            return load_file(partner_id, feed, logical_date, path, file_format, own)
    source_file = source_name(path)
    try:
        return _load_file(partner_id, feed, logical_date, path, file_format, conn, source_file)
    except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
        raise ConnectionLostError(
            f"partner {partner_id}, feed {feed}, file {source_file}: the warehouse connection was lost mid-load"
            f" ({first_line(exc)}); nothing of this file was kept, re-run the date to load it"
        ) from None


class ConnectionLostError(PillarsError):
    """The server went away mid-load (restart, crash, network): the load's transaction died with it, so the
    ledger holds no row of the file and the next run loads it from the start. Not a fault of the file,
    and no use trying the partition's other files on a dead connection."""


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _load_file(
    partner_id: str,
    feed: str,
    logical_date: date,
    path: Path,
    file_format: str | None,
    conn: psycopg.Connection,
    source_file: str,
) -> ledger.BatchResult:
    contract = get_contract(feed)
    mapping = partner_mapping(partner_id, feed)
    checksum = file_sha256(path)
    batch_id = ledger.batch_id_for(partner_id, feed, logical_date, source_file, checksum)
    ensure_raw_table(conn, contract)
    conn.commit()

    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"{partner_id}|{feed}|{logical_date}",))
        earlier = [b for b in ledger.current_batches(conn, partner_id, feed, logical_date) if b[1] == source_file]
        for old_id, _, old_checksum, old_status in earlier:
            if old_checksum == checksum and old_status in ("loaded", "gated"):  # a 'loaded' one awaits its gate
                row = conn.execute(
                    "select rows_read, rows_loaded, rows_quarantined, reason from ops.batches where batch_id = %s",
                    (old_id,),
                ).fetchone()
                return ledger.BatchResult(
                    old_id, partner_id, feed, logical_date, source_file, "unchanged", *row[:3], reason=row[3]
                )
        # A rejected file is tried again: the same bytes give the same verdict (and the same batch id),
        # and a fixed parser or contract gets its chance without anyone touching the ledger by hand.
        earlier = [b for b in earlier if b[0] != batch_id]
        ledger.forget(conn, batch_id)
        conn.execute(
            "insert into ops.batches (batch_id, partner_id, feed, logical_date, source_file, checksum, status)"
            " values (%s, %s, %s, %s, %s, %s, 'loading')",
            (batch_id, partner_id, feed, logical_date, source_file, checksum),
        )
        drift = Drift()
        try:
            with conn.transaction():  # a savepoint: a file-level failure undoes only the COPY
                counts = _copy_file(
                    conn, contract, path, file_format, batch_id, partner_id, source_file, logical_date, mapping, drift
                )
        except Exception as exc:
            # The file cannot be read at all: record it as rejected (failed, when Pillars rather than the
            # file is at fault) and keep the earlier delivery current, so a broken re-delivery never erases
            # data the partner sent before. A lost connection goes up: nothing can be recorded on it.
            if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError) or conn.broken:
                raise
            if not isinstance(exc, PillarsError):
                log.error("partner %s, feed %s, file %s: load failed", partner_id, feed, source_file, exc_info=True)
            failure = failures.one_line(exc)
            _record_unloaded_file(conn, batch_id, "rejected" if isinstance(exc, PillarsError) else "failed", failure)
        else:
            replaced = [old_id for old_id, *_ in earlier]
            for old_id in replaced:
                ledger.supersede(conn, feed, old_id, batch_id)
            rows_read, rows_loaded, rows_quarantined = counts
            conn.execute(
                "update ops.batches set status = 'loaded', rows_read = %s, rows_loaded = %s,"
                " rows_quarantined = %s, unknown_columns = %s, finished_at = now() where batch_id = %s",
                (rows_read, rows_loaded, rows_quarantined, Jsonb(drift.unknown), batch_id),
            )
            if drift.unknown:
                alerts.schema_drift(partner_id, feed, str(logical_date), source_file, drift.unknown, drift.hints)
            return ledger.BatchResult(
                batch_id,
                partner_id,
                feed,
                logical_date,
                source_file,
                "loaded",
                rows_read,
                rows_loaded,
                rows_quarantined,
                replaced=replaced,
                unknown_columns=drift.unknown,
            )
    raise PillarsError(f"partner {partner_id}, feed {feed}: {failure}")


def _record_unloaded_file(conn: psycopg.Connection, batch_id: uuid.UUID, status: str, reason: str) -> None:
    conn.execute(
        "update ops.batches set status = %s, reason = %s, finished_at = now() where batch_id = %s",
        (status, reason, batch_id),
    )
    if status == "rejected":
        _quarantine_whole_batch(conn, batch_id, f"file rejected: {reason}")


def _quarantine_whole_batch(conn: psycopg.Connection, batch_id: uuid.UUID, reason: str) -> None:
    """One quarantine row (line 0) standing for a whole batch, described from its ledger row."""
    conn.execute(
        "insert into quarantine.rejected_rows (batch_id, partner_id, feed, source_file, source_line, field,"
        " value_masked, reason, logical_date)"
        " select batch_id, partner_id, feed, source_file, 0, null, null, %s, logical_date"
        " from ops.batches where batch_id = %s",
        (reason, batch_id),
    )


def _copy_file(
    conn: psycopg.Connection,
    contract: Contract,
    path: Path,
    file_format: str | None,
    batch_id: uuid.UUID,
    partner_id: str,
    source_file: str,
    logical_date: date,
    mapping: Mapping | None = None,
    drift: Drift | None = None,
) -> tuple[int, int, int]:
    """COPY the file on the Arrow path when its layout is plain; when that path meets a record it cannot
    place (a wrong width, an oversized field), undo its rows and read the file again on the Python path.
    The file's unknown columns and their filled cells are left in ``drift``."""

    def attempt(arrow: bool) -> tuple[int, int, int]:
        feed_file = open_feed_file(
            path, contract, partner_id=partner_id, fmt=file_format, mapping=mapping, delivery_date=logical_date
        )
        counts = _copy_batch(conn, contract, feed_file, batch_id, partner_id, source_file, logical_date, arrow=arrow)
        if drift is not None:
            drift.record(feed_file)
        return counts

    try:
        with conn.transaction():
            return attempt(arrow=True)
    except FastPathAbandoned:
        return attempt(arrow=False)


def _copy_batch(
    conn: psycopg.Connection,
    contract: Contract,
    feed_file: FeedFile,
    batch_id: uuid.UUID,
    partner_id: str,
    source_file: str,
    logical_date: date,
    *,
    arrow: bool = True,
) -> tuple[int, int, int]:
    # Every line ends with the batch metadata, the same for the whole file, then the record's source line.
    columns = [*contract.data_column_names(), *BATCH_COLUMNS, "_source_line"]
    trailer, binary_trailer = batch_trailers(str(batch_id), partner_id, source_file, logical_date)
    blocks = feed_file.copy_blocks(trailer, arrow=arrow, binary=binary_trailer)
    first = next(blocks, None)  # which format the blocks are in decides the COPY's
    binary = first is not None and first.binary
    copy_sql = sql.SQL("copy {} ({}) from stdin{}").format(
        sql.Identifier("raw", contract.feed),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(" with (format binary)" if binary else ""),
    )
    rows_loaded = rows_quarantined = 0
    with (
        KeySieve() if _sievable(contract) else nullcontext() as sieve,
        tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY_BYTES, mode="w+", newline="") as spool,
    ):
        rejected = csv.writer(spool)
        with (
            conn.cursor() as cur,
            cur.copy(copy_sql) as copy,
            _cyclic_gc_paused(),
            _sender(copy, binary=binary) as send,
        ):
            for block in itertools.chain([first] if first is not None else [], blocks):
                if block.rows_loaded:
                    send(block.text)
                    rows_loaded += block.rows_loaded
                    if sieve is not None:
                        sieve.add(block.keys, block.key_lines)
                for outcome in block.rejections:
                    rows_quarantined += 1
                    rejected.writerow(
                        (batch_id, partner_id, contract.feed, source_file, outcome.line, outcome.field,
                         outcome.value_masked, outcome.reason, logical_date)
                    )  # fmt: skip
            if sieve is not None and not sieve.settled and not sieve.overflowed:
                sieve.candidate_lines()  # read while the server takes the last blocks
        if rows_quarantined:
            spool.seek(0)
            _copy_rejections(conn, spool)
        duplicates = _quarantine_duplicate_keys(conn, contract, batch_id, sieve)
    rows_read = rows_loaded + rows_quarantined
    return rows_read, rows_loaded - duplicates, rows_quarantined + duplicates


def batch_trailers(batch_id: str, partner_id: str, source_file: str, logical_date: date) -> tuple[str, BinaryTrailer]:
    """The batch metadata every row of a batch ends with (before its source line): as COPY text and as
    binary fields, for whichever form the file's rows take."""
    metadata = (batch_id, partner_id, source_file, logical_date.isoformat())
    binary = BinaryTrailer(metadata, [dict(METADATA_COLUMNS)[name] for name in BATCH_COLUMNS])
    return copy_line(metadata).rstrip("\n"), binary


@contextmanager
def _sender(copy: psycopg.Copy, *, binary: bool = False) -> Iterator[Callable[[str | memoryview], None]]:
    """``send(text)``: one block of COPY lines (or binary COPY rows, which need the format's signature
    first and its trailer last), written to the server by a thread of its own.

    Written inline, each block waited for the server to take most of it, and the server then waited for
    Python to render the next: the two sides took turns instead of sharing the two cores. A queue of
    SEND_AHEAD blocks lets them overlap and bounds what waits in memory. The first error on either side
    stops both.
    """
    blocks: queue.Queue[str | memoryview | None] = queue.Queue(maxsize=SEND_AHEAD)
    failure: list[BaseException] = []

    def write_all() -> None:
        while (text := blocks.get()) is not None:
            if failure:
                continue  # drain, so the producer never blocks on a full queue
            try:
                copy.write(text)
                if not binary:
                    copy.write("\n")
            except BaseException as exc:
                failure.append(exc)

    def send(text: str | memoryview) -> None:
        if failure:
            raise failure[0]
        blocks.put(text)

    writer = threading.Thread(target=write_all, name="copy-sender", daemon=True)
    writer.start()
    try:
        if binary:
            send(copy_binary.SIGNATURE)
        yield send
        if binary:
            send(copy_binary.TRAILER)
    finally:
        blocks.put(None)
        writer.join()
    if failure:
        raise failure[0]


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """The COPY loop allocates millions of short-lived, acyclic lists and tuples; each allocation burst
    made the cyclic collector rescan the long-lived value caches (5-10% of the load). Nothing it could
    free is made here, so it rests until the file is through."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _sievable(contract: Contract) -> bool:
    return bool(contract.natural_key) and all(
        contract.column(name).element_type in SIEVABLE_TYPES and contract.column(name).type != "list"
        for name in contract.natural_key
    )


def _quarantine_duplicate_keys(
    conn: psycopg.Connection, contract: Contract, batch_id: uuid.UUID, sieve: KeySieve | None = None
) -> int:
    """Rows repeating an earlier row's natural key in the same file: the first stays, the repeats are
    quarantined with the line they repeat. Done in the database, so no per-key memory grows with the file.

    One hash aggregate finds the keys that repeat; only their rows are ranked (sorting the whole batch
    by key cost more than the COPY). With a ``sieve`` from the load only the rows on its candidates' lines
    are read, through the (batch, line) index, and none at all when it has none. Natural-key columns are
    required, so no join meets a NULL.
    """
    if not contract.natural_key or (sieve is not None and sieve.settled):
        return 0
    keys = sql.SQL(", ").join(map(sql.Identifier, contract.natural_key))
    key_text = sql.SQL(" || ' | ' || ").join(
        sql.SQL("coalesce({}::text, '')").format(sql.Identifier(k)) for k in contract.natural_key
    )
    table = sql.Identifier("raw", contract.feed)
    params: dict[str, object] = {"batch": batch_id, "fields": ",".join(contract.natural_key)}
    if sieve is None or sieve.overflowed:
        # The batch's rows are not in the planner's statistics yet (it would guess one row and loop over
        # the batch once per repeated key), and grouping a large batch in the default 4 MB spills to disk.
        for setting in ("work_mem = '256MB'", "enable_nestloop = off", "jit = off"):
            conn.execute(f"set local {setting}")
        batch_rows = sql.SQL(
            "select ctid as row_id, _source_line, {keys} from {table} where _batch_id = %(batch)s"
        ).format(keys=keys, table=table)
    else:
        # Only the rows on the candidates' lines (every occurrence of each candidate), one index probe a
        # line: the lateral subquery, fenced by offset 0, keeps the planner from scanning the whole batch,
        # which it believes to be a row or two (the batch is not in its statistics yet).
        params["lines"] = sieve.candidate_lines()
        batch_rows = sql.SQL(
            "select t.* from unnest(%(lines)s::integer[]) as c (line) cross join lateral ("
            " select ctid as row_id, _source_line, {keys} from {table}"
            " where _batch_id = %(batch)s and _source_line = c.line offset 0) as t"
        ).format(keys=keys, table=table)
    removed = conn.execute(
        sql.SQL(
            """
            with batch_rows as ({batch_rows}),
            repeated as (
                select {keys} from batch_rows group by {keys} having count(*) > 1
            ),
            ranked as (
                select b.row_id, b._source_line, {key_text} as key_value,
                       first_value(b._source_line) over w as first_line,
                       row_number() over w as occurrence
                from batch_rows as b inner join repeated using ({keys})
                window w as (partition by {keys} order by b._source_line)
            ),
            removed as (
                delete from {table} t using ranked r
                where t.ctid = r.row_id and r.occurrence > 1
                returning r._source_line, r.key_value, r.first_line
            )
            insert into quarantine.rejected_rows
                (batch_id, partner_id, feed, source_file, source_line, field, value_masked, reason, logical_date)
            select b.batch_id, b.partner_id, b.feed, b.source_file, removed._source_line, %(fields)s,
                   left(removed.key_value, 200), 'duplicate of line ' || removed.first_line || ' (same natural key)',
                   b.logical_date
            from removed cross join ops.batches b where b.batch_id = %(batch)s
            """
        ).format(batch_rows=batch_rows, key_text=key_text, table=table, keys=keys),
        params,
    )
    return removed.rowcount


def _copy_rejections(conn: psycopg.Connection, spool: io.TextIOBase) -> None:
    copy_sql = sql.SQL("copy quarantine.rejected_rows ({}) from stdin with (format csv)").format(
        sql.SQL(", ").join(map(sql.Identifier, QUARANTINE_COLUMNS))
    )
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        for chunk in iter(lambda: spool.read(1024 * 1024), ""):
            copy.write(chunk)


def reject_batch(batch_id: uuid.UUID, reason: str, conn: psycopg.Connection | None = None) -> None:
    """Withdraw a loaded batch that failed its raw-layer quality suite: all its rows leave ``raw``."""
    if conn is None:
        with connect(credentials.LOADER_ROLE) as own:
            reject_batch(batch_id, reason, own)
            return
    with conn.transaction():
        row = conn.execute(
            "select feed, status from ops.batches where batch_id = %s for update", (batch_id,)
        ).fetchone()
        if row is None:
            raise PillarsError(f"no batch {batch_id} in the ledger")
        feed, status = row
        if status not in ("loaded", "gated"):
            return  # replaced or rejected meanwhile (a concurrent run): its rows are already gone
        conn.execute(sql.SQL("delete from {} where _batch_id = %s").format(sql.Identifier("raw", feed)), (batch_id,))
        conn.execute("delete from quarantine.rejected_rows where batch_id = %s", (batch_id,))
        _quarantine_whole_batch(conn, batch_id, f"batch rejected by quality gate: {reason}")
        conn.execute(
            "update ops.batches set status = 'rejected', reason = %s, rows_loaded = 0, rows_quarantined = rows_read,"
            " finished_at = now() where batch_id = %s",
            (reason, batch_id),
        )
