"""The customer-period table and the exact covariate episodes, built by SQL in the database.

Failures happen during a customer's life, so exposure to them is time-varying: treating "ever had
a failure" as a fixed trait credits the failure with the time the customer survived before it
(immortal-time bias). Two tables carry the time-varying covariates:

* :func:`customer_periods` — one row per customer per interval (monthly by default, weekly as an
  option) from entry to churn or the as-of date, with failures by family in the recent window
  and cumulatively, recovered vs unrecovered, contacts, first-contact resolution and static
  covariates. Covariates are measured at the interval's start, which is what a discrete-time
  hazard model needs (they must be known before the interval's outcome).
* :func:`episodes` — the exact version: each customer's follow-up cut at every date a covariate
  changes (a failure, a failure leaving the recent window, a tenure band boundary). Within an
  episode every covariate is constant, so the time-varying Cox model and the piecewise-exponential
  model use them without approximation, and attribution's pattern counts are sums over them.

Time is measured in days (floats). The time scale of the models is tenure: days since the
customer's start. A customer who joined before the window's start enters at the window's start
(left truncation); one who leaves on date ``d`` leaves at the end of that day.

**Exposure.** A failure at time ``s`` exposes the customer on ``(s + lag, s + lag + window_days]``
(``scope.exposure_lag_days``, default 1, and ``scope.window_days``). The lag keeps the contact a
customer leaves with from being credited with the churn it records: in real exports the
cancellation call itself is often coded as a failure (a refused retention offer, "too
expensive"), which is reverse causation. Failures logged on a leaving customer's exit date are
never exposure, whatever the lag; :func:`exit_contacts` reports them apart, and the contact
counts and the mix of contact types leave them out.

**Subtypes.** Each failure carries a bit mask of its subtypes (:data:`SUBTYPE_SLOTS`): one bit per
taxonomy subtype, and per family an ``<family>_unspecified`` bit for a failure whose label names
the family only (or a subtype the taxonomy does not list for that family).

Everything heavy is SQLAlchemy Core run by the database; only the result reaches Python.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics.schema import customers, interaction_labels, interactions
from analytics.scope import Scope
from analytics.store import Store
from analytics.taxonomy import FAMILIES, subtypes_of

DAY_SECONDS = 86400.0
MONTH_DAYS = 30.4375
TENURE_BANDS: tuple[float, ...] = (30.0, 90.0, 180.0, 365.0, 730.0)
"""Tenure band boundaries in days: the baseline hazard is constant within a band."""

FAMILY_CODES = {"attitude": "att", "process": "proc", "price": "price", "quality": "qual"}


def _slots() -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for fam in FAMILIES:
        out += [(fam, s.key) for s in subtypes_of(fam)]
        out.append((fam, f"{fam}_unspecified"))
    return tuple(out)


SUBTYPE_SLOTS: tuple[tuple[str, str], ...] = _slots()
"""(family, subtype key) of each bit of a subtype mask, in bit order: each family's taxonomy
subtypes, then ``<family>_unspecified``."""
SLOT_NAMES: tuple[str, ...] = tuple(key for _, key in SUBTYPE_SLOTS)
SLOT_FAMILY: np.ndarray = np.array([FAMILIES.index(f) for f, _ in SUBTYPE_SLOTS], dtype=np.int64)
"""Index into FAMILIES of each slot."""
FAMILY_SLOT_MASK: dict[str, int] = {
    fam: sum(1 << k for k, (f, _) in enumerate(SUBTYPE_SLOTS) if f == fam) for fam in FAMILIES
}
"""The bits of each family's slots (its subtypes and its unspecified slot)."""
UNSPECIFIED_BIT: dict[str, int] = {fam: 1 << SLOT_NAMES.index(f"{fam}_unspecified") for fam in FAMILIES}


def family_mask(smask: np.ndarray | pd.Series) -> np.ndarray:
    """The family bit mask (attitude 1, process 2, price 4, quality 8) of subtype masks."""
    sm = np.asarray(smask, dtype=np.int64)
    out = np.zeros(sm.shape, dtype=np.int64)
    for k, fam in enumerate(FAMILIES):
        out |= ((sm & FAMILY_SLOT_MASK[fam]) != 0).astype(np.int64) << k
    return out


def _slot_bit(lab) -> sa.ColumnElement:
    """The subtype bit of a label row (family, subtype): the subtype's slot, else the family's
    unspecified slot."""
    whens = [
        (sa.and_(lab.c.family == fam, lab.c.subtype == key), sa.literal(1 << k, sa.BigInteger))
        for k, (fam, key) in enumerate(SUBTYPE_SLOTS)
        if not key.endswith("_unspecified")
    ]
    whens += [(lab.c.family == fam, sa.literal(bit, sa.BigInteger)) for fam, bit in UNSPECIFIED_BIT.items()]
    return sa.case(*whens, else_=sa.literal(0, sa.BigInteger))


def _days(expr) -> sa.ColumnElement:
    """Absolute day number (days since 1970-01-01, float) of a date or timestamp expression."""
    return sa.cast(sa.extract("epoch", sa.cast(expr, sa.DateTime)), sa.Double) / DAY_SECONDS


def _day_number(d: date) -> float:
    return float((d - date(1970, 1, 1)).days)


def revenue_bands(revenue: pd.Series, per_customer: pd.Series | None = None, n: int = 4) -> pd.Series:
    """Label each value with its revenue band: the ``n`` quantile bands of the customers' monthly
    revenue (``per_customer``, one value per customer; default ``revenue`` itself), e.g.
    ``"20–35"``; ``"unknown"`` where revenue is missing. Quantiles, not fixed amounts, because
    revenue scales differ by company and currency."""
    base = (revenue if per_customer is None else per_customer).astype(float).dropna()
    out = pd.Series("unknown", index=revenue.index, dtype=object)
    if base.empty:
        return out
    edges = np.unique(np.quantile(base, np.linspace(0.0, 1.0, n + 1)))
    if edges.size < 2:
        out[revenue.notna()] = f"{edges[0]:,.0f}"
        return out
    for digits in range(4):  # as few decimals as keep the labels apart
        labels = [f"{a:,.{digits}f}–{b:,.{digits}f}" for a, b in itertools.pairwise(edges)]
        if len(set(labels)) == len(labels):
            break
    cut = pd.cut(revenue.astype(float), edges, labels=labels, include_lowest=True, duplicates="drop")
    known = cut.notna()
    out[known] = cut[known].astype(str)
    return out


def _resolved(store: Store, scope: Scope | None) -> Scope:
    return (scope or Scope()).resolved(store)


def _customer_cte(scope: Scope) -> sa.CTE:
    """One row per customer followed in the window (and selected by the scope's customer filters):
    entry and exit in absolute days, churn flag."""
    win = scope.window
    c = customers
    start_day = _days(c.c.start_date)
    window_start = sa.literal(_day_number(win.start), sa.Double)
    window_end = sa.literal(_day_number(win.end) + 1.0, sa.Double)  # end of the as-of day
    churned = sa.and_(c.c.end_date.is_not(None), c.c.end_date <= sa.literal(win.end, sa.Date))
    exit_day = sa.case((churned, _days(c.c.end_date) + 1.0), else_=window_end)
    entry_day = sa.func.greatest(start_day, window_start)
    base = (
        sa.select(
            c.c.customer_id,
            start_day.label("start_day"),
            entry_day.label("entry_day"),
            exit_day.label("exit_day"),
            sa.case((churned, 1), else_=0).label("churned"),
            c.c.segment,
            c.c.plan,
            c.c.region,
            c.c.monthly_revenue,
        )
        .where(scope.customer_clause(c))
        .subquery("c0")
    )
    return sa.select(base).where(base.c.exit_day > base.c.entry_day).cte("followed")


def failure_events(scope: Scope) -> sa.Subquery:
    """One row per failed interaction: ``customer_id``, ``s`` (absolute day), family flags
    ``f_<code>``, ``smask`` (its subtypes' bits, see :data:`SUBTYPE_SLOTS`) and ``recovered``.

    A failure is recovered when the issue was resolved and the company apologised, compensated or
    followed up (DESIGN.md's service recovery), recorded on the same interaction. An interaction
    with labels of several families carries each family's flag and subtype bit.
    """
    i, lab = interactions, interaction_labels
    flags = [
        sa.func.max(sa.case((lab.c.family == fam, 1), else_=0)).label(f"f_{code}")
        for fam, code in FAMILY_CODES.items()
    ]
    recovered = sa.and_(
        sa.func.coalesce(i.c.resolved, sa.false()),
        sa.or_(
            sa.func.coalesce(i.c.apology, sa.false()),
            sa.func.coalesce(i.c.compensation, sa.false()),
            sa.func.coalesce(i.c.follow_up, sa.false()),
        ),
    )
    cols = [
        i.c.customer_id,
        i.c.interaction_key,
        _days(i.c.timestamp).label("s"),
        *flags,
        sa.func.bit_or(_slot_bit(lab)).label("smask"),
        sa.case((recovered, 1), else_=0).label("recovered"),
    ]
    return (
        sa.select(*cols)
        .select_from(i.join(lab, lab.c.interaction_key == i.c.interaction_key))
        .where(lab.c.family.in_(FAMILIES), scope.labels_known(lab))
        .group_by(i.c.interaction_key, i.c.customer_id, i.c.timestamp, recovered)
        .subquery("failures")
    )


def _on_exit_date(s, cust) -> sa.ColumnElement[bool]:
    """The contact at absolute day ``s`` was logged on the exit date of a customer who left."""
    return sa.and_(cust.c.churned == 1, s >= cust.c.exit_day - 1.0)


def _before_exit(s, cust) -> sa.ColumnElement[bool]:
    """The contact at absolute day ``s`` happened before the customer's exit date (a leaving
    customer) or by the end of the as-of day (the others). One bound, so the database keeps a
    range join."""
    return s < cust.c.exit_day - sa.cast(cust.c.churned, sa.Double)


def _exposures(scope: Scope, cust: sa.CTE) -> sa.Subquery:
    """The failures of the followed customers that expose them: one row per failure with ``on``
    and ``off`` (absolute days: the exposure is ``(on, off]``), flags, ``smask``, ``recovered``.
    Failures logged on a leaving customer's exit date are left out (they are not causes), and so
    are failures after the exit or the as-of date (not known then)."""
    fail = failure_events(scope)
    on = fail.c.s + float(scope.exposure_lag_days)
    return (
        sa.select(
            fail.c.customer_id,
            fail.c.s,
            on.label("on"),
            (on + float(scope.window_days)).label("off"),
            *(fail.c[f"f_{code}"] for code in FAMILY_CODES.values()),
            fail.c.smask,
            fail.c.recovered,
        )
        .select_from(fail.join(cust, cust.c.customer_id == fail.c.customer_id))
        .where(_before_exit(fail.c.s, cust))
        .subquery("exposures")
    )


def _episode_query(scope: Scope) -> sa.Select:
    cust = _customer_cte(scope)
    fx = _exposures(scope, cust)

    points = [
        sa.select(cust.c.customer_id, cust.c.entry_day.label("t")),
        sa.select(cust.c.customer_id, cust.c.exit_day.label("t")),
    ]
    for edge in (fx.c.on, fx.c.off):
        points.append(
            sa.select(cust.c.customer_id, edge.label("t"))
            .select_from(cust.join(fx, fx.c.customer_id == cust.c.customer_id))
            .where(edge > cust.c.entry_day, edge < cust.c.exit_day)
        )
    for bound in TENURE_BANDS:
        t = cust.c.start_day + bound
        points.append(
            sa.select(cust.c.customer_id, t.label("t")).where(t > cust.c.entry_day, t < cust.c.exit_day)
        )
    cuts = sa.union(*points).subquery("cuts")  # UNION (not ALL) removes repeated dates
    ordered = sa.select(
        cuts.c.customer_id,
        cuts.c.t.label("a"),
        sa.func.lead(cuts.c.t).over(partition_by=cuts.c.customer_id, order_by=cuts.c.t).label("b"),
    ).subquery("ordered")
    ep = (
        sa.select(
            ordered.c.customer_id,
            ordered.c.a,
            ordered.c.b,
            cust.c.start_day,
            cust.c.exit_day,
            cust.c.churned,
            cust.c.segment,
            cust.c.plan,
            cust.c.monthly_revenue,
        )
        .select_from(ordered.join(cust, cust.c.customer_id == ordered.c.customer_id))
        .where(ordered.c.b.is_not(None))
        .subquery("ep")
    )
    active = sa.and_(fx.c.customer_id == ep.c.customer_id, fx.c.on <= ep.c.a, fx.c.off > ep.c.a)
    tenure = ep.c.a - ep.c.start_day
    band = sa.case(*((tenure < b, i) for i, b in enumerate(TENURE_BANDS)), else_=len(TENURE_BANDS))
    cov = []
    for code in FAMILY_CODES.values():
        flag = fx.c[f"f_{code}"]
        cov.append(sa.func.coalesce(sa.func.max(flag), 0).label(f"f_{code}"))
        cov.append(sa.func.coalesce(sa.func.max(flag * fx.c.recovered), 0).label(f"r_{code}"))
    zero = sa.literal(0, sa.BigInteger)
    cov.append(sa.func.coalesce(sa.func.bit_or(fx.c.smask), zero).label("smask"))
    rec_bits = sa.case((fx.c.recovered == 1, fx.c.smask), else_=zero)
    cov.append(sa.func.coalesce(sa.func.bit_or(rec_bits), zero).label("rsmask"))
    unrec_bits = sa.case((fx.c.recovered == 1, zero), else_=fx.c.smask)
    cov.append(sa.func.coalesce(sa.func.bit_or(unrec_bits), zero).label("usmask"))
    return (
        sa.select(
            ep.c.customer_id,
            (ep.c.a - ep.c.start_day).label("start"),
            (ep.c.b - ep.c.start_day).label("stop"),
            sa.case((sa.and_(ep.c.churned == 1, ep.c.b >= ep.c.exit_day), 1), else_=0).label("event"),
            band.label("band"),
            ep.c.segment,
            ep.c.plan,
            ep.c.monthly_revenue,
            *cov,
            sa.func.count(fx.c.on).label("failures_recent"),
        )
        .select_from(ep.outerjoin(fx, active))
        .group_by(
            ep.c.customer_id,
            ep.c.a,
            ep.c.b,
            ep.c.start_day,
            ep.c.exit_day,
            ep.c.churned,
            ep.c.segment,
            ep.c.plan,
            ep.c.monthly_revenue,
        )
    )


def fetch_frame(store: Store, query: sa.Select) -> pd.DataFrame:
    """Run a query and return a DataFrame, through Arrow on DuckDB (fast for large results)."""
    with store.read() as conn:
        if conn.dialect.name == "duckdb":
            compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
            params = compiled.construct_params()
            raw = conn.connection.driver_connection
            ordered = [params[name] for name in compiled.positiontup]
            return raw.execute(str(compiled), ordered).fetch_df()
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def _definitions(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Record on a frame the window and exposure definitions it was built with."""
    frame.attrs["window"] = scope.window
    frame.attrs["window_days"] = scope.window_days
    frame.attrs["exposure_lag_days"] = scope.exposure_lag_days
    return frame


def episodes(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """The exact covariate episodes of every customer followed in the window.

    Columns: ``customer_id``, ``start`` and ``stop`` (tenure in days; the episode is
    ``(start, stop]``), ``event`` (1 on a churned customer's last episode), ``band`` (tenure band
    index, see :data:`TENURE_BANDS`), ``segment``, ``plan``, ``monthly_revenue``, and for each
    family code (att, proc, price, qual) ``f_<code>`` = 1 when a failure of that family exposes
    the customer (its exposure started ``exposure_lag_days`` after the contact, less than
    ``window_days`` ago) and ``r_<code>`` = 1 when such a failure was recovered; ``smask``,
    ``rsmask`` and ``usmask``: the subtype bits (:data:`SUBTYPE_SLOTS`) of the exposing failures,
    of the recovered ones and of the others; ``failures_recent`` counts the exposing failed
    interactions.
    """
    scope = _resolved(store, scope)
    query = _episode_query(scope)
    query = query.order_by(*(query.selected_columns[n] for n in ("customer_id", "start")))
    frame = fetch_frame(store, query)
    for col in (
        "event",
        "band",
        "failures_recent",
        "smask",
        "rsmask",
        "usmask",
        *(f"{p}_{c}" for c in FAMILY_CODES.values() for p in "fr"),
    ):
        frame[col] = frame[col].astype("int64")
    return _definitions(frame, scope)


def episode_states(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Episodes summed by customer and covariate state: the sufficient statistics of a
    piecewise-exponential model and of attribution's counterfactual predictions.

    Columns: ``customer_id``, ``band``, ``fmask`` (bit per family exposing the customer:
    attitude 1, process 2, price 4, quality 8), ``rmask`` (the same bits for recovered failures),
    ``smask`` / ``rsmask`` / ``usmask`` (the subtype bits of the exposing failures, of the recovered
    ones and of the others, see :data:`SUBTYPE_SLOTS`), ``exposure`` (days), ``events``.
    """
    scope = _resolved(store, scope)
    ep = _episode_query(scope).subquery("episodes")
    keys = (ep.c.customer_id, ep.c.band, ep.c.smask, ep.c.rsmask, ep.c.usmask)
    q = (
        sa.select(
            *keys,
            sa.func.sum(ep.c.stop - ep.c.start).label("exposure"),
            sa.func.sum(ep.c.event).label("events"),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    frame = fetch_frame(store, q)
    for col in ("band", "smask", "rsmask", "usmask", "events"):
        frame[col] = frame[col].astype("int64")
    frame["exposure"] = frame["exposure"].astype("float64")
    frame.insert(2, "fmask", family_mask(frame["smask"]))
    frame.insert(3, "rmask", family_mask(frame["rsmask"]))
    return _definitions(frame, scope)


def customer_frame(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """One row per customer followed: entry, exit (tenure days), churned flag and static columns."""
    scope = _resolved(store, scope)
    cust = _customer_cte(scope)
    q = sa.select(
        cust.c.customer_id,
        (cust.c.entry_day - cust.c.start_day).label("entry"),
        (cust.c.exit_day - cust.c.start_day).label("exit"),
        cust.c.start_day,
        cust.c.churned,
        cust.c.segment,
        cust.c.plan,
        cust.c.region,
        cust.c.monthly_revenue,
    ).order_by(cust.c.customer_id)
    frame = fetch_frame(store, q)
    frame["revenue_band"] = revenue_bands(frame["monthly_revenue"])
    frame["window_end"] = _day_number(scope.as_of) + 1.0 - frame["start_day"]
    return _definitions(frame, scope)


def failure_frame(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Every failure of the followed customers that exposes them: ``customer_id``, ``t`` (tenure
    day of the contact), family flags, ``smask``, ``recovered``. Failures logged on a leaving
    customer's exit date are left out (see :func:`exit_contacts`)."""
    scope = _resolved(store, scope)
    cust = _customer_cte(scope)
    fx = _exposures(scope, cust)
    q = (
        sa.select(
            fx.c.customer_id,
            (fx.c.s - cust.c.start_day).label("t"),
            *(fx.c[f"f_{c}"] for c in FAMILY_CODES.values()),
            fx.c.smask,
            fx.c.recovered,
        )
        .select_from(fx.join(cust, cust.c.customer_id == fx.c.customer_id))
        .order_by(fx.c.customer_id, fx.c.s)
    )
    frame = fetch_frame(store, q)
    frame["smask"] = frame["smask"].astype("int64")
    return _definitions(frame, scope)


def exit_contacts(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Failures logged on the exit date of the customers who left in the window, by family and
    subtype: ``family``, ``subtype`` (``<family>_unspecified`` when the label names the family
    only), ``failures``, ``customers``.

    They are reported apart because they are not causes: the contact a customer leaves with (the
    cancellation call, often coded as a refused retention offer or "too expensive") records the
    decision, it did not make it. They never count as exposure, nor in the contact counts and the
    mix of contact types. ``frame.attrs``: ``churned`` (customers who left in the window) and
    ``customers`` (those of them with at least one such failure).
    """
    scope = _resolved(store, scope)
    cust = _customer_cte(scope)
    i, lab = interactions, interaction_labels
    s = _days(i.c.timestamp)
    known = {key for _, key in SUBTYPE_SLOTS}
    rows = (
        sa.select(i.c.customer_id, i.c.interaction_key, lab.c.family, lab.c.subtype)
        .select_from(
            i.join(lab, lab.c.interaction_key == i.c.interaction_key).join(
                cust, cust.c.customer_id == i.c.customer_id
            )
        )
        .where(
            lab.c.family.in_(FAMILIES),
            scope.labels_known(lab),
            _on_exit_date(s, cust),
            s < cust.c.exit_day,
        )
    )
    frame = fetch_frame(store, rows)
    with store.read() as conn:
        churned = int(conn.execute(sa.select(sa.func.count()).where(cust.c.churned == 1)).scalar() or 0)
    if not frame.empty:
        slot = {key: fam for fam, key in SUBTYPE_SLOTS}
        ok = frame["subtype"].isin(known) & (frame["subtype"].map(slot) == frame["family"])
        frame["subtype"] = frame["subtype"].where(ok, frame["family"] + "_unspecified")
    out = (
        frame.groupby(["family", "subtype"], as_index=False)
        .agg(failures=("interaction_key", "nunique"), customers=("customer_id", "nunique"))
        .sort_values(["family", "failures"], ascending=[True, False], key=_family_order)
        .reset_index(drop=True)
        if not frame.empty
        else pd.DataFrame(columns=["family", "subtype", "failures", "customers"])
    )
    out.attrs["churned"] = churned
    out.attrs["customers"] = int(frame["customer_id"].nunique()) if not frame.empty else 0
    return _definitions(out, scope)


def _family_order(col: pd.Series) -> pd.Series:
    return col.map({f: k for k, f in enumerate(FAMILIES)}) if col.name == "family" else col


@dataclass(frozen=True, eq=False)
class ActiveCustomers:
    """The customers active at the as-of date, as a forward projection starts from them.

    ``customers``: one row per customer not gone by the end of the as-of day: ``customer_id``,
    ``tenure`` (days at the end of the as-of day), ``band`` (index in :data:`TENURE_BANDS`),
    ``segment``, ``plan``, ``region``, ``monthly_revenue``, ``contacts`` and ``days`` (contacts
    during their follow-up in the window, and its length: what their contact rate is estimated
    from). ``failures``: the failures still exposing them after the as-of date, one row per
    failure: ``customer_id``, ``on`` and ``off`` (tenure days; the exposure is ``(on, off]``, and
    ``off`` is after ``tenure``), ``smask``, ``recovered``.
    """

    as_of: date
    window_days: int
    exposure_lag_days: int
    customers: pd.DataFrame
    failures: pd.DataFrame

    def __len__(self) -> int:
        return len(self.customers)


def active_at(store: Store, scope: Scope | None = None) -> ActiveCustomers:
    """The customers active at the scope's as-of date (and selected by its customer filters), with
    their tenure, band, segment, plan, revenue, contact history and the failures still exposing
    them (see :class:`ActiveCustomers`)."""
    scope = _resolved(store, scope)
    cust = _customer_cte(scope)
    contacts = contact_counts(store, scope).set_index("customer_id")["contacts"]
    q = (
        sa.select(
            cust.c.customer_id,
            (cust.c.exit_day - cust.c.start_day).label("tenure"),
            (cust.c.exit_day - cust.c.entry_day).label("days"),
            cust.c.segment,
            cust.c.plan,
            cust.c.region,
            cust.c.monthly_revenue,
        )
        .where(cust.c.churned == 0)
        .order_by(cust.c.customer_id)
    )
    frame = fetch_frame(store, q)
    frame.insert(
        2, "band", np.searchsorted(np.asarray(TENURE_BANDS), frame["tenure"].to_numpy(float), "right")
    )
    frame["contacts"] = frame["customer_id"].map(contacts).fillna(0).astype("int64")
    fx = _exposures(scope, cust)
    fq = (
        sa.select(
            fx.c.customer_id,
            (fx.c.on - cust.c.start_day).label("on"),
            (fx.c.off - cust.c.start_day).label("off"),
            fx.c.smask,
            fx.c.recovered,
        )
        .select_from(fx.join(cust, cust.c.customer_id == fx.c.customer_id))
        .where(cust.c.churned == 0, fx.c.off > cust.c.exit_day)
        .order_by(fx.c.customer_id, fx.c.on)
    )
    fails = fetch_frame(store, fq)
    fails["smask"] = fails["smask"].astype("int64")
    fails["recovered"] = fails["recovered"].astype("int64")
    return ActiveCustomers(
        as_of=scope.as_of,
        window_days=scope.window_days,
        exposure_lag_days=scope.exposure_lag_days,
        customers=frame,
        failures=fails,
    )


def failure_followup(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Follow-up from each customer's first failure of each family in the window, for survival
    curves "from the date of a failure" (recovered vs not).

    One row per customer and family (``attitude``, ``process``, ``price``, ``quality``, and
    ``any`` for the first failure of whatever family): ``customer_id``, ``family``, ``t_failure``
    (tenure day of the failure), ``duration`` (days from the failure to churn or the as-of date,
    > 0), ``event`` (1 = churned), ``recovered`` (that failure was resolved with an apology,
    compensation or follow-up), ``segment``, ``plan``. Only the first failure per family is
    used, so each customer is one independent subject per curve.
    """
    scope = _resolved(store, scope)
    cust = _customer_cte(scope)
    fail = failure_events(scope)
    seen = sa.and_(fail.c.s >= cust.c.entry_day, fail.c.s < cust.c.exit_day)
    order = {"partition_by": fail.c.customer_id, "order_by": (fail.c.s, fail.c.recovered.desc())}
    families = [(fam, fail.c[f"f_{code}"] == 1) for fam, code in FAMILY_CODES.items()]
    families.append(("any", sa.true()))
    parts = []
    for fam, is_fam in families:
        ranked = (
            sa.select(
                fail.c.customer_id,
                fail.c.s,
                fail.c.recovered,
                sa.func.row_number().over(**order).label("rn"),
            )
            .select_from(fail.join(cust, cust.c.customer_id == fail.c.customer_id))
            .where(seen, is_fam)
            .subquery(f"first_{fam}")
        )
        parts.append(
            sa.select(
                ranked.c.customer_id,
                sa.literal(fam, sa.Text).label("family"),
                ranked.c.s,
                ranked.c.recovered,
            ).where(ranked.c.rn == 1)
        )
    first = sa.union_all(*parts).subquery("first_failures")
    q = (
        sa.select(
            first.c.customer_id,
            first.c.family,
            (first.c.s - cust.c.start_day).label("t_failure"),
            (cust.c.exit_day - first.c.s).label("duration"),
            cust.c.churned.label("event"),
            first.c.recovered,
            cust.c.segment,
            cust.c.plan,
        )
        .select_from(first.join(cust, cust.c.customer_id == first.c.customer_id))
        .order_by(first.c.family, first.c.customer_id)
    )
    frame = fetch_frame(store, q)
    for col in ("event", "recovered"):
        frame[col] = frame[col].astype("int64")
    frame.attrs["window"] = scope.window
    return frame


def contact_counts(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Contacts per followed customer between entry and exit (for the contact-rate model). The
    contacts of a leaving customer on the exit date are left out: the call a customer leaves with
    is caused by the decision to leave, not part of the customer's ordinary contact rate."""
    scope = _resolved(store, scope)
    cust = _customer_cte(scope)
    i = interactions
    s = _days(i.c.timestamp)
    during = sa.and_(i.c.customer_id == cust.c.customer_id, s >= cust.c.entry_day, _before_exit(s, cust))
    q = (
        sa.select(cust.c.customer_id, sa.func.count(i.c.customer_id).label("contacts"))
        .select_from(cust.outerjoin(i, during))
        .group_by(cust.c.customer_id)
        .order_by(cust.c.customer_id)
    )
    return fetch_frame(store, q)


def customer_periods(
    store: Store, scope: Scope | None = None, *, freq: str = "month", fcr_days: int = 7
) -> pd.DataFrame:
    """One row per customer per interval, with covariates known at the interval's start.

    Parameters
    ----------
    freq:
        ``"month"`` (30.4375 days) or ``"week"`` (7 days). Intervals are counted in tenure from the
        customer's start; the first row is the interval containing the entry into the window.
    fcr_days:
        A contact is first-contact resolved when it was resolved and the same customer did not
        contact again on the same topic within this many days.

    Columns: ``customer_id``, ``period`` (interval index in tenure), ``start``/``stop`` (tenure days,
    clipped to entry and exit), ``event`` (churn in this interval), ``segment``, ``plan``,
    ``monthly_revenue``, ``revenue_band`` (quartile bands, see :func:`revenue_bands`); per family
    code ``recent_<code>`` (failures exposing the customer at the interval's start: logged more
    than ``exposure_lag_days`` and at most ``exposure_lag_days + window_days`` days before it) and ``cum_<code>`` (all failures before the interval's start);
    ``recent_recovered`` / ``recent_unrecovered``; ``contacts`` (in the interval's tenure month or
    week), ``contacts_cum`` and ``fcr_cum`` (contacts, and first-contact-resolved contacts, before it).
    """
    scope = _resolved(store, scope)
    if freq not in ("month", "week"):
        raise ValueError(f"The 'freq' parameter must be 'month' or 'week'. Got {freq!r} instead.")
    length = MONTH_DAYS if freq == "month" else 7.0
    win = scope.window
    cust = _customer_cte(scope)
    fail = failure_events(scope)
    w = float(scope.window_days)

    max_periods = int(np.ceil(((win.end - win.start).days + 2) / length)) + 1
    nums = sa.values(sa.column("k", sa.Integer), name="nums").data([(k,) for k in range(max_periods)])
    first_k = sa.func.floor((cust.c.entry_day - cust.c.start_day) / length)
    grid = (
        sa.select(
            cust.c.customer_id,
            cust.c.start_day,
            cust.c.entry_day,
            cust.c.exit_day,
            cust.c.churned,
            cust.c.segment,
            cust.c.plan,
            cust.c.monthly_revenue,
            (first_k + nums.c.k).label("period"),
        )
        .select_from(cust.join(nums, sa.true()))
        .where(cust.c.start_day + (first_k + nums.c.k) * length < cust.c.exit_day)
        .subquery("grid")
    )
    p_start = sa.func.greatest(grid.c.start_day + grid.c.period * length, grid.c.entry_day)
    p_stop = sa.func.least(grid.c.start_day + (grid.c.period + 1) * length, grid.c.exit_day)
    per = sa.select(grid, p_start.label("a"), p_stop.label("b")).subquery("per")

    # Contacts with a first-contact-resolution flag (no same-topic repeat within fcr_days).
    i = interactions
    s = _days(i.c.timestamp)
    nxt = sa.func.lead(s).over(partition_by=(i.c.customer_id, i.c.topic), order_by=s)
    contacts = sa.select(i.c.customer_id, s.label("s"), i.c.resolved, nxt.label("next_same_topic")).subquery(
        "ct"
    )
    fcr = sa.and_(
        sa.func.coalesce(contacts.c.resolved, sa.false()),
        sa.or_(contacts.c.next_same_topic.is_(None), contacts.c.next_same_topic > contacts.c.s + fcr_days),
    )

    # Recent failures: a range join limited to the failures exposing the customer at each
    # interval's start (exposure starts exposure_lag_days after the contact).
    lag = float(scope.exposure_lag_days)
    recent = sa.and_(
        fail.c.customer_id == per.c.customer_id, fail.c.s <= per.c.a - lag, fail.c.s > per.c.a - lag - w
    )
    fail_cols = [
        sa.func.coalesce(sa.func.sum(fail.c[f"f_{code}"]), 0).label(f"recent_{code}")
        for code in FAMILY_CODES.values()
    ]
    fail_cols += [
        sa.func.count(fail.c.s).filter(fail.c.recovered == 1).label("recent_recovered"),
        sa.func.count(fail.c.s).filter(fail.c.recovered == 0).label("recent_unrecovered"),
    ]
    key_cols = [
        per.c.customer_id,
        per.c.period,
        per.c.a,
        per.c.b,
        per.c.start_day,
        per.c.exit_day,
        per.c.churned,
        per.c.segment,
        per.c.plan,
        per.c.monthly_revenue,
    ]
    with_fail = (
        sa.select(*key_cols, *fail_cols)
        .select_from(per.outerjoin(fail, recent))
        .group_by(*key_cols)
        .subquery("wf")
    )
    # All failures before each interval: counted per tenure interval and accumulated with a window
    # (failures before the entry into the window counted once, apart).
    fbucket = sa.func.ceil((fail.c.s - cust.c.start_day) / length) - 1
    codes = list(FAMILY_CODES.values())
    fsums = [sa.func.sum(fail.c[f"f_{c}"]).label(c) for c in codes]
    fcust = fail.join(cust, cust.c.customer_id == fail.c.customer_id)
    fagg = (
        sa.select(fail.c.customer_id, fbucket.label("k"), *fsums)
        .select_from(fcust)
        .where(fail.c.s > cust.c.entry_day, fail.c.s < cust.c.exit_day)
        .group_by(fail.c.customer_id, fbucket)
        .subquery("fagg")
    )
    fpre = (
        sa.select(fail.c.customer_id, *fsums)
        .select_from(fcust)
        .where(fail.c.s <= cust.c.entry_day)
        .group_by(fail.c.customer_id)
        .subquery("fpre")
    )
    # Contacts counted per tenure interval (bucket k holds s in (start + kL, start + (k+1)L]), then
    # accumulated with a window: joining every interval to every earlier contact was quadratic.
    bucket = sa.func.ceil((contacts.c.s - cust.c.start_day) / length) - 1
    cagg = (
        sa.select(
            contacts.c.customer_id,
            bucket.label("k"),
            sa.func.count().label("n"),
            sa.func.count().filter(fcr).label("n_fcr"),
        )
        .select_from(contacts.join(cust, cust.c.customer_id == contacts.c.customer_id))
        .where(contacts.c.s < cust.c.exit_day)
        .group_by(contacts.c.customer_id, bucket)
        .subquery("cagg")
    )
    first_period = sa.func.floor((cust.c.entry_day - cust.c.start_day) / length)
    pre = (
        sa.select(
            cagg.c.customer_id, sa.func.sum(cagg.c.n).label("n"), sa.func.sum(cagg.c.n_fcr).label("n_fcr")
        )
        .select_from(cagg.join(cust, cust.c.customer_id == cagg.c.customer_id))
        .where(cagg.c.k < first_period)
        .group_by(cagg.c.customer_id)
        .subquery("pre")
    )
    n_in = sa.func.coalesce(cagg.c.n, 0)
    fcr_in = sa.func.coalesce(cagg.c.n_fcr, 0)
    earlier = {"partition_by": with_fail.c.customer_id, "order_by": with_fail.c.period, "rows": (None, -1)}
    out_cols = [c for c in with_fail.c if c.name not in ("a", "b", "start_day", "exit_day", "churned")]
    q = (
        sa.select(
            *out_cols,
            (with_fail.c.a - with_fail.c.start_day).label("start"),
            (with_fail.c.b - with_fail.c.start_day).label("stop"),
            sa.case(
                (sa.and_(with_fail.c.churned == 1, with_fail.c.b >= with_fail.c.exit_day), 1), else_=0
            ).label("event"),
            n_in.label("contacts"),
            (sa.func.coalesce(pre.c.n, 0) + sa.func.coalesce(sa.func.sum(n_in).over(**earlier), 0)).label(
                "contacts_cum"
            ),
            (
                sa.func.coalesce(pre.c.n_fcr, 0) + sa.func.coalesce(sa.func.sum(fcr_in).over(**earlier), 0)
            ).label("fcr_cum"),
            *(
                (
                    sa.func.coalesce(fpre.c[c], 0)
                    + sa.func.coalesce(sa.func.sum(sa.func.coalesce(fagg.c[c], 0)).over(**earlier), 0)
                ).label(f"cum_{c}")
                for c in codes
            ),
        )
        .select_from(
            with_fail.outerjoin(
                cagg, sa.and_(cagg.c.customer_id == with_fail.c.customer_id, cagg.c.k == with_fail.c.period)
            )
            .outerjoin(pre, pre.c.customer_id == with_fail.c.customer_id)
            .outerjoin(
                fagg, sa.and_(fagg.c.customer_id == with_fail.c.customer_id, fagg.c.k == with_fail.c.period)
            )
            .outerjoin(fpre, fpre.c.customer_id == with_fail.c.customer_id)
        )
        .order_by(with_fail.c.customer_id, with_fail.c.period)
    )
    frame = fetch_frame(store, q)
    ints = [
        "period",
        "event",
        "contacts",
        "contacts_cum",
        "fcr_cum",
        "recent_recovered",
        "recent_unrecovered",
        *(f"{p}_{c}" for c in FAMILY_CODES.values() for p in ("recent", "cum")),
    ]
    for col in ints:
        frame[col] = frame[col].astype("int64")
    first_rows = ~frame["customer_id"].duplicated()
    frame["revenue_band"] = revenue_bands(frame["monthly_revenue"], frame.loc[first_rows, "monthly_revenue"])
    frame = frame[
        [
            "customer_id",
            "period",
            "start",
            "stop",
            "event",
            "segment",
            "plan",
            "monthly_revenue",
            "revenue_band",
            *(f"recent_{c}" for c in FAMILY_CODES.values()),
            *(f"cum_{c}" for c in FAMILY_CODES.values()),
            "recent_recovered",
            "recent_unrecovered",
            "contacts",
            "contacts_cum",
            "fcr_cum",
        ]
    ]
    frame.attrs["window"] = scope.window
    frame.attrs["freq"] = freq
    return frame
