"""Figures of the Scenarios page: the projection (baseline against the scenario over the horizon,
with bands), the value of each lever, and saved scenarios side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.colors import OKABE_ITO, SERIES, translucent
from dashboard.figures.common import figure, look, merge, title
from dashboard.strings import t

BASELINE = SERIES[0]
SCENARIO = OKABE_ITO["bluish_green"]
KEPT = OKABE_ITO["blue"]
TOP_LEVERS = 12
KEPT_PANEL = 0.36
"""The projection's lower panel (customers kept): its share of the plotted height."""
PANEL_GAP = 0.08
"""The gap between the projection's two panels, as a share of the figure's plotting height."""


def projection(curve: pd.DataFrame, lang: str, as_of, customers: int) -> go.Figure:
    """Two panels over the months from the as-of date (``curve``:
    :attr:`models.scenarios.Projection.curve`): above, the cumulative expected customers lost as
    things are and with the levers, each with its 95 % band; below, the difference — customers
    kept — with its band, which a small effect would leave invisible above."""
    data = []
    worlds = (("baseline", BASELINE, 1), ("scenario", SCENARIO, 1), ("avoided", KEPT, 2))
    for world, colour, row in worlds:
        part = curve[curve["world"] == world].sort_values("month")
        name = t(f"scenarios.{world}", lang)
        axes = {"xaxis": "x", "yaxis": "y"} if row == 1 else {"xaxis": "x2", "yaxis": "y2"}
        month = part["month"].to_numpy()
        if part["low"].notna().any():
            data.append(
                {
                    "type": "scatter",
                    "x": np.concatenate([month, month[::-1]]),
                    "y": np.concatenate([part["high"].to_numpy(), part["low"].to_numpy()[::-1]]),
                    "fill": "toself",
                    "fillcolor": translucent(colour, 0.18),
                    "line": {"width": 0},
                    "hoverinfo": "skip",
                    "showlegend": False,
                    "legendgroup": world,
                    **axes,
                }
            )
        hover = [
            t(
                "scenarios.chart_hover",
                lang,
                world=name,
                month=int(m),
                value=fmt.number(v, lang, 1),
                low=fmt.number(lo, lang, 1),
                high=fmt.number(hi, lang, 1),
            )
            for m, v, lo, hi in zip(part["month"], part["churn"], part["low"], part["high"])
        ]
        data.append(
            {
                "type": "scatter",
                "x": month,
                "y": part["churn"].to_numpy(),
                "mode": "lines+markers",
                "name": name,
                "line": {"color": colour, "width": 3, "dash": "dot" if world == "baseline" else "solid"},
                "marker": {"size": 5},
                "hovertext": hover,
                "hoverinfo": "text",
                "legendgroup": world,
                **axes,
            }
        )
    months = int(curve["month"].max())
    # The two panels share the months axis (the upper one's labels hidden, as plotly's
    # make_subplots(rows=2, shared_xaxes=True) lays them out): the lower panel takes KEPT_PANEL of
    # the height left by the gap between them.
    lower = (1.0 - PANEL_GAP) * KEPT_PANEL
    months_axis = {"domain": [0.0, 1.0], "dtick": 1 if months <= 12 else 3, "range": [0, months + 0.2]}
    layout = merge(
        look(lang, t("scenarios.chart_title", lang, as_of=fmt.day(as_of, lang)), height=520),
        {
            "xaxis": {**months_axis, "anchor": "y", "matches": "x2", "showticklabels": False},
            "xaxis2": {**months_axis, "anchor": "y2", "title": title(t("scenarios.chart_axis_x", lang))},
            "yaxis": {
                "anchor": "x",
                "domain": [lower + PANEL_GAP, 1.0],
                "title": title(t("scenarios.chart_axis_y", lang)),
                "rangemode": "tozero",
            },
            "yaxis2": {
                "anchor": "x2",
                "domain": [0.0, lower],
                "title": title(t("scenarios.chart_axis_kept", lang)),
                "rangemode": "tozero",
            },
            "legend": {"y": -0.14},
        },
    )
    return figure(data, layout)


def lever_bars(table: pd.DataFrame, lang: str, n: int = TOP_LEVERS) -> go.Figure | None:
    """The ``n`` levers worth most per 10 points, as horizontal bars (``table``: the engine's
    ``lever_values``, ranked)."""
    top = table.head(n).iloc[::-1]
    if top.empty:
        return None
    labels = [r["label_es"] if lang == "es" else r["label_en"] for _, r in top.iterrows()]
    colours = {"family": SERIES[0], "subtype": SERIES[1], "preset": SCENARIO, "recovery": SERIES[2]}
    bars = {
        "type": "bar",
        "x": top["churn_avoided"].to_numpy(),
        "y": labels,
        "orientation": "h",
        "marker": {"color": [colours.get(k, SERIES[3]) for k in top["kind"]]},
        "text": [fmt.number(v, lang, 1) for v in top["churn_avoided"]],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [f"{lab} · {t(f'scenarios.kind.{k}', lang)}" for lab, k in zip(labels, top["kind"])],
        "hoverinfo": "text+x",
    }
    top_value = float(top["churn_avoided"].max()) if len(top) else 0.0
    layout = merge(
        look(lang, t("scenarios.ranking_title", lang, n=len(top)), height=90 + 28 * len(top)),
        {
            # room on the right for the values written after the bars
            "xaxis": {
                "title": title(t("scenarios.ranking_axis", lang)),
                "range": [0, 1.18 * max(top_value, 1e-9)],
            },
            "showlegend": False,
            # plotly measures the labels before the page's font is in and cut the longest: room for them
            "yaxis": {"automargin": False},
            "margin": {"l": 20 + 7 * max(len(label) for label in labels)},
        },
    )
    return figure([bars], layout)


def compare_bars(rows: list[tuple[str, float, float, float]], lang: str) -> go.Figure | None:
    """Churn avoided by saved scenario with its 95 % interval: ``rows`` of (name, estimate, low, high)."""
    if not rows:
        return None
    names = [r[0] for r in rows]
    est = [r[1] for r in rows]
    bars = {
        "type": "bar",
        "x": names,
        "y": est,
        "marker": {"color": [SERIES[i % len(SERIES)] for i in range(len(rows))]},
        "error_y": {
            "type": "data",
            "symmetric": False,
            "array": [max(0.0, r[3] - r[1]) for r in rows],
            "arrayminus": [max(0.0, r[1] - r[2]) for r in rows],
            "color": "#555555",
        },
        "text": [fmt.number(v, lang, 1) for v in est],
        "textposition": "outside",
        "cliponaxis": False,
    }
    layout = merge(
        look(lang, t("scenarios.compare_title", lang), height=360),
        {
            "yaxis": {"title": title(t("scenarios.ranking_axis", lang)), "rangemode": "tozero"},
            "showlegend": False,
        },
    )
    return figure([bars], layout)
