"""The architecture as a test: imports run one way, pages → dashboard/ → models/ → analytics/,
and the demo generator (demo/) sits beside the product, never inside it.

Read from the source with ``ast`` (nothing is imported), so a lazy import inside a function counts
as much as one at the top of a module. ``analytics/__main__.py`` is the command line's entry point
and may import anything.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    """Every module name imported anywhere in ``path`` (top level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _files(folder: str, *, skip: tuple[str, ...] = ()) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if p.name not in skip)


def _offenders(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in files:
        for name in sorted(_imports(path)):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(ROOT)} imports {name}")
    return out


@pytest.mark.quick
def test_analytics_imports_nothing_above_it():
    """The data side is the bottom layer: no models, no dashboard, no pages, no Streamlit."""
    files = _files("analytics", skip=("__main__.py",))
    assert files
    assert _offenders(files, ("models", "dashboard", "pages", "streamlit", "app")) == []


@pytest.mark.quick
def test_models_import_only_the_data_side():
    files = _files("models")
    assert files
    assert _offenders(files, ("dashboard", "pages", "streamlit", "app")) == []


def test_the_product_never_imports_the_demo_generator():
    """The demo generator makes test and sample data; the command line's entry point may run it."""
    files = _files("analytics", skip=("__main__.py",)) + _files("models")
    assert _offenders(files, ("demo",)) == []


@pytest.mark.quick
def test_demo_imports_only_the_vocabulary_at_the_bottom():
    """The generator may read the contract and the taxonomy, nothing else of the product."""
    files = _files("demo")
    assert files
    assert _offenders(files, ("models", "dashboard", "pages", "streamlit", "app")) == []
    product = {name for path in files for name in _imports(path) if name.split(".")[0] == "analytics"}
    assert product <= {"analytics.contract", "analytics.taxonomy"}


def _page_files() -> list[Path]:
    return [ROOT / "app.py", *_files("pages")]


@pytest.mark.quick
def test_pages_import_only_the_dashboard():
    """Pages (and app.py) hold no SQL and no statistics: they import the dashboard layer, Streamlit
    and the standard library, nothing else (no sqlalchemy, analytics, models, pandas…)."""
    files = _page_files()
    assert len(files) >= 3
    allowed_roots = {"dashboard", "streamlit", "__future__", *sys.stdlib_module_names}
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(_imports(path))
        if name.split(".")[0] not in allowed_roots
    ]
    assert found == []


@pytest.mark.quick
def test_dashboard_imports_no_sql_and_nothing_above_it():
    files = _files("dashboard")
    assert files
    assert _offenders(files, ("sqlalchemy", "pages", "app")) == []


def _cache_uses(path: Path) -> list[str]:
    """``st.cache_data`` / ``st.cache_resource`` (any ``cache_*`` attribute of Streamlit) in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} uses {node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("cache_")
    ] + [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit")
        for alias in node.names
        if alias.name.startswith("cache_")
    ]


def test_streamlit_caches_only_in_the_dashboard_loaders():
    """One place decides what is cached and on what key: ``dashboard/loaders.py``."""
    everything = [
        ROOT / "app.py",
        *_files("pages"),
        *_files("dashboard"),
        *_files("analytics"),
        *_files("models"),
    ]
    found = [
        use
        for path in everything
        if path.name != "loaders.py" or path.parent.name != "dashboard"
        for use in _cache_uses(path)
    ]
    assert found == []
    assert _cache_uses(ROOT / "dashboard" / "loaders.py")


@pytest.mark.quick
def test_the_checker_sees_lazy_imports(tmp_path):
    """The test above could pass by not looking: a function-level import must be found."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from models.report import run_attribution\n    import streamlit as st\n")
    assert sorted(_imports(probe)) == ["models.report", "streamlit"]


@pytest.mark.quick
def test_the_cache_checker_sees_both_spellings(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import streamlit as st\nfrom streamlit import cache_resource\n@st.cache_data\ndef f(): ...\n"
    )
    assert len(_cache_uses(probe)) == 2
