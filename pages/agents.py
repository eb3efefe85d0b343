"""Agents and teams: funnel plots of the failure and recovery rates against volume, a recognition
board of the best recoveries (shrunk rates), and escalation access by team. For learning, not for
ranking people."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import frame, loaders, sidebar, tables, widgets
from dashboard.figures import agents as figures
from dashboard.formatting import number, percent, points
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("page.agents", lang))
st.info(t("agents.lead", lang), icon=":material/school:")

controls = st.columns([2, 3, 4])
with controls[0]:
    min_volume = st.number_input(
        t("agents.min_volume", lang),
        min_value=1,
        max_value=10_000,
        value=30,
        step=10,
        key="min_volume",
        help=t("agents.min_volume_help", lang),
    )
with controls[1]:
    level = st.segmented_control(
        t("agents.level", lang),
        ["agent_id", "team"],
        default="agent_id",
        format_func=lambda k: t(f"agents.level.{k}", lang),
        required=True,
        key="agents_level",
    )
level = level or "agent_id"

with guarded(lang):
    page = loaders.agents(view, int(min_volume))
filters = sidebar.filters_text(page.scope, lang)
st.caption(sidebar.window_caption(page.scope, lang))

units = t(f"agents.units.{level}", lang)
unit_word = t(f"agents.unit.{level}", lang)


def funnel_section(fit_result, kind: str) -> None:
    good = "low" if kind == "failure" else "high"
    st.subheader(t(f"agents.{kind}", lang))
    if fit_result is None:
        st.info(t("too_little_to_chart", lang, what=t("agents.nothing", lang)))
        return
    fit = fit_result.fit
    chart, table = st.columns([1, 1], gap="large")
    with chart:
        widgets.chart(
            figures.funnel(
                fit,
                fit_result.curves,
                lang,
                title=t(f"agents.{kind}_title", lang, units=units),
                x_title=t("agents.x_contacts" if kind == "failure" else "agents.x_failures", lang),
                y_title=t(f"agents.y_{kind}", lang),
                good=good,
            ),
            t(
                "agents.funnel_caption",
                lang,
                units=units,
                phi=number(fit.phi_, lang, 2),
                outside=number(len(fit.outside_), lang),
                n=number(fit.n_estimating_, lang),
                min=number(page.min_volume, lang),
                filters=filters,
            ),
            lang,
            "",
        )
    with table:
        st.markdown(f"**{t('agents.outside', lang)}**")
        if fit.outside_.empty:
            st.caption(t("agents.none_outside", lang, unit=unit_word))
        else:
            widgets.table(
                tables.outside(fit, lang),
                partial(tables.outside, fit, lang, whole=True),
                lang,
                f"{kind}_rate_outside_{level}.csv",
                key=f"download_outside_{kind}",
            )


funnel_section(page.failure_agents if level == "agent_id" else page.failure_teams, "failure")
funnel_section(page.recovery_agents if level == "agent_id" else page.recovery_teams, "recovery")

with st.expander(t("failures.table", lang)):
    volume = page.agents if level == "agent_id" else page.teams
    widgets.table(
        tables.volumes(volume, level, lang),
        tables.volumes(volume, level, lang),
        lang,
        f"volumes_by_{level}.csv",
        key="download_volumes",
    )

# -- recognition -------------------------------------------------------------------------------------------
st.subheader(t("agents.board", lang))
if page.board.empty:
    st.info(t("agents.board_empty", lang, min=number(page.min_volume, lang)))
else:
    st.caption(
        t(
            "agents.board_caption",
            lang,
            min=number(page.min_volume, lang),
            prior=percent(page.board_prior, lang),
            filters=filters,
        )
    )
    spread = float(page.board["shrunk_rate"].max() - page.board["shrunk_rate"].min())
    if spread < 0.005:
        st.info(t("agents.board_chance", lang, spread=points(spread, lang, 2).lstrip("+±")))
    widgets.table(
        tables.board(page.board, lang),
        partial(tables.board, page.board, lang, whole=True),
        lang,
        "recognition_board.csv",
        key="download_board",
    )

# -- escalation access --------------------------------------------------------------------------------------
st.subheader(t("agents.escalation", lang))
chart, table = st.columns([6, 5], gap="large")
with chart:
    widgets.chart(
        figures.escalation(page.escalation, lang),
        t("agents.escalation_caption", lang, filters=filters),
        lang,
        t("agents.escalation_none", lang),
    )
with table:
    if not page.escalation.empty:
        widgets.table(
            tables.escalation(page.escalation, lang),
            partial(tables.escalation, page.escalation, lang, whole=True),
            lang,
            "escalation_access.csv",
            key="download_escalation",
        )
