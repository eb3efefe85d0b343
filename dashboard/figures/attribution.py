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
from dashboard.figures.common import styled
from dashboard.figures.overview import percent_axis
from dashboard.results import cause_label
from dashboard.strings import t


def _interval_bars(est: list[float], low: list[float], high: list[float], visible: bool = True) -> dict:
    return {
        "type": "data",
        "symmetric": False,
        "array": [0.0 if math.isnan(h - e) else h - e for h, e in zip(high, est)],
        "arrayminus": [0.0 if math.isnan(e - lo) else e - lo for lo, e in zip(low, est)],
        "color": "#333333",
        "thickness": 1.5,
        "width": 5,
        "visible": visible,
    }


def _value_labels(
    fig: go.Figure, labels: list[str], est: list[float], high: list[float], text: list[str], **kw
) -> None:
    """Each bar's value written just right of its interval, where no whisker crosses it."""
    x = [e if math.isnan(h) else h for e, h in zip(est, high)]
    fig.add_scatter(
        x=x,
        y=labels,
        mode="text",
        text=[f"\u2002{v}" for v in text],
        textposition="middle right",
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
        **kw,
    )


def _room_for_labels(fig: go.Figure, labels: list[str]) -> go.Figure:
    """A left margin wide enough for the longest category label (plotly's automargin cuts long
    labels when the title is left-aligned)."""
    fig.update_layout(margin={"l": 12 + 7 * max((len(v) for v in labels), default=0)})
    fig.update_yaxes(automargin=False)
    return fig


def _pct(x) -> float:
    return float("nan") if x is None or pd.isna(x) else 100.0 * float(x)


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
    fig = go.Figure(
        go.Bar(
            x=est,
            y=labels,
            orientation="h",
            marker={"color": [family_color(c) for c in rows.index]},
            error_x=_interval_bars(est, low, high, has_interval),
            hovertext=hover,
            hoverinfo="text",
        )
    )
    _value_labels(fig, labels, est, high, [fmt.percent(r, lang) for r in rows["estimate"]])
    top = np.nanmax([*high, *est, 1.0])
    fig.update_xaxes(**percent_axis(lang, 0), range=[0, min(100.0, top * 1.22)], title=None)
    fig.update_yaxes(title=None)
    fig.update_layout(showlegend=False, bargap=0.35)
    return _room_for_labels(styled(fig, lang, t("figure.causes_title", lang), height=330), labels)


def subgroup_vs_all(frame: pd.DataFrame, lang: str, group: str) -> go.Figure:
    """The subgroup's share of churn by kind of failure (bars in the family's colour, with 95 %
    intervals) beside every customer's (grey diamonds with theirs), both read from the one fitted
    model (``frame``: :func:`dashboard.results.subgroup_vs_all`; ``group``: the subgroup in words)."""
    rows = frame.iloc[::-1]
    labels = [cause_label(c, lang) for c in rows.index]
    est, low, high = ([_pct(v) for v in rows[c]] for c in ("estimate", "low", "high"))
    every, every_low, every_high = ([_pct(v) for v in rows[c]] for c in ("all", "all_low", "all_high"))
    has_interval = not all(math.isnan(v) for v in low)
    fig = go.Figure()
    fig.add_bar(
        x=est,
        y=labels,
        orientation="h",
        name=group,
        showlegend=False,  # one colour per family: the title says which marks are the subgroup's
        marker={"color": [family_color(c) for c in rows.index]},
        error_x=_interval_bars(est, low, high, has_interval),
        hovertext=[
            t(
                "figure.share_hover",
                lang,
                cause=f"{label} · {group}",
                value=fmt.percent(r["estimate"], lang),
                interval=fmt.percent_range(r["low"], r["high"], lang),
            )
            for label, (_, r) in zip(labels, rows.iterrows())
        ],
        hoverinfo="text",
    )
    fig.add_scatter(
        x=every,
        y=labels,
        mode="markers",
        name=t("figure.all_customers", lang),
        marker={"symbol": "diamond", "size": 11, "color": GREY, "line": {"color": "#333333", "width": 1}},
        error_x={**_interval_bars(every, every_low, every_high, has_interval), "color": "#777777"},
        hovertext=[
            t(
                "figure.share_hover",
                lang,
                cause=f"{label} · {t('figure.all_customers', lang)}",
                value=fmt.percent(r["all"], lang),
                interval=fmt.percent_range(r["all_low"], r["all_high"], lang),
            )
            for label, (_, r) in zip(labels, rows.iterrows())
        ],
        hoverinfo="text",
    )
    _value_labels(
        fig,
        labels,
        est,
        [np.nanmax([h, a]) for h, a in zip(high, every_high)],
        [fmt.percent(v, lang) for v in rows["estimate"]],
    )
    top = np.nanmax([*high, *est, *every_high, *every, 1.0])
    fig.update_xaxes(**percent_axis(lang, 0), range=[0, min(100.0, top * 1.22)], title=None)
    fig.update_yaxes(title=None, categoryorder="array", categoryarray=labels)
    styled(fig, lang, t("figure.subgroup_title", lang, group=group), height=380)
    fig.update_layout(bargap=0.35, showlegend=False, margin={"t": 78})
    return _room_for_labels(fig, labels)


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
    fig = go.Figure()
    for label, said, model in zip(labels, stated, attributed):
        if not (math.isnan(said) or math.isnan(model)):
            fig.add_scatter(
                x=[said, model],
                y=[label, label],
                mode="lines",
                line={"color": "#BBBBBB", "width": 3},
                hoverinfo="skip",
                showlegend=False,
            )
    fig.add_scatter(
        x=stated,
        y=labels,
        mode="markers+text",
        name=t("figure.stated", lang),
        marker={"symbol": "circle-open", "size": 14, "color": colours, "line": {"width": 3}},
        text=[fmt.percent(v, lang) for v in rows["stated"]],
        textposition="top center",
        hovertemplate="%{y}: %{x:.1f}" + suffix + "<extra>%{fullData.name}</extra>",
    )
    fig.add_scatter(
        x=attributed,
        y=labels,
        mode="markers+text",
        name=t("figure.attributed", lang),
        marker={"symbol": "diamond", "size": 14, "color": colours, "line": {"color": "#333333", "width": 1}},
        error_x=_interval_bars(attributed, low, high, not all(math.isnan(v) for v in low)),
        text=["" if pd.isna(v) else fmt.percent(v, lang) for v in rows["attributed"]],
        textposition="bottom center",
        hovertemplate="%{y}: %{x:.1f}" + suffix + "<extra>%{fullData.name}</extra>",
    )
    top = np.nanmax([*stated, *high, *attributed, 1.0])
    fig.update_xaxes(**percent_axis(lang, 0), range=[-2, min(100.0, top * 1.12)], title=None, zeroline=False)
    fig.update_yaxes(title=None, categoryorder="array", categoryarray=labels)
    styled(fig, lang, t("figure.stated_title", lang), height=460)
    fig.update_layout(legend={"itemsizing": "constant", "entrywidth": 220})
    return _room_for_labels(fig, labels)


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
    fig = go.Figure(
        go.Scatter(
            x=est,
            y=labels,
            mode="markers+text",
            marker={
                "color": colours,
                "size": 12,
                "symbol": "square",
                "line": {"color": "#333333", "width": 1},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": np.nan_to_num(high - est),
                "arrayminus": np.nan_to_num(est - low),
                "color": "#333333",
                "thickness": 1.5,
                "width": 6,
            },
            text=[fmt.ratio(v, lang) for v in est],
            textposition="top center",
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.add_vline(x=1.0, line={"color": "#666666", "dash": "dash", "width": 1})
    finite = np.concatenate([low[np.isfinite(low)], high[np.isfinite(high)], est, [1.0]])
    lo, hi = float(finite.min()), float(finite.max())
    fig.update_xaxes(
        type="log",
        range=[math.log10(lo / 1.3), math.log10(hi * 1.3)],
        title=t("figure.hr_axis", lang),
        tickvals=[v for v in (0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8) if lo / 1.3 <= v <= hi * 1.3],
        tickformat=".2~f",
    )
    fig.update_yaxes(title=None, range=[-0.6, len(labels) - 0.2])
    fig.update_layout(showlegend=False)
    plain = [t(f"hr.{name}", lang) for name in rows.index]
    return _room_for_labels(styled(fig, lang, t("figure.hr_title", lang), height=360), plain)
