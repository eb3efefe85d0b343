"""Overview: the answer first — how much churn traces to attitude and process failures, beside
what leaving customers said — then the measures managers follow, and the monthly churn rate."""

from __future__ import annotations

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
    shares = report.attributable_share
    words, chart = st.columns([5, 6], gap="large")
    with words:
        first, rest = narrative.headline(shares, lang)
        st.markdown(f"### {first}")
        st.markdown(rest)
        claim = narrative.field_claim(report.service_share, lang)
        if claim:
            st.markdown(claim)
        for line in narrative.contrast(shares, report.stated_reasons, lang):
            st.markdown(line)
        widgets.brief_button(report, lang, overview=data)
    with chart:
        widgets.chart(
            attribution_figures.cause_bars(results.cause_shares(shares), lang),
            t(
                "overview.causes_caption",
                lang,
                n=number(report.n_bootstrap, lang),
                customers=number(report.customers, lang),
                churned=number(report.churned, lang),
            ),
            lang,
            "",
        )
    if data.scope.filters():
        st.info(t("overview.filters_scope", lang, filters=sidebar.filters_text(data.scope, lang)))

# -- the measures -----------------------------------------------------------------------------------
widgets.tiles(tiles.overview_tiles(data, lang))
if tiles.coming_names(data, lang):
    st.caption(t("overview.coming_caption", lang, names=tiles.coming_names(data, lang)))

if report is not None and report.stated_reasons:
    compared = results.stated_vs_attributed(report.attributable_share, report.stated_reasons)
    widgets.chart(
        attribution_figures.stated_vs_attributed(compared, lang),
        t("overview.stated_caption", lang),
        lang,
        "",
    )
    with st.expander(t("overview.table", lang)):
        widgets.table(
            tables.styled(tables.stated_vs_attributed(compared, lang), lang),
            tables.stated_vs_attributed(compared, lang, whole=True),
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
