"""Review notes and reasons: the notes the classifier was unsure of, to label by hand; the next labelling
learns them. What the labelling found, how it changed, and the thresholds of the structured
signals, with where to change them."""

from __future__ import annotations

import streamlit as st

from dashboard import formatting, frame, loaders, reviewing, widgets
from dashboard.guard import guarded
from dashboard.strings import t
from dashboard.tiles import Tile

SAVED = "review_saved"
SAVED_REASONS = "review_reasons_saved"

view = frame.view()
lang = view.lang


def show_stored(outcome: tuple[int, list], nothing_key: str, saved_key: str) -> None:
    """What a table's store button did: the rows that cannot be stored, nothing chosen, or the
    count stored (shown after the rerun that relabels with them)."""
    stored, problems = outcome
    if problems:
        for line in reviewing.problems_text(problems, lang):
            st.error(formatting.md_escape(line), icon=":material/rule:")
    elif not stored:
        st.warning(t(nothing_key, lang))
    else:
        st.session_state[saved_key] = stored
        st.rerun()


st.title(t("page.review", lang))
st.caption(t("review.lead", lang))
with guarded(lang):
    page = loaders.review(view)

saved = st.session_state.pop(SAVED, None)
if saved is not None:
    st.success(t("review.saved", lang, n=formatting.number(saved, lang)), icon=":material/check:")
saved_reasons = st.session_state.pop(SAVED_REASONS, None)
if saved_reasons is not None:
    st.success(
        t("review.reasons_saved", lang, n=formatting.number(saved_reasons, lang)), icon=":material/check:"
    )

widgets.tiles(
    [
        Tile(
            t("review.tile.notes", lang),
            formatting.number(len(page.notes), lang),
            t("review.tile.notes_help", lang),
        ),
        Tile(
            t("review.tile.contacts", lang),
            formatting.number(page.unsure, lang),
            t("review.tile.contacts_help", lang),
        ),
        Tile(
            t("review.tile.corrections", lang),
            formatting.number(page.corrections, lang),
            t("review.tile.corrections_help", lang),
        ),
    ]
)

# -- the notes to review ----------------------------------------------------------------------------------
st.subheader(t("review.notes", lang))
if page.notes.empty:
    st.success(t("review.none", lang), icon=":material/task_alt:")
else:
    st.caption(t("review.notes_caption", lang))
    edited = st.data_editor(
        reviewing.editor_frame(page.notes, lang),
        key=f"review_editor_{view.version}",
        hide_index=True,
        width="stretch",
        disabled=["text", "interactions", "guess", "probability"],
        column_config={
            "text": st.column_config.TextColumn(t("review.col.text", lang), width=360),
            "interactions": st.column_config.NumberColumn(
                t("review.col.interactions", lang),
                help=t("review.col.interactions_help", lang),
                width="small",
            ),
            "guess": st.column_config.TextColumn(t("review.col.guess", lang), width="medium"),
            "probability": st.column_config.ProgressColumn(
                t("review.col.probability", lang),
                help=t("review.col.probability_help", lang),
                format=reviewing.probability_format(lang),
                min_value=0,
                max_value=100,
                width="small",
            ),
            "family": st.column_config.SelectboxColumn(
                t("review.col.family", lang),
                options=reviewing.family_options(),
                format_func=lambda key: reviewing.family_label(key, lang),
                width=130,
            ),
            "subtype": st.column_config.SelectboxColumn(
                t("review.col.subtype", lang),
                options=reviewing.subtype_options(),
                format_func=lambda key: reviewing.subtype_label(key, lang),
                width=260,
                help=t("review.col.subtype_help", lang),
            ),
        },
    )
    if st.button(t("review.save", lang), type="primary", icon=":material/save:", key="review_save"):
        stored = reviewing.save(view.store, edited, by=f"{reviewing.user()} (dashboard)")
        show_stored(stored, "review.nothing_chosen", SAVED)

# -- the stated exit reasons --------------------------------------------------------------------------------
st.subheader(t("review.reasons", lang))
if page.reasons.empty:
    st.info(t("review.reasons_none", lang), icon=":material/info:")
else:
    st.caption(t("review.reasons_caption", lang))
    st.markdown(reviewing.reasons_check_text(page.reasons, lang))
    unsure_first = st.toggle(
        t("review.reasons_unsure_first", lang),
        value=st.query_params.get(reviewing.UNSURE_FIRST) == "1",
        help=t("review.reasons_unsure_first_help", lang),
    )
    edited_reasons = st.data_editor(
        reviewing.reasons_editor_frame(page.reasons, lang, unsure_first=unsure_first),
        # the order is part of the key: an editor's unsaved edits are kept by row position
        key=f"review_reasons_{view.version}_{int(unsure_first)}",
        hide_index=True,
        width="stretch",
        disabled=["text", "customers", "read_as", "probability"],
        column_config={
            "text": st.column_config.TextColumn(t("review.col.reason", lang), width=360),
            "customers": st.column_config.NumberColumn(
                t("review.col.customers", lang), help=t("review.col.customers_help", lang), width="small"
            ),
            "read_as": st.column_config.TextColumn(
                t("review.col.read_as", lang), help=t("review.col.read_as_help", lang), width="medium"
            ),
            "probability": st.column_config.ProgressColumn(
                t("review.col.probability", lang),
                help=t("review.col.reason_probability_help", lang),
                format=reviewing.probability_format(lang),
                min_value=0,
                max_value=100,
                width="small",
            ),
            "family": st.column_config.SelectboxColumn(
                t("review.col.reason_family", lang),
                options=reviewing.reason_options(),
                format_func=lambda key: reviewing.family_label(key, lang),
                width=170,
            ),
        },
    )
    if st.button(t("review.reasons_save", lang), type="primary", icon=":material/save:", key="reasons_save"):
        stored = reviewing.save_reasons(view.store, edited_reasons, by=f"{reviewing.user()} (dashboard)")
        show_stored(stored, "review.reasons_nothing_chosen", SAVED_REASONS)

# -- what the labelling found ------------------------------------------------------------------------------
st.subheader(t("review.changes", lang))
st.caption(reviewing.run_caption(page, lang))
if page.previous is not None and not page.changes.empty:
    st.dataframe(reviewing.changes_frame(page.changes, lang), hide_index=True, width="stretch")

st.subheader(t("review.sources", lang))
st.caption(t("review.sources_caption", lang))
if not page.sources.empty:
    widgets.table(
        reviewing.sources_frame(page.sources, lang),
        reviewing.sources_frame(page.sources, lang),
        lang,
        "label_sources.csv",
        key="download_label_sources",
    )

# -- the structured signals ----------------------------------------------------------------------------------
st.subheader(t("review.rules", lang))
for line in reviewing.rules_text(page.rules, lang):
    st.markdown(f"- {line}")
st.caption(t("review.rules_where", lang))
st.code(reviewing.rules_command(page.rules), language="bash")
with st.expander(t("review.rules_change", lang)), st.form("review_rules"):
    days = st.number_input(
        t("review.rules_days", lang), min_value=1, max_value=90, value=page.rules.repeat_days
    )
    wait = st.number_input(
        t("review.rules_wait", lang), min_value=1.0, value=float(page.rules.long_wait_seconds), step=60.0
    )
    if st.form_submit_button(t("review.rules_save", lang)):
        reviewing.change_rules(view.store, page.rules, int(days), float(wait))
        st.rerun()
