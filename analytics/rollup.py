"""The contact measures for any filter, as sums of small frames computed once per data version.

The SQL measures of :mod:`analytics.measures` read every contact of the window: 0.3–2 s each at
two million contacts. A dashboard re-renders on every filter change, and at that cost it cannot
answer in half a second. Every figure the pages show is, though, a sum of counts that do not
depend on the filters: a contact's primary label, whether it was a recovered failure, whether it
opened an issue solved at first contact. So, for one window (start and as-of date, which decide
which contacts count and which labels are known), one pass of SQL in the database groups the
contacts by everything a filter or a breakdown can ask for, and keeps the counts:

* ``contacts``: month × channel × team × segment × plan × region × family × subtype × source →
  contacts, failures, failures with a recovery verdict, recoveries, issues, issues solved at
  first contact (failures per 100 contacts by any breakdown, the Pareto of subtypes, the monthly
  trend, label sources, recovery rate, first-contact resolution);
* ``agents``: agent × team × channel × segment × plan × region → contacts, failures, recoveries
  (the funnel plots and the recognition board);
* ``first_failures``: customer × channel × team → the day of the customer's first failure there
  (commercial resilience, where a customer counts once, from their first failure among the
  contacts a filter keeps: the minimum over the kept cells);
* ``escalations``: customer × team × channel → requests and granted requests (escalation access
  counts customers, once per group);
* ``customers``: segment × plan × region × month of start × month of end, and whether each fell
  by the as-of date → customers (the headline counts and the monthly churn rate).

A :class:`Rollup` is computed by :func:`rollup` and kept in the database per data version
(:mod:`analytics.results`), so every session, and an app restart, reuse it. The functions below
take a rollup and a scope with the same window and return the frames the SQL measures return —
the same columns, the same numbers (``tests/test_rollup.py`` checks both on both databases) —
from pandas sums over at most a few hundred thousand rows. The SQL measures stay the reference.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics import measures, results
from analytics.measures import BREAKDOWNS, ESCALATION_ASKED, ESCALATION_GRANTED
from analytics.periods import _day_number
from analytics.periods import _days as _epoch_days
from analytics.schema import customers, label_runs
from analytics.scope import Scope
from analytics.store import Store
from analytics.taxonomy import FAMILIES

KIND = "rollup"
VERSION = 2  # 2: kept with narrow types
"""Bumped when the rollup's layout changes, so a kept rollup of an older layout is not read."""

_CUSTOMER = ("segment", "plan", "region")
CONTACT_GRAIN = ("month", "channel", "team", *_CUSTOMER, "family", "subtype", "source")
AGENT_GRAIN = ("agent_id", "team", "channel", *_CUSTOMER)


@dataclass(frozen=True)
class Rollup:
    """Additive counts of one window's contacts (see the module's docstring).

    ``window``: the scope it was computed for, without filters (its ``start`` and ``as_of`` are
    the only fields that matter); ``fcr_days`` and ``resilience_days`` the parameters of
    first-contact resolution and commercial resilience it counted with; ``seconds`` how long the
    SQL took. Every frame has ``known`` (the contact's customer is in the customers table; a
    breakdown by segment, plan or region, like the SQL measures, counts only those)."""

    window: Scope
    fcr_days: int
    resilience_days: int
    contacts: pd.DataFrame
    agents: pd.DataFrame
    first_failures: pd.DataFrame
    escalations: pd.DataFrame
    customers: pd.DataFrame
    seconds: float = 0.0
    layout: int = field(default=VERSION)

    def __getstate__(self) -> dict:
        # Kept in the database and read by the first page of every server: numbers in the
        # narrowest type that holds them exactly (counts as int32, whole days as float32), text
        # keys as categories; read back in the types the functions below expect.
        state = dict(self.__dict__)
        for name in _FRAMES:
            state[name] = _narrow(state[name])
        return state

    def __setstate__(self, state: dict) -> None:
        for name in _FRAMES:
            state[name] = _widen(state[name])
        self.__dict__.update(state)

    def check(self, scope: Scope) -> None:
        if (scope.start, scope.as_of) != (self.window.start, self.window.as_of):
            raise ValueError(
                f"This rollup counts the window {self.window.start} – {self.window.as_of}; the scope "
                f"asks for {scope.start} – {scope.as_of}. Compute a rollup for that window (rollup())."
            )


_FRAMES = ("contacts", "agents", "first_failures", "escalations", "customers")


def _narrow(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy(deep=False)
    for col in out.columns:
        values = out[col]
        if values.dtype == np.int64 and len(values) and values.min() >= -(2**31) and values.max() < 2**31:
            out[col] = values.astype(np.int32)
        elif values.dtype == np.float64:
            narrow = values.to_numpy(np.float32)
            if np.array_equal(narrow.astype(np.float64), values.to_numpy(), equal_nan=True):
                out[col] = narrow
        elif values.dtype == object and col in _CUSTOMER:
            out[col] = values.astype("category")
    out.attrs["narrowed"] = {
        c: str(frame[c].dtype) for c in frame.columns if str(frame[c].dtype) != str(out[c].dtype)
    }
    return out


def _widen(frame: pd.DataFrame) -> pd.DataFrame:
    types = frame.attrs.pop("narrowed", None)
    if not types:
        return frame
    for col, dtype in types.items():
        frame[col] = frame[col].astype(object) if dtype == "object" else frame[col].astype(dtype)
    return frame


# -- building it (SQL, in the database) -------------------------------------------------------------


def _with_customers(base: sa.Subquery) -> tuple[sa.FromClause, list[sa.ColumnElement]]:
    c = customers
    joined = base.outerjoin(c, c.c.customer_id == base.c.customer_id)
    cols = [c.c[k] for k in _CUSTOMER] + [c.c.customer_id.is_not(None).label("known")]
    return joined, cols


def _contact_query(scope: Scope, days: int) -> sa.Select:
    seq = measures._same_topic(scope, days)
    base = measures._contacts(scope, source=seq)
    rec = measures._recoveries(scope)
    issue, solved = measures._first_contact(base, scope, days)
    joined, cust = _with_customers(base)
    keys = [base.c.month, base.c.channel, base.c.team, *cust, base.c.family, base.c.subtype, base.c.source]
    return (
        sa.select(
            *keys,
            sa.func.count().label("contacts"),
            sa.func.count().filter(base.c.family.in_(FAMILIES)).label("failures"),
            sa.func.count(rec.c.interaction_key).label("rec_failures"),
            sa.func.coalesce(sa.func.sum(rec.c.recovered), 0).label("recovered"),
            sa.func.count().filter(issue).label("issues"),
            sa.func.count().filter(solved).label("resolved_first"),
        )
        .select_from(joined.outerjoin(rec, rec.c.interaction_key == base.c.interaction_key))
        .group_by(*keys)
    )


def _agent_query(scope: Scope) -> sa.Select:
    base = measures._contacts(scope, labels=False)
    rec = measures._recoveries(scope)
    joined, cust = _with_customers(base)
    keys = [base.c.agent_id, base.c.team, base.c.channel, *cust]
    return (
        sa.select(
            *keys,
            sa.func.count().label("contacts"),
            sa.func.count(rec.c.interaction_key).label("failures"),
            sa.func.coalesce(sa.func.sum(rec.c.recovered), 0).label("recovered"),
        )
        .select_from(joined.outerjoin(rec, rec.c.interaction_key == base.c.interaction_key))
        .group_by(*keys)
    )


def _first_failure_query(scope: Scope) -> sa.Select:
    base = measures._contacts(scope, customer_columns=True)
    fail_day = sa.func.floor(base.c.s)
    end_day = _epoch_days(base.c.end_date)
    keys = [base.c.customer_id, base.c.channel, base.c.team, *(base.c[k] for k in _CUSTOMER)]
    return (
        sa.select(
            *keys,
            sa.func.min(fail_day).label("fail_day"),
            sa.func.max(end_day).label("end_day"),
        )
        .where(base.c.family.in_(FAMILIES), sa.or_(base.c.end_date.is_(None), end_day >= fail_day))
        .group_by(*keys)
    )


def _escalation_query(scope: Scope) -> sa.Select:
    base = measures._contacts(scope, labels=False)
    joined, cust = _with_customers(base)
    keys = [base.c.customer_id, base.c.team, base.c.channel, *cust]
    granted = base.c.escalated.in_(ESCALATION_GRANTED)
    return (
        sa.select(
            *keys,
            sa.func.count().label("requests"),
            sa.func.count().filter(granted).label("granted_requests"),
        )
        .select_from(joined)
        .where(base.c.escalated.in_(ESCALATION_ASKED))
        .group_by(*keys)
    )


def _customer_query(scope: Scope) -> sa.Select:
    c = customers
    end = sa.literal(scope.as_of, sa.Date)

    def month(col):
        return sa.cast(sa.func.date_trunc(sa.literal_column("'month'"), col), sa.Date)

    keys = [
        *(c.c[k] for k in _CUSTOMER),
        month(c.c.start_date).label("start_month"),
        month(c.c.end_date).label("end_month"),
        (c.c.start_date <= end).label("started"),
        sa.and_(c.c.end_date.is_not(None), c.c.end_date <= end).label("ended"),
    ]
    return sa.select(*keys, sa.func.count().label("customers")).group_by(*keys)


def _ints(frame: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        frame[col] = frame[col].astype("int64")
    return frame


def _categories(frame: pd.DataFrame, cols) -> pd.DataFrame:
    """Text keys as categories: a tenth of the memory and faster masks (NaN stays NaN)."""
    for col in cols:
        if col in frame and frame[col].dtype == object:
            frame[col] = frame[col].astype("category")
    return frame


def compute(store: Store, scope: Scope, *, fcr_days: int = 7, resilience_days: int = 90) -> Rollup:
    """Count the window's contacts once, in the database (see the module's docstring)."""
    window = (scope or Scope()).resolved(store).without_filters()
    measures._check_int("fcr_days", fcr_days, 1, 365)
    measures._check_int("resilience_days", resilience_days, 1, 3650)
    t0 = time.perf_counter()
    contacts = store.read_frame(_contact_query(window, fcr_days))
    contacts["month"] = pd.to_datetime(contacts["month"])
    _ints(contacts, "contacts", "failures", "rec_failures", "recovered", "issues", "resolved_first")
    contacts["known"] = contacts["known"].astype(bool)
    agents = store.read_frame(_agent_query(window))
    _ints(agents, "contacts", "failures", "recovered")
    agents["known"] = agents["known"].astype(bool)
    first = store.read_frame(_first_failure_query(window))
    first["fail_day"] = first["fail_day"].astype(float)
    first["end_day"] = first["end_day"].astype(float)
    esc = store.read_frame(_escalation_query(window))
    _ints(esc, "requests", "granted_requests")
    esc["known"] = esc["known"].astype(bool)
    cust = store.read_frame(_customer_query(window))
    for col in ("start_month", "end_month"):
        cust[col] = pd.to_datetime(cust[col])
    cust["started"] = cust["started"].fillna(False).astype(bool)
    cust["ended"] = cust["ended"].fillna(False).astype(bool)
    _ints(cust, "customers")
    grains = (*CONTACT_GRAIN, "agent_id", "customer_id")
    return Rollup(
        window=window,
        fcr_days=fcr_days,
        resilience_days=resilience_days,
        contacts=_categories(contacts, grains),
        agents=_categories(agents, grains),
        first_failures=_categories(first, grains),
        escalations=_categories(esc, grains),
        customers=cust,
        seconds=time.perf_counter() - t0,
    )


def _label_run(store: Store) -> int | None:
    """The latest labelling's run id: labelling does not move the data version, but it changes
    every count here, so a rollup is kept per labelling too."""
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.max(label_runs.c.run_id))).scalar()


def rollup_params(store: Store, scope: Scope, *, fcr_days: int = 7, resilience_days: int = 90) -> dict:
    """What a kept rollup of ``scope``'s window (resolved) is keyed on, besides the data version."""
    return {
        "layout": VERSION,
        "labels": _label_run(store),
        "start": scope.start,
        "as_of": scope.as_of,
        "fcr_days": fcr_days,
        "resilience_days": resilience_days,
    }


def rollup(
    store: Store, scope: Scope, *, fcr_days: int = 7, resilience_days: int = 90, progress=None
) -> Rollup:
    """The rollup of ``scope``'s window: kept in the database per data version, else computed
    (and kept). ``progress(fraction, message)`` hears of a computation."""
    window = (scope or Scope()).resolved(store).without_filters()
    params = rollup_params(store, window, fcr_days=fcr_days, resilience_days=resilience_days)

    def run() -> Rollup:
        if progress:
            progress(0.0, "counting contacts for the filters")
        out = compute(store, window, fcr_days=fcr_days, resilience_days=resilience_days)
        if progress:
            progress(1.0, "done")
        return out

    return results.cached(store, KIND, params, run)


# -- reading it (pandas, in memory) -------------------------------------------------------------------


def _mask(frame: pd.DataFrame, scope: Scope, *, customers_only: bool = False) -> np.ndarray:
    """Rows of ``frame`` the scope's filters keep (a customer filter never keeps an unknown
    customer, as the SQL's inner join does not)."""
    keep = np.ones(len(frame), dtype=bool)
    for name, values in scope.filters().items():
        if name in frame:
            keep &= frame[name].isin(values).to_numpy()
    if (customers_only or scope.customer_filters()) and "known" in frame:
        keep &= frame["known"].to_numpy()
    return keep


def _sum(frame: pd.DataFrame, keys: list[str], cols: list[str]) -> pd.DataFrame:
    """Sums of ``cols`` by ``keys`` (missing keys a group of their own, sorted last, as SQL)."""
    if not keys:
        return pd.DataFrame({c: [int(frame[c].sum())] for c in cols})
    out = frame.groupby(keys, dropna=False, sort=False, observed=True)[cols].sum().reset_index()
    for k in keys:
        if isinstance(out[k].dtype, pd.CategoricalDtype):
            out[k] = out[k].astype(object)
    out = out.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
    for k in keys:
        out[k] = out[k].astype(object).where(out[k].notna(), None)
    return out


def _check(rollup: Rollup, scope: Scope, by: str | None, allowed=BREAKDOWNS) -> Scope:
    if not scope.is_resolved:
        scope = replace(
            scope, start=scope.start or rollup.window.start, as_of=scope.as_of or rollup.window.as_of
        )
    rollup.check(scope)
    measures._check_by(by, allowed)
    return scope


def _family_order(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
    if by in ("family", "subtype"):
        rank = frame["family"].map(measures._FAMILY_ORDER)
        extra = ["subtype"] if by == "subtype" else []
        frame = frame.assign(_f=rank).sort_values(["_f", *extra], na_position="last", kind="stable")
        frame = frame.drop(columns="_f")
    return frame


def _keys(by: str | None) -> list[str]:
    if by is None:
        return []
    if by == "subtype":
        return ["family", "subtype"]
    return [by]


def _finish(frame: pd.DataFrame, scope: Scope, **attrs) -> pd.DataFrame:
    return measures._finish(frame, scope, **attrs)


def overview(rollup: Rollup, scope: Scope) -> dict:
    """As :func:`analytics.measures.overview`, except ``interactions``: here the contacts in the
    window (the filters applied), not every stored contact of the chosen customers."""
    scope = _check(rollup, scope, None)
    c = rollup.customers
    kept = c[_mask(c, scope) & c["started"].to_numpy()]
    contacts = rollup.contacts
    return {
        "customers": int(kept["customers"].sum()),
        "churned": int(kept.loc[kept["ended"], "customers"].sum()),
        "interactions": int(contacts.loc[_mask(contacts, scope), "contacts"].sum()),
        "window": scope.window,
    }


def monthly_churn(rollup: Rollup, scope: Scope) -> pd.DataFrame:
    """As :func:`analytics.measures.monthly_churn`."""
    scope = _check(rollup, scope, None)
    win = scope.window
    months = pd.date_range(pd.Timestamp(win.start).to_period("M").to_timestamp(), win.end, freq="MS")
    if len(months) == 0:
        return pd.DataFrame(columns=["month", "at_risk", "churned", "churn_rate"])
    c = rollup.customers
    kept = c[_mask(c, scope)]
    start = kept["start_month"].to_numpy()[None, :]
    end = kept["end_month"].to_numpy()[None, :]
    n = kept["customers"].to_numpy()[None, :]
    m = months.to_numpy()[:, None]
    no_end = pd.isna(kept["end_month"]).to_numpy()[None, :]
    at_risk = (start <= m) & (no_end | (end >= m))
    churned = at_risk & ~no_end & (end == m)
    frame = pd.DataFrame(
        {
            "month": months,
            "at_risk": (at_risk * n).sum(axis=1).astype("int64"),
            "churned": (churned * n).sum(axis=1).astype("int64"),
        }
    )
    frame["churn_rate"] = frame["churned"] / frame["at_risk"].where(frame["at_risk"] > 0)
    return frame


def failures_per_100(rollup: Rollup, scope: Scope, by: str | None = None) -> pd.DataFrame:
    """As :func:`analytics.measures.failures_per_100`."""
    scope = _check(rollup, scope, by)
    c = rollup.contacts
    kept = c[_mask(c, scope, customers_only=by in _CUSTOMER)]
    if by == "subtype":
        total = int(kept["contacts"].sum())
        fails = kept[kept["family"].isin(FAMILIES).to_numpy()]
        frame = _sum(fails, ["family", "subtype"], ["contacts"]).rename(columns={"contacts": "failures"})
        frame.insert(2, "contacts", total)
        frame = frame[frame["failures"] > 0]
        frame = frame.assign(_f=frame["family"].map(measures._FAMILY_ORDER))
        frame = frame.sort_values(
            ["failures", "_f", "subtype"], ascending=[False, True, True], na_position="last", kind="stable"
        ).drop(columns="_f")
        frame = frame[["family", "subtype", "contacts", "failures"]]
        return _finish(measures._with_rate(frame, "failures", "contacts", scale=100.0, name="per_100"), scope)
    ids = [by] if by and by != "family" else []
    fam = kept["family"].astype(object).to_numpy()
    wide = kept[[*ids, "contacts"]].copy()
    for f in FAMILIES:
        wide[f] = np.where(fam == f, kept["contacts"].to_numpy(), 0)
    wide["any"] = kept["failures"].to_numpy()
    wide = _sum(wide, ids, ["contacts", *FAMILIES, "any"])
    frame = wide.melt(
        id_vars=[*ids, "contacts"], value_vars=[*FAMILIES, "any"], var_name="family", value_name="failures"
    )
    order = {f: k for k, f in enumerate((*FAMILIES, "any"))}
    frame = frame.assign(_f=frame["family"].map(order))
    frame = frame.sort_values([*ids, "_f"], kind="stable", na_position="last")
    frame = frame[[*ids, "family", "contacts", "failures"]]
    if by == "month":
        frame["month"] = pd.to_datetime(frame["month"])
    return _finish(measures._with_rate(frame, "failures", "contacts", scale=100.0, name="per_100"), scope)


def monthly_failures(rollup: Rollup, scope: Scope) -> pd.DataFrame:
    """As :func:`analytics.measures.monthly_failures`."""
    return failures_per_100(rollup, scope, by="month")


def recovery_rate(rollup: Rollup, scope: Scope, by: str | None = None) -> pd.DataFrame:
    """As :func:`analytics.measures.recovery_rate`."""
    scope = _check(rollup, scope, by)
    c = rollup.contacts
    kept = c[_mask(c, scope, customers_only=by in _CUSTOMER) & (c["rec_failures"] > 0).to_numpy()]
    frame = _sum(kept, _keys(by), ["rec_failures", "recovered"]).rename(columns={"rec_failures": "failures"})
    frame = _family_order(frame, by)
    if by == "month":
        frame["month"] = pd.to_datetime(frame["month"])
    return _finish(measures._with_rate(frame, "recovered", "failures"), scope)


def first_contact_resolution(rollup: Rollup, scope: Scope, by: str | None = None) -> pd.DataFrame:
    """As :func:`analytics.measures.first_contact_resolution` with ``days=rollup.fcr_days``."""
    scope = _check(rollup, scope, by)
    c = rollup.contacts
    kept = c[_mask(c, scope, customers_only=by in _CUSTOMER)]
    frame = _sum(kept, _keys(by), ["contacts", "issues", "resolved_first"])
    if by is not None:
        frame = frame[frame["contacts"] > 0]
    frame = _family_order(frame, by)
    if by == "month":
        frame["month"] = pd.to_datetime(frame["month"])
    frame = measures._with_rate(frame, "resolved_first", "issues")
    frame["contacts"] = frame["contacts"].astype("int64")
    return _finish(frame, scope, days=rollup.fcr_days)


RESILIENCE_BREAKDOWNS = (None, "channel", "team", *_CUSTOMER)


def commercial_resilience(rollup: Rollup, scope: Scope, by: str | None = None) -> pd.DataFrame:
    """As :func:`analytics.measures.commercial_resilience` with ``days=rollup.resilience_days``;
    ``by``: None, channel, team, segment, plan or region (a customer's first failure is the
    earliest among the cells the filters keep, in each group)."""
    scope = _check(rollup, scope, by, tuple(b for b in RESILIENCE_BREAKDOWNS if b))
    f = rollup.first_failures
    kept = f[_mask(f, scope)]
    per = ["customer_id", *([by] if by else [])]
    plain = kept[[*per, "fail_day", "end_day"]].copy()
    for k in per:
        plain[k] = plain[k].astype(object)
    first = plain.groupby(per, sort=False, dropna=False).agg(
        fail_day=("fail_day", "min"), end_day=("end_day", "max")
    )
    first = first.reset_index()
    n = float(rollup.resilience_days)
    first = first[first["fail_day"] + n <= _day_number(scope.as_of)]
    end = first["end_day"]
    first = first.assign(customers=1, retained=(end.isna() | (end > first["fail_day"] + n)).astype("int64"))
    frame = _sum(first, [by] if by else [], ["customers", "retained"])
    if by is not None:
        frame = frame[frame["customers"] > 0]
    return _finish(measures._with_rate(frame, "retained", "customers"), scope, days=rollup.resilience_days)


def escalation_access(rollup: Rollup, scope: Scope, by: str | None = "team") -> pd.DataFrame:
    """As :func:`analytics.measures.escalation_access`."""
    scope = _check(
        rollup, scope, by, tuple(b for b in BREAKDOWNS if b not in ("family", "subtype", "month", "agent_id"))
    )
    e = rollup.escalations
    kept = e[_mask(e, scope, customers_only=by in _CUSTOMER)]
    keys = [by] if by else []
    plain = kept[[*keys, "customer_id", "requests", "granted_requests"]].copy()
    for k in (*keys, "customer_id"):
        plain[k] = plain[k].astype(object)
    plain["granted"] = plain["granted_requests"] > 0
    if keys:
        g = plain.groupby(keys, dropna=False, sort=False)
        frame = pd.DataFrame(
            {
                "requests": g["requests"].sum(),
                "granted_requests": g["granted_requests"].sum(),
                "customers_asked": g["customer_id"].nunique(),
                "customers_granted": plain[plain["granted"]]
                .groupby(keys, dropna=False)["customer_id"]
                .nunique(),
            }
        ).reset_index()
        frame["customers_granted"] = frame["customers_granted"].fillna(0)
        frame = frame.sort_values(keys, na_position="last", kind="stable")
        frame[keys[0]] = frame[keys[0]].astype(object).where(frame[keys[0]].notna(), None)
    else:
        frame = pd.DataFrame(
            {
                "requests": [int(plain["requests"].sum())],
                "granted_requests": [int(plain["granted_requests"].sum())],
                "customers_asked": [plain["customer_id"].nunique()],
                "customers_granted": [plain.loc[plain["granted"], "customer_id"].nunique()],
            }
        )
    frame = _ints(frame, "requests", "granted_requests", "customers_asked", "customers_granted")
    return _finish(measures._with_rate(frame, "customers_granted", "customers_asked"), scope)


def label_sources(rollup: Rollup, scope: Scope) -> pd.DataFrame:
    """As :func:`analytics.measures.label_sources`."""
    scope = _check(rollup, scope, None)
    c = rollup.contacts
    kept = c[_mask(c, scope)]
    frame = _sum(kept, ["source", "family"], ["contacts"])
    frame = frame[frame["contacts"] > 0]
    total = int(frame["contacts"].sum())
    frame["share"] = frame["contacts"] / total if total else np.nan
    src = {s: k for k, s in enumerate((*measures.SOURCES, "none"))}
    fam = {f: k for k, f in enumerate((*FAMILIES, "unclassified", "none"))}
    frame = frame.assign(_s=frame["source"].map(src), _f=frame["family"].map(fam))
    frame = frame.sort_values(["_s", "_f"], kind="stable").drop(columns=["_s", "_f"])
    return _finish(frame, scope)


def agent_volume(rollup: Rollup, scope: Scope, level: str = "agent_id") -> pd.DataFrame:
    """As :func:`analytics.measures.agent_volume`."""
    scope = _check(rollup, scope, None)
    if level not in ("agent_id", "team"):
        raise ValueError(
            f"The 'level' parameter must be one of {{'agent_id', 'team'}}. Got {level!r} instead."
        )
    a = rollup.agents
    frame = _sum(a[_mask(a, scope)], [level], ["contacts", "failures", "recovered"])
    frame = frame[frame["contacts"] > 0]
    frame["failure_rate"] = frame["failures"] / frame["contacts"].where(frame["contacts"] > 0)
    frame["recovery_rate"] = frame["recovered"] / frame["failures"].where(frame["failures"] > 0)
    return _finish(frame, scope, level=level)


__all__ = [
    "Rollup",
    "agent_volume",
    "commercial_resilience",
    "compute",
    "escalation_access",
    "failures_per_100",
    "first_contact_resolution",
    "label_sources",
    "monthly_churn",
    "monthly_failures",
    "overview",
    "recovery_rate",
    "rollup",
]
