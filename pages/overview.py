"""Overview: the answer first — how much churn traces to attitude and process failures, beside
what leaving customers said — then the measures managers follow, and the monthly churn rate."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import frame, loaders, narrative, results, sidebar, tables, tiles, widgets
from dashboard.figures import attribution as attribution_figures
from dashboard.figures import overview as figures
from dashboard.formatting import number
from dashboard.guard import guarded, show_fit_failed
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("app_title", lang))
with guarded(lang):
    page = loaders.overview(view)
data = page.data
st.caption(sidebar.window_caption(data.scope, lang))

# -- the answer -------------------------------------------------------------------------------------
report = page.attribution
if report is None:
    show_fit_failed("attribution", page.attribution_error, lang)
else:
    # Under a segment, plan or region filter the answer is that subgroup's, read from the same fit.
    sub = page.subgroup
    shares = report.attributable_share if sub is None else sub.attributable_share
    words, chart = st.columns([5, 6], gap="large")
    with words:
        first, rest = narrative.headline(shares, lang)
        group = sidebar.filters_text(data.scope, lang, data.scope.customer_filters())
        if sub is not None:
            st.markdown(f"**{group}**")
        st.markdown(f"### {first}")
        st.markdown(rest)
        claim = narrative.field_claim(report.service_share if sub is None else sub.service_share, lang)
        if claim:
            st.markdown(claim)
        if sub is None:
            for line in narrative.contrast(shares, report.stated_reasons, lang):
                st.markdown(line)
        widgets.brief_button(report, lang, overview=data, subgroup=sub, group=group)
    with chart:
        if sub is None:
            fig = loaders.figure(
                view,
                ("causes", report.scope, lang),
                lambda: attribution_figures.cause_bars(results.cause_shares(shares), lang),
            )
            caption = t(
                "overview.causes_caption",
                lang,
                n=number(report.n_bootstrap, lang),
                customers=number(report.customers, lang),
                churned=number(report.churned, lang),
            )
        else:
            fig = attribution_figures.cause_bars(results.cause_shares(shares), lang)
            caption = t(
                "overview.subgroup_caption",
                lang,
                n=number(report.n_bootstrap, lang),
                customers=number(sub.customers, lang),
                churned=number(sub.churned, lang),
                all=number(report.customers, lang),
            )
        widgets.chart(fig, caption, lang, "")
    if data.scope.filters():
        st.info(t("overview.filters_scope", lang, filters=sidebar.filters_text(data.scope, lang)))

# -- the measures -----------------------------------------------------------------------------------
widgets.tiles(tiles.overview_tiles(data, lang))
if tiles.coming_names(data, lang):
    st.caption(t("overview.coming_caption", lang, names=tiles.coming_names(data, lang)))

if report is not None and report.stated_reasons:
    compared = results.stated_vs_attributed(report.attributable_share, report.stated_reasons)
    widgets.chart(
        loaders.figure(
            view,
            ("stated", report.scope, lang),
            lambda: attribution_figures.stated_vs_attributed(compared, lang),
        ),
        t("overview.stated_caption", lang),
        lang,
        "",
    )
    widgets.reasons_to_check(report.stated_unsure, lang)
    with st.expander(t("overview.table", lang)):
        widgets.table(
            tables.styled(tables.stated_vs_attributed(compared, lang), lang),
            partial(tables.stated_vs_attributed, compared, lang, whole=True),
            lang,
            "why_customers_leave.csv",
            key="download_causes",
        )

widgets.chart(
    figures.monthly_churn(data.monthly, lang),
    t("overview.monthly_caption", lang, filters=sidebar.filters_text(data.scope, lang)),
    lang,
    t("overview.too_little_months", lang),
)
