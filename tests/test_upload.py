"""The upload page's engine (analytics/upload), without a browser: staging compressed files,
inspecting a Spanish export (detection, mapping, preview with the rejects the ingest gives),
storing in a job with a cancel that leaves the database as it was, the summary, removal."""

from __future__ import annotations

import gzip
import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics import parts
from analytics.csvio import FileRefused
from analytics.ingest import UploadCancelled, file_hash, ingest_file
from analytics.schema import interactions, rejected_rows, uploads
from analytics.store import Store
from analytics.upload import (
    UNDECIDED,
    CannotRemove,
    FilePlan,
    UploadJob,
    counts_table,
    inspect_file,
    pending_customers,
    reason_groups,
    rejects,
    remove_upload,
    stage_file,
)
from tests.spanish_export import BAD_CUSTOMERS, BAD_INTERACTIONS, NOTES_HEADER, write_spanish_export


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> tuple[Path, Path]:
    return write_spanish_export(tmp_path_factory.mktemp("es"), customers=120)


def _staged(path: Path, table: str, name: str | None = None, data: bytes | None = None):
    data = path.read_bytes() if data is None else data
    return stage_file(io.BytesIO(data), name or path.name, table)


def _snapshot(store: Store) -> dict:
    """What a reader sees: the counts, the uploads, the rejected rows, the parts folder."""
    with store.read() as conn:
        ups = conn.execute(sa.select(sa.func.count()).select_from(uploads)).scalar()
        rej = conn.execute(sa.select(sa.func.count()).select_from(rejected_rows)).scalar()
    folder = parts.parts_dir(store.path) if store.path is not None else None
    files = sorted(p.name for p in folder.iterdir()) if folder is not None and folder.exists() else []
    return {"counts": store.counts(), "uploads": ups, "rejected": rej, "parts": files}


# -- staging ----------------------------------------------------------------------------------------
@pytest.mark.quick
def test_staging_decompresses_gz_and_zip_to_the_same_csv_and_hash(spanish):
    customers, _ = spanish
    plain = _staged(customers, "customers")
    gz = _staged(customers, "customers", "clientes.csv.gz", gzip.compress(customers.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("__MACOSX/._clientes.csv", b"junk")
        z.writestr("export/clientes.csv", customers.read_bytes())
    zipped = _staged(customers, "customers", "export.zip", buf.getvalue())
    try:
        for staged in (plain, gz, zipped):
            assert staged.path.read_bytes() == customers.read_bytes()
            # the hash the ingest records: a file uploaded again, compressed or not, is recognised
            assert staged.content_hash == file_hash(customers)
            assert staged.path.name == "clientes.csv"
        assert not plain.compressed and gz.compressed and zipped.compressed
        assert gz.sent < gz.size
    finally:
        for s in (plain, gz, zipped):
            s.discard()
    assert not plain.path.parent.exists()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("clientes.xlsx", b"a;b\n1;2\n", "not_a_csv_name"),
        ("clientes.csv.gz", b"not gzip at all", "not_gzip"),
        ("clientes.zip", b"not a zip", "not_zip"),
    ],
)
@pytest.mark.quick
def test_staging_refuses_what_is_not_an_export_and_leaves_nothing(tmp_path, name, data, code):
    with pytest.raises(FileRefused) as info:
        stage_file(io.BytesIO(data), name, "customers", folder=tmp_path)
    assert info.value.code == code
    assert list(tmp_path.iterdir()) == []


@pytest.mark.quick
def test_staging_refuses_a_zip_with_two_exports(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("clientes.csv", "a\n1\n")
        z.writestr("llamadas.csv", "a\n1\n")
    with pytest.raises(FileRefused) as info:
        stage_file(buf, "export.zip", "interactions", folder=tmp_path)
    assert info.value.code == "zip_several_csv"
    assert "llamadas.csv" in info.value.message.text("es", "page")


@pytest.mark.quick
def test_a_file_name_from_the_browser_is_cleaned():
    from analytics.upload import clean_name

    assert clean_name("C:\\Users\\ana\\clientes.csv") == "clientes.csv"
    assert clean_name("../../etc/clientes\x00\n.csv") == "clientes.csv"
    assert clean_name("") == "upload.csv"


# -- inspection -------------------------------------------------------------------------------------
@pytest.mark.quick
def test_inspection_of_a_spanish_export(duck_store, spanish):
    customers, inter = spanish
    found = inspect_file(duck_store, customers, "customers")
    assert found.ready and not found.problems
    det = found.detection
    assert (det.encoding, det.delimiter, det.decimal_comma) == ("cp1252", ";", True)
    assert det.date_orders == {"start_date": "dmy", "end_date": "dmy"}
    assert det.header_line == 1
    mapped = {r.header: r.chosen for r in found.mapping}
    assert mapped["cliente"] == "customer_id" and mapped["cuota_mensual"] == "monthly_revenue"
    # the preview marks the bad row among the first 50 with its reason and the value at fault
    bad = found.preview.frame[found.preview.frame["rejected"]]
    assert list(bad["line"]) == [41]
    assert found.preview.marked == {41: ["start_date"]}
    assert bad["reasons"].iloc[0][0]["code"] == "not_a_date"

    # the interactions' notes column is not known: it stops the upload until decided
    found = inspect_file(duck_store, inter, "interactions")
    assert not found.ready
    assert [p.code for p in found.problems] == ["mapping_undecided"]
    assert NOTES_HEADER in found.problems[0].text("es", "page")
    row = next(r for r in found.mapping if r.header == NOTES_HEADER)
    assert row.suggested is None and not row.decided and row.examples

    pending = pending_customers(customers, {}, None)
    for choice in ("notes", None):  # mapped, or left out explicitly
        found = inspect_file(
            duck_store, inter, "interactions", choices={NOTES_HEADER: choice}, pending=pending
        )
        assert found.ready, found.problems
        assert ("notes" in found.preview.columns) is (choice == "notes")
    # the preview's rejects are the ingest's, with the same codes (within the first 50 rows)
    marked = found.preview.marked
    assert marked == {5: ["customer_id"], 23: ["timestamp"], 24: ["wait_seconds"]}

    # taking the suggestion back makes a recognised header undecided again
    found = inspect_file(
        duck_store, inter, "interactions", choices={NOTES_HEADER: "notes", "canal": UNDECIDED}
    )
    assert [p.code for p in found.problems] == ["mapping_undecided"]


@pytest.mark.quick
def test_a_required_column_left_out_stops_with_its_name(duck_store, spanish):
    _, inter = spanish
    found = inspect_file(duck_store, inter, "interactions", choices={NOTES_HEADER: None, "fecha": None})
    assert not found.ready
    problem = next(p for p in found.problems if p.code == "required_unmapped")
    text = problem.text("es", "page")
    assert "timestamp" in text and "fecha" in text  # the column, and the headers it recognises
    # two headers mapped to one column
    found = inspect_file(duck_store, inter, "interactions", choices={NOTES_HEADER: "topic"})
    assert "mapping_repeats_column" in [p.code for p in found.problems]


@pytest.mark.quick
def test_undecidable_dates_are_asked_with_examples(duck_store, tmp_path):
    path = tmp_path / "clientes.csv"
    path.write_text(
        "cliente;fecha_alta\n" + "".join(f"C{i};0{1 + i % 9}/0{1 + (i * 5) % 9}/2024\n" for i in range(30)),
        encoding="utf-8",
    )
    found = inspect_file(duck_store, path, "customers")
    q = found.detection.date_question
    assert q is not None and q.columns == (("fecha_alta", "start_date"),)
    assert q.assumed == "dmy" and q.because == "spanish"
    ex = q.examples[0]
    assert ex.day_first != ex.month_first
    answered = inspect_file(duck_store, path, "customers", date_order="mdy")
    assert answered.detection.date_orders == {"start_date": "mdy"}
    assert answered.detection.date_question is not None  # the question stays, with its answer
    first = answered.preview.frame["start_date"].iloc[0]
    assert (first.month, first.day) == (1, 1)
    second = answered.preview.frame["start_date"].iloc[1]
    assert (second.month, second.day) == (2, 6)  # 02/06/2024 read month first


@pytest.mark.quick
def test_a_header_only_file_is_an_empty_export(duck_store, spanish, tmp_path):
    _, inter = spanish
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(inter.read_bytes().split(b"\r\n", 1)[0] + b"\r\n")
    found = inspect_file(duck_store, empty, "interactions", choices={NOTES_HEADER: "notes"})
    assert found.empty and found.refused is None


# -- storing ----------------------------------------------------------------------------------------
def _plans(staged: dict, mapping: dict) -> list[FilePlan]:
    return [FilePlan(t, s.path, mapping.get(t, {}), None, s.size) for t, s in staged.items()]


def test_a_job_stores_what_the_command_line_stores(store, spanish, tmp_path):
    customers, inter = spanish
    staged = {"customers": _staged(customers, "customers"), "interactions": _staged(inter, "interactions")}
    mapping = {"interactions": {NOTES_HEADER: "notes"}}
    state = UploadJob(store, _plans(staged, mapping), uploaded_by="ana").start().wait(120)
    assert state.status == "done", state.error
    counts = counts_table(state.summaries).set_index("table")
    assert counts.loc["customers", "rejected"] == BAD_CUSTOMERS
    assert counts.loc["interactions", "rejected"] == BAD_INTERACTIONS
    assert (counts["rows"] == counts[["accepted", "duplicates", "updated", "rejected"]].sum(axis=1)).all()

    # the command line's ingest of the same files, into a database of its own
    cli = Store(f"duckdb:///{tmp_path / 'cli.duckdb'}")
    cli.create_all()
    ingest_file(cli, "customers", customers)
    ingest_file(cli, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    assert store.counts() == cli.counts()
    cols = [c.name for c in interactions.c if c.name not in ("upload_id", "interaction_key")]
    q = sa.select(*[interactions.c[c] for c in cols]).order_by(interactions.c.interaction_id)
    ours, theirs = store.read_frame(q), cli.read_frame(q)
    pd.testing.assert_frame_equal(ours, theirs, check_dtype=False)

    # the summary's reasons, grouped, and the rejected rows in Spanish
    uid = state.summaries["interactions"].upload_id
    groups = reason_groups(store, uid, "es")
    assert groups["rows"].sum() == BAD_INTERACTIONS
    assert set(groups["code"]) == {"unknown_customer", "not_a_datetime", "not_a_number", "wrong_field_count"}
    assert "cliente desconocido · customer_id" in set(groups["reason"])
    table = rejects(store, uid, "es")
    assert list(table["line"]) == [5, 23, 24, 65]
    assert table["reason"].iloc[0].startswith("customer_id: 'C999999' no es un cliente conocido")
    assert table["reason"].iloc[3].startswith("la fila tiene 3 campos")

    # the same files again: nothing added
    again = UploadJob(store, _plans(staged, mapping)).start().wait(120)
    assert again.status == "done"
    assert {k: v for k, v in store.counts().items() if k != "uploads"} == {
        k: v for k, v in cli.counts().items() if k != "uploads"
    }
    assert again.summaries["interactions"].accepted == 0
    assert again.summaries["interactions"].duplicates == state.summaries["interactions"].accepted
    for s in staged.values():
        s.discard()
    cli.dispose()


@pytest.mark.quick
def test_rejected_rows_download_is_formula_safe(duck_store, tmp_path):
    from dashboard.tables import csv_bytes
    from dashboard.tables import rejected_rows as shown

    path = tmp_path / "clientes.csv"
    path.write_text("cliente;fecha_alta\n=HYPERLINK(1);ayer\nC2;01/02/2024\n", encoding="utf-8")
    summary = ingest_file(duck_store, "customers", path)
    assert summary.rejected == 1
    text = csv_bytes(shown(rejects(duck_store, summary.upload_id, "es"), "es"), "es").decode("utf-8-sig")
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")
    assert "'=HYPERLINK" in text


def _cancel_after(n: int):
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > n

    return cancel


@pytest.mark.parametrize("table", ["customers", "interactions"])
def test_a_cancel_at_any_check_leaves_the_database_as_it_was(store, spanish, table):
    customers, inter = spanish
    if table == "interactions":
        ingest_file(store, "customers", customers)
    big = inter if table == "interactions" else customers
    mapping = {NOTES_HEADER: "notes"} if table == "interactions" else None
    before = _snapshot(store)
    n, cancelled = 0, 0
    while True:
        cancel = _cancel_after(n)
        try:
            ingest_file(store, table, big, mapping=mapping, cancel=cancel)
        except UploadCancelled:
            cancelled += 1
            assert _snapshot(store) == before, f"cancelled after {n} checks"
            n += 1
            continue
        break
    assert cancelled >= 3  # at the start, after each batch read, before the commit
    assert _snapshot(store) != before  # the run that was not cancelled stored the file


@pytest.mark.quick
def test_a_job_cancelled_keeps_the_files_stored_before(duck_store, spanish, monkeypatch):
    import analytics.upload.job as jobmod

    customers, inter = spanish
    staged = {"customers": _staged(customers, "customers"), "interactions": _staged(inter, "interactions")}
    job = UploadJob(duck_store, _plans(staged, {"interactions": {NOTES_HEADER: "notes"}}))
    real = jobmod.ingest_file

    def ingest(store, table, *args, **kwargs):
        if table == "interactions":  # the user cancels once the customers are stored
            job.cancel()
        return real(store, table, *args, **kwargs)

    monkeypatch.setattr(jobmod, "ingest_file", ingest)
    state = job.start().wait(60)
    assert state.status == "cancelled" and state.failed_table == "interactions"
    assert list(state.summaries) == ["customers"]
    assert duck_store.counts()["interactions"] == 0
    assert duck_store.counts()["customers"] == 120
    for s in staged.values():
        s.discard()


@pytest.mark.quick
def test_a_job_that_fails_says_why_in_one_line(duck_store, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"\x00\x01\x02binary")
    state = UploadJob(duck_store, [FilePlan("customers", bad, {}, None, 7)]).start().wait(30)
    assert state.status == "failed" and state.error is not None


# -- removal ----------------------------------------------------------------------------------------
def test_removing_an_upload_of_interactions(store, spanish):
    customers, inter = spanish
    cust = ingest_file(store, "customers", customers)
    first = ingest_file(store, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    version = store.data_version()
    kept = rejects(store, first.upload_id)
    with pytest.raises(CannotRemove) as info:
        remove_upload(store, cust.upload_id)
    assert info.value.reason == "not_interactions"
    with pytest.raises(CannotRemove):
        remove_upload(store, 999)

    done = remove_upload(store, first.upload_id, by="ana")
    assert done.rows == first.accepted
    assert store.counts()["interactions"] == 0
    assert store.data_version() > version
    record = store.upload(first.upload_id)
    assert record["removed_by"] == "ana" and record["removed_at"] is not None
    assert record["accepted"] == first.accepted  # the record is kept as it was
    pd.testing.assert_frame_equal(rejects(store, first.upload_id), kept)  # its rejects too
    if store.path is not None:
        folder = parts.parts_dir(store.path)
        assert not folder.exists() or not any(folder.iterdir())
    with pytest.raises(CannotRemove) as info:
        remove_upload(store, first.upload_id)
    assert info.value.reason == "removed"

    # the same file again is stored again (a removed upload is not "already uploaded")
    again = ingest_file(store, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    assert again.accepted == first.accepted and again.already_uploaded is None
    assert store.counts()["interactions"] == first.accepted


def test_removing_an_upload_after_a_merge(duck_store, spanish):
    customers, inter = spanish
    ingest_file(duck_store, "customers", customers)
    first = ingest_file(duck_store, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    duck_store.merge_parts()
    done = remove_upload(duck_store, first.upload_id)
    assert (done.from_table, done.from_part) == (first.accepted, 0)
    assert duck_store.counts()["interactions"] == 0
    shutil.rmtree(parts.parts_dir(duck_store.path), ignore_errors=True)


@pytest.mark.quick
def test_the_ingest_takes_the_inspections_dialect_and_the_staging_hash(duck_store, spanish, monkeypatch):
    """The page does not read the file a second time to find what it already showed."""
    import analytics.ingest as ingest_module

    customers, _ = spanish
    staged = _staged(customers, "customers")
    found = inspect_file(duck_store, staged.path, "customers", content_hash=staged.content_hash)
    assert found.dialect is not None and found.dialect.decimal_comma

    def no_second_look(*args, **kwargs):
        raise AssertionError("sniffed or hashed again")

    monkeypatch.setattr(ingest_module.csvio, "sniff", no_second_look)
    monkeypatch.setattr(ingest_module, "file_hash", no_second_look)
    plan = FilePlan(
        "customers", staged.path, found.final_mapping(), None, staged.size, found.dialect, staged.content_hash
    )
    state = UploadJob(duck_store, [plan]).start().wait(60)
    assert state.status == "done", state.error
    assert state.summaries["customers"].accepted == 120
    assert duck_store.upload(state.summaries["customers"].upload_id)["content_hash"] == file_hash(customers)
    staged.discard()
