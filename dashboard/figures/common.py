"""The look every chart shares: the language's number separators, a quiet template, a title."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.formatting import plotly_separators

FONT = "Source Sans Pro, Source Sans 3, sans-serif"

# The quiet template every chart uses, as plotly's default: applied when a figure is drawn. Named in
# each figure's layout instead, plotly copied and validated the whole template for every figure
# (8 ms of a 9 ms figure; a page draws up to six on every filter change).
pio.templates.default = "plotly_white"


def styled(fig: go.Figure, lang: str, title: str, *, height: int = 380) -> go.Figure:
    """``fig`` with the shared look: title, separators for ``lang`` (12,8 and 1.234 in Spanish),
    white background, light grid, the legend under the plot (where a long or wrapped legend
    cannot run into the title)."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        separators=plotly_separators(lang),
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


def room_for_labels(fig: go.Figure, labels: list[str], per_char: float = 7.5) -> go.Figure:
    """A left margin wide enough for the longest category label on the y axis (plotly's
    automargin cuts long labels when the title is left-aligned)."""
    fig.update_layout(margin={"l": 14 + per_char * max((len(str(v)) for v in labels), default=0)})
    fig.update_yaxes(automargin=False)
    return fig


def wrap(label: str, width: int = 11) -> str:
    """A category label broken at spaces into lines of about ``width`` characters (``<br>``), so
    neighbouring labels on a narrow axis do not run into each other."""
    words, lines, line = str(label).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)
