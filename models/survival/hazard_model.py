"""Hazard ratios with the model chosen by size: time-varying Cox or discrete-time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pandas as pd

from models.base import ALPHA, PENALIZER, Estimator, Interval, Options
from models.survival.checks import LongCols, require_columns, require_frame, resolve_covariates, validate_long
from models.survival.cox import TimeVaryingCox, merge_unchanged_rows
from models.survival.discrete import DiscreteTimeHazard

# Auto-selection limits of ``HazardModel`` / ``fit_hazard_model``. lifelines' time-varying Cox
# rebuilds every risk set at every distinct event time in every Newton step, so its cost grows
# with rows × distinct event times (≤ ~730 with day-resolution dates over two years). Measured
# on the shared 2-core box with monthly customer-period tables over 24 months (failure counts by
# family, recovered, plan; unchanged months merged into episodes first):
#
#   subjects  input rows  episode rows  Cox (lifelines)  discrete-time (logit, collapsed)
#     5,000      100k          21k           1.5 s              0.3 s
#    20,000      400k          86k           5.8 s              0.7 s
#    50,000      1.0M         214k          19 s                1.0 s
#   100,000      2.0M         429k          53 s                1.5 s
#
# Up to ~20k subjects / ~200k episode rows the exact partial-likelihood fit costs seconds and is
# worth it (no baseline to specify); beyond that it stops being interactive while the
# discrete-time model, which collapses to distinct (band, covariates, length, event) rows, stays
# around a second and gives the same hazard ratios when churn per month is small.
COX_MAX_ROWS = 200_000
COX_MAX_SUBJECTS = 20_000


class HazardModel(Estimator):
    """Hazard ratios from the counting-process table with the model chosen by size.

    ``model="auto"`` fits the time-varying Cox model when the table (after merging unchanged
    months into episodes) has fewer than ``max_cox_rows`` rows and fewer than
    ``max_cox_subjects`` subjects, and the discrete-time model (``DiscreteTimeHazard`` with
    ``link``) otherwise; ``"cox"`` / ``"discrete"`` force one. The limits default to
    ``COX_MAX_ROWS`` / ``COX_MAX_SUBJECTS`` (timings next to their definition).

    Fitted attributes
    -----------------
    model_ ("cox_time_varying", "discrete_time_logistic" or "discrete_time_cloglog"), reason_ (a
    sentence saying why), estimator_ (the fitted model), hazard_ratios_, covariates_, fit_seconds_.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "model": [Options(("auto", "cox", "discrete"))],
        "max_cox_rows": [Interval(int, 1, None)],
        "max_cox_subjects": [Interval(int, 1, None)],
        "link": [Options(("logit", "cloglog"))],
        "penalizer": [PENALIZER],
        "alpha": [ALPHA],
    }

    def __init__(
        self,
        model: str = "auto",
        max_cox_rows: int = COX_MAX_ROWS,
        max_cox_subjects: int = COX_MAX_SUBJECTS,
        link: str = "logit",
        penalizer: float = 0.0,
        alpha: float = 0.05,
    ) -> None:
        self.model = model
        self.max_cox_rows = max_cox_rows
        self.max_cox_subjects = max_cox_subjects
        self.link = link
        self.penalizer = penalizer
        self.alpha = alpha

    def fit(
        self,
        long_df: pd.DataFrame,
        covariates: Sequence[str] | None = None,
        *,
        id_col: str = "id",
        start_col: str = "start",
        stop_col: str = "stop",
        event_col: str = "event",
        **discrete_params: Any,
    ) -> HazardModel:
        """Fit on a long / counting-process frame. Extra keyword arguments go to
        ``DiscreteTimeHazard`` (e.g. ``band_edges=(90, 180, 365)``) when that model runs."""
        self._validate_params()
        require_frame(long_df, "long_df")
        cols = LongCols(id_col, start_col, stop_col, event_col)
        structural = [id_col, start_col, stop_col, event_col]
        require_columns(long_df, structural)
        covs = resolve_covariates(long_df, covariates, structural)
        frame = validate_long(long_df[structural + covs], cols, covs, strata_hint=False)
        n_subjects = int(frame[id_col].nunique())
        size = f"{len(frame):,} rows and {n_subjects:,} subjects"
        if n_subjects >= self.max_cox_subjects:
            within = False
        elif len(frame) < self.max_cox_rows:
            within = True
        else:
            # Count the rows the Cox fit would really see (unchanged months merged into episodes).
            n_episodes = len(merge_unchanged_rows(frame, cols, [c for c in covs if frame[c].nunique() > 1]))
            within = n_episodes < self.max_cox_rows
            size = f"{n_episodes:,} episode rows ({len(frame):,} input rows) and {n_subjects:,} subjects"
        limits = f"< {self.max_cox_rows:,} rows and < {self.max_cox_subjects:,} subjects"
        if self.model == "cox" or (self.model == "auto" and within):
            est: TimeVaryingCox | DiscreteTimeHazard = TimeVaryingCox(
                penalizer=self.penalizer, alpha=self.alpha
            )
            est.fit(frame, covs, id_col=id_col, start_col=start_col, stop_col=stop_col, event_col=event_col)
            self.model_ = "cox_time_varying"
            self.reason_ = (
                f"{size}: within the Cox limits ({limits}), so the time-varying Cox model ran (partial "
                "likelihood, Efron ties; no baseline hazard to specify)."
                if self.model == "auto"
                else f"model='cox' was requested ({size})."
            )
        else:
            est = DiscreteTimeHazard(
                link=self.link, penalizer=self.penalizer, alpha=self.alpha, **discrete_params
            )
            est.fit(frame, covs, id_col=id_col, start_col=start_col, stop_col=stop_col, event_col=event_col)
            self.model_ = est.model_name_
            self.reason_ = (
                f"{size}: beyond the Cox limits ({limits}; lifelines' time-varying Cox rebuilds every risk set "
                f"at every event time and stops being interactive there), so the discrete-time model ran on "
                f"{est.n_fit_rows_:,} collapsed rows."
                if self.model == "auto"
                else f"model='discrete' was requested ({size})."
            )
        self.estimator_ = est
        self.hazard_ratios_ = est.hazard_ratios_
        self.covariates_ = list(est.hazard_ratios_.index)
        self.fit_seconds_ = est.fit_seconds_
        self._is_fitted = True
        return self

    def summary(self) -> pd.DataFrame:
        """The chosen model's summary table."""
        self._check_fitted("summary")
        return self.estimator_.summary()


def fit_hazard_model(
    long_df: pd.DataFrame,
    covariates: Sequence[str] | None = None,
    *,
    id_col: str = "id",
    start_col: str = "start",
    stop_col: str = "stop",
    event_col: str = "event",
    model: str = "auto",
    max_cox_rows: int = COX_MAX_ROWS,
    max_cox_subjects: int = COX_MAX_SUBJECTS,
    link: str = "logit",
    penalizer: float = 0.0,
    alpha: float = 0.05,
    **discrete_params: Any,
) -> HazardModel:
    """Fit hazard ratios on a counting-process frame, choosing Cox or discrete-time by size.

    Returns a fitted ``HazardModel``; ``model_`` says which model ran and ``reason_`` why.
    """
    return HazardModel(
        model=model,
        max_cox_rows=max_cox_rows,
        max_cox_subjects=max_cox_subjects,
        link=link,
        penalizer=penalizer,
        alpha=alpha,
    ).fit(
        long_df,
        covariates,
        id_col=id_col,
        start_col=start_col,
        stop_col=stop_col,
        event_col=event_col,
        **discrete_params,
    )
