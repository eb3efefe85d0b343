"""Reports: one call from the store to every figure a page shows, small enough to cache.

* ``run_attribution(store)`` labels interactions if their labels are stale, builds the episode and
  pattern tables by SQL, fits the hazard-ratio model (the time-varying Cox model up to 20,000
  customers, above that the attribution's piecewise-exponential model on the same exact
  episodes), runs the g-computation attribution with bootstrap intervals (by family and by
  subtype), and sets beside it the stated exit reasons and the failures logged on customers'
  exit dates (reported apart: not causes).
* ``run_survival(store)`` draws the descriptive survival side: Kaplan–Meier curves overall and by
  segment, plan and revenue band, curves from the date of a failure by family and recovered vs
  not (with log-rank tests and medians), and the cumulative incidence of churn by stated exit
  reason (Aalen–Johansen).

Both take a :class:`~analytics.scope.Scope`, resolved once at the start and handed to every
step, and return picklable objects: a page caches one and draws. ``attribution_report`` and
``survival_report`` are the same runs kept in the database (``analytics/results.py``): computed
once per data version and parameters, then read back by every session, the command line and
an app restart.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics import periods, results
from analytics.schema import customers
from analytics.scope import Scope, Window
from analytics.store import Store
from analytics.taxonomy import FAMILIES
from models.attribution import SHARE_ROWS, ChurnAttribution, SubgroupShares
from models.exit_reasons import read_exit_reasons, unsure_readings
from models.labels import corrections, ensure_labels
from models.survival import AalenJohansen, KaplanMeier, LogRankResult, logrank_test

HR_ROWS = (*FAMILIES, "recovered")
SUBGROUPS = ("segment", "plan", "region")
"""The customer filters a report answers from its fit (:meth:`AttributionReport.subgroup`)."""
ProgressFn = Callable[[float, str], None]


@dataclass
class AttributionReport:
    """Everything the attribution figures need, small enough to cache."""

    customers: int
    churned: int
    window: Window
    scope: Scope
    model: str
    model_reason: str
    attribution_model: str
    attributable_share: pd.DataFrame  # rows SHARE_ROWS; estimate, low, high
    service_share: pd.Series  # estimate, low, high
    hazard_ratio: pd.DataFrame  # rows HR_ROWS; estimate, low, high (from `model`)
    attribution_hazard_ratio: pd.DataFrame  # the piecewise-exponential model's, bootstrap intervals
    attributable_share_by_subtype: pd.DataFrame  # per subtype: family, failures, estimate, low, high
    subtype_hazard_ratio: pd.DataFrame  # per subtype slot: family, failures, estimate, low, high
    exit_contacts: pd.DataFrame  # failures logged on the exit date, reported apart (not causes)
    stated_reasons: dict[str, float]
    attribution: ChurnAttribution = field(repr=False)
    """The fitted attribution model, kept so a scenario recomputes from it in milliseconds
    (``report.attribution.scenario({"attitude": 0.3})``) and a subgroup's shares are sums of its
    cells, without refitting. Slimmed in a kept report (:meth:`slimmed`)."""

    def slimmed(self) -> AttributionReport:
        """This report with the model's per-customer arrays dropped (:meth:`ChurnAttribution.slimmed`):
        what the database keeps and every page reads (1 MB instead of 70 at 100,000 customers)."""
        return replace(self, attribution=self.attribution.slimmed())

    n_bootstrap: int
    seconds: dict[str, float] = field(default_factory=dict)
    stated_unsure: float = float("nan")
    """Share of the customers who left whose stated reason the model read with less than 90 %
    probability or could not read, and no person has checked (:func:`unsure_share`): the
    stated-reason shares can move by up to this much. NaN in a report kept before it was added
    (the class default, read by an older pickle)."""

    def subgroup(self, scope: Scope) -> SubgroupShares | None:
        """The shares of the customers ``scope``'s customer filters choose (segment, plan,
        region), read from this report's fit — expected churn summed over those customers under
        each removal scenario, in the point fit and each bootstrap replicate; no refit. None when
        ``scope`` has no customer filter. ``scope`` must be of the report's window."""
        if scope.contact_filters():
            names = ", ".join(scope.contact_filters())
            raise ValueError(
                f"The {names} filter selects contacts, but the attribution's unit is the customer: a "
                "customer has contacts in several channels and teams. Remove the filter, or read the "
                "failure measures by channel and team."
            )
        filters = scope.customer_filters()
        if not filters:
            return None
        if self.scope.customer_filters():
            raise ValueError(
                "This report was fitted on a subgroup already; read subgroups from a report fitted on "
                "every customer of the window (a scope without filters)."
            )
        mine, theirs = self.scope.window, scope.window
        if (mine.start, mine.end, self.scope.window_days) != (theirs.start, theirs.end, scope.window_days):
            raise ValueError(
                f"The scope's window {theirs.start} → {theirs.end} is not the report's "
                f"{mine.start} → {mine.end}: a subgroup is read from a fit of the same window."
            )
        return self.attribution.filtered_shares(filters)

    @property
    def expected_churn(self) -> pd.Series:
        """Expected churn events in the window with each set of families removed (by bit mask)."""
        return self.attribution.expected_churn_

    def to_json(self) -> dict:
        def triple(frame: pd.DataFrame, rows) -> dict:
            return {r: {k: _num(frame.loc[r, k]) for k in ("estimate", "low", "high")} for r in rows}

        subtypes = self.subtype_hazard_ratio

        exits = self.exit_contacts

        return {
            "customers": self.customers,
            "churned": self.churned,
            "window": self.window.as_json(),
            "scope": self.scope.key(),
            "model": self.model,
            "model_reason": self.model_reason,
            "attribution_model": self.attribution_model,
            "attributable_share": triple(self.attributable_share, SHARE_ROWS),
            "service_share_of_failure_churn": {
                k: _num(self.service_share[k]) for k in ("estimate", "low", "high")
            },
            "hazard_ratio": triple(self.hazard_ratio, HR_ROWS),
            "attribution_hazard_ratio": triple(self.attribution_hazard_ratio, HR_ROWS),
            "attributable_share_by_subtype": triple(
                self.attributable_share_by_subtype, self.attributable_share_by_subtype.index
            ),
            "subtype_hazard_ratio": triple(subtypes, subtypes.index),
            "subtypes": {  # each subtype's family and its failures in the window
                r: {"family": subtypes.loc[r, "family"], "failures": int(subtypes.loc[r, "failures"])}
                for r in subtypes.index
            },
            "subtype_coverage": {
                f: _num(v) for f, v in self.attribution.subtype_coverage_.items()
            },  # share of failures whose label names the subtype
            "subtype_variance": _num(self.attribution.tau2_),
            "exit_contacts": {
                "churned": int(exits.attrs.get("churned", 0)),
                "customers": int(exits.attrs.get("customers", 0)),
                "failures": [
                    {
                        "family": r.family,
                        "subtype": r.subtype,
                        "failures": int(r.failures),
                        "customers": int(r.customers),
                    }
                    for r in exits.itertuples(index=False)
                ],
            },
            "stated_reasons": {k: round(v, 4) for k, v in self.stated_reasons.items()},
            "stated_unsure": None if np.isnan(self.stated_unsure) else round(self.stated_unsure, 4),
            "n_bootstrap": self.n_bootstrap,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


class _Steps:
    """Progress reports and per-step timings of a report run:
    ``with steps("tables", 0.2, "building the tables"): ...``."""

    def __init__(self, progress: ProgressFn | None) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str, frac: float, message: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress(frac, message)
        t0 = time.perf_counter()
        yield
        self.seconds[name] = time.perf_counter() - t0

    def done(self) -> dict[str, float]:
        if self.progress is not None:
            self.progress(1.0, "done")
        return self.seconds


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 4)


def _static_dummies(out: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns for the most common segments and plans (the commonest level is the reference)."""
    for col in ("segment", "plan"):
        values = source[col].fillna("(missing)").astype(str)
        top = values.value_counts()
        for level in top.index[1:6]:
            out[f"{col}[{level}]"] = (values == level).astype(int).to_numpy()
    return out


def hazard_model_frame(ep: pd.DataFrame) -> pd.DataFrame:
    """The exact episodes as a counting-process frame with numeric covariates for the Cox model."""
    out = pd.DataFrame(
        {
            "id": ep["customer_id"],
            "start": ep["start"],
            "stop": ep["stop"],
            "event": ep["event"],
            "attitude": ep["f_att"],
            "process": ep["f_proc"],
            "price": ep["f_price"],
            "quality": ep["f_qual"],
            "recovered": (ep[["r_att", "r_proc", "r_price", "r_qual"]].max(axis=1) > 0).astype(int),
        }
    )
    return _static_dummies(out, ep)


STATED_CAUSES = (*FAMILIES, "none", "unclassified", "not_stated")


def exit_reasons(store: Store, scope: Scope, classifier=None) -> pd.DataFrame:
    """The customers who left in the window with what they said, classified: ``customer_id``,
    ``churn_reason``, ``cause`` (a family, ``none``, ``unclassified``, or ``not_stated``
    when the reason is empty or a placeholder such as "Otro" or "N/A", see
    :data:`models.exit_reasons.NOT_STATED_PLACEHOLDERS`), and the reading's ``probability`` and
    ``source`` (``correction``, ``placeholder`` — a blank too — or ``model``). Each distinct reason
    is read once, the user's correction of it first (:func:`models.exit_reasons.read_exit_reasons`;
    ``classifier``: default the shipped model)."""
    win = scope.window
    c = customers
    q = sa.select(c.c.customer_id, c.c.churn_reason).where(
        scope.customer_clause(c),
        c.c.end_date.is_not(None),
        c.c.end_date <= sa.literal(win.end, sa.Date),
        c.c.end_date >= sa.literal(win.start, sa.Date),
    )
    frame = store.read_frame(q)
    text = pd.Series(
        [v.strip() if isinstance(v, str) else "" for v in frame["churn_reason"]], index=frame.index
    )
    given = text != ""
    frame = frame.assign(cause="not_stated", probability=1.0, source="placeholder")
    if given.any():
        distinct = pd.unique(text[given])
        read = (
            read_exit_reasons(distinct, corrections(store), classifier=classifier)
            .set_index(pd.Index(distinct))
            .rename(columns={"family": "cause"})
        )
        for col in ("cause", "probability", "source"):
            frame.loc[given, col] = text[given].map(read[col])
    return frame


def stated_shares(reasons: pd.DataFrame) -> dict[str, float]:
    """Share of the customers in ``reasons`` (:func:`exit_reasons`) by stated cause, over
    :data:`STATED_CAUSES`; empty when no customer left."""
    if reasons.empty:
        return {}
    counts = reasons["cause"].value_counts()
    return {k: float(counts.get(k, 0)) / len(reasons) for k in STATED_CAUSES}


def unsure_share(reasons: pd.DataFrame) -> float:
    """Share of the customers in ``reasons`` (:func:`exit_reasons`) whose stated reason no person
    has read and the model read with less than :data:`models.exit_reasons.CHECK_BELOW`
    probability, or could not read (:func:`models.exit_reasons.unsure_readings`): how far the
    stated-reason shares can still move once someone checks them. 0 when no customer left."""
    if reasons.empty:
        return 0.0
    return float(unsure_readings(reasons.rename(columns={"cause": "family"})).mean())


def stated_reasons(store: Store, scope: Scope) -> dict[str, float]:
    """Share of churned customers' stated exit reasons by family (classified text)."""
    return stated_shares(exit_reasons(store, scope))


def discrete_model_frame(per: pd.DataFrame) -> pd.DataFrame:
    """The customer-period table as a counting-process frame for the discrete-time model:
    failures of each family in the recent window, a recovered failure among them, static columns."""
    out = pd.DataFrame(
        {
            "id": per["customer_id"],
            "start": per["start"],
            "stop": per["stop"],
            "event": per["event"],
            "attitude": (per["recent_att"] > 0).astype(int),
            "process": (per["recent_proc"] > 0).astype(int),
            "price": (per["recent_price"] > 0).astype(int),
            "quality": (per["recent_qual"] > 0).astype(int),
            "recovered": (per["recent_recovered"] > 0).astype(int),
        }
    )
    return _static_dummies(out, per)


_HAZARD_MODELS = {
    "cox": "time-varying Cox model on the exact covariate episodes (partial likelihood, Efron ties)",
    "discrete": (
        "discrete-time hazard model (complementary log-log) on the monthly customer-period table, "
        "covariates as of each month's start (a failure counts from the next month on, which "
        "understates hazard ratios somewhat; attribution_hazard_ratio has the exact-episode model's)"
    ),
    "piecewise_exponential": (
        "piecewise-exponential (Poisson) model on the exact covariate episodes, baseline by tenure "
        "band (the attribution's own fit and intervals); the time-varying Cox model stops being "
        "interactive at this size"
    ),
}


def choose_hazard_model(n_customers: int, requested: str = "auto") -> tuple[str, str]:
    """Which model gives the attribution report's hazard ratios, and a sentence saying why.

    ``"auto"``: the time-varying Cox model below ``COX_MAX_SUBJECTS`` customers, else the
    attribution's piecewise-exponential model on the same exact episodes. The monthly
    discrete-time model counts a failure only from the next month, which understated the hazard
    ratios (attitude 2.36 against a planted 2.6 at 100,000 customers), so it runs only when
    requested (``"discrete"``). Returns ``("cox" | "discrete" | "piecewise_exponential", why)``.
    """
    from models.survival import COX_MAX_SUBJECTS

    if requested not in ("auto", "cox", "discrete"):
        raise ValueError(
            f"The 'hazard_model' parameter must be 'auto', 'cox' or 'discrete'. Got {requested!r} instead."
        )
    small = n_customers < COX_MAX_SUBJECTS
    kind = requested if requested != "auto" else ("cox" if small else "piecewise_exponential")
    size = f"{n_customers:,} customers, " + (
        f"below {COX_MAX_SUBJECTS:,}" if small else f"{COX_MAX_SUBJECTS:,} or more"
    )
    why = f"{size}: {_HAZARD_MODELS[kind]}"
    return kind, why if requested == "auto" else f"requested ({requested}); {why}"


def fit_hazard_ratios(store: Store, scope: Scope, kind: str):
    """Fit the time-varying Cox model on the exact episodes (``kind="cox"``) or the discrete-time
    model on the customer-period table (``"discrete"``); returns the fitted model.

    The complementary log-log link, not the logit, because its coefficients are hazard ratios under
    grouped-time proportional hazards; the logit's odds ratios overstate them at these churn rates.
    """
    from models.survival import fit_hazard_model

    if kind == "cox":
        frame = hazard_model_frame(periods.episodes(store, scope))
    elif kind == "discrete":
        frame = discrete_model_frame(periods.customer_periods(store, scope))
    else:
        raise ValueError(f"The 'kind' parameter must be 'cox' or 'discrete'. Got {kind!r} instead.")
    covs = [c for c in frame.columns if c not in ("id", "start", "stop", "event")]
    return fit_hazard_model(frame, covs, model=kind, link="cloglog")


def _model_scope(store: Store, scope: Scope | None) -> Scope:
    """The scope resolved once for a customer-level model run; contact filters cannot apply."""
    scope = (scope or Scope()).resolved(store)
    if scope.contact_filters():
        names = ", ".join(scope.contact_filters())
        raise ValueError(
            f"The {names} filter selects contacts, but this model's unit is the customer: a customer "
            "has contacts in several channels and teams. Remove the filter, or read the breakdowns by "
            "channel and team in the failure measures."
        )
    return scope


def run_attribution(
    store: Store,
    scope: Scope | None = None,
    *,
    n_bootstrap: int = 200,
    seed: int = 0,
    hazard_model: str = "auto",
    progress: ProgressFn | None = None,
) -> AttributionReport:
    """Every attribution figure for the store's data in ``scope`` (see the module docstring).

    ``scope`` gives the window (default: the whole data up to the stored as-of date), the
    recent-failure window and any customer filters (the model is then fitted on those customers
    only; the dashboard fits on everyone and reads subgroups from the fitted model instead, with
    :meth:`AttributionReport.subgroup`).
    Labelling is the first step: it runs only when the stored labels are not current.
    """
    steps = _Steps(progress)
    scope = _model_scope(store, scope)
    win = scope.window
    with steps("labels", 0.0, "labelling interactions"):
        ensure_labels(store)
    with steps("tables", 0.2, "building the customer-period tables"):
        states = periods.episode_states(store, scope)
        cust = periods.customer_frame(store, scope)
        fails = periods.failure_frame(store, scope)
        contacts = periods.contact_counts(store, scope)
        exits = periods.exit_contacts(store, scope)
    if cust.empty or fails.empty:
        what = "No customer is followed" if cust.empty else "No failure is labelled"
        raise ValueError(
            f"{what} in the observation window {win.start} → {win.end}, so there is no churn to attribute. "
            "Ingest customers and interactions (with failure_type, notes or the structured columns), "
            "or choose another as-of date."
        )
    kind, reason = choose_hazard_model(len(cust), hazard_model)
    if kind != "piecewise_exponential":  # else the attribution's own fit gives them: no second model
        with steps("hazard_model", 0.4, "fitting the hazard model"):
            hm = fit_hazard_ratios(store, scope, kind)
    with steps("attribution", 0.6, f"attribution with {n_bootstrap} bootstrap replicates"):
        attr = ChurnAttribution(
            n_bootstrap=n_bootstrap,
            window_days=float(scope.window_days),
            exposure_lag_days=float(scope.exposure_lag_days),
            seed=seed,
        )
        told = _part(progress, 0.6, 0.9)
        attr.fit(states, cust, fails, contacts, subgroups=SUBGROUPS, progress=told)
    with steps("stated_reasons", 0.9, "classifying stated exit reasons"):
        said = exit_reasons(store, scope)
        stated, unsure = stated_shares(said), unsure_share(said)
    seconds = steps.done()

    if kind == "piecewise_exponential":
        model, ratios = kind, attr.hazard_ratios_
    else:
        model, ratios = hm.model_, hm.hazard_ratios_
    hr = ratios.reindex(list(HR_ROWS))[["estimate", "low", "high"]]
    return AttributionReport(
        customers=len(cust),
        churned=int(cust["churned"].sum()),
        window=win,
        scope=scope,
        model=model,
        model_reason=reason,
        attribution_model="piecewise_exponential_g_computation",
        attributable_share=attr.attributable_share_,
        service_share=attr.service_share_,
        hazard_ratio=hr,
        attribution_hazard_ratio=attr.hazard_ratios_,
        attributable_share_by_subtype=attr.attributable_share_by_subtype_,
        subtype_hazard_ratio=attr.subtype_hazard_ratios_,
        exit_contacts=exits,
        stated_reasons=stated,
        attribution=attr,
        n_bootstrap=n_bootstrap,
        seconds=seconds,
        stated_unsure=unsure,
    )


# ----------------------------------------------------------------------------------------------
# survival curves
# ----------------------------------------------------------------------------------------------
CURVE_GROUPS = ("segment", "plan", "revenue_band")
AFTER_FAILURE = (*FAMILIES, "any")
HORIZONS_DAYS = (90.0, 180.0, 365.0)


@dataclass
class SurvivalReport:
    """The descriptive survival figures of one window, fitted and ready to draw.

    Attributes
    ----------
    by:
        Kaplan–Meier curves of tenure (days since the customer's start; customers who joined
        before the window enter at its start): ``"overall"`` and one per column in
        ``CURVE_GROUPS`` (segment, plan, revenue band). ``by[k].survival_`` is the tidy curve,
        ``by[k].median_`` the medians with intervals.
    tests:
        Log-rank test for each grouping in ``by`` (None when there is one group only) and for
        ``"recovered:<family>"``.
    after_failure:
        Curves from the date of each customer's first failure, one group per family (``any`` =
        the first failure of whatever family). Families overlap (one customer can have both), so
        compare them by eye, not with a test.
    recovery:
        Per family in ``AFTER_FAILURE``: curves from the first failure, recovered vs not
        (groups ``"recovered"`` / ``"not recovered"``), tested in ``tests["recovered:<family>"]``.
    exit_causes:
        Cumulative incidence of churn by stated exit reason (classified ``churn_reason``;
        ``not_stated`` where empty), None when no customer left in the window.
    """

    customers: int
    churned: int
    window: Window
    scope: Scope
    by: dict[str, KaplanMeier]
    tests: dict[str, LogRankResult | None]
    after_failure: KaplanMeier | None
    recovery: dict[str, KaplanMeier]
    exit_causes: AalenJohansen | None
    seconds: dict[str, float] = field(default_factory=dict)

    def slimmed(self) -> SurvivalReport:
        """This report as the database keeps it: each curve's tidy table (``survival_``) holds the
        points a chart draws — per group every k-th step, at most about :data:`DRAWN_POINTS`, the
        rule of ``dashboard/figures/survival.py`` — while medians, tests and ``survival_at`` stay
        exact. The curves from a failure have one step per distinct follow-up time (hundreds of
        thousands at 100,000 customers): kept whole, the report took seconds to read back. What
        ``survival_at`` reads is compact in every fit already (no per-subject arrays, see
        ``_kept_arrays`` in ``models/survival/kaplan_meier.py``), so it is kept as fitted."""

        def slim(km: KaplanMeier | None) -> KaplanMeier | None:
            if km is None:
                return None
            out = copy.copy(km)
            out.survival_ = drawn_points(km.survival_)
            return out

        return replace(
            self,
            by={k: slim(v) for k, v in self.by.items()},
            after_failure=slim(self.after_failure),
            recovery={k: slim(v) for k, v in self.recovery.items()},
        )

    def to_json(self) -> dict:
        def medians(km: KaplanMeier) -> dict:
            return {
                str(r["group"]): {
                    "median": _days(r["median"]),
                    "low": _days(r["low"]),
                    "high": _days(r["high"]),
                    "n": int(r["n"]),
                    "events": int(r["events"]),
                }
                for _, r in km.median_.iterrows()
            }

        def survival_at(km: KaplanMeier) -> dict:
            at = km.survival_at(list(HORIZONS_DAYS))
            return {
                str(g): {f"{int(t)}": _num(v) for t, v in zip(rows["time"], rows["survival"])}
                for g, rows in at.groupby("group", sort=False)
            }

        def test(res: LogRankResult | None) -> dict | None:
            if res is None:
                return None
            return {
                "statistic": round(res.statistic, 3),
                "df": res.df,
                "p_value": float(f"{res.p_value:.4g}"),
            }

        out: dict = {
            "customers": self.customers,
            "churned": self.churned,
            "window": self.window.as_json(),
            "scope": self.scope.key(),
            "horizons_days": list(HORIZONS_DAYS),
            "tenure": {
                k: {
                    "median_days": medians(km),
                    "survival": survival_at(km),
                    "logrank": test(self.tests.get(k)),
                }
                for k, km in self.by.items()
            },
            "after_failure": {},
            "exit_causes": None,
        }
        for fam, km in self.recovery.items():
            out["after_failure"][fam] = {
                "median_days": medians(km),
                "survival": survival_at(km),
                "logrank": test(self.tests.get(f"recovered:{fam}")),
            }
        if self.exit_causes is not None:
            at = self.exit_causes.cif_at([HORIZONS_DAYS[-1]])
            out["exit_causes"] = {
                "cumulative_incidence_at_days": HORIZONS_DAYS[-1],
                "cif": {str(r["cause"]): _num(r["cif"]) for _, r in at.iterrows()},
            }
        return out


DRAWN_POINTS = 600
"""Points per curve a survival chart draws (``MAX_POINTS`` of ``dashboard/figures/survival.py``)."""


def drawn_points(survival: pd.DataFrame, most: int | None = None) -> pd.DataFrame:
    """The rows of a tidy Kaplan–Meier table a chart draws: per group, sorted by time, every k-th
    row (k = rows // ``most``, default :data:`DRAWN_POINTS`) and the last; a group of at most
    ``most`` rows whole."""
    most = most or DRAWN_POINTS
    if survival.empty:
        return survival
    parts = []
    for _, curve in survival.groupby(survival["group"].astype(str), sort=False):
        curve = curve.sort_values("time")
        if len(curve) > most:
            keep = np.arange(len(curve)) % max(1, len(curve) // most) == 0
            keep[-1] = True
            curve = curve[keep]
        parts.append(curve)
    return pd.concat(parts).reset_index(drop=True)


def _days(x) -> float | None:
    """Days for JSON: None for "not reached" (inf) or unknown."""
    return None if x is None or not np.isfinite(x) else round(float(x), 1)


def _logrank_or_none(df: pd.DataFrame, group: str, **kw) -> LogRankResult | None:
    return logrank_test(df, group, **kw) if df[group].nunique() >= 2 else None


def _after_failure_curves(
    follow: pd.DataFrame, alpha: float, tests: dict[str, LogRankResult | None]
) -> tuple[KaplanMeier | None, dict[str, KaplanMeier]]:
    """Curves from each family's first failure, and recovered vs not per family (tests added to
    ``tests`` as ``recovered:<family>``)."""
    if follow.empty:
        return None, {}
    follow = follow.assign(recovery=np.where(follow["recovered"] == 1, "recovered", "not recovered"))
    after_failure = KaplanMeier(alpha=alpha).fit(follow, group_cols="family")
    recovery: dict[str, KaplanMeier] = {}
    for fam in AFTER_FAILURE:
        rows = follow[follow["family"] == fam]
        if rows.empty:
            continue
        recovery[fam] = KaplanMeier(alpha=alpha).fit(rows, group_cols="recovery")
        tests[f"recovered:{fam}"] = _logrank_or_none(rows, "recovery")
    return after_failure, recovery


def run_survival(
    store: Store,
    scope: Scope | None = None,
    *,
    alpha: float = 0.05,
    progress: ProgressFn | None = None,
) -> SurvivalReport:
    """Kaplan–Meier curves, log-rank tests, medians and exit-cause incidence for the store's data.

    Parameters
    ----------
    scope:
        The window (default: the whole data up to the stored as-of date) and any customer filters
        (the curves are then of those customers).
    alpha:
        1 - confidence level of every band and interval (0.05 → 95 %).
    """
    steps = _Steps(progress)
    scope = _model_scope(store, scope)
    with steps("labels", 0.0, "labelling interactions"):
        ensure_labels(store)
    with steps("tables", 0.3, "reading follow-up"):
        cust = periods.customer_frame(store, scope)
        if cust.empty:
            raise ValueError(
                "No customer is followed in the observation window: ingest customers first, or pick an "
                "as-of date after their start dates."
            )
        win = scope.window
        follow = periods.failure_followup(store, scope)
    with steps("curves", 0.5, "survival curves"):
        tenure = pd.DataFrame(
            {
                "duration": cust["exit"],
                "entry": cust["entry"],
                "event": cust["churned"],
                **{g: cust[g].fillna("unknown").astype(str) for g in CURVE_GROUPS},
            }
        )
        by = {"overall": KaplanMeier(alpha=alpha).fit(tenure, entry_col="entry")}
        tests: dict[str, LogRankResult | None] = {"overall": None}
        for g in CURVE_GROUPS:
            by[g] = KaplanMeier(alpha=alpha).fit(tenure, group_cols=g, entry_col="entry")
            tests[g] = _logrank_or_none(tenure, g, entry_col="entry")
        after_failure, recovery = _after_failure_curves(follow, alpha, tests)
    with steps("exit_causes", 0.8, "exit reasons"):
        exit_causes = None
        if int(cust["churned"].sum()):
            reasons = exit_reasons(store, scope).set_index("customer_id")["cause"]
            causes = tenure.assign(cause=cust["customer_id"].map(reasons).fillna("not_stated").to_numpy())
            exit_causes = AalenJohansen(alpha=alpha).fit(causes, entry_col="entry")
    seconds = steps.done()
    return SurvivalReport(
        customers=len(cust),
        churned=int(cust["churned"].sum()),
        window=win,
        scope=scope,
        by=by,
        tests=tests,
        after_failure=after_failure,
        recovery=recovery,
        exit_causes=exit_causes,
        seconds=seconds,
    )


# ----------------------------------------------------------------------------------------------
# kept in the database: computed once per data version and parameters
# ----------------------------------------------------------------------------------------------
REPORT_FORMAT = 7  # 3: subtypes, exposure lag; 4: subgroup cells; 5: slimmed fit; 6: drawn curves;
# 7: Kaplan–Meier fits keep at-risk step functions and curve steps, not per-subject arrays
"""Part of every stored result's key: raise it when a report's content changes, so results
stored by an older version of the code are computed again rather than shown."""


@dataclass(frozen=True)
class FailedFit:
    """A model that could not be fitted on a scope (too little data, no failure labelled…), kept
    like a result: every reader learns why at once, and nothing refits until the data change."""

    detail: str


def attribution_params(
    scope: Scope, *, n_bootstrap: int = 200, seed: int = 0, hazard_model: str = "auto"
) -> dict:
    """What a kept attribution report of ``scope`` (resolved) is keyed on, besides the data version."""
    return {
        "format": REPORT_FORMAT,
        "scope": scope.key(),
        "n_bootstrap": n_bootstrap,
        "seed": seed,
        "hazard_model": hazard_model,
    }


def survival_params(scope: Scope, *, alpha: float = 0.05) -> dict:
    """What a kept survival report of ``scope`` (resolved) is keyed on, besides the data version."""
    return {"format": REPORT_FORMAT, "scope": scope.key(), "alpha": alpha}


def _kept(store: Store, kind: str, params: dict, compute: Callable[[], object]):
    """``compute()`` kept in the database (or the kept one); a model that cannot be fitted is kept
    as a :class:`FailedFit` and raised as the ValueError it was."""

    def attempt():
        try:
            return compute()
        except (ValueError, ArithmeticError) as exc:
            return FailedFit(" ".join(str(exc).split()))

    found = results.cached(store, kind, params, attempt)
    if isinstance(found, FailedFit):
        raise ValueError(found.detail)
    return found


def attribution_report(
    store: Store,
    scope: Scope | None = None,
    *,
    n_bootstrap: int = 200,
    seed: int = 0,
    hazard_model: str = "auto",
    progress: ProgressFn | None = None,
) -> AttributionReport:
    """:func:`run_attribution`, kept in the database: the stored report for this data version and
    these parameters when there is one (instant), else computed (``progress`` tells each step)
    and stored for every later session, the command line and app restarts. A fit that failed on
    this data version is kept too: it raises its ValueError again without refitting."""
    scope = _model_scope(store, scope)
    params = attribution_params(scope, n_bootstrap=n_bootstrap, seed=seed, hazard_model=hazard_model)
    return _kept(
        store,
        "attribution",
        params,
        lambda: run_attribution(
            store, scope, n_bootstrap=n_bootstrap, seed=seed, hazard_model=hazard_model, progress=progress
        ).slimmed(),
    )


def survival_report(
    store: Store, scope: Scope | None = None, *, alpha: float = 0.05, progress: ProgressFn | None = None
) -> SurvivalReport:
    """:func:`run_survival`, kept in the database like :func:`attribution_report`."""
    scope = _model_scope(store, scope)
    return _kept(
        store,
        "survival",
        survival_params(scope, alpha=alpha),
        lambda: run_survival(store, scope, alpha=alpha, progress=progress).slimmed(),
    )


# ----------------------------------------------------------------------------------------------
# the refresh: every report a page reads, computed in a worker process (analytics/jobs.py)
# ----------------------------------------------------------------------------------------------
RESILIENCE_DAYS = 90
"""Commercial resilience looks this many days past a customer's first failure (DESIGN.md)."""


def contact_rollup(store: Store, scope: Scope, progress: ProgressFn | None = None):
    """The rollup of ``scope``'s window (:mod:`analytics.rollup`) with the product's settings: the
    repeat-contact window of the signal rules, :data:`RESILIENCE_DAYS`."""
    from analytics import rollup
    from models.labels import signal_rules

    days = signal_rules(store).repeat_days
    return rollup.rollup(store, scope, fcr_days=days, resilience_days=RESILIENCE_DAYS, progress=progress)


def rollup_params(store: Store, scope: Scope) -> dict:
    """What :func:`contact_rollup`'s kept rollup of ``scope`` is keyed on, besides the data version."""
    from analytics import rollup
    from models.labels import signal_rules

    days = signal_rules(store).repeat_days
    return rollup.rollup_params(
        store, scope.without_filters(), fcr_days=days, resilience_days=RESILIENCE_DAYS
    )


AHEAD_MIN_CUSTOMERS = 20_000
"""From this many customers, the refresh computes the survival curves of each segment, plan and
region value ahead (seconds each at 100,000 customers); below it a filter's curves are computed
when asked, in about a second."""


def single_filters(store: Store) -> list[dict[str, tuple[str, ...]]]:
    """One customer filter per value of segment, plan and region: the survival curves a filter in
    the sidebar asks for most, computed ahead by the refresh (from :data:`AHEAD_MIN_CUSTOMERS`)."""
    from analytics import catalog

    if store.counts()["customers"] < AHEAD_MIN_CUSTOMERS:
        return []
    options = catalog.filter_values(store)
    return [{col: (value,)} for col in SUBGROUPS for value in options.get(col) or []]


def _part(progress: ProgressFn | None, lo: float, hi: float) -> ProgressFn | None:
    """``progress`` for one step of a longer run: fractions mapped into ``[lo, hi]``; the step's own
    "done" is not passed on (the run is not)."""
    if progress is None:
        return None

    def told(frac: float, message: str) -> None:
        if message != "done":
            progress(lo + (hi - lo) * min(max(float(frac), 0.0), 1.0), message)

    return told


def refresh(
    store: Store,
    scope: Scope,
    *,
    survival_filters: list[dict] | None = None,
    progress: ProgressFn | None = None,
    stored: Callable[[str], None] | None = None,
) -> None:
    """Compute and keep every report the pages read for ``scope``'s window (its filters are not
    used: the attribution and the rollup are of every customer): labels, the rollup, the
    attribution, the survival curves of every customer, of each value of :func:`single_filters`
    and of each of ``survival_filters`` (customer filters asked for). What is kept already is
    skipped; a model
    that cannot be fitted is kept as a :class:`FailedFit`. ``stored(kind)`` hears each kind as it
    lands (a page waiting for it may read it then)."""
    scope = _model_scope(store, scope.without_filters())
    tell = stored or (lambda kind: None)
    version = store.data_version()

    def kept(kind: str, params: dict) -> bool:  # checked by key: a kept report is not read back
        return results.exists(store, kind, params, version)

    ensure_labels(store, progress=_part(progress, 0.0, 0.2))
    tell("labels")
    if not kept("rollup", rollup_params(store, scope)):
        contact_rollup(store, scope, progress=_part(progress, 0.2, 0.25))
    tell("rollup")
    if not kept("attribution", attribution_params(scope)):
        with suppress(ValueError):  # kept as a FailedFit: the pages say why
            attribution_report(store, scope, progress=_part(progress, 0.25, 0.8))
    tell("attribution")
    if not kept("survival", survival_params(scope)):
        with suppress(ValueError):
            survival_report(store, scope, progress=_part(progress, 0.8, 0.88))
    tell("survival")
    filters = single_filters(store)
    for chosen in survival_filters or []:
        wanted = {col: tuple(v) for col, v in chosen.items() if v}
        if wanted not in filters:
            filters.append(wanted)
    for k, chosen in enumerate(filters):
        lo, step = 0.88 + 0.12 * k / len(filters), 0.12 / len(filters)
        sub = replace(scope, **{col: tuple(v) for col, v in chosen.items()})
        if not kept("survival", survival_params(sub)):
            with suppress(ValueError):
                survival_report(store, sub, progress=_part(progress, lo, lo + step))
    tell("survival_filters")
    # The Scenarios page's engine runs compiled kernels: compiling them takes seconds, once per
    # installation (numba keeps them on disk), so the worker does it here where nobody waits for
    # it, and a consultant's first preparation only loads them.
    from models import scenario_kernels

    scenario_kernels.warm_up()
    if progress is not None:
        progress(1.0, "done")
