"""Consulting → Scenarios: what fixing a failure would be worth from the as-of date on. Levers on
the left, the answer on the right (headline figures with intervals, the projection), then the
value of every lever, saved scenarios side by side, and the brief for the client."""

from __future__ import annotations

from datetime import datetime
from functools import partial

import streamlit as st

from dashboard import frame, loaders, scenario_brief, tables, widgets
from dashboard import scenarios as sc
from dashboard.figures import scenarios as figures
from dashboard.formatting import day, number, percent
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.scenarios", lang))
st.caption(t("scenarios.lead", lang))


def _reset() -> None:
    for key in sc.lever_keys(st.session_state):
        st.session_state[key] = 0


# The levers and the answer rerun alone when a slider moves (a fragment): the page below them, the
# ranked levers and the saved scenarios, does not depend on the levers. A new horizon or value of a
# customer-month changes the ranked levers too, so it reruns the whole page.
FULL_PAGE = f"{sc.KEY}page_settings"


def _settings(scenario) -> tuple:
    return scenario.horizon_months, scenario.value_per_month


scenario = sc.scenario_from_state(st.session_state)
st.session_state[FULL_PAGE] = _settings(scenario)
with guarded(lang):
    result = loaders.scenario(view, scenario)
for kind, note in sc.filter_notes(view.scope, lang):
    (st.warning if kind == "warning" else st.info)(note)


@st.fragment
def levers_and_answer() -> None:
    scenario = sc.scenario_from_state(st.session_state)
    if _settings(scenario) != st.session_state.get(FULL_PAGE):
        st.rerun()  # the horizon or the value moved: the ranked levers below follow them
    with guarded(lang):
        result = loaders.scenario(view, scenario)
    p = result.projection

    st.caption(
        t(
            "scenarios.caption",
            lang,
            as_of=day(p.as_of, lang),
            months=p.horizon_months,
            customers=number(p.customers_active, lang),
            fitted=number(result.customers_fitted, lang),
            start=day(result.window_start, lang),
            end=day(result.window_end, lang),
            n=number(result.n_bootstrap, lang),
        )
    )

    # -- the answer first: the headline and its four figures ------------------------------------------------
    st.markdown(f"#### {sc.headline(result, lang)}")
    heads = sc.headline_figures(result, lang)
    for col, h in zip(st.columns(len(heads)), heads):
        with col.container(border=True):
            st.metric(h.label, h.value)
            st.caption(f"{h.interval}  \n{h.note}")

    controls, answer = st.columns([4, 8], gap="large")

    # -- the levers -------------------------------------------------------------------------------------
    with controls:
        st.subheader(t("scenarios.levers", lang))
        st.button(
            t("scenarios.reset", lang), on_click=_reset, icon=":material/restart_alt:", key=f"{sc.KEY}reset"
        )
        st.markdown(f"**{t('scenarios.presets', lang)}**")
        st.caption(t("scenarios.presets_caption", lang))
        for slider in sc.preset_sliders(lang):
            st.slider(
                slider.label, 0, 100, step=5, format=sc.slider_format(lang), key=slider.key, help=slider.help
            )
        now = result.recovery_now
        overall = float(now.mean()) if len(now) else 0.0
        st.slider(
            t("scenarios.recovery", lang),
            0,
            100,
            step=5,
            format=sc.slider_format(lang),
            key=sc.RECOVERY_KEY,
            help=t("scenarios.recovery_help", lang, now=percent(overall, lang, 0)),
        )
        st.caption(t("scenarios.recovery_now", lang, rates=sc.recovery_rates_text(now, lang)))
        st.markdown(f"**{t('scenarios.families', lang)}**", help=t("scenarios.families_help", lang))
        for label, whole, subs in sc.family_sliders(result, lang):
            moved = sum(1 for x in (whole, *subs) if st.session_state.get(x.key))
            title = t("scenarios.family_moved", lang, family=label, n=moved) if moved else label
            # keyed: its title counts the sliders moved, and a new title must not make a new
            # (closed) expander, which would take the slider being moved away from under the mouse
            with st.expander(title, expanded=False, key=f"{sc.KEY}family_{whole.key}"):
                for x in (whole, *subs):
                    st.slider(x.label, 0, 100, step=5, format=sc.slider_format(lang), key=x.key, help=x.help)
        st.slider(
            t("scenarios.horizon", lang),
            1,
            sc.MAX_HORIZON_MONTHS,
            value=sc.DEFAULTS["horizon"],
            key=sc.HORIZON_KEY,
            help=t("scenarios.horizon_help", lang),
        )
        own = st.checkbox(
            t("scenarios.own_revenue", lang),
            value=True,
            key=f"{sc.KEY}own_revenue",
            help=t(
                "scenarios.own_revenue_help",
                lang,
                known=number(p.assumptions["customers_with_revenue"], lang),
                customers=number(p.customers_active, lang),
            ),
        )
        if not own:
            st.number_input(
                t("scenarios.value", lang), min_value=0.0, value=50.0, step=5.0, key=f"{sc.KEY}value"
            )
        with st.expander(t("scenarios.wom", lang)):
            st.caption(t("scenarios.wom_text", lang))
            st.number_input(
                t("scenarios.people_told", lang),
                min_value=0.0,
                value=9.0,
                step=1.0,
                key=f"{sc.KEY}people_told",
            )
            st.number_input(
                t("scenarios.share_posting", lang),
                min_value=0.0,
                max_value=100.0,
                value=5.0,
                step=1.0,
                key=f"{sc.KEY}share_posting",
            )
            st.number_input(
                t("scenarios.post_reach", lang),
                min_value=0.0,
                value=1780.0,
                step=10.0,
                key=f"{sc.KEY}post_reach",
                help=t("scenarios.post_reach_help", lang),
            )

    # -- the projection ---------------------------------------------------------------------------------
    with answer:
        widgets.chart(
            figures.projection(p.curve, lang, p.as_of, p.customers_active),
            t("scenarios.chart_caption", lang, customers=number(p.customers_active, lang)),
            lang,
            "",
        )
        with st.expander(t("scenarios.assumptions", lang)):
            st.markdown("\n".join(f"- {line}" for line in sc.assumptions(result, lang)))
        brief_col, csv_col = st.columns(2)
        with brief_col:
            st.download_button(
                t("scenarios.brief_download", lang),
                data=lambda: scenario_brief.scenario_brief(result, lang, generated=datetime.now()).encode(
                    "utf-8"
                ),
                file_name=scenario_brief.file_name(result, lang),
                mime="text/html",
                help=t("scenarios.brief_help", lang),
                on_click="ignore",  # a download needs no run of the page
                icon=":material/description:",
                key=f"{sc.KEY}download_brief",
            )
        with csv_col:
            widgets.csv_button(
                partial(sc.figures_frame, result, lang),
                lang,
                f"{t('scenarios.figures_file', lang)}.csv",
                label=t("scenarios.download_figures", lang),
                key=f"{sc.KEY}download_figures",
            )


levers_and_answer()
p = result.projection

# -- what each lever is worth ---------------------------------------------------------------------
st.subheader(t("scenarios.ranking", lang))
st.markdown(t("scenarios.ranking_text", lang, months=p.horizon_months))
# full width, one under the other: the levers' names are long, in Spanish above all
widgets.chart(figures.lever_bars(result.lever_table, lang), t("scenarios.ranking_caption", lang), lang, "")
widgets.table(
    tables.styled(sc.lever_table(result, lang), lang, decimals={t("scenarios.col.churn_avoided", lang): 1}),
    partial(sc.lever_table, result, lang, whole=True),
    lang,
    f"{t('scenarios.levers_file', lang)}.csv",
    key=f"{sc.KEY}download_levers",
)

# -- save and compare -------------------------------------------------------------------------------
st.subheader(t("scenarios.save", lang))
name_col, button_col = st.columns([6, 2], vertical_alignment="bottom")
with name_col:
    name = st.text_input(
        t("scenarios.name", lang), key=f"{sc.KEY}name", placeholder=t("scenarios.name_placeholder", lang)
    )
with button_col:
    save = st.button(t("scenarios.save_button", lang), icon=":material/save:", key=f"{sc.KEY}save")
if save:
    try:
        st.success(t("scenarios.saved", lang, name=sc.save(view.store, name, result, view.version)))
    except ValueError as exc:
        st.warning(str(exc))

names = sc.saved_names(view.store)
if not names:
    st.caption(t("scenarios.none_saved", lang))
else:
    chosen = st.multiselect(
        t("scenarios.compare", lang),
        names,
        max_selections=4,
        key=f"{sc.KEY}compare",
        placeholder=t("scenarios.compare_placeholder", lang),
    )
    if chosen:
        with guarded(lang):
            rows = [
                (n, loaders.scenario(view, scenario), figures_then, when)
                for n, scenario, figures_then, when in sc.saved(view.store, chosen)
            ]
        widgets.chart(
            figures.compare_bars(sc.compare_points(rows), lang),
            t("scenarios.compare_chart_caption", lang),
            lang,
            "",
        )
        st.dataframe(sc.comparison(rows, lang), hide_index=True, width="stretch")
        st.caption(t("scenarios.compare_caption", lang))

with st.expander(t("scenarios.method", lang)):
    st.markdown(t("scenarios.method_text", lang, days=result.window_days, n=number(result.n_bootstrap, lang)))
