"""The result objects pages receive, assembled from the engine's measures by pure functions (the
loaders cache them; tests build them without Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.scope import Scope
from dashboard.strings import t


@dataclass(frozen=True)
class Rate:
    """A rate with its 95 % interval and what it is of: ``n`` trials (issues, failures, customers
    or contacts, depending on the measure)."""

    value: float
    low: float
    high: float
    n: int


@dataclass(frozen=True)
class OverviewData:
    """The Overview's measures for one scope.

    ``customers``: customers who had started by the as-of date (customer filters applied);
    ``left``: of them, those whose end date is on or before it; ``active``: the others;
    ``interactions``: contacts of those customers (contact filters applied);
    ``monthly``: the monthly churn rate (month, at_risk, churned, churn_rate), complete months
    only — a month cut by the as-of date would understate it.
    The contact measures (:mod:`analytics.measures`; None when there is nothing to count):
    ``fcr`` first-contact resolution (repeat window ``fcr_days``), ``recovery`` the recovery
    rate of failures, ``resilience`` the share of customers still customers ``resilience_days``
    after their first failure, ``failures_per_100`` failures per 100 contacts (``value`` is per
    100). ``coming``: the names of those the engine does not provide yet.
    """

    scope: Scope
    customers: int
    left: int
    active: int
    interactions: int
    monthly: pd.DataFrame
    fcr: Rate | None = None
    recovery: Rate | None = None
    resilience: Rate | None = None
    failures_per_100: Rate | None = None
    fcr_days: int = 7
    resilience_days: int = 90
    coming: tuple[str, ...] = ()


def complete_months(monthly: pd.DataFrame, as_of) -> pd.DataFrame:
    """The months of ``monthly`` that end on or before ``as_of``."""
    if monthly.empty:
        return monthly
    month_ends = pd.to_datetime(monthly["month"]) + pd.offsets.MonthEnd(0)
    return monthly[month_ends <= pd.Timestamp(as_of)].reset_index(drop=True)


def overview_data(scope: Scope, head: dict, monthly: pd.DataFrame, **contact) -> OverviewData:
    """From :func:`analytics.measures.overview`, :func:`~analytics.measures.monthly_churn` and the
    contact measures (``contact``: the other fields of :class:`OverviewData`)."""
    return OverviewData(
        scope=scope,
        customers=int(head["customers"]),
        left=int(head["churned"]),
        active=int(head["customers"]) - int(head["churned"]),
        interactions=int(head["interactions"]),
        monthly=complete_months(monthly, scope.as_of),
        **contact,
    )


def overall_rate(frame: pd.DataFrame | None, value: str = "rate", n: str | None = None) -> Rate | None:
    """The one row of a measure without breakdown as a :class:`Rate` (None when the measure is not
    available or has nothing to count)."""
    if frame is None or frame.empty:
        return None
    row = frame.iloc[0]
    trials = int(row[n]) if n else 0
    if pd.isna(row[value]):
        return None
    return Rate(float(row[value]), float(row["low"]), float(row["high"]), trials)


def cause_label(cause: str, lang: str) -> str:
    """A cause's name: a family, ``unrelated``/``none`` (what no failure explains), or one of the
    stated-only kinds (``unclassified``, ``not_stated``)."""
    if cause in (
        "unrelated",
        "none",
        "not_stated",
        "all_failures",
        "attitude_and_process",
        "price_and_quality",
    ):
        return t(f"cause.{cause}", lang)
    return t(f"family.{cause}", lang)


CAUSES: tuple[str, ...] = ("attitude", "process", "price", "quality", "unrelated")
"""The parts of churn the Overview shows: each family's attributable share (Shapley, so the four
add up to the share of all failures) and what no failure explains."""


def cause_shares(attributable_share: pd.DataFrame) -> pd.DataFrame:
    """Rows :data:`CAUSES` with estimate, low, high: the families' shares from the attribution,
    and ``unrelated`` = 1 − the share of all failures (its interval mirrored)."""
    share = attributable_share[["estimate", "low", "high"]].astype(float)
    rows = share.loc[["attitude", "process", "price", "quality"]].copy()
    every = share.loc["all_failures"]
    rows.loc["unrelated"] = [1.0 - every["estimate"], 1.0 - every["high"], 1.0 - every["low"]]
    return rows.loc[list(CAUSES)]


STATED_ROWS: tuple[str, ...] = (
    "attitude",
    "process",
    "price",
    "quality",
    "none",
    "unclassified",
    "not_stated",
)


def stated_vs_attributed(attributable_share: pd.DataFrame, stated: dict[str, float]) -> pd.DataFrame:
    """One row per cause in :data:`STATED_ROWS`: ``stated`` (share of the customers who left
    giving that kind of reason) and ``attributed`` (estimate, low, high: the model's share of
    churn; for ``none`` the share no failure explains; absent for unclassified and not stated)."""
    causes = cause_shares(attributable_share).rename(index={"unrelated": "none"})
    out = pd.DataFrame(index=list(STATED_ROWS))
    out["stated"] = [float(stated.get(k, 0.0)) if stated else float("nan") for k in STATED_ROWS]
    out = out.join(causes.rename(columns={"estimate": "attributed"}))
    return out


@dataclass(frozen=True)
class OverviewPage:
    """What the Overview shows: the measures, and the attribution (None with ``attribution_error``
    saying why when the model could not be fitted on this window)."""

    data: OverviewData
    attribution: object | None
    attribution_error: str | None = None


@dataclass(frozen=True)
class SurvivalPage:
    """What the Survival page shows: the survival report of the view's customers, and the
    attribution's hazard ratios (None with ``attribution_error`` when that fit failed)."""

    survival: object
    attribution: object | None
    attribution_error: str | None = None
