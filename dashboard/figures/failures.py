"""Figures of the Failures page: which failures, where and when. Rates come in per 100 contacts
(``per_100``, ``low``, ``high``); one colour per family on every chart."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.colors import family_color
from dashboard.figures.common import figure, interval_bars, label_room, look, merge, title, wrap
from dashboard.strings import t

FAMILY_ROWS = ("attitude", "process", "price", "quality")
PARETO_TOP = 15
"""The Pareto shows the most frequent subtypes; the rest are summed into one bar."""


def subtype_label(family: str, subtype, lang: str) -> str:
    """A subtype's name, or "<family> (no subtype)" for a family coded without one."""
    if subtype is None or (isinstance(subtype, float) and math.isnan(subtype)):
        return t("failures.no_subtype", lang, family=t(f"family.{family}", lang))
    return t(f"subtype.{subtype}", lang)


def _per_100_axis(lang: str) -> dict:
    return {"tickformat": ",.1f", "rangemode": "tozero", "title": title(t("failures.axis_per_100", lang))}


def family_bars(by_family: pd.DataFrame, lang: str) -> go.Figure | None:
    """Failures per 100 contacts per family with 95 % intervals, and the total (``by_family``:
    :func:`analytics.measures.failures_per_100` without breakdown). None with no contact."""
    if by_family.empty or int(by_family["contacts"].max()) == 0:
        return None
    rows = by_family.set_index("family").reindex([*FAMILY_ROWS, "any"]).iloc[::-1]
    labels = [t("failures.all_families", lang) if f == "any" else t(f"family.{f}", lang) for f in rows.index]
    est = rows["per_100"].astype(float).to_numpy()
    low = rows["low"].astype(float).to_numpy()
    high = rows["high"].astype(float).to_numpy()
    hover = [
        t(
            "failures.per_100_hover",
            lang,
            name=label,
            value=fmt.number(r["per_100"], lang, 1),
            low=fmt.number(r["low"], lang, 1),
            high=fmt.number(r["high"], lang, 1),
            failures=fmt.number(r["failures"], lang),
            contacts=fmt.number(r["contacts"], lang),
        )
        for label, (_, r) in zip(labels, rows.iterrows())
    ]
    bars = {
        "type": "bar",
        "x": est,
        "y": labels,
        "orientation": "h",
        "marker": {"color": ["#3B3B3B" if f == "any" else family_color(f) for f in rows.index]},
        "error_x": interval_bars(est, low, high),
        "hovertext": hover,
        "hoverinfo": "text",
    }
    values = {
        "type": "scatter",
        "x": np.where(np.isnan(high), est, high),
        "y": labels,
        "mode": "text",
        "text": [f"\u2002\u2002{fmt.number(v, lang, 1)}" for v in est],
        "textposition": "middle right",
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
    }
    top = float(np.nanmax([*high, 1.0]))
    layout = merge(
        look(lang, t("failures.family_title", lang), height=320),
        {
            "xaxis": {**_per_100_axis(lang), "range": [0, top * 1.18]},
            "showlegend": False,
            "bargap": 0.35,
        },
        label_room(labels),
    )
    return figure([bars, values], layout)


def pareto(frame: pd.DataFrame, lang: str, top: int = PARETO_TOP) -> go.Figure | None:
    """The subtypes, most frequent first, as bars (failures per 100 contacts, in their family's
    colour) with the cumulative share of all failures as a line on the right axis (``frame``:
    :func:`dashboard.results.pareto`). Past ``top`` subtypes the rest make one grey bar."""
    if frame.empty:
        return None
    head, rest = frame.iloc[:top], frame.iloc[top:]
    labels = [subtype_label(f, s, lang) for f, s in zip(head["family"], head["subtype"])]
    values = head["per_100"].astype(float).tolist()
    colours = [family_color(f) for f in head["family"]]
    shares = head["share"].astype(float).tolist()
    counts = head["failures"].astype(int).tolist()
    if len(rest):
        labels.append(t("failures.other_subtypes", lang, n=len(rest)))
        values.append(float(rest["per_100"].sum()))
        colours.append("#BBBBBB")
        shares.append(float(rest["share"].sum()))
        counts.append(int(rest["failures"].sum()))
    cumulative = list(np.cumsum(shares) * 100)
    hover = [
        t(
            "failures.pareto_hover",
            lang,
            name=label,
            value=fmt.number(v, lang, 2),
            failures=fmt.number(n, lang),
            share=fmt.percent(s, lang),
            cumulative=fmt.percent(c / 100, lang),
        )
        for label, v, n, s, c in zip(labels, values, counts, shares, cumulative)
    ]
    data = [
        {
            "type": "bar",
            "x": labels,
            "y": values,
            "marker": {"color": colours},
            "hovertext": hover,
            "hoverinfo": "text",
            "name": t("failures.axis_per_100", lang),
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": labels,
            "y": cumulative,
            "yaxis": "y2",
            "mode": "lines+markers",
            "line": {"color": "#3B3B3B", "width": 2},
            "marker": {"size": 5},
            "hoverinfo": "skip",
            "name": t("failures.cumulative", lang),
        },
    ]
    # One legend entry per family present, so the colours read without hovering.
    for fam in [f for f in FAMILY_ROWS if f in set(head["family"])]:
        data.append(
            {
                "type": "bar",
                "x": [None],
                "y": [None],
                "marker": {"color": family_color(fam)},
                "name": t(f"family.{fam}", lang),
            }
        )
    suffix = "\u00a0%" if lang == "es" else "%"
    layout = merge(
        look(lang, t("failures.pareto_title", lang), height=470),
        {
            "xaxis": {"type": "category", "tickangle": -35},
            "yaxis": _per_100_axis(lang),
            "yaxis2": {
                "overlaying": "y",
                "side": "right",
                "range": [0, 105],
                "tickvals": [0, 20, 40, 60, 80, 100],
                "ticksuffix": suffix,
                "showgrid": False,
                "title": title(t("failures.cumulative", lang)),
            },
            "barmode": "overlay",
            "legend": {"y": -0.55, "entrywidth": 150},
        },
    )
    return figure(data, layout)


def heatmap(frame: pd.DataFrame, by: str, lang: str) -> go.Figure | None:
    """Failures per 100 contacts, family (rows) × ``by`` (columns: channel or team), each cell
    written in it (``frame``: :func:`analytics.measures.failures_per_100` with ``by``). None when
    there is no group."""
    if frame.empty:
        return None
    data = frame[frame["family"].isin(FAMILY_ROWS)].copy()
    data[by] = data[by].astype(object).where(data[by].notna(), t("failures.unknown", lang))
    wide = data.pivot_table(index="family", columns=by, values="per_100", aggfunc="first", sort=False)
    wide = wide.reindex([f for f in FAMILY_ROWS])
    contacts = data.groupby(by, sort=False)["contacts"].first()
    columns = list(wide.columns)
    z = wide.to_numpy(dtype=float)
    rows = [t(f"family.{f}", lang) for f in wide.index]
    text = [[fmt.number(v, lang, 1) for v in row] for row in z]
    hover = [
        [
            t(
                "failures.heat_hover",
                lang,
                family=rows[i],
                where=str(columns[j]),
                value=fmt.number(z[i][j], lang, 2),
                contacts=fmt.number(contacts.get(columns[j]), lang),
            )
            for j in range(len(columns))
        ]
        for i in range(len(rows))
    ]
    cells = {
        "type": "heatmap",
        "z": z,
        "x": [wrap(c) for c in columns],
        "y": rows,
        "text": text,
        "texttemplate": "%{text}",
        "hovertext": hover,
        "hoverinfo": "text",
        "colorscale": [[0.0, "#F7F7F7"], [0.5, "#F4A582"], [1.0, "#B2182B"]],
        "colorbar": {"title": {"text": t("failures.per_100_short", lang)}, "thickness": 12},
        "xgap": 2,
        "ygap": 2,
    }
    layout = merge(
        look(lang, t(f"failures.heat_title_{by}", lang), height=320),
        {"xaxis": {"type": "category"}, "yaxis": {"autorange": "reversed"}},
    )
    return figure([cells], layout)


def monthly_trend(monthly: pd.DataFrame, lang: str) -> go.Figure | None:
    """Failures per 100 contacts per month, one line per family (complete months; ``monthly``:
    :func:`analytics.measures.monthly_failures`). None with fewer than two months."""
    months = sorted(monthly["month"].unique()) if len(monthly) else []
    if len(months) < 2:
        return None
    labels = {m: fmt.month(m, lang) for m in months}
    data = []
    for fam in FAMILY_ROWS:
        rows = monthly[monthly["family"] == fam].sort_values("month")
        if rows.empty:
            continue
        name = t(f"family.{fam}", lang)
        data.append(
            {
                "type": "scatter",
                "x": [labels[m] for m in rows["month"]],
                "y": rows["per_100"].astype(float).to_numpy(),
                "mode": "lines+markers",
                "name": name,
                "line": {"color": family_color(fam), "width": 2},
                "marker": {"size": 5},
                "hovertext": [
                    t(
                        "failures.month_hover",
                        lang,
                        family=name,
                        month=fmt.month_long(m, lang),
                        value=fmt.number(v, lang, 2),
                        failures=fmt.number(f, lang),
                        contacts=fmt.number(c, lang),
                    )
                    for m, v, f, c in zip(rows["month"], rows["per_100"], rows["failures"], rows["contacts"])
                ],
                "hoverinfo": "text",
            }
        )
    layout = merge(
        look(lang, t("failures.monthly_title", lang), height=400),
        {
            "xaxis": {"type": "category", "tickangle": -45 if len(months) > 12 else 0},
            "yaxis": _per_100_axis(lang),
            # The legend above the plot, right: below it, it would cover the slanted month labels.
            "legend": {"y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right", "entrywidth": 95},
            "margin": {"t": 80},
        },
    )
    return figure(data, layout)


def sources(wide: pd.DataFrame, lang: str) -> go.Figure | None:
    """Failures by where their label came from (rows) stacked by family (``wide``:
    :func:`dashboard.results.failure_sources`). None with no failure."""
    if wide.empty or int(wide["total"].sum()) == 0:
        return None
    rows = wide.iloc[::-1]
    labels = [t(f"failures.source.{r}", lang) for r in rows.index]
    data = [
        {
            "type": "bar",
            "x": rows[fam].astype(int).to_numpy(),
            "y": labels,
            "orientation": "h",
            "name": t(f"family.{fam}", lang),
            "marker": {"color": family_color(fam)},
            "hovertemplate": "%{y}: %{x:,} <extra>" + t(f"family.{fam}", lang) + "</extra>",
        }
        for fam in FAMILY_ROWS
    ]
    unclassified = rows.loc[["unclassified"], "total"] if "unclassified" in rows.index else None
    if unclassified is not None and int(unclassified.iloc[0]) > 0:
        data.append(
            {
                "type": "bar",
                "x": [int(unclassified.iloc[0])],
                "y": [t("failures.source.unclassified", lang)],
                "orientation": "h",
                "name": t("family.unclassified", lang),
                "marker": {"color": family_color("unclassified")},
            }
        )
    data.append(
        {
            "type": "scatter",
            "x": rows["total"].astype(float).to_numpy(),
            "y": labels,
            "mode": "text",
            "text": [f"\u2002{fmt.percent(s, lang)}" for s in rows["share"]],
            "textposition": "middle right",
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    top = float(rows["total"].max())  # room right of the longest bar for its share ("100,0 %")
    layout = merge(
        look(lang, t("failures.sources_title", lang), height=340),
        {
            "xaxis": {
                "title": title(t("failures.axis_failures", lang)),
                "tickformat": ",d",
                "range": [0, top * 1.3],
            },
            "barmode": "stack",
            "legend": {"traceorder": "normal", "entrywidth": 110},
        },
        label_room(labels),
    )
    return figure(data, layout)


__all__ = ["family_bars", "heatmap", "monthly_trend", "pareto", "sources", "subtype_label"]
