"""Upload: exports of customers and interactions dropped in the browser — what was found in them,
their columns mapped, their first rows as they will be stored, then stored with a progress bar
and a cancel, and what was stored, what was set aside and why."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting, frame, loaders, tables, uploader, uploading, widgets
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.upload", lang))
st.caption(t("upload.lead", lang))

with guarded(lang):
    counts = loaders.counts(view.url, view.version)
job = st.session_state.get(uploader.JOB)

# -- what was stored ----------------------------------------------------------------------------------
if job is not None and job.snapshot().finished:
    state = job.snapshot()
    if state.status == "done":
        st.success(
            t("upload.done", lang, seconds=formatting.number(state.seconds, lang, 1)), icon=":material/check:"
        )
    elif state.status == "cancelled":
        st.warning(
            t("upload.cancelled", lang, table=t(f"uploads.table.{state.failed_table}", lang)),
            icon=":material/cancel:",
        )
    else:
        reason = uploading.message_text(state.error, lang)
        st.error(
            t("upload.failed", lang, table=t(f"uploads.table.{state.failed_table}", lang), reason=reason),
            icon=":material/error:",
        )
    if state.summaries:
        if state.status != "done":
            st.info(t("upload.kept", lang), icon=":material/info:")
        for summary in state.summaries.values():
            st.markdown(uploading.summary_line(summary, lang))
        st.caption(t("upload.counts_caption", lang))
        widgets.table(
            uploading.counts_frame(state.summaries, lang),
            uploading.counts_frame(state.summaries, lang),
            lang,
            "upload_summary.csv",
            key="download_upload_summary",
        )
        for table, summary in state.summaries.items():
            if summary.changes:
                st.subheader(t("upload.changes_title", lang))
                st.dataframe(uploading.changes_frame(summary, lang), hide_index=True)
            notes = uploading.notes_text(summary.notes, lang)
            if notes:
                with st.expander(t("upload.notes_title", lang, file=summary.file_name)):
                    for note in notes:
                        st.text(note)
            if summary.rejected and summary.upload_id is not None:
                st.subheader(t("upload.reasons_title", lang, file=formatting.md_escape(summary.file_name)))
                groups = loaders.reason_groups(view, summary.upload_id, lang)
                st.table(tables.styled(uploading.reasons_frame(groups, lang), lang).hide(axis="index"))
                rejects = loaders.upload_rejects(view, summary.upload_id, lang)
                st.download_button(
                    t("upload.download_rejects", lang, n=formatting.number(len(rejects), lang)),
                    tables.csv_bytes(tables.rejected_rows(rejects, lang), lang),
                    file_name=f"rejected_upload_{summary.upload_id}.csv",
                    mime="text/csv",
                    key=f"download_rejects_{table}",
                    on_click="ignore",  # a download needs no run of the page
                    icon=":material/download:",
                )
        st.subheader(t("upload.stale_title", lang))
        st.caption(t("upload.stale", lang))
        links = st.columns(len(uploading.stale_pages()))
        for col, (path, key, icon) in zip(links, uploading.stale_pages()):
            col.page_link(path, label=t(key, lang), icon=icon)
    if st.button(t("upload.again", lang), icon=":material/upload_file:", type="primary"):
        uploader.forget_all()
        st.rerun()
    st.stop()

# -- an empty database: the demo --------------------------------------------------------------------
if counts["customers"] == 0 and counts["interactions"] == 0 and job is None:
    with st.container(border=True):
        st.markdown(t("upload.demo_text", lang))
        if st.button(t("start.load_demo", lang), help=t("start.load_demo_help", lang), key="upload_demo"):
            uploader.load_demo(view.store, lang)
            st.rerun()

# -- the files ------------------------------------------------------------------------------------------
running = job is not None
uploader.picker_texts(lang, uploader.max_upload_mb())
left, right = st.columns(2, gap="large")
with left:
    customers = uploader.picker("customers", lang, disabled=running, max_mb=uploader.max_upload_mb())
with right:
    interactions = uploader.picker("interactions", lang, disabled=running, max_mb=uploader.max_upload_mb())
staged = {k: v for k, v in (("customers", customers), ("interactions", interactions)) if v is not None}
if not staged:
    st.info(t("upload.pick", lang), icon=":material/upload_file:")
    st.stop()
if running:
    uploader.job_panel(job, lang)
    st.stop()

# -- each file, before anything is stored ---------------------------------------------------------------
inspections = {}
pending = None  # the customers file stored with the interactions: their rows are checked against it
for table, file in staged.items():
    editor_key = f"upload_map_{table}_{file.content_hash[:12]}"
    date_order = st.session_state.get(f"upload_date_{table}")
    with guarded(lang):
        base = loaders.mapping_base(view, file, lang)
        # The user's edits of the mapping (kept by the editor under its key) decide the inspection.
        choices = (
            uploading.choices_with_edits(base, st.session_state.get(editor_key)) if base is not None else None
        )
        found = loaders.inspection(
            view, file, choices, date_order, pending if table == "interactions" else None
        )
    inspections[table] = (file, found, base, editor_key)
    if table == "customers" and found.ready:
        pending = (file, found.final_mapping(), date_order)

tabs = st.tabs(
    [uploading.tab_label(found, lang) for _, found, _, _ in inspections.values()], key="upload_tabs"
)
for tab, (table, (_, found, base, editor_key)) in zip(tabs, inspections.items()):
    with tab:
        if found.refused is not None:
            st.error(
                t("upload.refused", lang, reason=uploading.message_text(found.refused, lang)),
                icon=":material/block:",
            )
            continue
        if found.already is not None:
            st.info(
                t(
                    "upload.already",
                    lang,
                    id=found.already["upload_id"],
                    when=formatting.day_time(found.already["uploaded_at"], lang),
                    name=formatting.md_escape(found.already["file_name"]),
                ),
                icon=":material/content_copy:",
            )

        found_col, notes_col = st.columns([6, 5], gap="large")
        with found_col:
            st.subheader(t("upload.detected", lang))
            st.table(uploading.detection_table(found, lang).set_index(t("upload.col.what", lang)))
        with notes_col:
            notes = uploading.notes_text(found.detection.notes, lang)
            if notes:
                st.subheader(t("upload.notes", lang))
                for note in notes:
                    st.caption(formatting.md_escape(note))

        question = found.detection.date_question
        if question is not None:
            st.subheader(t("upload.date_title", lang))
            st.markdown(
                t(
                    "upload.date_question",
                    lang,
                    columns=", ".join(formatting.md_escape(h) for h, _ in question.columns),
                    assumed=uploading.date_order_label(question.assumed, lang),
                    because=t(f"upload.because.{question.because}", lang),
                )
            )
            for example in question.examples:
                st.markdown("- " + formatting.md_escape(uploading.date_example_text(example, lang)))
            st.radio(
                t("upload.date_order", lang),
                ["dmy", "mdy"],
                index=["dmy", "mdy"].index(question.assumed),
                format_func=lambda o: uploading.date_order_label(o, lang),
                key=f"upload_date_{table}",
                horizontal=True,
            )
        elif found.detection.decimal_comma is not None and found.detection.date_orders:
            # The data decided; the order can still be forced (the reject messages name this control).
            with st.expander(t("upload.date_force", lang)):
                st.radio(
                    t("upload.date_order", lang),
                    [None, "dmy", "mdy", "ymd"],
                    format_func=lambda o: (
                        t("upload.date_auto", lang) if o is None else uploading.date_order_label(o, lang)
                    ),
                    key=f"upload_date_{table}",
                )

        st.subheader(t("upload.mapping", lang))
        st.caption(t("upload.mapping_caption", lang))
        st.data_editor(
            base,
            key=editor_key,
            hide_index=True,
            width="stretch",
            height=uploading.grid_height(len(base)),
            disabled=["header", "examples", "suggested"],
            column_config={
                "header": st.column_config.TextColumn(
                    t("upload.col.header", lang), width=uploading.MAP_WIDTHS[0]
                ),
                "examples": st.column_config.TextColumn(
                    t("upload.col.examples", lang), width=uploading.MAP_WIDTHS[1]
                ),
                "suggested": st.column_config.TextColumn(
                    t("upload.col.suggested", lang), width=uploading.MAP_WIDTHS[2]
                ),
                "maps_to": st.column_config.SelectboxColumn(
                    t("upload.col.maps_to", lang),
                    options=uploading.mapping_options(table),
                    format_func=lambda key, table=table: uploading.column_label(key, table, lang),
                    width="large",
                    help=t("upload.maps_to_help", lang),
                ),
            },
        )
        for problem in found.problems:
            st.error(formatting.md_escape(uploading.message_text(problem, lang)), icon=":material/rule:")

        if found.empty:
            st.info(t("upload.empty", lang), icon=":material/inbox:")
        elif found.preview is not None:
            st.subheader(t("upload.preview", lang))
            st.caption(
                t(
                    "upload.preview_caption",
                    lang,
                    n=formatting.number(len(found.preview.frame), lang),
                    rejected=formatting.number(found.preview.rejected, lang),
                )
            )
            for line in uploading.rejected_lines(found.preview, lang):
                st.markdown(f"- {formatting.md_escape(line)}")
            st.dataframe(
                uploading.preview_styled(found.preview, found, lang), hide_index=True, width="stretch"
            )

# -- store ---------------------------------------------------------------------------------------------------
st.divider()
ready = all(found.ready or found.empty for _, found, _, _ in inspections.values())
if not ready:
    st.warning(
        "\n".join(
            [
                t("upload.not_ready", lang),
                *(
                    f"- {line}"
                    for line in uploading.problems_lines({k: v[1] for k, v in inspections.items()}, lang)
                ),
            ]
        ),
        icon=":material/rule:",
    )
if st.button(
    t("upload.store", lang),
    type="primary",
    disabled=not ready,
    icon=":material/database_upload:",
    help=t("upload.store_help", lang),
):
    uploader.start_upload(view.store, staged, {k: v[1] for k, v in inspections.items()})
    st.rerun()
