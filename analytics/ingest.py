"""Upload of customer and interaction files into the store, all-or-nothing per file.

The CSV reader (:mod:`analytics.csvio`) streams typed chunks and the rows it rejects; this module
stages the accepted rows in a temporary table and lets the database do what needs the stored data:
unknown customers, interactions before the customer's start, rows already stored by an earlier
upload, customers whose stored record changed. Everything happens in one transaction, so a file
that fails half-way leaves the database exactly as it was.

Counts, per file: ``rows = accepted + duplicates + updated + rejected`` where ``accepted`` counts
rows new to the database, ``duplicates`` rows already stored (or repeated within the file),
``updated`` stored customers that this file changed (customers only).
"""

from __future__ import annotations

import getpass
import hashlib
import io
import shutil
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analytics import csvio
from analytics.contract import CONTRACTS, TableContract
from analytics.store import (
    CONTRACT_TABLES,
    Store,
    bump_data_version,
    contract_columns,
    customers,
    interactions,
    rejected_rows,
    set_meta,
    uploads,
)

ProgressFn = Callable[[float, str], None]

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
    encoding: str = ""
    delimiter: str = ""
    unmapped_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {k: getattr(self, k) for k in ("rows", "accepted", "rejected", "duplicates", "updated")}

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
        prefixes=["TEMPORARY"] if temporary else [],
    )


def _stage_table(contract: TableContract, temporary: bool) -> sa.Table:
    """The staging table of one upload: TEMPORARY on PostgreSQL; an ordinary (private, dropped at
    the end) table on DuckDB, whose temporary tables live in memory."""
    md = sa.MetaData()
    cols = contract_columns(contract, all_nullable=True)
    return sa.Table(
        f"stage_{contract.name}_{uuid.uuid4().hex[:10]}",
        md,
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("row_hash", sa.BigInteger),
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


def _row_hash(frame: pd.DataFrame, contract: TableContract) -> pd.Series:
    """A 64-bit hash of each row's parsed values, for rows without an interaction_id (the key
    that keeps a second upload of the same rows from being stored twice)."""
    out = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    need = frame["interaction_id"].isna() if "interaction_id" in frame else pd.Series(True, index=frame.index)
    if need.any():
        cols = [c for c in contract.names if c in frame.columns]
        out[need] = pd.util.hash_pandas_object(frame.loc[need, cols], index=False).astype("int64").to_numpy()
    return out


def _count(conn: Connection, query) -> int:
    return int(conn.execute(query).scalar() or 0)


def _raw_text(stage: sa.Table, columns: list[str], delimiter: str):
    """Re-join a staged row's parsed fields as text, for the rejects found in the database (the
    file's own text is only kept for rows the reader rejected)."""
    parts = []
    for name in columns:
        parts.append(sa.func.coalesce(sa.cast(stage.c[name], sa.Text), ""))
    expr = parts[0]
    for p in parts[1:]:
        expr = expr + sa.literal(delimiter or ",") + p
    return expr


def _finish_interactions(
    conn: Connection, stage: sa.Table, upload_id: int, delimiter: str, present: list[str]
) -> tuple[int, int]:
    """Move staged interactions to the table; returns (rejected_in_db, inserted).

    The decisions (unknown customer, before the customer's start, first of its key in the file,
    not stored before) are taken on narrow columns; the wide rows (notes and all) are read once,
    by line number, for the rows kept and for the few rejected. Carrying the wide rows through the
    joins and the window made a 1 M-row upload several times slower.
    """
    s, c = stage, customers
    starts = sa.cast(c.c.start_date, sa.DateTime)
    checked = (
        sa.select(
            s.c.line,
            sa.case(
                (
                    c.c.customer_id.is_(None),
                    sa.literal("customer_id: '")
                    + s.c.customer_id
                    + sa.literal(
                        "' is not a known customer (upload the customers file first, or fix the id)"
                    ),
                ),
                (
                    s.c.timestamp < starts,
                    sa.literal("timestamp: ")
                    + sa.cast(s.c.timestamp, sa.Text)
                    + sa.literal(" is before the customer's start_date ")
                    + sa.cast(c.c.start_date, sa.Text)
                    + sa.literal(" (expected a date on or after it)"),
                ),
                else_=sa.null(),
            ).label("reason"),
        )
        .select_from(s.outerjoin(c, c.c.customer_id == s.c.customer_id))
        .subquery("checked")
    )
    bad = sa.select(checked.c.line, checked.c.reason).where(checked.c.reason.is_not(None)).subquery("bad")
    n_rej = _count(conn, sa.select(sa.func.count()).select_from(bad))
    if n_rej:
        raw = _raw_text(s, present, delimiter)
        conn.execute(
            sa.insert(rejected_rows).from_select(
                ["upload_id", "line", "raw", "reason"],
                sa.select(sa.literal(upload_id), s.c.line, raw, bad.c.reason).select_from(
                    s.join(bad, bad.c.line == s.c.line)
                ),
            )
        )
    key = sa.func.coalesce(s.c.interaction_id, sa.literal("h") + sa.cast(s.c.row_hash, sa.Text))
    ranked = (
        sa.select(
            s.c.line,
            key.label("k"),
            sa.func.row_number().over(partition_by=key, order_by=s.c.line).label("rn"),
        )
        .select_from(s.join(c, c.c.customer_id == s.c.customer_id))
        .where(s.c.timestamp >= starts)
        .subquery("ranked")
    )
    keep = sa.select(ranked.c.line).where(
        ranked.c.rn == 1, ~sa.exists().where(interactions.c.interaction_key == ranked.c.k)
    )
    names = present
    new_rows = sa.select(key, *(s.c[n] for n in names), sa.literal(upload_id)).where(s.c.line.in_(keep))
    mine = sa.select(sa.func.count()).select_from(interactions).where(interactions.c.upload_id == upload_id)
    before = _count(conn, mine)
    conn.execute(sa.insert(interactions).from_select(["interaction_key", *names, "upload_id"], new_rows))
    return n_rej, _count(conn, mine) - before


def _finish_customers(
    conn: Connection, stage: sa.Table, upload_id: int, present: list[str]
) -> tuple[int, int]:
    """Insert new customers, update changed ones; returns (inserted, updated)."""
    s, c = stage, customers
    names = [n for n in present if n != "customer_id"]
    changed = sa.or_(*(c.c[n].is_distinct_from(s.c[n]) for n in names)) if names else sa.false()
    n_updated = _count(
        conn,
        sa.select(sa.func.count()).select_from(s.join(c, c.c.customer_id == s.c.customer_id)).where(changed),
    )
    if n_updated and names:
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

    Raises
    ------
    csvio.FileRefused
        The file cannot be read at all (empty, not CSV, a required column missing). Nothing is stored.
    """
    if table not in CONTRACTS:
        raise ValueError(f"table must be one of {sorted(CONTRACTS)}. Got {table!r} instead.")
    contract = CONTRACTS[table]
    path = Path(path)
    store.create_all()
    dialect = csvio.sniff(path, contract, mapping=mapping, date_order=date_order)
    summary = UploadSummary(
        table=table,
        file_name=path.name,
        encoding=dialect.encoding,
        delimiter=dialect.delimiter,
        unmapped_columns=list(dialect.unmapped_columns),
        notes=list(dialect.notes),
    )
    size = max(path.stat().st_size, 1)
    # Only the columns the file has are copied: a later export without a column keeps what is stored.
    present = [c for c in contract.names if c in set(dialect.mapping.values())]
    with (
        ThreadPoolExecutor(max_workers=2) as pool,
        store.connection(memory_limit=UPLOAD_MEMORY_LIMIT) as conn,
    ):
        digest_job = pool.submit(file_hash, path)  # hashing overlaps the reading (hashlib drops the GIL)
        chunks = _prefetch(
            pool, csvio.read_table(path, contract, dialect=dialect, today=today, arrow_text=store.is_duckdb)
        )

        def rows_of(chunk: csvio.Chunk) -> tuple[pd.DataFrame, pd.DataFrame]:
            summary.rows += len(chunk.rows) + len(chunk.rejected)
            summary.rejected += len(chunk.rejected)
            rows = chunk.rows
            if not rows.empty:
                rows = rows.assign(row_hash=_row_hash(rows, contract))
            if progress is not None:
                progress(min(0.9 * chunk.bytes_read / size, 0.9), f"{summary.rows:,} rows read")
            return rows, chunk.rejected[["line", "raw", "reason"]]

        # Rows are staged first (Arrow in memory, then Parquet files, on DuckDB; a temporary table on
        # PostgreSQL) so memory stays bounded; the contract's tables change in one transaction. One
        # large INSERT … SELECT at the end is several times faster in DuckDB than one per chunk.
        spool = (ArrowSpool if store.is_duckdb else TableSpool)(conn, contract)
        try:
            staged = 0
            for chunk in chunks:
                rows, rejected = rows_of(chunk)
                spool.add(rows, rejected)
                staged += len(rows)
            if progress is not None:
                progress(0.9, f"{summary.rows:,} rows read; storing")
            with conn.begin():
                upload_id = _open_upload(conn, summary, dialect, uploaded_by)
                stage, stage_rej = spool.tables(conn)
                _move(conn, summary, stage, stage_rej, staged, upload_id, dialect, present)
                spool.close(conn)
                _close_upload(conn, summary, upload_id, digest_job.result())
        finally:
            with conn.begin():
                spool.close(conn)
        summary.upload_id = upload_id
    if progress is not None:
        progress(1.0, f"{summary.rows:,} rows read")
    return summary


def _prefetch(pool: ThreadPoolExecutor, iterator):
    """Yield from ``iterator`` while its next item is produced in another thread."""
    job = pool.submit(next, iterator, None)
    while True:
        item = job.result()
        if item is None:
            return
        job = pool.submit(next, iterator, None)
        yield item


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
        fields = [pa.field("line", pa.int64()), pa.field("row_hash", pa.int64())]
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
            listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in self.files[kind])
            source = f"FROM read_parquet([{listing}])"
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
        rejects = self._view(conn, _reject_stage_table(True), "rejects", {"line", "raw", "reason"})
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
    dialect: csvio.FileDialect,
    present: list[str],
) -> None:
    """Move staged rows and the reader's rejects into the tables; add to the summary's counts."""
    conn.execute(
        sa.insert(rejected_rows).from_select(
            ["upload_id", "line", "raw", "reason"],
            sa.select(sa.literal(upload_id), stage_rej.c.line, stage_rej.c.raw, stage_rej.c.reason),
        )
    )
    if summary.table == "interactions":
        n_rej, inserted = _finish_interactions(conn, stage, upload_id, dialect.delimiter, present)
        summary.rejected += n_rej
        summary.accepted += inserted
        summary.duplicates += staged - n_rej - inserted
    else:
        inserted, updated = _finish_customers(conn, stage, upload_id, present)
        summary.accepted += inserted
        summary.updated += updated
        summary.duplicates += staged - inserted - updated


def _close_upload(conn: Connection, summary: UploadSummary, upload_id: int, digest: str) -> None:
    earlier = conn.execute(
        sa.select(sa.func.min(uploads.c.upload_id)).where(
            uploads.c.content_hash == digest,
            uploads.c.table_name == summary.table,
            uploads.c.upload_id != upload_id,
        )
    ).scalar()
    summary.already_uploaded = earlier
    if earlier is not None:
        summary.notes.append(f"This file was already uploaded (upload #{earlier}); nothing is stored twice.")
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
            set_meta(conn, "as_of", as_of.isoformat())
            bump_data_version(conn)
    return out


def rejected_frame(store: Store, upload_id: int) -> pd.DataFrame:
    """The rejected rows of an upload (line, raw, reason), in line order."""
    q = (
        sa.select(rejected_rows.c.line, rejected_rows.c.raw, rejected_rows.c.reason)
        .where(rejected_rows.c.upload_id == upload_id)
        .order_by(rejected_rows.c.line)
    )
    return store.read_frame(q)


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
    "CONTRACT_TABLES",
    "UploadSummary",
    "ingest_file",
    "ingest_files",
    "rejected_frame",
    "safe_for_spreadsheet",
]
