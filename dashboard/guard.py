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


def show_fit_failed(what: str, detail: str | None, lang: str) -> None:
    """A model that could not be fitted: what, in the chosen language, and the engine's reason
    (in English) under an expander."""
    st.warning(t("fit_failed", lang, what=t(f"what.{what}", lang)), icon=":material/error:")
    if detail:
        with st.expander(t("fit_failed_details", lang)):
            st.text(detail)
