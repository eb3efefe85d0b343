"""Attribution: the shares of churn by family and together, with intervals; what leaving customers
said beside them; the hazard ratios and which model gave them; the method in plain language."""

from __future__ import annotations

import streamlit as st

from dashboard import frame, loaders, narrative, results, sidebar, tables, widgets
from dashboard.figures import attribution as figures
from dashboard.formatting import number
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.attribution", lang))
st.caption(t("attribution.lead", lang))
with guarded(lang):
    report = loaders.attribution(view)

st.caption(
    sidebar.window_caption(report.scope, lang)
    + " · "
    + t(
        "attribution.fitted_on",
        lang,
        customers=number(report.customers, lang),
        churned=number(report.churned, lang),
        n=number(report.n_bootstrap, lang),
    )
)
if view.scope.filters():
    st.info(t("attribution.filters_apply", lang, filters=sidebar.filters_text(view.scope, lang)))

shares = report.attributable_share
first, rest = narrative.headline(shares, lang)
st.markdown(f"#### {first}")
st.markdown(rest)
claim = narrative.field_claim(report.service_share, lang)
if claim:
    st.markdown(claim)
widgets.brief_button(report, lang)

# -- shares -------------------------------------------------------------------------------------------
st.subheader(t("attribution.shares", lang))
chart, table = st.columns([6, 5], gap="large")
with chart:
    widgets.chart(
        figures.cause_bars(results.cause_shares(shares), lang),
        t("attribution.shares_caption", lang),
        lang,
        "",
    )
with table:
    widgets.table(
        tables.attributable_shares(shares, lang),
        tables.attributable_shares(shares, lang, whole=True),
        lang,
        "attributable_shares.csv",
        key="download_shares",
    )

# -- stated beside attributed ------------------------------------------------------------------------------
if report.stated_reasons:
    st.subheader(t("attribution.stated", lang))
    compared = results.stated_vs_attributed(shares, report.stated_reasons)
    for line in narrative.contrast(shares, report.stated_reasons, lang):
        st.markdown(line)
    widgets.chart(figures.stated_vs_attributed(compared, lang), t("overview.stated_caption", lang), lang, "")

# -- hazard ratios ----------------------------------------------------------------------------------------
st.subheader(t("attribution.hazard", lang))
chart, table = st.columns([6, 5], gap="large")
with chart:
    widgets.chart(
        figures.hazard_ratios(report.hazard_ratio, lang),
        t(
            "attribution.hazard_caption",
            lang,
            days=report.scope.window_days,
            why=narrative.model_sentence(report.model, report.customers, lang),
        ),
        lang,
        "",
    )
with table:
    widgets.table(
        tables.hazard_ratios(report.hazard_ratio, lang),
        tables.hazard_ratios(report.hazard_ratio, lang, whole=True),
        lang,
        "hazard_ratios.csv",
        key="download_hazard_ratios",
    )

with st.expander(t("attribution.method", lang), expanded=False):
    st.markdown(
        t("attribution.method_text", lang, days=report.scope.window_days, n=number(report.n_bootstrap, lang))
    )
