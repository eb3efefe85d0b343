"""The pages while the worker brings the results up to date: the last kept results, under a banner
saying which data version they are of and what the worker is doing (a real, slow worker process)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import demo
from analytics import jobs, results
from analytics import store as store_module
from analytics.ingest import ingest_files
from analytics.schema import bump_data_version
from analytics.scope import Scope
from analytics.store import Store
from models.report import attribution_params, run_attribution

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
FAKE = (sys.executable, str(ROOT / "tests" / "fake_worker.py"))


@pytest.fixture(scope="module")
def kept(tmp_path_factory) -> tuple[Path, int]:
    """A small world whose attribution is kept for its data version, then a new upload (the next
    version; returned: the database and the version of the kept results)."""
    out = tmp_path_factory.mktemp("refresh")
    data = demo.generate(600, 5)
    demo.write_tables(data, out)
    path = out / "kept.duckdb"
    store = Store(f"duckdb:///{path}")
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    scope = Scope().resolved(store)
    report = run_attribution(store, scope, n_bootstrap=10).slimmed()
    version = store.data_version()
    # kept under the parameters the dashboard asks for (its 200 replicates: a test needs fewer)
    assert results.save(store, "attribution", attribution_params(scope), version, report, 1.0)
    with store.write() as conn:
        bump_data_version(conn)
    store.dispose()
    return path, version


@pytest.fixture
def app_db(kept, tmp_path, monkeypatch):
    path, version = kept
    monkeypatch.setenv("CHURN_STRICT_STRINGS", "1")
    monkeypatch.setenv(jobs.JOBS_DIR, str(tmp_path / "jobs"))
    monkeypatch.setenv("FAKE_WORKER_SLEEP", "30")
    monkeypatch.setattr(jobs, "WORKER_COMMAND", FAKE)
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", tmp_path / "default.duckdb")
    monkeypatch.setenv("DATABASE_URL", f"duckdb:///{path}")
    yield f"duckdb:///{path}", version
    status = jobs.read_status(f"duckdb:///{path}")
    if status is not None and jobs.process_alive(status.pid, status.ticks):
        os.kill(status.pid, signal.SIGKILL)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_shows_the_last_results_and_the_banner_while_the_worker_runs(app_db, lang):
    url, version = app_db
    at = AppTest.from_file(APP, default_timeout=60)
    if lang == "es":
        at.query_params["lang"] = "es"
    at.switch_page("pages/attribution.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    status = jobs.read_status(url)
    assert status is not None and status.alive() and status.version == version + 1  # it runs meanwhile
    banner = " ".join(i.value for i in at.info)
    assert {"en": f"data version {version}", "es": f"versión {version} de los datos"}[lang] in banner
    assert {"en": "Updating:", "es": "Actualizando:"}[lang] in banner
    assert len(at.get("plotly_chart")) >= 2  # the kept results are drawn
    at.run()  # a rerun while it still runs: the same worker, no second one
    assert not at.exception
    assert jobs.read_status(url).pid == status.pid


def test_a_failed_update_says_so_over_the_last_results_and_retries(app_db, monkeypatch):
    url, version = app_db
    monkeypatch.setenv("FAKE_WORKER_SLEEP", "0.05")
    monkeypatch.setenv("FAKE_WORKER_FAIL", "No failure is labelled in the observation window")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    at.switch_page("pages/attribution.py")
    at.run()
    first = jobs.read_status(url)
    deadline = time.monotonic() + 60
    while jobs.read_status(url).state != jobs.FAILED and time.monotonic() < deadline:
        time.sleep(0.1)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warning = " ".join(w.value for w in at.warning)
    assert f"versión {version} de los datos" in warning and "falló su actualización" in warning
    assert "No failure is labelled" in " ".join(t.value for t in at.text)  # the reason, in English
    assert len(at.get("plotly_chart")) >= 2  # the last results stay
    at.run()
    assert jobs.read_status(url).pid == first.pid  # not restarted by itself
    monkeypatch.setenv("FAKE_WORKER_SLEEP", "30")
    monkeypatch.delenv("FAKE_WORKER_FAIL")
    retry = [b for b in at.button if b.label == "Reintentar la actualización"]
    retry[0].click().run()
    assert not at.exception
    again = jobs.read_status(url)
    assert again.pid != first.pid and again.alive()
