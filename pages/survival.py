"""Survival: how fast customers leave, from their start and after a failure; what a recovery is
worth; the hazard ratios; leaving by stated exit reason."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import frame, loaders, narrative, results, sidebar, tables, widgets
from dashboard.figures import attribution as attribution_figures
from dashboard.figures import survival as figures
from dashboard.formatting import number
from dashboard.guard import guarded, show_fit_failed
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.survival", lang))
st.caption(t("survival.lead", lang))
with guarded(lang):
    page = loaders.survival_page(view)
report = page.survival
st.caption(
    sidebar.window_caption(report.scope, lang)
    + " · "
    + t(
        "survival.of_customers",
        lang,
        customers=number(report.customers, lang),
        churned=number(report.churned, lang),
    )
)
if view.scope.contact_filters():
    names = ", ".join(t(f"filter.{k}", lang).lower() for k in view.scope.contact_filters())
    st.info(t("survival.filters_contact", lang, names=names))


def test_text(result) -> str:
    if result is None:
        return ""
    return t(
        "survival.logrank",
        lang,
        p=narrative.p_value(result.p_value, lang),
        stat=number(result.statistic, lang, 2),
        df=result.df,
    )


family_names = {
    "any": t("survival.any", lang),
    **{f: t(f"family.{f}", lang) for f in ("attitude", "process", "price", "quality")},
}

# -- what a recovery is worth ---------------------------------------------------------------------------
st.subheader(t("survival.recovery", lang))
if page.attribution is not None:
    sentence = narrative.recovery_effect(page.attribution.hazard_ratio.loc["recovered"], lang)
    if sentence:
        st.markdown(sentence)
        st.caption(
            t(
                "survival.recovery_model",
                lang,
                why=narrative.model_sentence(page.attribution.model, page.attribution.customers, lang),
            )
        )
else:
    show_fit_failed("attribution", page.attribution_error, lang)
if "any" in report.recovery:
    at_a_year = report.recovery["any"].survival_at([365.0])
    p_value = getattr(report.tests.get("recovered:any"), "p_value", None)
    year = narrative.recovery_after_a_year(at_a_year, p_value, lang)
    if year:
        st.markdown(year)
        if page.attribution is not None and narrative.recovery_figures_disagree(
            page.attribution.hazard_ratio.loc["recovered"], at_a_year, p_value
        ):
            st.caption(t("narrative.recovery_differs", lang))

# -- from the start ---------------------------------------------------------------------------------------
st.subheader(t("survival.tenure", lang))
by = st.segmented_control(
    t("survival.tenure_by", lang),
    list(report.by),
    default="overall",
    format_func=lambda k: t(f"survival.by.{k}", lang),
    required=True,
    key="survival_by",
)
km = report.by[by or "overall"]
labels = {"all": t("survival.all", lang)}
widgets.chart(
    loaders.figure(
        view,
        ("km_tenure", report.scope, by, lang),
        lambda: figures.km_curves(km.survival_, lang, t("figure.km_tenure_title", lang), labels=labels),
    ),
    t(
        "survival.tenure_caption",
        lang,
        test=test_text(report.tests.get(by)),
        filters=sidebar.filters_text(report.scope, lang),
    ),
    lang,
    t("survival.too_few", lang),
)
widgets.table(
    tables.survival_summary(km, lang, labels),
    partial(tables.survival_summary, km, lang, labels, whole=True),
    lang,
    f"survival_by_{by}.csv",
    key="download_tenure",
)

# -- after a failure ---------------------------------------------------------------------------------------
st.subheader(t("survival.after_failure", lang))
if report.after_failure is None:
    st.info(t("too_little_to_chart", lang, what=t("survival.no_failures", lang)))
else:
    left, right = st.columns(2, gap="large")
    with left:
        curves = report.after_failure.survival_
        widgets.chart(
            loaders.figure(
                view,
                ("km_failure", report.scope, lang),
                lambda: figures.km_curves(
                    curves,
                    lang,
                    t("figure.km_failure_title", lang),
                    labels=family_names,
                    colours=figures.group_colours(list(family_names), families=True),
                    x_title=t("figure.km_x_failure", lang),
                    order=list(family_names),
                ),
            ),
            t("survival.after_failure_caption", lang),
            lang,
            t("survival.too_few", lang),
        )
    with right:
        families = [f for f in ("any", "attitude", "process", "price", "quality") if f in report.recovery]
        family = st.selectbox(
            t("survival.family_pick", lang), families, format_func=family_names.get, key="survival_family"
        )
        recovery = report.recovery[family]
        widgets.chart(
            loaders.figure(
                view,
                ("km_recovery", report.scope, family, lang),
                lambda: figures.km_curves(
                    recovery.survival_,
                    lang,
                    t("figure.km_recovery_title", lang),
                    labels={
                        "recovered": t("survival.recovered", lang),
                        "not recovered": t("survival.not_recovered", lang),
                    },
                    colours={"recovered": "#56B4E9", "not recovered": "#3B3B3B"},
                    x_title=t("figure.km_x_failure", lang),
                    order=["recovered", "not recovered"],
                ),
            ),
            t(
                "survival.recovered_caption",
                lang,
                family=family_names[family].lower(),
                test=test_text(report.tests.get(f"recovered:{family}")),
            ),
            lang,
            t("survival.too_few", lang),
        )

# -- hazard ratios -------------------------------------------------------------------------------------------
if page.attribution is not None:
    st.subheader(t("survival.hazard", lang))
    chart, table = st.columns([1, 1], gap="large")
    with chart:
        widgets.chart(
            loaders.figure(
                view,
                ("hazard_ratios", page.attribution.scope, lang),
                lambda: attribution_figures.hazard_ratios(
                    page.attribution.hazard_ratio, lang, results.hazard_events(page.attribution)
                ),
            ),
            t(
                "attribution.hazard_caption",
                lang,
                days=page.attribution.scope.window_days,
                why=narrative.model_sentence(page.attribution.model, page.attribution.customers, lang),
            ),
            lang,
            "",
        )
    with table:
        widgets.table(
            tables.hazard_ratios(page.attribution.hazard_ratio, lang),
            partial(tables.hazard_ratios, page.attribution.hazard_ratio, lang, whole=True),
            lang,
            "hazard_ratios.csv",
            key="download_hazard_ratios",
        )

# -- by stated exit reason -----------------------------------------------------------------------------------
st.subheader(t("survival.exit", lang))
if report.exit_causes is None:
    st.info(t("too_little_to_chart", lang, what=t("survival.no_exits", lang)))
else:
    causes = {c: t(f"family.{c}", lang) for c in ("attitude", "process", "price", "quality", "unclassified")}
    causes |= {"none": t("cause.none", lang), "not_stated": t("cause.not_stated", lang)}
    widgets.chart(
        loaders.figure(
            view,
            ("exit_causes", report.scope, lang),
            lambda: figures.cumulative_incidence(report.exit_causes.cif_, lang, causes),
        ),
        t("survival.exit_caption", lang),
        lang,
        t("survival.no_exits", lang),
    )
