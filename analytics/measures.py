"""Measures the whole product shares, computed by SQL in the database.

Each function takes a :class:`~analytics.store.Store` and returns a small DataFrame or dict; the
aggregation runs in the database so the same code serves DuckDB and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa

from analytics.schema import customers, interactions, meta
from analytics.store import Store


@dataclass(frozen=True)
class Window:
    """The observation window: customers are followed from ``start`` to ``end`` (the as-of date)."""

    start: date
    end: date

    def as_json(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


def _as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def observation_window(store: Store, as_of: date | None = None) -> Window:
    """The window's end is ``as_of`` if given, else the stored as-of date, else the latest date in the data.

    Raises ValueError when the store holds no customers.
    """
    with store.read() as conn:
        stored = conn.execute(sa.select(meta.c.value).where(meta.c.key == "as_of")).scalar()
        first, last_start, last_end = conn.execute(
            sa.select(
                sa.func.min(customers.c.start_date),
                sa.func.max(customers.c.start_date),
                sa.func.max(customers.c.end_date),
            )
        ).one()
        last_contact = conn.execute(sa.select(sa.func.max(interactions.c.timestamp))).scalar()
    if first is None:
        raise ValueError(
            "The store holds no customers yet: ingest a customers file first "
            "(python -m analytics ingest --customers FILE)."
        )
    end = (
        as_of
        or _as_date(stored)
        or max(d for d in (_as_date(last_start), _as_date(last_end), _as_date(last_contact)) if d is not None)
    )
    return Window(start=_as_date(first), end=end)


def overview(store: Store, as_of: date | None = None) -> dict:
    """Headline counts: customers, churned in the window, interactions, the window itself."""
    win = observation_window(store, as_of)
    end = sa.literal(win.end, sa.Date)
    with store.read() as conn:
        n_customers, n_churned = conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.count().filter(customers.c.end_date.is_not(None), customers.c.end_date <= end),
            ).where(customers.c.start_date <= end)
        ).one()
        n_interactions = conn.execute(sa.select(sa.func.count()).select_from(interactions)).scalar()
    return {
        "customers": int(n_customers),
        "churned": int(n_churned),
        "interactions": int(n_interactions or 0),
        "window": win,
    }


def monthly_churn(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """Churn rate per calendar month: churned in the month / customers at risk at its start."""
    win = observation_window(store, as_of)
    months = pd.date_range(pd.Timestamp(win.start).to_period("M").to_timestamp(), win.end, freq="MS")
    if len(months) == 0:
        return pd.DataFrame(columns=["month", "at_risk", "churned", "churn_rate"])
    grid = sa.values(sa.column("m_start", sa.Date), sa.column("m_end", sa.Date), name="months").data(
        [(m.date(), (m + pd.offsets.MonthBegin(1)).date()) for m in months]
    )
    c = customers
    at_risk = sa.and_(
        c.c.start_date < grid.c.m_end, sa.or_(c.c.end_date.is_(None), c.c.end_date >= grid.c.m_start)
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
