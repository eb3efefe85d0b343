"""What an analysis looks at, resolved once: the observation window, the recent-failure window and
the filters.

A :class:`Scope` is made once per run — by the command line from its options, by a page from the
sidebar — and every step receives it: the labels, the period and episode tables, the measures, the
models, the results cache. :meth:`Scope.resolved` fills a missing as-of date or window start from
the data, once; a resolved scope never reads the database again, so every step of a run sees the
same dates. It is frozen and hashable: pages use it (with the database URL and data version) as
their cache key.

Filters come in two kinds, because they act on different units:

* **customer filters** (``segment``, ``plan``, ``region``) select customers; every customer-level
  table and model can honour them.
* **contact filters** (``channel``, ``team``) select interactions; they apply to contact measures
  (failures per 100 contacts, first-contact resolution, …) but not to a customer-level model, whose
  unit is the customer: a page says so rather than ignoring them (:meth:`Scope.contact_filters`).

Filter values are matched with bound parameters (``IN``), never pasted into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics.schema import customers, interaction_labels, interactions, meta
from analytics.store import Store

CUSTOMER_FILTERS = ("segment", "plan", "region")
CONTACT_FILTERS = ("channel", "team")
FILTERS = (*CUSTOMER_FILTERS, *CONTACT_FILTERS)


@dataclass(frozen=True)
class Window:
    """The observation window: customers are followed from ``start`` to ``end`` (the as-of date,
    inclusive)."""

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


def _values(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(sorted({str(v) for v in value}))


@dataclass(frozen=True)
class Scope:
    """The window, the recent-failure window and the filters of one analysis.

    Parameters
    ----------
    as_of:
        End of the observation window (inclusive). ``None``: the stored as-of date (set by
        ``ingest --as-of``), else the latest date in the data; filled by :meth:`resolved`.
    start:
        Start of the observation window. ``None``: the earliest start date in the data.
    window_days:
        A failure counts as recent for this many days after its exposure starts. An int in
        [1, 3650]; default 90.
    exposure_lag_days:
        A failure's exposure starts this many days after the contact (an int in [0, 30]; default
        1), so the contact a customer leaves with — a cancellation call coded as a refused
        retention offer — is never credited with the churn it records. Failures logged on a
        leaving customer's exit date never count as exposure, whatever the lag.
    segment, plan, region:
        Customer filters: keep customers whose value is one of these (empty = every customer).
    channel, team:
        Contact filters: keep interactions whose value is one of these (empty = every contact).
    """

    as_of: date | None = None
    start: date | None = None
    window_days: int = 90
    exposure_lag_days: int = 1
    segment: tuple[str, ...] = ()
    plan: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    team: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists from a widget or a query string become sorted tuples, so equal filters hash equally.
        for name in FILTERS:
            object.__setattr__(self, name, _values(getattr(self, name)))

    def validate(self) -> None:
        if not isinstance(self.window_days, int | np.integer) or not 1 <= self.window_days <= 3650:
            raise ValueError(
                f"The 'window_days' parameter must be an int in [1, 3650]. Got {self.window_days!r} instead."
            )
        lag = self.exposure_lag_days
        if not isinstance(lag, int | np.integer) or isinstance(lag, bool) or not 0 <= lag <= 30:
            raise ValueError(
                f"The 'exposure_lag_days' parameter must be an int in [0, 30]. Got {lag!r} instead."
            )
        if self.as_of is not None and self.start is not None and self.start > self.as_of:
            raise ValueError(
                f"The window starts on {self.start} after its end (the as-of date {self.as_of}). "
                "Choose a start on or before the as-of date."
            )

    # -- resolution ----------------------------------------------------------------------------
    @property
    def is_resolved(self) -> bool:
        return self.as_of is not None and self.start is not None

    def resolved(self, store: Store) -> Scope:
        """This scope with the as-of date and the window's start filled from the data (one read;
        none when both are set). Raises ValueError when the store holds no customers."""
        self.validate()
        if self.is_resolved:
            return self
        with store.read() as conn:
            stored = conn.execute(sa.select(meta.c.value).where(meta.c.key == "as_of")).scalar()
            first, last_start, last_end = conn.execute(
                sa.select(
                    sa.func.min(customers.c.start_date),
                    sa.func.max(customers.c.start_date),
                    sa.func.max(customers.c.end_date),
                )
            ).one()
            last_contact = (
                None
                if self.as_of is not None or stored is not None
                else conn.execute(sa.select(sa.func.max(interactions.c.timestamp))).scalar()
            )
        if first is None:
            raise ValueError(
                "The store holds no customers yet: ingest a customers file first "
                "(python -m analytics ingest --customers FILE)."
            )
        as_of = (
            self.as_of
            or _as_date(stored)
            or max(d for d in (_as_date(last_start), _as_date(last_end), _as_date(last_contact)) if d)
        )
        out = replace(self, as_of=as_of, start=self.start or _as_date(first))
        out.validate()
        return out

    @property
    def window(self) -> Window:
        if not self.is_resolved:
            raise ValueError("This scope is not resolved yet: call scope.resolved(store) first.")
        return Window(start=self.start, end=self.as_of)

    # -- filters -------------------------------------------------------------------------------
    def filters(self) -> dict[str, tuple[str, ...]]:
        """The filters in use, by name (empty when none)."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def customer_filters(self) -> dict[str, tuple[str, ...]]:
        return {k: v for k, v in self.filters().items() if k in CUSTOMER_FILTERS}

    def contact_filters(self) -> dict[str, tuple[str, ...]]:
        return {k: v for k, v in self.filters().items() if k in CONTACT_FILTERS}

    def without_filters(self) -> Scope:
        """The same window with no filter: what a model fitted on every customer is keyed on."""
        return replace(self, **{name: () for name in FILTERS})

    def without_contact_filters(self) -> Scope:
        return replace(self, **{name: () for name in CONTACT_FILTERS})

    def customer_clause(self, table: sa.Table | sa.FromClause = customers) -> sa.ColumnElement[bool]:
        """SQL condition selecting the customers of the customer filters (``true`` when none)."""
        return sa.and_(sa.true(), *(table.c[k].in_(v) for k, v in self.customer_filters().items()))

    def contact_clause(self, table: sa.Table | sa.FromClause = interactions) -> sa.ColumnElement[bool]:
        """SQL condition selecting the interactions of the contact filters (``true`` when none)."""
        return sa.and_(sa.true(), *(table.c[k].in_(v) for k, v in self.contact_filters().items()))

    def labels_known(self, table: sa.Table | sa.FromClause = interaction_labels) -> sa.ColumnElement[bool]:
        """SQL condition keeping the failure labels known at the as-of date: every label but a
        promise whose date has not passed by then (``known_after``)."""
        return sa.or_(
            table.c.known_after.is_(None), table.c.known_after < sa.literal(self.window.end, sa.Date)
        )

    def key(self) -> dict:
        """A JSON-able description of the scope (for the results cache and reports)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for k in ("as_of", "start"):
            out[k] = out[k].isoformat() if out[k] else None
        for k in FILTERS:
            out[k] = list(out[k])
        return out
