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
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analytics import csvio
from analytics.contract import CONTRACTS, CUSTOMERS, INTERACTIONS, TableContract
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


def _stage_table(contract: TableContract) -> sa.Table:
    md = sa.MetaData()
    cols = contract_columns(contract, all_nullable=True)
    return sa.Table(
        f"stage_{contract.name}_{uuid.uuid4().hex[:10]}",
        md,
        sa.Column("line", sa.BigInteger, nullable=False),
        sa.Column("row_hash", sa.BigInteger),
        *cols,
        prefixes=["TEMPORARY"],
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


def _reject_rows(conn: Connection, upload_id: int, rej: pd.DataFrame) -> None:
    if rej.empty:
        return
    frame = rej[["line", "raw", "reason"]].copy()
    frame.insert(0, "upload_id", upload_id)
    bulk_insert(conn, rejected_rows, frame)


def _count(conn: Connection, query) -> int:
    return int(conn.execute(query).scalar() or 0)


def _raw_text(stage: sa.Table, contract: TableContract, delimiter: str):
    """Re-join a staged row's fields as text, for rejects found in the database."""
    parts = []
    for name in contract.names:
        if name in stage.c:
            parts.append(sa.func.coalesce(sa.cast(stage.c[name], sa.Text), ""))
    expr = parts[0]
    for p in parts[1:]:
        expr = expr + sa.literal(delimiter or ",") + p
    return expr


def _finish_interactions(
    conn: Connection, stage: sa.Table, upload_id: int, delimiter: str
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
                (c.c.customer_id.is_(None),
                 sa.literal("customer_id: '") + s.c.customer_id
                 + sa.literal("' is not a known customer (upload the customers file first, or fix the id)")),
                (s.c.timestamp < starts,
                 sa.literal("timestamp: ") + sa.cast(s.c.timestamp, sa.Text)
                 + sa.literal(" is before the customer's start_date ") + sa.cast(c.c.start_date, sa.Text)
                 + sa.literal(" (expected a date on or after it)")),
                else_=sa.null(),
            ).label("reason"),
        )
        .select_from(s.outerjoin(c, c.c.customer_id == s.c.customer_id))
        .subquery("checked")
    )
    bad = sa.select(checked.c.line, checked.c.reason).where(checked.c.reason.is_not(None)).subquery("bad")
    n_rej = _count(conn, sa.select(sa.func.count()).select_from(bad))
    if n_rej:
        raw = _raw_text(s, INTERACTIONS, delimiter)
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
    names = [n for n in INTERACTIONS.names if n in s.c]
    new_rows = sa.select(key, *(s.c[n] for n in names), sa.literal(upload_id)).where(s.c.line.in_(keep))
    conn.execute(sa.insert(interactions).from_select(["interaction_key", *names, "upload_id"], new_rows))
    inserted = _count(
        conn,
        sa.select(sa.func.count()).select_from(interactions).where(interactions.c.upload_id == upload_id),
    )
    return n_rej, inserted


def _finish_customers(conn: Connection, stage: sa.Table, upload_id: int) -> tuple[int, int]:
    """Insert new customers, update changed ones; returns (inserted, updated)."""
    s, c = stage, customers
    names = [n for n in CUSTOMERS.names if n in s.c and n != "customer_id"]
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
    conn.execute(sa.insert(c).from_select(["customer_id", *names, "upload_id"], new_rows))
    inserted = (
        _count(conn, sa.select(sa.func.count()).select_from(c).where(c.c.upload_id == upload_id)) - n_updated
    )
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
    digest = file_hash(path)
    size = max(path.stat().st_size, 1)
    stage = _stage_table(contract)
    with store.write() as conn:
        earlier = conn.execute(
            sa.select(sa.func.min(uploads.c.upload_id)).where(
                uploads.c.content_hash == digest, uploads.c.table_name == table
            )
        ).scalar()
        summary.already_uploaded = earlier
        upload_id = conn.execute(
            sa.insert(uploads)
            .values(
                table_name=table,
                file_name=path.name,
                content_hash=digest,
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
        summary.upload_id = upload_id
        stage.create(conn)
        staged = 0
        for chunk in csvio.read_table(path, contract, dialect=dialect, today=today):
            rows = chunk.rows
            summary.rows += len(rows) + len(chunk.rejected)
            summary.rejected += len(chunk.rejected)
            _reject_rows(conn, upload_id, chunk.rejected)
            if not rows.empty:
                rows = rows.assign(row_hash=_row_hash(rows, contract))
                bulk_insert(conn, stage, rows)
                staged += len(rows)
            if progress is not None:
                done = chunk.bytes_read / size if hasattr(chunk, "bytes_read") else 0.0
                progress(min(done, 1.0), f"{summary.rows:,} rows read")
        if table == "interactions":
            n_rej, inserted = _finish_interactions(conn, stage, upload_id, dialect.delimiter)
            summary.rejected += n_rej
            summary.accepted = inserted
            summary.duplicates = staged - n_rej - inserted
        else:
            inserted, updated = _finish_customers(conn, stage, upload_id)
            summary.accepted, summary.updated = inserted, updated
            summary.duplicates = staged - inserted - updated
        stage.drop(conn)
        if earlier is not None:
            summary.notes.append(
                f"This file was already uploaded (upload #{earlier}); nothing is stored twice."
            )
        conn.execute(
            sa.update(uploads)
            .where(uploads.c.upload_id == upload_id)
            .values(
                rows=summary.rows,
                accepted=summary.accepted,
                rejected=summary.rejected,
                duplicates=summary.duplicates,
                updated=summary.updated,
                notes="\n".join(summary.notes) or None,
            )
        )
        bump_data_version(conn)
    if progress is not None:
        progress(1.0, f"{summary.rows:,} rows read")
    return summary


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
