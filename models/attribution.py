"""Attributable share of churn by failure family and subtype, by g-computation from a fitted
hazard model.

The question: of the churn events in the window, what share would not have happened without a
family's failures (or one subtype's)? The textbook attributable fraction at event times (the mean
of 1 − 1/HR over the customers who left) ignores that a customer saved in month 5 is still at
risk afterwards, from the ordinary hazard and from failures still to come; it overstates the
larger shares. So:

1. Fit a piecewise-exponential (Poisson) proportional-hazards model on the exact covariate
   episodes: baseline hazard constant within tenure bands, log-linear effects of static covariates
   (segment, plan), of the failure subtypes exposing the customer, and of recovery: while every
   failure of a family exposing the customer was recovered, that family's effect is multiplied by
   the recovery's hazard ratio (a recovered billing error does not soften a rude agent).
   Each subtype's log hazard ratio is its family's plus a deviation of its own,
   θ_s = β_family + δ_s: while failures expose a customer, each family exposing them counts once
   (β_family) and the deviations of the subtypes exposing them add up (Σ δ_s), so with δ = 0 this
   is the family model exactly. (Adding the whole θ_s of every subtype would count two failures of
   one family twice — 10–13 % of the family-exposed time in the demo — which the family-level Cox
   and discrete-time models cannot express.) The deviations are a random effect,
   δ_s ~ N(0, τ²), so a rare subtype borrows strength from its family (its estimate shrinks
   towards the family's). τ², shared by the four families, comes from the Laplace approximation
   of the marginal likelihood with β integrated out under a flat prior (the restricted likelihood
   of a Poisson mixed model, as in Breslow & Clayton 1993 or mgcv's LAML):
   ℓ_p(β̂, δ̂) − q/2·log τ² − ½·log det H, where ℓ_p is the penalised log-likelihood
   (−|δ|²/2τ² included) at its maximum, H its negative Hessian there and q the number of
   subtypes. τ² is that likelihood's posterior mean under a flat prior on τ, on a grid (its
   maximum often sits near 0, where some twenty subtypes cannot rule a variance out, and would
   shrink the strongest subtypes most of the way back), and each bootstrap replicate draws its
   own τ² from the same posterior.
2. For each customer and each scenario (a set of failures turned into ordinary contacts, their
   recoveries vanishing with them), the hazard path under the observed history, continued after
   a churned customer's observed exit to the window's end with contacts drawn from a fitted
   contact model (each customer's contact rate shrunk towards the population's by a
   gamma–Poisson model; the population's mix of failure subtypes and recoveries).
3. Expected churn events under S: E(S) = Σ_i 1 − exp(−H_i^S), H_i^S the cumulative hazard over
   the customer's follow-up in the window. Joint share J(S) = 1 − E(S) / E(∅); family shares
   are Shapley values over the four families, so they add up to J(all four). A family's share is
   split among its subtypes in proportion to each subtype's own joint share J({s}) (the share
   without that subtype's failures alone): the exact Owen value would need every coalition of
   subtypes; the truth tests measure the difference on planted data. Failures whose label names
   their family only are taken to be of the family's subtypes in the proportions seen where the
   subtype is known (missing at random), so their part of the family's share goes to the named
   subtypes in the same proportions.
4. 95 % intervals: bootstrap over customers (Poisson weights), refitting the model each time; each
   replicate also draws how each family's effect divides among its subtypes from the subtype
   deviations' posterior (the bootstrap of a shrunk estimate alone understates it).
5. A subgroup's family shares (a segment, a plan, a region) from the same fit, without refitting:
   the same sums E(S) taken over the subgroup's customers only, in the point fit and in each
   bootstrap replicate. Expected churn adds up over customers, so the fit keeps E(S) of the
   family scenarios per cell of the ``subgroups`` columns (segment × plan × region) and any filter
   on them is a sum of cells.

Exposure starts ``exposure_lag_days`` after a contact and lasts ``window_days``; failures logged
on a leaving customer's exit date never count (see :mod:`analytics.periods`).

Exposures change only at a few dates per customer, so each customer's follow-up collapses to the
days spent in each covariate pattern: a sparse customers × patterns matrix per scenario, over the
customers the scenario touches. The same counts, summed by pattern, are the sufficient statistics
of the Poisson model. A refit, a bootstrap replicate (weights on customers) or a scenario then
costs a sparse product and a few Newton steps. The simulated continuation uses one fixed set of
random draws for every scenario and replicate, so differences between scenarios carry no
simulation noise.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import factorial
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import minimize_scalar
from scipy.special import gammaln

from analytics.periods import FAMILY_CODES, FAMILY_SLOT_MASK, SLOT_FAMILY, SLOT_NAMES, UNSPECIFIED_BIT
from analytics.taxonomy import FAMILIES
from models.base import ALPHA, DAY_EDGES, NONE, PENALIZER, Estimator, Interval, NotFittedError
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
    "slot_mask_of",
]

FAMILY_BITS: dict[str, int] = {f: 1 << k for k, f in enumerate(FAMILIES)}
N_SCENARIOS = 1 << len(FAMILIES)
JOINT_GROUPS: dict[str, tuple[str, ...]] = {
    "attitude_and_process": ("attitude", "process"),
    "price_and_quality": ("price", "quality"),
    "all_failures": FAMILIES,
}
SHARE_ROWS: tuple[str, ...] = (*FAMILIES, *JOINT_GROUPS)
N_SLOTS = len(SLOT_NAMES)
_SLOT_BITS = np.int64(1) << np.arange(N_SLOTS, dtype=np.int64)
_MASK_BITS = 25  # pattern keys: (static index << 29) | (subtype mask << 4) | (recovered families' bits)
_MASK = (1 << _MASK_BITS) - 1


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


def slot_mask_of(names) -> int:
    """Subtype-slot bit mask of family and subtype names (English or Spanish, taxonomy keys or
    labels, or ``<family>_unspecified``): a family is all of its slots."""
    from analytics.taxonomy import normalize_token, parse_failure_type

    mask = 0
    for name in names:
        token = normalize_token(str(name))
        if token in SLOT_NAMES:
            mask |= 1 << SLOT_NAMES.index(token)
            continue
        parsed = parse_failure_type(str(name))
        if parsed is None or parsed[0] not in FAMILIES:
            raise ValueError(
                f"Unknown failure family or subtype {name!r}. Expected a family ({', '.join(FAMILIES)}) "
                f"or a subtype ({', '.join(SLOT_NAMES)})."
            )
        family, subtype = parsed
        mask |= FAMILY_SLOT_MASK[family] if subtype is None else 1 << SLOT_NAMES.index(subtype)
    return mask


def _family_slots_from_flags(frame: pd.DataFrame, prefix: str, mask_col: str | None) -> np.ndarray:
    """Subtype masks for frames that only know families: each family becomes its unspecified slot."""
    out = np.zeros(len(frame), dtype=np.int64)
    for k, (fam, code) in enumerate(FAMILY_CODES.items()):
        if mask_col is not None:
            on = (frame[mask_col].to_numpy(np.int64) >> k) & 1 == 1
        else:
            on = frame[f"{prefix}{code}"].to_numpy() > 0
        out |= np.where(on, UNSPECIFIED_BIT[fam], 0)
    return out


def _recovered_bits(smask: np.ndarray, usmask: np.ndarray) -> np.ndarray:
    """Per row: a bit per family (attitude 1 … quality 8) exposing the customer through recovered
    failures only (every failure of the family exposing the customer was recovered)."""
    out = np.zeros(np.shape(smask), dtype=np.int64)
    for k, fam in enumerate(FAMILIES):
        bits = FAMILY_SLOT_MASK[fam]
        out |= (((smask & bits) != 0) & ((usmask & bits) == 0)).astype(np.int64) << k
    return out


def _recovered_families(smask: np.ndarray, usmask: np.ndarray) -> np.ndarray:
    """Per row: how many families expose the customer through recovered failures only."""
    bits = _recovered_bits(smask, usmask)
    return sum((bits >> k) & 1 for k in range(len(FAMILIES)))


def _or_reduce_by(group: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Bitwise OR of ``values`` per group index (0 for groups without values)."""
    out = np.zeros(n_groups, dtype=np.int64)
    if group.size == 0:
        return out
    order = np.argsort(group, kind="stable")
    g, v = group[order], values[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    out[g[starts]] = np.bitwise_or.reduceat(v, starts)
    return out


# ---------------------------------------------------------------------------------------------
# Contact model
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactModel:
    """Gamma–Poisson contact rates and the population's mix of contact types.

    ``shape`` and ``rate`` are the gamma prior of contact rates (contacts per day); a customer with
    ``n`` contacts in ``T`` days has posterior Gamma(``shape + n``, ``rate + T``), mean
    ``(shape + n) / (rate + T)``. ``type_smask``, ``type_recovered`` and ``type_prob`` describe
    what a contact is: ordinary (smask 0) or a failure of the subtypes in ``smask``, recovered or
    not, with its observed frequency.
    """

    shape: float
    rate: float
    type_smask: np.ndarray
    type_recovered: np.ndarray
    type_prob: np.ndarray

    def customer_rates(self, contacts: np.ndarray, days: np.ndarray) -> np.ndarray:
        return (self.shape + contacts) / (self.rate + days)

    @property
    def failure_share(self) -> float:
        """Probability that a contact is a failure."""
        return float(self.type_prob[self.type_smask > 0].sum())


def fit_contact_model(contacts: np.ndarray, days: np.ndarray, failures: pd.DataFrame) -> ContactModel:
    """Fit contact rates by negative-binomial maximum likelihood, and the contact-type mix.

    Parameters
    ----------
    contacts, days:
        Per customer: number of contacts during follow-up and its length in days.
    failures:
        One row per failed contact during follow-up, with ``smask`` and ``recovered``.
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
    kinds = failures.groupby(["smask", "recovered"]).size()
    total = n.sum()
    sm = np.array([0, *(int(k[0]) for k in kinds.index)], dtype=np.int64)
    rec = np.array([0, *(int(k[1]) for k in kinds.index)], dtype=np.int64)
    prob = np.array([max(total - kinds.sum(), 0.0), *kinds.to_numpy(float)])
    return ContactModel(shape, shape / mean_rate, sm, rec, prob / prob.sum())


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
    exposure_lag_days: float = 1.0,
) -> pd.DataFrame:
    """Covariate states from each churned customer's exit to the window's end, simulated once.

    ``customers`` has ``exit``, ``entry``, ``window_end`` (tenure days) and ``churned``; its row order
    is the customer index. ``failures`` has ``cidx`` (customer index), ``t`` (tenure days of the
    contact), ``smask``, ``recovered``. A failure at ``t`` exposes on ``(t + lag, t + lag +
    window_days]``. Returns rows ``cidx, band, smask, usmask, exposure`` like the observed states
    (``usmask``: the bits of the unrecovered failures).
    """
    exit_ = customers["exit"].to_numpy(float)
    wend = customers["window_end"].to_numpy(float)
    entry = customers["entry"].to_numpy(float)
    todo = np.flatnonzero((customers["churned"].to_numpy() == 1) & (wend > exit_ + 1e-9))
    empty = pd.DataFrame({"cidx": [], "band": [], "smask": [], "usmask": [], "exposure": []})
    if len(todo) == 0:
        return empty
    span = wend[todo] - exit_[todo]
    rates = model.customer_rates(contacts[todo], exit_[todo] - entry[todo])
    n_new = rng.poisson(rates * span)
    cid = np.repeat(todo, n_new)
    t_new = exit_[cid] + rng.random(cid.size) * (wend[cid] - exit_[cid])
    kind = rng.choice(model.type_prob.size, size=cid.size, p=model.type_prob)
    is_fail = model.type_smask[kind] > 0
    lag = float(exposure_lag_days)
    # Failures shortly before the exit still weigh on the hazard after it.
    todo_set = np.zeros(len(customers), bool)
    todo_set[todo] = True
    fc0 = failures["cidx"].to_numpy(np.int64)
    carry = todo_set[fc0] & (failures["t"].to_numpy(float) + lag + window_days > exit_[fc0])
    fc = np.concatenate([fc0[carry], cid[is_fail]])
    on = np.concatenate([failures["t"].to_numpy(float)[carry], t_new[is_fail]]) + lag
    fsm = np.concatenate([failures["smask"].to_numpy(np.int64)[carry], model.type_smask[kind][is_fail]])
    frec = np.concatenate(
        [failures["recovered"].to_numpy(np.int64)[carry], model.type_recovered[kind][is_fail]]
    )
    off = on + window_days

    # Cut points: exit, window end, each exposure's start and end, tenure band boundaries.
    pts_c = [todo, todo]
    pts_t = [exit_[todo], wend[todo]]
    for edge in (on, off):
        ok = (edge > exit_[fc]) & (edge < wend[fc])
        pts_c.append(fc[ok])
        pts_t.append(edge[ok])
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
    a, length, c = a[keep], (b_ - a)[keep], c[keep]
    n_ep = a.size
    band = np.searchsorted(np.asarray(bands), a, side="right")
    # Which exposures are active at each episode's start: episodes and exposures of a customer.
    first = np.searchsorted(c, fc, side="left")
    last = np.searchsorted(c, fc, side="right")
    counts = last - first
    pair_f = np.repeat(np.arange(fc.size), counts)
    pair_e = np.repeat(first, counts) + (
        np.arange(pair_f.size) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    act = (on[pair_f] <= a[pair_e] + 1e-12) & (off[pair_f] > a[pair_e] + 1e-12)
    pe, pf = pair_e[act], pair_f[act]
    smask = _or_reduce_by(pe, fsm[pf], n_ep)
    usmask = _or_reduce_by(pe, np.where(frec[pf] == 1, 0, fsm[pf]), n_ep)
    return pd.DataFrame({"cidx": c, "band": band, "smask": smask, "usmask": usmask, "exposure": length})


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
    """The answer to "what if we avoided these fractions of each family's failures?", looking back
    over the observed window (the forward projection is :mod:`models.scenarios`).

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


@dataclass
class _Scenario:
    """The customers one removal scenario touches and their pattern matrix under it."""

    removed: int  # subtype-slot mask
    customers: np.ndarray  # customer indices touched
    matrix: sparse.csr_matrix  # touched customers × patterns, exposure days


class ChurnAttribution(Estimator):
    """Attributable share of churn by failure family and subtype, with bootstrap intervals.

    Parameters
    ----------
    n_bootstrap:
        Bootstrap replicates over customers for the 95 % intervals (int ≥ 0; 0 = no intervals).
    window_days:
        Days a failure keeps raising the hazard once its exposure starts.
    exposure_lag_days:
        Days from a failure's contact to the start of its exposure (the periods' and the
        continuation's; see :mod:`analytics.periods`).
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
    tau2:
        Variance of the subtype deviations δ_s; ``None`` (default) estimates it by the Laplace
        approximation of the marginal likelihood (see the module docstring).

    Fitted attributes
    -----------------
    coef_ : pd.Series — log hazard ratios of the piecewise-exponential model (band, segment and
        plan terms, one per family, one deviation per subtype slot, ``recovered``).
    tau2_ : float — the subtype variance used.
    hazard_ratios_ : pd.DataFrame — estimate, low, high (bootstrap percentiles) for each family
        (its subtypes' hazard ratios averaged with their failure counts as weights) and
        ``recovered``.
    subtype_hazard_ratios_ : pd.DataFrame — per subtype slot with failures: family, failures,
        estimate, low, high of exp(β_family + δ_s).
    expected_churn_ : pd.Series — expected churn events in the window under each family mask.
    expected_revenue_lost_ : pd.Series — monthly revenue of the customers expected to leave, per mask.
    attributable_share_ : pd.DataFrame — estimate, low, high for each family (Shapley) and for the
        joint groups (attitude_and_process, price_and_quality, all_failures).
    attributable_share_by_subtype_ : pd.DataFrame — per subtype with failures: family, failures,
        estimate, low, high; a family's subtypes add up to its share in every replicate.
    joint_share_by_subtype_ : pd.DataFrame — J({s}) per subtype slot with failures.
    service_share_ : pd.Series — estimate, low, high of (attitude + process) / all failures: the
        share of failure-driven churn that is service rather than price or quality.
    bootstrap_beta_ : np.ndarray — (n_bootstrap × coefficients) replicates of ``coef_``.
    exposed_events_ : pd.Series — churn events observed while each column of the model was on
        (index as ``coef_``; ``recovered`` counts an event once per recovered family), the "events
        per row" of a forest plot of the hazard ratios.
    customer_ids_ : np.ndarray — the customers in fit order (the order of a mask for
        :meth:`subgroup_shares`).
    cells_ : pd.DataFrame — one row per combination of the ``subgroups`` columns present among
        the customers (their values, ``customers``, ``churned``); :meth:`filtered_shares` sums them.
    expected_by_cell_ : np.ndarray — expected churn per cell under each family-removal scenario,
        point fit first then each replicate: shape (1 + n_bootstrap, len(cells_), N_SCENARIOS).
    recovery_rate_ : pd.Series — observed share of failures recovered, per family.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "n_bootstrap": [Interval(int, 0, None)],
        "window_days": [Interval(float, 0, None, "neither")],
        "exposure_lag_days": [Interval(float, 0, 30)],
        "bands": [DAY_EDGES],
        "max_levels": [Interval(int, 1, None)],
        "alpha": [ALPHA],
        "seed": [Interval(int, 0, None)],
        "min_band_events": [Interval(int, 1, None)],
        "penalizer": [PENALIZER],
        "tau2": [Interval(float, 0, None, "neither"), NONE],
    }

    def __init__(
        self,
        n_bootstrap: int = 200,
        window_days: float = 90.0,
        exposure_lag_days: float = 1.0,
        bands: tuple[float, ...] = (30.0, 90.0, 180.0, 365.0, 730.0),
        max_levels: int = 6,
        alpha: float = 0.05,
        seed: int = 0,
        min_band_events: int = 20,
        penalizer: float = 1e-6,
        tau2: float | None = None,
    ) -> None:
        self.n_bootstrap = n_bootstrap
        self.window_days = window_days
        self.exposure_lag_days = exposure_lag_days
        self.bands = bands
        self.max_levels = max_levels
        self.alpha = alpha
        self.seed = seed
        self.min_band_events = min_band_events
        self.penalizer = penalizer
        self.tau2 = tau2

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

    def static_codes(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Segment and plan codes of a customers frame (``segment``, ``plan``) in the fitted levels
        (an unseen level counts as "other", or as the commonest level when there is no "other")."""
        self._check_fitted("static_codes")
        return self._codes(frame["segment"], self.seg_levels_), self._codes(frame["plan"], self.plan_levels_)

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

    def _keys(
        self, static: np.ndarray, smask: np.ndarray, usmask: np.ndarray, removed: int = 0
    ) -> np.ndarray:
        # what the model reads of the unrecovered failures is only which families are recovered-only
        keep = ~np.int64(removed)
        sm = smask & keep
        return (static << (_MASK_BITS + 4)) | (sm << 4) | _recovered_bits(sm, usmask & keep)

    def _design(self, keys: np.ndarray) -> tuple[np.ndarray, list[str]]:
        nb, ns, npl = self.n_bands_, len(self.seg_levels_), len(self.plan_levels_)
        static = keys >> (_MASK_BITS + 4)
        smask = (keys >> 4) & _MASK
        recovered = keys & 15
        bd, sg, pl = static // (ns * npl), (static // npl) % ns, static % npl
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
        for f in FAMILIES:
            cols.append((smask & FAMILY_SLOT_MASK[f]) != 0)
            names.append(f)
        # A failure labelled with its family only is a mix of the family's named subtypes in the
        # proportions seen (missing at random): its deviation is their mix-weighted mean, so its
        # slot loads each named subtype's column with that subtype's share (no column of its own).
        for k, key in enumerate(SLOT_NAMES):
            col = ((smask >> k) & 1).astype(float)
            if self._mix_weights_[k] > 0:
                unspecified = UNSPECIFIED_BIT[FAMILIES[SLOT_FAMILY[k]]]
                col += ((smask & unspecified) != 0) * self._mix_weights_[k]
            elif key.endswith("_unspecified"):
                col[:] = 0.0
            cols.append(col)
            names.append(f"subtype[{key}]")
        cols.append(sum((recovered >> k) & 1 for k in range(len(FAMILIES))))
        names.append("recovered")
        return np.column_stack(cols).astype(float), names

    @staticmethod
    def _with_slots(states: pd.DataFrame) -> pd.DataFrame:
        """States that carry only family masks (fmask/rmask) get each family's unspecified slot;
        without the unrecovered failures' bits (``usmask``), the subtypes with a recovered failure
        count as recovered."""
        if "smask" not in states:
            if not {"fmask", "rmask"} <= set(states):
                raise ValueError(
                    "states needs subtype masks (smask, usmask) or family masks (fmask, rmask). Build it "
                    "with analytics.periods.episode_states."
                )
            states = states.assign(
                smask=_family_slots_from_flags(states, "", "fmask"),
                rsmask=_family_slots_from_flags(states, "", "rmask"),
            )
        if "usmask" not in states:
            rsmask = states["rsmask"].to_numpy(np.int64) if "rsmask" in states else np.int64(0)
            states = states.assign(usmask=states["smask"].to_numpy(np.int64) & ~rsmask)
        return states

    def _check_definitions(self, frame: pd.DataFrame) -> None:
        """A frame built by analytics.periods records its exposure definitions: they must be this
        model's, or the continuation would simulate exposures of another length or lag."""
        for name, mine in (("window_days", self.window_days), ("exposure_lag_days", self.exposure_lag_days)):
            theirs = frame.attrs.get(name)
            if theirs is not None and float(theirs) != float(mine):
                raise ValueError(
                    f"The states were built with {name}={theirs} but ChurnAttribution has {name}={mine}. "
                    f"Pass ChurnAttribution({name}={theirs}) (the scope's value)."
                )

    # -- fit -----------------------------------------------------------------------------------
    def fit(
        self,
        states: pd.DataFrame,
        customers: pd.DataFrame,
        failures: pd.DataFrame,
        contacts: pd.DataFrame,
        *,
        subgroups: Sequence[str] = (),
        progress: Callable[[float, str], None] | None = None,
    ) -> ChurnAttribution:
        """Fit from the store's frames (see :mod:`analytics.periods`).

        Parameters
        ----------
        states:
            ``episode_states``: customer_id, band, smask, usmask (or only fmask, rmask: each
            family is then its unspecified subtype), exposure (days), events.
        customers:
            ``customer_frame``: customer_id, entry, exit, window_end (tenure days), churned, segment, plan.
        failures:
            ``failure_frame``: customer_id, t (tenure days), smask (or the family flags f_att,
            f_proc, f_price, f_qual), recovered.
        contacts:
            ``contact_counts``: customer_id, contacts.
        subgroups:
            Columns of ``customers`` (e.g. segment, plan, region) whose combinations keep their
            own expected churn, so that :meth:`filtered_shares` reads a subgroup's shares for a
            filter on them in microseconds.
        progress:
            ``progress(fraction, message)`` hears of the fit's advance, replicate by replicate.
        """
        self._validate_params()
        missing = [c for c in ("customer_id", "band", "exposure", "events") if c not in states]
        if missing:
            raise ValueError(
                f"states is missing columns {missing}. Build it with analytics.periods.episode_states."
            )
        self._check_definitions(states)
        states = self._with_slots(states)
        rng = np.random.default_rng(self.seed)
        cust = customers.reset_index(drop=True)
        absent = [c for c in subgroups if c not in cust.columns]
        if absent:
            raise ValueError(
                f"The subgroups {absent} are not columns of customers (it has {list(cust.columns)}). "
                "Name columns of analytics.periods.customer_frame, such as segment, plan or region."
            )
        index = pd.Index(cust["customer_id"])
        n = len(cust)
        if n == 0:
            raise ValueError("No customers are followed in the window: nothing to attribute.")
        self.seg_levels_ = self._levels(cust["segment"])
        self.plan_levels_ = self._levels(cust["plan"])
        seg = self._codes(cust["segment"], self.seg_levels_)
        plan = self._codes(cust["plan"], self.plan_levels_)
        self.band_map_ = self._band_map(states)
        self.n_bands_ = int(self.band_map_.max()) + 1
        ns, npl = len(self.seg_levels_), len(self.plan_levels_)

        smask_f = (
            failures["smask"].to_numpy(np.int64)
            if "smask" in failures
            else _family_slots_from_flags(failures, "f_", None)
        )
        fails = pd.DataFrame(
            {
                "cidx": index.get_indexer(failures["customer_id"]),
                "t": failures["t"].to_numpy(float),
                "smask": smask_f,
                "recovered": failures["recovered"].to_numpy(np.int64),
            }
        )
        fails = fails[(fails["cidx"] >= 0) & (fails["smask"] > 0)].reset_index(drop=True)
        entry = cust["entry"].to_numpy(float)
        exit_ = cust["exit"].to_numpy(float)
        fc = fails["cidx"].to_numpy()
        during = (fails["t"].to_numpy() >= entry[fc]) & (fails["t"].to_numpy() < exit_[fc])
        cc = contacts.set_index("customer_id")["contacts"].reindex(index).fillna(0).to_numpy(float)
        self.contact_model_ = fit_contact_model(cc, exit_ - entry, fails[during])
        self._observed_mix(fails[during])
        cont = continuation_states(
            cust,
            fails,
            self.contact_model_,
            cc,
            self.bands,
            float(self.window_days),
            rng,
            float(self.exposure_lag_days),
        )

        obs_c = index.get_indexer(states["customer_id"])
        if (obs_c < 0).any():
            raise ValueError(
                "states holds customers that customers does not: build both from the same store and window."
            )
        n_obs = len(states)
        cidx = np.concatenate([obs_c, cont["cidx"].to_numpy(np.int64)])
        band = self.band_map_[
            np.concatenate([states["band"].to_numpy(np.int64), cont["band"].to_numpy(np.int64)])
        ]
        smask = np.concatenate([states["smask"].to_numpy(np.int64), cont["smask"].to_numpy(np.int64)])
        usmask = np.concatenate([states["usmask"].to_numpy(np.int64), cont["usmask"].to_numpy(np.int64)])
        exposure = np.concatenate([states["exposure"].to_numpy(float), cont["exposure"].to_numpy(float)])
        static = (band * ns + seg[cidx]) * npl + plan[cidx]
        self._rows = (cidx, static, smask, usmask, exposure)
        self.n_customers_ = n
        self.observed_churn_ = int(cust["churned"].sum())
        self.customer_ids_ = index.to_numpy()
        self.churned_ = cust["churned"].to_numpy(np.int64)
        self._set_cells(cust, tuple(subgroups))

        # Removal scenarios: every set of families (for the Shapley shares), then each subtype alone.
        present = _or_reduce_by(np.zeros(smask.size, np.int64), smask, 1)[0]
        self.slots_present_ = np.array([(present >> k) & 1 == 1 for k in range(N_SLOTS)])
        removals = [
            sum(FAMILY_SLOT_MASK[f] for j, f in enumerate(FAMILIES) if m >> j & 1)
            for m in range(1, N_SCENARIOS)
        ]
        removals += [1 << k for k in range(N_SLOTS) if self.slots_present_[k]]
        keys = [self._keys(static, smask, usmask)]
        touched_rows = []
        for removed in removals:
            hit = np.zeros(n, bool)
            hit[cidx[(smask & removed) != 0]] = True
            rows = np.flatnonzero(hit[cidx])
            touched_rows.append(rows)
            keys.append(self._keys(static[rows], smask[rows], usmask[rows], removed))
        pid_all, uniques = pd.factorize(np.concatenate(keys))
        self.pattern_keys_ = np.asarray(uniques, dtype=np.int64)
        self.n_patterns_ = self.pattern_keys_.size
        self.X_, self.names_ = self._design(self.pattern_keys_)
        shape = (n, self.n_patterns_)
        pid0 = pid_all[: cidx.size]
        self.M0_ = sparse.csr_matrix((exposure, (cidx, pid0)), shape=shape)
        self.E_obs_ = sparse.csr_matrix((exposure[:n_obs], (obs_c, pid0[:n_obs])), shape=shape)
        self.D_obs_ = sparse.csr_matrix(
            (states["events"].to_numpy(float), (obs_c, pid0[:n_obs])), shape=shape
        )
        self._scenarios: list[_Scenario] = []
        offset = cidx.size
        for removed, rows in zip(removals, touched_rows):
            pid = pid_all[offset : offset + rows.size]
            offset += rows.size
            custs, local = np.unique(cidx[rows], return_inverse=True)
            mat = sparse.csr_matrix((exposure[rows], (local, pid)), shape=(custs.size, self.n_patterns_))
            self._scenarios.append(_Scenario(removed, custs, mat))

        # A family, subtype or level with no exposure in the data has nothing to estimate: leave it
        # out of the fit (log HR 0 in the predictions) and report its hazard ratio as unknown.
        seen = np.asarray(self.E_obs_.sum(axis=0)).ravel() > 0
        self.active_ = self.X_[seen].any(axis=0)
        self.slot_cols_ = np.array([self.names_.index(f"subtype[{k}]") for k in SLOT_NAMES])
        self.family_cols_ = np.array([self.names_.index(f) for f in FAMILIES])
        self.rec_col_ = self.names_.index("recovered")
        # The random effect: the named subtypes' deviations (the unspecified slots have no column).
        is_slot = np.zeros(len(self.names_), bool)
        is_slot[self.slot_cols_] = True
        self._is_slot = is_slot
        if self.tau2 is not None:
            self.tau2_grid_, self.tau2_weights_ = np.array([float(self.tau2)]), np.array([1.0])
            self.tau2_ = float(self.tau2)
        else:
            self.tau2_ = self._estimate_tau2()
        w = np.ones(n)
        beta, cov = self._refit(w, None)
        self.coef_ = pd.Series(beta, index=self.names_)
        self.cov_ = cov
        by_cell: list[np.ndarray] = []
        est = self._expected_all(beta, w, by_cell)
        self.expected_churn_ = pd.Series(
            np.r_[est[0], est[1:N_SCENARIOS]], index=pd.RangeIndex(N_SCENARIOS, name="removed_mask")
        )
        revenue = pd.to_numeric(
            cust.get("monthly_revenue", pd.Series(np.nan, index=cust.index)), errors="coerce"
        )
        self.revenue_known_ = int(revenue.notna().sum())
        # Monthly revenue of the customers expected to leave, under each removal scenario.
        lost = self._expected_all(beta, revenue.fillna(0.0).to_numpy(float))
        self.expected_revenue_lost_ = pd.Series(
            lost[:N_SCENARIOS], index=pd.RangeIndex(N_SCENARIOS, name="removed_mask")
        )
        point = self._shares(est)
        point_hr = self._ratios(beta)

        reps_beta, reps_share, reps_hr = [], [], []
        noise = np.random.default_rng(self.seed + 2)
        told = f"attribution with {self.n_bootstrap} bootstrap replicates"
        if progress is not None:
            progress(0.1, told)  # the point fit (and the subtype variance) are done
        for k, wb in enumerate(self._bootstrap_weights()):
            if progress is not None and k % 5 == 0:
                progress(0.1 + 0.9 * k / self.n_bootstrap, told)
            tau2 = float(noise.choice(self.tau2_grid_, p=self.tau2_weights_))
            bb, cov_b = self._refit(wb, beta, tau2)
            bb = bb + self._split_draw(cov_b, noise)
            reps_beta.append(bb)
            reps_share.append(self._shares(self._expected_all(bb, wb, by_cell)))
            reps_hr.append(self._ratios(bb))
        self.expected_by_cell_ = np.stack(by_cell)
        self.bootstrap_beta_ = np.array(reps_beta).reshape(len(reps_beta), len(self.names_))
        self.bootstrap_shares_ = pd.DataFrame(reps_share, columns=point.index) if reps_share else None
        self._tables(point, point_hr, reps_share, reps_hr)
        # Kept before the pattern matrices go: the events behind each hazard ratio.
        events = np.asarray(self.D_obs_.sum(axis=0)).ravel() @ self.X_
        self.exposed_events_ = pd.Series(events, index=self.names_)
        # The pattern matrices are the fit's scaffolding (the bootstrap's sufficient statistics and
        # the removal scenarios); a cached report keeps only what predictions need.
        for name in ("_scenarios", "M0_", "E_obs_", "D_obs_", "X_", "pattern_keys_"):
            delattr(self, name)
        self._is_fitted = True
        return self

    def _observed_mix(self, fails: pd.DataFrame) -> None:
        """Failure counts per subtype slot and the recovery rate per family (for the reports and
        the forward projection's baseline)."""
        sm = fails["smask"].to_numpy(np.int64)
        rec = fails["recovered"].to_numpy(np.int64) == 1
        self.slot_failures_ = pd.Series(
            [int(((sm >> k) & 1).sum()) for k in range(N_SLOTS)], index=list(SLOT_NAMES), dtype="int64"
        )
        rates = {}
        for f in FAMILIES:
            mine = (sm & FAMILY_SLOT_MASK[f]) != 0
            rates[f] = float(rec[mine].mean()) if mine.any() else float(rec.mean()) if rec.size else 0.0
        self.recovery_rate_ = pd.Series(rates)
        named = {f: int(((sm & (FAMILY_SLOT_MASK[f] & ~UNSPECIFIED_BIT[f])) != 0).sum()) for f in FAMILIES}
        total = {f: int(((sm & FAMILY_SLOT_MASK[f]) != 0).sum()) for f in FAMILIES}
        counts = self.slot_failures_.to_numpy(float)
        weights = np.zeros(N_SLOTS)
        is_named = ~np.array([n.endswith("_unspecified") for n in SLOT_NAMES])
        for j in range(len(FAMILIES)):
            mine = (j == SLOT_FAMILY) & is_named
            if counts[mine].sum() > 0:
                weights[mine] = counts[mine] / counts[mine].sum()
        self._mix_weights_ = weights
        self.subtype_coverage_ = pd.Series(
            {f: (named[f] / total[f] if total[f] else np.nan) for f in FAMILIES}, name="named_subtype_share"
        )

    def _split_draw(self, cov: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A draw of how each family's effect divides among its subtypes, for one replicate.

        The bootstrap of a shrunk estimate understates the uncertainty of the subtype deviations:
        every replicate is shrunk towards its family as the estimate is, so an extreme subtype's
        interval sits around a value pulled towards the family's. Each replicate therefore adds to
        the deviations a draw from their posterior covariance given its τ² (the penalised fit's
        inverse information: the prediction-error variance of a random effect), centred within
        each family (failure-weighted) so that the family's own effect keeps the bootstrap's
        uncertainty and only its division among subtypes gains the posterior's.
        """
        out = np.zeros(len(self.names_))
        cols = self.slot_cols_[self._is_slot[self.slot_cols_] & self.active_[self.slot_cols_]]
        if cols.size == 0:
            return out
        block = cov[np.ix_(cols, cols)]
        vals, vecs = np.linalg.eigh(0.5 * (block + block.T))
        e = (vecs * np.sqrt(np.clip(vals, 0.0, None))) @ rng.standard_normal(cols.size)
        slots = np.searchsorted(self.slot_cols_, cols)
        counts = self.slot_failures_.to_numpy(float)[slots]
        fam = SLOT_FAMILY[slots]
        for f in np.unique(fam):
            mine = fam == f
            weights = counts[mine] if counts[mine].sum() > 0 else np.ones(mine.sum())
            e[mine] -= e[mine] @ weights / weights.sum()
        out[cols] = e
        return out

    # -- the Poisson fit -----------------------------------------------------------------------
    def _penalty(self, tau2: float) -> np.ndarray:
        return np.where(self._is_slot, 1.0 / tau2, 0.0)

    def _fit_pe(self, w: np.ndarray, beta0: np.ndarray | None, tau2: float) -> PiecewiseExponential:
        e = self.E_obs_.T @ w
        d = self.D_obs_.T @ w
        seen = e > 0
        act = self.active_
        return PiecewiseExponential(penalizer=self.penalizer).fit(
            self.X_[seen][:, act],
            d[seen],
            e[seen],
            baseline_columns=list(range(self.n_bands_)),
            beta0=None if beta0 is None else beta0[act],
            penalty=self._penalty(tau2)[act],
        )

    def _estimate_tau2(self) -> float:
        """τ² from the Laplace-approximate restricted likelihood L(τ²) (module docstring), as the
        posterior mean under a flat prior on τ, on a grid of 17 values from 10⁻⁴ to 1.

        The likelihood of a variance from some twenty subtypes is flat near 0: its maximum often
        sits at the smallest values the data cannot rule out, and shrinks the strongest subtypes
        most of the way back to their family. The posterior mean keeps the spread the data allow;
        the grid's weights are kept (``tau2_grid_``, ``tau2_weights_``) and each bootstrap
        replicate draws its τ² from them, so the intervals carry τ²'s uncertainty too."""
        q = int((self._is_slot & self.active_).sum())
        grid = np.exp(np.linspace(np.log(1e-4), 0.0, 17))
        if q < 2:  # nothing to pool: one subtype (or none) carries its family's effect
            self.tau2_grid_, self.tau2_weights_ = np.array([1.0]), np.array([1.0])
            return 1.0
        w = np.ones(self.n_customers_)
        beta0 = None
        log_l = []
        for tau2 in grid:
            pe = self._fit_pe(w, beta0, float(tau2))
            beta0 = np.zeros(len(self.names_))
            beta0[self.active_] = pe.beta_
            logdet_cov = np.linalg.slogdet(pe.covariance_)[1]
            log_l.append(pe.log_likelihood_ - 0.5 * q * np.log(tau2) + 0.5 * logdet_cov)
        # a flat prior on τ is a density ∝ τ on the log τ² grid
        log_post = np.array(log_l) + 0.5 * np.log(grid)
        weights = np.exp(log_post - log_post.max())
        self.tau2_grid_, self.tau2_weights_ = grid, weights / weights.sum()
        return float(self.tau2_grid_ @ self.tau2_weights_)

    def _refit(
        self, w: np.ndarray, beta0: np.ndarray | None, tau2: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fit the piecewise-exponential model to the pattern totals under customer weights ``w``."""
        pe = self._fit_pe(w, beta0, self.tau2_ if tau2 is None else tau2)
        act = self.active_
        beta = np.zeros(self.X_.shape[1])
        beta[act] = pe.beta_
        cov = np.full((beta.size, beta.size), np.nan)
        cov[np.ix_(act, act)] = pe.covariance_
        return beta, cov

    # -- predictions ---------------------------------------------------------------------------
    def _expected_all(
        self, beta: np.ndarray, w: np.ndarray, by_cell: list[np.ndarray] | None = None
    ) -> np.ndarray:
        """Weighted expected churn as observed, then under each removal scenario (family sets
        1..15, then each subtype present). With ``by_cell``, also appends the same sums for the
        family scenarios per cell of :attr:`cells_` (cells × N_SCENARIOS)."""
        lam = np.exp(self.X_ @ beta)
        f0 = -np.expm1(-(self.M0_ @ lam))
        base = float(f0 @ w)
        out = [base]
        cells = None
        if by_cell is not None:
            n_cells = len(self.cells_)
            cells = np.empty((n_cells, N_SCENARIOS))
            cells[:, 0] = np.bincount(self.cell_codes_, weights=f0 * w, minlength=n_cells)
        for k, sc in enumerate(self._scenarios):
            fs = -np.expm1(-(sc.matrix @ lam))
            saved = (f0[sc.customers] - fs) * w[sc.customers]
            out.append(base - float(saved.sum()))
            if cells is not None and k + 1 < N_SCENARIOS:
                codes = self.cell_codes_[sc.customers]
                cells[:, k + 1] = cells[:, 0] - np.bincount(codes, weights=saved, minlength=len(cells))
        if by_cell is not None:
            by_cell.append(cells)
        return np.array(out)

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

    def _family_risk(self, beta: np.ndarray) -> np.ndarray:
        """Each customer's probability of churning in the window as observed and with each set of
        families removed (N_SCENARIOS × customers), from the fitted model's rate tables."""
        cidx, static, smask, usmask, exposure = self._rows
        tables = self.rate_tables(beta)
        fam_tables = tables.family_tables()
        ns, npl = len(self.seg_levels_), len(self.plan_levels_)
        merged_first = np.array([int(np.flatnonzero(self.band_map_ == b)[0]) for b in range(self.n_bands_)])
        raw_static = (merged_first[static // (ns * npl)] * ns + (static // npl) % ns) * npl + static % npl
        base_log = tables.static_log.reshape(-1)[raw_static]
        out = np.empty((N_SCENARIOS, self.n_customers_))
        for m in range(N_SCENARIOS):
            keep = ~np.int64(sum(FAMILY_SLOT_MASK[f] for j, f in enumerate(FAMILIES) if m >> j & 1))
            rate = np.exp(base_log + tables.failure_log_hr(smask & keep, usmask & keep, fam_tables))
            h = np.bincount(cidx, weights=rate * exposure, minlength=self.n_customers_)
            out[m] = -np.expm1(-h)
        return out

    def _family_shares(self, expected: np.ndarray) -> pd.Series:
        """Shares from expected churn under the family scenarios (``expected[m]``, mask m)."""
        base = expected[0]
        joint = {m: (1.0 - expected[m] / base if base > 0 else np.nan) for m in range(N_SCENARIOS)}
        joint[0] = 0.0
        phi = shapley(joint)
        out = {f: phi[k] for k, f in enumerate(FAMILIES)}
        for name, fams in JOINT_GROUPS.items():
            out[name] = joint[mask_of(fams)]
        total = joint[N_SCENARIOS - 1]
        out["service_share_of_failure_churn"] = (phi[0] + phi[1]) / total if total > 0 else np.nan
        return pd.Series(out)

    def _subgroup(
        self, expected: np.ndarray, customers: int, churned: int, filters: dict[str, tuple[str, ...]]
    ) -> SubgroupShares:
        """Shares from a subgroup's expected churn by family scenario: point fit in row 0, replicates after."""
        if customers == 0:
            raise ValueError(
                "No customer the model was fitted on is in this subgroup, so it has no churn to attribute. "
                "Choose other filter values, or another window."
            )
        point = self._family_shares(expected[0])
        table = pd.DataFrame({"estimate": point})
        if len(expected) > 1:
            reps = pd.DataFrame([self._family_shares(e) for e in expected[1:]], columns=point.index)
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
        """The family shares of the customers in ``mask`` from this fit, without refitting.

        ``mask``: booleans in the order of :attr:`customer_ids_` (one per customer fitted on).
        The expected churn as observed and with each set of families removed is summed over those
        customers only, in the point fit and in each bootstrap replicate (its coefficients and its
        weights), so the subgroup's shares and intervals are those of the same model. Costs one
        pass over the episodes per scenario and replicate (tens of seconds at 100,000 customers);
        a filter on the ``subgroups`` columns is answered by :meth:`filtered_shares` in
        microseconds, with the same numbers.
        """
        self._check_fitted("subgroup_shares")
        self._per_customer("subgroup_shares")
        mask = np.asarray(mask, bool)
        if mask.shape != (self.n_customers_,):
            raise ValueError(
                f"mask must hold one boolean per customer fitted on ({self.n_customers_}), in the order "
                f"of customer_ids_. Got shape {mask.shape} instead."
            )
        w = mask.astype(float)
        expected = [self._family_risk(self.coef_.to_numpy()) @ w]
        for bb, wb in zip(self.bootstrap_beta_, self._bootstrap_weights()):
            expected.append(self._family_risk(bb) @ (wb * w))
        return self._subgroup(np.array(expected), int(mask.sum()), int(self.churned_[mask].sum()), {})

    PER_CUSTOMER: ClassVar[tuple[str, ...]] = ("_rows", "customer_ids_", "churned_", "cell_codes_")
    """The fit's per-customer arrays (the episodes and their continuation, tens of megabytes at
    100,000 customers): only :meth:`subgroup_shares` and :meth:`expected_churn` read them."""

    def slimmed(self) -> ChurnAttribution:
        """A copy without :data:`PER_CUSTOMER`, for a report kept and read back by every page: the
        shares, hazard ratios, scenarios (:meth:`scenario`, :meth:`rate_tables` and what
        :class:`models.scenarios.ScenarioEngine` reads) and :meth:`filtered_shares` work on it; the
        per-customer methods raise ValueError. The cells' expected churn is kept in float32 (sums
        of probabilities, to seven digits)."""
        self._check_fitted("slimmed")
        out = copy.copy(self)
        for name in self.PER_CUSTOMER:
            out.__dict__.pop(name, None)
        out.expected_by_cell_ = np.asarray(self.expected_by_cell_, np.float32)
        return out

    def _per_customer(self, what: str) -> None:
        if "_rows" not in self.__dict__:
            raise ValueError(
                f"{what} needs the fit's per-customer episodes, which a slimmed model (a kept report's) "
                "does not hold. Use filtered_shares for a segment, plan or region subgroup, or fit the "
                "model again for this."
            )

    def filtered_shares(self, filters: Mapping[str, Iterable[str]]) -> SubgroupShares:
        """The family shares of the customers whose ``subgroups`` columns take the given values,
        e.g. ``{"segment": ["business"], "region": ["Bogotá", "Antioquia"]}`` (values within a
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
        expected = self.expected_by_cell_[:, keep, :].sum(axis=1, dtype=np.float64)
        return self._subgroup(expected, int(cells["customers"].sum()), int(cells["churned"].sum()), chosen)

    def deltas(self, beta: np.ndarray | None = None) -> np.ndarray:
        """Each subtype slot's deviation from its family's log hazard ratio; an unspecified slot's is
        the mix-weighted mean of its family's named subtypes' (see ``_design``)."""
        b = self.coef_.to_numpy() if beta is None else np.asarray(beta)
        delta = b[self.slot_cols_].copy()
        for fam, bit in UNSPECIFIED_BIT.items():
            k = bit.bit_length() - 1
            mine = (FAMILIES.index(fam) == SLOT_FAMILY) & (self._mix_weights_ > 0)
            delta[k] = float(self._mix_weights_[mine] @ delta[mine]) if mine.any() else 0.0
        return delta

    def theta(self, beta: np.ndarray | None = None) -> np.ndarray:
        """Log hazard ratio of each subtype slot, β_family + δ_s (0 for a family not in the data)."""
        b = self.coef_.to_numpy() if beta is None else np.asarray(beta)
        return b[self.family_cols_][SLOT_FAMILY] + self.deltas(b)

    def _ratios(self, beta: np.ndarray) -> np.ndarray:
        """Hazard ratios: each family (its subtypes' averaged with failure counts as weights),
        recovered, then each subtype slot."""
        hr_slot = np.exp(self.theta(beta))
        counts = self.slot_failures_.to_numpy(float)
        fam = []
        for j, _ in enumerate(FAMILIES):
            mine = j == SLOT_FAMILY
            total = counts[mine].sum()
            fam.append(
                float(hr_slot[mine] @ counts[mine] / total)
                if total > 0
                else float(np.exp(beta[self.family_cols_[j]]))
            )
        return np.r_[fam, np.exp(beta[self.rec_col_]), hr_slot]

    def _shares(self, expected: np.ndarray) -> pd.Series:
        base = expected[0]
        joint = {0: 0.0}
        for m in range(1, N_SCENARIOS):
            joint[m] = 1.0 - expected[m] / base
        phi = shapley(joint)
        out = {f: phi[k] for k, f in enumerate(FAMILIES)}
        for name, fams in JOINT_GROUPS.items():
            out[name] = joint[mask_of(fams)]
        total = joint[N_SCENARIOS - 1]
        out["service_share_of_failure_churn"] = (phi[0] + phi[1]) / total if total > 0 else np.nan
        for m in range(N_SCENARIOS):
            out[f"joint[{m}]"] = joint[m]
        js = np.zeros(N_SLOTS)
        present = np.flatnonzero(self.slots_present_)
        js[present] = 1.0 - expected[N_SCENARIOS:] / base
        for k in present:
            out[f"jsub[{SLOT_NAMES[k]}]"] = js[k]
        counts = self.slot_failures_.to_numpy(float)
        for j, f in enumerate(FAMILIES):
            named = [k for k in present if SLOT_FAMILY[k] == j and 1 << k != UNSPECIFIED_BIT[f]]
            if named:
                weights = np.maximum(js[named], 0.0)
                if weights.sum() <= 0:
                    weights = counts[named]
                if weights.sum() <= 0:
                    weights = np.ones(len(named))
                for k, wk in zip(named, weights / weights.sum()):
                    out[f"sub[{SLOT_NAMES[k]}]"] = phi[j] * wk
            elif self.slots_present_[SLOT_NAMES.index(f"{f}_unspecified")]:
                out[f"sub[{f}_unspecified]"] = phi[j]
        return pd.Series(out)

    def _tables(self, point: pd.Series, point_hr: np.ndarray, reps_share: list, reps_hr: list) -> None:
        lo, hi = 100 * self.alpha / 2, 100 * (1 - self.alpha / 2)
        share_tab = pd.DataFrame({"estimate": point})
        hr_index = [*FAMILIES, "recovered", *SLOT_NAMES]
        hr = pd.DataFrame({"estimate": point_hr}, index=hr_index)
        if reps_share:
            rs = self.bootstrap_shares_
            share_tab["low"], share_tab["high"] = np.percentile(rs, lo, axis=0), np.percentile(rs, hi, axis=0)
            rh = np.array(reps_hr)
            hr["low"], hr["high"] = np.percentile(rh, lo, axis=0), np.percentile(rh, hi, axis=0)
        else:
            share_tab["low"], share_tab["high"] = np.nan, np.nan
            hr["low"], hr["high"] = np.nan, np.nan
        fam_seen = [self.active_[c] for c in self.family_cols_]
        for f, seen in zip(FAMILIES, fam_seen):
            if not seen:
                hr.loc[f] = np.nan
        if not self.active_[self.rec_col_]:
            hr.loc["recovered"] = np.nan
        self.hazard_ratios_ = hr.loc[[*FAMILIES, "recovered"]]
        present = [k for k in range(N_SLOTS) if self.slots_present_[k]]
        sub_hr = hr.loc[[SLOT_NAMES[k] for k in present]].copy()
        sub_hr.insert(0, "family", [FAMILIES[SLOT_FAMILY[k]] for k in present])
        sub_hr.insert(1, "failures", self.slot_failures_.iloc[present].to_numpy())
        self.subtype_hazard_ratios_ = sub_hr
        self.attributable_share_ = share_tab.loc[list(SHARE_ROWS)]
        self.service_share_ = share_tab.loc["service_share_of_failure_churn"]
        self.joint_share_ = share_tab.loc[[f"joint[{m}]" for m in range(N_SCENARIOS)]]
        sub_rows = [r for r in share_tab.index if r.startswith("sub[")]
        by_sub = share_tab.loc[sub_rows].copy()
        by_sub.index = [r[4:-1] for r in sub_rows]
        by_sub.insert(0, "family", [FAMILIES[SLOT_FAMILY[SLOT_NAMES.index(k)]] for k in by_sub.index])
        by_sub.insert(1, "failures", self.slot_failures_.reindex(by_sub.index).to_numpy())
        self.attributable_share_by_subtype_ = by_sub
        j_rows = [r for r in share_tab.index if r.startswith("jsub[")]
        jsub = share_tab.loc[j_rows].copy()
        jsub.index = [r[5:-1] for r in j_rows]
        self.joint_share_by_subtype_ = jsub

    # -- for the forward projection --------------------------------------------------------------
    def rate_tables(self, beta: np.ndarray | None = None) -> RateTables:
        """The fitted model (or one bootstrap replicate's ``beta``) as look-up tables: the log
        baseline rate per (raw tenure band of ``bands``, segment code, plan code), each subtype
        slot's log hazard ratio and the recovered failure's."""
        self._check_fitted("rate_tables")
        b = self.coef_.to_numpy() if beta is None else np.asarray(beta, float)
        ns, npl = len(self.seg_levels_), len(self.plan_levels_)
        band_log = b[: self.n_bands_][self.band_map_]
        seg_log = np.r_[0.0, b[self.n_bands_ : self.n_bands_ + ns - 1]]
        plan_log = np.r_[0.0, b[self.n_bands_ + ns - 1 : self.n_bands_ + ns - 1 + npl - 1]]
        static = band_log[:, None, None] + seg_log[None, :, None] + plan_log[None, None, :]
        return RateTables(
            static_log=static,
            family=b[self.family_cols_].copy(),
            delta=self.deltas(b),
            recovered=float(b[self.rec_col_]),
        )

    # -- scenarios -----------------------------------------------------------------------------
    def scenario(self, reduce: dict[str, float]) -> ScenarioResult:
        """What fixing part of the failures would have been worth over the observed window.

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
        multiplications. ``{"attitude": 1}`` is the same as removing attitude failures. The
        forward projection with subtype and recovery levers is :class:`models.scenarios.ScenarioEngine`.
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
        """Expected churn events in the window with the failures of ``remove`` (families or
        subtypes, English or Spanish) turned into ordinary contacts (milliseconds)."""
        self._check_fitted("expected_churn")
        self._per_customer("expected_churn")
        removed = slot_mask_of(remove)
        cidx, static, smask, usmask, exposure = self._rows
        tables = self.rate_tables()
        keep = ~np.int64(removed)
        sm, um = smask & keep, usmask & keep
        flat = tables.static_log.reshape(-1)
        # static holds the merged band; the tables are by raw band, whose merged bands repeat
        ns, npl = len(self.seg_levels_), len(self.plan_levels_)
        merged_first = np.array([int(np.flatnonzero(self.band_map_ == b)[0]) for b in range(self.n_bands_)])
        raw_static = (merged_first[static // (ns * npl)] * ns + (static // npl) % ns) * npl + static % npl
        log_rate = flat[raw_static] + tables.failure_log_hr(sm, um)
        h = np.bincount(cidx, weights=np.exp(log_rate) * exposure, minlength=self.n_customers_)
        return float((-np.expm1(-h)).sum())


@dataclass(frozen=True)
class RateTables:
    """A fitted hazard model as look-up tables, to predict the rate of any pattern quickly.

    ``static_log[band, segment, plan]``: log baseline hazard per day (raw tenure band of the
    model's ``bands``); ``family[f]``: log hazard ratio of a failure of family ``f`` exposing the
    customer (counted once); ``delta[slot]``: each subtype slot's deviation; ``recovered``: the log
    hazard ratio a family's effect gains while all of its exposing failures were recovered. A
    pattern's log rate is ``static_log[...] + failure_log_hr(smask, usmask)``.
    """

    static_log: np.ndarray
    family: np.ndarray
    delta: np.ndarray
    recovered: float

    @property
    def theta(self) -> np.ndarray:
        """Log hazard ratio of each subtype slot alone: its family's plus its deviation."""
        return self.family[SLOT_FAMILY] + self.delta

    def family_tables(self, monotone: bool = False) -> list[np.ndarray]:
        """Per family, the log hazard ratio of every combination of its slots exposing a customer
        (indexed by the family's part of a subtype mask, its slots renumbered from bit 0): the
        family's effect once plus the deviations of the slots present; 0 for none.

        ``monotone=True``: the largest of those over the combination's subsets (0 included), so
        that a failure never lowers the hazard and removing one never raises it — the forward
        projection's assumption (an estimated subtype hazard ratio below 1 counts as 1, and a
        subtype whose deviation is negative adds nothing to another of its family).
        """
        out = []
        for f in range(len(FAMILIES)):
            slots = np.flatnonzero(f == SLOT_FAMILY)
            size = slots.size
            masks = np.arange(1 << size)
            bits = (masks[:, None] >> np.arange(size)) & 1
            table = np.where(masks > 0, self.family[f] + bits @ self.delta[slots], 0.0)
            if monotone:  # maximum over subsets: add one bit at a time, keeping the best
                for j in range(size):
                    has = (masks >> j) & 1 == 1
                    table[has] = np.maximum(table[has], table[masks[has] ^ (1 << j)])
            out.append(table)
        return out

    def failure_log_hr(
        self, smask: np.ndarray, usmask: np.ndarray, tables: list[np.ndarray] | None = None
    ) -> np.ndarray:
        """Log hazard ratio of the failures exposing a customer (subtype bits ``smask``, of which
        ``usmask`` unrecovered), as fitted: each family's table value, plus the recovery's for each
        family whose exposing failures were all recovered."""
        t = self.family_tables() if tables is None else tables
        sm = np.asarray(smask, dtype=np.int64)
        um = np.asarray(usmask, dtype=np.int64)
        out = np.zeros(sm.shape)
        for f, table in enumerate(t):
            out += table[(sm >> _FAMILY_SHIFT[f]) & (table.size - 1)]
        return out + self.recovered * _recovered_families(sm, um)


_FAMILY_SHIFT = [int(np.flatnonzero(f == SLOT_FAMILY)[0]) for f in range(len(FAMILIES))]
