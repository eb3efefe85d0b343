"""The look every chart shares: the language's number separators, a quiet template, a title."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.formatting import plotly_separators

FONT = "Source Sans Pro, Source Sans 3, sans-serif"


def styled(fig: go.Figure, lang: str, title: str, *, height: int = 380) -> go.Figure:
    """``fig`` with the shared look: title, separators for ``lang`` (12,8 and 1.234 in Spanish),
    white background, light grid, the legend under the plot (where a long or wrapped legend
    cannot run into the title)."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        separators=plotly_separators(lang),
        template="plotly_white",
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        # Fixed entry widths: plotly spaces entries by text measured before the page's font is in,
        # which cut the last entry short.
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.24,
            "xanchor": "left",
            "x": 0,
            "entrywidth": 190,
            "entrywidthmode": "pixels",
        },
        hoverlabel={"font": {"family": FONT}},
    )
    return fig
