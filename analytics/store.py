"""The store: SQLAlchemy 2 Core tables and connections to the embedded database or PostgreSQL.

The embedded default is a DuckDB file (``data/churn.duckdb``); ``bench/README.md`` says why DuckDB
and not SQLite. Its latest uploads of interactions are Parquet files in the folder beside it
(``data/churn.duckdb.parts/``, see :mod:`analytics.parts`), which every connection reads as rows
of ``interactions``. ``DATABASE_URL`` (or an explicit URL) switches to PostgreSQL for a team.

DuckDB allows one read-write process on a file and, while it holds the file, no other process may
open it at all. So readers open read-only and briefly, the writer holds its lock only while it
writes, and a lock met is retried for a bounded time before :class:`StoreBusy` says so plainly.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateColumn

from analytics.contract import CUSTOMERS, INTERACTIONS, Column, TableContract

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = Path(os.environ.get("CHURN_DEFAULT_DB") or PROJECT_ROOT / "data" / "churn.duckdb")
"""The embedded default database file; ``CHURN_DEFAULT_DB`` moves it (e.g. to a writable disk).
The dashboard's first start loads the demo dataset into this file, and only into this one."""

_SA_TYPES = {
    "id": sa.Text,
    "text": sa.Text,
    "date": sa.Date,
    "datetime": sa.DateTime,
    "bool": sa.Boolean,
    "int": sa.Integer,
    "float": sa.Double,
    "escalation": sa.Text,
}

metadata = sa.MetaData()

# Text columns whose values are nearly all distinct (keys, free text). DuckDB's automatic choice
# of compression analyses a dictionary for every column segment; on these it never wins, and the
# analysis cost 0.8 CPU-seconds of a 1 M-row upload's 7 (bench/README.md). The automatic choice
# ends with FSST on them anyway, so the file and the queries are the same. `USING COMPRESSION` is
# DuckDB's column option for exactly this (a choice for speed over the analyser's). Columns with
# few values (channel, team, topic, agent) keep the automatic choice: dictionaries make GROUP BY fast.
_DUCKDB_COMPRESSION = "duckdb_compression"
_DISTINCT_TEXT = {_DUCKDB_COMPRESSION: "fsst"}


@compiles(CreateColumn, "duckdb")
def _duckdb_column(element: CreateColumn, compiler, **kw) -> str:
    text = compiler.visit_create_column(element, **kw)
    method = element.element.info.get(_DUCKDB_COMPRESSION)
    if method and text:
        text += f" USING COMPRESSION {method}"
    return text


upload_id_seq = sa.Sequence("upload_id_seq", metadata=metadata)

uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column(
        "upload_id", sa.Integer, upload_id_seq, primary_key=True, server_default=upload_id_seq.next_value()
    ),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("uploaded_at", sa.DateTime, nullable=False),
    sa.Column("uploaded_by", sa.Text),
    sa.Column("encoding", sa.Text),
    sa.Column("delimiter", sa.Text),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("accepted", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("duplicates", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("notes", sa.Text),
)

rejected_rows = sa.Table(
    "rejected_rows",
    metadata,
    sa.Column("upload_id", sa.Integer, nullable=False),
    sa.Column("line", sa.BigInteger, nullable=False),
    sa.Column("raw", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),
)


def distinct_text_columns(table: sa.Table) -> set[str]:
    """The text columns of ``table`` whose values are nearly all distinct (keys, free text)."""
    return {c.name for c in table.columns if c.info.get(_DUCKDB_COMPRESSION) == "fsst"}


def contract_columns(
    contract: TableContract,
    skip: tuple[str, ...] = (),
    *,
    all_nullable: bool = False,
    distinct_text: tuple[str, ...] = (),
) -> list[sa.Column]:
    """SQLAlchemy columns for a contract's columns (types from the column kinds).

    ``distinct_text`` names text columns whose values are nearly all distinct; on DuckDB they skip
    the dictionary compression that never pays on them.
    """
    out = []
    for col in contract.columns:
        if col.name in skip:
            continue
        info = dict(_DISTINCT_TEXT) if col.name in distinct_text else {}
        out.append(
            sa.Column(col.name, _SA_TYPES[col.kind](), nullable=all_nullable or not col.required, info=info)
        )
    return out


customers = sa.Table(
    "customers",
    metadata,
    sa.Column("customer_id", sa.Text, primary_key=True),
    *contract_columns(CUSTOMERS, skip=("customer_id",)),
    sa.Column("upload_id", sa.Integer),
)

interactions = sa.Table(
    "interactions",
    metadata,
    # interaction_id when the file has one, else a hash of the row's parsed values: the key that
    # makes a second upload of the same rows store nothing.
    sa.Column("interaction_key", sa.Text, nullable=False, info=dict(_DISTINCT_TEXT)),
    *contract_columns(INTERACTIONS, distinct_text=("customer_id", "interaction_id", "notes")),
    sa.Column("upload_id", sa.Integer),
    # The line of the uploaded file the row came from (the header is line 1): where to look when a
    # figure needs checking against the export, and which of two rows with one key came first.
    sa.Column("source_line", sa.BigInteger),
)

# Row-store indexes for PostgreSQL. DuckDB answers these joins with hash joins over its columnar
# storage, and maintaining ART indexes made a 1 M-row upload several times slower there.
for _name, _col in (
    ("ix_interactions_customer", interactions.c.customer_id),
    ("ix_interactions_key", interactions.c.interaction_key),
):
    sa.Index(_name, _col).ddl_if(dialect="postgresql")

# Failure labels: one row per (interaction, family) found, from the most trusted source available.
interaction_labels = sa.Table(
    "interaction_labels",
    metadata,
    sa.Column("interaction_key", sa.Text, nullable=False),
    sa.Column("family", sa.Text, nullable=False),
    sa.Column("subtype", sa.Text),
    sa.Column("source", sa.Text, nullable=False),  # coded | structured | text
    sa.Column("probability", sa.Double),
    sa.Column("is_primary", sa.Boolean, nullable=False),
)

label_corrections = sa.Table(
    "label_corrections",
    metadata,
    sa.Column("text", sa.Text, nullable=False),  # the note or exit reason as written
    sa.Column("family", sa.Text, nullable=False),  # attitude | process | price | quality | none
    sa.Column("subtype", sa.Text),
    sa.Column("corrected_at", sa.DateTime, nullable=False),
    sa.Column("corrected_by", sa.Text),
)

sa.Index("ix_labels_key", interaction_labels.c.interaction_key).ddl_if(dialect="postgresql")
sa.Index("ix_rejected_upload", rejected_rows.c.upload_id).ddl_if(dialect="postgresql")

# Uploads of interactions kept as Parquet files beside the embedded database (analytics/parts.py).
interaction_parts = sa.Table(
    "interaction_parts",
    metadata,
    sa.Column("upload_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("file_name", sa.Text, nullable=False),  # inside the folder <database file>.parts
    sa.Column("rows", sa.BigInteger, nullable=False),
    sa.Column("bytes", sa.BigInteger, nullable=False),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text),
)

CONTRACT_TABLES: dict[str, sa.Table] = {"customers": customers, "interactions": interactions}


class StoreBusy(RuntimeError):
    """The embedded database is held by another process for longer than we are willing to wait."""


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: explicit, else ``DATABASE_URL``, else the embedded default file."""
    if url:
        return url
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    return f"duckdb:///{DEFAULT_DB_PATH}"


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


class Store:
    """Connections to one database, with the lock discipline the embedded file needs.

    Parameters
    ----------
    url:
        SQLAlchemy URL. ``None`` reads ``DATABASE_URL`` and falls back to the embedded DuckDB file
        ``data/churn.duckdb``. ``postgresql+psycopg://user@127.0.0.1/db`` for PostgreSQL.
    lock_timeout:
        Seconds to keep retrying when another process holds the embedded file (DuckDB only).
    memory_limit:
        DuckDB's memory budget, e.g. ``"2GB"``; beyond it DuckDB spills to a temporary directory
        next to the database file, so a 10-million-row upload runs in bounded memory.
    """

    def __init__(
        self, url: str | None = None, *, lock_timeout: float = 30.0, memory_limit: str = "2GB"
    ) -> None:
        self.url = resolve_url(url)
        self.lock_timeout = lock_timeout
        self.memory_limit = memory_limit
        self._engines: dict[bool, Engine] = {}

    # -- engines -----------------------------------------------------------------------------
    @property
    def dialect(self) -> str:
        return sa.engine.make_url(self.url).get_backend_name()

    @property
    def is_duckdb(self) -> bool:
        return self.dialect == "duckdb"

    @property
    def path(self) -> Path | None:
        """The database file for the embedded store, else None."""
        if not self.is_duckdb:
            return None
        db = sa.engine.make_url(self.url).database
        return Path(db) if db and db != ":memory:" else None

    def engine(self, *, read_only: bool = False) -> Engine:
        # DuckDB: NullPool so that a connection's file lock is released as soon as it is closed.
        if not self.is_duckdb:
            read_only = False
        if read_only not in self._engines:
            if self.is_duckdb:
                config = {"memory_limit": self.memory_limit, "preserve_insertion_order": False}
                args = {"read_only": read_only, "config": config}
                engine = sa.create_engine(self.url, poolclass=NullPool, connect_args=args)
                if self.path is not None:
                    sa.event.listen(engine, "connect", self._on_connect)
                self._engines[read_only] = engine
            else:
                self._engines[read_only] = sa.create_engine(self.url, pool_pre_ping=True)
        return self._engines[read_only]

    def _on_connect(self, dbapi_connection, _record) -> None:
        # Every connection sees uploads kept as Parquet parts as rows of `interactions`.
        from analytics import parts

        parts.install_view(dbapi_connection, self.path)

    def _with_retry(self, open_fn):
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.05
        while True:
            try:
                return open_fn()
            except sa.exc.DBAPIError as exc:
                if not (self.is_duckdb and _is_lock_error(exc)):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusy(
                        f"The database file {self.path} is being updated by another process and stayed "
                        f"locked for {self.lock_timeout:g} s. Wait for the upload to finish and try again."
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A short-lived read connection (read-only on the embedded file)."""
        if self.is_duckdb and (self.path is None or not self.path.exists()):
            # A read-only connection cannot create the file: create the schema first.
            self.create_all()
        conn = self._with_retry(lambda: self.engine(read_only=True).connect())
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def connection(self, *, memory_limit: str | None = None) -> Iterator[Connection]:
        """A read-write connection whose transactions the caller manages (``with conn.begin():``).

        ``memory_limit`` lowers DuckDB's budget for this connection (an upload shares the process
        with the CSV reader's buffers).
        """
        self.create_all()
        conn = self._with_retry(lambda: self.engine().connect())
        try:
            if memory_limit and self.is_duckdb:
                if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit):
                    raise ValueError(f"memory_limit must look like '400MB'. Got {memory_limit!r} instead.")
                conn.exec_driver_sql(f"SET memory_limit = '{memory_limit}'")
                conn.commit()
            yield conn
        finally:
            conn.close()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        conn = self._with_retry(lambda: self.engine().connect())
        try:
            with conn.begin():
                yield conn
        finally:
            conn.close()

    def dispose(self) -> None:
        for eng in self._engines.values():
            eng.dispose()
        self._engines.clear()

    # -- schema and meta ---------------------------------------------------------------------
    def create_all(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._with_retry(lambda: self.engine().connect())
        # Parts exist only beside an embedded file: other databases do not get their table.
        tables = [t for t in metadata.sorted_tables if t is not interaction_parts or self.path is not None]
        try:
            with conn.begin():
                metadata.create_all(conn, tables=tables)
                _add_missing_columns(conn)
        finally:
            conn.close()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        with self.read() as conn:
            value = conn.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()
        return default if value is None else value

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (a cheap 'is there any data?' check)."""
        with self.read() as conn:
            return {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)
                for name, t in (
                    ("customers", customers),
                    ("interactions", interactions),
                    ("uploads", uploads),
                )
            }

    def data_version(self) -> int:
        """Incremented by every committed upload or relabelling: the key for cached results."""
        return int(self.get_meta("data_version", "0") or 0)

    def read_frame(self, query: sa.Select | sa.TextClause):
        """Run a query built with SQLAlchemy and return a pandas DataFrame."""
        import pandas as pd

        with self.read() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _add_missing_columns(conn: Connection) -> None:
    """Columns added to a table after a database was created: added to that database, empty."""
    table = interactions
    if conn.dialect.name == "duckdb":
        from analytics import parts  # parts imports this module

        # The stored table itself: the view of the same name also reads the uploads kept as parts.
        table_name = parts.stored_table_sql(conn.connection.driver_connection)
    else:
        table_name = conn.dialect.identifier_preparer.format_table(table)
    # The column names of a zero-row query: reflection through the dialect took 0.4 s on DuckDB.
    have = set(conn.exec_driver_sql(f"SELECT * FROM {table_name} LIMIT 0").keys())
    added = False
    for col in table.columns:
        if col.name not in have and col.nullable:
            # The column's definition as CREATE TABLE writes it (type, DuckDB compression).
            definition = CreateColumn(col).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table_name} ADD COLUMN {definition}")
            added = True
    if added and conn.dialect.name == "duckdb":
        parts.install_view(conn.connection.driver_connection)


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Upsert one meta value inside the caller's transaction."""
    conn.execute(sa.delete(meta).where(meta.c.key == key))
    conn.execute(sa.insert(meta).values(key=key, value=value))


def bump_data_version(conn: Connection) -> int:
    current = conn.execute(sa.select(meta.c.value).where(meta.c.key == "data_version")).scalar()
    new = int(current or 0) + 1
    set_meta(conn, "data_version", str(new))
    return new


def contract_column(table: str, name: str) -> Column:
    return (CUSTOMERS if table == "customers" else INTERACTIONS).column(name)
