"""One dashboard process, many sessions: a session reading while another writes to the embedded
file (labels, a kept result) must not fail. DuckDB opens a file one way per process, so a read
meeting this process's own write reads through the write's database, and a write meeting this
process's reads waits for them (they are short)."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from analytics.schema import meta


@pytest.mark.quick
def test_a_read_while_this_process_writes(duck_store):
    started, done = threading.Event(), threading.Event()

    def write() -> None:
        with duck_store.write() as conn:
            conn.execute(sa.insert(meta).values(key="k", value="v"))
            started.set()
            time.sleep(1.0)
        done.set()

    thread = threading.Thread(target=write)
    thread.start()
    started.wait(10)
    t0 = time.perf_counter()
    assert duck_store.data_version() == 0  # read-only would clash with the open write: not an error
    assert time.perf_counter() - t0 < 0.9  # and it did not wait for the write to end
    thread.join()
    assert done.is_set()
    assert duck_store.get_meta("k") == "v"


@pytest.mark.quick
def test_a_write_while_this_process_reads(duck_store):
    opened = threading.Event()

    def read() -> None:
        with duck_store.read() as conn:
            conn.execute(sa.select(sa.func.count()).select_from(meta)).scalar()
            opened.set()
            time.sleep(0.5)

    thread = threading.Thread(target=read)
    thread.start()
    opened.wait(10)
    with duck_store.write() as conn:  # waits for the read to end instead of failing
        conn.execute(sa.insert(meta).values(key="k2", value="v2"))
    thread.join()
    assert duck_store.get_meta("k2") == "v2"


def test_two_sessions_labelling_at_once(duck_store, tmp_path):
    """Two sessions of one dashboard asking for results after an upload both label first (the
    rollup's and the attribution's computations): one labels, the other waits and finds the labels
    current — two at once deleted each other's rows ("Conflict on tuple deletion")."""
    import demo
    from analytics.ingest import ingest_files
    from analytics.schema import interaction_labels
    from models.labels import ensure_labels, last_label_run

    data = demo.generate(400, 5)
    demo.write_tables(data, tmp_path)
    ingest_files(
        duck_store, customers_path=tmp_path / "customers.csv", interactions_path=tmp_path / "interactions.csv"
    )
    errors, labelled = [], []
    go = threading.Barrier(2)

    def label() -> None:
        go.wait()
        try:
            labelled.append(ensure_labels(duck_store))
        except Exception as exc:  # whatever a session would have shown
            errors.append(exc)

    threads = [threading.Thread(target=label) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    assert sorted(labelled) == [False, True]
    with duck_store.read() as conn:
        rows = conn.execute(sa.select(sa.func.count()).select_from(interaction_labels)).scalar()
    assert rows > 0 and last_label_run(duck_store) is not None


def _bump(store) -> None:
    from analytics.schema import bump_data_version

    with store.write() as conn:
        bump_data_version(conn)


@pytest.mark.quick
def test_the_data_version_is_read_again_only_when_the_file_changed(duck_store, monkeypatch):
    """Store.data_version skips its read while the file and its log are as they were when read (and
    old enough to be trusted), and sees every commit at once: in this process, and from another."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from analytics.store import Store

    reader = Store(duck_store.url)
    reads = []
    real = Store.get_meta
    monkeypatch.setattr(Store, "get_meta", lambda self, *a, **k: reads.append(a) or real(self, *a, **k))

    def age(seconds: float) -> None:  # as if the last write were `seconds` ago
        for path in (duck_store.path, Path(f"{duck_store.path}.wal")):
            if path.exists():
                past = time.time_ns() - int(seconds * 1e9)
                os.utime(path, ns=(past, past))

    seen = []
    for _ in range(20):  # commits right after a read: never trusted, never stale
        _bump(duck_store)
        seen.append(reader.data_version())
    assert seen == list(range(1, 21))
    age(5)
    reads.clear()
    assert [reader.data_version() for _ in range(3)] == [20, 20, 20]
    assert len(reads) == 1  # an old, unchanged file: read once, then trusted
    code = (
        "import sys; from analytics.store import Store; from analytics.schema import bump_data_version\n"
        "s = Store(sys.argv[1])\n"
        "with s.write() as conn: bump_data_version(conn)\n"
    )
    root = Path(__file__).resolve().parent.parent
    duck_store.dispose()  # another process writes: nothing of this one may hold the file
    reader.dispose()
    subprocess.run([sys.executable, "-c", code, duck_store.url], cwd=root, check=True)
    assert reader.data_version() == 21


@pytest.mark.quick
def test_a_session_opening_while_another_commits_an_upload_neither_fails_nor_touches_its_part(
    duck_store, tmp_path, monkeypatch
):
    """A session of the dashboard opening the file while another session's upload of interactions
    commits (it joins the upload's read-write database, so its connection tidies the parts folder
    first): the listing it read before the commit must not make it treat the newly listed part as
    an orphan once the upload lets go of the file's lock. It used to list the part a second time
    ("Duplicate key upload_id … violates primary key constraint", shown to the manager as "Cannot
    open the database file"; a browser test met it about one run in three)."""
    import contextlib

    from analytics import parts
    from analytics.ingest import ingest_file
    from analytics.schema import interaction_parts, interactions
    from tests.test_ingest import CUSTOMERS_CSV, _many_interactions, write

    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    released, listing_read = threading.Event(), threading.Event()
    outcome: list[object] = []
    real_lock, real_listing = parts._unless_locked, parts._listing
    real_publish, real_release = parts.PartWriter.publish, parts.PartWriter.release

    @contextlib.contextmanager
    def lock_after_the_commit(path):
        # The interleaving that failed: the listing was read before the upload committed, and the
        # file's lock is tried after the upload released it.
        released.wait(30)
        with real_lock(path) as free:
            yield free

    def listing(raw):
        rows = real_listing(raw)
        listing_read.set()
        return rows

    def browse() -> None:
        try:
            with duck_store.read() as conn:
                outcome.append(conn.execute(sa.select(sa.func.count()).select_from(interactions)).scalar())
        except Exception as exc:  # whatever the manager's page would have shown
            outcome.append(exc)

    browser = threading.Thread(target=browse)

    def publish(self, conn, upload_id):
        real_publish(self, conn, upload_id)  # renamed and listed, not committed
        monkeypatch.setattr(parts, "_unless_locked", lock_after_the_commit)
        monkeypatch.setattr(parts, "_listing", listing)
        browser.start()
        assert listing_read.wait(30)  # the other session has read the listing before the commit

    def release(self):
        real_release(self)
        released.set()

    monkeypatch.setattr(parts.PartWriter, "publish", publish)
    monkeypatch.setattr(parts.PartWriter, "release", release)
    ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", _many_interactions(40)))
    browser.join(60)
    assert not browser.is_alive()
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    assert outcome[0] in (0, 40)  # before the upload or after it, never half
    monkeypatch.undo()
    with duck_store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(interaction_parts)).scalar() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(interactions)).scalar() == 40
    assert len(list(parts.parts_dir(duck_store.path).glob("upload-*.parquet"))) == 1
