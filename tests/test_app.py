"""The dashboard without a browser (Streamlit's AppTest): every page renders in both languages,
and the first start on an empty default database loads the shipped demo dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import store as store_module
from analytics.bootstrap import DEMO_DIR, load_demo, needs_demo
from analytics.store import Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def default_db(tmp_path, monkeypatch):
    """Point the embedded default database at a temporary file."""
    path = tmp_path / "churn.duckdb"
    monkeypatch.setattr(store_module, "DEFAULT_DB_PATH", path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return path


@pytest.mark.quick
def test_first_start_loads_demo_into_empty_default_db(default_db):
    store = Store()
    assert store.path == default_db
    assert needs_demo(store)
    load_demo(store)
    counts = store.counts()
    truth = json.loads((DEMO_DIR / "truth.json").read_text(encoding="utf-8"))
    demo_rows = truth["counts"]["interactions"]
    assert counts["customers"] == 5000
    assert counts["interactions"] == demo_rows
    assert not needs_demo(store)


@pytest.mark.quick
def test_demo_is_never_loaded_into_another_database(tmp_path, monkeypatch, default_db):
    other = Store(f"duckdb:///{tmp_path / 'team.duckdb'}")
    other.create_all()
    assert not needs_demo(other)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_pages_render_in_both_languages(default_db, lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    at.sidebar.radio[0].set_value(lang).run()
    assert not at.exception, at.exception
    titles = {"en": "Customer-loss analytics", "es": "Analítica de pérdida de clientes"}
    assert any(titles[lang] in t.value for t in at.title)
    assert len(at.metric) == 4
    assert at.metric[0].value == "5,000"
    at.switch_page("pages/uploads.py").run()
    assert not at.exception, at.exception
    assert len(at.dataframe) >= 1


@pytest.mark.slow
def test_database_without_its_parts_folder_says_so_in_the_page(default_db):
    import shutil

    from analytics.parts import parts_dir

    store = Store()
    load_demo(store)
    store.dispose()
    shutil.rmtree(parts_dir(default_db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert any(str(parts_dir(default_db)) in e.value and "is missing" in e.value for e in at.error)
