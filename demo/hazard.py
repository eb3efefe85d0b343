"""The churn hazard: one function for the factual churn and every counterfactual.

:class:`HazardPaths` lays every customer's piecewise-constant hazard out once (breakpoints at the
join, the tenure thresholds, each failure and the end of its exposure); a scenario is a choice of
failures to turn into ordinary contacts, evaluated on the same intervals with the same
arithmetic, so the factual churn and the truth's counterfactuals cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from analytics.taxonomy import FAMILIES
from demo.world import DAYS_PER_MONTH, PlantedWorld


class Counterfactual(NamedTuple):
    """One scenario's outcome per customer."""

    churned: np.ndarray
    """bool: the cumulative hazard reached the customer's Exp(1) draw before the window's end."""
    churn_time: np.ndarray
    """days since the window start; ``inf`` when not churned."""
    cumhaz_end: np.ndarray
    """cumulative hazard from the join to the window's end (ignoring churn)."""


class HazardPaths:
    """Every customer's piecewise-constant hazard, built once and evaluated per scenario.

    Breakpoints per customer: the join, the tenure thresholds, each failure (its family's
    exposure starts) and its end ``exposure_days`` later, the same for recovered failures, the
    window's end. Between consecutive breakpoints the hazard is constant. A scenario removes the
    failures of some families (they become ordinary contacts: no exposure, no recovery) and
    re-evaluates the same intervals, so the factual churn and every counterfactual use exactly
    the same arithmetic.
    """

    def __init__(
        self,
        world: PlantedWorld,
        join: np.ndarray,
        log_static: np.ndarray,
        f_cust: np.ndarray,
        f_time: np.ndarray,
        f_family: np.ndarray,
        f_recovered: np.ndarray,
    ) -> None:
        n = join.size
        horizon = float(world.horizon_days)
        self.world = world
        self.n = n
        self.horizon = horizon
        self.f_family = np.asarray(f_family)
        breaks = np.array([t for t, _ in world.baseline_monthly_hazard[1:]], dtype=float)
        log_h0 = np.log(np.array([h for _, h in world.baseline_monthly_hazard]) / DAYS_PER_MONTH)
        exp_days = world.exposure_days
        rec = np.flatnonzero(f_recovered)
        nf = f_time.size
        fidx = np.arange(nf)
        cust_ids = np.arange(n)
        times = np.concatenate(
            [
                join,
                *(join + b for b in breaks),
                np.full(n, horizon),
                f_time,
                f_time + exp_days,
                f_time[rec],
                f_time[rec] + exp_days,
            ]
        )
        custs = np.concatenate([*([cust_ids] * (2 + breaks.size)), f_cust, f_cust, f_cust[rec], f_cust[rec]])
        n_plain = n * (2 + breaks.size)
        col = np.concatenate([np.full(n_plain, -1), f_family, f_family, np.full(2 * rec.size, 4)]).astype(
            np.int8
        )
        sign = np.concatenate(
            [np.zeros(n_plain), np.ones(nf), -np.ones(nf), np.ones(rec.size), -np.ones(rec.size)]
        ).astype(np.int8)
        ev_f = np.concatenate([np.full(n_plain, -1), fidx, fidx, rec, rec])
        order = np.lexsort((times, custs))
        t = times[order]
        c = custs[order]
        self.cust = c
        self.col = col[order]
        self.sign = sign[order]
        self.ev_failure = ev_f[order]
        same_next = np.append(c[1:] == c[:-1], False)
        start = np.minimum(t, horizon)
        end = np.minimum(np.append(t[1:], horizon), horizon)
        self.start = start
        self.length = np.where(same_next, end - start, 0.0)
        tenure_mid = 0.5 * (start + end) - join[c]
        bucket = np.searchsorted(breaks, tenure_mid, side="right")
        self.base_log = log_h0[bucket] + log_static[c]
        self.first = np.searchsorted(c, cust_ids, side="left")
        self.last = np.searchsorted(c, cust_ids, side="right") - 1
        self.betas = world.family_betas()

    def _keep(self, removed: Iterable[str], drop: np.ndarray | None) -> np.ndarray:
        removed_idx = [FAMILIES.index(f) for f in removed]
        keep = ~np.isin(self.f_family, removed_idx)
        return keep if drop is None else keep & ~np.asarray(drop, dtype=bool)

    def evaluate(
        self, removed: Iterable[str] = (), drop: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per interval: log hazard, hazard × length, cumulative hazard at its end, exposure flags.

        ``removed``: families whose failures are turned into ordinary contacts; ``drop``: a bool
        per failure (in the order given to the constructor) for any other set of failures to turn
        into ordinary contacts (e.g. one subtype). The flags are an (intervals × 5) bool array: the
        four families, then "a recovered failure is active".
        """
        keep = self._keep(removed, drop)
        has_f = self.ev_failure >= 0
        active = np.zeros(self.sign.shape, dtype=np.int32)
        active[has_f] = self.sign[has_f] * keep[self.ev_failure[has_f]]
        loghaz = self.base_log.copy()
        flags = np.zeros((self.sign.size, 5), dtype=bool)
        for k in range(5):
            on = np.cumsum(np.where(self.col == k, active, 0)) > 0
            flags[:, k] = on
            loghaz += self.betas[k] * on
        hl = np.exp(loghaz) * self.length
        cs = np.cumsum(hl)
        offset = cs[self.first] - hl[self.first]
        cum = cs - offset[self.cust]
        return loghaz, hl, cum, flags

    def run(self, exp_draw: np.ndarray, removed: Iterable[str] = ()) -> tuple[Counterfactual, np.ndarray]:
        """Churn by inversion: the first time the cumulative hazard reaches the Exp(1) draw.

        Returns the outcome and, per customer, the index of the interval where it churned (−1).
        """
        loghaz, hl, cum, _ = self.evaluate(removed)
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

    def cumhaz_end(self, removed: Iterable[str] = (), drop: np.ndarray | None = None) -> np.ndarray:
        return self.evaluate(removed, drop)[2][self.last]
