"""Figures of the Survival page: Kaplan–Meier curves with their confidence bands, and the
cumulative incidence of churn by stated exit reason. Time is shown in months (days / 30.44)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.colors import family_color, series_color, translucent
from dashboard.figures.common import figure, look, merge
from dashboard.figures.common import title as axis_title
from dashboard.figures.overview import percent_axis
from dashboard.strings import t

DAYS_PER_MONTH = 365.25 / 12
MIN_AT_RISK = 10
"""A curve starting with fewer customers than this is not drawn: its steps would be single people."""
MAX_POINTS = 600
"""Points per curve drawn at most: a step curve of 100 k customers has thousands of steps, which
the eye cannot tell from a few hundred; the steps kept are evenly spread in time."""


def _thin(curve: pd.DataFrame) -> pd.DataFrame:
    if len(curve) <= MAX_POINTS:
        return curve
    keep = np.arange(len(curve)) % max(1, len(curve) // MAX_POINTS) == 0
    keep[-1] = True
    return curve[keep]


def group_colours(groups: list[str], families: bool) -> dict[str, str]:
    """One colour per group: the family's own when the groups are families, else a series colour
    that no family uses."""
    if families:
        return {g: family_color(g) if g != "any" else "#000000" for g in groups}
    return {g: series_color(i) for i, g in enumerate(groups)}


def km_curves(
    survival: pd.DataFrame,
    lang: str,
    title: str,
    *,
    labels: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
    x_title: str | None = None,
    order: list[str] | None = None,
) -> go.Figure | None:
    """Kaplan–Meier curves (``survival``: a KaplanMeier's ``survival_``: group, time in days,
    survival, low, high, at_risk), one step line per group with its 95 % band, groups in
    ``order`` where given. None when there is nothing worth drawing: no curve, or every curve
    starting with fewer than :data:`MIN_AT_RISK` customers."""
    if survival.empty or survival.groupby("group")["at_risk"].max().max() < MIN_AT_RISK:
        return None
    groups = list(dict.fromkeys(survival["group"].astype(str)))
    if order:
        groups = [g for g in order if g in groups] + [g for g in groups if g not in order]
    labels = labels or {g: g for g in groups}
    colours = colours or group_colours(groups, families=False)
    suffix = "\u00a0%" if lang == "es" else "%"
    data = []
    by_group = dict(tuple(survival.groupby(survival["group"].astype(str), sort=False)))
    for g in groups:
        curve = _thin(by_group[g].sort_values("time"))
        months = (curve["time"] / DAYS_PER_MONTH).to_numpy()
        colour = colours.get(g, "#333333")
        data.append(
            {
                "type": "scatter",
                "x": np.concatenate([months, months[::-1]]),
                "y": np.concatenate([100 * curve["high"].to_numpy(), 100 * curve["low"].to_numpy()[::-1]]),
                "fill": "toself",
                "fillcolor": translucent(colour, 0.15),
                "line": {"width": 0, "shape": "hv"},
                "hoverinfo": "skip",
                "showlegend": False,
                "legendgroup": g,
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": months,
                "y": 100 * curve["survival"].to_numpy(),
                "mode": "lines",
                "line": {"color": colour, "width": 2, "shape": "hv"},
                "name": labels.get(g, g),
                "legendgroup": g,
                "customdata": curve[["at_risk"]].to_numpy(),
                "hovertemplate": (
                    f"{labels.get(g, g)}<br>" + t("figure.km_hover", lang, suffix=suffix) + "<extra></extra>"
                ),
            }
        )
    layout = merge(
        look(lang, title, height=440),
        {
            "showlegend": len(groups) > 1,
            "yaxis": {
                **percent_axis(lang, 0),
                "title": axis_title(t("figure.km_y", lang)),
                "range": [0, 101],
            },
            "xaxis": {"title": axis_title(x_title or t("figure.km_x_tenure", lang)), "rangemode": "tozero"},
            "margin": {"l": 70},
        },
    )
    return figure(data, layout)


def cumulative_incidence(cif: pd.DataFrame, lang: str, labels: dict[str, str]) -> go.Figure | None:
    """Cumulative incidence of churn by stated exit reason (``cif``: an AalenJohansen's ``cif_``:
    cause, time in days, cif, low, high), one line per reason in its family's colour."""
    if cif.empty:
        return None
    suffix = "\u00a0%" if lang == "es" else "%"
    data = []
    for cause, rows in cif.groupby(cif["cause"].astype(str), sort=False):
        curve = _thin(rows.sort_values("time"))
        data.append(
            {
                "type": "scatter",
                "x": (curve["time"] / DAYS_PER_MONTH).to_numpy(),
                "y": 100 * curve["cif"].to_numpy(),
                "mode": "lines",
                "line": {
                    "color": family_color(cause),
                    "width": 2,
                    "shape": "hv",
                    "dash": "dot" if cause == "not_stated" else "solid",
                },
                "name": labels.get(cause, cause),
                "hovertemplate": f"{labels.get(cause, cause)}<br>"
                + t("figure.cif_hover", lang, suffix=suffix)
                + "<extra></extra>",
            }
        )
    layout = merge(
        look(lang, t("figure.cif_title", lang), height=460),
        {
            "yaxis": {**percent_axis(lang, 0), "title": axis_title(t("figure.cif_y", lang))},
            "xaxis": {"title": axis_title(t("figure.km_x_tenure", lang)), "rangemode": "tozero"},
            "margin": {"l": 70},
        },
    )
    return figure(data, layout)
