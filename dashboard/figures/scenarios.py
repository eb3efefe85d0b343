"""Figures of the Scenarios page: the projection (baseline against the scenario over the horizon,
with bands), the value of each lever, and saved scenarios side by side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import formatting as fmt
from dashboard.colors import OKABE_ITO, SERIES
from dashboard.figures.common import styled
from dashboard.strings import t

BASELINE = SERIES[0]
SCENARIO = OKABE_ITO["bluish_green"]
KEPT = OKABE_ITO["blue"]
TOP_LEVERS = 12


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return "rgba({},{},{},{})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)), alpha)


def projection(curve: pd.DataFrame, lang: str, as_of, customers: int) -> go.Figure:
    """Two panels over the months from the as-of date (``curve``:
    :attr:`models.scenarios.Projection.curve`): above, the cumulative expected customers lost as
    things are and with the levers, each with its 95 % band; below, the difference — customers
    kept — with its band, which a small effect would leave invisible above."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.64, 0.36], vertical_spacing=0.08)
    worlds = (("baseline", BASELINE, 1), ("scenario", SCENARIO, 1), ("avoided", KEPT, 2))
    for world, colour, row in worlds:
        part = curve[curve["world"] == world].sort_values("month")
        name = t(f"scenarios.{world}", lang)
        if part["low"].notna().any():
            fig.add_scatter(
                x=pd.concat([part["month"], part["month"][::-1]]),
                y=pd.concat([part["high"], part["low"][::-1]]),
                fill="toself",
                fillcolor=_rgba(colour, 0.18),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=world,
                row=row,
                col=1,
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
        fig.add_scatter(
            x=part["month"],
            y=part["churn"],
            mode="lines+markers",
            name=name,
            line={"color": colour, "width": 3, "dash": "dot" if world == "baseline" else "solid"},
            marker={"size": 5},
            hovertext=hover,
            hoverinfo="text",
            legendgroup=world,
            row=row,
            col=1,
        )
    months = int(curve["month"].max())
    fig.update_xaxes(dtick=1 if months <= 12 else 3, range=[0, months + 0.2])
    fig.update_xaxes(title=t("scenarios.chart_axis_x", lang), row=2, col=1)
    fig.update_yaxes(title=t("scenarios.chart_axis_y", lang), rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title=t("scenarios.chart_axis_kept", lang), rangemode="tozero", row=2, col=1)
    title = t("scenarios.chart_title", lang, as_of=fmt.day(as_of, lang))
    fig = styled(fig, lang, title, height=520)
    fig.update_layout(legend={"y": -0.14})
    return fig


def lever_bars(table: pd.DataFrame, lang: str, n: int = TOP_LEVERS) -> go.Figure | None:
    """The ``n`` levers worth most per 10 points, as horizontal bars (``table``: the engine's
    ``lever_values``, ranked)."""
    top = table.head(n).iloc[::-1]
    if top.empty:
        return None
    labels = [r["label_es"] if lang == "es" else r["label_en"] for _, r in top.iterrows()]
    colours = {"family": SERIES[0], "subtype": SERIES[1], "preset": SCENARIO, "recovery": SERIES[2]}
    fig = go.Figure(
        go.Bar(
            x=top["churn_avoided"],
            y=labels,
            orientation="h",
            marker_color=[colours.get(k, SERIES[3]) for k in top["kind"]],
            text=[fmt.number(v, lang, 1) for v in top["churn_avoided"]],
            textposition="outside",
            cliponaxis=False,
            hovertext=[f"{lab} · {t(f'scenarios.kind.{k}', lang)}" for lab, k in zip(labels, top["kind"])],
            hoverinfo="text+x",
        )
    )
    top_value = float(top["churn_avoided"].max()) if len(top) else 0.0
    # room on the right for the values written after the bars; labels never cut on the left
    fig.update_xaxes(title=t("scenarios.ranking_axis", lang), range=[0, 1.18 * max(top_value, 1e-9)])
    fig.update_layout(showlegend=False)
    fig = styled(fig, lang, t("scenarios.ranking_title", lang, n=len(top)), height=90 + 28 * len(top))
    # plotly measures the labels before the page's font is in and cut the longest: room for them
    fig.update_yaxes(automargin=False)
    fig.update_layout(margin={"l": 20 + 7 * max(len(label) for label in labels)})
    return fig


def compare_bars(rows: list[tuple[str, float, float, float]], lang: str) -> go.Figure | None:
    """Churn avoided by saved scenario with its 95 % interval: ``rows`` of (name, estimate, low, high)."""
    if not rows:
        return None
    names = [r[0] for r in rows]
    est = [r[1] for r in rows]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=est,
            marker_color=[SERIES[i % len(SERIES)] for i in range(len(rows))],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [max(0.0, r[3] - r[1]) for r in rows],
                "arrayminus": [max(0.0, r[1] - r[2]) for r in rows],
                "color": "#555555",
            },
            text=[fmt.number(v, lang, 1) for v in est],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(title=t("scenarios.ranking_axis", lang), rangemode="tozero")
    fig.update_layout(showlegend=False)
    return styled(fig, lang, t("scenarios.compare_title", lang), height=360)
