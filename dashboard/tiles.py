"""The figures tiles show: a label, a value formatted for the language, a one-line definition on
hover, and a trend where there is one. Pure functions; the page draws them (``widgets.tiles``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import formatting as fmt
from dashboard.results import OverviewData, Rate
from dashboard.strings import t

TREND_MONTHS = 3


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    help: str
    delta: str | None = None
    delta_color: str = "normal"  # "inverse": a rise is bad (churn)


def churn_trend(monthly: pd.DataFrame, n: int = TREND_MONTHS) -> dict | None:
    """The churn rate over the last ``n`` complete months (churned / at risk, pooled over the
    months) and over the ``n`` months before (None when there are fewer than ``2n`` months, or
    nobody at risk); ``first``/``last`` the months of the recent span. None when no month has
    customers at risk."""
    rows = monthly[monthly["at_risk"] > 0]
    if rows.empty:
        return None
    recent = rows.tail(n)
    before = rows.iloc[-2 * n : -n] if len(rows) >= 2 * n else None

    def pooled(part: pd.DataFrame) -> float:
        return float(part["churned"].sum()) / float(part["at_risk"].sum())

    return {
        "rate": pooled(recent),
        "previous": pooled(before) if before is not None else None,
        "months": len(recent),
        "first": recent["month"].iloc[0],
        "last": recent["month"].iloc[-1],
    }


def _rate_tile(
    name: str, rate: Rate | None, coming: bool, lang: str, *, per_100: bool = False, **values
) -> Tile:
    label = t(f"overview.{name}", lang)
    if coming:
        return Tile(label, fmt.DASH, t("overview.coming", lang))
    if rate is None:
        return Tile(label, fmt.DASH, t("overview.nothing_to_count", lang))
    if per_100:
        value = fmt.number(rate.value, lang, 1)
        interval = f"{fmt.number(rate.low, lang, 1)}{fmt.DASH}{fmt.number(rate.high, lang, 1)}"
    else:
        value = fmt.percent(rate.value, lang)
        interval = fmt.percent_range(rate.low, rate.high, lang)
    return Tile(
        label,
        value,
        t(f"overview.{name}_help", lang, interval=interval, n=fmt.number(rate.n, lang), **values),
    )


def overview_tiles(data: OverviewData, lang: str) -> list[Tile]:
    """Customers, active customers, the monthly churn rate with its trend, first-contact
    resolution, recovery rate, commercial resilience and failures per 100 contacts."""
    share = data.left / data.customers if data.customers else None
    tiles = [
        Tile(
            t("overview.customers", lang),
            fmt.number(data.customers, lang),
            t("overview.customers_help", lang),
        ),
        Tile(
            t("overview.active", lang),
            fmt.number(data.active, lang),
            t("overview.active_help", lang)
            + " "
            + t(
                "overview.active_of",
                lang,
                left=fmt.number(data.left, lang),
                share=fmt.percent(share, lang),
                customers=fmt.number(data.customers, lang),
            ),
        ),
    ]
    trend = churn_trend(data.monthly)
    if trend is None:
        tiles.append(Tile(t("overview.churn_rate", lang), fmt.DASH, t("overview.nothing_to_count", lang)))
    else:
        delta = None
        if trend["previous"] is not None:
            # Streamlit draws the arrow from the text: only an ASCII "-" reads as a fall (the typographic
            # minus drew a red rising arrow on a churn rate that had fallen).
            delta = fmt.points(trend["rate"] - trend["previous"], lang, 2).replace("\u2212", "-", 1)
        tiles.append(
            Tile(
                t("overview.churn_rate", lang),
                fmt.percent(trend["rate"], lang, 2),
                t(
                    "overview.churn_rate_help",
                    lang,
                    n=trend["months"],
                    first=fmt.month(trend["first"], lang),
                    last=fmt.month(trend["last"], lang),
                ),
                delta=delta,
                delta_color="inverse",
            )
        )
    coming = set(data.coming)
    tiles += [
        _rate_tile("fcr", data.fcr, "fcr" in coming, lang, days=data.fcr_days),
        _rate_tile("recovery", data.recovery, "recovery" in coming, lang),
        _rate_tile("resilience", data.resilience, "resilience" in coming, lang, days=data.resilience_days),
        _rate_tile(
            "failures_per_100", data.failures_per_100, "failures_per_100" in coming, lang, per_100=True
        ),
    ]
    return tiles


def coming_names(data: OverviewData, lang: str) -> str | None:
    """The tiles whose measure the engine does not provide yet, named (None when none)."""
    if not data.coming:
        return None
    return ", ".join(t(f"overview.{name}", lang) for name in data.coming)
