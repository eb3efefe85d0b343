"""Failures: which failures customers meet (families, the Pareto of subtypes), where (channels,
teams) and when (month by month), where the labels came from, and the notes behind them."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import frame, loaders, results, sidebar, tables, widgets
from dashboard.figures import failures as figures
from dashboard.formatting import number, percent
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.failures", lang))
st.caption(t("failures.lead", lang))
with guarded(lang):
    page = loaders.failures(view)
scope = page.scope
filters = sidebar.filters_text(scope, lang)
st.caption(sidebar.window_caption(scope, lang))

pareto = results.pareto(page.by_subtype)
total = page.by_family[page.by_family["family"] == "any"]
if pareto.empty or total.empty:
    st.info(t("failures.none_found", lang))
else:
    row = total.iloc[0]
    top = results.most_frequent(pareto)
    st.markdown(
        t(
            "failures.headline",
            lang,
            value=number(row["per_100"], lang, 1),
            interval=f"{number(row['low'], lang, 1)}–{number(row['high'], lang, 1)}",
            failures=number(row["failures"], lang),
            contacts=number(row["contacts"], lang),
            top=figures.subtype_label(top["family"], top["subtype"], lang),
            share=percent(top["share"], lang),
        )
    )
    recovered = page.recovery.set_index("family")
    items = [
        f"{t(f'family.{f}', lang).lower()} {percent(recovered.loc[f, 'rate'], lang)}"
        for f in figures.FAMILY_ROWS
        if f in recovered.index
    ]
    if items:
        st.markdown(t("failures.recovery_line", lang, items=", ".join(items)))

# -- by family, and where the labels came from ---------------------------------------------------------
left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("failures.by_family", lang))
    widgets.chart(
        figures.family_bars(page.by_family, lang),
        t("failures.family_caption", lang, filters=filters),
        lang,
        t("failures.none_found", lang),
    )
    widgets.table(
        tables.failures_by_family(page.by_family, lang),
        partial(tables.failures_by_family, page.by_family, lang, whole=True),
        lang,
        "failures_by_family.csv",
        key="download_families",
    )
with right:
    st.subheader(t("failures.labels", lang))
    sources = results.failure_sources(page.sources)
    widgets.chart(
        figures.sources(sources, lang),
        t(
            "failures.sources_caption",
            lang,
            none=number(sources.attrs["no_failure"], lang),
            contacts=number(sources.attrs["contacts"], lang),
        ),
        lang,
        t("failures.none_found", lang),
    )

# -- which failures ------------------------------------------------------------------------------------
st.subheader(t("failures.pareto", lang))
widgets.chart(figures.pareto(pareto, lang), t("failures.pareto_caption", lang, filters=filters), lang, "")
if not pareto.empty:
    with st.expander(t("failures.table", lang)):
        widgets.table(
            tables.pareto_table(pareto, lang),
            partial(tables.pareto_table, pareto, lang, whole=True),
            lang,
            "failure_subtypes.csv",
            key="download_subtypes",
        )

# -- where ---------------------------------------------------------------------------------------------
st.subheader(t("failures.where", lang))
left, right = st.columns(2, gap="large")
for col, by, data in ((left, "channel", page.by_channel), (right, "team", page.by_team)):
    with col:
        widgets.chart(
            figures.heatmap(data, by, lang),
            t("failures.heat_caption", lang, by=t(f"filter.{by}", lang).lower(), filters=filters),
            lang,
            t("failures.none_found", lang),
        )
        if not data.empty:
            widgets.csv_button(
                partial(tables.breakdown, data, by, lang),
                lang,
                f"failures_by_{by}.csv",
                key=f"download_{by}",
            )

# -- when ----------------------------------------------------------------------------------------------
st.subheader(t("failures.when", lang))
widgets.chart(
    figures.monthly_trend(page.monthly, lang),
    t("failures.monthly_caption", lang, filters=filters),
    lang,
    t("failures.too_few_months", lang),
)

# -- the notes -----------------------------------------------------------------------------------------
st.subheader(t("failures.examples", lang))
left, right = st.columns(2, gap="large")
with left:
    choices = [(f, s) for f, s in zip(pareto["family"], pareto["subtype"])]
    if choices:
        picked = st.selectbox(
            t("failures.pick_subtype", lang),
            choices,
            format_func=lambda c: (
                figures.subtype_label(c[0], c[1], lang)
                if c[1] is None
                else f"{t(f'family.{c[0]}', lang)} · {figures.subtype_label(c[0], c[1], lang)}"
            ),
            key="failures_subtype",
            help=t("failures.pick_help", lang),
            index=None,
            placeholder=t("failures.pick_placeholder", lang),
        )
with right, st.form("notes_search", border=False):
    phrase = st.text_input(
        t("failures.search_label", lang),
        key="notes_phrase",
        placeholder=t("failures.search_placeholder", lang),
        help=t("failures.search_help", lang),
    )
    st.form_submit_button(t("failures.search_button", lang), icon=":material/search:")

phrase = (phrase or "").strip()
if phrase:
    st.markdown(f"##### {t('failures.search', lang)}")
    try:
        with guarded(lang):
            found = loaders.search_notes(view, phrase)
    except ValueError:
        st.info(t("failures.search_short", lang))
    else:
        if found.empty:
            st.info(t("failures.search_none", lang, phrase=phrase))
        else:
            st.caption(
                t(
                    "failures.search_found",
                    lang,
                    matches=number(found.attrs["matches"], lang),
                    phrase=phrase,
                    n=number(len(found), lang),
                )
            )
            widgets.table(
                tables.notes(found, lang),
                tables.notes(found, lang),
                lang,
                "notes_search.csv",
                key="download_search",
            )
if choices and picked is not None:
    family, subtype = picked
    with guarded(lang):
        examples = loaders.example_notes(view, family, subtype)
    name = figures.subtype_label(family, subtype, lang)
    if examples.empty:
        st.info(t("failures.no_examples", lang))
    else:
        st.caption(t("failures.examples_caption", lang, n=number(len(examples), lang), subtype=name))
        widgets.table(
            tables.notes(examples, lang),
            tables.notes(examples, lang),
            lang,
            f"notes_{subtype or family}.csv",
            key="download_examples",
        )
