"""Overview: headline counts and the monthly churn rate. Reads cached results and draws."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analytics import measures
from analytics.i18n import t
from analytics.store import Store, StoreBusy, resolve_url


@st.cache_data(show_spinner=False)
def _overview(url: str, version: int) -> dict:
    return measures.overview(Store(url))


@st.cache_data(show_spinner=False)
def _monthly(url: str, version: int):
    return measures.monthly_churn(Store(url))


def page() -> None:
    lang = st.session_state.get("lang", "en")
    st.title(t("app_title", lang))
    url = resolve_url()
    try:
        store = Store(url)
        version = store.data_version()
        if store.counts()["customers"] == 0:
            st.info(t("no_data", lang))
            return
        head = _overview(url, version)
        monthly = _monthly(url, version)
    except StoreBusy:
        st.warning(t("store_busy", lang))
        return
    win = head["window"]
    st.caption(f"{t('window', lang)}: {win.start:%Y-%m-%d} → {win.end:%Y-%m-%d}")
    cols = st.columns(4)
    cols[0].metric(t("customers", lang), f"{head['customers']:,}")
    cols[1].metric(t("churned", lang), f"{head['churned']:,}")
    cols[2].metric(t("churn_rate", lang), f"{head['churned'] / max(head['customers'], 1):.1%}")
    cols[3].metric(t("interactions", lang), f"{head['interactions']:,}")
    fig = px.line(
        monthly,
        x="month",
        y="churn_rate",
        markers=True,
        labels={"month": t("month", lang), "churn_rate": t("churn_rate", lang)},
        title=t("monthly_churn", lang),
    )
    fig.update_yaxes(tickformat=".1%")
    st.plotly_chart(fig, width="stretch")


page()
