"""End to end in a real browser: the README's dashboard command on a fresh machine.

``streamlit run app.py`` is started as a user would start it, on an empty embedded default
database, and Debian's chromium (driven by Playwright) opens it. The first visit goes straight to
a page's address with the language in the link (a shared link): the demo dataset loads with a
progress bar, and the page comes with its sidebar, in Spanish. Then the overview shows its
figures and a plotly chart, the language switch turns the interface Spanish and a reload keeps
it, a filter changes the figures and goes into the link, and a table downloads as CSV; the
attribution page downloads its brief as one HTML file, and the survival page draws its curves.
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
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
        ],
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


def _shot(page, folder: Path, name: str) -> None:
    page.wait_for_timeout(1500)  # let the charts finish drawing
    page.screenshot(path=str(folder / f"{name}.png"))


def test_dashboard_first_start_in_a_real_browser(dashboard, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("CHURN_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
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
            expect(page.get_by_role("combobox", name="Carga")).to_have_value(
                "#2 · interactions.csv", timeout=60_000
            )
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
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
            _shot(page, shots, "overview_es")

            # A filter changes the figures and goes into the link.
            sidebar.get_by_text("Filtros").click()
            sidebar.get_by_role("combobox", name="Segmento").click()
            page.get_by_role("option", name="business").click()
            page.keyboard.press("Escape")
            expect(metrics.first).not_to_have_text("5.000", timeout=60_000)
            expect(page).to_have_url(re.compile(r"segment="))
            _shot(page, shots, "overview_es_filtered")

            # The attribution page, and its brief as one HTML file.
            page.get_by_test_id("stSidebarNav").get_by_text("Atribución").click()
            expect(page.get_by_role("heading", name="Atribución", exact=True)).to_be_visible(timeout=120_000)
            expect(page.locator(".js-plotly-plot").nth(2)).to_be_visible(timeout=60_000)
            with page.expect_download() as download:
                page.get_by_role("button", name="Descargar el informe (HTML)").click()
            assert download.value.suggested_filename.startswith("informe_bajas_")
            brief = Path(download.value.path()).read_text(encoding="utf-8")
            assert "de las bajas de la ventana se debe a fallos de" in brief
            _shot(page, shots, "attribution_es")

            # The survival page.
            page.get_by_test_id("stSidebarNav").get_by_text("Supervivencia").click()
            expect(page.get_by_role("heading", name="Supervivencia", exact=True)).to_be_visible(
                timeout=120_000
            )
            expect(page.locator(".js-plotly-plot").nth(4)).to_be_visible(timeout=60_000)
            _shot(page, shots, "survival_es")

            assert page.get_by_test_id("stException").count() == 0
            assert not errors, errors
        finally:
            browser.close()
