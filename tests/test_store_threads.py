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
