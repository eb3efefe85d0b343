"""The store: connections to the embedded database or PostgreSQL.

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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateColumn

from analytics import parts
from analytics.schema import customers, interaction_parts, interactions, meta, metadata, uploads

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = Path(os.environ.get("CHURN_DEFAULT_DB") or PROJECT_ROOT / "data" / "churn.duckdb")
"""The embedded default database file; ``CHURN_DEFAULT_DB`` moves it (e.g. to a writable disk).
The dashboard's first start loads the demo dataset into this file, and only into this one."""


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

    def merge_parts(self, *, at_least: int = 1, progress: Callable[[float, str], None] | None = None) -> int:
        """Move the uploads kept as Parquet parts into the stored ``interactions`` table, in one
        transaction, then delete their files. Returns the number of rows moved (0 when nothing was
        merged; always 0 off the embedded file).

        ``at_least``: merge only when at least this many parts are waiting. Queries give the same
        results before and after; the database file then holds every upload and can be copied alone.
        """
        if self.path is None or not parts.parts_dir(self.path).is_dir():
            return 0
        with self.write() as conn:
            moved, files = parts.merge_listed(conn, self.path, at_least=at_least, progress=progress)
        # Committed: nothing lists the files any more. (No other process can hold them open: DuckDB
        # lets no reader in while a writer holds the file.)
        for f in files:
            f.unlink(missing_ok=True)
        return moved

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
                _add_missing_columns(conn, tables)
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


def _add_missing_columns(conn: Connection, tables: list[sa.Table]) -> None:
    """Columns added to a table after a database was created: added to that database, empty."""
    duck = conn.dialect.name == "duckdb"
    added_to_interactions = False
    for table in tables:
        if duck and table is interactions:
            # The stored table itself: the view of the same name also reads the uploads kept as parts.
            table_name = parts.stored_table_sql(conn.connection.driver_connection)
        else:
            table_name = conn.dialect.identifier_preparer.format_table(table)
        # The column names of a zero-row query: reflection through the dialect took 0.4 s on DuckDB.
        have = set(conn.exec_driver_sql(f"SELECT * FROM {table_name} LIMIT 0").keys())
        for col in table.columns:
            if col.name not in have and col.nullable:
                # The column's definition as CREATE TABLE writes it (type, DuckDB compression).
                definition = CreateColumn(col).compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table_name} ADD COLUMN {definition}")
                added_to_interactions |= table is interactions
    if added_to_interactions and duck:
        parts.install_view(conn.connection.driver_connection)
