"""Faults: ``kill -9`` at every step of an upload and of a merge, with real processes.

Each trial copies a prepared database, runs one command (``python -m analytics …``) in a child
process that kills itself (SIGKILL, as ``kill -9``) at a named step, and then checks what the
issue asks of every step:

* the database opens;
* a reader sees the rows from before the command or from after it, never anything between
  (customers, interactions — rows and distinct keys — uploads and customer changes);
* running the same command again converges on what an uninterrupted run stores (no row lost,
  none twice);
* after that next command, the parts folder holds exactly the files the database lists.

The steps are reached by wrapping the project's own functions in the child (``STEPS`` names them
with where they are). A commit is killed from a thread of the child at the moment DuckDB's
write-ahead log appears or grows, plus a few milliseconds: DuckDB releases the interpreter while
it commits, so the thread runs during the commit. A merge of a quarter of a million rows killed
so comes back from DuckDB 1.5 with the rows copied into the table *and* the parts still listed
(the state issue 19 found); ``analytics/parts.py`` reads that as merged and repairs it.

The step walk on small files runs in ``-m quick``-sized time per trial but has many trials, so
it is marked slow, as are the commit kills on large parts; the repair logic itself is tested
in-process (quick) on states built directly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from analytics import parts
from analytics.__main__ import main
from analytics.errors import StoreError
from analytics.ingest import ingest_file
from analytics.schema import customer_changes, customers, interaction_parts, interactions, uploads
from analytics.store import Store
from tests.test_ingest import CUSTOMERS_CSV, _many_interactions, write

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent(
    """
    import json, os, pathlib, signal, sys, threading, time
    cfg = json.loads(sys.argv[1])
    sys.path.insert(0, cfg["root"])
    import duckdb_engine
    from analytics import ingest, parts, store
    from analytics.__main__ import main

    point, db = cfg["kill"], pathlib.Path(cfg["db"])
    wal = db.with_name(db.name + ".wal")
    state = {"armed": None, "calls": {}}

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def wrap(owner, name, label, when="after", arm=None):
        real = getattr(owner, name, None)
        if real is None:  # not in this version of the code: the step is never reached
            return
        def wrapper(*args, **kwargs):
            n = state["calls"][label] = state["calls"].get(label, 0) + 1
            if when == "before" and point == label and n == 1:
                die()
            if arm is not None:
                state["armed"] = arm
            out = real(*args, **kwargs)
            if when == "after" and point == label and n == 1:
                die()
            return out
        setattr(owner, name, wrapper)

    def wal_size():
        try:
            return wal.stat().st_size
        except FileNotFoundError:
            return -1

    # A commit: killed `delay` seconds after DuckDB's log appears or grows (the commit writing it).
    real_commit = duckdb_engine.Dialect.do_commit
    def do_commit(self, connection):
        if point.endswith("-commit") and state["armed"] == point.removesuffix("-commit"):
            state["armed"] = None
            before = wal_size()
            def watch():
                while wal_size() == before:
                    time.sleep(0.0001)
                time.sleep(cfg["delay"])
                die()
            state["timed_kill"] = threading.Thread(target=watch, daemon=True)
            state["timed_kill"].start()
        return real_commit(self, connection)
    duckdb_engine.Dialect.do_commit = do_commit

    # File operations, by what they act on.
    real_replace, real_unlink = os.replace, pathlib.Path.unlink
    def replace(src, dst, *a, **k):
        src, dst = str(src), str(dst)
        if point == "rewrite-written" and src.endswith(".tmp2"):
            die()
        real_replace(src, dst, *a, **k)
        if point == "rewrite-renamed" and src.endswith(".tmp2"):
            die()
        if point == "part-renamed" and src.endswith(".tmp") and dst.endswith(".parquet"):
            die()
    os.replace = replace
    def unlink(self, *a, **k):
        deleting = state["armed"] in ("merged", "repaired") and self.suffix == ".parquet"
        if deleting and point == state["armed"] + "-before-delete":
            die()
        real_unlink(self, *a, **k)
        if deleting and point == state["armed"] + "-first-deleted":
            die()
    pathlib.Path.unlink = unlink

    wrap(ingest, "_open_upload", "upload-opened")
    wrap(parts.PartWriter, "write", "part-first-batch")
    wrap(parts.PartWriter, "close", "part-closed")
    wrap(parts.PartWriter, "publish", "part-listed")
    wrap(ingest, "_close_upload", "upload-closed", arm="upload")
    wrap(parts.PartWriter, "release", "upload-committed", when="before")
    wrap(ingest.ArrowSpool, "add", "customers-staged")
    wrap(parts, "merge_listed", "merge-statements")
    real_merge = store.Store.merge_parts
    def merge_parts(self, *a, **k):
        moved = real_merge(self, *a, **k)
        state["armed"] = None
        return moved
    store.Store.merge_parts = merge_parts
    real_merged = parts.merge_listed
    def merge_listed(*a, **k):
        out = real_merged(*a, **k)
        if out[1]:
            state["armed"] = "merge"
        return out
    real_repair = getattr(parts, "repair", lambda *a, **k: None)
    def repair(*a, **k):
        state["armed"] = "repaired"
        try:
            return real_repair(*a, **k)
        finally:
            state["armed"] = None
    parts.repair = repair

    # The merge's commit, then the deletion of its files: armed by merge_listed, in order.
    real_do_commit = duckdb_engine.Dialect.do_commit
    def do_commit_then_delete(self, connection):
        armed = state["armed"]
        out = real_do_commit(self, connection)
        if armed == "merge":
            state["armed"] = "merged"
        return out
    duckdb_engine.Dialect.do_commit = do_commit_then_delete
    parts.merge_listed = merge_listed
    if cfg.get("max_parts"):
        parts.MAX_PARTS = cfg["max_parts"]
    code = main(cfg["argv"])
    # A timed kill still pending when the command is done (its commit and the rest ended within
    # the delay) fires before the process may exit, so every delay kills: a fast machine must not
    # turn the trial into an uninterrupted run that reports the step as never reached.
    if state.get("timed_kill") is not None:
        state["timed_kill"].join(timeout=5)
    sys.exit(code)
    """
)

STEPS = {
    "upload-opened": "the upload's record inserted (its transaction open)",
    "part-first-batch": "the first batch of rows written to the part's temporary file",
    "part-closed": "the part's temporary file complete",
    "rewrite-written": "the part rewritten without repeated keys, before the rename",
    "rewrite-renamed": "the rewritten part renamed over the first one",
    "part-renamed": "the part renamed to its final name (not yet listed)",
    "part-listed": "the part listed in interaction_parts (not committed)",
    "upload-closed": "the upload's counts recorded, before the commit",
    "upload-commit": "during the upload's commit (when the write-ahead log appears)",
    "upload-committed": "after the commit, before the part is released",
    "customers-staged": "the first chunk of customers staged",
    "merge-statements": "the parts' rows copied and the parts unlisted, before the commit",
    "merge-commit": "during the merge's commit (when the write-ahead log appears)",
    "merged-before-delete": "the merge committed, before its files are deleted",
    "merged-first-deleted": "the merge committed, one of its files deleted",
    "repaired-before-delete": "a merged part unlisted by the repair, before its file is deleted",
}


def _snapshot(db: Path) -> dict:
    """What a reader sees: counts of every table an upload or a merge changes, interactions as
    rows, distinct keys and a hash of the key set (so a lost row and a doubled one both show)."""
    store = Store(f"duckdb:///{db}", lock_timeout=5)
    try:
        with store.read() as conn:
            i = interactions
            rows, keys, key_hash = conn.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.count(sa.distinct(i.c.interaction_key)),
                    sa.func.sum(sa.func.hash(i.c.interaction_key)),
                )
            ).one()

            def count(table):
                return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)

            return {
                "customers": count(customers),
                "interactions": int(rows),
                "keys": int(keys),
                "key_hash": int(key_hash or 0),
                "uploads": count(uploads),
                "changes": count(customer_changes),
            }
    finally:
        store.dispose()


def _data(snapshot: dict) -> dict:
    """The stored data without the upload records (a re-run adds its own record)."""
    return {k: v for k, v in snapshot.items() if k != "uploads"}


def _folder_matches_listing(db: Path) -> tuple[list[str], list[str]]:
    folder = parts.parts_dir(db)
    on_disk = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    store = Store(f"duckdb:///{db}", lock_timeout=5)
    try:
        with store.read() as conn:
            listed = sorted(conn.execute(sa.select(interaction_parts.c.file_name)).scalars())
    finally:
        store.dispose()
    return on_disk, listed


def _copy(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    db = dst / src.name
    shutil.copy(src, db)
    if parts.parts_dir(src).exists():
        shutil.copytree(parts.parts_dir(src), parts.parts_dir(db))
    return db


def _run(db: Path, argv: list[str], kill: str | None, delay: float = 0.0, max_parts: int = 0):
    cfg = {
        "root": str(ROOT),
        "db": str(db),
        "argv": [*argv, "--db", f"duckdb:///{db}"],
        "kill": kill or "",
        "delay": delay,
        "max_parts": max_parts,
    }
    return subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(cfg)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _rerun(db: Path, argv: list[str], max_parts: int) -> int:
    """The same command again, in this process (the code path is the command line's)."""
    real = parts.MAX_PARTS
    parts.MAX_PARTS = max_parts or real
    try:
        return main([*argv, "--db", f"duckdb:///{db}"])
    finally:
        parts.MAX_PARTS = real


def _merged_but_listed(db: Path) -> int:
    """Listed parts whose upload's rows are already in the stored table: the state DuckDB leaves
    when a merge is killed in its commit. Read with DuckDB alone, before anything repairs it."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT count(*) FROM interaction_parts p "
            "WHERE EXISTS (SELECT 1 FROM main.interactions i WHERE i.upload_id = p.upload_id)"
        ).fetchone()[0]
    finally:
        con.close()


class Scenario:
    """A prepared database and one command run on copies of it: once uninterrupted (the
    reference), then killed at each step asked."""

    def __init__(self, base: Path, argv: list[str], work: Path, max_parts: int = 0) -> None:
        self.base, self.argv, self.work, self.max_parts = base, argv, work, max_parts
        self.before = _snapshot(base)
        ref = _copy(base, work / "reference")
        done = _run(ref, argv, None, max_parts=max_parts)
        assert done.returncode == 0, done.stderr
        self.after = _snapshot(ref)
        self.after_listed = _folder_matches_listing(ref)[1]

    def trial(self, name: str, point: str, delay: float = 0.0) -> dict:
        assert point in STEPS, point
        db = _copy(self.base, self.work / name)
        killed = _run(db, self.argv, point, delay, self.max_parts)
        assert killed.returncode == -9, f"{point}: the step was not reached\n{killed.stdout}\n{killed.stderr}"
        split = _merged_but_listed(db)
        seen = _snapshot(db)  # the database opens, read-only, as the dashboard would open it
        assert seen in (self.before, self.after), f"{point}: neither before nor after: {seen}"
        # The same command again: it converges, and leaves only listed files.
        assert _rerun(db, self.argv, self.max_parts) == 0, f"{point}: the re-run failed"
        assert _data(_snapshot(db)) == _data(self.after), f"{point}: the re-run did not converge"
        on_disk, listed = _folder_matches_listing(db)
        assert on_disk == listed, f"{point}: files no committed upload lists: {set(on_disk) - set(listed)}"
        assert len(listed) == len(self.after_listed), f"{point}: {listed} listed, not {self.after_listed}"
        result = {
            "point": point,
            "delay_ms": delay * 1000,
            "state": "after" if seen == self.after else "before",
            "merged_but_listed": split,
        }
        TRIALS.append(result)
        return result


TRIALS: list[dict] = []
"""Every trial's outcome, printed at the end of the module (``-s``) for bench/README figures."""


@pytest.fixture(scope="module", autouse=True)
def _report_trials():
    yield
    if TRIALS:
        split = sum(1 for t in TRIALS if t["merged_but_listed"])
        print(f"\n{len(TRIALS)} kills; {split} left a merge split by DuckDB (rows copied, parts listed)")
        for t in TRIALS:
            print(
                f"  {t['point']:24s} +{t['delay_ms']:4.0f} ms  {t['state']:6s}  split={t['merged_but_listed']}"
            )


# -- prepared databases ------------------------------------------------------------------------


def _interactions(prefix: str, n: int, repeat_every: int = 0) -> str:
    """``n`` interactions of C1..C3 with ids ``prefix0``…; with ``repeat_every`` k, every k-th row
    repeats the id of the row k-1 lines above it."""
    lines = ["interaction_id,customer_id,timestamp,channel,notes"]
    for i in range(n):
        j = i - repeat_every + 1 if repeat_every and i % repeat_every == repeat_every - 1 else i
        lines.append(f"{prefix}{j},C{1 + i % 3},2024-05-{1 + i % 28:02d} 10:00,phone,row {i}")
    return "\n".join(lines) + "\n"


def _prepared(tmp: Path, name: str, files: list[str], *, with_customers: bool = True) -> Path:
    db = tmp / name / "db.duckdb"
    db.parent.mkdir(parents=True)
    store = Store(f"duckdb:///{db}")
    if with_customers:
        ingest_file(store, "customers", write(tmp, f"{name}-c.csv", CUSTOMERS_CSV))
    for i, text in enumerate(files):
        ingest_file(store, "interactions", write(tmp, f"{name}-{i}.csv", text))
    store.dispose()
    return db


UPLOAD_STEPS = [
    "upload-opened",
    "part-first-batch",
    "part-closed",
    "rewrite-written",
    "rewrite-renamed",
    "part-renamed",
    "part-listed",
    "upload-closed",
    "upload-committed",
]


@pytest.mark.slow
def test_an_upload_killed_at_every_step(tmp_path):
    """Interactions into a store that holds some already, with keys repeated out of order: every
    step of the upload, the rewrite that drops what is not new included."""
    base = _prepared(tmp_path, "base", [_many_interactions(300)])
    new_file = write(tmp_path, "more.csv", _many_interactions(900, repeat_every=7))
    scenario = Scenario(base, ["ingest", "--interactions", str(new_file)], tmp_path / "trials")
    results = [scenario.trial(point, point) for point in UPLOAD_STEPS]
    # Killed before its commit an upload stores nothing; after it, everything.
    assert {r["point"]: r["state"] for r in results} == {
        **{p: "before" for p in UPLOAD_STEPS[:-1]},
        "upload-committed": "after",
    }
    for delay in (0.0, 0.001, 0.003):
        scenario.trial(f"commit-{delay}", "upload-commit", delay)


@pytest.mark.slow
def test_a_customers_upload_killed_at_every_step(tmp_path):
    base = _prepared(tmp_path, "base", [_many_interactions(30)])
    later = CUSTOMERS_CSV.replace("C1,2024-01-05,,,", "C1,2024-01-05,2024-10-01,me mudo,").replace(
        "C2,2024-02-10,2024-09-01,muy caro,", "C2,2024-02-10,,,"
    )
    later += "C4,2024-04-01,,,residential,basic,Norte,20\n"
    path = write(tmp_path, "later.csv", later)
    scenario = Scenario(base, ["ingest", "--customers", str(path)], tmp_path / "trials")
    for point in ("customers-staged", "upload-opened", "upload-closed"):
        assert scenario.trial(point, point)["state"] == "before"
    for delay in (0.0, 0.002):
        scenario.trial(f"commit-{delay}", "upload-commit", delay)


@pytest.mark.slow
def test_a_merge_killed_at_every_step(tmp_path):
    base = _prepared(tmp_path, "base", [_many_interactions(400), _many_interactions(1200)])
    scenario = Scenario(base, ["merge"], tmp_path / "trials")
    # A merge changes nothing a reader sees, only where the rows are kept: each trial also checks
    # that the re-run leaves no part listed, as the uninterrupted merge does.
    assert scenario.before == scenario.after and scenario.after_listed == []
    for point in ("merge-statements", "merged-before-delete", "merged-first-deleted"):
        scenario.trial(point, point)
    # A database a killed merge left split (rows copied, parts still listed): the command that
    # finds it repairs it first; killed between the unlisting and the deletion of the files.
    split = _copy(base, tmp_path / "split")
    store = Store(f"duckdb:///{split}")
    _copy_rows_without_unlisting(store, _listed(store)[0])
    store.dispose()
    Scenario(split, ["merge"], tmp_path / "split-trials").trial("repair", "repaired-before-delete")


# -- the commit itself, on parts large enough for DuckDB to write their rows directly ----------

BIG = 130_000  # two uploads of this many rows: a merge of 260,000 rows


@pytest.fixture(scope="module")
def big_parts(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("big")
    first = _interactions("I", BIG)
    # The second export repeats the first and adds as many new rows: its part holds only those.
    second = first + _interactions("J", BIG).split("\n", 1)[1]
    return _prepared(tmp, "big", [first, second])


@pytest.fixture(scope="module")
def merge_of_big_parts(big_parts, tmp_path_factory) -> Scenario:
    return Scenario(big_parts, ["merge"], tmp_path_factory.mktemp("merge-trials"))


@pytest.mark.slow
@pytest.mark.parametrize("delay_ms", [0, 1, 3, 6, 12])
def test_a_merge_killed_in_its_commit(merge_of_big_parts, delay_ms):
    """Issue 19's first finding: killed a few milliseconds after DuckDB's log appears, the merge
    came back with its rows in the table and its parts still listed — every row twice, for good
    (on the code before this test, 4 of these 5 delays did). Now a reader sees each row once,
    and the next command unlists what was merged and deletes its files."""
    merge_of_big_parts.trial(f"d{delay_ms}", "merge-commit", delay_ms / 1000)


@pytest.mark.slow
def test_an_upload_killed_in_the_merge_it_starts(big_parts, tmp_path):
    """An upload merges the parts waiting before it (here: once two wait); killed in that merge's
    commit or before its files are deleted, it leaves no row twice and no file behind."""
    more = write(tmp_path, "more.csv", _interactions("K", 50, repeat_every=5))
    scenario = Scenario(big_parts, ["ingest", "--interactions", str(more)], tmp_path / "trials", max_parts=2)
    for point, delay in (("merge-commit", 0.002), ("merge-commit", 0.01), ("merged-before-delete", 0)):
        scenario.trial(f"{point}-{delay}", point, delay)


# -- the repair, in-process: states built directly ------------------------------------------


def _store_with_parts(tmp_path, *sizes: int) -> Store:
    store = Store(f"duckdb:///{tmp_path / 'db.duckdb'}", lock_timeout=5)
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    start = 0
    for k, n in enumerate(sizes):
        text = _many_interactions(start + n)
        ingest_file(store, "interactions", write(tmp_path, f"i{k}.csv", text))
        start += n
    return store


def _copy_rows_without_unlisting(store: Store, upload_id: int, limit: int | None = None) -> None:
    """The state a merge killed in its commit left: a part's rows in the table, the part listed."""
    with store.write() as conn:
        raw = conn.connection.driver_connection
        (name,) = raw.execute(
            "SELECT file_name FROM interaction_parts WHERE upload_id = $id", {"id": upload_id}
        ).fetchone()
        path = str(parts.parts_dir(store.path) / name)
        raw.execute(
            f"INSERT INTO {parts.stored_table_sql(raw)} BY NAME SELECT * FROM read_parquet($p)"
            + (f" LIMIT {int(limit)}" if limit else ""),
            {"p": path},
        )


def _counts(store: Store) -> tuple[int, int]:
    with store.read() as conn:
        return tuple(
            conn.execute(
                sa.select(sa.func.count(), sa.func.count(sa.distinct(interactions.c.interaction_key)))
            ).one()
        )


def _listed(store: Store) -> list[int]:
    with store.read() as conn:
        return sorted(conn.execute(sa.select(interaction_parts.c.upload_id)).scalars())


def _files(store: Store) -> list[str]:
    folder = parts.parts_dir(store.path)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.quick
def test_a_part_already_merged_is_read_once_and_unlisted_by_the_next_write(tmp_path):
    store = _store_with_parts(tmp_path, 10, 15)
    first, second = _listed(store)
    _copy_rows_without_unlisting(store, first)
    store.dispose()
    store = Store(store.url, lock_timeout=5)
    # A reader (read-only: it cannot repair) sees every row once.
    assert _counts(store) == (25, 25)
    assert _listed(store) == [first, second]
    # The next connection that may write unlists it and deletes its file; the rows stay once.
    with store.write():
        pass
    assert _listed(store) == [second] and len(_files(store)) == 1
    assert _counts(store) == (25, 25)
    assert store.merge_parts() == 15
    assert _counts(store) == (25, 25) and _listed(store) == [] and _files(store) == []
    store.dispose()


def test_a_part_partly_in_the_table_is_refused_with_a_message(tmp_path):
    store = _store_with_parts(tmp_path, 10)
    (first,) = _listed(store)
    _copy_rows_without_unlisting(store, first, limit=4)
    store.dispose()
    store = Store(store.url, lock_timeout=5)
    with pytest.raises(parts.PartsInconsistent, match=r"upload #\d+ .*holds 4 of that upload's rows"):
        store.counts()
    with pytest.raises(StoreError, match="nothing was changed"):
        store.merge_parts()
    assert len(_files(store)) == 1
    store.dispose()


def test_merge_removes_files_an_interrupted_merge_left(tmp_path):
    """Issue 19, item 11: a merge stopped after its commit leaves its files; `merge` (like any
    write) removes them, and a later upload still finds those rows stored."""
    store = _store_with_parts(tmp_path, 10)
    (name,) = _files(store)
    kept = tmp_path / "kept.parquet"
    shutil.copy(parts.parts_dir(store.path) / name, kept)
    assert store.merge_parts() == 10
    shutil.copy(kept, parts.parts_dir(store.path) / name)  # as if the unlink never happened
    (parts.parts_dir(store.path) / "upload-77-0badc0de.parquet.tmp").write_bytes(b"half")
    assert store.merge_parts() == 0
    assert _files(store) == [] and _counts(store) == (10, 10)
    store.dispose()


def test_a_part_being_written_is_left_alone_by_another_connection(tmp_path):
    """Two connections of one process (two sessions of the dashboard): one writes a part, the
    other opens for writing and removes orphans — but not the file in progress."""
    store = _store_with_parts(tmp_path, 10)
    writer = parts.PartWriter(store.path, 999)
    assert writer.tmp.exists()
    with store.write():
        pass
    assert writer.tmp.exists()
    writer.discard()
    assert not writer.tmp.exists()
    store.dispose()


def test_a_committed_upload_whose_listing_was_lost_is_listed_again(tmp_path):
    """The other way an interrupted commit could split: the unlisting kept, the copy lost. The
    file is then the only copy of committed rows; it is listed again, not deleted."""
    store = _store_with_parts(tmp_path, 10)
    (first,) = _listed(store)
    with store.write() as conn:
        conn.execute(sa.delete(interaction_parts))
    store.dispose()
    store = Store(store.url, lock_timeout=5)
    with store.write():
        pass
    assert _listed(store) == [first] and _counts(store) == (10, 10)
    store.dispose()


def test_a_stray_copy_of_a_listed_part_is_removed_not_listed(tmp_path):
    """Same upload, same rows, another file name (an id reused after a crash): the listed part
    is the upload's; the other file goes."""
    store = _store_with_parts(tmp_path, 10)
    (first,) = _listed(store)
    (name,) = _files(store)
    stray = f"upload-{first}-0badc0de.parquet"
    shutil.copy(parts.parts_dir(store.path) / name, parts.parts_dir(store.path) / stray)
    with store.write():
        pass
    assert _files(store) == [name] and _listed(store) == [first]
    assert _counts(store) == (10, 10)
    store.dispose()


def test_a_listed_part_whose_file_is_gone_after_its_merge_is_no_loss(tmp_path):
    """Merged and listed, its file already deleted: the table has the rows; nothing is missing."""
    store = _store_with_parts(tmp_path, 10)
    (first,) = _listed(store)
    _copy_rows_without_unlisting(store, first)
    for f in parts.parts_dir(store.path).iterdir():
        f.unlink()
    store.dispose()
    store = Store(store.url, lock_timeout=5)
    assert _counts(store) == (10, 10)
    assert store.merge_parts() == 0 and _listed(store) == []
    store.dispose()


def test_the_merged_check_reads_no_more_than_it_must(tmp_path, monkeypatch):
    """Every connection asks which listed uploads are in the table: one grouped count, filtered
    to the listed uploads, and none at all when nothing is listed."""
    store = _store_with_parts(tmp_path, 10)
    assert store.merge_parts() == 10
    seen = []
    real = parts._stored_counts
    monkeypatch.setattr(parts, "_stored_counts", lambda raw, ids: seen.append(list(ids)) or real(raw, ids))
    assert _counts(store) == (10, 10)
    assert seen == []
    store.dispose()
