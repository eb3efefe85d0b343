"""The start page of an empty database: how to load data, or the demo dataset with one click."""

from __future__ import annotations

import streamlit as st

from analytics.bootstrap import load_demo
from dashboard import loaders
from dashboard.progress import StepProgress
from dashboard.strings import t

CLI_EXAMPLE = (
    "python -m analytics ingest --customers clientes.csv\n"
    "python -m analytics ingest --interactions interacciones.csv"
)


def start_page(lang: str) -> None:
    st.header(t("start.title", lang))
    st.write(t("start.intro", lang))
    if st.button(t("start.load_demo", lang), help=t("start.load_demo_help", lang), type="primary"):
        bar = StepProgress(lang, t("loading_demo", lang))
        load_demo(loaders.current_store(), progress=bar)
        bar.close()
        st.rerun()
    st.write(t("start.cli", lang))
    st.code(CLI_EXAMPLE, language="bash")
