"""Figures of the attribution: where churn comes from, what customers said beside it, and the
hazard ratios. Shares come in as fractions with ``estimate``/``low``/``high``; the charts show
percentages, one colour per family."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.colors import GREY, family_color
from dashboard.figures.common import figure, interval_bars, label_room, look, merge, title
from dashboard.figures.overview import percent_axis
from dashboard.results import cause_label
from dashboard.strings import t

LABEL_CHAR = 7
"""Pixels of left margin per character of the longest category label: what these charts have
always left (common.label_room's default, 7.5, would widen them by up to 15 pixels)."""


def _value_labels(labels: list[str], est: list[float], high: list[float], text: list[str]) -> dict:
    """Each bar's value written just right of its interval, where no whisker crosses it."""
    return {
        "type": "scatter",
        "x": [e if math.isnan(h) else h for e, h in zip(est, high)],
        "y": labels,
        "mode": "text",
        "text": [f"\u2002{v}" for v in text],
        "textposition": "middle right",
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
    }


def _pct(x) -> float:
    return float("nan") if x is None or pd.isna(x) else 100.0 * float(x)


def _share_axis(lang: str, top: float) -> dict:
    """The x axis of shares in percent, from 0 to a little past ``top`` (at most 100 %)."""
    return {**percent_axis(lang, 0), "range": [0, min(100.0, top * 1.22)]}


def cause_bars(causes: pd.DataFrame, lang: str) -> go.Figure:
    """Each family's share of churn and the share no failure explains, with 95 % intervals
    (``causes``: rows attitude, process, price, quality, unrelated; estimate, low, high)."""
    rows = causes.iloc[::-1]  # plotly draws horizontal bars bottom-up
    est = [_pct(v) for v in rows["estimate"]]
    low = [_pct(v) for v in rows["low"]]
    high = [_pct(v) for v in rows["high"]]
    labels = [cause_label(c, lang) for c in rows.index]
    has_interval = not all(math.isnan(v) for v in low)
    hover = [
        t(
            "figure.share_hover",
            lang,
            cause=label,
            value=fmt.percent(r["estimate"], lang),
            interval=fmt.percent_range(r["low"], r["high"], lang),
        )
        for label, (_, r) in zip(labels, rows.iterrows())
    ]
    bars = {
        "type": "bar",
        "x": est,
        "y": labels,
        "orientation": "h",
        "marker": {"color": [family_color(c) for c in rows.index]},
        "error_x": interval_bars(est, low, high, visible=has_interval),
        "hovertext": hover,
        "hoverinfo": "text",
    }
    values = _value_labels(labels, est, high, [fmt.percent(r, lang) for r in rows["estimate"]])
    layout = merge(
        look(lang, t("figure.causes_title", lang), height=330),
        {
            "xaxis": _share_axis(lang, np.nanmax([*high, *est, 1.0])),
            "showlegend": False,
            "bargap": 0.35,
        },
        label_room(labels, LABEL_CHAR),
    )
    return figure([bars, values], layout)


def subgroup_vs_all(frame: pd.DataFrame, lang: str, group: str) -> go.Figure:
    """The subgroup's share of churn by kind of failure (bars in the family's colour, with 95 %
    intervals) beside every customer's (grey diamonds with theirs), both read from the one fitted
    model (``frame``: :func:`dashboard.results.subgroup_vs_all`; ``group``: the subgroup in words)."""
    rows = frame.iloc[::-1]
    labels = [cause_label(c, lang) for c in rows.index]
    est, low, high = ([_pct(v) for v in rows[c]] for c in ("estimate", "low", "high"))
    every, every_low, every_high = ([_pct(v) for v in rows[c]] for c in ("all", "all_low", "all_high"))
    has_interval = not all(math.isnan(v) for v in low)
    bars = {
        "type": "bar",
        "x": est,
        "y": labels,
        "orientation": "h",
        "name": group,
        "showlegend": False,  # one colour per family: the title says which marks are the subgroup's
        "marker": {"color": [family_color(c) for c in rows.index]},
        "error_x": interval_bars(est, low, high, visible=has_interval),
        "hovertext": [
            t(
                "figure.share_hover",
                lang,
                cause=f"{label} · {group}",
                value=fmt.percent(r["estimate"], lang),
                interval=fmt.percent_range(r["low"], r["high"], lang),
            )
            for label, (_, r) in zip(labels, rows.iterrows())
        ],
        "hoverinfo": "text",
    }
    diamonds = {
        "type": "scatter",
        "x": every,
        "y": labels,
        "mode": "markers",
        "name": t("figure.all_customers", lang),
        "marker": {"symbol": "diamond", "size": 11, "color": GREY, "line": {"color": "#333333", "width": 1}},
        "error_x": {**interval_bars(every, every_low, every_high, visible=has_interval), "color": "#777777"},
        "hovertext": [
            t(
                "figure.share_hover",
                lang,
                cause=f"{label} · {t('figure.all_customers', lang)}",
                value=fmt.percent(r["all"], lang),
                interval=fmt.percent_range(r["all_low"], r["all_high"], lang),
            )
            for label, (_, r) in zip(labels, rows.iterrows())
        ],
        "hoverinfo": "text",
    }
    values = _value_labels(
        labels,
        est,
        [np.nanmax([h, a]) for h, a in zip(high, every_high)],
        [fmt.percent(v, lang) for v in rows["estimate"]],
    )
    layout = merge(
        look(lang, t("figure.subgroup_title", lang, group=group), height=380),
        {
            "xaxis": _share_axis(lang, np.nanmax([*high, *est, *every_high, *every, 1.0])),
            "yaxis": {"categoryorder": "array", "categoryarray": labels},
            "bargap": 0.35,
            "showlegend": False,
            "margin": {"t": 78},
        },
        label_room(labels, LABEL_CHAR),
    )
    return figure([bars, diamonds, values], layout)


def stated_vs_attributed(frame: pd.DataFrame, lang: str) -> go.Figure:
    """What leaving customers said (open circles) beside what the model attributes (filled
    diamonds with their 95 % interval), one row per cause, a line between them showing the gap
    (``frame``: :func:`dashboard.results.stated_vs_attributed`)."""
    rows = frame.iloc[::-1]
    labels = [cause_label(c, lang) for c in rows.index]
    colours = [family_color(c) if c != "none" else GREY for c in rows.index]
    attributed = [_pct(v) for v in rows["attributed"]]
    low = [_pct(v) for v in rows["low"]]
    high = [_pct(v) for v in rows["high"]]
    stated = [_pct(v) for v in rows["stated"]]
    suffix = "\u00a0%" if lang == "es" else "%"
    hover = "%{y}: %{x:.1f}" + suffix + "<extra>%{fullData.name}</extra>"
    data = [
        {
            "type": "scatter",
            "x": [said, model],
            "y": [label, label],
            "mode": "lines",
            "line": {"color": "#BBBBBB", "width": 3},
            "hoverinfo": "skip",
            "showlegend": False,
        }
        for label, said, model in zip(labels, stated, attributed)
        if not (math.isnan(said) or math.isnan(model))
    ]
    data.append(
        {
            "type": "scatter",
            "x": stated,
            "y": labels,
            "mode": "markers+text",
            "name": t("figure.stated", lang),
            "marker": {"symbol": "circle-open", "size": 14, "color": colours, "line": {"width": 3}},
            "text": [fmt.percent(v, lang) for v in rows["stated"]],
            "textposition": "top center",
            "hovertemplate": hover,
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": attributed,
            "y": labels,
            "mode": "markers+text",
            "name": t("figure.attributed", lang),
            "marker": {
                "symbol": "diamond",
                "size": 14,
                "color": colours,
                "line": {"color": "#333333", "width": 1},
            },
            "error_x": interval_bars(attributed, low, high, visible=not all(math.isnan(v) for v in low)),
            "text": ["" if pd.isna(v) else fmt.percent(v, lang) for v in rows["attributed"]],
            "textposition": "bottom center",
            "hovertemplate": hover,
        }
    )
    top = np.nanmax([*stated, *high, *attributed, 1.0])
    layout = merge(
        look(lang, t("figure.stated_title", lang), height=460),
        {
            "xaxis": {**percent_axis(lang, 0), "range": [-2, min(100.0, top * 1.12)], "zeroline": False},
            "yaxis": {"categoryorder": "array", "categoryarray": labels},
            "legend": {"itemsizing": "constant", "entrywidth": 220},
        },
        label_room(labels, LABEL_CHAR),
    )
    return figure(data, layout)


def hazard_ratios(hr: pd.DataFrame, lang: str, events: pd.Series | None = None) -> go.Figure:
    """A forest plot: hazard ratio and 95 % interval per row of ``hr`` (families and
    ``recovered``), on a log axis with a line at 1 (no effect), each row's churn events under its
    label when ``events`` is given. Rows without an estimate (a family absent from the data) are
    left out."""
    rows = hr.dropna(subset=["estimate"]).iloc[::-1]
    labels = [t(f"hr.{name}", lang) for name in rows.index]
    if events is not None:
        labels = [
            f"{label}<br><span style='font-size:11px;color:#777'>"
            f"{t('figure.hr_events', lang, n=fmt.number(events.get(name), lang))}</span>"
            for label, name in zip(labels, rows.index)
        ]
    colours = [family_color(name) if name != "recovered" else "#56B4E9" for name in rows.index]
    hover = [
        t(
            "figure.hr_hover",
            lang,
            name=label,
            value=fmt.ratio(r["estimate"], lang),
            low=fmt.ratio(r["low"], lang),
            high=fmt.ratio(r["high"], lang),
        )
        for label, (_, r) in zip(labels, rows.iterrows())
    ]
    est = rows["estimate"].astype(float).to_numpy()
    low = rows["low"].astype(float).to_numpy()
    high = rows["high"].astype(float).to_numpy()
    points = {
        "type": "scatter",
        "x": est,
        "y": labels,
        "mode": "markers+text",
        "marker": {
            "color": colours,
            "size": 12,
            "symbol": "square",
            "line": {"color": "#333333", "width": 1},
        },
        "error_x": interval_bars(est, low, high, width=6),
        "text": [fmt.ratio(v, lang) for v in est],
        "textposition": "top center",
        "cliponaxis": False,
        "hovertext": hover,
        "hoverinfo": "text",
    }
    finite = np.concatenate([low[np.isfinite(low)], high[np.isfinite(high)], est, [1.0]])
    lo, hi = float(finite.min()), float(finite.max())
    # the line at 1 (no effect), from the bottom of the plot to its top whatever the rows
    no_effect = {
        "type": "line",
        "x0": 1.0,
        "x1": 1.0,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "line": {"color": "#666666", "dash": "dash", "width": 1},
    }
    plain = [t(f"hr.{name}", lang) for name in rows.index]
    layout = merge(
        look(lang, t("figure.hr_title", lang), height=360),
        {
            "xaxis": {
                "type": "log",
                "range": [math.log10(lo / 1.3), math.log10(hi * 1.3)],
                "title": title(t("figure.hr_axis", lang)),
                "tickvals": [
                    v for v in (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8) if lo / 1.3 <= v <= hi * 1.3
                ],
                "tickformat": ".2~f",
            },
            "yaxis": {"range": [-0.6, len(labels) - 0.2]},
            "shapes": [no_effect],
            "showlegend": False,
        },
        label_room(plain, LABEL_CHAR),
    )
    return figure([points], layout)
