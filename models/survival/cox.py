"""Time-varying Cox model (lifelines underneath)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from models.base import ALPHA, BOOL, PENALIZER, ConvergenceError, Estimator
from models.survival.checks import (
    LongCols,
    as_list,
    drop_constant,
    require_columns,
    require_frame,
    resolve_covariates,
    validate_long,
)
from models.survival.tables import coef_summary, ratio_table


def merge_unchanged_rows(df: pd.DataFrame, cols: LongCols, keep_equal: list[str]) -> pd.DataFrame:
    """Merge a subject's contiguous rows whose ``keep_equal`` columns do not change.

    Exact for the Cox partial likelihood: a subject in one covariate pattern over [a, c) enters
    the same risk sets whether the interval is stored as [a, b) + [b, c) or as [a, c). Monthly
    person-period tables shrink to one row per covariate-change episode this way.
    """
    assert cols.id is not None
    df = df.sort_values([cols.id, cols.start], kind="stable")
    ids = pd.factorize(df[cols.id])[0]
    start = df[cols.start].to_numpy()
    stop = df[cols.stop].to_numpy()
    new = np.ones(len(df), dtype=bool)
    same_subject = ids[1:] == ids[:-1]
    contiguous = start[1:] == stop[:-1]
    unchanged = np.ones(len(df) - 1, dtype=bool)
    for c in keep_equal:
        v = df[c].to_numpy()
        unchanged &= v[1:] == v[:-1]
    new[1:] = ~(same_subject & contiguous & unchanged)
    if new.all():
        return df
    first = np.flatnonzero(new)
    last = np.r_[first[1:] - 1, len(df) - 1]
    out = df.iloc[first].copy()
    out[cols.stop] = stop[last]
    out[cols.event] = df[cols.event].to_numpy()[last]
    return out


class TimeVaryingCox(Estimator):
    """Cox proportional-hazards model with time-varying covariates (counting-process data).

    Wraps lifelines' ``CoxTimeVaryingFitter`` (Efron's method for tied event times, as R's
    ``coxph``). Zero-variance covariates are dropped with a warning; contiguous rows of a subject
    whose covariates do not change are merged first (exact, and much faster on monthly tables).

    Parameters
    ----------
    penalizer:
        L2 penalty passed to lifelines (applied to standardised coefficients and scaled by the
        number of rows there). 0 = maximum partial likelihood; use e.g. 0.01 when a rare binary
        covariate makes the fit diverge.
    alpha:
        1 - confidence level of the hazard-ratio intervals.
    merge_episodes:
        Merge unchanged contiguous rows before fitting (see above).

    Fitted attributes
    -----------------
    params_ (log hazard ratios), standard_errors_, variance_matrix_, hazard_ratios_
    (``estimate, low, high, p``), covariates_, dropped_covariates_, n_subjects_, n_rows_
    (rows passed to lifelines after merging), n_events_, log_likelihood_, fit_seconds_,
    lifelines_model_ (the fitted ``CoxTimeVaryingFitter``).
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "penalizer": [PENALIZER],
        "alpha": [ALPHA],
        "merge_episodes": [BOOL],
    }

    def __init__(self, penalizer: float = 0.0, alpha: float = 0.05, merge_episodes: bool = True) -> None:
        self.penalizer = penalizer
        self.alpha = alpha
        self.merge_episodes = merge_episodes

    def fit(
        self,
        long_df: pd.DataFrame,
        covariates: Sequence[str] | None = None,
        *,
        id_col: str = "id",
        start_col: str = "start",
        stop_col: str = "stop",
        event_col: str = "event",
        strata: str | Sequence[str] | None = None,
        weights_col: str | None = None,
    ) -> TimeVaryingCox:
        """Fit on a long / counting-process frame (input formats in :mod:`models.survival`).

        ``covariates=None`` uses every column that is not an id/time/event/strata/weight column.
        ``strata`` columns get their own baseline hazard (they may be text); ``weights_col`` holds
        frequency weights (lifelines' model-based variance, so a weight of 2 counts as two
        customers)."""
        self._validate_params()
        require_frame(long_df, "long_df")
        from lifelines import CoxTimeVaryingFitter  # lazy: lifelines is slow to import
        from lifelines.exceptions import ConvergenceError as LifelinesConvergenceError

        cols = LongCols(id_col, start_col, stop_col, event_col)
        strata_cols = as_list(strata)
        weights = as_list(weights_col)
        structural = [id_col, start_col, stop_col, event_col, *strata_cols, *weights]
        require_columns(long_df, structural)
        covs = resolve_covariates(long_df, covariates, structural)
        frame = validate_long(long_df[structural + covs], cols, covs, weights, strata_hint=True)
        if weights and (frame[weights[0]] <= 0).any():
            raise ValueError(f"Column {weights[0]!r} must hold positive weights; drop rows with weight 0.")
        covs, dropped = drop_constant(frame, covs, "TimeVaryingCox")
        frame = frame[structural + covs]
        if self.merge_episodes:
            frame = merge_unchanged_rows(frame, cols, covs + strata_cols + weights)

        t0 = time.perf_counter()
        fitter = CoxTimeVaryingFitter(alpha=self.alpha, penalizer=self.penalizer)
        try:
            fitter.fit(
                frame,
                event_col=event_col,
                start_col=start_col,
                stop_col=stop_col,
                id_col=id_col,
                strata=strata_cols or None,
                weights_col=weights_col,
            )
        except LifelinesConvergenceError as exc:
            raise ConvergenceError(
                f"The time-varying Cox fit did not converge ({str(exc).splitlines()[0]}). Usual causes: collinear "
                "covariates (e.g. all levels of a one-hot category) or a covariate that perfectly predicts churn. "
                "Drop one level / the offending column, or pass penalizer=0.01."
            ) from exc
        self.fit_seconds_ = time.perf_counter() - t0

        coef = fitter.params_.to_numpy(dtype=float)
        se = fitter.standard_errors_.to_numpy(dtype=float)
        self.covariates_ = list(fitter.params_.index)
        self.params_ = pd.Series(coef, index=pd.Index(self.covariates_, name="covariate"), name="coef")
        self.standard_errors_ = pd.Series(se, index=self.params_.index, name="se")
        self.variance_matrix_ = pd.DataFrame(
            np.asarray(fitter.variance_matrix_, dtype=float),
            index=self.params_.index,
            columns=self.params_.index,
        )
        self.hazard_ratios_ = ratio_table(coef, se, self.covariates_, self.alpha)
        self.dropped_covariates_ = dropped
        self.n_subjects_ = int(frame[id_col].nunique())
        self.n_rows_ = len(frame)
        self.n_events_ = int(frame[event_col].sum())
        self.log_likelihood_ = float(fitter.log_likelihood_)
        self.lifelines_model_ = fitter
        self._is_fitted = True
        return self

    def summary(self) -> pd.DataFrame:
        """``coef, se, z, estimate (= hazard ratio), low, high, p`` per covariate."""
        self._check_fitted("summary")
        return coef_summary(
            self.params_.to_numpy(), self.standard_errors_.to_numpy(), self.covariates_, self.alpha
        )

    def predict_log_partial_hazard(self, df: pd.DataFrame) -> pd.Series:
        """x'β for each row of ``df`` (uncentred; relative to a subject with all covariates 0)."""
        self._check_fitted("predict_log_partial_hazard")
        require_columns(df, self.covariates_)
        return pd.Series(df[self.covariates_].to_numpy(dtype=float) @ self.params_.to_numpy(), index=df.index)
