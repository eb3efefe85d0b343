"""The result objects pages receive, assembled from the engine's measures by pure functions (the
loaders cache them; tests build them without Streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.scope import Scope
from analytics.taxonomy import FAMILIES
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


SUBGROUP_ROWS: tuple[str, ...] = (
    "attitude",
    "process",
    "price",
    "quality",
    "attitude_and_process",
    "all_failures",
)
"""The rows a subgroup is compared on: each family (Shapley), the service pair, all failures."""


def subgroup_vs_all(subgroup: pd.DataFrame, every: pd.DataFrame) -> pd.DataFrame:
    """One row per :data:`SUBGROUP_ROWS`: the subgroup's share (``estimate``, ``low``, ``high``)
    and every customer's (``all``, ``all_low``, ``all_high``), both from the same fitted model
    (``subgroup``: :attr:`models.attribution.SubgroupShares.attributable_share`)."""
    rows = list(SUBGROUP_ROWS)
    out = subgroup.loc[rows, ["estimate", "low", "high"]].astype(float).copy()
    whole = every.loc[rows, ["estimate", "low", "high"]].astype(float)
    out["all"], out["all_low"], out["all_high"] = whole["estimate"], whole["low"], whole["high"]
    return out


@dataclass(frozen=True)
class AttributionPage:
    """What the Attribution page shows: the attribution fitted on every customer of the window,
    and, under a segment, plan or region filter, that subgroup's shares read from the same fit
    (None without such a filter; ``subgroup_error`` says why when it cannot be read)."""

    report: object
    subgroup: object | None = None
    subgroup_error: str | None = None


@dataclass(frozen=True)
class OverviewPage:
    """What the Overview shows: the measures, and the attribution (None with ``attribution_error``
    saying why when the model could not be fitted on this window)."""

    data: OverviewData
    attribution: object | None
    attribution_error: str | None = None
    subgroup: object | None = None
    """Under a segment, plan or region filter: that subgroup's shares from the same fit."""


@dataclass(frozen=True)
class SurvivalPage:
    """What the Survival page shows: the survival report of the view's customers, and the
    attribution's hazard ratios (None with ``attribution_error`` when that fit failed)."""

    survival: object
    attribution: object | None
    attribution_error: str | None = None


# -- failures -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FailuresPage:
    """What the Failures page shows, for one scope (frames of :mod:`analytics.rollup`, which give
    the numbers of the SQL measures of the same names):

    ``by_family`` failures per 100 contacts per family and ``any``; ``by_subtype`` per
    (family, subtype), most frequent first (the Pareto); ``by_channel`` / ``by_team`` the families
    within each channel or team (the heat maps); ``monthly`` by month and family; ``sources`` where
    the labels came from; ``recovery`` the recovery rate per family."""

    scope: Scope
    by_family: pd.DataFrame
    by_subtype: pd.DataFrame
    by_channel: pd.DataFrame
    by_team: pd.DataFrame
    monthly: pd.DataFrame
    sources: pd.DataFrame
    recovery: pd.DataFrame

    @property
    def contacts(self) -> int:
        return int(self.by_family["contacts"].iloc[0]) if len(self.by_family) else 0

    @property
    def failures(self) -> int:
        row = self.by_family[self.by_family["family"] == "any"]
        return int(row["failures"].iloc[0]) if len(row) else 0


def failures_page(r, scope: Scope) -> FailuresPage:
    """The Failures page from a rollup (:mod:`analytics.rollup`) and the view's scope."""
    from analytics import rollup

    return FailuresPage(
        scope=scope,
        by_family=rollup.failures_per_100(r, scope),
        by_subtype=rollup.failures_per_100(r, scope, "subtype"),
        by_channel=rollup.failures_per_100(r, scope, "channel"),
        by_team=rollup.failures_per_100(r, scope, "team"),
        monthly=complete_months(rollup.monthly_failures(r, scope), scope.as_of),
        sources=rollup.label_sources(r, scope),
        recovery=rollup.recovery_rate(r, scope, "family"),
    )


def pareto(by_subtype: pd.DataFrame) -> pd.DataFrame:
    """The subtypes most frequent first with each one's share of all failures and the cumulative
    share (``by_subtype``: failures per 100 contacts by subtype). A family coded without a subtype
    is a row of its own (``subtype`` None)."""
    out = by_subtype[by_subtype["failures"] > 0].reset_index(drop=True).copy()
    total = float(out["failures"].sum())
    out["share"] = out["failures"] / total if total else np.nan
    out["cumulative"] = out["share"].cumsum()
    return out


def most_frequent(pareto: pd.DataFrame) -> pd.Series:
    """The headline's most frequent failure: the first row of :func:`pareto` with a named subtype.
    A family coded without a subtype is a mix of subtypes, not one failure a manager can act on, so
    it is named only when no failure has a subtype."""
    named = pareto[pareto["subtype"].notna()]
    return (named if not named.empty else pareto).iloc[0]


SOURCE_ROWS: tuple[str, ...] = ("coded", "structured", "text", "unclassified")
"""Where a failure's label came from, most trusted first; ``unclassified``: notes the classifier
read as a failure but could not place in a family."""


def failure_sources(sources: pd.DataFrame) -> pd.DataFrame:
    """Failures by where their label came from (rows :data:`SOURCE_ROWS`) and family (columns),
    with ``total`` and ``share`` of all failures, and ``attrs["no_failure"]``, the contacts where no
    source found a failure."""
    fails = sources[sources["family"].isin([*FAMILIES, "unclassified"])].copy()
    fails["row"] = np.where(fails["family"] == "unclassified", "unclassified", fails["source"])
    wide = fails.pivot_table(index="row", columns="family", values="contacts", aggfunc="sum", fill_value=0)
    wide = wide.reindex(index=list(SOURCE_ROWS), columns=list(FAMILIES), fill_value=0).astype("int64")
    wide["total"] = wide.sum(axis=1)
    if "unclassified" in fails["family"].values:
        wide.loc["unclassified", "total"] = int(
            fails.loc[fails["family"] == "unclassified", "contacts"].sum()
        )
    everything = int(wide["total"].sum())
    wide["share"] = wide["total"] / everything if everything else np.nan
    wide.attrs["no_failure"] = int(sources.loc[sources["family"] == "none", "contacts"].sum())
    wide.attrs["contacts"] = int(sources["contacts"].sum())
    return wide


# -- agents and teams -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Funnel:
    """One funnel plot: the fitted limits (:class:`models.funnel.FunnelLimits`) and the curves to
    draw; None fields when there was nothing to compare."""

    fit: object
    curves: pd.DataFrame


@dataclass(frozen=True)
class AgentsPage:
    """What the Agents and teams page shows for one scope: per agent and per team the volumes
    (:func:`analytics.measures.agent_volume`), the funnel plots of the failure rate (failures of
    contacts) and of the recovery rate (recoveries of failures), the recognition board (agents'
    shrunk recovery rates, :class:`models.funnel.ShrunkRates`) and escalation access by team."""

    scope: Scope
    min_volume: int
    agents: pd.DataFrame
    teams: pd.DataFrame
    failure_agents: Funnel | None
    failure_teams: Funnel | None
    recovery_agents: Funnel | None
    recovery_teams: Funnel | None
    board: pd.DataFrame
    board_prior: float | None
    escalation: pd.DataFrame


def _funnel(volume: pd.DataFrame, unit: str, events: str, trials: str, min_volume: int) -> Funnel | None:
    from models.funnel import FunnelLimits

    rows = volume[volume[unit].notna() & (volume[trials] > 0)]
    if rows.empty:
        return None
    fit = FunnelLimits(min_volume=min_volume).fit(rows, events_col=events, trials_col=trials, unit_col=unit)
    return Funnel(fit=fit, curves=fit.limits())


def agents_page(r, scope: Scope, *, min_volume: int = 30, top: int = 10) -> AgentsPage:
    """The Agents and teams page from a rollup and the view's scope. ``min_volume``: contacts
    (failure rate) or failures (recovery rate, the board) below which a unit is drawn but neither
    named nor ranked."""
    from analytics import rollup
    from models.funnel import ShrunkRates

    agents = rollup.agent_volume(r, scope, "agent_id")
    teams = rollup.agent_volume(r, scope, "team")
    board, prior = pd.DataFrame(), None
    rows = agents[agents["agent_id"].notna() & (agents["failures"] > 0)]
    if not rows.empty:
        shrunk = ShrunkRates(min_volume=min_volume).fit(
            rows, events_col="recovered", trials_col="failures", unit_col="agent_id"
        )
        board, prior = shrunk.board(top), shrunk.prior_mean_
    return AgentsPage(
        scope=scope,
        min_volume=min_volume,
        agents=agents,
        teams=teams,
        failure_agents=_funnel(agents, "agent_id", "failures", "contacts", min_volume),
        failure_teams=_funnel(teams, "team", "failures", "contacts", min_volume),
        recovery_agents=_funnel(agents, "agent_id", "recovered", "failures", min_volume),
        recovery_teams=_funnel(teams, "team", "recovered", "failures", min_volume),
        board=board,
        board_prior=prior,
        escalation=rollup.escalation_access(r, scope, "team"),
    )


def hazard_events(report) -> pd.Series | None:
    """Churn events observed while each exposure of the hazard ratios was on (rows
    ``attitude`` … ``quality``, ``recovered``), from the fitted attribution
    (:attr:`models.attribution.ChurnAttribution.exposed_events_`). None for a report kept before
    the fit counted them."""
    events = getattr(getattr(report, "attribution", None), "exposed_events_", None)
    if events is None:
        return None
    rows = [r for r in report.hazard_ratio.index if r in events.index]
    return events[rows].round().astype("int64")
