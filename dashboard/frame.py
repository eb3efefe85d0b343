"""The frame around every page, built once per run by ``app.py``: the sidebar, the first start on
the embedded default database (the demo dataset loaded behind a progress bar), and the run of
the chosen page, which reads this run's :class:`~dashboard.view.View` with :func:`view`.
"""

from __future__ import annotations

import os
import runpy
import time
from contextvars import ContextVar
from pathlib import Path

import streamlit as st

from analytics.bootstrap import load_demo, needs_demo
from dashboard import loaders, sidebar, widgets
from dashboard.guard import guarded
from dashboard.progress import StepProgress
from dashboard.strings import t
from dashboard.view import View

APP = Path(__file__).resolve().parent.parent / "app.py"

_VIEW: ContextVar[View | None] = ContextVar("dashboard_view", default=None)
"""This run's view. Not in session_state: a page run without the frame must not find the view of
an earlier run, and after ``st.stop()`` no Streamlit call (session_state included) can clear it."""


RUN_LOG = "CHURN_RUN_LOG"
"""When set, a file to which every script run appends ``time, page, seconds`` (tab-separated):
the server's own script-run times, which ``bench/bench_dashboard.py`` reads."""


PROFILE = "CHURN_PROFILE"
"""When set, a path prefix to which every page run dumps its cProfile statistics (diagnostics)."""


def _log_run(page: str, seconds: float) -> None:
    path = os.environ.get(RUN_LOG)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{time.time():.3f}\t{page}\t{seconds:.4f}\n")


def run(nav) -> None:
    """Draw the sidebar, load the demo on a first start, then run the page ``nav`` chose."""
    started = time.perf_counter()
    profile = None
    if os.environ.get(PROFILE):  # the whole run: the sidebar and the frame as well as the page
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    lang = sidebar.language()
    widgets.input_hints(lang)
    with guarded(lang):
        store = loaders.current_store()
        if needs_demo(store):
            bar = StepProgress(lang, t("loading_demo", lang))
            load_demo(store, progress=bar)
            bar.close()
            st.toast(t("demo_loaded", lang))
        token = _VIEW.set(sidebar.build(store))
    try:
        nav.run()
    finally:
        _VIEW.reset(token)
        if profile is not None:
            profile.disable()
            profile.dump_stats(f"{os.environ[PROFILE]}.{nav.url_path or 'overview'}.{time.time():.3f}")
        _log_run(nav.url_path or "overview", time.perf_counter() - started)


def address_of(page, url_path: str):
    """A hidden page at ``/<url_path>`` that shows ``page`` (a page of a file), the link's query
    parameters kept.

    Streamlit serves the default page at "/" only: "/overview" — the Overview's own name, and what
    a manager types or shares — showed "Page not found" before opening it. This alias answers that
    address by running the page's file in place: no switch, so the link's language and filters
    (bound to the sidebar's widgets, which a switch of page would reset) stay as they are."""
    script = APP.parent / str(page._page)

    def show() -> None:
        runpy.run_path(str(script), run_name="__main__")

    show.__name__ = f"{url_path}_address"
    return st.Page(show, title=page.title, icon=page.icon, url_path=url_path, visibility="hidden")


def view() -> View:
    """This run's view, for a page.

    A page opened straight from its address on a freshly started server is run by Streamlit on
    its own, without ``app.py``: until the first ``st.navigation`` call of the process, Streamlit
    treats a ``pages/`` folder the old way (no sidebar, raw file names as navigation). Then this
    runs the app here, in the same run (so a button's click is not lost): its navigation takes
    over, finds the page by its address (the page's identity in both ways) and runs it with the
    frame; the page's own run then stops.

    Call it at the top of a page, not inside a fragment (a fragment's rerun runs without the frame).
    """
    found = _VIEW.get()
    if found is None:
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
    return found
