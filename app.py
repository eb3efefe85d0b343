"""Streamlit entry point: navigation, language and database choice. No analysis here."""

from __future__ import annotations

import streamlit as st

from analytics.bootstrap import load_demo, needs_demo
from analytics.i18n import LANGUAGES, t
from analytics.store import Store, resolve_url


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    return Store(url)


def main() -> None:
    st.set_page_config(page_title="Customer-loss analytics", layout="wide")
    lang = st.sidebar.radio(
        "Language / Idioma", list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True, key="lang"
    )
    url = resolve_url()
    store = get_store(url)
    st.sidebar.caption(
        f"{t('database', lang)}: `{store.dialect}`" + (f" · {store.path.name}" if store.path else "")
    )
    if needs_demo(store):
        bar = st.progress(0.0, text=t("loading_demo", lang))
        load_demo(
            store, progress=lambda frac, msg: bar.progress(frac, text=f"{t('loading_demo', lang)} {msg}")
        )
        bar.empty()
        st.toast(t("demo_loaded", lang))
    nav = st.navigation(
        [
            st.Page("pages/overview.py", title=t("overview", lang), default=True),
            st.Page("pages/uploads.py", title=t("uploads", lang)),
        ]
    )
    nav.run()


main()
