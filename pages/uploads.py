"""Uploads: what was read, and the rejected rows with their line numbers and reasons."""

from __future__ import annotations

import sqlalchemy as sa
import streamlit as st

from analytics.i18n import t
from analytics.ingest import rejected_frame, safe_for_spreadsheet
from analytics.schema import uploads
from analytics.store import Store, StoreBusy, resolve_url


@st.cache_data(show_spinner=False)
def _uploads(url: str, version: int):
    return Store(url).read_frame(sa.select(uploads).order_by(uploads.c.upload_id.desc()))


@st.cache_data(show_spinner=False)
def _rejects(url: str, version: int, upload_id: int):
    return safe_for_spreadsheet(rejected_frame(Store(url), upload_id))


def page() -> None:
    lang = st.session_state.get("lang", "en")
    st.title(t("uploads", lang))
    url = resolve_url()
    try:
        version = Store(url).data_version()
        history = _uploads(url, version)
    except StoreBusy:
        st.warning(t("store_busy", lang))
        return
    if history.empty:
        st.info(t("no_uploads", lang))
        return
    st.subheader(t("upload_history", lang))
    st.dataframe(history, hide_index=True, width="stretch")
    st.subheader(t("rejected_rows", lang))
    choice = st.selectbox(
        t("choose_upload", lang),
        history["upload_id"].tolist(),
        format_func=lambda u: f"#{u} · {history.set_index('upload_id').loc[u, 'file_name']}",
    )
    rejects = _rejects(url, version, int(choice))
    if rejects.empty:
        st.success(t("no_rejects", lang))
        return
    st.dataframe(rejects, hide_index=True, width="stretch")
    st.download_button(
        t("download_rejects", lang),
        rejects.to_csv(index=False).encode("utf-8"),
        file_name=f"rejected_upload_{choice}.csv",
        mime="text/csv",
    )


page()
