"""Figures of the Overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.colors import series_color
from dashboard.figures.common import figure, look, merge
from dashboard.strings import t

MIN_MONTHS = 2
"""A monthly line needs at least this many months with customers at risk."""


def percent_axis(lang: str, decimals: int = 1) -> dict:
    """Axis settings for values given in percent (12.8, not 0.128): plotly's own ``%`` format
    cannot put the space Spanish writes before the sign."""
    return {
        "ticksuffix": "\u00a0%" if lang == "es" else "%",
        "tickformat": f",.{decimals}f",
        "rangemode": "tozero",
    }


def monthly_churn(monthly: pd.DataFrame, lang: str) -> go.Figure | None:
    """The monthly churn rate as a line over complete months (``month``, ``at_risk``, ``churned``,
    ``churn_rate``). Months are written out in ``lang`` (plotly does not localise dates). Returns
    None when fewer than :data:`MIN_MONTHS` months have customers at risk: too little to chart."""
    rows = monthly[monthly["at_risk"] > 0]
    if len(rows) < MIN_MONTHS:
        return None
    rate = 100 * rows["churn_rate"].astype(float)
    labels = [fmt.month(m, lang) for m in rows["month"]]
    hover = [
        t(
            "overview.monthly_hover",
            lang,
            month=fmt.month_long(m, lang),
            rate=fmt.percent(r, lang),
            churned=fmt.number(c, lang),
            at_risk=fmt.number(a, lang),
        )
        for m, r, c, a in zip(rows["month"], rows["churn_rate"], rows["churned"], rows["at_risk"])
    ]
    line = {
        "type": "scatter",
        "x": labels,
        "y": rate.to_numpy(),
        "mode": "lines+markers",
        "line": {"color": series_color(0), "width": 2},
        "marker": {"size": 6},
        "hovertext": hover,
        "hoverinfo": "text",
        "name": t("overview.monthly_churn", lang),
    }
    top = float(rate.max()) if len(rate) else 0.0
    layout = merge(
        look(lang, t("overview.monthly_churn", lang), height=340),
        {
            "xaxis": {"type": "category", "tickangle": -45 if len(labels) > 12 else 0},
            "yaxis": {**percent_axis(lang), "range": [0, max(top * 1.2, 1.0)]},
            "showlegend": False,
        },
    )
    return figure([line], layout)
