"""The store: connections to the embedded database or PostgreSQL.

The embedded default is a DuckDB file (``data/churn.duckdb``); ``bench/README.md`` says why DuckDB
and not SQLite. Its latest uploads of interactions are Parquet files in the folder beside it
(``data/churn.duckdb.parts/``, see :mod:`analytics.parts`), which every connection reads as rows
of ``interactions``. ``DATABASE_URL`` (or an explicit URL) switches to PostgreSQL for a team.

DuckDB allows one read-write process on a file and, while it holds the file, no other process may
open it at all. So readers open read-only and briefly, the writer holds its lock only while it
writes, and a lock met is retried for a bounded time before :class:`StoreBusy` says so plainly.

Whatever keeps a database from being used — a URL that is not one, a missing driver, a server
that does not answer, a file that is not a database, a lock held too long, a parts folder missing
— raises :class:`~analytics.errors.StoreError` with a one-line message; nothing else a user can
cause reaches them as a traceback.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateColumn

from analytics import parts
from analytics.errors import StoreError
from analytics.schema import customers, interaction_parts, interactions, meta, metadata, uploads

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = Path(os.environ.get("CHURN_DEFAULT_DB") or PROJECT_ROOT / "data" / "churn.duckdb")
"""The embedded default database file; ``CHURN_DEFAULT_DB`` moves it (e.g. to a writable disk).
The dashboard's first start loads the demo dataset into this file, and only into this one."""


CONNECT_TIMEOUT = 10
"""Seconds to wait for a database server to answer before saying it does not."""


_RACY_SECONDS = 1.0
"""A database file modified less than this long ago is not trusted to show a later change by its
time and size (file times move in clock ticks of a few milliseconds; a second is ample)."""


class StoreBusy(StoreError):
    """The embedded database is held by another process for longer than we are willing to wait."""


ACCEPTED = (
    "a path to a .duckdb file (e.g. data/churn.duckdb; created if new), duckdb:///PATH.duckdb, or "
    "postgresql://USER@HOST:PORT/DATABASE"
)
"""The forms of database a message offers when the one given cannot be used."""

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+:")


def resolve_url(url: str | None = None) -> str:
    """The database URL to use: explicit, else ``DATABASE_URL``, else the embedded default file.

    A plain path to a ``.duckdb`` file means that embedded database; ``postgresql://`` and
    ``postgres://`` use the psycopg driver this product installs. Raises
    :class:`~analytics.errors.StoreError` for anything else that cannot name a database.
    """
    if url and url.strip():
        return _normalised(url.strip(), "")
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        return _normalised(env, " (from DATABASE_URL)")
    return f"duckdb:///{DEFAULT_DB_PATH}"


def is_missing_table(exc: BaseException) -> bool:
    """The error of a query on a table this database does not have yet (made by an older
    version; the next write creates it)."""
    orig = getattr(exc, "orig", exc)
    name = type(orig).__name__
    return name == "UndefinedTable" or (name == "CatalogException" and "does not exist" in str(orig))


def _normalised(text: str, source: str) -> str:
    if not _SCHEME.match(text):  # no scheme (a one-letter one is a Windows drive): a path
        if Path(text).suffix.lower() == ".duckdb":
            return f"duckdb:///{Path(text).expanduser().absolute()}"
        raise StoreError(
            f"{text!r}{source} is neither a database URL nor a path to a .duckdb file. Give {ACCEPTED}."
        )
    try:
        url = sa.engine.make_url(text)
    except sa.exc.ArgumentError:
        raise StoreError(f"{text!r}{source} is not a database URL. Give {ACCEPTED}.") from None
    backend = url.get_backend_name()
    if backend == "duckdb":
        if url.database in (None, "", ":memory:"):
            raise StoreError(
                f"{text!r}{source} names no database file: DuckDB would keep everything in memory and "
                "forget it when the command ends. Give a file: duckdb:///PATH.duckdb"
            )
        return text
    if backend in ("postgresql", "postgres"):
        if url.drivername in ("postgresql", "postgres"):  # SQLAlchemy's default would be psycopg2
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    raise StoreError(
        f"{url.render_as_string(hide_password=True)!r}{source}: {backend} databases are not supported; "
        f"this product stores its data in DuckDB or PostgreSQL. Give {ACCEPTED}."
    )


def _from_environment(url: str) -> bool:
    """Whether ``url`` is the one ``DATABASE_URL`` names (messages say so: the user may have
    forgotten it is set)."""
    env = os.environ.get("DATABASE_URL", "").strip()
    try:
        return bool(env) and _normalised(env, "") == url
    except StoreError:
        return False


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def _is_same_process_clash(exc: BaseException) -> bool:
    """DuckDB refusing a read-only connection while this process has the file open read-write (or
    the other way round): one database per file and process, opened in one mode."""
    return "different configuration than existing connections" in str(exc)


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc)
    return "Could not set lock" in text or "Conflicting lock" in text


def _first_line(exc: BaseException) -> str:
    """The driver's own message, first line, without SQLAlchemy's wrapping."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    line = text[0] if text else type(orig).__name__
    # DuckDB prefixes its messages with their kind ("IO Error: ..."); the kind says nothing to a user.
    return re.sub(r"^[A-Za-z ]*Error: ", "", line).strip()


class Store:
    """Connections to one database, with the lock discipline the embedded file needs.

    Parameters
    ----------
    url:
        SQLAlchemy URL or a path to a ``.duckdb`` file. ``None`` reads ``DATABASE_URL`` and falls
        back to the embedded DuckDB file ``data/churn.duckdb``. ``postgresql://user@127.0.0.1/db``
        for PostgreSQL. Anything else raises :class:`~analytics.errors.StoreError`.
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
        self._source = " (DATABASE_URL)" if _from_environment(self.url) else ""
        self.lock_timeout = lock_timeout
        self.memory_limit = memory_limit
        self._engines: dict[bool, Engine] = {}
        self._version_seen: tuple[tuple, int] | None = None

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

    @property
    def shown_url(self) -> str:
        """The URL as messages show it: without its password, saying where it came from."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True) + self._source

    def engine(self, *, read_only: bool = False) -> Engine:
        # DuckDB: NullPool so that a connection's file lock is released as soon as it is closed.
        if not self.is_duckdb:
            read_only = False
        if read_only not in self._engines:
            if self.is_duckdb:
                self._check_location()
                config = {"memory_limit": self.memory_limit, "preserve_insertion_order": False}
                args = {"read_only": read_only, "config": config}
                engine = sa.create_engine(self.url, poolclass=NullPool, connect_args=args)
                if self.path is not None:
                    sa.event.listen(engine, "connect", partial(self._on_connect, writable=not read_only))
                self._engines[read_only] = engine
            else:
                url = sa.engine.make_url(self.url)
                # A server that does not answer is said so in seconds, not after the system's minutes.
                args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
                try:
                    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=args)
                except (ImportError, sa.exc.NoSuchModuleError) as exc:
                    driver = sa.engine.make_url(self.url).drivername
                    raise StoreError(
                        f"The database URL {self.shown_url} needs the driver {driver!r}, which is not "
                        f"installed ({_first_line(exc)}). Use postgresql://USER@HOST:PORT/DATABASE "
                        "(the psycopg driver this product installs)."
                    ) from None
                self._engines[read_only] = engine
        return self._engines[read_only]

    def _check_location(self) -> None:
        """The database file's folder must exist (only the default's is created): a mistyped path
        must not leave folders behind. A folder is not a database file."""
        path = self.path
        if path is None:
            return
        if path.is_dir():
            raise StoreError(
                f"{path} is a folder, not a database file. Give the path of a .duckdb file, e.g. "
                f"{path / 'churn.duckdb'}"
            )
        if path.exists():
            return
        if path.absolute() == DEFAULT_DB_PATH.absolute():
            path.parent.mkdir(parents=True, exist_ok=True)
        elif not path.parent.is_dir():
            raise StoreError(
                f"The folder {path.parent.absolute()} of the database file {path.name} does not exist. "
                "Create it first, or give a path in an existing folder."
            )

    def _on_connect(self, dbapi_connection, _record, *, writable: bool) -> None:
        # Every connection sees uploads kept as Parquet parts as rows of `interactions`; one that
        # may write first finishes what an interrupted merge or upload left (analytics/parts.py).
        if writable:
            parts.repair(dbapi_connection, self.path)
        parts.install_view(dbapi_connection, self.path)

    def _connect(self, *, read_only: bool = False) -> Connection:
        """A connection, retried while another process holds the embedded file; anything else
        that keeps the database from opening becomes a :class:`StoreError` that says so."""
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.05
        while True:
            try:
                return self.engine(read_only=read_only).connect()
            except sa.exc.DBAPIError as exc:
                if self.is_duckdb and read_only and _is_same_process_clash(exc):
                    # This process holds the file read-write (an upload from another session of the
                    # dashboard): DuckDB opens one database per file and process, so a reader joins
                    # it with a connection of the writer's kind; it reads committed data only.
                    try:
                        return self.engine(read_only=False).connect()
                    except sa.exc.DBAPIError as again:
                        exc = again
                if not (self.is_duckdb and (_is_lock_error(exc) or _is_same_process_clash(exc))):
                    raise self._cannot_open(exc, read_only) from exc
                if time.monotonic() >= deadline:
                    raise StoreBusy(self._busy_message(exc, read_only)) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def _busy_message(self, exc: BaseException, read_only: bool) -> str:
        """Who holds the file, as DuckDB names it, and what that means for what we wanted: a reader
        is kept out only by a writer, a writer by anyone (a dashboard reading counts)."""
        holder = _LOCK_HOLDER.search(str(exc))
        who = (
            f"another process ({Path(holder['program']).name}, PID {holder['pid']})"
            if holder
            else "another process"
        )
        waited = f"and stayed locked for {self.lock_timeout:g} s"
        if read_only:
            return (
                f"The database file {self.path} is being written by {who} (an upload or a merge) {waited}. "
                "Wait for it to finish and try again."
            )
        return (
            f"The database file {self.path} is open in {who} {waited}: a writer must have the file to "
            "itself, so a dashboard or a command reading it, or another upload, keeps it out. Wait for that "
            "process to finish (or close it) and try again."
        )

    def _cannot_open(self, exc: sa.exc.DBAPIError, read_only: bool) -> StoreError:
        reason = _first_line(exc)
        if not self.is_duckdb:
            return StoreError(
                f"Cannot connect to the database {self.shown_url}: {reason}. Check that the server is "
                "running and reachable, and the URL's host, port, user and database name."
            )
        text = str(exc)
        if "not a valid DuckDB database file" in text:
            return StoreError(
                f"{self.path} is not a DuckDB database file. Give the path of a database this product "
                "made, or of a new .duckdb file to create one."
            )
        if "Permission denied" in text or "Read-only file system" in text:
            doing = "read" if read_only else "written (uploads, merges and labels write to it)"
            return StoreError(
                f"The database file {self.path} cannot be {doing}: {reason}. Check the permissions of "
                "the file and its folder, or copy it (with its .parts folder) somewhere writable."
            )
        return StoreError(f"Cannot open the database file {self.path}: {reason}")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A short-lived read connection (read-only on the embedded file)."""
        if self.is_duckdb and (self.path is None or not self.path.exists()):
            # A read-only connection cannot create the file: create the schema first.
            self.create_all()
        conn = self._connect(read_only=True)
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
        conn = self._connect()
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
        conn = self._connect()
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
        if self.path is None:
            return 0
        # The connection's hook has unlisted what an interrupted merge already copied, and
        # refuses parts that are missing or inconsistent, before anything is moved.
        with self.write() as conn:
            moved, files = parts.merge_listed(conn, self.path, at_least=at_least, progress=progress)
        # Committed: nothing lists the files any more. (No other process can hold them open: DuckDB
        # lets no reader in while a writer holds the file.) Stopped before this, the files are
        # orphans that the next connection that may write removes.
        for f in files:
            f.unlink(missing_ok=True)
        return moved

    def dispose(self) -> None:
        for eng in self._engines.values():
            eng.dispose()
        self._engines.clear()

    # -- schema and meta ---------------------------------------------------------------------
    def create_all(self) -> None:
        conn = self._connect()
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

    def upload(self, upload_id: int) -> dict | None:
        """The record of one upload (the ``uploads`` table's columns), or None when there is none."""
        with self.read() as conn:
            row = conn.execute(sa.select(uploads).where(uploads.c.upload_id == upload_id)).mappings().first()
        return dict(row) if row is not None else None

    def latest_uploads(self, n: int = 5) -> list[dict]:
        """The records of the ``n`` latest uploads, newest first."""
        with self.read() as conn:
            rows = conn.execute(sa.select(uploads).order_by(uploads.c.upload_id.desc()).limit(n)).mappings()
            return [dict(r) for r in rows]

    def data_version(self) -> int:
        """Incremented by every committed change to the data (an upload, a correction of a label, a
        change of the signal rules): the key for cached results. Labelling does not change it:
        labels are derived from the data, and record which version they were derived from.

        On the embedded file the version is read again only when the file or its write-ahead log
        changed since it was last read (every dashboard run asks; opening a connection for it took
        20-50 ms of a 0.2 s run). Files written in the last :data:`_RACY_SECONDS` are always read:
        a write in the same clock tick as the one seen could leave the file's time and size as
        they were (git's "racily clean" rule)."""
        seen = self._file_signature()
        cached = self._version_seen
        if seen is not None and cached is not None and cached[0] == seen:
            return cached[1]
        version = int(self.get_meta("data_version", "0") or 0)
        if seen is not None and time.time() - max(f[0] for f in seen) / 1e9 > _RACY_SECONDS:
            self._version_seen = (seen, version)  # the signature taken before the read: never newer
        return version

    def _file_signature(self) -> tuple | None:
        """(modified ns, size, inode) of the embedded file and of its write-ahead log; None for a
        server database or a file not there."""
        if self.path is None:
            return None
        out = []
        for path in (self.path, Path(f"{self.path}.wal")):
            try:
                st = path.stat()
            except FileNotFoundError:
                out.append((0, -1, 0))
                continue
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
        return None if out[0][1] < 0 else tuple(out)

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
