"""Figures of the Agents and teams page: funnel plots (a rate against volume, with control limits
around the overall rate) and escalation access. Never a raw ranking: a unit is named only when it
lies outside the limits, which allow for chance at its volume and for overdispersion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.colors import OKABE_ITO
from dashboard.figures.common import room_for_labels, styled
from dashboard.figures.overview import percent_axis
from dashboard.strings import t

BAND_COLOURS = {
    "below_min_volume": "#C8C8C8",
    "within": "#7F7F7F",
    "high_inner": OKABE_ITO["orange"],
    "high_outer": OKABE_ITO["vermillion"],
    "low_inner": OKABE_ITO["sky_blue"],
    "low_outer": OKABE_ITO["blue"],
}
BANDS = ("within", "below_min_volume", "high_inner", "high_outer", "low_inner", "low_outer")
MAX_NAMED = 12
"""At most this many points outside the limits are written on the chart (the farthest); the table
lists every one."""


def funnel(
    fit,
    curves: pd.DataFrame,
    lang: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    good: str,
    names: dict | None = None,
) -> go.Figure:
    """A funnel plot from a fitted :class:`models.funnel.FunnelLimits` (``fit.table_``: one point
    per unit; ``curves``: ``fit.limits()``): the overall rate, the 95 % and 99.8 % limits, each
    point coloured by where it falls, the points outside the 95 % limits named. ``good``: which
    side is good news, ``"high"`` (recovery) or ``"low"`` (failures) — it only changes the words
    of the legend. Rates are drawn in percent."""
    names = names or {}
    table = fit.table_
    fig = go.Figure()
    x = curves["trials"].to_numpy()
    for level, dash, width in (("95", "dash", 1.3), ("99_8", "solid", 1.3)):
        for side in ("lower", "upper"):
            fig.add_scatter(
                x=x,
                y=100 * curves[f"{side}_{level}"].to_numpy(),
                mode="lines",
                line={"color": "#555555", "dash": dash, "width": width},
                name=t(f"agents.limit_{level}", lang),
                showlegend=side == "lower",
                hoverinfo="skip",
            )
    fig.add_scatter(
        x=[x.min(), x.max()],
        y=[100 * fit.target_] * 2,
        mode="lines",
        line={"color": OKABE_ITO["blue"], "width": 1.5, "dash": "dot"},
        name=t("agents.overall", lang, value=fmt.percent(fit.target_, lang)),
        hoverinfo="skip",
    )
    for band in BANDS:
        rows = table[table["band"] == band]
        if rows.empty:
            continue
        label = [str(names.get(u, u)) for u in rows["unit"]]
        fig.add_scatter(
            x=rows["trials"],
            y=100 * rows["rate"],
            mode="markers",
            marker={
                "color": BAND_COLOURS[band],
                "size": 8 if band != "below_min_volume" else 6,
                "line": {"color": "#333333", "width": 0.5},
            },
            name=t(f"agents.band.{band}.{good}", lang),
            hovertext=[
                t(
                    "agents.point_hover",
                    lang,
                    name=n,
                    rate=fmt.percent(r, lang),
                    events=fmt.number(e, lang),
                    trials=fmt.number(v, lang),
                )
                for n, r, e, v in zip(label, rows["rate"], rows["events"], rows["trials"])
            ],
            hoverinfo="text",
        )
    outside = fit.outside_.head(MAX_NAMED)
    for _, row in outside.iterrows():
        fig.add_annotation(
            x=np.log10(row["trials"]),
            y=100 * row["rate"],
            text=str(names.get(row["unit"], row["unit"])),
            showarrow=True,
            arrowhead=0,
            arrowwidth=1,
            ax=18,
            ay=-16,
            font={"size": 11},
            bgcolor="rgba(255,255,255,0.8)",
        )
    top = float(max(x.max(), table["trials"].max()))
    low = float(min(x.min(), table["trials"].min()))
    ticks = [v * 10**k for k in range(0, 8) for v in (1, 2, 5) if low / 1.5 <= v * 10**k <= top * 1.5]
    fig.update_xaxes(type="log", title=x_title, tickvals=ticks, tickformat=",d")
    span = 100 * pd.concat([table["rate"], curves.filter(like="_99_8").stack()]).astype(float)
    lo, hi = float(span.min()), float(span.max())
    pad = max((hi - lo) * 0.08, 0.5)
    fig.update_yaxes(
        **{**percent_axis(lang), "rangemode": "normal"}, range=[max(lo - pad, 0), min(hi + pad, 100)]
    )
    fig.update_yaxes(title=y_title)
    styled(fig, lang, title, height=520)
    fig.update_layout(legend={"y": -0.2, "entrywidth": 175, "font": {"size": 12}})
    return fig


def escalation(frame: pd.DataFrame, lang: str) -> go.Figure | None:
    """Per team: customers who asked for a supervisor and those who got one, with the share
    written beside (``frame``: :func:`analytics.measures.escalation_access` by team)."""
    if frame.empty:
        return None
    rows = frame.sort_values("rate", ascending=True, kind="stable")
    labels = [str(v) if v is not None else t("failures.unknown", lang) for v in rows["team"]]
    fig = go.Figure()
    fig.add_bar(
        x=rows["customers_asked"],
        y=labels,
        orientation="h",
        name=t("agents.asked", lang),
        marker={"color": "#C8C8C8"},
        hovertemplate="%{y}: %{x:,}<extra>" + t("agents.asked", lang) + "</extra>",
    )
    fig.add_bar(
        x=rows["customers_granted"],
        y=labels,
        orientation="h",
        name=t("agents.granted", lang),
        marker={"color": OKABE_ITO["sky_blue"]},
        hovertemplate="%{y}: %{x:,}<extra>" + t("agents.granted", lang) + "</extra>",
    )
    fig.add_scatter(
        x=rows["customers_asked"],
        y=labels,
        mode="text",
        text=[
            "\u2002"
            + t("agents.got_one", lang, rate=fmt.percent(r, lang), interval=fmt.percent_range(lo, hi, lang))
            for r, lo, hi in zip(rows["rate"], rows["low"], rows["high"])
        ],
        textposition="middle right",
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    top = float(rows["customers_asked"].max() or 1)
    fig.update_xaxes(title=t("agents.customers_axis", lang), tickformat=",d", range=[0, top * 1.9])
    fig.update_yaxes(title=None)
    fig.update_layout(barmode="overlay")
    styled(fig, lang, t("agents.escalation_title", lang), height=170 + 42 * len(rows))
    return room_for_labels(fig, labels)
