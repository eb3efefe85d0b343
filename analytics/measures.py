"""Measures the whole product shares, computed by SQL in the database.

Each function takes a :class:`~analytics.store.Store` and returns a small DataFrame or dict; the
aggregation runs in the database so the same code serves DuckDB and PostgreSQL.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from analytics.schema import customers, interactions
from analytics.scope import Scope
from analytics.store import Store


def overview(store: Store, scope: Scope | None = None) -> dict:
    """Headline counts: customers, churned in the window, interactions, the window itself (the
    scope's customer filters select the customers, its contact filters the interactions)."""
    scope = (scope or Scope()).resolved(store)
    win = scope.window
    end = sa.literal(win.end, sa.Date)
    with store.read() as conn:
        n_customers, n_churned = conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.count().filter(customers.c.end_date.is_not(None), customers.c.end_date <= end),
            ).where(customers.c.start_date <= end, scope.customer_clause())
        ).one()
        chosen = sa.select(customers.c.customer_id).where(scope.customer_clause())
        of_customers = interactions.c.customer_id.in_(chosen) if scope.customer_filters() else sa.true()
        n_interactions = conn.execute(
            sa.select(sa.func.count()).select_from(interactions).where(scope.contact_clause(), of_customers)
        ).scalar()
    return {
        "customers": int(n_customers),
        "churned": int(n_churned),
        "interactions": int(n_interactions or 0),
        "window": win,
    }


def monthly_churn(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Churn rate per calendar month: churned in the month / customers at risk at its start (the
    scope's customer filters select the customers)."""
    scope = (scope or Scope()).resolved(store)
    win = scope.window
    months = pd.date_range(pd.Timestamp(win.start).to_period("M").to_timestamp(), win.end, freq="MS")
    if len(months) == 0:
        return pd.DataFrame(columns=["month", "at_risk", "churned", "churn_rate"])
    grid = sa.values(sa.column("m_start", sa.Date), sa.column("m_end", sa.Date), name="months").data(
        [(m.date(), (m + pd.offsets.MonthBegin(1)).date()) for m in months]
    )
    c = customers
    at_risk = sa.and_(
        c.c.start_date < grid.c.m_end,
        sa.or_(c.c.end_date.is_(None), c.c.end_date >= grid.c.m_start),
        scope.customer_clause(c),
    )
    churned_in = sa.and_(c.c.end_date >= grid.c.m_start, c.c.end_date < grid.c.m_end)
    q = (
        sa.select(
            grid.c.m_start.label("month"),
            sa.func.count(c.c.customer_id).label("at_risk"),
            sa.func.count(c.c.customer_id).filter(churned_in).label("churned"),
        )
        .select_from(grid.outerjoin(c, at_risk))
        .group_by(grid.c.m_start)
        .order_by(grid.c.m_start)
    )
    frame = store.read_frame(q)
    frame["month"] = pd.to_datetime(frame["month"])
    frame["churn_rate"] = frame["churned"] / frame["at_risk"].where(frame["at_risk"] > 0)
    return frame
