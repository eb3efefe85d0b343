"""Uploads: what was stored, by whom and when; the rows set aside with their reasons; removing an
upload of interactions."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting, frame, loaders, tables, uploader, uploading, widgets
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.uploads", lang))
with guarded(lang):
    history = loaders.uploads(view)

removed = st.session_state.pop(uploader.REMOVED, None)
if removed is not None:
    st.success(
        t(
            "uploads.removed_done",
            lang,
            id=removed.upload_id,
            name=formatting.md_escape(removed.file_name),
            rows=formatting.number(removed.rows, lang),
        ),
        icon=":material/delete:",
    )

if history.empty:
    st.info(t("uploads.none", lang))
    st.page_link("pages/upload.py", label=t("uploads.go_upload", lang), icon=":material/upload_file:")
    st.stop()

st.subheader(t("uploads.history", lang))
st.caption(t("uploads.history_caption", lang))
widgets.table(
    tables.styled(uploading.history_frame(history, lang), lang),
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
    rejects = loaders.upload_rejects(view, int(choice), lang)
if rejects.empty:
    st.success(t("uploads.no_rejects", lang))
else:
    st.caption(t("uploads.rejects_caption", lang, n=formatting.number(len(rejects), lang)))
    groups = loaders.reason_groups(view, int(choice), lang)
    st.table(tables.styled(uploading.reasons_frame(groups, lang), lang).hide(axis="index"))
    widgets.table(
        tables.styled(tables.rejected_rows(rejects, lang), lang),
        tables.rejected_rows(rejects, lang),
        lang,
        f"rejected_upload_{choice}.csv",
        label=t("uploads.download_rejects", lang),
        key="download_rejects",
    )

st.subheader(t("uploads.remove_title", lang))
candidates = uploading.removable_uploads(history)
if candidates.empty:
    st.caption(t("uploads.none_removable", lang))
else:
    st.caption(t("uploads.remove_caption", lang))
    labels = {int(r.upload_id): uploading.upload_label(r, lang) for r in candidates.itertuples(index=False)}
    target = st.selectbox(
        t("uploads.remove_pick", lang), list(labels), format_func=labels.get, key="remove_pick"
    )
    if st.button(t("uploads.remove_button", lang), icon=":material/delete:", key="remove_button"):
        uploader.confirm_removal(view.store, candidates[candidates["upload_id"] == target].iloc[0], lang)
