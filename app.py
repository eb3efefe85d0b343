"""Streamlit entry point: navigation, language and database choice. No analysis here."""

from __future__ import annotations

import streamlit as st

from analytics.bootstrap import load_demo, needs_demo
from analytics.i18n import LANGUAGES, t
from analytics.parts import PartsMissing
from analytics.store import Store, resolve_url


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    return Store(url)


def main() -> None:
    st.set_page_config(page_title="Customer-loss analytics", layout="wide")
    # The widget's value from the last interaction is already in session_state when the script
    # starts. The radio itself must be created after st.navigation: a widget created before it
    # loses its value on every rerun in a real browser (AppTest does not show this; the browser
    # test does), so the language switch would never stick.
    lang = st.session_state.get("lang", "en")
    nav = st.navigation(
        [
            st.Page("pages/overview.py", title=t("overview", lang), default=True),
            st.Page("pages/uploads.py", title=t("uploads", lang)),
        ]
    )
    lang = st.sidebar.radio(
        "Language / Idioma", list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True, key="lang"
    )
    url = resolve_url()
    store = get_store(url)
    st.sidebar.caption(
        f"{t('database', lang)}: `{store.dialect}`" + (f" · {store.path.name}" if store.path else "")
    )
    try:
        if needs_demo(store):
            bar = st.progress(0.0, text=t("loading_demo", lang))
            load_demo(
                store,
                progress=lambda frac, msg: bar.progress(frac, text=f"{t('loading_demo', lang)} {msg}"),
            )
            bar.empty()
            st.toast(t("demo_loaded", lang))
        nav.run()
    except PartsMissing as exc:  # a database file copied without its folder of uploads
        st.error(t("parts_missing", lang).format(folder=exc.folder))


main()
