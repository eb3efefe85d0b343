"""End to end in a real browser: an analyst uploads a Spanish export, fixes a mapping, stores it,
reads the summary, uploads it again, downloads the rejects, and corrects a note.

The dashboard runs as ``streamlit run app.py`` on an empty embedded database named by
``DATABASE_URL`` (so no demo loads). The export (tests/spanish_export.py) is Windows-1252, ``;``,
dd/mm/yyyy, decimal commas, Spanish headers, one column the contract does not know (mapped to
``notes`` in the grid) and a few bad rows. What the page stores is compared with what the
command line stores from the same files into a database of its own: the counts of the summary
(downloaded as CSV) and every stored row. Screenshots land in ``CHURN_SCREENSHOT_DIR``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics.schema import customers, interactions, label_corrections
from analytics.store import Store
from tests.conftest import run_cli
from tests.spanish_export import BAD_CUSTOMERS, BAD_INTERACTIONS, NOTES_HEADER, write_spanish_export
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, ROOT, _free_port, _wait_healthy, streamlit_argv

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAP_WIDTHS = (210, 260, 160)  # dashboard.uploading.MAP_WIDTHS: the mapping grid's first columns
REVIEW_TEXT_WIDTH = 360  # the review grid's note column (pages/review.py)
ROW = 35  # a grid row's height in pixels (header included)


def start_dashboard(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` on the embedded database ``db`` (no demo: it is not the default)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"duckdb:///{db}"}
    env.setdefault("CHURN_CACHE_DIR", str(db.parent / "cache"))
    proc = subprocess.Popen(
        streamlit_argv(port),
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
    except BaseException:
        stop(proc)
        raise
    return proc, url


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def need_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI_BROWSER_REQUIRED"):
            pytest.fail("Debian's chromium is missing at /usr/bin/chromium; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture
def served(tmp_path):
    need_chromium()
    db = tmp_path / "page.duckdb"
    proc, url = start_dashboard(db, tmp_path / "streamlit.log")
    try:
        yield url, db
    finally:
        stop(proc)


def _shot(page, folder: Path, name: str) -> None:
    page.wait_for_timeout(1200)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def pick(page, label: str, path: Path) -> None:
    """Choose a file in the picker labelled ``label`` and wait until it is staged."""
    from playwright.sync_api import expect

    page.get_by_role("region", name=label).locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(f"{path.name} (")).to_be_visible(timeout=60_000)


def choose_in_grid(page, grid, x: float, row: int, typed: str, done, then=None, missed=None) -> None:
    """Open the choice cell at ``x`` pixels into ``grid``, row ``row`` (0 = the first data row),
    type to filter its options and take the first (then press the button ``then``), until ``done``
    (a locator) shows: the grid is a canvas, and a click while the page settles can miss. With
    ``then``, ``missed`` is what the page says when nothing was chosen; ``done`` may take minutes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    for attempt in range(4):
        grid.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        y = box["y"] + ROW * (row + 1) + ROW / 2
        page.mouse.click(box["x"] + x, y)
        page.wait_for_timeout(300)
        page.mouse.dblclick(box["x"] + x, y)
        page.wait_for_timeout(800)
        page.keyboard.type(typed)
        page.wait_for_timeout(500)
        page.keyboard.press("Enter")
        if then is not None:  # nothing on the page shows the choice until this is pressed
            page.wait_for_timeout(1500)
            then.click()
            expect(done.or_(missed)).to_be_visible(timeout=300_000)
            if done.is_visible():
                return
            continue
        try:
            expect(done).to_be_visible(timeout=20_000)
            return
        except (AssertionError, PlaywrightTimeout):
            if attempt == 3:
                raise
    raise AssertionError(f"choosing {typed!r} in the grid never took")


def summary_counts(page) -> dict[str, dict[str, int]]:
    """The summary's counts table, downloaded as the user would (Spanish CSV)."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar tabla (CSV)").first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    out = {}
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        table = {"clientes": "customers", "interacciones": "interactions"}[row["Tabla"]]
        out[table] = {
            key: int(row[col].replace(".", ""))
            for key, col in (
                ("rows", "Filas"),
                ("accepted", "Guardadas"),
                ("rejected", "Rechazadas"),
                ("duplicates", "Duplicadas"),
                ("updated", "Actualizadas"),
            )
        }
    return out


def upload_both(page, customers: Path, inter: Path, shots: Path, prefix: str) -> None:
    """Pick both files, map the notes column in the grid, and store."""
    from playwright.sync_api import expect

    pick(page, "Exportación de clientes", customers)
    pick(page, "Exportación de interacciones", inter)
    page.get_by_role("tab", name="Interacciones").click()
    panel = page.get_by_role("tabpanel", name="Interacciones")
    # the unknown column stops the upload until it is decided
    expect(panel.get_by_text(f"'{NOTES_HEADER}' no es una columna")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Guardar", exact=True)).to_be_disabled()
    _shot(page, shots, f"{prefix}_mapping")
    grid = panel.get_by_test_id("stDataFrame").first
    header_row = 18  # comentarios_del_asesor: the last of the 19 headers
    preview = panel.get_by_text("Las primeras filas, tal como se guardarán")
    choose_in_grid(page, grid, sum(MAP_WIDTHS) + 60, header_row, "notes", preview)
    # the preview marks the bad rows with their reasons (in Spanish)
    expect(panel.get_by_text("Línea 5: customer_id: 'C999999' no es un cliente conocido")).to_be_visible()
    expect(panel.get_by_text("Línea 24: wait_seconds: 'diez' no es un número válido")).to_be_visible()
    _shot(page, shots, f"{prefix}_preview")
    store_button = page.get_by_role("button", name="Guardar", exact=True)
    expect(store_button).to_be_enabled()
    store_button.click()
    expect(page.get_by_role("button", name="Cargar otros archivos")).to_be_visible(timeout=120_000)


def test_a_spanish_export_uploaded_in_the_browser(served, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, db = served
    shots = Path(os.environ.get("CHURN_SCREENSHOT_DIR") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    customers_csv, inter_csv = write_spanish_export(tmp_path / "export", customers=300)

    # What the command line stores from the same files, into its own database.
    cli_db = tmp_path / "cli.duckdb"
    expected = {}
    for args in (
        ["--customers", str(customers_csv)],
        ["--interactions", str(inter_csv), "--map", f"{NOTES_HEADER}=notes"],
    ):
        done = run_cli("ingest", *args, "--db", str(cli_db), "--json")
        assert done.returncode == 0, done.stderr
        expected.update(json.loads(done.stdout))
    assert expected["customers"]["rejected"] == BAD_CUSTOMERS
    assert expected["interactions"]["rejected"] == BAD_INTERACTIONS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"{url}/upload?lang=es")
            expect(page.get_by_role("heading", name="Cargar exportaciones")).to_be_visible(timeout=120_000)
            expect(page.get_by_text("La base de datos está vacía.")).to_be_visible()
            # the picker's own words in Spanish too (Streamlit writes "Upload"; the page's CSS shows this)
            button = page.get_by_test_id("stFileUploaderDropzone").first.get_by_test_id("stMarkdownContainer")
            # the page's style element can arrive a moment after the heading: wait for it to apply
            for _ in range(40):
                shown = button.locator("p").evaluate("p => getComputedStyle(p, '::after').content")
                if shown != "none":
                    break
                page.wait_for_timeout(250)
            assert shown == '"Elegir archivo"'
            _shot(page, shots, "upload_empty_es")

            upload_both(page, customers_csv, inter_csv, shots, "upload_first")
            got = {k: f"{v:,}".replace(",", ".") for k, v in expected["interactions"].items()}
            said = f"{got['rows']} filas leídas, {got['accepted']} nuevas guardadas, 4 apartadas"
            expect(page.get_by_text(said)).to_be_visible(timeout=30_000)
            _shot(page, shots, "upload_summary_es")
            assert summary_counts(page) == expected

            # the rejected rows, downloaded formula-safe, with their reasons in Spanish
            with page.expect_download() as download:
                page.get_by_role(
                    "button", name=f"Descargar las {BAD_INTERACTIONS} filas apartadas (CSV)"
                ).click()
            rows = list(
                csv.DictReader(
                    io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig")), delimiter=";"
                )
            )
            assert [int(r["Línea"]) for r in rows] == [5, 23, 24, 65]
            assert rows[2]["Motivo"].startswith("wait_seconds: 'diez' no es un número válido")

            # every stored row equals the command line's
            stored = Store(f"duckdb:///{db}")
            cli = Store(f"duckdb:///{cli_db}")
            for table, key in ((customers, "customer_id"), (interactions, "interaction_id")):
                cols = [c for c in table.c if c.name not in ("upload_id", "interaction_key")]
                q = sa.select(*cols).order_by(table.c[key])
                pd.testing.assert_frame_equal(stored.read_frame(q), cli.read_frame(q), check_dtype=False)
            before = stored.counts()

            # the same files again: recognised, and nothing added
            page.get_by_role("button", name="Cargar otros archivos").click()
            upload_both(page, customers_csv, inter_csv, shots, "upload_again")
            again = summary_counts(page)
            assert again["interactions"]["accepted"] == 0
            assert again["interactions"]["duplicates"] == expected["interactions"]["accepted"]
            assert again["customers"]["accepted"] == 0
            after = stored.counts()
            assert {k: v for k, v in after.items() if k != "uploads"} == {
                k: v for k, v in before.items() if k != "uploads"
            }

            # the uploads page: the history, with the four uploads
            page.goto(f"{url}/uploads?lang=es")
            expect(page.get_by_role("heading", name="Historial de cargas")).to_be_visible(timeout=60_000)
            _shot(page, shots, "uploads_es")

            # correct one note on the review page and see it stored
            page.goto(f"{url}/review?lang=es")
            expect(page.get_by_role("heading", name="Revisar notas y motivos")).to_be_visible(timeout=60_000)
            save = page.get_by_role("button", name="Guardar las correcciones")
            expect(save).to_be_visible(timeout=240_000)  # the first view labels the contacts
            _shot(page, shots, "review_es")
            from models.labels import review_list

            first_note = review_list(stored)["text"].iloc[0]
            grid = page.get_by_test_id("stDataFrame").first
            saved = page.get_by_text("Correcciones guardadas: 1.")

            missed = page.get_by_text("Ninguna fila tiene familia o subtipo")
            choose_in_grid(page, grid, REVIEW_TEXT_WIDTH + 60, 0, "Proceso", saved, then=save, missed=missed)
            expect(saved).to_be_visible(timeout=240_000)
            _shot(page, shots, "review_saved_es")
            corrections = stored.read_frame(sa.select(label_corrections))
            assert corrections["text"].tolist() == [first_note]
            assert corrections["family"].tolist() == ["process"]
            assert first_note not in set(review_list(stored)["text"])  # learnt by the next labelling

            # read the most given exit reason as "no reason given": every report counts it so
            from models.review import exit_reason_list

            def choose_first_reason(typed: str, shot: str) -> None:
                """Choose ``typed`` on the first row of the reasons' table and store it."""
                saved = page.get_by_text("Lecturas guardadas: 1.")
                choose_in_grid(
                    page,
                    page.get_by_test_id("stDataFrame").nth(1),
                    REVIEW_TEXT_WIDTH + 60,
                    0,
                    typed,
                    saved,
                    then=page.get_by_role("button", name="Guardar las lecturas elegidas"),
                    missed=page.get_by_text("Ningún motivo tiene familia elegida"),
                )
                expect(saved).to_be_visible(timeout=240_000)
                _shot(page, shots, shot)

            first_reason = exit_reason_list(stored)["text"].iloc[0]
            choose_first_reason("Sin motivo", "review_reasons_saved_es")
            corrections = stored.read_frame(sa.select(label_corrections))
            assert corrections["text"].tolist() == [first_note, first_reason]
            assert corrections["family"].tolist() == ["process", "not_stated"]
            read = exit_reason_list(stored).set_index("text").loc[first_reason]
            assert (read["family"], read["source"]) == ("not_stated", "correction")

            # the least sure reading first: the switch reorders the table, and a choice on its first
            # row is stored for that reason (the editor keeps unsaved edits by row position)
            from dashboard.reviewing import reasons_editor_frame

            expect(page.get_by_text("Revise estos primero:")).to_be_visible()
            least_sure = reasons_editor_frame(exit_reason_list(stored), "es", unsure_first=True)["text"].iloc[
                0
            ]
            assert least_sure != first_reason
            page.get_by_text("Los menos seguros primero").click()
            expect(page.get_by_test_id("stDataFrame").nth(1)).to_be_visible(timeout=60_000)
            page.wait_for_timeout(1500)
            choose_first_reason("Precio", "review_reasons_unsure_first_es")
            corrections = stored.read_frame(sa.select(label_corrections))
            assert corrections["text"].tolist() == [first_note, first_reason, least_sure]
            assert corrections["family"].tolist() == ["process", "not_stated", "price"]
            stored.dispose()
            cli.dispose()
            assert errors == []
        finally:
            browser.close()


READER = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from analytics.store import Store
stop = Path({stop!r})
seen, errors, reads = [], [], 0
deadline = time.monotonic() + 300
while not stop.exists() and time.monotonic() < deadline:
    try:
        store = Store({url!r}, lock_timeout=60)
        counts = store.counts()
        seen.append([counts["interactions"], counts["uploads"]])
        store.dispose()
    except Exception as exc:  # recorded: the test fails on any
        errors.append(repr(exc))
    time.sleep(0.05)
print(json.dumps({{"seen": sorted(set(map(tuple, seen))), "reads": len(seen), "errors": errors}}))
"""


def _replicated(source: Path, target: Path, times: int) -> int:
    """``source``'s interactions ``times`` over, each copy's ids made its own; rows written."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    with target.open("w", encoding="utf-8") as out:
        out.write(lines[0])
        for k in range(times):
            out.writelines(f"R{k}{line}" for line in lines[1:])
    return (len(lines) - 1) * times


def test_a_browser_upload_while_another_session_browses_and_the_cli_reads(tmp_path):
    """The rule of DESIGN.md with a browser upload: another session of the dashboard browses the
    uploads page and another process (the command line's Store) reads the same embedded file
    while the upload is stored; none meets a lock error, none sees half the upload."""
    from playwright.sync_api import expect, sync_playwright

    import demo
    from analytics.ingest import ingest_file

    need_chromium()
    data = tmp_path / "demo"
    demo.write_demo(data, 8000, 5, coded=True)
    big = tmp_path / "interactions.csv"
    rows = _replicated(data / "interactions.csv", big, 8)  # about 430,000 rows: time to cancel
    db = tmp_path / "shared.duckdb"
    url_db = f"duckdb:///{db}"
    store = Store(url_db)
    ingest_file(store, "customers", data / "customers.csv")
    store.dispose()

    shots = Path(os.environ.get("CHURN_SCREENSHOT_DIR") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    proc, url = start_dashboard(db, tmp_path / "streamlit.log")
    stop_file = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER.format(root=str(ROOT), url=url_db, stop=str(stop_file))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                analyst = browser.new_context(viewport={"width": 1400, "height": 1300}).new_page()
                manager = browser.new_context(
                    viewport={"width": 1400, "height": 1000}, accept_downloads=True
                ).new_page()
                errors: list[str] = []
                for page in (analyst, manager):
                    page.on("pageerror", lambda exc: errors.append(str(exc)))
                analyst.goto(f"{url}/upload?lang=en")
                expect(analyst.get_by_role("heading", name="Upload exports")).to_be_visible(timeout=120_000)
                # first stored and cancelled half-way: nothing of it stays
                pick(analyst, "Interactions export", big)
                store_button = analyst.get_by_role("button", name="Store", exact=True)
                expect(store_button).to_be_enabled(timeout=120_000)
                store_button.click()
                analyst.get_by_role("button", name="Cancel").click(timeout=120_000)  # as soon as shown
                expect(
                    analyst.get_by_text("Cancelled: nothing of the interactions file was stored")
                ).to_be_visible(timeout=120_000)
                _shot(analyst, shots, "concurrent_cancelled")
                check = Store(url_db)
                assert check.counts() == {"customers": 8000, "interactions": 0, "uploads": 1}
                check.dispose()
                assert not any(Path(f"{db}.parts").glob("*"))

                # then stored while another session browses
                analyst.get_by_role("button", name="Upload other files").click()
                pick(analyst, "Interactions export", big)
                expect(store_button).to_be_enabled(timeout=120_000)
                store_button.click()

                # the manager browses the uploads page until the upload is done, reading the
                # history each time: one upload (before) or two with every row (after)
                done = analyst.get_by_role("button", name="Upload other files")
                seen_running, histories = 0, set()
                while True:
                    # Store was pressed: a view begun before the summary shows overlaps the upload
                    running = not done.is_visible()
                    manager.goto(f"{url}/uploads?lang=en")
                    expect(manager.get_by_role("heading", name="Upload history")).to_be_visible(
                        timeout=120_000
                    )
                    expect(manager.get_by_test_id("stException")).to_have_count(0)
                    with manager.expect_download() as download:
                        manager.get_by_role("button", name="Download upload history (CSV)").click()
                    history = pd.read_csv(download.value.path(), encoding="utf-8-sig")
                    histories.add(tuple(sorted(zip(history["Table"], history["Stored"]))))
                    seen_running += running
                    if done.is_visible():
                        break
                _shot(manager, shots, "concurrent_manager")
                _shot(analyst, shots, "concurrent_analyst")
                expect(analyst.get_by_text(f"{rows:,} new stored")).to_be_visible()
                assert seen_running >= 1, "the manager's page never loaded while the upload was stored"
                assert histories <= {(("customers", 8000),), (("customers", 8000), ("interactions", rows))}

                # the manager removes it, after a confirmation: its rows go, its record stays
                manager.goto(f"{url}/uploads?lang=en")
                manager.get_by_role("button", name="Remove…").click()
                dialog = manager.get_by_role("dialog")
                expect(dialog.get_by_text(f"Its {rows:,} stored rows are deleted")).to_be_visible(
                    timeout=60_000
                )
                _shot(manager, shots, "concurrent_remove_confirm")
                dialog.get_by_role("button", name="Remove", exact=True).click()
                expect(manager.get_by_text(f"{rows:,} rows deleted")).to_be_visible(timeout=120_000)
                _shot(manager, shots, "concurrent_removed")
                check = Store(url_db)
                assert check.counts() == {"customers": 8000, "interactions": 0, "uploads": 2}
                assert check.latest_uploads(1)[0]["removed_at"] is not None
                check.dispose()
                assert errors == []
            finally:
                browser.close()
    finally:
        stop_file.touch()
        out, _ = reader.communicate(timeout=120)
        stop(proc)
    found = json.loads(out)
    assert found["errors"] == [], found["errors"]
    assert found["reads"] > 0
    # before; after the upload; after its removal — never between
    assert set(map(tuple, found["seen"])) <= {(0, 1), (rows, 2), (0, 2)}, found["seen"]
