"""How pages draw the shared pieces: tiles, a chart with its caption, a table with its CSV
download. The only Streamlit in the dashboard besides the frame, the sidebar and the guard."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import narrative, reviewing, tables
from dashboard.strings import t
from dashboard.tiles import Tile


def css_text(text: str) -> str:
    """``text`` as a CSS string literal (for ``content:``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def input_hints(lang: str) -> None:
    """Streamlit's hint under a focused text or number input ("Press Enter to apply", "… to submit
    form") in ``lang``: Streamlit writes it in English whatever the page's language, so in Spanish
    it is replaced by CSS. Drawn once per run by the frame, for every page."""
    if lang == "en":
        return
    hint = '[data-testid="InputInstructions"]'
    st.html(
        "<style>"
        f"{hint} {{font-size: 0 !important}}"
        f"{hint} * {{display: none}}"
        f"{hint}::after {{content: {css_text(t('hint.enter_apply', lang))}; font-size: 0.75rem}}"
        f'[data-testid="stForm"] {hint}::after {{content: {css_text(t("hint.enter_submit", lang))}}}'
        "</style>"
    )


def tiles(items: list[Tile], most_per_row: int = 4) -> None:
    """Tiles in rows of at most ``most_per_row``, the rows balanced (5 tiles: 3 + 2)."""
    rows = max(1, math.ceil(len(items) / most_per_row))
    per_row = math.ceil(len(items) / rows) if items else 1
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        for col, tile in zip(st.columns(per_row), row):
            col.metric(
                tile.label,
                tile.value,
                delta=tile.delta,
                delta_color=tile.delta_color,
                help=tile.help,
                border=True,
            )


def chart(fig: go.Figure | None, caption: str, lang: str, too_little: str) -> None:
    """The figure with its one-line caption, or a note that there is too little to chart."""
    if fig is None:
        st.info(t("too_little_to_chart", lang, what=too_little))
        return
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
    st.caption(caption)


def table(
    shown: pd.DataFrame | pd.io.formats.style.Styler,
    download: pd.DataFrame | Callable[[], pd.DataFrame],
    lang: str,
    file_name: str,
    *,
    label: str | None = None,
    key: str | None = None,
) -> None:
    """A table on screen (numbers in the language's format) and the button that downloads it as
    CSV (``download``: the whole values, or a function that makes them; formula cells neutralised
    on the way out)."""
    if isinstance(shown, pd.DataFrame):
        shown = tables.styled(shown, lang)
    st.dataframe(shown, hide_index=True, width="stretch")
    csv_button(download, lang, file_name, label=label, key=key)


def csv_button(
    download: pd.DataFrame | Callable[[], pd.DataFrame],
    lang: str,
    file_name: str,
    *,
    label: str | None = None,
    key: str | None = None,
) -> None:
    """The button that downloads ``download`` as CSV. The file is written when the button is
    clicked, not on every run: a page with eight tables wrote eight CSV files on each filter change
    that nobody asked for (a tenth of its run). Give a function with its arguments bound now
    (``functools.partial``), not a closure over the page's variables: the page's run has ended by
    the click, and a name it reassigned later would give another table's rows."""

    def data() -> bytes:
        return tables.csv_bytes(download() if callable(download) else download, lang)

    st.download_button(
        label or t("download_csv", lang),
        data,
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",  # a download needs no run of the page
        icon=":material/download:",
    )


def brief_button(
    report, lang: str, overview=None, key: str = "download_brief", *, subgroup=None, group: str | None = None
) -> None:
    """The button that downloads the HTML brief, built only when clicked (with the subgroup the
    filters chose first, when there is one)."""
    from datetime import datetime

    from dashboard import brief

    st.download_button(
        t("brief.download", lang),
        data=lambda: brief.attribution_brief(
            report, lang, overview=overview, generated=datetime.now(), subgroup=subgroup, group=group
        ).encode("utf-8"),
        file_name=brief.file_name(report, lang),
        mime="text/html",
        help=t("brief.download_help", lang),
        on_click="ignore",
        icon=":material/description:",
        key=key,
    )


def reasons_to_check(unsure_share: float, lang: str) -> None:
    """Under a stated-vs-attributed chart: how far its circles can still move (the share of leavers
    whose reason is unsure and unchecked, :func:`narrative.stated_unsure`), and the link to the
    review page — with its reasons least sure first when there is something to check."""
    unsure = narrative.stated_unsure(unsure_share, lang)
    if unsure:
        st.markdown(unsure)
    st.page_link(
        "pages/review.py",
        label=t("overview.check_reasons", lang),
        icon=":material/rule:",
        query_params={reviewing.UNSURE_FIRST: "1"} if unsure else None,
    )
