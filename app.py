"""Streamlit entry point: the navigation by sections, then the frame (sidebar, first start) and
the chosen page. No analysis here; pages are listed as they are built."""

from __future__ import annotations

import streamlit as st

from dashboard import frame, sidebar
from dashboard.strings import t

st.set_page_config(page_title="Customer-loss analytics", page_icon=":material/insights:", layout="wide")
lang = sidebar.language()
overview = st.Page(
    "pages/overview.py",
    title=t("page.overview", lang),
    icon=":material/dashboard:",
    url_path="home",  # the default page lives at "/"; "/overview" is the alias below
    default=True,
)
nav = st.navigation(
    {
        t("section.analysis", lang): [
            overview,
            frame.address_of(overview, "overview"),
            st.Page(
                "pages/failures.py",
                title=t("page.failures", lang),
                icon=":material/report:",
                url_path="failures",
            ),
            st.Page(
                "pages/survival.py",
                title=t("page.survival", lang),
                icon=":material/monitoring:",
                url_path="survival",
            ),
            st.Page(
                "pages/attribution.py",
                title=t("page.attribution", lang),
                icon=":material/donut_small:",
                url_path="attribution",
            ),
            st.Page(
                "pages/agents.py",
                title=t("page.agents", lang),
                icon=":material/groups:",
                url_path="agents",
            ),
        ],
        t("section.consulting", lang): [
            st.Page(
                "pages/scenarios.py",
                title=t("page.scenarios", lang),
                icon=":material/tune:",
                url_path="scenarios",
            ),
        ],
        t("section.data", lang): [
            st.Page(
                "pages/upload.py", title=t("page.upload", lang), icon=":material/upload:", url_path="upload"
            ),
            st.Page(
                "pages/uploads.py",
                title=t("page.uploads", lang),
                icon=":material/upload_file:",
                url_path="uploads",
            ),
            st.Page(
                "pages/review.py",
                title=t("page.review", lang),
                icon=":material/rate_review:",
                url_path="review",
            ),
        ],
    }
)
frame.run(nav)
