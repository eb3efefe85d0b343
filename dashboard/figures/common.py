"""The look every chart shares (the language's number separators, a quiet template, a title), and
how figures are built: from plain dicts, without plotly's validation on every draw.

A builder writes its traces and layout as dicts in plotly's own form (``{"type": "bar", ...}``,
``{"title": {"text": ...}}``) and hands them to :func:`figure`. plotly's graph objects validate
every property each time one is set — 10–40 ms a figure, a tenth of a second on a page that draws
six on every filter change — while a figure made from dicts costs about one millisecond. The check
is not lost, only moved: the figure tests pass every builder's output through
``tests/figure_check.py``, which rebuilds it with validation on and requires the same figure (a
misspelt property, or a value in a form plotly would rewrite, fails there)."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.formatting import plotly_separators

FONT = "Source Sans Pro, Source Sans 3, sans-serif"

# The quiet template every chart uses, as plotly's default: applied when a figure is drawn. Named in
# each figure's layout instead, plotly copied and validated the whole template for every figure
# (8 ms of a 9 ms figure; a page draws up to six on every filter change).
pio.templates.default = "plotly_white"


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure of ``data`` (trace dicts, each with its ``type``) and ``layout``, taken as written.

    ``_validate=False`` is plotly's own switch for figures built from trusted specifications
    (``BaseFigure``); the specifications are checked once, by the tests, instead of on every draw."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def merge(*layouts: dict) -> dict:
    """The layouts merged key by key, nested dicts included; the later wins where they disagree."""
    out: dict[str, Any] = {}
    for layout in layouts:
        for key, value in layout.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict):
                out[key] = merge(out[key], value)
            else:
                out[key] = value
    return out


def title(text: str) -> dict:
    """An axis or legend title in plotly's form (for none, leave the key out: ``None`` is not
    plotly's form of "no title")."""
    return {"text": text}


def look(lang: str, text: str, *, height: int = 380) -> dict:
    """The shared layout: title, separators for ``lang`` (12,8 and 1.234 in Spanish), the font,
    the legend under the plot (where a long or wrapped legend cannot run into the title)."""
    return {
        "title": {"text": text, "x": 0, "xanchor": "left", "font": {"size": 17}},
        "separators": plotly_separators(lang),
        "font": {"family": FONT, "size": 13},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        # Fixed entry widths: plotly spaces entries by text measured before the page's font is in,
        # which cut the last entry short.
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.24,
            "xanchor": "left",
            "x": 0,
            "entrywidth": 190,
            "entrywidthmode": "pixels",
        },
        "hoverlabel": {"font": {"family": FONT}},
    }


def interval_bars(est, low, high, *, width: int = 5, visible: bool | None = None) -> dict:
    """Error bars from each estimate to its 95 % bounds (``error_x`` or ``error_y``); a bound not
    known draws no whisker. ``visible``: set only when given."""
    est, low, high = (np.asarray(v, dtype=float) for v in (est, low, high))
    bars = {
        "type": "data",
        "symmetric": False,
        "array": np.nan_to_num(high - est),
        "arrayminus": np.nan_to_num(est - low),
        "color": "#333333",
        "thickness": 1.5,
        "width": width,
    }
    if visible is not None:
        bars["visible"] = visible
    return bars


def label_room(labels: list[str], per_char: float = 7.5) -> dict:
    """Layout that leaves a left margin wide enough for the longest category label on the y axis
    (plotly's automargin cuts long labels when the title is left-aligned)."""
    return {
        "margin": {"l": 14 + per_char * max((len(str(v)) for v in labels), default=0)},
        "yaxis": {"automargin": False},
    }


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
