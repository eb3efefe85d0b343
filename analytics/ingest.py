"""Upload of customer and interaction files into the store, all-or-nothing per file.

The CSV reader (:mod:`analytics.csvio`) streams typed chunks and the rows it rejects, checking
interactions against the stored customers (unknown customer, interaction before the customer's
start). This module lets the database do what needs the stored rows: rows already stored by an
earlier upload, customers whose stored record changed. Everything happens in one transaction, so
a file that fails half-way leaves the database exactly as it was.

Interactions into DuckDB stream: a thread reads and validates the file while the rows already
read are stored, in batches of whole row groups (see :class:`_DuckDBAppender`). A database file
gets them as a Parquet part beside it, listed in the same transaction (:mod:`analytics.parts`);
every query reads the parts as rows of ``interactions``. Elsewhere (customers, PostgreSQL) the
accepted rows are staged and moved in one statement at the end.

Counts, per file: ``rows = accepted + duplicates + updated + rejected`` where ``accepted`` counts
rows new to the database, ``duplicates`` rows already stored (or repeated within the file) with
the same content, ``updated`` stored customers that this file changed (customers only). An
``interaction_id`` stored, or repeated, with other content is rejected (:mod:`analytics.conflicts`).

A change to a stored customer is applied (the latest export describes the customer) and kept as
history in ``customer_changes`` (old value, new value, the upload), counted by kind in the
summary (:data:`CHANGE_KINDS`); the kinds that rewrite what the analyses measure — an end date
cleared, an end or start date moved — are named in the summary's notes, and so are stored
interactions that now fall before their customer's new start date.
"""

from __future__ import annotations

import getpass
import hashlib
import io
import json
import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analytics import conflicts, csvio, parts
from analytics.contract import CONTRACTS, TableContract
from analytics.reasons import Message
from analytics.schema import (
    CONTRACT_TABLES,
    bump_data_version,
    contract_columns,
    customer_changes,
    customers,
    interactions,
    rejected_rows,
    set_as_of,
    uploads,
)
from analytics.store import Store
from analytics.threads import Ahead

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


class UploadCancelled(Exception):
    """The upload was stopped by its ``cancel`` option before it committed: nothing was stored."""


def _cancel_check(cancel: threading.Event | CancelFn | None) -> Callable[[], None]:
    """A function that raises :class:`UploadCancelled` once ``cancel`` is set (an Event) or returns
    True (a callable); does nothing without one."""
    if cancel is None:
        return lambda: None
    is_set = cancel.is_set if isinstance(cancel, threading.Event) else cancel

    def check() -> None:
        if is_set():
            raise UploadCancelled("the upload was cancelled; nothing of this file was stored")

    return check


REJECT_COLUMNS = ("line", "raw", "reason", "code", "params")
"""What is kept of a rejected row (besides its upload)."""

CHANGE_KINDS = {
    "ended": "end date filled in",
    "reactivated": "end date cleared (active again)",
    "end_moved": "end date moved",
    "start_moved": "start date moved",
    "updated": "other details changed",
}
"""The kinds of change to a stored customer (``customer_changes.kind``), as summaries name them.
An end date filled in is the normal course of things; the others rewrite a customer's history
and are flagged in the summary's notes (``updated`` covers reason, segment, plan, region, revenue)."""

UPLOAD_MEMORY_LIMIT = "300MB"
"""DuckDB's memory budget during an upload; with the reader's buffers the process stays under
1.5 GB on a 10-million-row file (bench/bench_ingest.py measures it)."""


@dataclass
class UploadSummary:
    """What happened to one file."""

    table: str
    file_name: str
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    updated: int = 0
    upload_id: int | None = None
    already_uploaded: int | None = None  # upload_id of an earlier upload of the identical file
    changes: dict[str, int] = field(default_factory=dict)  # customers changed, by CHANGE_KINDS kind
    encoding: str = ""
    delimiter: str = ""
    unmapped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        counts = {k: getattr(self, k) for k in ("rows", "accepted", "rejected", "duplicates", "updated")}
        return counts | ({"changes": dict(self.changes)} if self.changes else {})

    def as_dict(self) -> dict:
        return asdict(self)


def file_hash(path: str | Path, block: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(block):
            h.update(chunk)
    return h.hexdigest()


def _reject_stage_table(temporary: bool) -> sa.Table:
    return sa.Table(
        f"stage_rejects_{uuid.uuid4().hex[:10]}",
        sa.MetaData(),
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("raw", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("code", sa.Text),
        sa.Column("params", sa.Text),
        prefixes=["TEMPORARY"] if temporary else [],
    )


def _stage_table(contract: TableContract, temporary: bool) -> sa.Table:
    """The staging table of one upload: TEMPORARY on PostgreSQL; an ordinary (private, dropped at
    the end) table on DuckDB, whose temporary tables live in memory."""
    md = sa.MetaData()
    cols = contract_columns(contract, all_nullable=True)
    keyed = [sa.Column("interaction_key", sa.Text)] if contract.name == "interactions" else []
    return sa.Table(
        f"stage_{contract.name}_{uuid.uuid4().hex[:10]}",
        md,
        sa.Column("line", sa.BigInteger, nullable=False),
        *keyed,
        *cols,
        prefixes=["TEMPORARY"] if temporary else [],
    )


def bulk_insert(conn: Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """Append a DataFrame to a table by the database's bulk path (Arrow scan or COPY)."""
    if frame.empty:
        return
    cols = [c for c in frame.columns if c in table.c]
    backend = conn.dialect.name
    if backend == "duckdb":
        raw = conn.connection.driver_connection
        view = f"_chunk_{uuid.uuid4().hex[:8]}"
        raw.register(view, frame[cols])
        try:
            target = conn.dialect.identifier_preparer.format_table(table)
            col_sql = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in cols)
            conn.exec_driver_sql(f"INSERT INTO {target} ({col_sql}) SELECT {col_sql} FROM {view}")
        finally:
            raw.unregister(view)
    elif backend == "postgresql":
        from psycopg import sql

        buf = io.StringIO()
        frame[cols].to_csv(buf, index=False, header=False, date_format="%Y-%m-%d %H:%M:%S")
        raw = conn.connection.driver_connection
        stmt = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
            sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c) for c in cols)
        )
        with raw.cursor() as cur, cur.copy(stmt) as cp:
            cp.write(buf.getvalue())
    else:  # any other SQLAlchemy backend: executemany (correct, not fast)
        records = frame[cols].astype(object).where(frame[cols].notna(), None).to_dict("records")
        conn.execute(sa.insert(table), records)


def interaction_keys(rows: pd.DataFrame) -> pa.Array:
    """The key of each accepted interaction row: its ``interaction_id``, or for a row without one
    ``"h"`` followed by a signed 64-bit hash of the row's parsed values. The key is what makes a
    second upload of the same rows store nothing; both backends store this one rule's result."""
    n = len(rows)
    if "interaction_id" in rows.columns:
        ids = pa.array(rows["interaction_id"], pa.string(), from_pandas=True)
    else:
        ids = pa.nulls(n, pa.string())
    if ids.null_count == 0:
        return ids
    need = ids.is_null().to_numpy(zero_copy_only=False)
    cols = [c for c in CONTRACTS["interactions"].names if c in rows.columns]
    hashed = np.zeros(n, np.int64)
    hashed[need] = pd.util.hash_pandas_object(rows.loc[need, cols], index=False).to_numpy().view(np.int64)
    text = pc.cast(pa.array(hashed, pa.int64(), mask=~need), pa.string())
    return pc.coalesce(ids, pc.binary_join_element_wise("h", text, ""))


def _count(conn: Connection, query) -> int:
    return int(conn.execute(query).scalar() or 0)


def _finish_interactions(conn: Connection, stage: sa.Table, upload_id: int, present: list[str]) -> int:
    """Move staged interactions to the table (the first row of each key, unless already stored);
    returns how many were inserted.

    The decisions are taken on narrow columns; the wide rows (notes and all) are read once, by
    line number. Carrying the wide rows through the window made a 1 M-row upload several times
    slower.
    """
    s = stage
    key = s.c.interaction_key
    ranked = sa.select(
        s.c.line,
        key.label("k"),
        sa.func.row_number().over(partition_by=key, order_by=s.c.line).label("rn"),
    ).subquery("ranked")
    keep = sa.select(ranked.c.line).where(
        ranked.c.rn == 1, ~sa.exists().where(interactions.c.interaction_key == ranked.c.k)
    )
    new_rows = sa.select(key, *(s.c[n] for n in present), sa.literal(upload_id), s.c.line).where(
        s.c.line.in_(keep)
    )
    before = _count(conn, _stored_by(upload_id))
    conn.execute(
        sa.insert(interactions).from_select(
            ["interaction_key", *present, "upload_id", "source_line"], new_rows
        )
    )
    return _count(conn, _stored_by(upload_id)) - before


def _stored_by(upload_id: int) -> sa.Select:
    return sa.select(sa.func.count()).select_from(interactions).where(interactions.c.upload_id == upload_id)


def _finish_customers(
    conn: Connection, stage: sa.Table, upload_id: int, present: list[str]
) -> tuple[int, int]:
    """Insert new customers, update changed ones (keeping what changed in ``customer_changes``);
    returns (inserted, updated)."""
    s, c = stage, customers
    names = [n for n in present if n != "customer_id"]
    # The staged values as the table stores them (a staged date may be a timestamp).
    new = {n: sa.cast(s.c[n], c.c[n].type) for n in names}
    changed = sa.or_(*(c.c[n].is_distinct_from(new[n]) for n in names)) if names else sa.false()
    joined = s.join(c, c.c.customer_id == s.c.customer_id)
    n_updated = _count(conn, sa.select(sa.func.count()).select_from(joined).where(changed))
    if n_updated and names:
        for n in names:
            conn.execute(
                sa.insert(customer_changes).from_select(
                    [col.name for col in customer_changes.columns],
                    sa.select(
                        sa.literal(upload_id),
                        c.c.customer_id,
                        sa.literal(n, sa.Text),
                        sa.cast(c.c[n], sa.Text),
                        sa.cast(new[n], sa.Text),
                        _change_kind(n, c.c[n], new[n]),
                        c.c.upload_id,
                    )
                    .select_from(joined)
                    .where(c.c[n].is_distinct_from(new[n])),
                )
            )
        conn.execute(
            sa.update(c)
            .where(c.c.customer_id == s.c.customer_id, changed)
            .values({n: s.c[n] for n in names} | {"upload_id": upload_id})
        )
    new_rows = sa.select(s.c.customer_id, *(s.c[n] for n in names), sa.literal(upload_id)).where(
        ~sa.exists().where(c.c.customer_id == s.c.customer_id)
    )
    inserted = _count(conn, sa.select(sa.func.count()).select_from(new_rows.subquery()))
    conn.execute(sa.insert(c).from_select(["customer_id", *names, "upload_id"], new_rows))
    return inserted, n_updated


def _change_kind(column: str, old, new):
    if column == "end_date":
        return sa.case((old.is_(None), "ended"), (new.is_(None), "reactivated"), else_="end_moved")
    return sa.literal("start_moved" if column == "start_date" else "updated", sa.Text)


def _report_changes(conn: Connection, summary: UploadSummary, upload_id: int) -> None:
    """Count this upload's changes to stored customers by kind, and say in the notes which ones
    rewrite a customer's history, with examples, and what they leave inconsistent."""
    h = customer_changes
    mine = h.c.upload_id == upload_id
    counts = conn.execute(
        sa.select(h.c.kind, sa.func.count(sa.distinct(h.c.customer_id))).where(mine).group_by(h.c.kind)
    ).all()
    summary.changes = {
        kind: int(n) for kind, n in sorted(counts, key=lambda r: list(CHANGE_KINDS).index(r[0]))
    }
    for kind in ("reactivated", "end_moved", "start_moved"):
        n = summary.changes.get(kind, 0)
        if not n:
            continue
        examples = conn.execute(
            sa.select(h.c.customer_id, h.c.old_value, h.c.new_value)
            .where(mine, h.c.kind == kind)
            .order_by(h.c.customer_id)
            .limit(3)
        ).all()
        summary.notes.append(
            Message(
                "customers_changed",
                kind=kind,
                count=n,
                examples=[[cid, old, new] for cid, old, new in examples],
            )
        )
    if summary.changes.get("start_moved"):
        moved = sa.select(h.c.customer_id).where(mine, h.c.kind == "start_moved")
        i, c = interactions, customers
        early = conn.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(i.c.customer_id)))
            .select_from(i.join(c, c.c.customer_id == i.c.customer_id))
            .where(i.c.customer_id.in_(moved), i.c.timestamp < c.c.start_date)
        ).one()
        if early[0]:
            summary.notes.append(
                Message("interactions_before_new_start", interactions=int(early[0]), customers=int(early[1]))
            )


def ingest_file(
    store: Store,
    table: str,
    path: str | Path,
    *,
    mapping: dict[str, str] | None = None,
    date_order: str | None = None,
    uploaded_by: str | None = None,
    today: date | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | CancelFn | None = None,
    dialect: csvio.FileDialect | None = None,
    content_hash: str | None = None,
) -> UploadSummary:
    """Read one CSV file into the store, all-or-nothing.

    Parameters
    ----------
    table:
        ``"customers"`` or ``"interactions"``.
    mapping:
        Optional ``{file header: contract column}`` overriding the suggested mapping.
    date_order:
        ``"dmy"``, ``"mdy"`` or ``"ymd"`` to override the day/month order inferred from the data.
    progress:
        Called with (fraction done in [0, 1], message) while the file is read.
    cancel:
        A ``threading.Event`` (or a callable returning True) that stops the upload: it is checked
        between batches of rows and before the commit; once set, the transaction is rolled back
        and :class:`UploadCancelled` raised, leaving the database (its parts folder included) as
        it was. A merge of earlier uploads that the upload starts with (:data:`parts.MAX_PARTS`
        waiting) is not part of it and runs to its end.
    dialect, content_hash:
        What :func:`analytics.csvio.sniff` (with this mapping and date order) and
        :func:`file_hash` found for this very file, when the caller has them already (the upload
        page inspected the file and hashed it while writing it to disk): not worked out again.

    Raises
    ------
    csvio.FileRefused
        The file cannot be read at all (empty, not CSV, a required column missing). Nothing is stored.
    UploadCancelled
        ``cancel`` was set before the upload committed. Nothing of the file is stored.
    """
    if table not in CONTRACTS:
        raise ValueError(f"table must be one of {sorted(CONTRACTS)}. Got {table!r} instead.")
    contract = CONTRACTS[table]
    path = Path(path)
    try:
        if dialect is None:
            dialect = csvio.sniff(path, contract, mapping=mapping, date_order=date_order)
    except csvio.FileRefused as exc:
        if exc.code != "header_only" or not _only_a_header(path, contract, mapping):
            raise
        # An export of a period with nothing in it: valid, and nothing to store.
        return UploadSummary(
            table=table,
            file_name=path.name,
            notes=[Message("empty_export")],
        )
    summary = UploadSummary(
        table=table,
        file_name=path.name,
        encoding=dialect.encoding,
        delimiter=dialect.delimiter,
        unmapped_columns=list(dialect.unmapped_columns),
        notes=list(dialect.notes),
    )
    size = max(path.stat().st_size, 1)
    check_cancel = _cancel_check(cancel)
    check_cancel()
    if table == "interactions" and store.path is not None:
        # Earlier uploads kept as Parquet parts go into the table before they become many.
        store.merge_parts(at_least=parts.MAX_PARTS, progress=progress)
    # Only the columns the file has are copied: a later export without a column keeps what is stored.
    present = [c for c in contract.names if c in set(dialect.mapping.values())]
    with (
        ThreadPoolExecutor(max_workers=1) as pool,
        store.connection(memory_limit=UPLOAD_MEMORY_LIMIT) as conn,
    ):
        # hashing overlaps the reading (hashlib drops the GIL)
        digest_job = pool.submit(lambda: content_hash or file_hash(path))
        known = known_customers(conn) if table == "interactions" else None
        chunks = csvio.read_table(
            path, contract, dialect=dialect, today=today, arrow_text=store.is_duckdb, customers=known
        )

        def counted(chunk: csvio.Chunk) -> None:
            check_cancel()
            summary.rows += len(chunk.rows) + len(chunk.rejected)
            summary.rejected += len(chunk.rejected)
            if progress is not None:
                progress(min(0.95 * chunk.bytes_read / size, 0.95), f"{summary.rows:,} rows read")

        run = _Run(
            conn, summary, dialect, uploaded_by, present, counted, progress, digest_job.result, store.path
        )
        run.check_cancel = check_cancel
        run.raw_lines = lambda starts, counts: csvio.raw_lines(path, dialect, starts, counts)
        store_rows = _append_interactions if store.is_duckdb and table == "interactions" else _stage_and_move
        summary.upload_id = store_rows(run, chunks)
    if progress is not None:
        progress(1.0, f"{summary.rows:,} rows read")
    return summary


def _only_a_header(path: Path, contract: TableContract, mapping: dict[str, str] | None) -> bool:
    """Whether the file is one line naming every required column of the contract, and nothing
    else: an empty export, not a broken one. Asked only of a file the reader refused, which
    stays the judge of everything else (it said ``header_only``)."""
    if path.stat().st_size > 1 << 20:
        return False
    data = path.read_bytes()
    encodings = ["utf-16"] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        return False
    separator = max(",;\t|", key=lines[0].count)
    headers = [h.strip().strip('"').strip() for h in lines[0].split(separator)]
    named = {target for target in contract.suggest_mapping(headers).values() if target}
    given = {k.strip().lower(): v for k, v in (mapping or {}).items()}
    named |= {given[h.lower()] for h in headers if given.get(h.lower())}
    return set(contract.required) <= named


def known_customers(conn: Connection) -> csvio.KnownCustomers:
    """The stored customers, for the reader's unknown-customer and before-start checks."""
    query = sa.select(customers.c.customer_id, customers.c.start_date)
    with conn.begin():
        if conn.dialect.name == "duckdb":  # 10x faster than rows through Python for 100,000 customers
            # A relation's to_arrow_table: the cursor's fetch_arrow_table is deprecated in DuckDB 1.5.
            sql = str(query.compile(dialect=conn.dialect))
            table = conn.connection.driver_connection.sql(sql).to_arrow_table()
            return csvio.KnownCustomers.from_columns(table["customer_id"], table["start_date"])
        rows = conn.execute(query).all()
    return csvio.KnownCustomers.from_columns([r[0] for r in rows], [r[1] for r in rows])


@dataclass
class _Run:
    """One upload in progress, as the two ways of storing its rows need it."""

    conn: Connection
    summary: UploadSummary  # filled in as the file is read and stored
    dialect: csvio.FileDialect
    uploaded_by: str | None
    present: list[str]  # the contract columns the file has
    counted: Callable[[csvio.Chunk], None]  # called with every chunk read (counts, progress)
    progress: ProgressFn | None
    digest: Callable[[], str]  # the file's content hash (computed while the file is read)
    parts_of: Path | None = None  # the embedded database file whose parts folder takes the rows
    raw_lines: conflicts.RawLines | None = None  # the file's text of given records, for rejects found here
    check_cancel: Callable[[], None] = lambda: None  # raises UploadCancelled once the upload is cancelled


def _append_interactions(run: _Run, chunks: Iterator[csvio.Chunk]) -> int:
    """DuckDB: store the file's interactions while it is still being read, in one transaction, as
    a Parquet part beside the database file (:mod:`analytics.parts`)."""
    conn, summary, present = run.conn, run.summary, run.present

    def prepared(chunk: csvio.Chunk) -> tuple[csvio.Chunk, pa.Table | None]:
        return chunk, _arrow_rows(chunk.rows, present)

    # Files an interrupted upload or merge left in the folder went when this connection opened.
    part: parts.PartWriter | None = None
    try:
        with Ahead(chunks, prepared, name="upload-reader") as ahead, conn.begin():
            upload_id = _open_upload(conn, summary, run.dialect, run.uploaded_by)
            part = parts.PartWriter(run.parts_of, upload_id)
            appender = _DuckDBAppender(conn, upload_id, present, part)
            staged = 0
            for chunk, rows in ahead:
                run.counted(chunk)
                if not chunk.rejected.empty:
                    bulk_insert(conn, rejected_rows, chunk.rejected.assign(upload_id=upload_id))
                if rows is not None:
                    staged += rows.num_rows
                    appender.add(rows)
            run.check_cancel()
            inserted = appender.finish()
            run.check_cancel()
            _reject_conflicts(conn, run, upload_id, appender.conflicts)
            if part.rows:
                part.publish(conn, upload_id)
            else:  # nothing new to store: no empty part to list and read
                part.discard()
                part = None
            summary.accepted += inserted
            summary.duplicates += staged - inserted - appender.conflict_rows
            _close_upload(conn, summary, upload_id, run.digest())
    except BaseException:
        if part is not None:  # not committed: its file goes too
            part.discard()
        raise
    if part is not None:
        part.release()
    return upload_id


def _reject_conflicts(conn: Connection, run: _Run, upload_id: int, found: list[pd.DataFrame]) -> int:
    """Store the rows whose interaction_id conflicts (:mod:`analytics.conflicts`) as rejected rows
    of the upload; returns how many."""
    found = [f for f in found if not f.empty]
    if not found:
        return 0
    frame = pd.concat(found, ignore_index=True).sort_values("line", kind="stable", ignore_index=True)
    assert run.raw_lines is not None
    rows = conflicts.rejects(frame, run.present, run.raw_lines)
    bulk_insert(conn, rejected_rows, rows.assign(upload_id=upload_id))
    run.summary.rejected += len(rows)
    return len(rows)


def _stage_and_move(run: _Run, chunks: Iterator[csvio.Chunk]) -> int:
    """Stage the accepted rows (Arrow in memory, then Parquet files, on DuckDB; a temporary table on
    PostgreSQL) so memory stays bounded, then change the contract's tables in one transaction."""
    conn, summary, progress = run.conn, run.summary, run.progress
    contract = CONTRACTS[summary.table]

    def prepared(chunk: csvio.Chunk) -> tuple[csvio.Chunk, pd.DataFrame]:
        rows = chunk.rows
        if not rows.empty and contract.name == "interactions":
            rows = rows.assign(interaction_key=interaction_keys(rows).to_numpy(zero_copy_only=False))
        return chunk, rows

    spool = (ArrowSpool if conn.dialect.name == "duckdb" else TableSpool)(conn, contract)
    try:
        staged = 0
        with Ahead(chunks, prepared, depth=1, name="upload-reader") as ahead:
            for chunk, rows in ahead:
                run.counted(chunk)
                spool.add(rows, chunk.rejected[list(REJECT_COLUMNS)])
                staged += len(rows)
        if progress is not None:
            progress(0.95, f"{summary.rows:,} rows read; storing")
        run.check_cancel()
        with conn.begin():
            upload_id = _open_upload(conn, summary, run.dialect, run.uploaded_by)
            stage, stage_rej = spool.tables(conn)
            if summary.table == "interactions" and "interaction_id" in run.present:
                # Ids reused with other content are rejected, not stored (analytics/conflicts.py).
                queries = [conflicts.against_stored(stage, "line", upload_id, run.present)]
                if conflicts.repeats(conn, stage):
                    queries.append(conflicts.within_file(stage, "line", run.present, upload_id))
                found = [pd.DataFrame(conn.execute(q).mappings().all()) for q in queries]
                staged -= _reject_conflicts(conn, run, upload_id, found)
            _move(conn, summary, stage, stage_rej, staged, upload_id, run.present)
            _close_upload(conn, summary, upload_id, run.digest())
            spool.close(conn)
    finally:
        with conn.begin():
            spool.close(conn)
    return upload_id


def _arrow_rows(rows: pd.DataFrame, present: list[str]) -> pa.Table | None:
    """A chunk's accepted rows as Arrow, with their line numbers and ``interaction_key``."""
    if rows.empty:
        return None
    fields = [pa.field("line", pa.int64())] + [pa.field(n, _INTERACTION_TYPES[n]) for n in present]
    table = pa.Table.from_pandas(
        rows[[f.name for f in fields]], schema=pa.schema(fields), preserve_index=False
    )
    return table.append_column("interaction_key", interaction_keys(rows))


class _KeyOrder:
    """Whether every key seen so far is greater than the one before it, across calls. Exports
    sorted by id usually are, and then no key can repeat."""

    def __init__(self) -> None:
        self.ascending = True
        self.last: str | None = None

    def see(self, keys: pa.Array) -> None:
        if not self.ascending or not len(keys):
            return
        inside = len(keys) < 2 or pc.all(pc.less(keys[:-1], keys[1:])).as_py() is True
        # Python orders str by code point and Arrow by UTF-8 bytes: the same order.
        self.ascending = inside and (self.last is None or self.last < keys[0].as_py())
        self.last = keys[len(keys) - 1].as_py()


class _DuckDBAppender:
    """Writes an upload's interaction rows to its Parquet part (:class:`parts.PartWriter`) in
    batches of whole row groups, then keeps only the rows new to the database.

    DuckDB stores rows in row groups of 122,880, and a part is written in the same batches, so a
    later merge appends whole row groups. Rows are written as they come, while the file is still
    being read; what must go is decided once at the end, on two narrow columns of the part (key
    and line), and the part is rewritten without it, one row group at a time:

    * rows whose key is already stored (the table and the other parts), when the store held any;
    * rows whose key appeared on an earlier line of the same file (the first row is kept).

    Both are joins and aggregates that DuckDB runs within its memory budget, spilling to disk
    beyond it; the rewrite holds one row group. So memory stays bounded whatever the file's shape:
    sorting or windowing the wide rows instead (notes and all) took 4x the time of the upload and
    ran out of memory on 2 GB files with repeats out of order. When the keys arrive in strictly
    increasing order (checked as they come, 5 ms per million), none can repeat and the aggregate
    is skipped; when the store was empty, so is the join.
    """

    ROW_GROUP = 122_880
    batch_rows = 2 * ROW_GROUP

    def __init__(self, conn: Connection, upload_id: int, present: list[str], part: parts.PartWriter) -> None:
        self.conn = conn
        self.upload_id = upload_id
        self.present = present
        self.part = part
        self.pending: list[pa.Table] = []
        self.held = 0
        self.check_stored = _count(conn, sa.select(sa.func.count()).select_from(interactions)) > 0
        self.order = _KeyOrder()
        self.conflicts: list[pd.DataFrame] = []  # rows whose interaction_id is reused with other content
        self.conflict_rows = 0

    def add(self, rows: pa.Table) -> None:
        self.order.see(rows["interaction_key"].combine_chunks())
        self.pending.append(rows)
        self.held += rows.num_rows
        if self.held >= self.batch_rows:
            table = pa.concat_tables(self.pending)
            whole = self.held - self.held % self.batch_rows
            self._insert(table.slice(0, whole))
            rest = table.slice(whole)
            self.pending = [rest] if rest.num_rows else []
            self.held = rest.num_rows

    def finish(self) -> int:
        """Write what is pending and drop the rows that are not new; returns the rows kept."""
        if self.held:
            self._insert(pa.concat_tables(self.pending))
        self.pending, self.held = [], 0
        self.part.close()
        # What Arrow's allocator kept from reading the file goes back before DuckDB takes its
        # share for the joins (100-200 MB of a 2 GB upload's peak).
        pa.default_memory_pool().release_unused()
        self._find_conflicts()
        dropped = self._lines_to_drop()
        if len(dropped):
            drop = np.zeros(int(dropped.max()) + 1, dtype=bool)
            drop[dropped] = True

            def keep(group: pa.Table) -> pa.Array:
                lines = group.column("source_line").to_numpy()
                inside = lines < len(drop)
                mask = np.ones(len(lines), dtype=bool)
                mask[inside] = ~drop[lines[inside]]
                return pa.array(mask)

            self.part.rewrite(keep)
        return self.part.rows

    def _find_conflicts(self) -> None:
        """Rows whose interaction_id is stored, or repeated earlier in the file, with other content:
        rejected as conflicts (they are among the lines dropped next, so the rewrite removes them)."""
        if "interaction_id" not in self.present:
            return
        raw = self.conn.connection.driver_connection
        src = str(self.part.tmp)
        judged: set[int] = set()
        if self.check_stored:
            query = conflicts.against_stored(_BATCH, "source_line", self.upload_id, self.present)
            found = self._collect(raw.read_parquet(src).query("batch", _duckdb_sql(self.conn, query)))
            judged = set(found["line"].astype(int)) if not found.empty else set()
        if not self.order.ascending:
            repeated = raw.execute(
                "SELECT count(*) - count(DISTINCT interaction_key) FROM read_parquet($src)", {"src": src}
            ).fetchone()[0]
            if repeated:
                query = conflicts.within_file(_BATCH, "source_line", self.present)
                # A row already judged against the stored one is rejected once, for that.
                self._collect(
                    raw.read_parquet(src).query("batch", _duckdb_sql(self.conn, query)), exclude=judged
                )

    def _collect(self, relation, exclude: set[int] = frozenset()) -> pd.DataFrame:
        found = relation.df()
        if exclude and not found.empty:
            found = found[~found["line"].astype(int).isin(exclude)]
        if not found.empty:
            self.conflicts.append(found)
            self.conflict_rows += len(found)
        return found

    def _lines_to_drop(self) -> np.ndarray:
        """The source lines of the part's rows that are not new (see the class docstring). Two
        statements, not one: DuckDB 1.5 can hang for good, every thread parked, on a UNION of a
        semi-join and an aggregate join that spill (seen on a 2 GB re-upload; duckdb#24961)."""
        src = parts.sql_strings([str(self.part.tmp)])
        queries = []
        if self.check_stored:
            # `interactions` here is the view: the table and the parts already listed (not this one).
            queries.append(
                f"SELECT p.source_line FROM read_parquet({src}) p "
                "SEMI JOIN interactions s ON p.interaction_key = s.interaction_key"
            )
        if not self.order.ascending:
            queries.append(
                f"SELECT p.source_line FROM read_parquet({src}) p JOIN ("
                f"SELECT interaction_key, min(source_line) AS first FROM read_parquet({src}) "
                "GROUP BY interaction_key HAVING count(*) > 1) r USING (interaction_key) "
                "WHERE p.source_line <> r.first"
            )
        raw = self.conn.connection.driver_connection
        found = [np.asarray(raw.execute(q).fetchnumpy()["source_line"], dtype=np.int64) for q in queries]
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    def _insert(self, table: pa.Table) -> None:
        n = table.num_rows
        given = {"interaction_key": table["interaction_key"], "source_line": table["line"]}
        given |= {name: table[name] for name in self.present}
        given["upload_id"] = pa.array(np.full(n, self.upload_id, np.int32))
        # Every column of the table, in its order; absent ones NULL.
        self.part.write(
            pa.table(
                {
                    c.name: given[c.name] if c.name in given else pa.nulls(n, _INTERACTION_TYPES[c.name])
                    for c in interactions.columns
                }
            )
        )


# The rows of a batch (or of a part) as the conflict queries name them: the interactions table's columns.
_BATCH = sa.Table("batch", sa.MetaData(), *(sa.Column(c.name, c.type) for c in interactions.columns))


def _duckdb_sql(conn: Connection, query: sa.Select) -> str:
    """A query as DuckDB SQL text, its few parameters (an upload id, false) inlined: numbers only."""
    return str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))


class TableSpool:
    """Staged rows in private tables of the database, one short transaction per chunk (memory stays
    bounded however long the file). Used for PostgreSQL, where they are TEMPORARY tables."""

    def __init__(self, conn: Connection, contract: TableContract) -> None:
        temporary = conn.dialect.name != "duckdb"
        self.stage = _stage_table(contract, temporary)
        self.stage_rej = _reject_stage_table(temporary)
        with conn.begin():
            self.stage.create(conn)
            self.stage_rej.create(conn)
        self.conn = conn

    def add(self, rows: pd.DataFrame, rejected: pd.DataFrame) -> None:
        with self.conn.begin():
            if not rejected.empty:
                bulk_insert(self.conn, self.stage_rej, rejected)
            if not rows.empty:
                bulk_insert(self.conn, self.stage, rows)

    def tables(self, conn: Connection) -> tuple[sa.Table, sa.Table]:
        return self.stage, self.stage_rej

    def close(self, conn: Connection) -> None:
        """Drop the staging tables (inside the caller's transaction)."""
        self.stage.drop(conn, checkfirst=True)
        self.stage_rej.drop(conn, checkfirst=True)


_ARROW_TYPES = {
    "id": pa.string(),
    "text": pa.string(),
    "escalation": pa.string(),
    "date": pa.timestamp("ns"),
    "datetime": pa.timestamp("ns"),
    "bool": pa.bool_(),
    "int": pa.int64(),
    "float": pa.float64(),
}


_INTERACTION_TYPES = {c.name: _ARROW_TYPES[c.kind] for c in CONTRACTS["interactions"].columns}


class ArrowSpool:
    """Staged rows as Arrow tables, in memory up to ``memory_bytes`` and in Parquet files beyond
    (DuckDB).

    DuckDB keeps a transaction's many small appends in memory and writes every committed chunk to
    its log; Arrow in memory or files on disk cost neither. The final transaction reads them
    through temporary views, only the columns each step needs.
    """

    memory_bytes = 256 << 20

    def __init__(self, conn: Connection, contract: TableContract) -> None:
        self.contract = contract
        self.dir: Path | None = None
        self.parts: dict[str, list[pa.Table]] = {"rows": [], "rejects": []}
        self.files: dict[str, list[Path]] = {"rows": [], "rejects": []}
        self.held = 0
        self.views: list[str] = []
        self.rows_schema: pa.Schema | None = None

    def _schema(self, rows: pd.DataFrame) -> pa.Schema:
        fields = [pa.field("line", pa.int64())]
        if "interaction_key" in rows.columns:
            fields.append(pa.field("interaction_key", pa.string()))
        fields += [
            pa.field(c.name, _ARROW_TYPES[c.kind]) for c in self.contract.columns if c.name in rows.columns
        ]
        return pa.schema(fields)

    def _write(self, kind: str, table: pa.Table) -> None:
        if self.dir is None:
            self.dir = Path(tempfile.mkdtemp(prefix="churn-upload-"))
        path = self.dir / f"{kind}-{len(self.files[kind]):05d}.parquet"
        pq.write_table(table, path, compression="none")
        self.files[kind].append(path)

    def add(self, rows: pd.DataFrame, rejected: pd.DataFrame) -> None:
        new = []
        if not rows.empty:
            if self.rows_schema is None:
                self.rows_schema = self._schema(rows)
            new.append(
                (
                    "rows",
                    pa.Table.from_pandas(
                        rows[self.rows_schema.names], schema=self.rows_schema, preserve_index=False
                    ),
                )
            )
        if not rejected.empty:
            new.append(("rejects", pa.Table.from_pandas(rejected, preserve_index=False)))
        for kind, table in new:
            if self.dir is None and self.held + table.nbytes <= self.memory_bytes:
                self.parts[kind].append(table)
                self.held += table.nbytes
                continue
            # Past the budget: everything held so far goes to disk, and what follows with it.
            for k, held in self.parts.items():
                for t in held:
                    self._write(k, t)
                held.clear()
            self.held = 0
            self._write(kind, table)

    def _view(self, conn: Connection, like: sa.Table, kind: str, have: set[str]) -> sa.Table:
        """A temporary view named like the stage table, with all its columns (typed NULL where the
        file had none)."""
        prep = conn.dialect.identifier_preparer
        exprs = []
        has_data = bool(self.parts[kind] or self.files[kind])
        for c in like.columns:
            name = prep.quote(c.name)
            if c.name in have and has_data:
                exprs.append(name)
            else:
                exprs.append(f"CAST(NULL AS {conn.dialect.type_compiler.process(c.type)}) AS {name}")
        if self.files[kind]:
            source = f"FROM read_parquet({parts.sql_strings([str(f) for f in self.files[kind]])})"
        elif self.parts[kind]:
            source_name = f"src_{like.name}"
            conn.connection.driver_connection.register(source_name, pa.concat_tables(self.parts[kind]))
            source = f"FROM {prep.quote(source_name)}"
        else:
            source = "WHERE false"
        conn.exec_driver_sql(
            f"CREATE TEMP VIEW {prep.quote(like.name)} AS SELECT {', '.join(exprs)} {source}"
        )
        self.views.append(like.name)
        return like

    def tables(self, conn: Connection) -> tuple[sa.Table, sa.Table]:
        have = set(self.rows_schema.names) if self.rows_schema is not None else set()
        rows = self._view(conn, _stage_table(self.contract, temporary=True), "rows", have)
        rejects = self._view(conn, _reject_stage_table(True), "rejects", set(REJECT_COLUMNS))
        return rows, rejects

    def close(self, conn: Connection) -> None:
        """Drop the views (inside the caller's transaction) and the spooled data."""
        raw = conn.connection.driver_connection
        for name in self.views:
            conn.exec_driver_sql(f"DROP VIEW IF EXISTS {conn.dialect.identifier_preparer.quote(name)}")
            raw.unregister(f"src_{name}")
        self.views = []
        self.parts = {"rows": [], "rejects": []}
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)


def _open_upload(
    conn: Connection, summary: UploadSummary, dialect: csvio.FileDialect, uploaded_by: str | None
) -> int:
    """Record the upload (inside its transaction); the counts and hash are filled in at the end."""
    return conn.execute(
        sa.insert(uploads)
        .values(
            table_name=summary.table,
            file_name=summary.file_name,
            content_hash="",
            uploaded_at=datetime.now(),
            uploaded_by=uploaded_by or _whoami(),
            encoding=dialect.encoding,
            delimiter=dialect.delimiter,
            rows=0,
            accepted=0,
            rejected=0,
            duplicates=0,
            updated=0,
        )
        .returning(uploads.c.upload_id)
    ).scalar_one()


def _move(
    conn: Connection,
    summary: UploadSummary,
    stage: sa.Table,
    stage_rej: sa.Table,
    staged: int,
    upload_id: int,
    present: list[str],
) -> None:
    """Move staged rows and the reader's rejects into the tables; add to the summary's counts."""
    conn.execute(
        sa.insert(rejected_rows).from_select(
            ["upload_id", *REJECT_COLUMNS],
            sa.select(sa.literal(upload_id), *(stage_rej.c[c] for c in REJECT_COLUMNS)),
        )
    )
    if summary.table == "interactions":
        inserted = _finish_interactions(conn, stage, upload_id, present)
        summary.accepted += inserted
        summary.duplicates += staged - inserted
    else:
        inserted, updated = _finish_customers(conn, stage, upload_id, present)
        if updated:
            _report_changes(conn, summary, upload_id)
        summary.accepted += inserted
        summary.updated += updated
        summary.duplicates += staged - inserted - updated


def _close_upload(conn: Connection, summary: UploadSummary, upload_id: int, digest: str) -> None:
    """Fill in the upload's record and, when it stored or changed rows, bump the data version in the
    transaction that stores them: a cache keyed by the data version can never miss a committed
    upload. An upload that changed nothing (the same export again: every row already stored, or
    every row rejected) leaves the version as it was, so the reports stay current instead of
    being recomputed for the same data (minutes at 100,000 customers)."""
    earlier = conn.execute(
        sa.select(sa.func.min(uploads.c.upload_id)).where(
            uploads.c.content_hash == digest,
            uploads.c.table_name == summary.table,
            uploads.c.upload_id != upload_id,
            uploads.c.removed_at.is_(None),  # a removed upload's rows are gone: they are stored again
        )
    ).scalar()
    summary.already_uploaded = earlier
    if earlier is not None:
        summary.notes.append(Message("already_uploaded", upload_id=earlier))
    conn.execute(
        sa.update(uploads)
        .where(uploads.c.upload_id == upload_id)
        .values(
            content_hash=digest,
            rows=summary.rows,
            accepted=summary.accepted,
            rejected=summary.rejected,
            duplicates=summary.duplicates,
            updated=summary.updated,
            notes="\n".join(summary.notes) or None,
        )
    )
    if summary.accepted or summary.updated or any(summary.changes.values()):
        bump_data_version(conn)


def ingest_files(
    store: Store,
    *,
    customers_path: str | Path | None = None,
    interactions_path: str | Path | None = None,
    as_of: date | None = None,
    **kwargs,
) -> dict[str, UploadSummary]:
    """Customers first (interactions are checked against them), each file its own transaction."""
    out: dict[str, UploadSummary] = {}
    if customers_path is not None:
        out["customers"] = ingest_file(store, "customers", customers_path, **kwargs)
    if interactions_path is not None:
        out["interactions"] = ingest_file(store, "interactions", interactions_path, **kwargs)
    if as_of is not None:
        with store.write() as conn:
            set_as_of(conn, as_of.isoformat())
    return out


def rejected_frame(store: Store, upload_id: int) -> pd.DataFrame:
    """The rejected rows of an upload, in line order: ``line``, ``raw``, ``reason`` (English text),
    ``code`` (the first reason's code) and ``params`` (every reason as JSON; render it in either
    language with :func:`analytics.reasons.render_stored`). Rows stored before reasons had codes
    have ``code`` and ``params`` empty."""
    q = (
        sa.select(*(rejected_rows.c[c] for c in REJECT_COLUMNS))
        .where(rejected_rows.c.upload_id == upload_id)
        .order_by(rejected_rows.c.line)
    )
    return store.read_frame(q)


def reject_counts(store: Store, upload_id: int) -> pd.DataFrame:
    """An upload's rejects counted by kind: one row per (reason code, column) with ``rows``, the
    number of rejected rows that have that reason (a row with two reasons counts under both), most
    frequent first. Rows stored before reasons had codes count under code ``None``."""
    q = sa.select(rejected_rows.c.params).where(rejected_rows.c.upload_id == upload_id)
    counts: dict[tuple[str | None, str | None], int] = {}
    with store.read() as conn:
        for (params,) in conn.execute(q):
            kinds = {(r["code"], r.get("column")) for r in json.loads(params)} if params else {(None, None)}
            for kind in kinds:
                counts[kind] = counts.get(kind, 0) + 1
    frame = pd.DataFrame(
        [(code, column, n) for (code, column), n in counts.items()], columns=["code", "column", "rows"]
    )
    return frame.sort_values(["rows", "code", "column"], ascending=[False, True, True], ignore_index=True)


def safe_for_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise cells a spreadsheet would run as formulas (=, +, -, @ at the start)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            s = out[col]
            mask = s.map(lambda v: isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"))
            out.loc[mask, col] = "'" + s[mask]
    return out


def _whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database in some containers: the upload is still recorded
        return "unknown"


__all__ = [
    "CHANGE_KINDS",
    "CONTRACT_TABLES",
    "UploadSummary",
    "ingest_file",
    "ingest_files",
    "reject_counts",
    "rejected_frame",
    "safe_for_spreadsheet",
]
