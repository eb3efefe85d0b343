"""The result objects pages receive, assembled from the engine's measures by pure functions (the
loaders cache them; tests build them without Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.scope import Scope


@dataclass(frozen=True)
class OverviewData:
    """The Overview's measures for one scope.

    ``customers``: customers who had started by the as-of date (customer filters applied);
    ``left``: of them, those whose end date is on or before it; ``active``: the others;
    ``interactions``: contacts of those customers (contact filters applied);
    ``monthly``: the monthly churn rate (month, at_risk, churned, churn_rate), complete months
    only — a month cut by the as-of date would understate it.
    """

    scope: Scope
    customers: int
    left: int
    active: int
    interactions: int
    monthly: pd.DataFrame


def complete_months(monthly: pd.DataFrame, as_of) -> pd.DataFrame:
    """The months of ``monthly`` that end on or before ``as_of``."""
    if monthly.empty:
        return monthly
    month_ends = pd.to_datetime(monthly["month"]) + pd.offsets.MonthEnd(0)
    return monthly[month_ends <= pd.Timestamp(as_of)].reset_index(drop=True)


def overview_data(scope: Scope, head: dict, monthly: pd.DataFrame) -> OverviewData:
    """From :func:`analytics.measures.overview` and :func:`~analytics.measures.monthly_churn`."""
    return OverviewData(
        scope=scope,
        customers=int(head["customers"]),
        left=int(head["churned"]),
        active=int(head["customers"]) - int(head["churned"]),
        interactions=int(head["interactions"]),
        monthly=complete_months(monthly, scope.as_of),
    )
