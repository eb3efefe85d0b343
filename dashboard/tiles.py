"""The figures tiles show: a label, a value formatted for the language, a one-line definition on
hover, and a trend where there is one. Pure functions; the page draws them (``widgets.tiles``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import formatting as fmt
from dashboard.results import OverviewData
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


def overview_tiles(data: OverviewData, lang: str) -> list[Tile]:
    share = data.left / data.customers if data.customers else None
    tiles = [
        Tile(
            t("overview.customers", lang),
            fmt.number(data.customers, lang),
            t("overview.customers_help", lang),
        ),
        Tile(t("overview.active", lang), fmt.number(data.active, lang), t("overview.active_help", lang)),
        Tile(
            t("overview.left", lang),
            fmt.number(data.left, lang),
            t("overview.left_help", lang, share=fmt.percent(share, lang)),
        ),
    ]
    trend = churn_trend(data.monthly)
    if trend is not None:
        delta = None
        if trend["previous"] is not None:
            delta = fmt.points(trend["rate"] - trend["previous"], lang, 2)
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
    tiles.append(
        Tile(
            t("overview.interactions", lang),
            fmt.number(data.interactions, lang),
            t("overview.interactions_help", lang),
        )
    )
    return tiles
