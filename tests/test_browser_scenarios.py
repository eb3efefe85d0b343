"""The Scenarios page in a real browser (the dashboard's own server and chromium fixtures): the page
opens from its address on a fresh server, a slider moved with the keyboard changes the figures,
the brief for the client downloads as one HTML file holding the figures shown, and the page reads
in Spanish. Screenshots land in ``CHURN_SCREENSHOT_DIR`` (default: the test's temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _settled, _shot
from tests.test_browser import dashboard as dashboard  # the server fixture, reused

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _metric(page, label: str):
    """The value of the metric tile labelled ``label``."""
    tile = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label))
    return tile.get_by_test_id("stMetricValue")


def test_scenarios_page_in_a_real_browser(dashboard, tmp_path):
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

            # Straight to the page's address on a fresh server: the demo loads, the model is fitted,
            # the future is drawn, and the page opens on the baseline.
            page.goto(f"{dashboard}/scenarios")
            expect(page.get_by_role("heading", name="Scenarios", exact=True)).to_be_visible(timeout=240_000)
            kept = _metric(page, "Customers kept")
            _settled(page)
            expect(kept).to_have_text("0.0", timeout=120_000)
            expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
            nav = page.get_by_test_id("stSidebarNav")
            expect(nav.get_by_text("Consulting")).to_be_visible()

            # A named lever moved with the keyboard: empowerment −50 % (ten steps of 5 points).
            slider = page.locator("input[type=range][aria-label='Empowerment']")
            for _ in range(10):  # each step reruns the page, which redraws the thumb: focus it again
                slider.focus()
                page.keyboard.press("ArrowRight")
                _settled(page)
            expect(slider).to_have_value("50", timeout=30_000)
            _settled(page)
            expect(kept).not_to_have_text("0.0", timeout=60_000)
            shown = kept.inner_text()
            _shot(page, shots, "scenarios_en")

            # The brief for the client: one HTML file with the figures shown.
            with page.expect_download() as download:
                page.get_by_role("button", name="Brief for the client (HTML)").click()
            assert download.value.suggested_filename.startswith("scenario_brief_")
            download.value.save_as(shots / "scenario_brief_en.html")  # kept beside the screenshots
            brief = Path(download.value.path()).read_text(encoding="utf-8")
            assert shown in brief and "Empowerment −50%" in brief

            # In Spanish: the same lever kept, every label translated.
            page.get_by_test_id("stSidebar").get_by_text("Español", exact=True).click()
            expect(page.get_by_role("heading", name="Escenarios", exact=True)).to_be_visible(timeout=60_000)
            _settled(page)
            expect(_metric(page, "Clientes retenidos")).to_have_text(shown.replace(".", ","), timeout=60_000)
            expect(page.get_by_text("Palancas del sector")).to_be_visible()
            page.mouse.move(800, 400)
            page.mouse.wheel(0, -10_000)  # back to the top: the switch was clicked further down
            _shot(page, shots, "scenarios_es")
            page.get_by_role("heading", name="Lo que vale cada palanca").scroll_into_view_if_needed()
            _shot(page, shots, "scenarios_es_levers")

            assert page.get_by_test_id("stException").count() == 0
            assert not errors, errors
        finally:
            browser.close()
