"""Attribution: the shares of churn by family and together, with intervals; under a segment, plan
or region filter, that subgroup's shares read from the same fit (no refit) beside every
customer's; what leaving customers said beside them; the hazard ratios and which model gave
them; the method in plain language."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import frame, loaders, narrative, results, sidebar, tables, widgets
from dashboard.figures import attribution as figures
from dashboard.formatting import number, percent, percent_range
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.attribution", lang))
st.caption(t("attribution.lead", lang))
with guarded(lang):
    page = loaders.attribution_page(view)
report = page.report

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
customer_filters = view.scope.customer_filters()
if view.scope.contact_filters():
    st.info(
        t(
            "attribution.contact_filters",
            lang,
            filters=sidebar.filters_text(view.scope, lang, view.scope.contact_filters()),
            customer_part=t("attribution.contact_filters_customer_part", lang) if customer_filters else "",
        )
    )

# -- the subgroup the filters choose, read from the fit on every customer ----------------------------------
shares = report.attributable_share
group = sidebar.filters_text(view.scope, lang, customer_filters)
sub = page.subgroup
if sub is not None:
    st.subheader(t("attribution.subgroup", lang, group=group))
    service = sub.attributable_share.loc["attitude_and_process"]
    st.markdown(
        "#### "
        + t(
            "attribution.subgroup_headline",
            lang,
            group=group,
            value=percent(service["estimate"], lang),
            interval=percent_range(service["low"], service["high"], lang),
            all=percent(shares.loc["attitude_and_process", "estimate"], lang),
        )
    )
    st.caption(
        t(
            "attribution.subgroup_how",
            lang,
            customers=number(sub.customers, lang),
            churned=number(sub.churned, lang),
            n=number(report.n_bootstrap, lang),
        )
    )
    compared = results.subgroup_vs_all(sub.attributable_share, shares)
    chart, table = st.columns([6, 5], gap="large")
    with chart:
        widgets.chart(
            figures.subgroup_vs_all(compared, lang, group),
            t("attribution.subgroup_caption", lang),
            lang,
            "",
        )
    with table:
        widgets.table(
            tables.subgroup_shares(compared, lang),
            partial(tables.subgroup_shares, compared, lang, whole=True),
            lang,
            "attributable_shares_subgroup.csv",
            key="download_subgroup",
        )
    st.subheader(t("attribution.all_customers", lang))
elif customer_filters:
    st.warning(t("attribution.subgroup_failed", lang, group=group))

first, rest = narrative.headline(shares, lang)
st.markdown(f"#### {first}")
st.markdown(rest)
claim = narrative.field_claim(report.service_share, lang)
if claim:
    st.markdown(claim)
widgets.brief_button(report, lang, subgroup=sub, group=group)

# -- shares -------------------------------------------------------------------------------------------
st.subheader(t("attribution.shares", lang))
chart, table = st.columns([6, 5], gap="large")
with chart:
    widgets.chart(
        loaders.figure(
            view,
            ("causes", report.scope, lang),
            lambda: figures.cause_bars(results.cause_shares(shares), lang),
        ),
        t("attribution.shares_caption", lang),
        lang,
        "",
    )
with table:
    widgets.table(
        tables.attributable_shares(shares, lang),
        partial(tables.attributable_shares, shares, lang, whole=True),
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
    widgets.chart(
        loaders.figure(
            view, ("stated", report.scope, lang), lambda: figures.stated_vs_attributed(compared, lang)
        ),
        t("overview.stated_caption", lang),
        lang,
        "",
    )
    widgets.reasons_to_check(report.stated_unsure, lang)

# -- hazard ratios ----------------------------------------------------------------------------------------
st.subheader(t("attribution.hazard", lang))
chart, table = st.columns([1, 1], gap="large")
with chart:
    widgets.chart(
        loaders.figure(
            view,
            ("hazard_ratios", report.scope, lang),
            lambda: figures.hazard_ratios(report.hazard_ratio, lang, results.hazard_events(report)),
        ),
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
        partial(tables.hazard_ratios, report.hazard_ratio, lang, whole=True),
        lang,
        "hazard_ratios.csv",
        key="download_hazard_ratios",
    )

with st.expander(t("attribution.method", lang), expanded=False):
    st.markdown(
        t("attribution.method_text", lang, days=report.scope.window_days, n=number(report.n_bootstrap, lang))
    )
