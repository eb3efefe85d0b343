"""Interaction uploads kept as Parquet parts beside the embedded database file.

On the embedded DuckDB store an upload of interactions is written as one Parquet file (a *part*)
in the folder ``<database file>.parts/`` and listed in the ``interaction_parts`` table, in the
same transaction that records the upload. Every connection to the file sees ``interactions`` as
the stored table plus the listed parts: a temporary view of that name, created when the
connection opens, shadows the table for every query (:func:`install_view`). Writes name the stored
table explicitly (:func:`stored_table_sql`).

Why: DuckDB spends most of an upload building and compressing its own row groups; writing the
same Arrow batches to Parquet takes about a third of that, and DuckDB reads Parquet nearly as
fast as its own tables for this product's queries (0.8–2.3 times the table's time on 1 M rows,
mostly within 1.5; ``bench/README.md`` has both measurements). Parts are
merged into the table by :meth:`analytics.store.Store.merge_parts`, automatically once :data:`MAX_PARTS` of them are
waiting, so the folder stays small and the database file holds all but the latest uploads.

All-or-nothing still holds: a part is written under a temporary name, renamed to its final name
just before the transaction that lists it commits, and deleted if that transaction fails. A file
in the folder that no committed transaction lists (a crash between the rename and the commit) is
removed by the next upload. The folder must travel with the database file; a database whose parts
are missing says so when it is opened.

PostgreSQL and in-memory DuckDB databases store interactions in their table as before.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analytics.schema import distinct_text_columns, interaction_parts, interactions

MAX_PARTS = 8
"""Uploads kept as parts before the next upload merges them into the stored table."""

ROW_GROUP = 122_880
"""Rows per Parquet row group: DuckDB's own row group, so a merge appends whole row groups."""

COMPRESSION = "snappy"
"""Parquet compression of parts. Writing 1 M rows took 0.86–1.13 s with Snappy (58 MB, the size
of DuckDB's own table) and 1.19–1.42 s with Zstandard (33 MB); the upload waits on it."""

_PLAIN = distinct_text_columns(interactions) | {"timestamp", "source_line", "wait_seconds"}
"""Columns written without a Parquet dictionary: nearly every value differs (the text columns the
store marks for FSST, times, lines, waits), so building one is wasted work until the writer gives
up. Dictionaries on the rest cut the write of 1 M rows from 1.5–1.8 s to 1.2–1.3 s (Zstandard)."""

_ARROW = {
    sa.Text: pa.string(),
    sa.DateTime: pa.timestamp("us"),
    sa.Date: pa.date32(),
    sa.Boolean: pa.bool_(),
    sa.Integer: pa.int32(),
    sa.BigInteger: pa.int64(),
    sa.Double: pa.float64(),
}


class PartsMissing(RuntimeError):
    """The database lists uploads kept in a parts folder that is not there (``folder``)."""

    def __init__(self, message: str, folder: Path) -> None:
        super().__init__(message)
        self.folder = folder


def part_schema() -> pa.Schema:
    """The Arrow schema of a part: the ``interactions`` table's columns, in order, with the types
    DuckDB stores them as (so the view needs no casts)."""
    return pa.schema([pa.field(c.name, _ARROW[type(c.type)]) for c in interactions.columns])


def parts_dir(db_path: Path) -> Path:
    """The folder holding the parts of the database file ``db_path``."""
    return db_path.with_name(db_path.name + ".parts")


def sql_strings(values: list[str]) -> str:
    """A DuckDB list literal of strings. Only for paths this module and the ingest make (a folder
    next to the database file, a temporary folder, generated file names), never for values read
    from a file: DuckDB takes no parameters in views or in the file lists of table functions."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _catalog(raw) -> str:
    return raw.execute("SELECT current_database()").fetchone()[0]


def stored_table_sql(raw) -> str:
    """The stored ``interactions`` table's fully qualified name on this connection: the temporary
    view of the same name shadows it for unqualified names."""
    return '"' + _catalog(raw).replace('"', '""') + '".main.interactions'


def listed_files(raw, folder: Path) -> list[Path]:
    """The parts the database lists, oldest first; ``[]`` before the table exists."""
    try:
        names = raw.execute("SELECT file_name FROM interaction_parts ORDER BY upload_id").fetchall()
    except Exception as exc:  # a database created before parts existed, not yet upgraded
        if "interaction_parts" in str(exc):
            return []
        raise
    return [folder / name for (name,) in names]


def _database_file(raw) -> Path | None:
    path = raw.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(path[0]) if path and path[0] else None


def install_view(raw, db_path: Path | None = None) -> int:
    """Create (or drop) the temporary view ``interactions`` on a raw DuckDB connection: the stored
    table, plus the listed parts when there are any. Returns the number of parts.

    ``db_path`` is the database file (found from the connection when not given). Raises
    :class:`PartsMissing` when listed parts are not on disk, naming the folder.
    """
    db_path = db_path or _database_file(raw)
    if db_path is None:  # in memory: no parts
        return 0
    # Absolute: the view's file names must not depend on the working directory of a later query.
    db_path = Path(db_path).absolute()
    folder = parts_dir(db_path)
    files = listed_files(raw, folder)
    if not files:
        raw.execute("DROP VIEW IF EXISTS temp.main.interactions")
        return 0
    missing = [f for f in files if not f.exists()]
    if missing:
        raise PartsMissing(
            f"The database {db_path} keeps {len(files)} upload(s) of interactions as files in the folder "
            f"{folder}, and {len(missing)} of them are missing (first: {missing[0].name}). Copy or move "
            f"that folder together with the database file.",
            folder,
        )
    # BY NAME and union_by_name: a column added to the table after a part was written reads as NULL.
    raw.execute(
        "CREATE OR REPLACE TEMP VIEW interactions AS "
        f"SELECT * FROM {stored_table_sql(raw)} UNION ALL BY NAME "
        f"SELECT * FROM read_parquet({sql_strings([str(f) for f in files])}, union_by_name = true)"
    )
    return len(files)


class PartWriter:
    """One upload's part, written under a temporary name until :meth:`publish`.

    ``write`` takes Arrow tables with the part schema's columns and writes them in row groups of
    :data:`ROW_GROUP`; the tables are not kept.
    """

    def __init__(self, db_path: Path, upload_id: int) -> None:
        self.db_path = Path(db_path).absolute()
        self.folder = parts_dir(db_path)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.name = f"upload-{upload_id}-{uuid.uuid4().hex[:8]}.parquet"
        self.tmp = self.folder / (self.name + ".tmp")
        self.schema = part_schema()
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def write(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = _writer(self.tmp, self.schema)
        self.writer.write_table(_conformed(table, self.schema), row_group_size=ROW_GROUP)
        self.rows += table.num_rows

    def close(self) -> None:
        """Finish the file (still under its temporary name)."""
        if self.writer is None:
            self.writer = _writer(self.tmp, self.schema)
        self.writer.close()

    def rewrite(self, keep: Callable[[pa.Table], pa.Array | None]) -> None:
        """Replace the finished file by its rows that ``keep`` marks (a boolean mask per row
        group, or None for all of them), read and written one row group at a time, in order."""
        new = self.tmp.with_name(self.tmp.name + "2")
        rows = 0
        try:
            # Row group by row group: iter_batches over the whole file held 1 GB of a 10 M-row
            # part at once (it reads ahead); one row group is 122,880 rows.
            source = pq.ParquetFile(self.tmp)
            with _writer(new, self.schema) as writer:
                for i in range(source.num_row_groups):
                    group = source.read_row_group(i)
                    mask = keep(group)
                    kept = group if mask is None else group.filter(mask)
                    writer.write_table(_conformed(kept, self.schema), row_group_size=ROW_GROUP)
                    rows += kept.num_rows
            os.replace(new, self.tmp)
        except BaseException:
            new.unlink(missing_ok=True)
            raise
        self.rows = rows

    def publish(self, conn: Connection, upload_id: int) -> None:
        """Rename to the final name and list the part, inside the caller's transaction (which
        must commit next; :meth:`discard` if it does not)."""
        with open(self.tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(self.tmp, self.path)
        _fsync_dir(self.folder)
        conn.execute(
            sa.insert(interaction_parts).values(
                upload_id=upload_id, file_name=self.name, rows=self.rows, bytes=self.path.stat().st_size
            )
        )
        install_view(conn.connection.driver_connection, self.db_path)

    def discard(self) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):  # already failing; the file goes anyway
                self.writer.close()
        for p in (self.tmp, self.tmp.with_name(self.tmp.name + "2"), self.path):
            p.unlink(missing_ok=True)


def _conformed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table``'s columns in the part's order and types. Times are truncated to microseconds, as
    DuckDB's TIMESTAMP does; every other cast must be exact (it raises rather than wrap a number)."""
    columns = []
    for f in schema:
        col = table[f.name]
        exact = not pa.types.is_timestamp(f.type)
        columns.append(col if col.type == f.type else col.cast(f.type, safe=exact))
    return pa.Table.from_arrays(columns, schema=schema)


def _writer(path: Path, schema: pa.Schema) -> pq.ParquetWriter:
    dictionary = [name for name in schema.names if name not in _PLAIN]
    return pq.ParquetWriter(path, schema, compression=COMPRESSION, use_dictionary=dictionary)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_orphans(conn: Connection, db_path: Path) -> int:
    """Delete files in the parts folder that no committed upload lists (left by a crash between a
    part's rename and its commit, or by a failed upload). Call with the write connection open:
    DuckDB's file lock means no other process can be writing a part."""
    folder = parts_dir(db_path)
    if not folder.is_dir():
        return 0
    listed = {p.name for p in listed_files(conn.connection.driver_connection, folder)}
    removed = 0
    for f in folder.iterdir():
        if f.is_file() and f.name not in listed:
            f.unlink(missing_ok=True)
            removed += 1
    return removed


def count_parts(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(interaction_parts)).scalar() or 0)


def merge_listed(
    conn: Connection,
    db_path: Path,
    *,
    at_least: int = 1,
    progress: Callable[[float, str], None] | None = None,
) -> tuple[int, list[Path]]:
    """Inside the caller's write transaction, copy every listed part's rows into the stored
    ``interactions`` table and unlist the parts. Returns (rows moved, files to delete once the
    transaction has committed); ``(0, [])`` when fewer than ``at_least`` parts wait.

    ``progress`` is told (fraction 0, message) before a merge starts: it takes about 2 s per
    million rows. :meth:`analytics.store.Store.merge_parts` is the call that owns the transaction.
    """
    raw = conn.connection.driver_connection
    files = listed_files(raw, parts_dir(db_path))
    if not files or len(files) < at_least:
        return 0, []
    # Parts missing from disk: the connect hook raised PartsMissing before anything changed.
    if progress is not None:
        waiting = conn.execute(sa.select(sa.func.sum(interaction_parts.c.rows))).scalar() or 0
        progress(0.0, f"merging {len(files)} earlier uploads ({waiting:,} interactions) into the database")
    moved = raw.execute(
        f"INSERT INTO {stored_table_sql(raw)} BY NAME "
        f"SELECT * FROM read_parquet({sql_strings([str(f) for f in files])}, union_by_name = true)"
    ).fetchone()[0]
    conn.execute(sa.delete(interaction_parts))
    raw.execute("DROP VIEW IF EXISTS temp.main.interactions")
    return int(moved), files
