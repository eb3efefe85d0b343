"""Attributable share of churn by failure family, by g-computation from a fitted hazard model.

The question: of the churn events in the window, what share would not have happened without a
family's failures? The textbook attributable fraction at event times (the mean of 1 − 1/HR over
the customers who left) ignores that a customer saved in month 5 is still at risk afterwards, from
the ordinary hazard and from failures still to come; it overstates the larger shares. So:

1. Fit a piecewise-exponential (Poisson) proportional-hazards model on the exact covariate
   episodes: baseline hazard constant within tenure bands, log-linear effects of static covariates
   (segment, plan), of a failure of each family in the recent window, and of a recovered failure.
2. For each customer and each scenario (a set S of families whose failures are turned into
   ordinary contacts, their recoveries vanishing with them), the hazard path under the observed
   history, continued after a churned customer's observed exit to the window's end with contacts
   drawn from a fitted contact model (each customer's contact rate shrunk towards the population's
   by a gamma–Poisson model; the population's mix of failure families and recoveries).
3. Expected churn events under S: E(S) = Σ_i 1 − exp(−H_i^S), H_i^S the cumulative hazard over
   the customer's follow-up in the window. Joint share J(S) = 1 − E(S) / E(∅); family shares are
   Shapley values over the four families, so they add up to J(all four).
4. 95 % intervals: bootstrap over customers (Poisson weights), refitting the model each time.
5. A subgroup's shares (a segment, a plan, a region) from the same fit, without refitting: the
   same sums E(S) taken over the subgroup's customers only, in the point fit and in each bootstrap
   replicate. Expected churn adds up over customers, so the fit keeps E(S) per cell of the
   ``subgroups`` columns (segment × plan × region) and any filter on them is a sum of cells.

Exposures change only at a few dates per customer, so each customer's follow-up collapses to the
days spent in each covariate pattern: a sparse customers × patterns matrix per scenario. The same
counts, summed by pattern, are the sufficient statistics of the Poisson model. A refit, a bootstrap
replicate (weights on customers) or a scenario then costs a sparse product and a few Newton steps.
The simulated continuation uses one fixed set of random draws for every scenario and replicate, so
differences between scenarios carry no simulation noise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import factorial
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import minimize_scalar
from scipy.special import gammaln

from analytics.taxonomy import FAMILIES
from models.base import ALPHA, DAY_EDGES, PENALIZER, Estimator, Interval, NotFittedError
from models.survival import PiecewiseExponential

__all__ = [
    "FAMILY_BITS",
    "JOINT_GROUPS",
    "N_SCENARIOS",
    "SHARE_ROWS",
    "ChurnAttribution",
    "ContactModel",
    "NotFittedError",
    "ScenarioResult",
    "SubgroupShares",
    "continuation_states",
    "fit_contact_model",
    "mask_of",
    "shapley",
]

FAMILY_BITS: dict[str, int] = {f: 1 << k for k, f in enumerate(FAMILIES)}
N_SCENARIOS = 1 << len(FAMILIES)
JOINT_GROUPS: dict[str, tuple[str, ...]] = {
    "attitude_and_process": ("attitude", "process"),
    "price_and_quality": ("price", "quality"),
    "all_failures": FAMILIES,
}
SHARE_ROWS: tuple[str, ...] = (*FAMILIES, *JOINT_GROUPS)


def mask_of(families) -> int:
    """Bit mask of a set of family names (English or Spanish)."""
    from analytics.taxonomy import FAMILY_SYNONYMS

    mask = 0
    for f in families:
        key = FAMILY_SYNONYMS.get(str(f).lower())
        if key is None:
            raise ValueError(f"Unknown failure family {f!r}. Expected one of {list(FAMILIES)}.")
        mask |= FAMILY_BITS[key]
    return mask


# ---------------------------------------------------------------------------------------------
# Contact model
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactModel:
    """Gamma–Poisson contact rates and the population's mix of contact types.

    ``shape`` and ``rate`` are the gamma prior of contact rates (contacts per day); a customer with
    ``n`` contacts in ``T`` days has posterior mean rate ``(shape + n) / (rate + T)``. ``type_fmask``,
    ``type_recovered`` and ``type_prob`` describe what a contact is: ordinary (fmask 0) or a failure
    of the families in ``fmask``, recovered or not, with its observed frequency.
    """

    shape: float
    rate: float
    type_fmask: np.ndarray
    type_recovered: np.ndarray
    type_prob: np.ndarray

    def customer_rates(self, contacts: np.ndarray, days: np.ndarray) -> np.ndarray:
        return (self.shape + contacts) / (self.rate + days)


def fit_contact_model(contacts: np.ndarray, days: np.ndarray, failures: pd.DataFrame) -> ContactModel:
    """Fit contact rates by negative-binomial maximum likelihood, and the contact-type mix.

    Parameters
    ----------
    contacts, days:
        Per customer: number of contacts during follow-up and its length in days.
    failures:
        One row per failed contact with ``fmask`` and ``recovered``.
    """
    n = np.asarray(contacts, float)
    t = np.maximum(np.asarray(days, float), 1e-9)
    mean_rate = n.sum() / t.sum()
    if mean_rate <= 0:
        raise ValueError("No contacts in the data: the contact model needs interactions to learn from.")

    def negloglik(log_shape: float) -> float:
        a = np.exp(log_shape)
        b = a / mean_rate
        return -np.sum(gammaln(n + a) - gammaln(a) + a * np.log(b / (b + t)) + n * np.log(t / (b + t)))

    res = minimize_scalar(negloglik, bounds=(-6.0, 8.0), method="bounded")
    shape = float(np.exp(res.x))
    kinds = failures.groupby(["fmask", "recovered"]).size()
    total = n.sum()
    fm = np.array([0, *(int(k[0]) for k in kinds.index)], dtype=np.int64)
    rec = np.array([0, *(int(k[1]) for k in kinds.index)], dtype=np.int64)
    prob = np.array([max(total - kinds.sum(), 0.0), *kinds.to_numpy(float)])
    return ContactModel(shape, shape / mean_rate, fm, rec, prob / prob.sum())


# ---------------------------------------------------------------------------------------------
# Continuation after a churned customer's exit
# ---------------------------------------------------------------------------------------------
def continuation_states(
    customers: pd.DataFrame,
    failures: pd.DataFrame,
    model: ContactModel,
    contacts: np.ndarray,
    bands: tuple[float, ...],
    window_days: float,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Covariate states from each churned customer's exit to the window's end, simulated once.

    ``customers`` has ``exit``, ``entry``, ``window_end`` (tenure days) and ``churned``; its row order
    is the customer index. ``failures`` has ``cidx`` (customer index), ``t`` (tenure days), ``fmask``,
    ``recovered``. Returns rows ``cidx, band, fmask, rmask, exposure`` like the observed states.
    """
    exit_ = customers["exit"].to_numpy(float)
    wend = customers["window_end"].to_numpy(float)
    entry = customers["entry"].to_numpy(float)
    todo = np.flatnonzero((customers["churned"].to_numpy() == 1) & (wend > exit_ + 1e-9))
    empty = pd.DataFrame({"cidx": [], "band": [], "fmask": [], "rmask": [], "exposure": []})
    if len(todo) == 0:
        return empty
    span = wend[todo] - exit_[todo]
    rates = model.customer_rates(contacts[todo], exit_[todo] - entry[todo])
    n_new = rng.poisson(rates * span)
    cid = np.repeat(todo, n_new)
    t_new = exit_[cid] + rng.random(cid.size) * (wend[cid] - exit_[cid])
    kind = rng.choice(model.type_prob.size, size=cid.size, p=model.type_prob)
    is_fail = model.type_fmask[kind] > 0
    sim = pd.DataFrame(
        {
            "cidx": cid[is_fail],
            "t": t_new[is_fail],
            "fmask": model.type_fmask[kind][is_fail],
            "recovered": model.type_recovered[kind][is_fail],
        }
    )
    # Failures shortly before the exit still weigh on the hazard after it.
    todo_set = np.zeros(len(customers), bool)
    todo_set[todo] = True
    carry = failures[todo_set[failures["cidx"].to_numpy()]]
    carry = carry[carry["t"].to_numpy() > exit_[carry["cidx"].to_numpy()] - window_days]
    fails = pd.concat([carry[["cidx", "t", "fmask", "recovered"]], sim], ignore_index=True)

    # Cut points: exit, window end, each failure and its end of effect, tenure band boundaries.
    pts_c = [todo, todo]
    pts_t = [exit_[todo], wend[todo]]
    fc, ft = fails["cidx"].to_numpy(), fails["t"].to_numpy(float)
    for shift in (0.0, window_days):
        tt = ft + shift
        ok = (tt > exit_[fc]) & (tt < wend[fc])
        pts_c.append(fc[ok])
        pts_t.append(tt[ok])
    for b in bands:
        ok = (b > exit_[todo]) & (b < wend[todo])
        pts_c.append(todo[ok])
        pts_t.append(np.full(ok.sum(), b))
    pc, pt = np.concatenate(pts_c), np.concatenate(pts_t)
    order = np.lexsort((pt, pc))
    pc, pt = pc[order], pt[order]
    same = pc[1:] == pc[:-1]
    a, b_, c = pt[:-1][same], pt[1:][same], pc[:-1][same]
    keep = b_ - a > 1e-12
    eps = pd.DataFrame({"eid": np.arange(keep.sum()), "cidx": c[keep], "a": a[keep], "len": (b_ - a)[keep]})
    eps["band"] = np.searchsorted(np.asarray(bands), eps["a"].to_numpy(), side="right")
    # Which failures are in their window at each episode's start.
    m = eps.merge(fails, on="cidx")
    active = (m["t"] <= m["a"] + 1e-12) & (m["t"] > m["a"] - window_days)
    m = m[active]
    flags = pd.DataFrame({"eid": m["eid"]})
    rflags = {}
    for k in range(len(FAMILIES)):
        bit = m["fmask"].to_numpy() & (1 << k)
        flags[f"f{k}"] = (bit > 0).astype(np.int8)
        rflags[f"r{k}"] = ((bit > 0) & (m["recovered"].to_numpy() == 1)).astype(np.int8)
    flags = flags.assign(**rflags).groupby("eid").max()
    eps = eps.join(flags, on="eid")
    fmask = sum(eps[f"f{k}"].fillna(0).astype(np.int64) * (1 << k) for k in range(len(FAMILIES)))
    rmask = sum(eps[f"r{k}"].fillna(0).astype(np.int64) * (1 << k) for k in range(len(FAMILIES)))
    return pd.DataFrame(
        {"cidx": eps["cidx"], "band": eps["band"], "fmask": fmask, "rmask": rmask, "exposure": eps["len"]}
    )


# ---------------------------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------------------------
def shapley(joint: dict[int, float], n: int = len(FAMILIES)) -> np.ndarray:
    """Shapley values of the players 0..n-1 for the set function ``joint[mask]`` (joint[0] = 0)."""
    phi = np.zeros(n)
    for k in range(n):
        others = [j for j in range(n) if j != k]
        for size in range(n):
            weight = factorial(size) * factorial(n - size - 1) / factorial(n)
            for combo in combinations(others, size):
                m = sum(1 << j for j in combo)
                phi[k] += weight * (joint[m | (1 << k)] - joint[m])
    return phi


@dataclass(frozen=True)
class ScenarioResult:
    """The answer to "what if we avoided these fractions of each family's failures?".

    ``baseline_churn`` and ``expected_churn``: expected churn events in the window as things are
    and under the scenario; ``churn_avoided`` their difference (customers kept);
    ``share_avoided`` the fraction of churn avoided, with its bootstrap interval
    (``share_avoided_low``/``high``, NaN without bootstrap); ``monthly_revenue_kept`` the monthly
    revenue of the customers kept, in the data's currency per month (customers without a revenue
    count as 0: ``revenue_known`` of ``customers`` had one).
    """

    reduce: dict[str, float]
    baseline_churn: float
    expected_churn: float
    churn_avoided: float
    share_avoided: float
    share_avoided_low: float
    share_avoided_high: float
    monthly_revenue_kept: float
    revenue_known: int
    customers: int


@dataclass(frozen=True)
class SubgroupShares:
    """The attribution read for a subgroup of the customers the model was fitted on (no refit).

    ``filters``: the columns and values that chose the subgroup (empty for a mask);
    ``customers``: the subgroup's customers followed in the window; ``churned``: those of them
    who left in it; ``expected_churn``: the fitted model's expected churn events of the subgroup
    as things are; ``attributable_share``: estimate, low, high for each row of
    :data:`SHARE_ROWS` — the share of the subgroup's expected churn that would not happen
    without those families' failures (Shapley values for the families); ``service_share``:
    (attitude + process) / all failures within the subgroup. The intervals are the bootstrap
    percentiles of the same sums over each replicate's refitted model and weights.
    """

    filters: dict[str, tuple[str, ...]]
    customers: int
    churned: int
    expected_churn: float
    attributable_share: pd.DataFrame
    service_share: pd.Series


class ChurnAttribution(Estimator):
    """Attributable share of churn by failure family, with bootstrap intervals.

    Parameters
    ----------
    n_bootstrap:
        Bootstrap replicates over customers for the 95 % intervals (int ≥ 0; 0 = no intervals).
    window_days:
        Days a failure keeps raising the hazard (the recent-failure window of the episodes).
    bands:
        Tenure band boundaries in days of the piecewise-constant baseline hazard.
    max_levels:
        Static categorical covariates keep their most common levels up to this many; the rest are
        pooled as "other".
    alpha:
        1 − confidence level of the intervals.
    seed:
        Seed of the simulated continuation and of the bootstrap weights.
    min_band_events:
        Adjacent tenure bands are merged until each holds at least this many churn events.
    penalizer:
        L2 penalty on the non-baseline log hazard ratios of the Poisson fit; a tiny default keeps a
        bootstrap replicate finite when a rare pattern has no events in it.

    Fitted attributes
    -----------------
    coef_ : pd.Series — log hazard ratios of the piecewise-exponential model.
    hazard_ratios_ : pd.DataFrame — estimate, low, high (bootstrap percentiles) for each family and
        ``recovered``.
    expected_churn_ : pd.Series — expected churn events in the window under each scenario mask.
    expected_revenue_lost_ : pd.Series — monthly revenue of the customers expected to leave, per mask.
    attributable_share_ : pd.DataFrame — estimate, low, high for each family (Shapley) and for the
        joint groups (attitude_and_process, price_and_quality, all_failures).
    service_share_ : pd.Series — estimate, low, high of (attitude + process) / all failures: the
        share of failure-driven churn that is service rather than price or quality.
    customer_ids_ : np.ndarray — the customers in fit order (the order of a mask for
        :meth:`subgroup_shares`).
    bootstrap_coef_ : np.ndarray | None — the log hazard ratios of each bootstrap replicate
        (n_bootstrap × len(coef_)), None without bootstrap.
    cells_ : pd.DataFrame — one row per combination of the ``subgroups`` columns present among
        the customers (their values, ``customers``, ``churned``); :meth:`filtered_shares` sums them.
    expected_by_cell_ : np.ndarray — expected churn per cell and removal scenario, point fit first
        then each replicate: shape (1 + n_bootstrap, len(cells_), N_SCENARIOS).
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "n_bootstrap": [Interval(int, 0, None)],
        "window_days": [Interval(float, 0, None, "neither")],
        "bands": [DAY_EDGES],
        "max_levels": [Interval(int, 1, None)],
        "alpha": [ALPHA],
        "seed": [Interval(int, 0, None)],
        "min_band_events": [Interval(int, 1, None)],
        "penalizer": [PENALIZER],
    }

    def __init__(
        self,
        n_bootstrap: int = 200,
        window_days: float = 90.0,
        bands: tuple[float, ...] = (30.0, 90.0, 180.0, 365.0, 730.0),
        max_levels: int = 6,
        alpha: float = 0.05,
        seed: int = 0,
        min_band_events: int = 20,
        penalizer: float = 1e-6,
    ) -> None:
        self.n_bootstrap = n_bootstrap
        self.window_days = window_days
        self.bands = bands
        self.max_levels = max_levels
        self.alpha = alpha
        self.seed = seed
        self.min_band_events = min_band_events
        self.penalizer = penalizer

    # -- design --------------------------------------------------------------------------------
    def _levels(self, values: pd.Series) -> list[str]:
        counts = values.fillna("(missing)").astype(str).value_counts()
        levels = list(counts.index[: self.max_levels])
        if len(counts) > self.max_levels:
            levels.append("other")
        return levels

    def _codes(self, values: pd.Series, levels: list[str]) -> np.ndarray:
        v = values.fillna("(missing)").astype(str)
        lookup = {lv: i for i, lv in enumerate(levels)}
        other = lookup.get("other", 0)
        return v.map(lambda x: lookup.get(x, other)).to_numpy(np.int64)

    def _band_map(self, states: pd.DataFrame) -> np.ndarray:
        """Merge adjacent tenure bands until each holds ``min_band_events`` churn events, so that
        no baseline rate rests on a handful of events (or none, in a bootstrap replicate)."""
        nb = len(self.bands) + 1
        ev = states.groupby("band")["events"].sum().reindex(range(nb), fill_value=0).to_numpy()
        mapping = np.zeros(nb, dtype=np.int64)
        cur, acc = 0, 0
        for b in range(nb):
            mapping[b] = cur
            acc += ev[b]
            if acc >= self.min_band_events and b < nb - 1:
                cur, acc = cur + 1, 0
        if acc < self.min_band_events and cur > 0:
            mapping[mapping == cur] = cur - 1
        return mapping

    def _design(self) -> tuple[np.ndarray, list[str]]:
        nb, ns, npl = self.n_bands_, len(self.seg_levels_), len(self.plan_levels_)
        p = np.arange(self.n_patterns_)
        r = p % 2
        fm = (p // 2) % 16
        pl = (p // 32) % npl
        sg = (p // (32 * npl)) % ns
        bd = p // (32 * npl * ns)
        cols, names = [], []
        edges = (0.0, *self.bands)
        for b in range(nb):
            cols.append(bd == b)
            first = int(np.flatnonzero(self.band_map_ == b)[0])
            names.append(f"tenure≥{edges[first]:g}d")
        for k in range(1, ns):
            cols.append(sg == k)
            names.append(f"segment[{self.seg_levels_[k]}]")
        for k in range(1, npl):
            cols.append(pl == k)
            names.append(f"plan[{self.plan_levels_[k]}]")
        for k, f in enumerate(FAMILIES):
            cols.append((fm >> k) & 1 == 1)
            names.append(f)
        cols.append(r == 1)
        names.append("recovered")
        return np.column_stack(cols).astype(float), names

    def _pattern(self, band, seg, plan, fmask, rmask, scenario: int) -> np.ndarray:
        keep = ~scenario & 0xF
        f = fmask & keep
        r = ((rmask & keep) != 0).astype(np.int64)
        npl, ns = len(self.plan_levels_), len(self.seg_levels_)
        return (((band * ns + seg) * npl + plan) * 16 + f) * 2 + r

    # -- fit -----------------------------------------------------------------------------------
    def fit(
        self,
        states: pd.DataFrame,
        customers: pd.DataFrame,
        failures: pd.DataFrame,
        contacts: pd.DataFrame,
        *,
        subgroups: Sequence[str] = (),
    ) -> ChurnAttribution:
        """Fit from the store's frames (see :mod:`analytics.periods`).

        Parameters
        ----------
        states:
            ``episode_states``: customer_id, band, fmask, rmask, exposure (days), events.
        customers:
            ``customer_frame``: customer_id, entry, exit, window_end (tenure days), churned, segment, plan.
        failures:
            ``failure_frame``: customer_id, t (tenure days), f_att, f_proc, f_price, f_qual, recovered.
        contacts:
            ``contact_counts``: customer_id, contacts.
        subgroups:
            Columns of ``customers`` (e.g. segment, plan, region) whose combinations keep their
            own expected churn, so that :meth:`filtered_shares` reads a subgroup's shares for a
            filter on them in microseconds.
        """
        self._validate_params()
        missing = [
            c for c in ("customer_id", "band", "fmask", "rmask", "exposure", "events") if c not in states
        ]
        if missing:
            raise ValueError(
                f"states is missing columns {missing}. Build it with analytics.periods.episode_states."
            )
        rng = np.random.default_rng(self.seed)
        cust = customers.reset_index(drop=True)
        index = pd.Index(cust["customer_id"])
        n = len(cust)
        if n == 0:
            raise ValueError("No customers are followed in the window: nothing to attribute.")
        absent = [c for c in subgroups if c not in cust.columns]
        if absent:
            raise ValueError(
                f"The subgroups {absent} are not columns of customers (it has {list(cust.columns)}). "
                "Name columns of analytics.periods.customer_frame, such as segment, plan or region."
            )
        self.seg_levels_ = self._levels(cust["segment"])
        self.plan_levels_ = self._levels(cust["plan"])
        seg = self._codes(cust["segment"], self.seg_levels_)
        plan = self._codes(cust["plan"], self.plan_levels_)
        self.band_map_ = self._band_map(states)
        self.n_bands_ = int(self.band_map_.max()) + 1
        self.n_patterns_ = self.n_bands_ * len(self.seg_levels_) * len(self.plan_levels_) * 32
        self.X_, self.names_ = self._design()

        fails = failures.copy()
        fails["cidx"] = index.get_indexer(fails["customer_id"])
        fails = fails[fails["cidx"] >= 0]
        fails["fmask"] = sum(
            fails[c].astype(np.int64) * (1 << k)
            for k, c in enumerate(("f_att", "f_proc", "f_price", "f_qual"))
        )
        cc = contacts.set_index("customer_id")["contacts"].reindex(index).fillna(0).to_numpy(float)
        days = (cust["exit"] - cust["entry"]).to_numpy(float)
        self.contact_model_ = fit_contact_model(cc, days, fails)
        cont = continuation_states(
            cust, fails, self.contact_model_, cc, self.bands, float(self.window_days), rng
        )

        obs_c = index.get_indexer(states["customer_id"])
        if (obs_c < 0).any():
            raise ValueError(
                "states holds customers that customers does not: build both from the same store and window."
            )
        rows = {
            "cidx": np.concatenate([obs_c, cont["cidx"].to_numpy(np.int64)]),
            "band": np.concatenate([states["band"].to_numpy(np.int64), cont["band"].to_numpy(np.int64)]),
            "fmask": np.concatenate([states["fmask"].to_numpy(np.int64), cont["fmask"].to_numpy(np.int64)]),
            "rmask": np.concatenate([states["rmask"].to_numpy(np.int64), cont["rmask"].to_numpy(np.int64)]),
            "exposure": np.concatenate(
                [states["exposure"].to_numpy(float), cont["exposure"].to_numpy(float)]
            ),
        }
        n_obs = len(states)
        band, fm, rm = self.band_map_[rows["band"]], rows["fmask"], rows["rmask"]
        sg, pl = seg[rows["cidx"]], plan[rows["cidx"]]
        # Observed (factual) pattern counts: the data the model is fitted to.
        p0 = self._pattern(band[:n_obs], sg[:n_obs], pl[:n_obs], fm[:n_obs], rm[:n_obs], 0)
        shape = (n, self.n_patterns_)
        self.E_obs_ = sparse.csr_matrix((rows["exposure"][:n_obs], (obs_c, p0)), shape=shape)
        self.D_obs_ = sparse.csr_matrix((states["events"].to_numpy(float), (obs_c, p0)), shape=shape)
        # Every scenario's full follow-up, stacked: row s*n + i.
        blocks_r, blocks_c, blocks_v = [], [], []
        for s in range(N_SCENARIOS):
            blocks_r.append(s * n + rows["cidx"])
            blocks_c.append(self._pattern(band, sg, pl, fm, rm, s))
            blocks_v.append(rows["exposure"])
        self.M_ = sparse.csr_matrix(
            (np.concatenate(blocks_v), (np.concatenate(blocks_r), np.concatenate(blocks_c))),
            shape=(N_SCENARIOS * n, self.n_patterns_),
        )
        self.n_customers_ = n
        self.observed_churn_ = int(cust["churned"].sum())
        self.customer_ids_ = index.to_numpy()
        self.churned_ = cust["churned"].to_numpy(np.int64)
        self._set_cells(cust, tuple(subgroups))

        # A family (or level) with no exposure in the data has nothing to estimate: leave it out of
        # the fit (log HR 0 in the predictions) and report its hazard ratio as unknown.
        seen = np.asarray(self.E_obs_.sum(axis=0)).ravel() > 0
        self.active_ = self.X_[seen].any(axis=0)
        w = np.ones(n)
        beta, cov = self._refit(w, None)
        self.coef_ = pd.Series(beta, index=self.names_)
        self.cov_ = cov
        risk = self._risk(beta)
        est = risk @ w
        by_cell = [self._by_cell(risk, w)]
        self.expected_churn_ = pd.Series(est, index=pd.RangeIndex(N_SCENARIOS, name="removed_mask"))
        revenue = pd.to_numeric(
            cust.get("monthly_revenue", pd.Series(np.nan, index=cust.index)), errors="coerce"
        )
        self.revenue_known_ = int(revenue.notna().sum())
        # Monthly revenue of the customers expected to leave, under each removal scenario.
        self.expected_revenue_lost_ = pd.Series(
            self._expected(beta, revenue.fillna(0.0).to_numpy(float)),
            index=pd.RangeIndex(N_SCENARIOS, name="removed_mask"),
        )
        point = self._shares(est)

        reps_beta, reps_share = [], []
        for wb in self._bootstrap_weights():
            bb, _ = self._refit(wb, beta)
            reps_beta.append(bb)
            risk = self._risk(bb)
            reps_share.append(self._shares(risk @ wb))
            by_cell.append(self._by_cell(risk, wb))
        self.bootstrap_coef_ = np.array(reps_beta) if reps_beta else None
        self.expected_by_cell_ = np.stack(by_cell)
        self.bootstrap_shares_ = pd.DataFrame(reps_share, columns=point.index) if reps_share else None
        lo, hi = 100 * self.alpha / 2, 100 * (1 - self.alpha / 2)
        share_tab = pd.DataFrame({"estimate": point})
        hr_names = [*FAMILIES, "recovered"]
        hr = pd.DataFrame({"estimate": np.exp(self.coef_[hr_names])})
        inactive = [h for h in hr_names if not self.active_[self.names_.index(h)]]
        if reps_share:
            rs = self.bootstrap_shares_
            share_tab["low"], share_tab["high"] = np.percentile(rs, lo, axis=0), np.percentile(rs, hi, axis=0)
            rb = pd.DataFrame(reps_beta, columns=self.names_)[hr_names]
            hr["low"], hr["high"] = (
                np.exp(np.percentile(rb, lo, axis=0)),
                np.exp(np.percentile(rb, hi, axis=0)),
            )
        else:
            se = np.sqrt(np.diag(cov))[[self.names_.index(h) for h in hr_names]]
            z = 1.959963984540054
            hr["low"], hr["high"] = (
                np.exp(self.coef_[hr_names] - z * se),
                np.exp(self.coef_[hr_names] + z * se),
            )
            share_tab["low"], share_tab["high"] = np.nan, np.nan
        hr.loc[inactive] = np.nan
        self.hazard_ratios_ = hr
        self.attributable_share_ = share_tab.loc[list(SHARE_ROWS)]
        self.service_share_ = share_tab.loc["service_share_of_failure_churn"]
        self.joint_share_ = share_tab.loc[[f"joint[{m}]" for m in range(N_SCENARIOS)]]
        self._is_fitted = True
        return self

    def _refit(self, w: np.ndarray, beta0: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Fit the piecewise-exponential model to the pattern totals under customer weights ``w``."""
        e = self.E_obs_.T @ w
        d = self.D_obs_.T @ w
        seen = e > 0
        act = self.active_
        pe = PiecewiseExponential(penalizer=self.penalizer).fit(
            self.X_[seen][:, act],
            d[seen],
            e[seen],
            baseline_columns=list(range(self.n_bands_)),
            beta0=None if beta0 is None else beta0[act],
        )
        beta = np.zeros(self.X_.shape[1])
        beta[act] = pe.beta_
        cov = np.full((beta.size, beta.size), np.nan)
        cov[np.ix_(act, act)] = pe.covariance_
        return beta, cov

    def _risk(self, beta: np.ndarray) -> np.ndarray:
        """Each customer's probability of churning in the window under each removal scenario
        (N_SCENARIOS × customers): 1 − exp(−H)."""
        lam = np.exp(self.X_ @ beta)
        H = (self.M_ @ lam).reshape(N_SCENARIOS, self.n_customers_)
        return -np.expm1(-H)

    def _expected(self, beta: np.ndarray, w: np.ndarray) -> np.ndarray:
        return self._risk(beta) @ w

    def _bootstrap_weights(self) -> Iterator[np.ndarray]:
        """The bootstrap's Poisson weights on customers, replicate by replicate: the same draws
        at every call (a subgroup's intervals reuse the fit's replicates)."""
        boot = np.random.default_rng(self.seed + 1)
        for _ in range(self.n_bootstrap):
            yield boot.poisson(1.0, self.n_customers_).astype(float)

    # -- subgroups ---------------------------------------------------------------------------
    def _set_cells(self, cust: pd.DataFrame, subgroups: tuple[str, ...]) -> None:
        self.subgroups_ = subgroups
        if subgroups:
            groups = cust[list(subgroups)].astype(object).groupby(list(subgroups), dropna=False, sort=True)
            codes = groups.ngroup().to_numpy()  # numbered in the order of the groups' keys below
            cells = groups.size().reset_index()[list(subgroups)]
        else:
            codes, cells = np.zeros(len(cust), np.int64), pd.DataFrame(index=[0])
        cells["customers"] = np.bincount(codes, minlength=len(cells))
        cells["churned"] = np.bincount(codes, weights=cust["churned"].to_numpy(float), minlength=len(cells))
        self.cells_ = cells.astype({"churned": np.int64})
        self.cell_codes_ = np.asarray(codes, np.int64)

    def _by_cell(self, risk: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Expected churn per cell (rows) and scenario (columns) under customer weights ``w``."""
        n_cells = len(self.cells_)
        out = np.empty((n_cells, N_SCENARIOS))
        for m in range(N_SCENARIOS):
            out[:, m] = np.bincount(self.cell_codes_, weights=risk[m] * w, minlength=n_cells)
        return out

    def _subgroup(
        self, expected: np.ndarray, customers: int, churned: int, filters: dict[str, tuple[str, ...]]
    ) -> SubgroupShares:
        """Shares from a subgroup's expected churn by scenario: point fit in row 0, replicates after."""
        if customers == 0:
            raise ValueError(
                "No customer the model was fitted on is in this subgroup, so it has no churn to attribute. "
                "Choose other filter values, or another window."
            )
        point = self._shares(expected[0])
        table = pd.DataFrame({"estimate": point})
        if len(expected) > 1:
            reps = pd.DataFrame([self._shares(e) for e in expected[1:]], columns=point.index)
            lo, hi = 100 * self.alpha / 2, 100 * (1 - self.alpha / 2)
            table["low"], table["high"] = np.percentile(reps, lo, axis=0), np.percentile(reps, hi, axis=0)
        else:
            table["low"], table["high"] = np.nan, np.nan
        return SubgroupShares(
            filters=filters,
            customers=int(customers),
            churned=int(churned),
            expected_churn=float(expected[0, 0]),
            attributable_share=table.loc[list(SHARE_ROWS)],
            service_share=table.loc["service_share_of_failure_churn"],
        )

    def subgroup_shares(self, mask) -> SubgroupShares:
        """The shares of the customers in ``mask`` from this fit, without refitting.

        ``mask``: booleans in the order of :attr:`customer_ids_` (one per customer fitted on).
        The expected churn under each removal scenario is summed over those customers only, in
        the point fit and in each bootstrap replicate (its refitted coefficients and its weights),
        so the subgroup's shares and intervals are those of the same model. Costs one sparse
        product per replicate (seconds at 100,000 customers); a filter on the ``subgroups``
        columns is answered by :meth:`filtered_shares` in microseconds, with the same numbers.
        """
        self._check_fitted("subgroup_shares")
        mask = np.asarray(mask, bool)
        if mask.shape != (self.n_customers_,):
            raise ValueError(
                f"mask must hold one boolean per customer fitted on ({self.n_customers_}), in the order "
                f"of customer_ids_. Got shape {mask.shape} instead."
            )
        w = mask.astype(float)
        expected = [self._risk(self.coef_.to_numpy()) @ w]
        if self.bootstrap_coef_ is not None:
            for bb, wb in zip(self.bootstrap_coef_, self._bootstrap_weights()):
                expected.append(self._risk(bb) @ (wb * w))
        return self._subgroup(np.array(expected), int(mask.sum()), int(self.churned_[mask].sum()), {})

    def filtered_shares(self, filters: Mapping[str, Iterable[str]]) -> SubgroupShares:
        """The shares of the customers whose ``subgroups`` columns take the given values, e.g.
        ``{"segment": ["business"], "region": ["Bogotá", "Antioquia"]}`` (values within a
        column: any of them; columns: all of them; a missing value matches no filter), summed
        from the cells the fit kept. The same numbers as :meth:`subgroup_shares` on that mask."""
        self._check_fitted("filtered_shares")
        chosen = {str(k): tuple(str(v) for v in vals) for k, vals in filters.items() if vals}
        unknown = [k for k in chosen if k not in self.subgroups_]
        if unknown:
            raise ValueError(
                f"The model keeps subgroups by {list(self.subgroups_)}, not by {unknown}. Fit it with "
                f"subgroups={tuple(self.subgroups_) + tuple(unknown)}, or read that subgroup with "
                "subgroup_shares(mask)."
            )
        keep = np.ones(len(self.cells_), bool)
        for col, values in chosen.items():
            keep &= self.cells_[col].isin(values).to_numpy()
        cells = self.cells_[keep]
        expected = self.expected_by_cell_[:, keep, :].sum(axis=1)
        return self._subgroup(expected, int(cells["customers"].sum()), int(cells["churned"].sum()), chosen)

    def _shares(self, expected: np.ndarray) -> pd.Series:
        base = expected[0]
        joint = {m: 1.0 - expected[m] / base for m in range(N_SCENARIOS)}
        phi = shapley(joint)
        out = {f: phi[k] for k, f in enumerate(FAMILIES)}
        for name, fams in JOINT_GROUPS.items():
            out[name] = joint[mask_of(fams)]
        total = joint[N_SCENARIOS - 1]
        out["service_share_of_failure_churn"] = (phi[0] + phi[1]) / total if total > 0 else np.nan
        for m in range(N_SCENARIOS):
            out[f"joint[{m}]"] = joint[m]
        return pd.Series(out)

    # -- scenarios -----------------------------------------------------------------------------
    def scenario(self, reduce: dict[str, float]) -> ScenarioResult:
        """What fixing part of the failures would be worth: the scenario sliders' answer.

        Parameters
        ----------
        reduce:
            ``{family: fraction}`` with fractions in [0, 1], e.g. ``{"attitude": 0.3,
            "proceso": 0.5}`` (English or Spanish names; families not named stay as they are).

        Each customer's failures of family ``f`` are avoided with probability ``reduce[f]``,
        independently across customers and families (a fraction of customers spared that kind
        of failure). Under that reading the expected churn is exactly the mixture of the 16
        whole-family removal scenarios the fit already computed, weighted by their probabilities.
        That makes it linear in each fraction and free of simulation noise, and it costs 16
        multiplications. ``{"attitude": 1}`` is the same as removing attitude failures. It does
        not answer a change in recovery; that needs scenarios the fit does not compute.
        """
        self._check_fitted("scenario")
        q = np.zeros(len(FAMILIES))
        for name, frac in reduce.items():
            bit = mask_of([name])
            value = float(frac)
            if not 0.0 <= value <= 1.0:
                raise ValueError(
                    f"The fraction of {name!r} failures avoided must be in [0, 1] (0.3 = 30 %). Got {frac!r} instead."
                )
            q[bit.bit_length() - 1] = value
        weights = np.ones(N_SCENARIOS)
        for m in range(N_SCENARIOS):
            for k in range(len(FAMILIES)):
                weights[m] *= q[k] if m >> k & 1 else 1.0 - q[k]
        expected = float(weights @ self.expected_churn_.to_numpy())
        base = float(self.expected_churn_.iloc[0])
        lost = self.expected_revenue_lost_.to_numpy()
        share = 1.0 - expected / base if base > 0 else np.nan
        low = high = np.nan
        if self.bootstrap_shares_ is not None:
            joint = self.bootstrap_shares_[[f"joint[{m}]" for m in range(N_SCENARIOS)]].to_numpy()
            reps = joint @ weights
            low, high = np.percentile(reps, [100 * self.alpha / 2, 100 * (1 - self.alpha / 2)])
        return ScenarioResult(
            reduce={f: float(q[k]) for k, f in enumerate(FAMILIES)},
            baseline_churn=base,
            expected_churn=expected,
            churn_avoided=base - expected,
            share_avoided=share,
            share_avoided_low=float(low),
            share_avoided_high=float(high),
            monthly_revenue_kept=float(lost[0] - weights @ lost),
            revenue_known=self.revenue_known_,
            customers=self.n_customers_,
        )

    def expected_churn(self, remove=()) -> float:
        """Expected churn events in the window with the failures of ``remove`` families turned into
        ordinary contacts (a sparse product: milliseconds)."""
        self._check_fitted("expected_churn")
        m = mask_of(remove)
        lam = np.exp(self.X_ @ self.coef_.to_numpy())
        rows = slice(m * self.n_customers_, (m + 1) * self.n_customers_)
        return float((-np.expm1(-(self.M_[rows] @ lam))).sum())
