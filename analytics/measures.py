"""Measures the whole product shares, computed by SQL in the database.

Each function takes a :class:`~analytics.store.Store` and a :class:`~analytics.scope.Scope`
(resolved once inside when it is not) and returns a small DataFrame or dict; the aggregation runs
in the database so the same code serves DuckDB and PostgreSQL, and only the result reaches Python.

Contact measures (failures per 100 contacts, first-contact resolution, recovery, resilience,
escalation access, label sources, notes) count the interactions in the window — timestamp from
the scope's start to the end of its as-of day — of the customers its customer filters select
(segment, plan, region), through the channels and teams its contact filters select. Each contact
carries its primary failure label known at the as-of date (:func:`primary_label_query`). A
``by=`` breakdown is one of :data:`BREAKDOWNS`; a rate comes with its 95 % Wilson interval
(``low``, ``high``). DESIGN.md ("Measures") defines what each one means.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, time, timedelta
from statistics import NormalDist

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from analytics.periods import _day_number, failure_events
from analytics.periods import _days as _epoch_days
from analytics.redact import redact_notes
from analytics.schema import customers, interaction_labels, interactions
from analytics.scope import Scope
from analytics.store import Store
from analytics.taxonomy import FAMILIES


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


# -- shared parts ---------------------------------------------------------------------------------

BREAKDOWNS: tuple[str, ...] = (
    "family",
    "subtype",
    "channel",
    "team",
    "agent_id",
    "month",
    "segment",
    "plan",
    "region",
)
"""The columns a measure can be broken down by (``by=``): the contact's primary label (family,
subtype), where it happened (channel, team, agent_id), when (the calendar month of the contact)
and who it was (the customer's segment, plan, region)."""

SOURCES: tuple[str, ...] = ("coded", "structured", "text")
"""Where a label comes from, most trusted first (see :mod:`models.labels`)."""

ESCALATION_ASKED: tuple[str, ...] = ("yes", "denied", "requested")
"""``escalated`` values of a contact where the customer asked for someone with more power."""
ESCALATION_GRANTED: tuple[str, ...] = ("yes",)
"""``escalated`` values where they got one."""

_NOTE_LIMIT = 1000
# Accented letters folded to their plain letter before a notes search, on both sides of LIKE, so
# "area" finds "área" and "AREA". PostgreSQL: translate() with this table (no extension needed,
# unlike unaccent; upper case is mapped too, as lower() leaves non-ASCII letters alone under the
# C locale). DuckDB: its strip_accents(), 3x faster there than translate().
_ACCENTED = "ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç"
_PLAIN = "AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc"


def wilson_interval(successes, trials, level: float = 0.95) -> tuple:
    """Wilson score interval for the proportions ``successes / trials``: two arrays, or two floats
    for scalar input.

    Unlike the Wald interval it stays inside [0, 1] and keeps close to its nominal coverage with
    few trials or a rate near 0 or 1 (a team with 3 escalations, a 100 % recovery rate). NaN where
    ``trials`` is 0."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = NormalDist().inv_cdf(0.5 + level / 2.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def _with_rate(frame: pd.DataFrame, events: str, trials: str, *, scale: float = 1.0, name: str = "rate"):
    """Add ``name`` = events / trials (× scale) and its 95 % Wilson interval ``low``/``high``."""
    k = frame[events].astype("int64")
    n = frame[trials].astype("int64")
    frame[events], frame[trials] = k, n
    low, high = wilson_interval(k, n)
    frame[name] = (k / n.where(n > 0)).astype(float) * scale
    frame["low"] = low * scale
    frame["high"] = high * scale
    return frame


def _resolve(store: Store, scope: Scope | None) -> Scope:
    return (scope or Scope()).resolved(store)


def _check_by(by: str | None, allowed: tuple[str, ...] = BREAKDOWNS) -> None:
    if by is not None and by not in allowed:
        raise ValueError(
            f"The 'by' parameter must be None or one of {{{', '.join(map(repr, allowed))}}}. "
            f"Got {by!r} instead."
        )


def _check_int(name: str, value, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
        raise ValueError(f"The {name!r} parameter must be an int in [{low}, {high}]. Got {value!r} instead.")


def _window_bounds(scope: Scope) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """The window as [start 00:00, the day after the as-of date 00:00), as bound timestamps."""
    win = scope.window
    start = datetime.combine(win.start, time.min)
    end = datetime.combine(win.end + timedelta(days=1), time.min)
    return sa.literal(start, sa.DateTime), sa.literal(end, sa.DateTime)


def _rank(column: sa.ColumnElement, order: tuple[str, ...]) -> sa.ColumnElement:
    return sa.case(*((column == v, k) for k, v in enumerate(order)), else_=len(order))


def _primary_labels(scope: Scope | None) -> sa.Subquery:
    """One row per labelled interaction: its primary label (interaction_key, family, subtype,
    source, probability).

    Without a scope, the stored primary label. With a resolved scope, the primary label among the
    labels known at its as-of date: the stored primary when it is known, else the best of the
    others by the labelling's own order (source trust, known at the contact before known later,
    probability, taxonomy order). So a contact whose primary label is a promise not yet due, and
    whose notes read as rude, is an attitude failure at that date, as
    :func:`analytics.periods.failure_events` (which counts every known label) has it."""
    lab = interaction_labels
    if scope is None:
        return (
            sa.select(lab.c.interaction_key, lab.c.family, lab.c.subtype, lab.c.source, lab.c.probability)
            .where(lab.c.is_primary)
            .subquery("primary_label")
        )
    cols = (lab.c.interaction_key, lab.c.family, lab.c.subtype, lab.c.source, lab.c.probability)
    known = scope.labels_known(lab)
    # Nearly every stored primary label is known: it is the answer, found by a plain filter. Only
    # the few contacts whose primary is a promise not yet due rank their other labels, so neither
    # database ranks every label (a DISTINCT ON over all of them took 0.23 s of a 0.28 s query on
    # DuckDB; row_number() = 1 made PostgreSQL plan a nested loop from a 0.5 % row estimate).
    pending = sa.select(lab.c.interaction_key).where(lab.c.is_primary, sa.not_(known))
    order = (
        _rank(lab.c.source, SOURCES),
        sa.case((lab.c.known_after.is_(None), 0), else_=1),
        sa.func.coalesce(lab.c.probability, 0.0).desc(),
        _rank(lab.c.family, (*FAMILIES, "unclassified")),
    )
    fallback = (
        sa.select(*cols)
        .where(sa.not_(lab.c.is_primary), known, lab.c.interaction_key.in_(pending))
        .distinct(lab.c.interaction_key)
        .order_by(lab.c.interaction_key, *order)
    )
    return sa.union_all(sa.select(*cols).where(lab.c.is_primary, known), fallback).subquery("primary_label")


def primary_label_query(scope: Scope | None = None) -> sa.Select:
    """One row per stored interaction with its primary label, for joins and breakdowns in SQL:
    ``interaction_key``, ``family`` (attitude, process, price, quality, unclassified, or ``none``
    when no source found a failure), ``subtype``, ``source`` (coded, structured, text, or
    ``none``) and ``probability`` (1 for coded, structured and none). Reflects the last
    labelling. With a resolved ``scope``, only labels known at its as-of date count (a promise
    whose date has not passed is not yet broken); the primary is the most trusted of those."""
    i = interactions
    primary = _primary_labels(scope)
    found = primary.c.interaction_key.is_not(None)
    return sa.select(
        i.c.interaction_key,
        sa.func.coalesce(primary.c.family, sa.literal("none")).label("family"),
        primary.c.subtype,
        sa.func.coalesce(primary.c.source, sa.literal("none")).label("source"),
        sa.case((found, primary.c.probability), else_=sa.literal(1.0)).label("probability"),
    ).select_from(i.outerjoin(primary, primary.c.interaction_key == i.c.interaction_key))


_CUSTOMER_COLUMNS = ("segment", "plan", "region")


def _contacts(
    scope: Scope,
    *,
    labels: bool = True,
    customer_columns: bool = False,
    source: sa.FromClause | None = None,
) -> sa.Subquery:
    """The contacts a measure counts: interactions in the window (timestamp from the window's start
    to the end of the as-of day) of the customers the customer filters select, through the
    channels and teams the contact filters select, with their calendar month.

    ``labels``: with each contact's primary label known at the as-of date (``family``,
    ``subtype``, ``source``; ``none`` when unlabelled). ``customer_columns``: with the customer's
    segment, plan, region and end date. Each join is made only when asked for or when a customer
    filter needs it: a join of two million contacts on their keys is most of a measure's time.
    ``source``: a selection of ``interactions`` with extra columns (all of them passed through),
    for measures that look at neighbouring contacts before the window is applied."""
    i = interactions if source is None else source
    extra = [col for col in i.c if col.name not in interactions.c]
    month = sa.cast(sa.func.date_trunc(sa.literal_column("'month'"), i.c.timestamp), sa.Date)
    cols = [
        i.c.interaction_key,
        i.c.customer_id,
        i.c.timestamp,
        _epoch_days(i.c.timestamp).label("s"),
        i.c.channel,
        i.c.team,
        i.c.agent_id,
        i.c.topic,
        i.c.resolved,
        i.c.escalated,
        i.c.notes,
        month.label("month"),
        *extra,
    ]
    joined: sa.FromClause = i
    if customer_columns or scope.customer_filters():
        c = customers
        joined = joined.join(c, c.c.customer_id == i.c.customer_id)
        cols += [c.c[name] for name in _CUSTOMER_COLUMNS] + [c.c.end_date]
    if labels:
        primary = _primary_labels(scope)
        joined = joined.outerjoin(primary, primary.c.interaction_key == i.c.interaction_key)
        cols += [
            sa.func.coalesce(primary.c.family, sa.literal("none")).label("family"),
            primary.c.subtype,
            sa.func.coalesce(primary.c.source, sa.literal("none")).label("source"),
        ]
    start, end = _window_bounds(scope)
    return (
        sa.select(*cols)
        .select_from(joined)
        .where(
            i.c.timestamp >= start,
            i.c.timestamp < end,
            scope.contact_clause(i),
            scope.customer_clause(customers) if scope.customer_filters() else sa.true(),
        )
        .subquery("contacts")
    )


def _needs(by: str | None) -> dict[str, bool]:
    """What a breakdown needs joined to the contacts."""
    return {"labels": by in ("family", "subtype"), "customer_columns": by in _CUSTOMER_COLUMNS}


def _keys(base: sa.Subquery, by: str | None) -> list[sa.ColumnElement]:
    """The GROUP BY columns of a breakdown: a subtype is grouped with its family (a coded family
    without a subtype is not one group across families)."""
    if by is None:
        return []
    if by == "subtype":
        return [base.c.family, base.c.subtype]
    return [base.c[by]]


def _is_failure(base: sa.Subquery) -> sa.ColumnElement[bool]:
    return base.c.family.in_(FAMILIES)


def _recoveries(scope: Scope) -> sa.Subquery:
    """:func:`analytics.periods.failure_events` (its definition of a failure and of a recovery)
    with the interaction's key, to join it to the contacts."""
    events = failure_events(scope).element.add_columns(interactions.c.interaction_key)
    return events.subquery("recoveries")


_FAMILY_ORDER = {f: k for k, f in enumerate((*FAMILIES, "any", "unclassified", "none"))}


def _read(store: Store, query: sa.Select, by: str | None) -> pd.DataFrame:
    """Run a breakdown's query; months as datetimes, families in the taxonomy's order."""
    frame = store.read_frame(query)
    if by == "month" and "month" in frame:
        frame["month"] = pd.to_datetime(frame["month"])
    if by in ("family", "subtype"):
        rank = frame["family"].map(_FAMILY_ORDER)
        frame = frame.assign(_f=rank).sort_values(["_f", *(["subtype"] if by == "subtype" else [])])
        frame = frame.drop(columns="_f")
    return frame


def _finish(frame: pd.DataFrame, scope: Scope, **attrs) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.attrs["window"] = scope.window
    frame.attrs.update(attrs)
    return frame


# -- contact measures -----------------------------------------------------------------------------


def _same_topic(scope: Scope, days: int) -> sa.Subquery:
    """The contacts from ``days`` before the window to the as-of date, each with the day number of
    the same customer's previous and next contact on the same topic (``prev_s``, ``next_s``: in
    any channel or team; None without a topic), in one pass; the window and the filters are
    applied by the caller. First-contact resolution here and in :mod:`analytics.rollup`."""
    i = interactions
    _, end = _window_bounds(scope)
    # A contact more than `days` before the window cannot make one in it a repeat: not read.
    since = sa.literal(datetime.combine(scope.start - timedelta(days=days + 1), time.min), sa.DateTime)
    s = _epoch_days(i.c.timestamp)
    # (topic, customer) rather than (customer, topic): the same partitions, but PostgreSQL then sorts
    # a sequential scan instead of walking the customer index over the whole table (17 s of random
    # reads at 2 M contacts).
    over = {"partition_by": (i.c.topic, i.c.customer_id), "order_by": (i.c.timestamp, i.c.interaction_key)}
    topic_known = i.c.topic.is_not(None)
    return (
        sa.select(
            *i.c,
            sa.case((topic_known, sa.func.lag(s).over(**over))).label("prev_s"),
            sa.case((topic_known, sa.func.lead(s).over(**over))).label("next_s"),
        )
        .where(i.c.timestamp >= since, i.c.timestamp < end)
        .subquery("same_topic")
    )


def _first_contact(base: sa.Subquery, scope: Scope, days: int) -> tuple:
    """For each contact of ``base`` (contacts of :func:`_same_topic`): whether it opens an issue
    whose ``days``-day follow-up ended by the as-of date (no same-topic contact within ``days``
    before it), and whether that issue was solved at it (marked resolved, no same-topic contact
    within ``days`` after it)."""
    n = float(days)
    repeats = sa.and_(base.c.prev_s.is_not(None), base.c.s - base.c.prev_s <= n)
    repeated = sa.and_(base.c.next_s.is_not(None), base.c.next_s - base.c.s <= n)
    followed_up = base.c.s + n <= _day_number(scope.as_of) + 1.0
    issue = sa.and_(sa.not_(repeats), followed_up)
    solved = sa.and_(issue, sa.func.coalesce(base.c.resolved, sa.false()), sa.not_(repeated))
    return issue, solved


def first_contact_resolution(
    store: Store, scope: Scope | None = None, by: str | None = None, days: int = 7
) -> pd.DataFrame:
    """First-contact resolution: the share of issues solved at their first contact with no repeat
    contact on the same topic within ``days`` days.

    An **issue** opens with a contact in the window that does not repeat an earlier contact of the
    same customer on the same topic within ``days`` (a chain of repeats is one issue, counted at
    its first contact). It is **resolved at first contact** when that contact was marked resolved
    and the customer did not come back on the same topic within ``days`` — through any channel or
    team, so a filter on the channel selects where issues open, not where repeats may happen.
    Contacts without a topic cannot be matched to a repeat and count as issues on their own. Only
    issues whose ``days``-day follow-up ended by the as-of date count (a contact yesterday has not
    had its chance to be repeated yet), and nothing after the as-of date is read.

    ``days``: the repeat window; pass the stored signal rules' ``repeat_days``
    (``models.labels.signal_rules(store).repeat_days``) so FCR and the repeat-contact label agree.
    ``by``: any of :data:`BREAKDOWNS` (family and subtype are those of the issue's first contact).

    Columns: [``by``], ``contacts`` (all contacts in scope), ``issues``, ``resolved_first``,
    ``rate`` (= resolved_first / issues), ``low``/``high`` (95 % Wilson interval).
    """
    scope = _resolve(store, scope)
    _check_by(by)
    _check_int("days", days, 1, 365)
    seq = _same_topic(scope, days)
    base = _contacts(scope, source=seq, **_needs(by))
    issue, solved = _first_contact(base, scope, days)
    keys = _keys(base, by)
    q = (
        sa.select(
            *keys,
            sa.func.count().label("contacts"),
            sa.func.count().filter(issue).label("issues"),
            sa.func.count().filter(solved).label("resolved_first"),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    frame = _read(store, q, by)
    frame = _with_rate(frame, "resolved_first", "issues")
    frame["contacts"] = frame["contacts"].astype("int64")
    return _finish(frame, scope, days=days)


def recovery_rate(store: Store, scope: Scope | None = None, by: str | None = None) -> pd.DataFrame:
    """Recovery rate: the share of failures followed by a service recovery — the issue resolved
    and an apology, compensation or follow-up (the definition of
    :func:`analytics.periods.failure_events`, which the survival models use too).

    ``by``: any of :data:`BREAKDOWNS` (family and subtype are the failure's primary label).

    Columns: [``by``], ``failures``, ``recovered``, ``rate`` (= recovered / failures),
    ``low``/``high`` (95 % Wilson interval).
    """
    scope = _resolve(store, scope)
    _check_by(by)
    base = _contacts(scope, **_needs(by))
    rec = _recoveries(scope)
    keys = _keys(base, by)
    q = (
        sa.select(
            *keys,
            sa.func.count().label("failures"),
            sa.func.coalesce(sa.func.sum(rec.c.recovered), 0).label("recovered"),
        )
        .select_from(base.join(rec, rec.c.interaction_key == base.c.interaction_key))
        .group_by(*keys)
        .order_by(*keys)
    )
    frame = _read(store, q, by)
    return _finish(_with_rate(frame, "recovered", "failures"), scope)


def commercial_resilience(
    store: Store, scope: Scope | None = None, days: int = 90, by: str | None = None
) -> pd.DataFrame:
    """Commercial resilience: of the customers who suffered a failure, the share still customers
    ``days`` days later — the customers who forgave the company.

    Each customer counts once, from their first failure in the window (in scope); only customers
    whose first failure was at least ``days`` days before the as-of date count, so every one of
    them had the full ``days`` to leave. A customer is **retained** unless their end date falls on
    or before the failure's date + ``days``. With ``by``, a customer counts once per group, from
    their first failure in that group (their first attitude failure, their first failure with
    that team, …), so a customer can be in several groups.

    Columns: [``by``], ``customers``, ``retained``, ``rate`` (= retained / customers),
    ``low``/``high`` (95 % Wilson interval).
    """
    scope = _resolve(store, scope)
    _check_by(by)
    _check_int("days", days, 1, 3650)
    base = _contacts(scope, customer_columns=True)
    keys = _keys(base, by)
    fail_day = sa.func.floor(base.c.s)
    end_day = _epoch_days(base.c.end_date)
    first = (
        sa.select(
            *keys,
            base.c.customer_id,
            fail_day.label("fail_day"),
            end_day.label("end_day"),
            sa.func.row_number()
            .over(partition_by=(base.c.customer_id, *keys), order_by=(base.c.s, base.c.interaction_key))
            .label("rn"),
        )
        .where(_is_failure(base), sa.or_(base.c.end_date.is_(None), end_day >= fail_day))
        .subquery("first_failures")
    )
    n = float(days)
    fkeys = [first.c[k.name] for k in keys]
    retained = sa.or_(first.c.end_day.is_(None), first.c.end_day > first.c.fail_day + n)
    q = (
        sa.select(
            *fkeys,
            sa.func.count().label("customers"),
            sa.func.count().filter(retained).label("retained"),
        )
        .where(first.c.rn == 1, first.c.fail_day + n <= _day_number(scope.as_of))
        .group_by(*fkeys)
        .order_by(*fkeys)
    )
    frame = _read(store, q, by)
    return _finish(_with_rate(frame, "retained", "customers"), scope, days=days)


def failures_per_100(store: Store, scope: Scope | None = None, by: str | None = None) -> pd.DataFrame:
    """Failures per 100 contacts, by family (a contact counts under its primary label).

    Without ``by`` (or ``by="family"``): one row per family and a row ``"any"`` (every failure).
    ``by="subtype"``: one row per (family, subtype) found, each per 100 contacts in scope (the
    Pareto of subtypes). Any other ``by``: the families and ``"any"`` within each group, per 100
    of the group's contacts (heat maps of family × channel or team, trends by month).

    Columns: [``by``], ``family``, [``subtype``], ``contacts``, ``failures``, ``per_100``,
    ``low``/``high`` (95 % Wilson interval, per 100).
    """
    scope = _resolve(store, scope)
    _check_by(by)
    base = _contacts(scope, customer_columns=by in _CUSTOMER_COLUMNS)
    if by == "subtype":
        total = sa.select(sa.func.count()).select_from(base).scalar_subquery()
        q = (
            sa.select(
                base.c.family,
                base.c.subtype,
                total.label("contacts"),
                sa.func.count().label("failures"),
            )
            .where(_is_failure(base))
            .group_by(base.c.family, base.c.subtype)
        )
        frame = _read(store, q, by)
        # Most frequent first: the order of a Pareto chart.
        frame = frame.assign(_f=frame["family"].map(_FAMILY_ORDER))
        frame = frame.sort_values(["failures", "_f", "subtype"], ascending=[False, True, True]).drop(
            columns="_f"
        )
        return _finish(_with_rate(frame, "failures", "contacts", scale=100.0, name="per_100"), scope)
    keys = [base.c[by]] if by and by != "family" else []
    counts = [sa.func.count().filter(base.c.family == f).label(f) for f in FAMILIES]
    q = (
        sa.select(
            *keys,
            sa.func.count().label("contacts"),
            *counts,
            sa.func.count().filter(_is_failure(base)).label("any"),
        )
        .group_by(*keys)
        .order_by(*keys)
    )
    wide = _read(store, q, by if keys else None)
    ids = [k.name for k in keys]
    frame = wide.melt(
        id_vars=[*ids, "contacts"], value_vars=[*FAMILIES, "any"], var_name="family", value_name="failures"
    )
    order = {f: k for k, f in enumerate((*FAMILIES, "any"))}
    frame = frame.assign(_f=frame["family"].map(order)).sort_values([*ids, "_f"], kind="stable")
    frame = frame[[*ids, "family", "contacts", "failures"]]
    return _finish(_with_rate(frame, "failures", "contacts", scale=100.0, name="per_100"), scope)


def monthly_failures(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Failures per 100 contacts by calendar month and family, for the trend chart (the first and
    last months may be partial: the window's start and as-of date cut them).

    Columns: ``month`` (first day, datetime), ``family`` (the four and ``"any"``), ``contacts``,
    ``failures``, ``per_100``, ``low``/``high``."""
    return failures_per_100(store, scope, by="month")


def escalation_access(store: Store, scope: Scope | None = None, by: str | None = "team") -> pd.DataFrame:
    """Escalation access: of the customers who asked for a supervisor (``escalated`` yes or
    denied), how many got one (yes), by team by default.

    A customer counts once per group: asked when any of their contacts in the group asked, got
    one when any of them was escalated. ``by``: None or any of :data:`BREAKDOWNS` except family
    and subtype (a refused escalation is itself the label process/escalation_blocked). Groups
    where nobody asked are left out.

    Columns: [``by``], ``requests`` (contacts that asked), ``granted_requests``,
    ``customers_asked``, ``customers_granted``, ``rate`` (= customers_granted / customers_asked),
    ``low``/``high`` (95 % Wilson interval).
    """
    scope = _resolve(store, scope)
    _check_by(by, tuple(b for b in BREAKDOWNS if b not in ("family", "subtype")))
    base = _contacts(scope, labels=False, customer_columns=by in _CUSTOMER_COLUMNS)
    keys = _keys(base, by)
    granted = base.c.escalated.in_(ESCALATION_GRANTED)
    customer = sa.distinct(base.c.customer_id)
    q = (
        sa.select(
            *keys,
            sa.func.count().label("requests"),
            sa.func.count().filter(granted).label("granted_requests"),
            sa.func.count(customer).label("customers_asked"),
            sa.func.count(customer).filter(granted).label("customers_granted"),
        )
        .where(base.c.escalated.in_(ESCALATION_ASKED))
        .group_by(*keys)
        .order_by(*keys)
    )
    frame = _read(store, q, by)
    frame[["requests", "granted_requests"]] = frame[["requests", "granted_requests"]].astype("int64")
    return _finish(_with_rate(frame, "customers_granted", "customers_asked"), scope)


def label_sources(store: Store, scope: Scope | None = None) -> pd.DataFrame:
    """Where the contacts' primary labels came from, by family: ``coded`` (the export's failure
    code), ``structured`` (signals in the contact's columns), ``text`` (the notes; family
    ``unclassified`` when the classifier was not sure) and ``none`` (no failure found).

    Columns: ``source``, ``family``, ``contacts``, ``share`` (of all contacts in scope)."""
    scope = _resolve(store, scope)
    base = _contacts(scope)
    q = sa.select(base.c.source, base.c.family, sa.func.count().label("contacts")).group_by(
        base.c.source, base.c.family
    )
    frame = store.read_frame(q)
    frame["contacts"] = frame["contacts"].astype("int64")
    total = int(frame["contacts"].sum())
    frame["share"] = frame["contacts"] / total if total else np.nan
    src = {s: k for k, s in enumerate((*SOURCES, "none"))}
    fam = {f: k for k, f in enumerate((*FAMILIES, "unclassified", "none"))}
    frame = frame.assign(_s=frame["source"].map(src), _f=frame["family"].map(fam))
    frame = frame.sort_values(["_s", "_f"]).drop(columns=["_s", "_f"])
    return _finish(frame, scope)


def agent_volume(store: Store, scope: Scope | None = None, level: str = "agent_id") -> pd.DataFrame:
    """Per agent (``level="agent_id"``) or team (``"team"``): contacts, failures and recoveries —
    the input of the funnel plots (failure rate against contacts, recovery rate against
    failures) and of the recognition board (:mod:`models.funnel`).

    Columns: ``<level>`` (None for contacts without one), ``contacts``, ``failures``,
    ``recovered``, ``failure_rate`` (= failures / contacts), ``recovery_rate``
    (= recovered / failures, NaN without failures)."""
    scope = _resolve(store, scope)
    if level not in ("agent_id", "team"):
        raise ValueError(
            f"The 'level' parameter must be one of {{'agent_id', 'team'}}. Got {level!r} instead."
        )
    base = _contacts(scope, labels=False)
    rec = _recoveries(scope)  # the failures, with their recovery: no label join of every contact
    unit = base.c[level]
    q = (
        sa.select(
            unit,
            sa.func.count().label("contacts"),
            sa.func.count(rec.c.interaction_key).label("failures"),
            sa.func.coalesce(sa.func.sum(rec.c.recovered), 0).label("recovered"),
        )
        .select_from(base.outerjoin(rec, rec.c.interaction_key == base.c.interaction_key))
        .group_by(unit)
        .order_by(unit)
    )
    frame = store.read_frame(q)
    for col in ("contacts", "failures", "recovered"):
        frame[col] = frame[col].astype("int64")
    frame["failure_rate"] = frame["failures"] / frame["contacts"].where(frame["contacts"] > 0)
    frame["recovery_rate"] = frame["recovered"] / frame["failures"].where(frame["failures"] > 0)
    return _finish(frame, scope, level=level)


# -- notes ----------------------------------------------------------------------------------------


_FOLDABLE = frozenset("aeiounc")  # the plain letters of _ACCENTED


def _escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards and the escape character ``/`` escaped by ``/``."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def fold_text(text: str) -> str:
    """``text`` as a notes search compares it: accents removed, lower case, blanks collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


class accent_folded(FunctionElement):
    """SQL: a text expression in lower case with its accents removed (see ``_ACCENTED``)."""

    type = sa.Text()
    name = "accent_folded"
    inherit_cache = True


@compiles(accent_folded)
def _accent_folded(element: accent_folded, compiler, **kw) -> str:
    (arg,) = list(element.clauses)
    folded = sa.func.lower(sa.func.translate(arg, sa.literal(_ACCENTED), sa.literal(_PLAIN)))
    return compiler.process(folded, **kw)


@compiles(accent_folded, "duckdb")
def _accent_folded_duckdb(element: accent_folded, compiler, **kw) -> str:
    (arg,) = list(element.clauses)
    return compiler.process(sa.func.strip_accents(sa.func.lower(arg)), **kw)


def _masked(customer_id: sa.ColumnElement) -> sa.ColumnElement:
    """The customer id with all but its first and last character hidden (``C004416`` →
    ``C*****6``); ids of one or two characters are hidden whole."""
    n = sa.func.length(customer_id)
    star = sa.literal("*")
    return sa.case(
        (n <= 2, sa.func.repeat(star, n)),
        else_=sa.func.concat(
            sa.func.substr(customer_id, 1, 1), sa.func.repeat(star, n - 2), sa.func.substr(customer_id, n, 1)
        ),
    )


def _note_rows(base: sa.Subquery) -> sa.Select:
    notes = base.c.notes
    return sa.select(
        _masked(base.c.customer_id).label("customer"),
        sa.cast(base.c.timestamp, sa.Date).label("date"),
        base.c.channel,
        base.c.team,
        base.c.family,
        base.c.subtype,
        base.c.source,
        notes.label("notes"),
    ).where(notes.is_not(None), sa.func.length(sa.func.trim(notes)) > 0)


def _note_frame(store: Store, query: sa.Select) -> pd.DataFrame:
    frame = store.read_frame(query)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["notes"] = redact_notes(frame["notes"])  # quoted on screen and in meetings (analytics.redact)
    return frame


def example_notes(
    store: Store,
    scope: Scope | None = None,
    subtype: str | None = None,
    limit: int = 20,
    *,
    family: str | None = None,
) -> pd.DataFrame:
    """The latest notes of contacts whose primary label is ``subtype`` (a subtype key such as
    ``"policy_refusal"``), newest first; ``family`` narrows to one family, and with
    ``subtype=None`` gives the family's contacts labelled without a subtype (a coded family).

    Columns: ``customer`` (masked id), ``date``, ``channel``, ``team``, ``family``, ``subtype``,
    ``source``, ``notes`` (e-mail addresses, phone and account numbers masked:
    :mod:`analytics.redact`)."""
    scope = _resolve(store, scope)
    _check_int("limit", limit, 1, _NOTE_LIMIT)
    if subtype is None and family is None:
        raise ValueError("Name a subtype (e.g. 'policy_refusal') or a family to read example notes of.")
    base = _contacts(scope)
    chosen = [base.c.subtype == subtype if subtype is not None else base.c.subtype.is_(None)]
    if family is not None:
        chosen.append(base.c.family == family)
    q = _note_rows(base).where(*chosen).order_by(base.c.timestamp.desc(), base.c.interaction_key).limit(limit)
    return _finish(_note_frame(store, q), scope)


def search_notes(store: Store, scope: Scope | None = None, phrase: str = "", limit: int = 50) -> pd.DataFrame:
    """Contacts in scope whose notes contain ``phrase``, newest first, at most ``limit``.

    The match ignores case and accents ("eso lo maneja otra area" finds "Eso lo maneja otra
    área") and treats ``%`` and ``_`` as themselves; the phrase reaches the database as a bound
    parameter. ``attrs["matches"]`` holds the number of matching contacts (beyond ``limit`` too).

    Columns: as :func:`example_notes`."""
    scope = _resolve(store, scope)
    _check_int("limit", limit, 1, _NOTE_LIMIT)
    wanted = fold_text(str(phrase or ""))
    if len(wanted) < 2:
        raise ValueError(f"Type at least two letters to search the notes for. Got {phrase!r}.")
    base = _contacts(scope)
    # A cheap ILIKE first, with any letter that may carry an accent as the one-character wildcard:
    # it keeps every note the exact test can match, and PostgreSQL's translate() (23 µs a note)
    # then runs on those alone (1 s → 0.09 s on the demo's notes).
    loose = "".join("_" if ch in _FOLDABLE else ch for ch in _escape_like(wanted))
    match = sa.and_(
        base.c.notes.ilike(f"%{loose}%", escape="/"),
        accent_folded(base.c.notes).contains(wanted, autoescape=True),
    )
    q = (
        _note_rows(base)
        .add_columns(sa.func.count().over().label("matches"))  # counted before the LIMIT: one scan
        .where(match)
        .order_by(base.c.timestamp.desc(), base.c.interaction_key)
        .limit(limit)
    )
    frame = _note_frame(store, q)
    matches = int(frame["matches"].iloc[0]) if len(frame) else 0
    return _finish(frame.drop(columns="matches"), scope, matches=matches, phrase=wanted)
