"""Comparing agents and teams without a witch hunt: funnel-plot control limits and shrunk rates.

A raw ranking of agents by failure rate rewards luck and punishes volume: an agent with 12
contacts and no failure tops it, one with 2,000 contacts sits in the middle whatever they do. Two
tools replace it:

* :class:`FunnelLimits` — control limits for a proportion against volume (Spiegelhalter 2005,
  "Funnel plots for comparing institutional performance", Stat Med 24:1185), at 95 % and 99.8 %
  around the overall rate. Real units differ by more than binomial chance (case mix, shifts,
  queues), so the limits allow for **overdispersion** (Spiegelhalter 2005, "Handling
  over-dispersion of performance indicators", Qual Saf Health Care 14:347): z-scores on the
  arcsine-square-root scale, a winsorised estimate of the dispersion φ, then either a
  multiplicative widening (× √φ) or an additive random effect (τ², DerSimonian–Laird). Units
  under a minimum volume are drawn but neither named nor used to estimate φ. The points outside
  are named in :attr:`FunnelLimits.outside_`.
* :class:`ShrunkRates` — empirical-Bayes rates for a recognition board: a beta prior fitted to all
  units by maximum marginal (beta-binomial) likelihood, each unit's rate its posterior mean. A
  unit with 3 recoveries out of 3 is pulled towards the overall rate; one with 300 of 400 barely
  moves. So one lucky week does not win.

Both take a small frame — one row per unit with events and trials, such as
:func:`analytics.measures.agent_volume` returns — and follow the project's estimator conventions
(hyper-parameters in ``__init__``, data in ``fit``, which returns ``self``, results ending in
``_``). Neither draws: the dashboard's figure builders plot :meth:`FunnelLimits.limits` and
:attr:`FunnelLimits.table_`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from models.base import Estimator, Interval, Options, Predicate

__all__ = ["FunnelLimits", "ShrunkRates", "level_name"]

_BANDS = ("below_min_volume", "low_outer", "low_inner", "within", "high_inner", "high_outer")


def level_name(level: float) -> str:
    """Column suffix of a control level: 0.95 → ``"95"``, 0.998 → ``"99_8"``."""
    return f"{100 * level:.10g}".replace(".", "_")


def _levels_ok(levels: Any) -> bool:
    values = tuple(levels)
    return (
        len(values) == 2
        and all(isinstance(v, float | int) and 0.5 < v < 1 for v in values)
        and values[0] < values[1]
    )


def _unit_frame(
    df: pd.DataFrame, events_col: str, trials_col: str, unit_col: str | None, who: str
) -> pd.DataFrame:
    """The units of ``df`` as a frame ``unit, events, trials``, checked."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{who}.fit expects a pandas DataFrame with one row per unit. Got {type(df).__name__}."
        )
    missing = [c for c in (events_col, trials_col, unit_col) if c is not None and c not in df.columns]
    if missing:
        raise ValueError(
            f"{who}.fit: column(s) {missing} not found. Columns present: {list(df.columns)}. "
            "Name the events, trials and unit columns (events_col=, trials_col=, unit_col=)."
        )
    events = pd.to_numeric(df[events_col], errors="coerce").to_numpy(dtype=float)
    trials = pd.to_numeric(df[trials_col], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(events) | ~np.isfinite(trials) | (events < 0) | (events > trials)
    bad |= (events != np.round(events)) | (trials != np.round(trials))
    if bad.any():
        rows = list(df.index[bad][:5])
        raise ValueError(
            f"{who}.fit: {int(bad.sum())} row(s) do not hold whole counts with 0 <= "
            f"{events_col} <= {trials_col} (first rows: {rows}). Fix or drop them."
        )
    units = df[unit_col].to_numpy() if unit_col is not None else df.index.to_numpy()
    frame = pd.DataFrame({"unit": units, "events": events.astype("int64"), "trials": trials.astype("int64")})
    frame = frame[frame["trials"] > 0].reset_index(drop=True)
    if frame.empty:
        raise ValueError(f"{who}.fit: no unit has any {trials_col}; there is nothing to compare.")
    return frame


def _winsorised_dispersion(z: np.ndarray, fraction: float) -> float:
    """φ: the mean square of the z-scores winsorised at ``fraction`` in each tail, divided by the
    same mean square of a standard normal winsorised at the same fraction.

    Spiegelhalter's φ is the plain winsorised mean square; for normal z-scores it is biased low
    (by a third at 10 %: the winsorised variance of N(0, 1) is 0.68), which makes the limits too
    narrow and the false alarms about twice the nominal rate when units are overdispersed. Divided
    by the normal's own winsorised variance it is consistent for φ, and still robust to the
    outliers the plot is there to find."""
    if fraction <= 0:
        return float(np.mean(z**2))
    low, high = np.quantile(z, [fraction, 1.0 - fraction])
    clipped = np.clip(z, low, high)
    c = stats.norm.ppf(1.0 - fraction)
    normal = (1.0 - 2.0 * fraction) - 2.0 * c * stats.norm.pdf(c) + 2.0 * fraction * c * c
    return float(np.mean(clipped**2) / normal)


class FunnelLimits(Estimator):
    """Funnel-plot control limits for a proportion against volume, allowing for overdispersion.

    Each unit (agent, team) has ``events`` out of ``trials`` (failures out of contacts, recoveries
    out of failures). The target is the overall rate (pooled over every unit). On the
    arcsine-square-root scale a unit's rate has variance 1 / (4 n) whatever the rate, so the
    z-score of unit i is ``z = (asin √p_i − asin √p_0) · 2 √n_i``. Limits are drawn on that scale
    and transformed back, so they stay within [0, 1] and are asymmetric near 0 or 1 as they should.

    Parameters
    ----------
    overdispersion:
        ``"additive"`` (default): a random-effects variance τ² added to each unit's sampling
        variance (DerSimonian–Laird from the winsorised φ); the limits stop narrowing at high
        volume, where chance is no longer the only reason units differ. ``"multiplicative"``: the
        limits widened by √φ. ``"none"``: pure binomial limits (only when the units truly differ
        by chance alone). With φ ≤ 1 there is no overdispersion and every method gives the
        binomial limits.
    levels:
        The two control levels, inner and outer; default (0.95, 0.998) (about 2 and 3 standard
        errors).
    min_volume:
        Units with fewer trials are kept in :attr:`table_` (band ``"below_min_volume"``) but not
        named as outside and not used to estimate φ. Default 30.
    winsor:
        Fraction of z-scores winsorised in each tail to estimate φ, so the outliers being looked
        for do not widen the limits that should find them. In [0, 0.25); default 0.1.

    Attributes
    ----------
    target_:
        The overall rate, Σ events / Σ trials.
    phi_:
        The estimated dispersion φ (1 = binomial); ``n_estimating_`` units (those at or above
        ``min_volume``) estimated it; with fewer than 3 of them φ is taken as 1.
    tau2_:
        The additive random-effects variance on the arcsine scale (0 unless ``"additive"`` and
        φ > 1 enough to need it).
    table_:
        One row per unit with trials > 0: ``unit, events, trials, rate, z`` (binomial z-score),
        ``z_adjusted`` (allowing for overdispersion), ``lower_<l>``/``upper_<l>`` (the limits at the
        unit's volume, e.g. ``lower_95``, ``upper_99_8``), ``band`` (``below_min_volume``,
        ``low_outer``, ``low_inner``, ``within``, ``high_inner``, ``high_outer``: outside the inner
        (95 %) or the outer (99.8 %) limits), ``outside`` (bool).
    outside_:
        The rows of :attr:`table_` outside the inner limits, farthest first.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "overdispersion": [Options(("additive", "multiplicative", "none"))],
        "levels": [Predicate(_levels_ok, "two increasing levels in (0.5, 1), e.g. (0.95, 0.998)")],
        "min_volume": [Interval(int, 1, None)],
        "winsor": [Interval(float, 0.0, 0.25, "left")],
    }

    def __init__(
        self,
        overdispersion: str = "additive",
        levels: tuple[float, float] = (0.95, 0.998),
        min_volume: int = 30,
        winsor: float = 0.1,
    ) -> None:
        self.overdispersion = overdispersion
        self.levels = levels
        self.min_volume = min_volume
        self.winsor = winsor

    def fit(
        self,
        df: pd.DataFrame,
        events_col: str = "events",
        trials_col: str = "trials",
        unit_col: str | None = None,
    ) -> FunnelLimits:
        """Estimate the target and the dispersion from one row per unit. ``unit_col``: the
        column naming the unit (default: the index)."""
        self._validate_params()
        units = _unit_frame(df, events_col, trials_col, unit_col, type(self).__name__)
        n = units["trials"].to_numpy(dtype=float)
        y = units["events"].to_numpy(dtype=float)
        self.target_ = float(y.sum() / n.sum())
        theta0 = np.arcsin(np.sqrt(self.target_))
        z = (np.arcsin(np.sqrt(y / n)) - theta0) * 2.0 * np.sqrt(n)
        used = n >= self.min_volume
        self.n_estimating_ = int(used.sum())
        phi = _winsorised_dispersion(z[used], self.winsor) if self.n_estimating_ >= 3 else 1.0
        self.phi_ = phi
        self.tau2_ = 0.0
        if self.overdispersion == "additive" and self.n_estimating_ >= 3:
            w = 4.0 * n[used]  # 1 / sampling variance on the arcsine scale
            k = self.n_estimating_
            self.tau2_ = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum()))
        self._theta0 = theta0
        self._is_fitted = True

        sd = self._sd(n)
        z_adj = (np.arcsin(np.sqrt(y / n)) - theta0) / sd
        table = units.assign(rate=y / n, z=z, z_adjusted=z_adj)
        inner, outer = (stats.norm.ppf(0.5 + lv / 2.0) for lv in self.levels)
        for level, (lo, hi) in zip(self.levels, self._bounds(n)):
            table[f"lower_{level_name(level)}"] = lo
            table[f"upper_{level_name(level)}"] = hi
        band = np.select(
            [~used, z_adj > outer, z_adj > inner, z_adj < -outer, z_adj < -inner],
            ["below_min_volume", "high_outer", "high_inner", "low_outer", "low_inner"],
            default="within",
        )
        table["band"] = band
        table["outside"] = ~np.isin(band, ("within", "below_min_volume"))
        self.table_ = table
        out = table[table["outside"]]
        self.outside_ = out.iloc[
            np.argsort(-np.abs(out["z_adjusted"].to_numpy()), kind="stable")
        ].reset_index(drop=True)
        return self

    def _sd(self, n: np.ndarray) -> np.ndarray:
        """Standard deviation of a unit's arcsine-scale rate at volume ``n`` under the model."""
        var = 1.0 / (4.0 * n)
        if self.overdispersion == "multiplicative":
            var = var * max(self.phi_, 1.0)
        elif self.overdispersion == "additive":
            var = var + self.tau2_
        return np.sqrt(var)

    def _bounds(self, n: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        sd = self._sd(np.asarray(n, dtype=float))
        out = []
        for level in self.levels:
            half = stats.norm.ppf(0.5 + level / 2.0) * sd
            lo = np.sin(np.clip(self._theta0 - half, 0.0, np.pi / 2)) ** 2
            hi = np.sin(np.clip(self._theta0 + half, 0.0, np.pi / 2)) ** 2
            out.append((lo, hi))
        return out

    def limits(self, trials=None, points: int = 200) -> pd.DataFrame:
        """The funnel's curves: ``trials, target, lower_<l>, upper_<l>`` for each level, at the
        given volumes, or by default at ``points`` volumes spread (log scale) from
        ``min_volume`` to the largest unit, for drawing."""
        self._check_fitted("limits")
        if trials is None:
            top = max(float(self.table_["trials"].max()), float(self.min_volume) + 1.0)
            trials = np.unique(np.geomspace(self.min_volume, top, points).round(2))
        n = np.atleast_1d(np.asarray(trials, dtype=float))
        if np.any(~np.isfinite(n)) or np.any(n <= 0):
            raise ValueError(f"trials must be positive numbers. Got {trials!r} instead.")
        frame = pd.DataFrame({"trials": n, "target": self.target_})
        for level, (lo, hi) in zip(self.levels, self._bounds(n)):
            frame[f"lower_{level_name(level)}"] = lo
            frame[f"upper_{level_name(level)}"] = hi
        return frame


def _beta_binomial_nll(params: np.ndarray, y: np.ndarray, n: np.ndarray) -> float:
    """Negative marginal log-likelihood of a Beta(a, b) prior (without the binomial
    coefficients, which do not depend on it), parametrised by logit(mean) and log(a + b)."""
    mean = special.expit(params[0])
    strength = np.exp(params[1])
    a, b = mean * strength, (1.0 - mean) * strength
    return -float(np.sum(special.betaln(y + a, n - y + b) - special.betaln(a, b)))


class ShrunkRates(Estimator):
    """Empirical-Bayes (beta-binomial) rates per unit, for a recognition board.

    Every unit's true rate is taken to come from one Beta(a, b) distribution, fitted to all
    units by maximum marginal likelihood; a unit's shrunk rate is its posterior mean
    ``(events + a) / (trials + a + b)``. The prior's strength a + b works as a number of
    pseudo-trials at the overall rate: a unit with far fewer trials than that is pulled most of
    the way to the overall rate, one with far more keeps its own. When units differ by chance
    alone the strength comes out far larger than any unit's volume and every shrunk rate lies
    near the overall rate — which is then the honest answer.

    Parameters
    ----------
    min_volume:
        Units with fewer trials are shrunk like the others but left off :meth:`board`. Default 30.
    level:
        Level of the equal-tailed posterior intervals ``low``/``high``; default 0.9.

    Attributes
    ----------
    prior_mean_, prior_strength_, alpha_, beta_:
        The fitted prior: mean a / (a + b), strength a + b, and a, b.
    table_:
        One row per unit with trials > 0: ``unit, events, trials, raw_rate, shrunk_rate, low,
        high, eligible`` (trials ≥ min_volume).
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "min_volume": [Interval(int, 1, None)],
        "level": [Interval(float, 0.0, 1.0, "neither")],
    }
    _MAX_STRENGTH = 1e7  # no detectable difference between units: the overall rate for all

    def __init__(self, min_volume: int = 30, level: float = 0.9) -> None:
        self.min_volume = min_volume
        self.level = level

    def fit(
        self,
        df: pd.DataFrame,
        events_col: str = "events",
        trials_col: str = "trials",
        unit_col: str | None = None,
    ) -> ShrunkRates:
        """Fit the prior and shrink every unit's rate. ``unit_col``: the column naming the unit
        (default: the index)."""
        self._validate_params()
        units = _unit_frame(df, events_col, trials_col, unit_col, type(self).__name__)
        y = units["events"].to_numpy(dtype=float)
        n = units["trials"].to_numpy(dtype=float)
        pooled = float(np.clip(y.sum() / n.sum(), 1e-6, 1 - 1e-6))
        if y.sum() == 0 or y.sum() == n.sum():
            # Every trial a failure, or none: the data cannot tell units apart or place the mean.
            mean, strength = pooled, self._MAX_STRENGTH
        else:
            start = np.array([special.logit(pooled), np.log(10.0)])
            bounds = [(-15.0, 15.0), (np.log(1e-3), np.log(self._MAX_STRENGTH))]
            res = optimize.minimize(_beta_binomial_nll, start, args=(y, n), method="L-BFGS-B", bounds=bounds)
            mean, strength = float(special.expit(res.x[0])), float(np.exp(res.x[1]))
        self.prior_mean_ = mean
        self.prior_strength_ = strength
        self.alpha_ = mean * strength
        self.beta_ = (1.0 - mean) * strength
        a, b = self.alpha_ + y, self.beta_ + n - y
        tail = (1.0 - self.level) / 2.0
        self.table_ = units.assign(
            raw_rate=y / n,
            shrunk_rate=a / (a + b),
            low=stats.beta.ppf(tail, a, b),
            high=stats.beta.ppf(1.0 - tail, a, b),
            eligible=n >= self.min_volume,
        )
        self._is_fitted = True
        return self

    def board(self, top: int = 10, *, best: str = "high") -> pd.DataFrame:
        """The recognition board: the ``top`` eligible units by shrunk rate, best first
        (``best="high"`` for recovery rates, ``"low"`` for failure rates), with ``rank``."""
        self._check_fitted("board")
        if best not in ("high", "low"):
            raise ValueError(f"best must be 'high' or 'low'. Got {best!r} instead.")
        if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
            raise ValueError(f"top must be a positive int. Got {top!r} instead.")
        eligible = self.table_[self.table_["eligible"]]
        ordered = eligible.sort_values(
            ["shrunk_rate", "trials"], ascending=[best == "low", False], kind="stable"
        ).head(top)
        return ordered.assign(rank=np.arange(1, len(ordered) + 1)).reset_index(drop=True)
