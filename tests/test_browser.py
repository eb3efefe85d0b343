"""End to end in a real browser: the README's dashboard command on a fresh machine.

``streamlit run app.py`` is started as a user would start it, on an empty embedded default
database, and Debian's chromium (driven by Playwright) opens it: the first start loads the demo
dataset with a progress bar, the overview shows its figures and a plotly chart, the language
switch in the sidebar turns the interface Spanish, and the uploads page lists the demo's uploads.
"""

from __future__ import annotations

import os
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


def test_dashboard_first_start_in_a_real_browser(dashboard):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(dashboard)

            # First start: the demo dataset is loaded into the empty default database, then shown.
            expect(page.get_by_role("heading", name="Customer-loss analytics")).to_be_visible(timeout=120_000)
            metrics = page.get_by_test_id("stMetricValue")
            expect(metrics.first).to_have_text("5,000", timeout=120_000)
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            assert page.get_by_test_id("stException").count() == 0

            # The language switch in the sidebar.
            page.get_by_test_id("stSidebar").locator("label").filter(has_text="Español").click()
            expect(page.get_by_role("heading", name="Analítica de pérdida de clientes")).to_be_visible(
                timeout=60_000
            )
            expect(page.get_by_text("Tasa de bajas").first).to_be_visible()

            # The uploads page, in Spanish, lists the demo's two uploads.
            page.get_by_test_id("stSidebarNav").get_by_text("Cargas y filas rechazadas").click()
            expect(page.get_by_text("Historial de cargas").first).to_be_visible(timeout=60_000)
            # the grid draws on a canvas; the upload picker's text is plain DOM
            expect(page.get_by_role("combobox", name="Carga")).to_have_value(
                "#2 · interactions.csv", timeout=60_000
            )
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
            assert page.get_by_test_id("stException").count() == 0
            assert not errors, errors
        finally:
            browser.close()
