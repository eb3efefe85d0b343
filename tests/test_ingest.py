"""Upload into the store, on DuckDB and on PostgreSQL: counts, rejects, duplicates, updates,
all-or-nothing, and the command line's output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics import csvio, ingest
from analytics.ingest import ingest_file, ingest_files, reject_counts, rejected_frame, safe_for_spreadsheet
from analytics.reasons import render_stored
from analytics.schema import customers, interactions, uploads
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent

CUSTOMERS_CSV = """customer_id,start_date,end_date,churn_reason,segment,plan,region,monthly_revenue
C1,2024-01-05,,,residential,basic,Norte,30.5
C2,2024-02-10,2024-09-01,muy caro,business,plus,Sur,55
C3,2024-03-15,,,residential,premium,Centro,80
"""

INTERACTIONS_CSV = """interaction_id,customer_id,timestamp,channel,agent_id,team,topic,failure_type,resolved,transferred,escalated,wait_seconds,notes
I1,C1,2024-02-01 10:00,phone,AG1,billing,billing,,true,0,no,30,consulta saldo
I2,C1,2024-03-01 11:30,chat,AG2,support,internet,actitud,false,0,no,60,me colgo
I3,C2,2024-03-02 09:00,phone,AG1,billing,billing,process,false,2,denied,1200,eso lo maneja otra area
I4,C9,2024-03-03 09:00,phone,AG1,billing,billing,,true,0,no,10,unknown customer
I5,C3,2024-01-01 09:00,phone,AG1,billing,billing,,true,0,no,10,before start
I6,C3,2024-04-01 09:00,store,AG3,store,device,,true,0,no,-5,negative wait
"""
NEW_CONTACT = "I7,C2,2024-05-01 09:00,phone,AG1,billing,billing,,true,0,no,15,another question\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def table_count(store, table) -> int:
    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar())


def test_ingest_counts_and_rejects(store, tmp_path):
    c = ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    assert (c.rows, c.accepted, c.rejected, c.duplicates, c.updated) == (3, 3, 0, 0, 0)
    s = ingest_file(store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    assert s.rows == 6
    assert s.accepted == 3
    assert s.rejected == 3
    assert s.rows == s.accepted + s.rejected + s.duplicates
    rej = rejected_frame(store, s.upload_id)
    by_line = dict(zip(rej["line"], rej["reason"]))
    assert set(by_line) == {5, 6, 7}  # header is line 1
    assert "C9" in by_line[5] and "not a known customer" in by_line[5]
    assert "before the customer's start_date" in by_line[6]
    assert "wait_seconds" in by_line[7] and "-5" in by_line[7]
    assert all(isinstance(r, str) and r for r in rej["raw"])
    assert table_count(store, interactions) == 3
    with store.read() as conn:
        row = (
            conn.execute(sa.select(interactions).where(interactions.c.interaction_id == "I3"))
            .mappings()
            .one()
        )
    assert row["transferred"] == 2 and row["escalated"] == "denied" and row["wait_seconds"] == 1200


def test_same_file_twice_stores_nothing_twice(store, tmp_path):
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    ipath = write(tmp_path, "i.csv", INTERACTIONS_CSV)
    ingest_file(store, "customers", cpath)
    first = ingest_file(store, "interactions", ipath)
    version = store.data_version()
    again_c = ingest_file(store, "customers", cpath)
    again = ingest_file(store, "interactions", ipath)
    assert (again_c.accepted, again_c.duplicates, again_c.updated) == (0, 3, 0)
    assert again.accepted == 0
    assert again.duplicates == first.accepted
    assert again.already_uploaded == first.upload_id
    assert table_count(store, customers) == 3
    assert table_count(store, interactions) == first.accepted
    # Nothing changed: the reports kept for this version stay current (not recomputed for the same
    # data); the two uploads are on record all the same.
    assert store.data_version() == version
    assert [u["upload_id"] for u in store.latest_uploads(2)] == [again.upload_id, again_c.upload_id]
    ingest_file(store, "interactions", write(tmp_path, "more.csv", INTERACTIONS_CSV + NEW_CONTACT))
    assert store.data_version() == version + 1  # a new row moves it


def test_rows_without_interaction_id_deduplicated_by_content(store, tmp_path):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    text = "customer_id,timestamp,channel\nC1,2024-02-01 10:00,phone\nC1,2024-02-02 10:00,chat\n"
    first = ingest_file(store, "interactions", write(tmp_path, "a.csv", text))
    # Same rows, another export: other separator and date style, one new row.
    text2 = (
        "cliente;fecha;canal\nC1;01/02/2024 10:00;phone\nC1;02/02/2024 10:00;chat\nC1;20/02/2024 10:00;chat\n"
    )
    second = ingest_file(store, "interactions", write(tmp_path, "b.csv", text2))
    assert first.accepted == 2
    assert (second.accepted, second.duplicates) == (1, 2)
    assert table_count(store, interactions) == 3


@pytest.mark.quick
def test_later_customers_export_updates_end_date(store, tmp_path):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    later = CUSTOMERS_CSV.replace("C1,2024-01-05,,,", "C1,2024-01-05,2024-10-01,me mudo,")
    s = ingest_file(store, "customers", write(tmp_path, "c2.csv", later))
    assert (s.accepted, s.updated, s.duplicates, s.rejected) == (0, 1, 2, 0)
    with store.read() as conn:
        row = conn.execute(sa.select(customers).where(customers.c.customer_id == "C1")).mappings().one()
    assert str(row["end_date"])[:10] == "2024-10-01"
    assert row["churn_reason"] == "me mudo"


def test_failure_mid_file_leaves_database_as_before(store, tmp_path, monkeypatch):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    before = {t.name: table_count(store, t) for t in (customers, interactions, uploads)}
    version = store.data_version()
    real_read = csvio.read_table

    def exploding(*args, **kwargs):
        for i, chunk in enumerate(real_read(*args, **kwargs)):
            yield chunk
            if i == 0:
                raise OSError("disk vanished mid-file")

    monkeypatch.setattr(ingest.csvio, "read_table", exploding)
    with pytest.raises(OSError, match="disk vanished"):
        ingest_file(store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    after = {t.name: table_count(store, t) for t in (customers, interactions, uploads)}
    assert after == before
    assert store.data_version() == version


@pytest.mark.quick
def test_refused_file_stores_nothing(store, tmp_path):
    with pytest.raises(csvio.FileRefused):
        ingest_file(store, "customers", write(tmp_path, "empty.csv", ""))
    assert table_count(store, uploads) == 0


@pytest.mark.quick
def test_spanish_cp1252_export(store, tmp_path):
    text = (
        "Cliente;Fecha Alta;Fecha Baja;Motivo Baja;Segmento;Plan;Región;Cuota Mensual\n"
        "C1;05/01/2024;;;residencial;básico;Andalucía;30,50\n"
        "C2;13/02/2024;01/09/2024;atención pésima;empresa;plus;Cataluña;1.055,25\n"
    )
    s = ingest_file(store, "customers", write(tmp_path, "clientes.csv", text, "cp1252"))
    assert (s.accepted, s.rejected) == (2, 0)
    with store.read() as conn:
        rows = {r.customer_id: r for r in conn.execute(sa.select(customers))}
    assert rows["C2"].churn_reason == "atención pésima"
    assert rows["C2"].monthly_revenue == pytest.approx(1055.25)
    assert str(rows["C1"].start_date)[:10] == "2024-01-05"


def test_rejected_rows_keep_codes_and_parameters_and_count_by_kind(store, tmp_path):
    """Each rejected row keeps its reasons as codes with parameters beside the English text: a page
    renders them in Spanish and counts them by kind."""
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    text = INTERACTIONS_CSV + "I7,C8,2024-04-02 09:00,phone,AG1,billing,billing,,quizás,0,no,-1,two reasons\n"
    s = ingest_file(store, "interactions", write(tmp_path, "i.csv", text))
    rej = rejected_frame(store, s.upload_id)
    assert list(rej.columns) == ["line", "raw", "reason", "code", "params"]
    by_line = rej.set_index("line")
    assert by_line.loc[5, "code"] == "unknown_customer"
    assert json.loads(by_line.loc[5, "params"]) == [
        {"code": "unknown_customer", "column": "customer_id", "value": "C9"}
    ]
    assert by_line.loc[6, "code"] == "before_customer_start"
    assert [r["code"] for r in json.loads(by_line.loc[8, "params"])] == [
        "unknown_customer",
        "not_yes_no",
        "below_minimum",
    ]
    for params, reason in zip(rej["params"], rej["reason"]):
        assert render_stored(params) == reason
    assert render_stored(by_line.loc[5, "params"], "es") == (
        "customer_id: 'C9' no es un cliente conocido (cargue antes el archivo de clientes, o corrija el identificador)"
    )
    counts = reject_counts(store, s.upload_id)
    assert counts.to_dict("records") == [
        {"code": "below_minimum", "column": "wait_seconds", "rows": 2},
        {"code": "unknown_customer", "column": "customer_id", "rows": 2},
        {"code": "before_customer_start", "column": "timestamp", "rows": 1},
        {"code": "not_yes_no", "column": "resolved", "rows": 1},
    ]


def test_database_from_before_reason_codes_gets_the_columns(store, tmp_path):
    """A store whose rejected_rows predate reason codes gets the columns on open; its old rows keep
    their text, count under no code, and new uploads fill them in."""
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    first = ingest_file(store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    with store.write() as conn:
        conn.exec_driver_sql("ALTER TABLE rejected_rows DROP COLUMN code")
        conn.exec_driver_sql("ALTER TABLE rejected_rows DROP COLUMN params")
    store.dispose()
    again = type(store)(store.url)
    try:
        again.create_all()
        old = rejected_frame(again, first.upload_id)
        assert old["code"].isna().all() and old["reason"].str.len().gt(0).all()
        assert reject_counts(again, first.upload_id).to_dict("records") == [
            {"code": None, "column": None, "rows": 3}
        ]
        later = INTERACTIONS_CSV.replace("I6,", "I16,").replace("I4,", "I14,").replace("I5,", "I15,")
        s = ingest_file(again, "interactions", write(tmp_path, "i2.csv", later))
        assert rejected_frame(again, s.upload_id)["code"].notna().all()
    finally:
        again.dispose()


@pytest.mark.slow
def test_cli_rejects_export_names_the_command_line_options(tmp_path):
    """The CSV of rejects keeps the English reason, naming --date-order (not the Python parameter)."""
    db = f"duckdb:///{tmp_path / 'cli.duckdb'}"
    cpath = write(tmp_path, "c.csv", "customer_id,start_date\nC1,25/01/2024\nC2,01/25/2024\n")
    ingest = run_cli("ingest", "--customers", str(cpath), "--db", db)
    assert ingest.returncode == 0, ingest.stderr
    out = run_cli("rejects", "1", "--db", db)
    frame = pd.read_csv(io.StringIO(out.stdout))
    assert list(frame.columns) == ["line", "raw", "reason", "code"]
    assert frame["code"].tolist() == ["contradicts_date_order"]
    assert frame["line"].tolist() == [2]  # one date of each order: the file reads as mm/dd (English)
    assert "Fix the value, or pass --date-order dmy if the whole column" in frame["reason"].iloc[0]


CONFLICT_BASE = """interaction_id,customer_id,timestamp,channel,wait_seconds,notes
I1,C1,2024-02-01 10:00,phone,30,consulta saldo
I2,C1,2024-03-01 11:30,phone,60,me colgo
I3,C2,2024-03-02 09:00,chat,,
"""


def test_reused_interaction_id_with_other_content_is_a_conflict(store, tmp_path):
    """Another dataset's rows reusing stored ids were dropped as 'already stored' (issue 19 item 6).
    Same id and same content is a duplicate; same id and other content is rejected, naming the
    difference and where the stored version came from."""
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    first = ingest_file(store, "interactions", write(tmp_path, "a.csv", CONFLICT_BASE))
    other = (
        "cliente;id_interaccion;fecha;canal;espera_segundos;observaciones\n"
        "C1;I1;01/02/2024 10:00;phone;30;consulta saldo\n"  # the same row, exported another way
        "C1;I2;01/03/2024 11:30;chat;60;otra cosa\n"  # the same id, another contact
        "C2;I3;02/03/2024 09:00;chat;15;\n"  # a wait filled in where there was none
        "C3;I9;03/04/2024 12:00;store;5;nueva\n"
    )
    s = ingest_file(store, "interactions", write(tmp_path, "b.csv", other))
    assert (s.rows, s.accepted, s.duplicates, s.rejected) == (4, 1, 1, 2)
    rej = rejected_frame(store, s.upload_id).set_index("line")
    assert rej["code"].to_dict() == {3: "conflicting_id", 4: "conflicting_id"}
    assert rej.loc[3, "raw"] == "C1;I2;01/03/2024 11:30;chat;60;otra cosa"
    assert rej.loc[3, "reason"] == (
        f"interaction_id: 'I2' is already stored with other content (upload {first.upload_id}, line 3): "
        "channel 'phone' stored, 'chat' here; notes 'me colgo' stored, 'otra cosa' here (expected the "
        "same content for the same interaction_id, or a new one)"
    )
    assert "wait_seconds empty stored, '15' here" in rej.loc[4, "reason"]
    assert render_stored(rej.loc[4, "params"], "es").startswith(
        "interaction_id: 'I3' ya está guardado con otro"
    )
    with store.read() as conn:
        stored = dict(conn.execute(sa.select(interactions.c.interaction_id, interactions.c.channel)).all())
    assert stored == {"I1": "phone", "I2": "phone", "I3": "chat", "I9": "store"}


def test_reused_interaction_id_within_one_file(store, tmp_path):
    """Inside one file the first occurrence is kept; a repeat with the same content is a duplicate,
    one with other content a conflict naming the line it disagrees with."""
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    text = (
        CONFLICT_BASE
        + "I1,C1,2024-02-01 10:00,phone,30,consulta saldo\nI2,C1,2024-03-01 11:30,phone,61,me colgo\n"
    )
    s = ingest_file(store, "interactions", write(tmp_path, "a.csv", text))
    assert (s.rows, s.accepted, s.duplicates, s.rejected) == (5, 3, 1, 1)
    rej = rejected_frame(store, s.upload_id)
    assert rej["line"].tolist() == [6] and rej["code"].tolist() == ["conflicting_id_in_file"]
    assert rej["reason"].iloc[0] == (
        "interaction_id: 'I2' appears earlier in this file with other content (line 3): wait_seconds '60' "
        "stored, '61' here (expected the same content for the same interaction_id, or a new one)"
    )
    # Uploading it again: every row is judged against what is stored, once.
    again = ingest_file(store, "interactions", write(tmp_path, "a.csv", text))
    assert (again.accepted, again.duplicates, again.rejected) == (0, 4, 1)
    assert rejected_frame(store, again.upload_id)["code"].tolist() == ["conflicting_id"]


def test_conflicts_across_batches_are_all_found(duck_store, tmp_path, monkeypatch):
    """The streamed DuckDB path checks each batch against what is stored and the whole file at the
    end: 60 reused ids among 120 rows, in batches of 4."""
    _small_batches(monkeypatch)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    ingest_file(duck_store, "interactions", write(tmp_path, "a.csv", _many_interactions(60)))
    later = _many_interactions(120).replace(",phone,", ",chat,")
    s = ingest_file(duck_store, "interactions", write(tmp_path, "b.csv", later))
    assert (s.rows, s.accepted, s.duplicates, s.rejected) == (120, 60, 0, 60)
    rej = rejected_frame(duck_store, s.upload_id)
    assert rej["line"].tolist() == list(range(2, 62))
    assert all("channel 'phone' stored, 'chat' here" in r for r in rej["reason"])


@pytest.mark.quick
def test_spreadsheet_export_neutralises_formulas():
    frame = pd.DataFrame({"raw": ["=HYPERLINK(1)", "+1", "-2", "@x", "ok"], "line": [1, 2, 3, 4, 5]})
    out = safe_for_spreadsheet(frame)
    assert list(out["raw"]) == ["'=HYPERLINK(1)", "'+1", "'-2", "'@x", "ok"]


@pytest.mark.slow
def test_cli_json_summary(tmp_path):
    db = f"duckdb:///{tmp_path / 'cli.duckdb'}"
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    ipath = write(tmp_path, "i.csv", INTERACTIONS_CSV)
    cmd = [
        sys.executable,
        "-m",
        "analytics",
        "ingest",
        "--customers",
        str(cpath),
        "--interactions",
        str(ipath),
        "--db",
        db,
        "--json",
    ]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    payload = json.loads(out.stdout)
    assert payload["customers"] == {"rows": 3, "accepted": 3, "rejected": 0, "duplicates": 0, "updated": 0}
    assert payload["interactions"]["rows"] == 6
    assert payload["interactions"]["accepted"] == 3 and payload["interactions"]["rejected"] == 3
    again = json.loads(subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    assert again["interactions"]["accepted"] == 0 and again["interactions"]["duplicates"] == 3
    # Human-readable output says where the rejects are.
    plain = subprocess.run(cmd[:-1], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "rejected rows: python -m analytics rejects" in plain


def test_cli_unreadable_file_exits_nonzero_with_one_line(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "ingest",
            "--customers",
            str(bad),
            "--db",
            f"duckdb:///{tmp_path / 'cli.duckdb'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode != 0
    assert len(out.stderr.strip().splitlines()) == 1
    assert "x.csv" in out.stderr


@pytest.mark.quick
def test_export_without_a_column_keeps_what_is_stored(store, tmp_path):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    # A later export carries only ids and end dates: segments, plans and revenue must survive.
    later = "customer_id,start_date,end_date\nC1,2024-01-05,2024-10-01\nC2,2024-02-10,2024-09-01\n"
    s = ingest_file(store, "customers", write(tmp_path, "ends.csv", later))
    assert (s.updated, s.duplicates) == (1, 1)
    with store.read() as conn:
        row = conn.execute(sa.select(customers).where(customers.c.customer_id == "C1")).mappings().one()
    assert row["segment"] == "residential" and row["plan"] == "basic" and row["monthly_revenue"] == 30.5
    assert str(row["end_date"])[:10] == "2024-10-01"


@pytest.mark.quick
def test_file_with_every_row_rejected(store, tmp_path):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    bad = "customer_id,timestamp\nC9,2024-02-01\nC8,not a date\n"
    s = ingest_file(store, "interactions", write(tmp_path, "bad.csv", bad))
    assert (s.rows, s.accepted, s.rejected) == (2, 0, 2)
    reasons = rejected_frame(store, s.upload_id)["reason"].tolist()
    assert any("not a known customer" in r for r in reasons) and any("timestamp" in r for r in reasons)
    assert table_count(store, interactions) == 0


def test_large_upload_path_spills_to_disk_with_same_result(duck_store, tmp_path, monkeypatch):
    """Past the in-memory budget the staged rows go to Parquet files; the result must not change."""
    from analytics.ingest import ArrowSpool

    monkeypatch.setattr(ArrowSpool, "memory_bytes", 1)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    s = ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    assert (s.rows, s.accepted, s.rejected) == (6, 3, 3)
    again = ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    assert (again.accepted, again.duplicates) == (0, 3)
    with duck_store.read() as conn:
        leftovers = [n for n in sa.inspect(conn).get_view_names() if n.startswith("stage_")]
    assert leftovers == []


def _small_batches(monkeypatch) -> None:
    """Row groups of 2 rows and batches of 4, so a small file crosses several appends."""
    monkeypatch.setattr(ingest._DuckDBAppender, "ROW_GROUP", 2)
    monkeypatch.setattr(ingest._DuckDBAppender, "batch_rows", 4)


def _many_interactions(n: int, repeat_every: int = 0) -> str:
    """``n`` interactions of C1..C3; with ``repeat_every`` k, every k-th row repeats the id of
    the row k-1 lines above it (with a different note, so the kept row can be told apart)."""
    lines = ["interaction_id,customer_id,timestamp,channel,notes"]
    for i in range(n):
        iid = f"I{i - repeat_every + 1}" if repeat_every and i % repeat_every == repeat_every - 1 else f"I{i}"
        lines.append(f"{iid},C{1 + i % 3},2024-05-{1 + i % 28:02d} 10:00,phone,row {i}")
    return "\n".join(lines) + "\n"


def test_streamed_append_keeps_first_of_each_key_across_batches(duck_store, tmp_path, monkeypatch):
    """DuckDB appends while reading: repeated ids in later batches are found, the first row (by
    line) is the one stored, and its line is recorded. (The repeats carry other notes: conflicts,
    rejected as such.)"""
    _small_batches(monkeypatch)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    s = ingest_file(
        duck_store, "interactions", write(tmp_path, "i.csv", _many_interactions(30, repeat_every=7))
    )
    assert (s.rows, s.accepted, s.duplicates, s.rejected) == (30, 26, 0, 4)
    assert set(rejected_frame(duck_store, s.upload_id)["code"]) == {"conflicting_id_in_file"}
    with duck_store.read() as conn:
        rows = conn.execute(
            sa.select(interactions.c.interaction_key, interactions.c.notes, interactions.c.source_line)
        ).all()
    stored = {k: (note, line) for k, note, line in rows}
    assert len(stored) == len(rows) == 26
    # I0 appears at line 2 (row 0) and again at line 8 (row 6): the first one is kept.
    assert stored["I0"] == ("row 0", 2)
    assert all(line == int(note.split()[1]) + 2 for note, line in stored.values())
    again = ingest_file(
        duck_store, "interactions", write(tmp_path, "i.csv", _many_interactions(30, repeat_every=7))
    )
    assert (again.accepted, again.duplicates, again.rejected) == (0, 26, 4)


def test_later_export_adds_only_new_rows(store, tmp_path, monkeypatch):
    _small_batches(monkeypatch)
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    ingest_file(store, "interactions", write(tmp_path, "a.csv", _many_interactions(10)))
    s = ingest_file(store, "interactions", write(tmp_path, "b.csv", _many_interactions(25)))
    assert (s.rows, s.accepted, s.duplicates) == (25, 15, 10)
    assert table_count(store, interactions) == 25


def test_failure_after_rows_were_appended_leaves_database_as_before(duck_store, tmp_path, monkeypatch):
    """The streamed append has written batches when the reader fails: all of it is rolled back."""
    _small_batches(monkeypatch)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    real_read = csvio.read_table
    appended = []
    real_insert = ingest._DuckDBAppender._insert

    def counting(self, table):
        appended.append(table.num_rows)
        return real_insert(self, table)

    def exploding(*args, **kwargs):
        yield from real_read(*args, **{**kwargs, "chunk_bytes": 1})
        raise OSError("disk vanished mid-file")

    monkeypatch.setattr(ingest._DuckDBAppender, "_insert", counting)
    monkeypatch.setattr(ingest.csvio, "read_table", exploding)
    with pytest.raises(OSError, match="disk vanished"):
        ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", _many_interactions(40)))
    assert sum(appended) >= 36  # the failure came after most rows were in the table
    assert table_count(duck_store, interactions) == 0
    assert table_count(duck_store, uploads) == 1  # the customers upload only


@pytest.mark.quick
@pytest.mark.parametrize("table", ["customers", "interactions"])
def test_failure_while_recording_the_upload_leaves_database_as_before(store, tmp_path, monkeypatch, table):
    """The upload's record and the data version are written in the transaction that stores the
    rows: if recording fails, the rows are not stored either (and a cache keyed by the data
    version cannot miss them)."""
    if table == "interactions":
        ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    before = (table_count(store, customers), table_count(store, interactions), table_count(store, uploads))
    version = store.data_version()
    real_close = ingest._close_upload

    def failing(*args, **kwargs):
        real_close(*args, **kwargs)
        raise RuntimeError("lost the connection while recording")

    monkeypatch.setattr(ingest, "_close_upload", failing)
    text = CUSTOMERS_CSV.replace("C1,", "C7,") if table == "customers" else _many_interactions(12)
    with pytest.raises(RuntimeError, match="lost the connection"):
        ingest_file(store, table, write(tmp_path, "f.csv", text))
    after = (table_count(store, customers), table_count(store, interactions), table_count(store, uploads))
    assert after == before and store.data_version() == version


def test_database_from_before_source_line_gets_the_column(tmp_path):
    """A store created before ``source_line`` existed is upgraded on open; its rows keep NULL."""
    from analytics.store import Store

    path = tmp_path / "old.duckdb"
    store = Store(f"duckdb:///{path}")
    store.create_all()
    with store.write() as conn:
        conn.exec_driver_sql("ALTER TABLE interactions DROP COLUMN source_line")
    store.dispose()
    store = Store(f"duckdb:///{path}")
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    s = ingest_file(store, "interactions", write(tmp_path, "i.csv", INTERACTIONS_CSV))
    assert s.accepted == 3
    with store.read() as conn:
        lines = sorted(conn.execute(sa.select(interactions.c.source_line)).scalars())
    assert lines == [2, 3, 4]


@pytest.mark.quick
def test_streamed_append_does_not_hold_the_batches_it_appended(duck_store, tmp_path, monkeypatch):
    """Memory stays flat over a long upload: each appended batch is released once it is stored.
    (A view registered on the connection was kept alive by DuckDB until the transaction ended,
    which at 10 M rows meant 2 GB more.)"""
    import pyarrow as pa

    monkeypatch.setattr(ingest._DuckDBAppender, "ROW_GROUP", 200)
    monkeypatch.setattr(ingest._DuckDBAppender, "batch_rows", 400)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    held = []
    real_insert = ingest._DuckDBAppender._insert

    def measuring(self, table):
        real_insert(self, table)
        held.append(pa.total_allocated_bytes())

    real_read = csvio.read_table
    monkeypatch.setattr(ingest._DuckDBAppender, "_insert", measuring)
    monkeypatch.setattr(
        ingest.csvio, "read_table", lambda *a, **k: real_read(*a, **{**k, "chunk_bytes": 8192})
    )
    s = ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", _many_interactions(8_000)))
    assert s.accepted == 8_000 and len(held) >= 15
    batch_bytes = 400 * 60  # a batch of these rows takes at least this much Arrow memory
    assert held[-1] - held[2] < 3 * batch_bytes, held


@pytest.mark.quick
def test_key_order_is_tracked_across_chunks():
    """The final duplicate check is skipped only while keys strictly increase, chunk after chunk."""
    import pyarrow as pa

    def seen(*chunks: list[str]) -> bool:
        order = ingest._KeyOrder()
        for chunk in chunks:
            order.see(pa.array(chunk, pa.string()))
        return order.ascending

    assert seen(["I1", "I2"], [], ["I3"], ["I4", "I5"])
    assert not seen(["I1", "I2", "I2"])  # a repeat inside a chunk
    assert not seen(["I1", "I2"], ["I2", "I3"])  # a repeat across two chunks
    assert not seen(["I1", "I3"], ["I2"])  # out of order: a repeat could come later
    assert not seen(["I1", "I3"], ["I4", "I2"], ["I5"])  # and stays off once off
    assert seen(["a", "b", "é"]) and not seen(["é"], ["z"])  # byte order, as Arrow compares


@pytest.mark.quick
def test_sorted_ids_with_one_repeat(duck_store, tmp_path, monkeypatch):
    """Keys in increasing order skip the final duplicate check; one repeat switches it back on."""
    _small_batches(monkeypatch)
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    header = "interaction_id,customer_id,timestamp,notes\n"
    ids = [f"I{i:03d}" for i in range(12)]
    ids.insert(4, "I003")
    text = header + "".join(f"{iid},C1,2024-05-01 10:00,row {n}\n" for n, iid in enumerate(ids))
    s = ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", text))
    assert (s.rows, s.accepted, s.duplicates, s.rejected) == (13, 12, 0, 1)  # the repeat's note differs
    with duck_store.read() as conn:
        query = sa.select(interactions.c.notes).where(interactions.c.interaction_id == "I003")
        assert conn.execute(query).scalar_one() == "row 3"
    first = {}
    for n, iid in enumerate(ids):
        first.setdefault(iid, n)
    sorted_only = header + "".join(f"{iid},C1,2024-05-01 10:00,row {first[iid]}\n" for iid in sorted(first))
    s = ingest_file(duck_store, "interactions", write(tmp_path, "j.csv", sorted_only))
    assert (s.accepted, s.duplicates) == (0, 12)


@pytest.mark.quick
def test_distinct_text_columns_skip_the_dictionary_on_duckdb(duck_store, tmp_path):
    """Keys and notes are stored with FSST even when a dictionary would have been picked (here the
    notes repeat), and the columns with few values keep the automatic choice."""
    lines = ["interaction_id,customer_id,timestamp,channel,notes"]
    for i in range(3000):
        lines.append(
            f"I{i},C{1 + i % 3},2024-05-{1 + i % 28:02d} 10:00,{('phone', 'chat', 'store')[i % 3]},nota {i % 3}"
        )
    ingest_file(duck_store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    ingest_file(duck_store, "interactions", write(tmp_path, "i.csv", "\n".join(lines) + "\n"))
    assert duck_store.merge_parts() == 3000  # the upload is a Parquet part until merged into the table
    with duck_store.write() as conn:
        conn.exec_driver_sql("CHECKPOINT")
        found = dict(
            conn.exec_driver_sql(
                "SELECT column_name, string_agg(DISTINCT compression, ',') FROM pragma_storage_info('interactions') "
                "WHERE segment_type = 'VARCHAR' GROUP BY column_name"
            ).all()
        )
    for name in ("interaction_key", "interaction_id", "customer_id", "notes"):
        assert found[name] == "FSST", (name, found)
    assert found["channel"] == "Dictionary", found


@pytest.mark.quick
def test_interaction_keys_are_the_id_or_a_hash_of_the_values():
    rows = pd.DataFrame(
        {
            "interaction_id": ["A7", None, None, None],
            "customer_id": ["C1", "C1", "C1", "C2"],
            "notes": ["x", "same", "same", "other"],
        }
    )
    keys = ingest.interaction_keys(rows).to_pylist()
    assert keys[0] == "A7"
    assert keys[1] == keys[2] != keys[3]
    for k in keys[1:]:
        assert k.startswith("h") and int(k[1:]) < 2**63  # "h" + a signed 64-bit integer
    # The hash is of the values, not of the position: the row alone gets the same key.
    assert ingest.interaction_keys(rows.iloc[[2]].reset_index(drop=True)).to_pylist() == [keys[2]]


@pytest.mark.quick
@pytest.mark.postgres
def test_both_databases_store_the_same_keys(duck_store, tmp_path):
    """DuckDB appends and PostgreSQL stages by different paths; a file's keys are the same on both
    (rows with and without an interaction_id)."""
    from tests.conftest import _fresh_postgres_store

    pg = _fresh_postgres_store()
    text = INTERACTIONS_CSV.replace("I2,", ",").replace("I3,", ",")
    keys = {}
    for name, store in (("duckdb", duck_store), ("postgres", pg)):
        ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
        ingest_file(store, "interactions", write(tmp_path, "i.csv", text))
        with store.read() as conn:
            keys[name] = sorted(conn.execute(sa.select(interactions.c.interaction_key)).scalars())
    pg.dispose()
    assert len(keys["duckdb"]) == 3 and sum(k.startswith("h") for k in keys["duckdb"]) == 2
    assert keys["duckdb"] == keys["postgres"]


@pytest.mark.quick
def test_spanish_demo_export_reads_like_the_english_one(tmp_path):
    """The same demo world exported by a Spanish system (Spanish headers and values, ';', decimal
    comma, dd/mm/yyyy, sí/no, Windows-1252) is accepted whole and yields the same failure labels."""
    from analytics.store import Store
    from demo import write_demo
    from models import labels

    found = {}
    for style in ("en", "es"):
        out = tmp_path / style
        write_demo(out, 300, 5, style=style)
        store = Store(f"duckdb:///{tmp_path / (style + '.duckdb')}")
        c = ingest_file(store, "customers", out / "customers.csv")
        i = ingest_file(store, "interactions", out / "interactions.csv")
        assert c.rejected == i.rejected == 0 and c.accepted == 300 and i.accepted == i.rows > 0
        coded = labels._coded_labels(store)
        found[style] = coded.sort_values("interaction_key").reset_index(drop=True)
        store.dispose()
    assert len(found["en"]) > 20
    pd.testing.assert_frame_equal(found["en"], found["es"])


@pytest.mark.quick
def test_the_as_of_date_moves_the_data_version_only_when_it_changes(store, tmp_path):
    """Every kept result depends on the as-of date; the same command run again does not."""
    cpath = write(tmp_path, "c.csv", CUSTOMERS_CSV)
    ingest_files(store, customers_path=cpath, as_of=date(2024, 6, 30))
    version = store.data_version()
    ingest_files(store, customers_path=cpath, as_of=date(2024, 6, 30))  # nothing new, same date
    assert store.data_version() == version and store.get_meta("as_of") == "2024-06-30"
    ingest_files(store, as_of=date(2024, 7, 31))
    assert store.data_version() == version + 1 and store.get_meta("as_of") == "2024-07-31"
