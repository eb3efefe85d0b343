"""End to end in a real browser: the README's dashboard command on a fresh machine.

``streamlit run app.py`` is started as a user would start it, on an empty embedded default
database, and Debian's chromium (driven by Playwright) opens it. The first visit goes straight to
a page's address with the language in the link (a shared link): the demo dataset loads with a
progress bar, and the page comes with its sidebar, in Spanish. Then the overview shows its
figures and a plotly chart, the language switch turns the interface Spanish and a reload keeps
it, a filter changes the figures and goes into the link, and a table downloads as CSV; the
attribution page downloads its brief as one HTML file, the survival page draws its curves, the
failures page finds the field's phrases in the notes (its input hint in Spanish) and downloads its
table, the agents page draws its funnels; then every page opens in English from its own address (no "Page not found").
Screenshots of each page land in ``CHURN_SCREENSHOT_DIR`` (default: the test's temporary folder).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_argv(port: int) -> list[str]:
    """The command that starts the dashboard headless on 127.0.0.1:``port`` (run from the
    repository's root); the browser tests and the benches start it the same way."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
    ]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{proc.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout:.0f} s")


@pytest.fixture
def dashboard(tmp_path):
    if not CHROMIUM.exists():
        if os.environ.get("CI_BROWSER_REQUIRED"):
            pytest.fail("Debian's chromium is missing at /usr/bin/chromium; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    port = _free_port()
    env = {**os.environ, "CHURN_DEFAULT_DB": str(tmp_path / "churn.duckdb")}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        streamlit_argv(port),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _shot(page, folder: Path, name: str, *, top: bool = False) -> None:
    if top:  # the first screen, as a manager opening the page sees it
        page.get_by_test_id("stMain").evaluate("el => el.scrollTo(0, 0)")
    page.wait_for_timeout(1500)  # let the charts finish drawing
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


FIRST_SCREEN = 900
"""Pixels from the top a laptop shows without scrolling: where each page's answer must start."""

ENGLISH_LEFT = re.compile(
    r"\b(Download|customers|Customers|interval|churn(?!\.duckdb)|Window|failures?|Failures?|rate|"
    r"contacts|Share of|Recovered|recovered|months?|Filters|Segment|All)\b"
)
"""Interface words in English (none of them a value of the demo data, whose segments, plans,
channels and teams are English words): a Spanish page showing one has an untranslated label."""


def _assert_spanish(page, name: str) -> None:
    """Every label on the page in Spanish: the main area's text (charts' SVG text included) and
    the sidebar's hold no English interface word."""
    for area in ("stMain", "stSidebar"):
        text = page.get_by_test_id(area).inner_text()
        text += "\n" + "\n".join(page.get_by_test_id(area).locator("svg text").all_text_contents())
        found = sorted(set(ENGLISH_LEFT.findall(text)))
        assert not found, f"{name}: English left in the Spanish {area}: {found}"


def _settled(page, timeout: float = 120_000) -> None:
    """Wait until the app's run has finished: while a run is under way, the previous run's copy of
    an element can still be on screen beside the new one, and a popup opened on it closes."""
    from playwright.sync_api import expect

    page.wait_for_timeout(500)
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=timeout)
    page.wait_for_timeout(500)


def _pick(page, combobox, option: str, tries: int = 4) -> None:
    """Choose ``option`` in a select box, reopening its list if a rerun closed it before it drew
    (CI once waited 30 s for an option whose list had closed under the click)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        _settled(page)
        combobox.click()
        try:
            page.get_by_role("option", name=option).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")


def _answer_on_first_screen(page, locator, name: str) -> None:
    page.get_by_test_id("stMain").evaluate("el => el.scrollTo(0, 0)")
    box = locator.bounding_box()
    assert box is not None and box["y"] < FIRST_SCREEN, f"{name}: the answer starts at {box}"


def test_dashboard_first_start_in_a_real_browser(dashboard, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("CHURN_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            # A shared link as the very first visit of a fresh server: the demo dataset loads into
            # the empty default database, then the page shows with its sidebar, in the link's language.
            page.goto(f"{dashboard}/uploads?lang=es")
            expect(page.get_by_role("heading", name="Cargas y filas rechazadas")).to_be_visible(
                timeout=120_000
            )
            sidebar = page.get_by_test_id("stSidebar")
            expect(sidebar.get_by_text("Español")).to_be_visible()
            expect(page.get_by_test_id("stSidebarNav").get_by_text("Resumen")).to_be_visible()
            expect(sidebar.get_by_text("uploads", exact=True)).to_have_count(0)
            # the grid draws on a canvas; the upload picker's text is plain DOM
            expect(page.get_by_role("combobox", name="Carga", exact=True)).to_have_value(
                "#2 · interactions.csv", timeout=60_000
            )
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
            _assert_spanish(page, "uploads_es")
            _shot(page, shots, "uploads_es")

            # A table downloads as CSV, the way a Spanish spreadsheet opens it.
            with page.expect_download() as download:
                page.get_by_role("button", name="Descargar historial de cargas (CSV)").click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert text.startswith("Carga;Fecha de carga;")
            assert ";clientes;customers.csv;5000;" in text
            assert "customers.csv" in text

            # The overview in English (a new visitor without the language in the link).
            page.goto(dashboard)
            expect(page.get_by_role("heading", name="Customer-loss analytics")).to_be_visible(timeout=120_000)
            metrics = page.get_by_test_id("stMetricValue")
            expect(metrics.first).to_have_text("5,000", timeout=120_000)
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            _shot(page, shots, "overview_en")

            # The language switch in the sidebar; a reload keeps the language (it is in the link).
            sidebar.get_by_text("Español", exact=True).click()
            expect(page.get_by_role("heading", name="Analítica de pérdida de clientes")).to_be_visible(
                timeout=60_000
            )
            expect(metrics.first).to_have_text("5.000", timeout=60_000)
            expect(page.get_by_text("Tasa de bajas mensual").first).to_be_visible()
            expect(page).to_have_url(re.compile(r"lang=es"))
            page.reload()
            expect(page.get_by_role("heading", name="Analítica de pérdida de clientes")).to_be_visible(
                timeout=60_000
            )
            expect(page.locator(".js-plotly-plot").nth(2)).to_be_visible(timeout=60_000)
            _assert_spanish(page, "overview_es")
            _shot(page, shots, "overview_es")

            # A filter changes the figures and goes into the link.
            _settled(page)
            sidebar.get_by_text("Filtros").click()
            _pick(page, sidebar.get_by_role("combobox", name="Segmento"), "business")
            page.keyboard.press("Escape")
            expect(metrics.first).not_to_have_text("5.000", timeout=60_000)
            expect(page).to_have_url(re.compile(r"segment="))
            _shot(page, shots, "overview_es_filtered")

            # The answer for the segment is read from the fit on every customer: first on the page.
            segment_answer = page.get_by_text(
                re.compile(r"de las bajas de la ventana se debe a fallos")
            ).first
            _answer_on_first_screen(page, segment_answer, "overview")
            _assert_spanish(page, "overview_es_filtered")

            # The attribution page, the segment's shares from the same fit, and its brief as one HTML file.
            page.get_by_test_id("stSidebarNav").get_by_text("Atribución").click()
            expect(page.get_by_role("heading", name="Atribución", exact=True)).to_be_visible(timeout=120_000)
            expect(page.get_by_role("heading", name="Clientes de Segmento: business")).to_be_visible(
                timeout=60_000
            )
            expect(page.get_by_text(re.compile("sin reajustarlo")).first).to_be_visible()
            expect(page.locator(".js-plotly-plot").nth(3)).to_be_visible(timeout=60_000)
            _answer_on_first_screen(
                page, page.get_by_text(re.compile(r"Para Segmento: business: el")).first, "attribution"
            )
            with page.expect_download() as download:
                page.get_by_role("button", name="Descargar tabla (CSV)").first.click()
            assert download.value.suggested_filename == "attributable_shares_subgroup.csv"
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert text.startswith("Causa;Subgrupo;Subgrupo, 95 % inferior;")
            with page.expect_download() as download:
                page.get_by_role("button", name="Descargar el informe (HTML)").click()
            assert download.value.suggested_filename.startswith("informe_bajas_")
            brief = Path(download.value.path()).read_text(encoding="utf-8")
            assert "de las bajas de la ventana se debe a fallos de" in brief
            _assert_spanish(page, "attribution_es")
            _shot(page, shots, "attribution_es", top=True)

            # The language changed on this page: the same view in English, the filter kept.
            sidebar.get_by_text("English", exact=True).click()
            expect(page.get_by_role("heading", name="Attribution", exact=True)).to_be_visible(timeout=60_000)
            expect(page.get_by_role("heading", name="Customers of Segment: business")).to_be_visible(
                timeout=60_000
            )
            expect(page).not_to_have_url(re.compile(r"lang=es"))
            expect(page).to_have_url(re.compile(r"segment=business"))
            _shot(page, shots, "attribution_en_filtered", top=True)
            sidebar.get_by_text("Español", exact=True).click()
            expect(page.get_by_role("heading", name="Atribución", exact=True)).to_be_visible(timeout=60_000)

            # The survival page.
            page.get_by_test_id("stSidebarNav").get_by_text("Supervivencia").click()
            expect(page.get_by_role("heading", name="Supervivencia", exact=True)).to_be_visible(
                timeout=120_000
            )
            expect(page.locator(".js-plotly-plot").nth(4)).to_be_visible(timeout=60_000)
            _assert_spanish(page, "survival_es")
            _shot(page, shots, "survival_es", top=True)

            # The failures page: its figures, the notes searched by a field phrase, a table downloaded.
            page.get_by_test_id("stSidebarNav").get_by_text("Fallos").click()
            expect(page.get_by_role("heading", name="Fallos", exact=True)).to_be_visible(timeout=120_000)
            expect(page.locator(".js-plotly-plot").nth(5)).to_be_visible(timeout=60_000)
            for phrase in ("no estamos autorizados", "eso lo maneja otra área"):
                box = page.get_by_role("textbox", name="Frase")
                box.fill(phrase)
                page.get_by_role("button", name="Buscar").click()
                expect(page.get_by_text(re.compile(f"tienen notas que contienen «{phrase}»"))).to_be_visible(
                    timeout=60_000
                )
            # Streamlit writes the hint under a filled input in English: the frame's style says it in Spanish.
            box.fill("me dijeron")
            hint = page.get_by_test_id("InputInstructions")
            expect(hint).to_be_visible(timeout=10_000)
            assert hint.evaluate("e => getComputedStyle(e, '::after').content") == '"Pulse Intro para enviar"'
            with page.expect_download() as download:
                page.get_by_role("button", name="Descargar tabla (CSV)").first.click()
            text = Path(download.value.path()).read_text(encoding="utf-8-sig")
            assert text.startswith("Familia;Contactos;Fallos;Por 100 contactos;")
            _assert_spanish(page, "failures_es")
            _shot(page, shots, "failures_es", top=True)

            # Agents and teams: the funnel plots, said to be for learning.
            page.get_by_test_id("stSidebarNav").get_by_text("Agentes y equipos").click()
            expect(page.get_by_role("heading", name="Agentes y equipos", exact=True)).to_be_visible(
                timeout=120_000
            )
            expect(page.get_by_text("no para clasificar a las personas")).to_be_visible()
            expect(page.locator(".js-plotly-plot").nth(2)).to_be_visible(timeout=60_000)
            _assert_spanish(page, "agents_es")
            _shot(page, shots, "agents_es", top=True)

            # Every page in English too, each opened from its own address (what a shared link is):
            # none shows "Page not found".
            titles = {
                "overview": "Customer-loss analytics",
                "failures": "Failures",
                "survival": "Survival",
                "attribution": "Attribution",
                "agents": "Agents and teams",
                "uploads": "Uploads and rejected rows",
            }
            for path, title in titles.items():
                fresh = context.new_page()
                fresh.on("pageerror", lambda exc: errors.append(str(exc)))
                fresh.goto(f"{dashboard}/{path}?lang=en")
                expect(fresh.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=120_000)
                expect(fresh.get_by_text("Page not found")).to_have_count(0)
                assert fresh.url.startswith(f"{dashboard}/{path}")
                _shot(fresh, shots, f"{path}_en")
                assert fresh.get_by_test_id("stException").count() == 0
                fresh.close()

            assert page.get_by_test_id("stException").count() == 0
            assert not errors, errors
        finally:
            browser.close()
