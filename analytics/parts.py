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
just before the transaction that lists it commits, and deleted if that transaction fails.

A merge copies the parts' rows into the table and unlists them in one transaction, but DuckDB
(1.5) does not make that commit atomic when the process is killed in it: a transaction holding
a large insert can come back with the insert and without the rest (``tests/test_faults.py``
reproduces it with ``kill -9``). So the database's own rows decide, not the listing: every row
carries its ``upload_id``, and a listed part whose upload's rows are already in the table, as
many as the part holds, *is merged*. Every connection reads it so (the view leaves it out), and
the next connection that may write unlists it and deletes its file (:func:`repair`). A part
whose upload is in the table with another number of rows cannot be explained by any
interruption; the database is refused with a message (:class:`PartsInconsistent`) rather than
guessed at.

Files in the folder that no committed transaction lists (a crash between a part's rename and its
commit, or after a merge's commit but before its files were deleted) are removed by the next
connection that may write. A file still being written (by this process or another one) holds an
exclusive ``flock`` on itself until its transaction has ended, and is left alone. The folder must
travel with the database file; a database whose parts are missing says so when it is opened.

PostgreSQL stores interactions in its table as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from analytics.errors import StoreError
from analytics.schema import distinct_text_columns, interaction_parts, interactions, uploads

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


class PartsMissing(StoreError):
    """The database lists uploads kept in a parts folder that is not there (``folder``)."""

    def __init__(self, message: str, folder: Path) -> None:
        super().__init__(message)
        self.folder = folder


class PartsInconsistent(StoreError):
    """A listed part whose upload is partly in the stored table: no interruption explains it,
    so the database is refused rather than repaired by a guess."""


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


@dataclass
class PartsState:
    """What the database lists in its parts folder, judged against its stored table."""

    folder: Path
    pending: list[tuple[int, Path]] = field(default_factory=list)
    """(upload_id, file) of parts whose rows are not in the table yet, oldest first: what the
    view reads and the next merge moves."""
    merged: list[tuple[int, Path]] = field(default_factory=list)
    """(upload_id, file) of parts still listed although their rows are already in the table (a
    merge interrupted in its commit): read from the table only, unlisted by :func:`repair`."""


def _listing(raw) -> list[tuple[int, str, int]]:
    """(upload_id, file name, rows) of the listed parts, oldest first; ``[]`` before the table exists."""
    try:
        return raw.execute(
            "SELECT upload_id, file_name, rows FROM interaction_parts ORDER BY upload_id"
        ).fetchall()
    except Exception as exc:  # a database created before parts existed, not yet upgraded
        if "interaction_parts" in str(exc):
            return []
        raise


def _stored_counts(raw, upload_ids: list[int]) -> dict[int, int]:
    """Rows of the stored table per upload, for these uploads only. The ids are integers read
    from the database itself (``int`` makes sure), so they are written into the statement: a
    literal list lets DuckDB skip row groups by their upload_id range, which a parameter does not."""
    if not upload_ids:
        return {}
    ids = ", ".join(str(int(u)) for u in upload_ids)
    rows = raw.execute(
        f"SELECT upload_id, count(*) FROM {stored_table_sql(raw)} WHERE upload_id IN ({ids}) GROUP BY upload_id"
    ).fetchall()
    return {int(u): int(n) for u, n in rows}


def inspect_parts(raw, db_path: Path) -> PartsState:
    """The listed parts, split into those still waiting and those a merge already copied.

    Raises :class:`PartsInconsistent` when a listed upload has some but not all of its rows in
    the table, and :class:`PartsMissing` when a waiting part's file is not on disk.
    """
    db_path = Path(db_path).absolute()
    folder = parts_dir(db_path)
    state = PartsState(folder)
    listing = _listing(raw)
    if not listing:
        return state
    stored = _stored_counts(raw, [u for u, _, _ in listing])
    for upload_id, name, rows in listing:
        have = stored.get(int(upload_id), 0)
        if have == 0:
            state.pending.append((int(upload_id), folder / name))
        elif have == rows:
            state.merged.append((int(upload_id), folder / name))
        else:
            raise PartsInconsistent(
                f"The database {db_path} lists upload #{upload_id} ({rows:,} interactions in {folder / name}) "
                f"as waiting to be merged, but its table already holds {have:,} of that upload's rows: "
                "no interrupted merge leaves that, so nothing was changed. Restore the database file and "
                "its parts folder from a copy taken together."
            )
    missing = [f for _, f in state.pending if not f.exists()]
    if missing:
        raise PartsMissing(
            f"The database {db_path} keeps {len(state.pending)} upload(s) of interactions as files in the "
            f"folder {folder}, and {len(missing)} of them are missing (first: {missing[0].name}). Copy or "
            "move that folder together with the database file.",
            folder,
        )
    return state


def _database_file(raw) -> Path | None:
    path = raw.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(path[0]) if path and path[0] else None


def install_view(raw, db_path: Path | None = None) -> int:
    """Create (or drop) the temporary view ``interactions`` on a raw DuckDB connection: the stored
    table, plus the waiting parts when there are any. Returns the number of parts read.

    ``db_path`` is the database file (found from the connection when not given). Raises
    :class:`PartsMissing` when waiting parts are not on disk, naming the folder, and
    :class:`PartsInconsistent` (see :func:`inspect_parts`).
    """
    db_path = db_path or _database_file(raw)
    if db_path is None:  # in memory: no parts
        return 0
    # Absolute: the view's file names must not depend on the working directory of a later query.
    files = [f for _, f in inspect_parts(raw, Path(db_path).absolute()).pending]
    if not files:
        raw.execute("DROP VIEW IF EXISTS temp.main.interactions")
        return 0
    # BY NAME and union_by_name: a column added to the table after a part was written reads as NULL.
    raw.execute(
        "CREATE OR REPLACE TEMP VIEW interactions AS "
        f"SELECT * FROM {stored_table_sql(raw)} UNION ALL BY NAME "
        f"SELECT * FROM read_parquet({sql_strings([str(f) for f in files])}, union_by_name = true)"
    )
    return len(files)


def repair(raw, db_path: Path) -> tuple[int, int]:
    """On a connection that may write, before anything else: unlist the parts a merge already
    copied into the table and delete their files, then remove the files no committed upload
    lists. Returns (parts unlisted, files removed).

    Every step may be interrupted: an unlisting not committed is redone by the next connection,
    a file not yet deleted is an orphan the next connection removes.
    """
    db_path = Path(db_path).absolute()
    state = inspect_parts(raw, db_path)
    if state.merged:
        ids = [u for u, _ in state.merged]
        raw.begin()
        try:
            raw.execute("DELETE FROM interaction_parts WHERE list_contains($ids, upload_id)", {"ids": ids})
            raw.commit()
        except BaseException:
            raw.rollback()
            raise
        for _, f in state.merged:
            f.unlink(missing_ok=True)
    return len(state.merged), _remove_orphans(raw, db_path)


_PART_NAME = re.compile(r"upload-(\d+)-[0-9a-f]{8}\.parquet((?:\.tmp2?)?)")


def _remove_orphans(raw, db_path: Path) -> int:
    """Delete the part files in the folder that no committed transaction lists (or relist one
    whose committed upload's rows would otherwise be lost; see below). Files being written hold a
    lock and are left alone; files of other names are not this module's and are left alone too."""
    folder = parts_dir(db_path)
    if not folder.is_dir():
        return 0
    listed = {name for _, name, _ in _listing(raw)}
    removed = 0
    for f in sorted(folder.iterdir()):
        match = _PART_NAME.fullmatch(f.name)
        if match is None or f.name in listed or not f.is_file():
            continue
        with _unless_locked(f) as free:
            if not free:
                continue  # an upload in progress (here or in another process) is writing it
            # Read the listing again, now that the file is ours: the one above may predate the
            # commit of the upload that held this file until a moment ago. (Another session of
            # this process can open the file while an upload commits: it joins the upload's
            # read-write database, so its connection repairs too.) Decided on the old listing, a
            # committed part was taken for an orphan and listed a second time ("Duplicate key").
            listing = _listing(raw)
            if f.name in {name for _, name, _ in listing}:
                continue
            upload_id = int(match.group(1))
            listed_ids = {int(u) for u, _, _ in listing}
            if not match.group(2) and upload_id not in listed_ids and _relist_if_only_copy(raw, upload_id, f):
                continue
            f.unlink(missing_ok=True)
            removed += 1
    return removed


def _relist_if_only_copy(raw, upload_id: int, f: Path) -> bool:
    """A finished part that nothing lists is normally a leftover: of an upload whose transaction
    never committed, or of a merge that committed but was stopped before deleting its files (its
    rows are in the table). One more case is not: a committed upload of interactions whose rows
    are neither in the table nor listed, with this file holding exactly its accepted rows. Only
    an interrupted commit that kept the unlisting and lost the insert would leave that; the file
    is then the only copy of the rows, and it is listed again rather than deleted.

    An upload removed from the dashboard (:mod:`analytics.upload.removal`) deletes its rows,
    unlists its part and marks its record in one transaction, then deletes the file: its file, if
    left behind, is a leftover too, which the mark says."""
    if _stored_counts(raw, [upload_id]):
        return False  # merged: the table has the rows
    try:
        # Every column by name: a database made before removals existed has no removed_at yet.
        cursor = raw.execute(
            "SELECT * FROM uploads WHERE upload_id = $id AND table_name = 'interactions'", {"id": upload_id}
        )
        row = cursor.fetchone()
        record = dict(zip([d[0] for d in cursor.description], row)) if row is not None else None
    except Exception as exc:  # no uploads table yet: nothing was ever committed
        if uploads.name in str(exc):
            return False
        raise
    if record is None or not record["accepted"] or record.get("removed_at") is not None:
        return False
    try:
        rows = pq.ParquetFile(f).metadata.num_rows
    except Exception:  # not a readable Parquet file: not the rows of a committed upload
        return False
    if rows != record["accepted"]:
        return False
    raw.begin()
    try:
        raw.execute(
            "INSERT INTO interaction_parts (upload_id, file_name, rows, bytes) VALUES ($id, $name, $rows, $bytes)",
            {"id": upload_id, "name": f.name, "rows": rows, "bytes": f.stat().st_size},
        )
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    return True


@contextlib.contextmanager
def _unless_locked(path: Path):
    """Yields True, holding the file's lock, when no one else holds it; False when someone does."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _locked_new_file(path: Path) -> int:
    """Create ``path`` and hold an exclusive lock on it (released when the descriptor closes, and
    by the kernel when the process dies): how an upload in progress keeps its files from
    :func:`repair`. The lock follows the file through a rename."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


class PartWriter:
    """One upload's part, written under a temporary name until :meth:`publish`.

    ``write`` takes Arrow tables with the part schema's columns and writes them in row groups of
    :data:`ROW_GROUP`; the tables are not kept. The file stays locked against :func:`repair`
    until :meth:`release` (after the transaction that lists it has ended) or :meth:`discard`.
    """

    def __init__(self, db_path: Path, upload_id: int) -> None:
        self.db_path = Path(db_path).absolute()
        self.folder = parts_dir(db_path)
        self.made_folder = not self.folder.exists()  # a discarded upload leaves no empty folder behind
        self.folder.mkdir(parents=True, exist_ok=True)
        self.name = f"upload-{upload_id}-{uuid.uuid4().hex[:8]}.parquet"
        self.tmp = self.folder / (self.name + ".tmp")
        self.schema = part_schema()
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0
        self._lock: int | None = _locked_new_file(self.tmp)

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
        lock = _locked_new_file(new)
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
            os.close(lock)
            new.unlink(missing_ok=True)
            raise
        self._release()
        self._lock = lock
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

    def release(self) -> None:
        """The listing transaction has committed: the file is the database's now."""
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def discard(self) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):  # already failing; the file goes anyway
                self.writer.close()
        for p in (self.tmp, self.tmp.with_name(self.tmp.name + "2"), self.path):
            p.unlink(missing_ok=True)
        self._release()
        if self.made_folder:
            with contextlib.suppress(OSError):  # not empty: another upload's files are in it
                self.folder.rmdir()


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


def count_parts(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(interaction_parts)).scalar() or 0)


def merge_listed(
    conn: Connection,
    db_path: Path,
    *,
    at_least: int = 1,
    progress: Callable[[float, str], None] | None = None,
) -> tuple[int, list[Path]]:
    """Inside the caller's write transaction, copy every waiting part's rows into the stored
    ``interactions`` table and unlist the parts. Returns (rows moved, files to delete once the
    transaction has committed); ``(0, [])`` when fewer than ``at_least`` parts wait.

    ``progress`` is told (fraction 0, message) before a merge starts: it takes about 2 s per
    million rows. :meth:`analytics.store.Store.merge_parts` is the call that owns the transaction.
    Should the commit be cut short, the rows carry their upload_id and :func:`inspect_parts`
    knows them as merged (see the module's docstring).
    """
    raw = conn.connection.driver_connection
    # Parts missing from disk or inconsistent: the connect hook raised before anything changed.
    state = inspect_parts(raw, db_path)
    if not state.pending or len(state.pending) < at_least:
        return 0, []
    ids = [u for u, _ in state.pending]
    files = [f for _, f in state.pending]
    if progress is not None:
        waiting = (
            conn.execute(
                sa.select(sa.func.sum(interaction_parts.c.rows)).where(interaction_parts.c.upload_id.in_(ids))
            ).scalar()
            or 0
        )
        progress(0.0, f"merging {len(files)} earlier uploads ({waiting:,} interactions) into the database")
    moved = raw.execute(
        f"INSERT INTO {stored_table_sql(raw)} BY NAME "
        f"SELECT * FROM read_parquet({sql_strings([str(f) for f in files])}, union_by_name = true)"
    ).fetchone()[0]
    conn.execute(sa.delete(interaction_parts).where(interaction_parts.c.upload_id.in_(ids)))
    raw.execute("DROP VIEW IF EXISTS temp.main.interactions")
    return int(moved), files
