"""Discrete-time hazard model (pooled binary regression on the person-period table)."""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from models.base import (
    ALPHA,
    BOOL,
    DAY_EDGES,
    NONE,
    PENALIZER,
    ConvergenceWarning,
    Estimator,
    Interval,
    Options,
)
from models.survival.checks import (
    LongCols,
    as_list,
    drop_constant,
    require_columns,
    require_frame,
    resolve_covariates,
    validate_long,
)
from models.survival.glm import dependent_columns, fit_glm
from models.survival.tables import coef_summary, ratio_table


def _rcs_basis(t: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Restricted (natural) cubic spline basis of Harrell, without the linear term.

    Linear beyond the outer knots; the nonlinear columns are scaled by (t_k - t_1)² so they live on
    the scale of ``t``.
    """
    k = knots.size
    tk, tk1 = knots[-1], knots[-2]
    scale = (tk - knots[0]) ** 2
    cols = []
    for j in range(k - 2):
        tj = knots[j]
        col = (
            np.maximum(t - tj, 0.0) ** 3
            - np.maximum(t - tk1, 0.0) ** 3 * (tk - tj) / (tk - tk1)
            + np.maximum(t - tk, 0.0) ** 3 * (tk1 - tj) / (tk - tk1)
        )
        cols.append(col / scale)
    return np.column_stack(cols) if cols else np.empty((t.size, 0))


_KNOT_QUANTILES = {3: (0.10, 0.50, 0.90), 4: (0.05, 0.35, 0.65, 0.95), 5: (0.05, 0.275, 0.50, 0.725, 0.95)}


class DiscreteTimeHazard(Estimator):
    """Discrete-time hazard model: pooled binary regression on the person-period table.

    Each row (one subject × interval) contributes "left in this interval: yes/no". The model is

        g(P(event in row)) = baseline(tenure at the row's start) + log(row length in days) + x'β

    with ``g`` the logit (pooled logistic regression; exp(β) are odds ratios, ≈ hazard ratios when
    the per-interval churn probability is small) or the complementary log-log (grouped-time
    proportional hazards; exp(β) are hazard ratios exactly when the hazard is constant within a
    row). The log-length offset makes the baseline a rate per day and makes the fit insensitive to
    splitting a month at a covariate change (for rare events under the logit); with equal-length
    months it only shifts the baseline.

    Parameters
    ----------
    link:
        "logit" (pooled logistic) or "cloglog".
    baseline:
        "bands": one free level per tenure band (piecewise-constant baseline);
        "spline": intercept + restricted cubic spline of tenure (years).
    band_edges:
        Interior band edges in days for ``baseline="bands"``, e.g. ``(90, 180, 365)`` gives
        [0, 90), [90, 180), [180, 365), [365, inf). ``None``: edges at quantiles of the event rows'
        start times (``n_bands`` bands). Bands without events are merged into the previous band.
    n_bands:
        Number of quantile bands when ``band_edges`` is None.
    spline_knots:
        Number of spline knots (3–5) at quantiles of the event rows' start times.
    penalizer:
        L2 penalty ½·penalizer·Σβ² on the covariate coefficients (not the baseline).
    alpha:
        1 - confidence level of the Wald intervals (inverse observed information).
    collapse:
        Fit on the distinct rows (baseline key, covariates, length, event) with frequency weights
        — exact, and typically shrinks a monthly table by orders of magnitude.
    max_iter, tol:
        Newton iterations and convergence tolerance (max absolute coefficient change).

    Fitted attributes
    -----------------
    params_ (all coefficients, baseline first), standard_errors_, variance_matrix_,
    hazard_ratios_ (covariates only: ``estimate, low, high, p``), baseline_ (the baseline terms),
    baseline_hazard_ (``time, hazard, low, high``: the baseline rate per day at a grid of tenures),
    band_edges_ or knots_ (days), covariates_, dropped_covariates_, n_rows_, n_fit_rows_ (after
    collapsing), n_events_, log_likelihood_, n_iter_, converged_, fit_seconds_.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "link": [Options(("logit", "cloglog"))],
        "baseline": [Options(("bands", "spline"))],
        "band_edges": [NONE, DAY_EDGES],
        "n_bands": [Interval(int, 1, 50)],
        "spline_knots": [Interval(int, 3, 5)],
        "penalizer": [PENALIZER],
        "alpha": [ALPHA],
        "collapse": [BOOL],
        "max_iter": [Interval(int, 1, 1000)],
        "tol": [Interval(float, 0.0, 1.0, "neither")],
    }

    def __init__(
        self,
        link: str = "logit",
        baseline: str = "bands",
        band_edges: Sequence[float] | None = None,
        n_bands: int = 6,
        spline_knots: int = 4,
        penalizer: float = 0.0,
        alpha: float = 0.05,
        collapse: bool = True,
        max_iter: int = 100,
        tol: float = 1e-8,
    ) -> None:
        self.link = link
        self.baseline = baseline
        self.band_edges = band_edges
        self.n_bands = n_bands
        self.spline_knots = spline_knots
        self.penalizer = penalizer
        self.alpha = alpha
        self.collapse = collapse
        self.max_iter = max_iter
        self.tol = tol

    @property
    def model_name_(self) -> str:
        """``"discrete_time_logistic"`` or ``"discrete_time_cloglog"``."""
        return "discrete_time_logistic" if self.link == "logit" else "discrete_time_cloglog"

    def fit(
        self,
        long_df: pd.DataFrame,
        covariates: Sequence[str] | None = None,
        *,
        id_col: str | None = "id",
        start_col: str = "start",
        stop_col: str = "stop",
        event_col: str = "event",
        weights_col: str | None = None,
    ) -> DiscreteTimeHazard:
        """Fit on a person-period frame (long format, see :mod:`models.survival`).

        ``weights_col`` holds frequency weights (a row standing for that many identical rows; e.g.
        bootstrap counts). ``id_col=None`` skips the per-subject checks (for pre-aggregated rows).
        """
        self._validate_params()
        require_frame(long_df, "long_df")
        cols = LongCols(id_col, start_col, stop_col, event_col)
        weights = as_list(weights_col)
        structural = [c for c in (id_col, start_col, stop_col, event_col) if c is not None] + weights
        require_columns(long_df, structural)
        covs = resolve_covariates(long_df, covariates, structural)
        frame = validate_long(long_df[structural + covs], cols, covs, weights, strata_hint=False)
        w = frame[weights_col].to_numpy(dtype=float) if weights_col else np.ones(len(frame))
        if (w < 0).any():
            raise ValueError(f"Column {weights_col!r} must hold weights >= 0.")
        covs, dropped = drop_constant(frame, covs, "DiscreteTimeHazard")
        t0 = time.perf_counter()

        start = frame[start_col].to_numpy(dtype=float)
        length = frame[stop_col].to_numpy(dtype=float) - start
        y = frame[event_col].to_numpy(dtype=float)
        event_starts = start[(y == 1) & (w > 0)]
        if event_starts.size == 0:
            raise ValueError("There are no events (event=1 rows); a hazard model needs at least one churn.")

        # Baseline key: the band index, or the start time itself for the spline.
        if self.baseline == "bands":
            edges = self._band_edges(event_starts)
            key = np.searchsorted(edges, start, side="right") - 1
            has_event = np.bincount(key[(y == 1) & (w > 0)], minlength=edges.size) > 0
            if not has_event.all():
                empty = [
                    f"[{edges[i]:g}, {(edges[i + 1] if i + 1 < edges.size else np.inf):g})"
                    for i in np.flatnonzero(~has_event)
                ]
                warnings.warn(
                    f"DiscreteTimeHazard: tenure bands {empty} have no events and were merged into the previous "
                    "band (a band without events has a baseline of -inf). Pass coarser band_edges to silence this.",
                    UserWarning,
                    stacklevel=2,
                )
                keep = has_event.copy()
                if not keep[0]:  # an empty first band absorbs the first band with events instead
                    keep[np.flatnonzero(has_event)[0]] = False
                keep[0] = True
                edges = edges[keep]
                key = np.searchsorted(edges, start, side="right") - 1
            self.band_edges_ = edges
            key_values = key.astype(float)
        else:
            q = _KNOT_QUANTILES[self.spline_knots]
            knots = np.unique(np.quantile(event_starts, q))
            if knots.size < 3:
                raise ValueError(
                    "Too few distinct event times for a spline baseline "
                    f"(knots at {list(knots)}). Use baseline='bands' instead."
                )
            self.knots_ = knots
            key_values = start

        table = pd.DataFrame({"_key": key_values, "_len": length, "_y": y, "_w": w})
        for c in covs:
            table[c] = frame[c].to_numpy(dtype=float)
        if self.collapse:
            table = (
                table.groupby(["_key", "_len", "_y", *covs], sort=False, observed=True)["_w"]
                .sum()
                .reset_index()
            )
        table = table[table["_w"] > 0]

        base_x, base_names = self._baseline_design(table["_key"].to_numpy())
        x = np.column_stack([base_x, table[covs].to_numpy(dtype=float)]) if covs else base_x
        names = base_names + covs
        penalty = np.r_[np.zeros(len(base_names)), np.full(len(covs), float(self.penalizer))]
        fw = table["_w"].to_numpy(dtype=float)
        if self.penalizer == 0:
            dependent = dependent_columns(x, fw, names)
            if dependent:
                raise ValueError(
                    f"Covariates are collinear with the baseline or with each other: {dependent} are linear "
                    "combinations of the other columns. Drop them (e.g. "
                    "one level of each one-hot category) or pass penalizer > 0."
                )
        fit = fit_glm(
            self.link,
            x,
            table["_y"].to_numpy(dtype=float),
            fw,
            np.log(table["_len"].to_numpy(dtype=float)),
            penalty,
            None,
            self.max_iter,
            self.tol,
        )
        if not fit.converged:
            warnings.warn(
                f"DiscreteTimeHazard did not converge in {self.max_iter} iterations; the largest coefficients "
                f"are {list(pd.Series(np.abs(fit.beta), index=names).nlargest(3).index)}. A covariate may perfectly "
                "predict churn; consider penalizer > 0.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.fit_seconds_ = time.perf_counter() - t0
        se = np.sqrt(np.clip(np.diag(fit.cov), 0.0, None))
        index = pd.Index(names, name="term")
        self.params_ = pd.Series(fit.beta, index=index, name="coef")
        self.standard_errors_ = pd.Series(se, index=index, name="se")
        self.variance_matrix_ = pd.DataFrame(fit.cov, index=index, columns=index)
        nb = len(base_names)
        self.hazard_ratios_ = ratio_table(fit.beta[nb:], se[nb:], covs, self.alpha)
        self.baseline_ = self.params_.iloc[:nb]
        self._base_cov = fit.cov[:nb, :nb]
        self.baseline_hazard_ = self._baseline_curve(np.unique(start))
        self.covariates_ = covs
        self.dropped_covariates_ = dropped
        self.n_rows_ = len(frame)
        self.n_fit_rows_ = len(table)
        self.n_events_ = round(float(w @ y))
        self.log_likelihood_ = fit.loglik
        self.n_iter_ = fit.n_iter
        self.converged_ = fit.converged
        self._is_fitted = True
        return self

    def _band_edges(self, event_starts: np.ndarray) -> np.ndarray:
        if self.band_edges is not None:
            return np.r_[0.0, np.asarray(self.band_edges, dtype=float)]
        probs = np.linspace(0.0, 1.0, self.n_bands + 1)[1:-1]
        # inverted_cdf returns observed start values, so edges fall on interval boundaries.
        inner = np.quantile(event_starts, probs, method="inverted_cdf") if probs.size else np.empty(0)
        # Whole days keep the band labels readable ("band[90,180)").
        return np.unique(np.r_[0.0, np.floor(inner[inner >= 1])])

    def _baseline_design(self, key: np.ndarray) -> tuple[np.ndarray, list[str]]:
        if self.baseline == "bands":
            edges = self.band_edges_
            idx = key.astype(int)
            x = np.zeros((key.size, edges.size))
            x[np.arange(key.size), idx] = 1.0
            upper = np.r_[edges[1:], np.inf]
            return x, [f"band[{lo:g},{hi:g})" for lo, hi in zip(edges, upper)]
        years = key / 365.25
        nonlinear = _rcs_basis(years, self.knots_ / 365.25)
        x = np.column_stack([np.ones(key.size), years, nonlinear])
        return x, ["intercept", "tenure_years"] + [f"tenure_spline{j + 1}" for j in range(nonlinear.shape[1])]

    def _baseline_curve(self, starts: np.ndarray) -> pd.DataFrame:
        grid = starts if starts.size <= 400 else np.quantile(starts, np.linspace(0, 1, 400))
        key = (
            (np.searchsorted(self.band_edges_, grid, side="right") - 1).astype(float)
            if self.baseline == "bands"
            else grid
        )
        x, _ = self._baseline_design(key)
        eta = x @ self.baseline_.to_numpy()
        se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", x, self._base_cov, x), 0.0, None))
        z = stats.norm.ppf(1.0 - self.alpha / 2.0)
        # Per-day baseline: exp(eta) is the rate (cloglog) or the odds per day (logit, ≈ the rate).
        return pd.DataFrame(
            {"time": grid, "hazard": np.exp(eta), "low": np.exp(eta - z * se), "high": np.exp(eta + z * se)}
        )

    def summary(self) -> pd.DataFrame:
        """All terms (baseline and covariates): ``coef, se, z, estimate, low, high, p``."""
        self._check_fitted("summary")
        return coef_summary(
            self.params_.to_numpy(), self.standard_errors_.to_numpy(), list(self.params_.index), self.alpha
        )

    def predict_hazard(
        self, long_df: pd.DataFrame, *, start_col: str = "start", stop_col: str = "stop"
    ) -> pd.Series:
        """Probability of leaving within each row's interval (given at risk at its start)."""
        self._check_fitted("predict_hazard")
        require_columns(long_df, [start_col, stop_col, *self.covariates_])
        start = long_df[start_col].to_numpy(dtype=float)
        length = long_df[stop_col].to_numpy(dtype=float) - start
        key = (
            (np.searchsorted(self.band_edges_, start, side="right") - 1).astype(float)
            if self.baseline == "bands"
            else start
        )
        base_x, _ = self._baseline_design(key)
        x = np.column_stack([base_x, long_df[self.covariates_].to_numpy(dtype=float)])
        eta = x @ self.params_.to_numpy() + np.log(length)
        p = 0.5 * (1.0 + np.tanh(0.5 * eta)) if self.link == "logit" else -np.expm1(-np.exp(eta))
        return pd.Series(p, index=long_df.index, name="hazard")
