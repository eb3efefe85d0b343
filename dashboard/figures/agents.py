"""Figures of the Agents and teams page: funnel plots (a rate against volume, with control limits
around the overall rate) and escalation access. Never a raw ranking: a unit is named only when it
lies outside the limits, which allow for chance at its volume and for overdispersion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard.colors import OKABE_ITO
from dashboard.figures.common import figure, label_room, look, merge
from dashboard.figures.common import title as text_title
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


PLOT_PX = (360.0, 300.0)
"""The funnel's plotting area in pixels, roughly, in the page's half-width column: what the labels'
placement assumes to keep them apart (an estimate; plotly does not report it before drawing)."""
_OFFSETS = ((18, -16), (18, 16), (-18, -16), (-18, 16), (18, -36), (18, 36), (-18, -36), (-18, 36))
"""Where a name may go from its point, in pixels (plotly's ``ax``, ``ay``: right and down), in
order of preference: up and to the right first."""
_CHAR_PX, _LINE_PX = 7.0, 16.0  # a name's box at font size 11, with its background


def _to_pixels(values: np.ndarray, low: float, high: float, size: float) -> np.ndarray:
    width = high - low
    return (np.asarray(values, dtype=float) - low) / (width if width > 0 else 1.0) * size


def _box(px: float, py: float, ax: float, ay: float, text: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in screen pixels of a name placed at offset (ax, ay) from its
    point, anchored on the side facing the point."""
    w, h = _CHAR_PX * len(text) + 4, _LINE_PX
    left = px + ax if ax > 0 else px + ax - w
    top = py + ay - h if ay < 0 else py + ay
    return left, top, left + w, top + h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0.0


def label_offsets(px: np.ndarray, py: np.ndarray, texts: list[str]) -> list[tuple[int, int]]:
    """An offset (``ax``, ``ay``) per named point so that no two names overlap, nor a name a named
    point, where the plot leaves room: points in screen pixels (``py`` grows downwards), placed in
    the given order (the farthest outside the limits first), each at its first free place among
    :data:`_OFFSETS`, else where it overlaps least. Two neighbours at the same height used to
    write their names over each other ("AG090" on "AG057")."""
    dots = [(x - 5, y - 5, x + 5, y + 5) for x, y in zip(px, py)]
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[int, int]] = []
    for x, y, text in zip(px, py, texts):
        best, best_cost = _OFFSETS[0], float("inf")
        for ax, ay in _OFFSETS:
            box = _box(x, y, ax, ay, text)
            cost = sum(_overlap(box, other) for other in (*placed, *dots))
            if cost < best_cost:
                best, best_cost = (ax, ay), cost
            if cost == 0:
                break
        placed.append(_box(x, y, *best, text))
        out.append(best)
    return out


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
    x = curves["trials"].to_numpy()
    data = [
        {
            "type": "scatter",
            "x": x,
            "y": 100 * curves[f"{side}_{level}"].to_numpy(),
            "mode": "lines",
            "line": {"color": "#555555", "dash": dash, "width": 1.3},
            "name": t(f"agents.limit_{level}", lang),
            "showlegend": side == "lower",
            "hoverinfo": "skip",
        }
        for level, dash in (("95", "dash"), ("99_8", "solid"))
        for side in ("lower", "upper")
    ]
    data.append(
        {
            "type": "scatter",
            "x": [x.min(), x.max()],
            "y": [100 * fit.target_] * 2,
            "mode": "lines",
            "line": {"color": OKABE_ITO["blue"], "width": 1.5, "dash": "dot"},
            "name": t("agents.overall", lang, value=fmt.percent(fit.target_, lang)),
            "hoverinfo": "skip",
        }
    )
    for band in BANDS:
        rows = table[table["band"] == band]
        if rows.empty:
            continue
        label = [str(names.get(u, u)) for u in rows["unit"]]
        data.append(
            {
                "type": "scatter",
                "x": rows["trials"].to_numpy(),
                "y": 100 * rows["rate"].to_numpy(),
                "mode": "markers",
                "marker": {
                    "color": BAND_COLOURS[band],
                    "size": 8 if band != "below_min_volume" else 6,
                    "line": {"color": "#333333", "width": 0.5},
                },
                "name": t(f"agents.band.{band}.{good}", lang),
                "hovertext": [
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
                "hoverinfo": "text",
            }
        )
    top = float(max(x.max(), table["trials"].max()))
    low = float(min(x.min(), table["trials"].min()))
    span = 100 * pd.concat([table["rate"], curves.filter(like="_99_8").stack()]).astype(float)
    lo, hi = float(span.min()), float(span.max())
    pad = max((hi - lo) * 0.08, 0.5)
    y_range = [max(lo - pad, 0), min(hi + pad, 100)]
    named = fit.outside_.head(MAX_NAMED)
    texts = [str(names.get(u, u)) for u in named["unit"]]
    log_x = np.log10(named["trials"].to_numpy(dtype=float))
    rate_y = 100 * named["rate"].to_numpy(dtype=float)
    offsets = label_offsets(
        _to_pixels(log_x, np.log10(low), np.log10(top), PLOT_PX[0]),
        PLOT_PX[1] - _to_pixels(rate_y, y_range[0], y_range[1], PLOT_PX[1]),
        texts,
    )
    annotations = [
        {
            "x": float(lx),
            "y": float(ry),
            "text": text,
            "showarrow": True,
            "arrowhead": 0,
            "arrowwidth": 1,
            "ax": ax,
            "ay": ay,
            "xanchor": "left" if ax > 0 else "right",
            "yanchor": "bottom" if ay < 0 else "top",
            "font": {"size": 11},
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        for lx, ry, text, (ax, ay) in zip(log_x, rate_y, texts, offsets)
    ]
    ticks = [v * 10**k for k in range(0, 8) for v in (1, 2, 5) if low / 1.5 <= v * 10**k <= top * 1.5]
    layout = merge(
        look(lang, title, height=520),
        {
            "xaxis": {"type": "log", "title": text_title(x_title), "tickvals": ticks, "tickformat": ",d"},
            "yaxis": {
                **percent_axis(lang),
                "rangemode": "normal",
                "range": y_range,
                "title": text_title(y_title),
            },
            "annotations": annotations,
            "legend": {"y": -0.2, "entrywidth": 175, "font": {"size": 12}},
        },
    )
    return figure(data, layout)


def escalation(frame: pd.DataFrame, lang: str) -> go.Figure | None:
    """Per team: customers who asked for a supervisor and those who got one, with the share
    written beside (``frame``: :func:`analytics.measures.escalation_access` by team)."""
    if frame.empty:
        return None
    rows = frame.sort_values("rate", ascending=True, kind="stable")
    labels = [str(v) if v is not None else t("failures.unknown", lang) for v in rows["team"]]
    asked = rows["customers_asked"].to_numpy()
    data = [
        {
            "type": "bar",
            "x": values,
            "y": labels,
            "orientation": "h",
            "name": t(key, lang),
            "marker": {"color": colour},
            "hovertemplate": "%{y}: %{x:,}<extra>" + t(key, lang) + "</extra>",
        }
        for values, key, colour in (
            (asked, "agents.asked", "#C8C8C8"),
            (rows["customers_granted"].to_numpy(), "agents.granted", OKABE_ITO["sky_blue"]),
        )
    ]
    data.append(
        {
            "type": "scatter",
            "x": asked,
            "y": labels,
            "mode": "text",
            "text": [
                "\u2002"
                + t(
                    "agents.got_one",
                    lang,
                    rate=fmt.percent(r, lang),
                    interval=fmt.percent_range(lo, hi, lang),
                )
                for r, lo, hi in zip(rows["rate"], rows["low"], rows["high"])
            ],
            "textposition": "middle right",
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    top = float(rows["customers_asked"].max() or 1)
    layout = merge(
        look(lang, t("agents.escalation_title", lang), height=170 + 42 * len(rows)),
        {
            "xaxis": {
                "title": text_title(t("agents.customers_axis", lang)),
                "tickformat": ",d",
                "range": [0, top * 1.9],
            },
            "barmode": "overlay",
        },
        label_room(labels),
    )
    return figure(data, layout)
