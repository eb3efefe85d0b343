"""Uploads: what was stored, and the rows set aside with their line numbers and reasons."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting, frame, loaders, tables, widgets
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.uploads", lang))
with guarded(lang):
    history = loaders.uploads(view)

if history.empty:
    st.info(t("uploads.none", lang))
    st.stop()

st.subheader(t("uploads.history", lang))
st.caption(t("uploads.history_caption", lang))
widgets.table(
    tables.styled(tables.upload_history(history, lang), lang),
    tables.upload_history_download(history, lang),
    lang,
    "uploads.csv",
    label=t("uploads.download_history", lang),
    key="download_history",
)

st.subheader(t("uploads.rejected_rows", lang))
names = dict(zip(history["upload_id"], history["file_name"]))
choice = st.selectbox(
    t("uploads.choose", lang),
    list(names),
    format_func=lambda u: f"#{u} · {names[u]}",
)
with guarded(lang):
    rejects = loaders.rejected_rows(view, int(choice))
if rejects.empty:
    st.success(t("uploads.no_rejects", lang))
    st.stop()
st.caption(t("uploads.rejects_caption", lang, n=formatting.number(len(rejects), lang)))
widgets.table(
    tables.styled(tables.rejected_rows(rejects, lang), lang),
    tables.rejected_rows(rejects, lang),
    lang,
    f"rejected_upload_{choice}.csv",
    label=t("uploads.download_rejects", lang),
    key="download_rejects",
)
