"""Overview: who the customers are, how many left, and the monthly churn rate."""

from __future__ import annotations

import streamlit as st

from dashboard import frame, loaders, sidebar, tiles, widgets
from dashboard.figures import overview as figures
from dashboard.guard import guarded
from dashboard.strings import t

view = frame.view()
lang = view.lang
st.title(t("app_title", lang))
with guarded(lang):
    data = loaders.overview(view)

st.caption(sidebar.window_caption(data.scope, lang))
widgets.tiles(tiles.overview_tiles(data, lang))
widgets.chart(
    figures.monthly_churn(data.monthly, lang),
    t("overview.monthly_caption", lang, filters=sidebar.filters_text(data.scope, lang)),
    lang,
    t("overview.too_little_months", lang),
)
