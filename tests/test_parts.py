"""Uploads kept as Parquet parts beside the embedded database (analytics/parts.py): what queries
see, merging, all-or-nothing, and a database moved or copied without its folder."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics import csvio, ingest, parts
from analytics.ingest import ingest_file
from analytics.schema import interaction_parts, interactions
from analytics.store import Store
from tests.conftest import run_cli
from tests.test_ingest import CUSTOMERS_CSV, _many_interactions, _small_batches, table_count, write


def _rows(store: Store) -> pd.DataFrame:
    frame = store.read_frame(sa.select(interactions))
    return frame.sort_values("interaction_key").reset_index(drop=True)


def _files(store: Store) -> list[str]:
    folder = parts.parts_dir(store.path)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _listed(store: Store) -> int:
    with store.read() as conn:
        return parts.count_parts(conn)


def _loaded(store: Store, tmp_path, *files: tuple[str, int]) -> None:
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    for name, n in files:
        ingest_file(store, "interactions", write(tmp_path, name, _many_interactions(n)))


def test_an_upload_is_one_listed_part_and_queries_read_it(duck_store, tmp_path):
    _loaded(duck_store, tmp_path, ("a.csv", 10), ("b.csv", 25))
    # Two uploads, two parts; the second holds only the 15 rows new to the store.
    assert _listed(duck_store) == 2 and len(_files(duck_store)) == 2
    with duck_store.read() as conn:
        per_part = conn.execute(sa.select(interaction_parts.c.rows).order_by(interaction_parts.c.upload_id))
        assert per_part.scalars().all() == [10, 15]
        raw = conn.connection.driver_connection
        assert raw.execute(f"SELECT count(*) FROM {parts.stored_table_sql(raw)}").fetchone()[0] == 0
    rows = _rows(duck_store)
    assert len(rows) == 25 and rows["interaction_key"].is_unique
    assert set(rows["interaction_key"]) == {f"I{i}" for i in range(25)}
    # Types are the table's, so a query cannot tell a part from the table.
    assert str(rows["timestamp"].dtype).startswith("datetime64")
    assert rows.loc[rows["interaction_key"] == "I3", "notes"].item() == "row 3"


def test_an_upload_with_nothing_new_leaves_no_part(duck_store, tmp_path):
    _loaded(duck_store, tmp_path, ("a.csv", 10))
    again = ingest_file(duck_store, "interactions", write(tmp_path, "again.csv", _many_interactions(10)))
    assert (again.accepted, again.duplicates) == (0, 10)
    assert _listed(duck_store) == 1 and len(_files(duck_store)) == 1


def test_merge_moves_every_row_into_the_table_unchanged(duck_store, tmp_path):
    _loaded(duck_store, tmp_path, ("a.csv", 10), ("b.csv", 25))
    before = _rows(duck_store)
    assert duck_store.merge_parts() == 25
    assert _listed(duck_store) == 0 and _files(duck_store) == []
    pd.testing.assert_frame_equal(_rows(duck_store), before)
    # A later upload still sees the merged rows as stored.
    s = ingest_file(duck_store, "interactions", write(tmp_path, "c.csv", _many_interactions(30)))
    assert (s.accepted, s.duplicates) == (5, 25)
    assert table_count(duck_store, interactions) == 30


def test_parts_are_merged_automatically_once_many_wait(duck_store, tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "MAX_PARTS", 3)
    _loaded(duck_store, tmp_path, ("a.csv", 5), ("b.csv", 10), ("c.csv", 15))
    assert _listed(duck_store) == 3
    told = []
    ingest_file(
        duck_store,
        "interactions",
        write(tmp_path, "d.csv", _many_interactions(20)),
        progress=lambda f, m: told.append(m),
    )
    assert told[0] == "merging 3 earlier uploads (15 interactions) into the database"
    # The three waiting parts went into the table first; the new upload is the only part.
    assert _listed(duck_store) == 1 and len(_files(duck_store)) == 1
    assert table_count(duck_store, interactions) == 20


@pytest.mark.quick
def test_repeated_keys_within_a_file_keep_the_first_row_in_the_part(duck_store, tmp_path, monkeypatch):
    _small_batches(monkeypatch)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    s = ingest_file(
        duck_store, "interactions", write(tmp_path, "i.csv", _many_interactions(30, repeat_every=7))
    )
    assert (s.accepted, s.duplicates, s.rejected) == (26, 0, 4)  # the repeats' notes differ: conflicts
    with duck_store.read() as conn:
        assert conn.execute(sa.select(interaction_parts.c.rows)).scalar_one() == 26
    rows = _rows(duck_store).set_index("interaction_key")
    assert rows.loc["I0", "notes"] == "row 0" and rows.loc["I0", "source_line"] == 2
    assert not any(name.endswith((".tmp", ".tmp2")) for name in _files(duck_store))


@pytest.mark.quick
def test_a_failed_upload_leaves_no_part_behind(duck_store, tmp_path, monkeypatch):
    _small_batches(monkeypatch)
    _loaded(duck_store, tmp_path, ("a.csv", 10))
    before_files, before_rows = _files(duck_store), _rows(duck_store)
    real_read = csvio.read_table

    def exploding(*args, **kwargs):
        yield from real_read(*args, **{**kwargs, "chunk_bytes": 1})
        raise OSError("disk vanished mid-file")

    monkeypatch.setattr(ingest.csvio, "read_table", exploding)
    with pytest.raises(OSError, match="disk vanished"):
        ingest_file(duck_store, "interactions", write(tmp_path, "b.csv", _many_interactions(40)))
    assert _files(duck_store) == before_files
    pd.testing.assert_frame_equal(_rows(duck_store), before_rows)


@pytest.mark.quick
def test_a_failed_commit_removes_the_renamed_part(duck_store, tmp_path, monkeypatch):
    """The part is renamed before the transaction commits; if the commit fails it must go."""
    _loaded(duck_store, tmp_path)
    real_publish = parts.PartWriter.publish

    def publish_then_fail(self, conn, upload_id):
        real_publish(self, conn, upload_id)
        assert self.path.exists()
        raise RuntimeError("commit refused")

    monkeypatch.setattr(parts.PartWriter, "publish", publish_then_fail)
    with pytest.raises(RuntimeError, match="commit refused"):
        ingest_file(duck_store, "interactions", write(tmp_path, "a.csv", _many_interactions(10)))
    assert _files(duck_store) == [] and _listed(duck_store) == 0
    assert table_count(duck_store, interactions) == 0


def test_files_no_commit_lists_are_removed_by_the_next_upload(duck_store, tmp_path):
    _loaded(duck_store, tmp_path, ("a.csv", 10))
    folder = parts.parts_dir(duck_store.path)
    (folder / "upload-99-deadbeef.parquet").write_bytes(b"left by a crash")
    (folder / "upload-98-cafecafe.parquet.tmp").write_bytes(b"half written")
    kept = _files(duck_store)[0]
    ingest_file(duck_store, "interactions", write(tmp_path, "b.csv", _many_interactions(12)))
    names = _files(duck_store)
    assert kept in names and len(names) == 2
    assert not any(n.startswith(("upload-99-", "upload-98-")) for n in names)
    assert table_count(duck_store, interactions) == 12


@pytest.mark.quick
def test_database_moved_with_its_folder_reads_the_same(duck_store, tmp_path):
    _loaded(duck_store, tmp_path, ("a.csv", 10), ("b.csv", 25))
    before = _rows(duck_store)
    duck_store.dispose()
    moved = tmp_path / "elsewhere" / "copy.duckdb"
    moved.parent.mkdir()
    shutil.copy(duck_store.path, moved)
    shutil.copytree(parts.parts_dir(duck_store.path), parts.parts_dir(moved))
    copy = Store(f"duckdb:///{moved}")
    pd.testing.assert_frame_equal(_rows(copy), before)
    copy.dispose()


@pytest.mark.quick
def test_database_copied_without_its_folder_says_what_is_missing(duck_store, tmp_path):
    _loaded(duck_store, tmp_path, ("a.csv", 10))
    duck_store.dispose()
    alone = tmp_path / "alone.duckdb"
    shutil.copy(duck_store.path, alone)
    with pytest.raises(parts.PartsMissing, match=r"alone\.duckdb\.parts.*Copy or move that folder"):
        Store(f"duckdb:///{alone}").counts()


@pytest.mark.slow  # two CLI processes
def test_merge_command(tmp_path):
    db = tmp_path / "cli.duckdb"
    store = Store(f"duckdb:///{db}")
    _loaded(store, tmp_path, ("a.csv", 10))
    store.dispose()
    done = run_cli("merge", "--db", f"duckdb:///{db}")
    assert done.returncode == 0, done.stderr
    assert "merged 10 interactions" in done.stdout
    assert run_cli("merge", "--db", f"duckdb:///{db}").stdout.strip() == "no parts to merge"
    store = Store(f"duckdb:///{db}")
    assert table_count(store, interactions) == 10 and _files(store) == []
    store.dispose()


@pytest.mark.quick
def test_database_from_before_parts_opens_and_takes_uploads(tmp_path):
    """A store created before parts existed has no `interaction_parts` table: reading it works,
    and the next upload adds the table and its part."""
    path = tmp_path / "old.duckdb"
    store = Store(f"duckdb:///{path}")
    _loaded(store, tmp_path, ("a.csv", 10))
    assert store.merge_parts() == 10
    with store.write() as conn:
        conn.execute(sa.text("DROP TABLE interaction_parts"))
    store.dispose()
    old = Store(f"duckdb:///{path}")
    assert old.counts()["interactions"] == 10
    ingest_file(old, "interactions", write(tmp_path, "b.csv", _many_interactions(15)))
    assert table_count(old, interactions) == 15 and _listed(old) == 1
    old.dispose()


@pytest.mark.quick
def test_part_times_are_microseconds_like_the_table(duck_store, tmp_path):
    """A time with more digits than DuckDB's TIMESTAMP keeps is truncated, not refused."""
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    text = "interaction_id,customer_id,timestamp\nI1,C1,2024-05-01 10:00:00.123456789\n"
    s = ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", text))
    assert (s.accepted, s.rejected) == (1, 0)
    stamp = _rows(duck_store).loc[0, "timestamp"]
    assert stamp == pd.Timestamp("2024-05-01 10:00:00.123456")


@pytest.mark.quick
def test_parts_table_only_beside_an_embedded_file(store):
    """PostgreSQL (and an in-memory DuckDB) store interactions in the table: no parts table there."""
    with store.read() as conn:
        has = sa.inspect(conn).has_table("interaction_parts")
    assert has == (store.path is not None)
