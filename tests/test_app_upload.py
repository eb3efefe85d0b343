"""The analysts' pages without a browser (Streamlit's AppTest): the upload page from an empty
database to the summary (the file picker itself needs a browser: the staged files are put in the
session as the picker puts them), the uploads page with a removed upload, the review page in
both languages; and the page-side helpers of the mapping and the summary as plain functions."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import store as store_module
from analytics.ingest import ingest_file
from analytics.store import Store
from analytics.upload import UNDECIDED, inspect_file, mapping_rows, remove_upload, stage_file
from dashboard import reviewing, uploading
from dashboard.formatting import md_escape
from dashboard.strings import t
from models.review import exit_reason_list
from tests.spanish_export import NOTES_HEADER, write_spanish_export

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def strict_strings(monkeypatch):
    monkeypatch.setenv("CHURN_STRICT_STRINGS", "1")


@pytest.fixture
def team_db(tmp_path, monkeypatch):
    path = tmp_path / "team.duckdb"
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", tmp_path / "default.duckdb")
    monkeypatch.setenv("DATABASE_URL", f"duckdb:///{path}")
    store = Store(f"duckdb:///{path}")
    store.create_all()
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> tuple[Path, Path]:
    return write_spanish_export(tmp_path_factory.mktemp("es"), customers=120)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(path: str, lang: str = "es") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    _run(at)
    at.switch_page(path)
    return _run(at)


def _texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + [e.value for e in at.error]
        + [w.value for w in at.warning]
        + [i.value for i in at.info]
        + [s.value for s in at.success]
    )


# -- the page-side helpers, as functions --------------------------------------------------------------
@pytest.mark.quick
def test_the_mapping_editor_rows_and_the_choices_read_from_its_edits(spanish):
    _, inter = spanish
    from analytics.contract import CONTRACTS
    from analytics.csvio import sniff_header

    head = sniff_header(inter, CONTRACTS["interactions"])
    base = uploading.mapping_frame(
        "interactions", mapping_rows(head.header, head.records, CONTRACTS["interactions"]), "es"
    )
    row = base.index[base["header"] == NOTES_HEADER][0]
    assert base.loc[row, "maps_to"] == uploading.CHOOSE
    assert base.loc[row, "suggested"] == "no reconocida"
    # nothing edited: the unknown header is undecided; edited: mapped, or left out
    assert uploading.choices_with_edits(base, None)[NOTES_HEADER] == UNDECIDED
    edits = {"edited_rows": {str(row): {"maps_to": "notes"}}}
    assert uploading.choices_with_edits(base, edits)[NOTES_HEADER] == "notes"
    edits = {"edited_rows": {row: {"maps_to": uploading.IGNORE}}}
    assert uploading.choices_with_edits(base, edits)[NOTES_HEADER] is None
    # every option is labelled with its description in the language, required ones marked
    assert uploading.column_label("timestamp", "interactions", "es").startswith("timestamp* · ")
    assert uploading.column_label(uploading.IGNORE, "interactions", "es") == "— no cargar —"


@pytest.mark.quick
def test_the_preview_and_summary_frames(duck_store, spanish):
    customers, _ = spanish
    found = inspect_file(duck_store, customers, "customers")
    shown = uploading.preview_frame(found.preview, found, "es")
    bad = shown[shown["Estado"] == "se aparta"]
    assert bad["Línea"].tolist() == [41]
    assert bad["start_date (fecha_alta)"].tolist() == ["31/02/2025"]  # as written in the file
    assert "no es una fecha válida" in bad["Motivo"].iloc[0]
    good = shown[shown["Estado"] == "se guarda"].iloc[0]
    assert "," in good["monthly_revenue (cuota_mensual)"]  # 89,55: written the Spanish way
    styled = uploading.preview_styled(found.preview, found, "es").to_html()
    assert uploading.MARKED.split(";")[0] in styled

    summary = ingest_file(duck_store, "customers", customers)
    counts = uploading.counts_frame({"customers": summary}, "es")
    assert counts.columns.tolist()[:3] == ["Tabla", "Archivo", "Carga"]
    assert counts[["Filas", "Guardadas", "Rechazadas"]].iloc[0].tolist() == [122, 120, 2]
    line = uploading.summary_line(summary, "es")
    assert line == "**clientes\\.csv**: 122 filas leídas, 120 nuevas guardadas, 2 apartadas."


@pytest.mark.quick
def test_a_file_name_is_escaped_where_markdown_shows_it():
    from dashboard.formatting import md_escape

    assert (
        md_escape("**[x](javascript:alert(1))**.csv")
        == "\\*\\*\\[x\\]\\(javascript:alert\\(1\\)\\)\\*\\*\\.csv"
    )
    assert md_escape("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert\\(1\\)\\>"


# -- the pages --------------------------------------------------------------------------------------
def test_an_empty_database_offers_the_demo_on_the_upload_page(team_db):
    at = _page("pages/upload.py")
    assert "La base de datos está vacía." in _texts(at)
    demo = next(b for b in at.button if b.label == "Cargar los datos de demostración")
    demo.click()
    _run(at)
    assert team_db.counts()["customers"] == 5000


@pytest.mark.slow
def test_the_upload_page_from_mapping_to_summary(team_db, spanish):
    customers, inter = spanish
    staged = {
        "customers": stage_file(io.BytesIO(customers.read_bytes()), customers.name, "customers"),
        "interactions": stage_file(io.BytesIO(inter.read_bytes()), inter.name, "interactions"),
    }
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "es"
    _run(at)
    at.switch_page("pages/upload.py")
    at.session_state["upload_staged"] = staged
    _run(at)
    # the unknown column stops the upload, said in Spanish, naming the header
    assert any(md_escape(f"'{NOTES_HEADER}' no es una columna") in e.value for e in at.error)
    store = next(b for b in at.button if b.label == "Guardar")
    assert store.disabled
    # the user maps it in the grid (its edits, as the grid keeps them)
    editor = f"upload_map_interactions_{staged['interactions'].content_hash[:12]}"
    at.session_state[editor] = {
        "edited_rows": {18: {"maps_to": "notes"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    _run(at)
    assert not at.error
    assert any(
        md_escape("Línea 24: wait_seconds: 'diez' no es un número válido") in m.value for m in at.markdown
    )
    store = next(b for b in at.button if b.label == "Guardar")
    assert not store.disabled
    store.click()
    _run(at)
    job = at.session_state["upload_job"]
    state = job.wait(120)
    assert state.status == "done", state.error
    _run(at)
    text = _texts(at)
    assert "**clientes\\.csv**: 122 filas leídas, 120 nuevas guardadas, 2 apartadas." in text
    assert "**interacciones\\.csv**: " in text and ", 4 apartadas." in text
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Descargar las 2 filas apartadas (CSV)" in labels
    assert "Descargar las 4 filas apartadas (CSV)" in labels
    assert team_db.counts()["customers"] == 120
    for s in staged.values():
        s.discard()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_uploads_page_shows_a_removed_upload(team_db, spanish, lang):
    customers, inter = spanish
    ingest_file(team_db, "customers", customers)
    up = ingest_file(team_db, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    remove_upload(team_db, up.upload_id, by="ana")
    at = _page("pages/uploads.py", lang)
    history = at.dataframe[0].value
    status = history.iloc[:, 1].tolist()
    removed = {"en": "removed", "es": "quitada"}[lang]
    assert any(removed in s and "ana" in s for s in status), status
    # nothing left to remove: the customers upload cannot be, the interactions one was
    assert not any(b.label.startswith({"en": "Remove", "es": "Quitar"}[lang]) for b in at.button)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_review_page(team_db, spanish, lang):
    customers, inter = spanish
    ingest_file(team_db, "customers", customers)
    ingest_file(team_db, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    at = _page("pages/review.py", lang)
    assert any(
        {"en": "Review notes and reasons", "es": "Revisar notas y motivos"}[lang] in t.value for t in at.title
    )
    notes = at.dataframe[0].value  # the editor: nothing chosen yet, the guess in the language
    assert (notes["family"] == uploading.CHOOSE).all() and len(notes) > 0
    assert {"en": "No failure", "es": "Sin fallo"}[lang] in set(notes["guess"])
    assert any("--repeat-days 7 --long-wait-seconds 900" in c.value for c in at.code)
    # the stated exit reasons, most customers first, each read into a family named in the language
    reasons = at.dataframe[1].value
    assert (reasons["family"] == uploading.CHOOSE).all() and len(reasons) > 0
    assert reasons["customers"].is_monotonic_decreasing and reasons["customers"].iloc[-1] >= 1
    named = {
        t(f"family.{f}", lang) for f in ("attitude", "process", "price", "quality", "none", "unclassified")
    }
    named.add(t("cause.not_stated", lang))
    assert set(reasons["read_as"]) <= named, set(reasons["read_as"]) - named
    sources = [pd.DataFrame(d.value) for d in at.dataframe]
    assert any({"en": "Source", "es": "Fuente"}[lang] in f.columns for f in sources)
    assert at.toggle[0].value is False  # the reasons as given, most customers first
    # the link from the Overview's unsure share opens the reasons least sure first
    linked = AppTest.from_file(APP, default_timeout=120)
    linked.query_params["lang"] = lang
    linked.query_params["unsure"] = "1"
    _run(linked)
    linked.switch_page("pages/review.py")
    _run(linked)
    assert linked.toggle[0].value is True
    first = linked.dataframe[1].value
    assert (
        first["text"].tolist()
        == reviewing.reasons_editor_frame(exit_reason_list(team_db), lang, unsure_first=True)["text"].tolist()
    )


def test_undecidable_dates_are_asked_on_the_page_with_examples(team_db, tmp_path):
    path = tmp_path / "clientes.csv"
    path.write_text(
        "cliente;fecha_alta\n" + "".join(f"C{i};0{1 + i % 9}/0{1 + (i * 5) % 9}/2024\n" for i in range(30)),
        encoding="utf-8",
    )
    staged = {"customers": stage_file(io.BytesIO(path.read_bytes()), path.name, "customers")}
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = "es"
    _run(at)
    at.switch_page("pages/upload.py")
    at.session_state["upload_staged"] = staged
    _run(at)
    text = _texts(at)
    assert "Las fechas de fecha\\_alta se leen de las dos maneras" in text
    # an example from the file, read both ways, written out so that day and month cannot be mistaken
    assert (
        "02/06/2024 es el 2 jun 2024 leído con el día primero, el 6 feb 2024 con el mes primero"
        in text.replace("\\", "")
    )
    question = next(r for r in at.radio if r.label == "Las fechas están escritas")
    assert question.value == "dmy"
    question.set_value("mdy")
    _run(at)
    preview = at.dataframe[-1].value
    first = preview.iloc[0]
    # 01/01/2024 then 02/06/2024 read month first: 6 Feb
    assert "6 feb 2024" in preview.iloc[1].to_string() and "1 ene 2024" in first.to_string()
    staged["customers"].discard()
