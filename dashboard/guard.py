"""Turns what can go wrong under a page into a message in the chosen language, never a traceback:
a busy database, a database copied without its parts folder or that cannot be used at all
(:class:`~analytics.errors.StoreError`, whose one line says why), no data yet, a model that could not
be fitted on the chosen window and filters.

``with guarded(lang): ...`` around a page's loading; on one of these it shows the message and
stops the page (the sidebar stays usable).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from analytics.errors import StoreError
from analytics.parts import PartsMissing
from analytics.store import StoreBusy
from dashboard.strings import t


class NoData(RuntimeError):
    """The database holds no customers: the page shows the start page instead."""


class FitFailed(RuntimeError):
    """A model could not be fitted (``what``: a key of ``what.*`` in the strings); the cause is
    kept as ``__cause__`` and shown, in English, under a details expander."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(detail)
        self.what = what
        self.detail = detail


class RefreshFailed(RuntimeError):
    """The worker computing the results for the current data failed (``detail``: its one line, in
    English); the page offers to retry it."""

    def __init__(self, detail: str, version: int, job: dict) -> None:
        super().__init__(detail)
        self.detail = detail
        self.version = version
        self.job = job


@contextmanager
def guarded(lang: str) -> Iterator[None]:
    try:
        yield
    except StoreBusy:
        st.warning(t("store_busy", lang), icon=":material/hourglass_top:")
        st.stop()
    except PartsMissing as exc:
        st.error(t("parts_missing", lang, folder=exc.folder), icon=":material/folder_off:")
        st.stop()
    except StoreError as exc:  # any other database that cannot be used: its one-line reason
        st.error(t("store_error", lang), icon=":material/database:")
        with st.expander(t("fit_failed_details", lang), expanded=True):
            st.text(str(exc))
        st.stop()
    except NoData:
        from dashboard.start import start_page

        start_page(lang)
        st.stop()
    except FitFailed as exc:
        show_fit_failed(exc.what, exc.detail, lang)
        st.stop()
    except RefreshFailed as exc:
        from analytics.store import resolve_url

        show_refresh_failed(exc, lang, resolve_url())
        st.stop()


def show_refresh_failed(exc: RefreshFailed, lang: str, url: str, *, version: int | None = None) -> None:
    """The worker failed: what, in the chosen language (over results of data version ``version``
    when older ones are shown), its reason in English, and a button that starts it again."""
    from analytics import jobs

    if version is None:
        st.error(t("refresh.failed", lang), icon=":material/sync_problem:")
    else:
        st.warning(t("refresh.failed_stale", lang, version=version), icon=":material/sync_problem:")
    if exc.detail:
        with st.expander(t("fit_failed_details", lang)):
            st.text(exc.detail)
    st.button(
        t("refresh.retry", lang),
        key=f"refresh_retry_{version}",
        icon=":material/refresh:",
        on_click=lambda: jobs.ensure_worker(url, exc.version, exc.job, retry=True),
    )


def show_fit_failed(what: str, detail: str | None, lang: str) -> None:
    """A model that could not be fitted: what, in the chosen language, and the engine's reason
    (in English) under an expander."""
    st.warning(t("fit_failed", lang, what=t(f"what.{what}", lang)), icon=":material/error:")
    if detail:
        with st.expander(t("fit_failed_details", lang)):
            st.text(detail)
