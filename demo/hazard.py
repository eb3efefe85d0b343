"""The churn hazard: one function for the factual churn and every counterfactual.

:class:`HazardPaths` lays every customer's piecewise-constant hazard out once (breakpoints at the
start of the customer's evaluation, the tenure thresholds, the start and end of each failure's
exposure, any extra cuts, the end); a scenario is a choice of failures to turn into ordinary
contacts and of failures recovered, evaluated on the same intervals with the same arithmetic, so
the factual churn, the truth's counterfactuals and the future's scenarios cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from analytics.taxonomy import FAMILIES, SUBTYPES
from demo.world import DAYS_PER_MONTH, PlantedWorld

N_SUBTYPES = len(SUBTYPES)
SUBTYPE_FAMILY = np.array([FAMILIES.index(s.family) for s in SUBTYPES], dtype=np.int64)
"""Index into FAMILIES of each taxonomy subtype."""
N_FAMILIES = len(FAMILIES)


class Counterfactual(NamedTuple):
    """One scenario's outcome per customer."""

    churned: np.ndarray
    """bool: the cumulative hazard reached the customer's Exp(1) draw before the end."""
    churn_time: np.ndarray
    """days since the window start; ``inf`` when not churned."""
    cumhaz_end: np.ndarray
    """cumulative hazard from the start to the end (ignoring churn)."""


class Evaluation(NamedTuple):
    """Per interval of a :class:`HazardPaths` under one scenario."""

    loghaz: np.ndarray
    """log hazard per day."""
    hl: np.ndarray
    """hazard × length."""
    cum: np.ndarray
    """cumulative hazard of the customer at the interval's end."""
    active: np.ndarray
    """(intervals × subtypes) bool: a failure of the subtype exposes the customer."""
    recovered: np.ndarray
    """(intervals × families) bool: the family's failures expose the customer and all of them
    were recovered."""


class HazardPaths:
    """Every customer's piecewise-constant hazard, built once and evaluated per scenario.

    Customer ``i`` is followed from ``start[i]`` (default: the join) to ``end[i]`` (default: the
    window's end). Breakpoints: the start, the tenure thresholds, the start and the end of each
    failure's exposure (``exposure_lag_days`` after the failure, for ``exposure_days``), every time
    in ``cuts`` (to read the cumulative hazard there), the end. Between breakpoints the hazard is
    constant: ``h0(tenure) · static · Π_{f exposing} HR_f · D_f · HR_recovered^[all of f's
    exposing failures recovered]``: a family's hazard ratio once, times its exposing subtypes'
    factors d_s (:attr:`PlantedWorld.subtype_effects`), a factor below 1 never lowering another's
    (D_f is the largest product over non-empty sets of them: one failure more never lowers the
    hazard), softened by the recovery while every one of its exposing failures was recovered.
    Failures before ``start`` count while their exposure lasts.

    A scenario turns some failures into ordinary contacts (no exposure, and their recoveries vanish
    with them) and may set which failures are recovered; it re-evaluates the same intervals.
    """

    def __init__(
        self,
        world: PlantedWorld,
        join: np.ndarray,
        log_static: np.ndarray,
        f_cust: np.ndarray,
        f_time: np.ndarray,
        f_subtype: np.ndarray,
        f_recovered: np.ndarray,
        *,
        start: np.ndarray | None = None,
        end: np.ndarray | float | None = None,
        cuts: Iterable[float] = (),
    ) -> None:
        n = join.size
        self.world = world
        self.n = n
        self.start_at = np.asarray(join if start is None else start, dtype=float)
        self.end_at = np.broadcast_to(
            np.asarray(float(world.horizon_days) if end is None else end, dtype=float), (n,)
        ).copy()
        self.f_subtype = np.asarray(f_subtype, dtype=np.int64)
        self.f_family = SUBTYPE_FAMILY[self.f_subtype] if self.f_subtype.size else np.zeros(0, np.int64)
        self.f_recovered = np.asarray(f_recovered, dtype=bool)
        self.f_cust = np.asarray(f_cust, dtype=np.int64)
        breaks = np.array([t for t, _ in world.baseline_monthly_hazard[1:]], dtype=float)
        log_h0 = np.log(np.array([h for _, h in world.baseline_monthly_hazard]) / DAYS_PER_MONTH)
        on = np.asarray(f_time, dtype=float) + world.exposure_lag_days
        off = on + world.exposure_days
        cuts = np.asarray(list(cuts), dtype=float)
        nf = on.size
        fidx = np.arange(nf)
        cust_ids = np.arange(n)
        plain = [self.start_at, *(join + b for b in breaks), *(np.full(n, c) for c in cuts), self.end_at]
        times = np.concatenate([*plain, on, off])
        custs = np.concatenate([*([cust_ids] * len(plain)), self.f_cust, self.f_cust])
        n_plain = n * len(plain)
        sign = np.concatenate([np.zeros(n_plain), np.ones(nf), -np.ones(nf)]).astype(np.int8)
        ev_f = np.concatenate([np.full(n_plain, -1), fidx, fidx])
        order = np.lexsort((times, custs))
        t = times[order]
        c = custs[order]
        self.cust = c
        self.sign = sign[order]
        self.ev_failure = ev_f[order]
        same_next = np.append(c[1:] == c[:-1], False)
        lo, hi = self.start_at[c], self.end_at[c]
        a = np.clip(t, lo, hi)
        b = np.clip(np.append(t[1:], np.inf), lo, hi)
        self.start = a
        self.length = np.where(same_next, b - a, 0.0)
        self.time = t
        tenure_mid = 0.5 * (a + b) - join[c]
        bucket = np.searchsorted(breaks, tenure_mid, side="right")
        self.base_log = log_h0[bucket] + log_static[c]
        self.first = np.searchsorted(c, cust_ids, side="left")
        self.last = np.searchsorted(c, cust_ids, side="right") - 1
        self.delta = world.subtype_deltas()
        self.beta_family = world.family_betas()[: len(FAMILIES)]
        self.theta = self.beta_family[SUBTYPE_FAMILY] + self.delta
        """log hazard ratio of each subtype alone."""
        self.beta_recovered = float(np.log(world.hr_recovered))
        has_f = self.ev_failure >= 0
        self._fe = np.flatnonzero(has_f)
        self._fe_fail = self.ev_failure[has_f]
        self._fe_sub = self.f_subtype[self._fe_fail] if nf else np.zeros(0, np.int64)
        self._fe_sign = self.sign[has_f].astype(np.int16)

    def keep_mask(self, removed: Iterable[str] = (), drop: np.ndarray | None = None) -> np.ndarray:
        """Per failure: True if it stays a failure when ``removed`` families are turned into
        ordinary contacts and the failures where ``drop`` is True too."""
        removed_idx = [FAMILIES.index(f) for f in removed]
        keep = ~np.isin(self.f_family, removed_idx)
        return keep if drop is None else keep & ~np.asarray(drop, dtype=bool)

    def evaluate(
        self, removed: Iterable[str] = (), drop: np.ndarray | None = None, recovered: np.ndarray | None = None
    ) -> Evaluation:
        """The hazard on every interval under a scenario.

        ``removed``: families whose failures are turned into ordinary contacts; ``drop``: a bool
        per failure (in the order given to the constructor) for any other set of failures to turn
        into ordinary contacts (e.g. one subtype); ``recovered``: a bool per failure replacing the
        factual recoveries (e.g. more failures recovered).
        """
        keep = self.keep_mask(removed, drop)
        rec = self.f_recovered if recovered is None else np.asarray(recovered, dtype=bool)
        size = self.sign.size
        inc = self._fe_sign * keep[self._fe_fail]
        # Event positions are distinct, so plain assignment places each +1 / −1; a running sum per
        # column then counts the failures of each subtype, and the unrecovered ones of each family,
        # exposing the customer (each customer's counts return to 0 after its last exposure ends).
        counts = np.zeros((size, N_SUBTYPES + N_FAMILIES), dtype=np.int16, order="F")
        counts[self._fe, self._fe_sub] = inc
        counts[self._fe, N_SUBTYPES + SUBTYPE_FAMILY[self._fe_sub]] = inc * ~rec[self._fe_fail]
        np.cumsum(counts, axis=0, out=counts)
        active = counts[:, :N_SUBTYPES] > 0
        loghaz = self.base_log.copy()
        recovered = np.zeros((size, N_FAMILIES), dtype=bool)
        family_log = self.family_log(active)
        for f in range(N_FAMILIES):
            on = active[:, f == SUBTYPE_FAMILY].any(axis=1)
            recovered[:, f] = on & (counts[:, N_SUBTYPES + f] == 0)
            loghaz += family_log[:, f] + self.beta_recovered * recovered[:, f]
        hl = np.exp(loghaz) * self.length
        cs = np.cumsum(hl)
        offset = cs[self.first] - hl[self.first]
        cum = cs - offset[self.cust]
        return Evaluation(loghaz, hl, cum, active, recovered)

    def family_log(self, active: np.ndarray) -> np.ndarray:
        """(intervals × families) log hazard ratio of each family's failures exposing the customer:
        the family's once, plus its exposing subtypes' deviations, the milder ones (a negative
        deviation) never lowering another's: the largest of β_f + Σ_{s ∈ B} δ_s over the non-empty
        sets B of exposing subtypes (0 where none exposes)."""
        out = np.zeros((active.shape[0], N_FAMILIES))
        for f in range(N_FAMILIES):
            subs = np.flatnonzero(f == SUBTYPE_FAMILY)
            act = active[:, subs]
            delta = self.delta[subs]
            positive = act @ np.maximum(delta, 0.0)
            any_positive = (act & (delta >= 0)).any(axis=1)
            best = np.where(act, delta[None, :], -np.inf).max(axis=1)
            on = act.any(axis=1)
            out[:, f] = np.where(on, self.beta_family[f] + np.where(any_positive, positive, best), 0.0)
        return out

    def cumhaz_at(self, ev: Evaluation, when: float) -> np.ndarray:
        """Each customer's cumulative hazard at time ``when`` (one of the ``cuts``, the start or the
        end; clipped to the customer's own start and end)."""
        done = (self.start + self.length <= when + 1e-9) & (self.length > 0)
        return np.bincount(self.cust, weights=np.where(done, ev.hl, 0.0), minlength=self.n)

    def run(
        self,
        exp_draw: np.ndarray,
        removed: Iterable[str] = (),
        drop: np.ndarray | None = None,
        recovered: np.ndarray | None = None,
    ) -> tuple[Counterfactual, np.ndarray]:
        """Churn by inversion: the first time the cumulative hazard reaches the Exp(1) draw.

        Returns the outcome and, per customer, the index of the interval where it churned (−1).
        """
        ev = self.evaluate(removed, drop, recovered)
        cum, hl, loghaz = ev.cum, ev.hl, ev.loghaz
        cumhaz_end = cum[self.last]
        crossed = cum >= exp_draw[self.cust]
        n_crossed = np.bincount(self.cust, weights=crossed, minlength=self.n).astype(np.int64)
        churned = n_crossed > 0
        idx = np.where(churned, self.last - n_crossed + 1, -1)
        churn_time = np.full(self.n, np.inf)
        j = idx[churned]
        before = cum[j] - hl[j]
        t = self.start[j] + (exp_draw[churned] - before) / np.exp(loghaz[j])
        churn_time[churned] = np.clip(t, self.start[j], self.start[j] + self.length[j])
        return Counterfactual(churned, churn_time, cumhaz_end), idx

    def cumhaz_end(
        self, removed: Iterable[str] = (), drop: np.ndarray | None = None, recovered: np.ndarray | None = None
    ) -> np.ndarray:
        return self.evaluate(removed, drop, recovered).cum[self.last]
