"""Survival estimators for customer loss: Kaplan–Meier, log-rank, time-varying Cox, discrete-time
hazard, piecewise-exponential Poisson and Aalen–Johansen cumulative incidence.

Every estimator takes plain pandas DataFrames (or arrays), so it does not depend on how the
customer-period table is built. Times are in **days** throughout.

Input formats
-------------
**One row per subject** (``KaplanMeier``, ``logrank_test``, ``AalenJohansen``)

    ``duration``   float > 0, days from the subject's time origin to churn or censoring. The
                   origin is whatever the question needs: the start of the contract ("how long do
                   customers stay?") or the date of a failure ("how fast do they leave after a
                   process failure, recovered vs not?") — the caller measures durations from it.
    ``event``      0/1, 1 = the customer left at ``duration``, 0 = still a customer (censored).
    ``cause``      (``AalenJohansen`` only) the stated exit family of a leaver, e.g. ``attitude``,
                   ``process``, ``price``, ``quality`` or ``none``; ignored where ``event`` is 0.
    group columns  optional (segment, plan, failure family, recovered yes/no, ...).

**Long / counting-process format** (``TimeVaryingCox``, ``DiscreteTimeHazard``,
``fit_hazard_model``) — what the customer-period table produces::

    id  start  stop  event  failures_attitude  recovered  plan_premium
    17      0     30      0                  0          0             1
    17     30     44      0                  1          0             1   <- failure on day 30
    17     44     61      1                  1          1             1   <- left on day 61

    ``id``         subject identifier.
    ``start``      days since the subject's time origin at which the interval opens (>= 0).
    ``stop``       days at which it closes; ``start < stop``. Intervals of one subject must not
                   overlap (gaps are allowed: the subject is simply not at risk then).
    ``event``      1 only on the subject's last interval and only if the subject left at ``stop``.
    covariates     numeric, constant within an interval (time-varying covariates change between
                   rows). Encode categories as 0/1 columns (one-hot) first.

**Aggregated patterns** (``PiecewiseExponential``): one row per covariate pattern (time band ×
covariates) with the total time at risk (``exposure``, days) and the number of events
(``events``) spent in that pattern. This is the sufficient statistic of the piecewise-exponential
model; the attribution builds it by SQL and refits it in a few milliseconds per bootstrap.

Conventions
-----------
Hyper-parameters go to ``__init__``, data to ``fit(...)``, which returns ``self``; fitted
results end in ``_``. Hazard-ratio tables (``hazard_ratios_``) have one row per covariate and the
columns ``estimate``, ``low``, ``high`` (a ``1 - alpha`` Wald interval, 95 % by default) and ``p``.
Tidy curve tables can be plotted directly: ``group, time, survival, low, high, at_risk`` for
Kaplan–Meier and ``group, cause, time, cif, low, high, at_risk`` for cumulative incidence.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import linalg, stats

from analytics.taxonomy import FAMILIES
from models.base import (
    ALPHA,
    BOOL,
    NONE,
    PENALIZER,
    ConvergenceError,
    ConvergenceWarning,
    Estimator,
    Interval,
    NotFittedError,
    Options,
    Predicate,
)

__all__ = [
    "AalenJohansen",
    "ConvergenceError",
    "ConvergenceWarning",
    "DiscreteTimeHazard",
    "HazardModel",
    "KaplanMeier",
    "LogRankResult",
    "NotFittedError",
    "PiecewiseExponential",
    "TimeVaryingCox",
    "fit_hazard_model",
    "logrank_test",
]

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


def _increasing_edges(value: Any) -> bool:
    edges = np.asarray(value, dtype=float)
    return (
        edges.ndim == 1
        and edges.size >= 1
        and bool(np.all(np.isfinite(edges)))
        and bool(np.all(edges > 0))
        and bool(np.all(np.diff(edges) > 0))
    )


# ----------------------------------------------------------------------------------------------
# input checks shared by the estimators
# ----------------------------------------------------------------------------------------------
def _as_list(cols: str | Sequence[str] | None) -> list[str]:
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def _require_frame(df: Any, what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame. Got {type(df).__name__} instead.")
    if len(df) == 0:
        raise ValueError(f"{what} has no rows. Pass at least one subject.")
    return df


def _require_columns(df: pd.DataFrame, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        which = f"column {missing[0]!r}" if len(missing) == 1 else f"columns {missing}"
        raise ValueError(
            f"{which} not found. Columns present: {list(df.columns)}. "
            "Pass the right name (e.g. duration_col=..., id_col=...) or rename the column."
        )


def _check_numeric(df: pd.DataFrame, cols: Sequence[str], *, strata_hint: bool) -> None:
    bad = [c for c in cols if not pd.api.types.is_numeric_dtype(df[c])]
    if bad:
        hint = f"Try encoding them (one-hot, e.g. pandas.get_dummies(df, columns={bad!r}, drop_first=True))"
        hint += " or passing them as `strata=`." if strata_hint else "."
        raise ValueError(f"DataFrame contains non-numeric columns: {bad}. {hint}")


def _check_finite(df: pd.DataFrame, cols: Sequence[str]) -> None:
    counts = {c: int((~np.isfinite(df[c].to_numpy(dtype=float, na_value=np.nan))).sum()) for c in cols}
    counts = {c: n for c, n in counts.items() if n}
    if counts:
        raise ValueError(
            f"Columns contain missing or infinite values (count per column): {counts}. "
            "Drop or impute those rows before fitting."
        )


def _check_event(values: pd.Series, col: str) -> np.ndarray:
    numeric = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isin(numeric, (0.0, 1.0))
    if bad.any():
        found = sorted({repr(v) for v in pd.unique(values[bad])})[:5]
        raise ValueError(
            f"Column {col!r} must hold 0 (censored / still a customer) or 1 (left); found {', '.join(found)}. "
            f"Recode it to 0/1 integers, e.g. df[{col!r}] = (df[{col!r}] == 'left').astype(int)."
        )
    return numeric.astype(np.int8)


def _entries(df: pd.DataFrame, entry_col: str | None, durations: np.ndarray) -> np.ndarray:
    """Delayed-entry times (days since the origin), zeros without ``entry_col``."""
    if entry_col is None:
        return np.zeros_like(durations)
    _require_columns(df, [entry_col])
    _check_numeric(df, [entry_col], strata_hint=False)
    entry = df[entry_col].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(entry) | (entry < 0) | (entry >= durations)
    if bad.any():
        raise ValueError(
            f"Column {entry_col!r} must hold entry times in days with 0 <= entry < duration; {int(bad.sum())} rows "
            "do not. A customer first seen after the origin enters at that day; one seen from the origin, at 0."
        )
    return entry


def _at_risk(sorted_entries: np.ndarray, sorted_durations: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Subjects at risk at each time t: entered before t and still observed at t (entry < t <= duration).
    Both arrays must be sorted ascending (each on its own).

    With delayed entry (left truncation) a customer who joined before the observation window only
    counts from the day they came under observation; counting them from day 0 would credit them
    with survival nobody observed and bias early survival upwards.
    """
    entered = np.searchsorted(sorted_entries, times, side="left")
    gone = np.searchsorted(sorted_durations, times, side="left")
    return (entered - gone).astype(float)


def _check_durations(durations: np.ndarray, col: str) -> None:
    bad = ~np.isfinite(durations) | (durations <= 0)
    if bad.any():
        raise ValueError(
            f"Column {col!r} must hold durations in days > 0; {int(bad.sum())} rows are missing, infinite or <= 0. "
            "A customer who left on the day of the origin should get a small positive duration such as 0.5."
        )


def _resolve_covariates(
    df: pd.DataFrame, covariates: Sequence[str] | None, structural: Sequence[str]
) -> list[str]:
    if covariates is None:
        covs = [c for c in df.columns if c not in set(structural)]
    else:
        covs = _as_list(covariates)
        _require_columns(df, covs)
        clash = [c for c in covs if c in set(structural)]
        if clash:
            raise ValueError(
                f"Columns {clash} are used as id/time/event/strata/weight columns and cannot be covariates."
            )
    if not covs:
        raise ValueError(
            "No covariate columns to fit. Pass covariates=[...] naming at least one numeric column."
        )
    return covs


def _drop_constant(df: pd.DataFrame, covs: list[str], owner: str) -> tuple[list[str], list[str]]:
    """Drop zero-variance covariates (they have no estimable effect and break Newton steps)."""
    dropped = [c for c in covs if df[c].nunique(dropna=False) <= 1]
    if dropped:
        warnings.warn(
            f"{owner}: dropped zero-variance covariates {dropped} (the same value on every row, so their "
            "effect cannot be estimated). Remove them from `covariates` to silence this warning.",
            UserWarning,
            stacklevel=3,
        )
    kept = [c for c in covs if c not in dropped]
    if not kept:
        raise ValueError(f"{owner}: every covariate is constant ({dropped}); there is nothing to estimate.")
    return kept, dropped


@dataclass(frozen=True)
class _LongCols:
    id: str | None
    start: str
    stop: str
    event: str


def _validate_long(
    df: pd.DataFrame,
    cols: _LongCols,
    covs: list[str],
    extra_numeric: Sequence[str] = (),
    *,
    strata_hint: bool,
) -> pd.DataFrame:
    """Check a counting-process frame and return a copy with float times and 0/1 events."""
    structural = [c for c in (cols.id, cols.start, cols.stop, cols.event) if c is not None]
    _require_columns(df, structural + list(covs) + list(extra_numeric))
    _check_numeric(df, [cols.start, cols.stop, *covs, *extra_numeric], strata_hint=strata_hint)
    _check_finite(df, [cols.start, cols.stop, *covs, *extra_numeric])
    out = df.copy()
    out[cols.event] = _check_event(df[cols.event], cols.event)
    start = out[cols.start].to_numpy(dtype=float)
    stop = out[cols.stop].to_numpy(dtype=float)
    out[cols.start], out[cols.stop] = start, stop
    if (start < 0).any():
        raise ValueError(
            f"{int((start < 0).sum())} rows have {cols.start!r} < 0. Times are days since each subject's time "
            "origin, so they start at 0."
        )
    if (start >= stop).any():
        i = int(np.flatnonzero(start >= stop)[0])
        raise ValueError(
            f"{int((start >= stop).sum())} rows have {cols.start!r} >= {cols.stop!r} (first: row {df.index[i]!r}, "
            f"start={start[i]:g}, stop={stop[i]:g}). Every interval needs start < stop; drop empty intervals."
        )
    if cols.id is None:
        return out
    if out[cols.id].isna().any():
        raise ValueError(
            f"Column {cols.id!r} has {int(out[cols.id].isna().sum())} missing ids. Every row needs its subject's id."
        )
    codes, uniques = pd.factorize(out[cols.id])
    order = np.lexsort((start, codes))
    c, s, e, ev = codes[order], start[order], stop[order], out[cols.event].to_numpy()[order]
    same = c[1:] == c[:-1]
    overlap = np.flatnonzero(same & (s[1:] < e[:-1]))
    if overlap.size:
        j = overlap[0]
        raise ValueError(
            f"{np.unique(c[overlap + 1]).size} subjects have overlapping intervals (e.g. id {uniques[c[j]]!r}: "
            f"[{s[j]:g}, {e[j]:g}) and [{s[j + 1]:g}, {e[j + 1]:g})). A subject's intervals must not overlap; "
            "rebuild the customer-period table."
        )
    last = np.r_[~same, True]
    early = np.flatnonzero((ev == 1) & ~last)
    if early.size:
        j = early[0]
        raise ValueError(
            f"{early.size} rows have {cols.event!r}=1 before the subject's last interval (e.g. id {uniques[c[j]]!r} "
            f"at stop={e[j]:g}). The event belongs on the last interval only; if customers can leave and come "
            "back, give each spell its own id."
        )
    return out


def _ratio_table(coef: np.ndarray, se: np.ndarray, names: Sequence[str], alpha: float) -> pd.DataFrame:
    """exp(coef) with Wald ``1 - alpha`` limits and two-sided p-values."""
    z = stats.norm.ppf(1.0 - alpha / 2.0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        table = pd.DataFrame(
            {
                "estimate": np.exp(coef),
                "low": np.exp(coef - z * se),
                "high": np.exp(coef + z * se),
                "p": 2.0 * stats.norm.sf(np.abs(coef / se)),
            },
            index=pd.Index(list(names), name="covariate"),
        )
    return table


def _coef_summary(coef: np.ndarray, se: np.ndarray, names: Sequence[str], alpha: float) -> pd.DataFrame:
    ratios = _ratio_table(coef, se, names, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        front = pd.DataFrame({"coef": coef, "se": se, "z": coef / se}, index=ratios.index)
    return pd.concat([front, ratios], axis=1)


def _group_frames(
    df: pd.DataFrame, group_cols: list[str]
) -> Iterator[tuple[str, dict[str, Any], pd.DataFrame]]:
    """Yield ``(label, {col: value}, rows)`` per group; one group called "all" without group columns."""
    if not group_cols:
        yield "all", {}, df
        return
    missing = {c: int(df[c].isna().sum()) for c in group_cols if df[c].isna().any()}
    if missing:
        raise ValueError(
            f"Group columns have missing values (count per column): {missing}. Fill them with an explicit label "
            "such as 'unknown' so those customers are not dropped silently."
        )
    key = group_cols[0] if len(group_cols) == 1 else group_cols
    for values, rows in df.groupby(key, sort=True, observed=True):
        vals = values if isinstance(values, tuple) else (values,)
        yield " | ".join(str(v) for v in vals), dict(zip(group_cols, vals)), rows


# ----------------------------------------------------------------------------------------------
# Kaplan–Meier
# ----------------------------------------------------------------------------------------------
def _km_arrays(
    durations: np.ndarray, events: np.ndarray, alpha: float, entries: np.ndarray
) -> dict[str, np.ndarray]:
    """Kaplan–Meier with Greenwood variance and log(-log) pointwise limits, at every distinct time."""
    times, inverse = np.unique(durations, return_inverse=True)
    removed = np.bincount(inverse, minlength=times.size).astype(float)
    died = np.bincount(inverse, weights=events.astype(float), minlength=times.size)
    entries, durations = np.sort(entries), np.sort(durations)  # kept sorted for survival_at
    at_risk = _at_risk(entries, durations, times)
    survival = np.cumprod(1.0 - died / at_risk)
    with np.errstate(divide="ignore", invalid="ignore"):
        greenwood = np.cumsum(np.where(died > 0, died / (at_risk * (at_risk - died)), 0.0))
        # log(-log S) has standard error sqrt(Greenwood)/|log S| (Kalbfleisch & Prentice); R's
        # conf.type = "log-log" and lifelines' default use the same limits.
        se = np.sqrt(greenwood) / np.abs(np.log(survival))
        z = stats.norm.ppf(1.0 - alpha / 2.0)
        low = survival ** np.exp(z * se)
        high = survival ** np.exp(-z * se)
    no_event_yet = survival >= 1.0
    low[no_event_yet], high[no_event_yet] = 1.0, 1.0
    # S = 0 after everyone left: R reports no limits there; NaN leaves a gap in a plot.
    low[survival <= 0.0], high[survival <= 0.0] = np.nan, np.nan
    return {
        "time": times,
        "at_risk": at_risk,
        "events": died,
        "censored": removed - died,
        "survival": survival,
        "low": low,
        "high": high,
        "entries": entries,
        "durations": durations,
    }


def _first_time_at_or_below(times: np.ndarray, curve: np.ndarray, level: float) -> float:
    hit = np.flatnonzero(curve <= level)
    return float(times[hit[0]]) if hit.size else np.inf


class KaplanMeier(Estimator):
    """Kaplan–Meier survival curves with pointwise log(-log) confidence bands, overall or by group.

    Parameters
    ----------
    alpha:
        1 - confidence level of the bands and of the median's interval (0.05 → 95 %).

    Fitted attributes
    -----------------
    survival_:
        Tidy curve, one row per group and distinct time (plus a time-0 row): ``group, time,
        survival, low, high, at_risk, events, censored`` and the group columns. ``time`` in days;
        ``at_risk`` counts subjects still under observation just before ``time``. Limits are NaN
        where the curve has reached 0.
    median_:
        ``group, median, low, high, n, events``: the median survival time (days; the first time
        at which S(t) <= 0.5) with the interval read off the bands (Brookmeyer–Crowley style, as R's
        ``survfit`` and lifelines do). ``inf`` = not reached within follow-up.
    groups_:
        Group labels in output order (``["all"]`` without groups).
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {"alpha": [ALPHA]}

    def __init__(self, alpha: float = 0.05) -> None:
        self.alpha = alpha

    def fit(
        self,
        df: pd.DataFrame,
        duration_col: str = "duration",
        event_col: str = "event",
        group_cols: str | Sequence[str] | None = None,
        entry_col: str | None = None,
    ) -> KaplanMeier:
        """Fit one curve per group. ``df`` has one row per subject (see the module docstring).

        ``entry_col`` (optional) holds delayed-entry times in days (left truncation): a subject is
        at risk on ``(entry, duration]`` only, e.g. a customer who joined before the observation
        window and is followed from the window's start.
        """
        self._validate_params()
        _require_frame(df, "df")
        groups = _as_list(group_cols)
        _require_columns(df, [duration_col, event_col, *groups])
        _check_numeric(df, [duration_col], strata_hint=False)
        durations = df[duration_col].to_numpy(dtype=float)
        _check_durations(durations, duration_col)
        events = _check_event(df[event_col], event_col)
        entries = _entries(df, entry_col, durations)
        work = pd.DataFrame({"_d": durations, "_e": events, "_s": entries}, index=df.index)
        for g in groups:
            work[g] = df[g]

        curves, medians, self._curves = [], [], {}
        for label, keys, rows in _group_frames(work, groups):
            arr = _km_arrays(rows["_d"].to_numpy(), rows["_e"].to_numpy(), self.alpha, rows["_s"].to_numpy())
            self._curves[label] = arr
            n = int((rows["_s"] <= 0).sum())  # observed from the origin
            curve = pd.DataFrame(
                {
                    "time": np.r_[0.0, arr["time"]],
                    "survival": np.r_[1.0, arr["survival"]],
                    "low": np.r_[1.0, arr["low"]],
                    "high": np.r_[1.0, arr["high"]],
                    "at_risk": np.r_[n, arr["at_risk"]].astype(int),
                    "events": np.r_[0, arr["events"]].astype(int),
                    "censored": np.r_[0, arr["censored"]].astype(int),
                }
            )
            curve.insert(0, "group", label)
            for col, value in keys.items():
                curve[col] = value
            curves.append(curve)
            # Where S = 0 the band is undefined, but the curve is certainly below 0.5 there.
            at_zero = arr["survival"] <= 0
            low_f, high_f = np.where(at_zero, 0.0, arr["low"]), np.where(at_zero, 0.0, arr["high"])
            medians.append(
                {
                    "group": label,
                    **keys,
                    "median": _first_time_at_or_below(arr["time"], arr["survival"], 0.5),
                    # the lower band crosses 0.5 first, so it gives the lower limit
                    "low": _first_time_at_or_below(arr["time"], low_f, 0.5),
                    "high": _first_time_at_or_below(arr["time"], high_f, 0.5),
                    "n": n,
                    "events": int(arr["events"].sum()),
                }
            )
        self.survival_ = pd.concat(curves, ignore_index=True)
        self.median_ = pd.DataFrame(medians)
        self.groups_ = list(self._curves)
        self.group_cols_ = groups
        self._is_fitted = True
        return self

    def survival_at(self, times: float | Sequence[float]) -> pd.DataFrame:
        """Survival (with limits) per group at the given times in days, e.g. ``[90, 180, 365]``.

        Returns ``group, time, survival, low, high, at_risk``. Beyond a group's last follow-up time
        the curve is not estimable and the row holds NaN (unless the curve already reached 0).
        """
        self._check_fitted("survival_at")
        t = np.atleast_1d(np.asarray(times, dtype=float))
        if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t < 0):
            raise ValueError(f"times must be finite day values >= 0. Got {times!r} instead.")
        rows = []
        for label, arr in self._curves.items():
            idx = np.searchsorted(arr["time"], t, side="right") - 1
            # at t = 0 nobody has left yet: those observed from the origin are at risk
            at_risk = np.where(
                t > 0,
                _at_risk(arr["entries"], arr["durations"], t),
                (arr["entries"] <= 0).sum(),
            )
            surv = np.where(idx >= 0, arr["survival"][np.maximum(idx, 0)], 1.0)
            low = np.where(idx >= 0, arr["low"][np.maximum(idx, 0)], 1.0)
            high = np.where(idx >= 0, arr["high"][np.maximum(idx, 0)], 1.0)
            beyond = (t > arr["time"][-1]) & (arr["survival"][-1] > 0)
            surv, low, high = (np.where(beyond, np.nan, v) for v in (surv, low, high))
            rows.append(
                pd.DataFrame(
                    {
                        "group": label,
                        "time": t,
                        "survival": surv,
                        "low": low,
                        "high": high,
                        "at_risk": at_risk.astype(int),
                    }
                )
            )
        return pd.concat(rows, ignore_index=True)


# ----------------------------------------------------------------------------------------------
# log-rank test
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LogRankResult:
    """Result of a (k-sample) log-rank test.

    ``statistic`` is chi-square distributed with ``df = k - 1`` degrees of freedom under equal
    hazards; ``table`` has per group ``group, n, observed, expected`` events.
    """

    statistic: float
    df: int
    p_value: float
    table: pd.DataFrame = field(repr=False)
    test: str = "log-rank"

    def to_frame(self) -> pd.DataFrame:
        """One-row tidy summary: ``test, statistic, df, p_value, groups``."""
        return pd.DataFrame(
            [
                {
                    "test": self.test,
                    "statistic": self.statistic,
                    "df": self.df,
                    "p_value": self.p_value,
                    "groups": len(self.table),
                }
            ]
        )


def logrank_test(
    df: pd.DataFrame,
    group_col: str,
    duration_col: str = "duration",
    event_col: str = "event",
    entry_col: str | None = None,
) -> LogRankResult:
    """Log-rank test of equal hazards across the groups in ``group_col`` (two or more groups).

    Mantel's k-sample statistic (O - E)' V⁻¹ (O - E) over the first k - 1 groups with the
    hypergeometric variance at tied times; identical to R's ``survdiff`` and lifelines'
    ``multivariate_logrank_test``. ``df`` has one row per subject (module docstring);
    ``entry_col`` gives delayed-entry times as in :meth:`KaplanMeier.fit`.
    """
    _require_frame(df, "df")
    _require_columns(df, [duration_col, event_col, group_col])
    _check_numeric(df, [duration_col], strata_hint=False)
    durations = df[duration_col].to_numpy(dtype=float)
    _check_durations(durations, duration_col)
    events = _check_event(df[event_col], event_col).astype(float)
    entries = _entries(df, entry_col, durations)
    if df[group_col].isna().any():
        raise ValueError(
            f"Column {group_col!r} has missing values; label them (e.g. 'unknown') before testing."
        )
    codes, labels = pd.factorize(df[group_col], sort=True)
    k = labels.size
    if k < 2:
        raise ValueError(
            f"The log-rank test needs at least two groups in {group_col!r}; found {k} ({list(labels)})."
        )

    event_times = np.unique(durations[events == 1])
    m = event_times.size
    # at risk per event time and group: subjects with duration >= t
    n_tg = np.empty((m, k))
    d_tg = np.zeros((m, k))
    for g in range(k):
        in_g = codes == g
        n_tg[:, g] = _at_risk(np.sort(entries[in_g]), np.sort(durations[in_g]), event_times)
    pos = np.searchsorted(event_times, durations[events == 1])
    np.add.at(d_tg, (pos, codes[events == 1]), 1.0)
    n_t = n_tg.sum(axis=1)
    d_t = d_tg.sum(axis=1)
    observed = d_tg.sum(axis=0)
    expected = (n_tg * (d_t / n_t)[:, None]).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tie = np.where(n_t > 1, d_t * (n_t - d_t) / (n_t - 1.0), 0.0)
    share = n_tg / n_t[:, None]
    cov = np.einsum("t,tg,th->gh", tie, share, -share) + np.diag((tie[:, None] * share).sum(axis=0))
    diff = (observed - expected)[: k - 1]
    statistic = float(diff @ np.linalg.pinv(cov[: k - 1, : k - 1]) @ diff) if m else 0.0
    dof = k - 1
    table = pd.DataFrame(
        {
            "group": [str(v) for v in labels],
            "n": np.bincount(codes, minlength=k),
            "observed": observed,
            "expected": expected,
        }
    )
    return LogRankResult(
        statistic=statistic, df=dof, p_value=float(stats.chi2.sf(statistic, dof)), table=table
    )


# ----------------------------------------------------------------------------------------------
# time-varying Cox (lifelines underneath)
# ----------------------------------------------------------------------------------------------
def _merge_episodes(df: pd.DataFrame, cols: _LongCols, keep_equal: list[str]) -> pd.DataFrame:
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
        """Fit on a long / counting-process frame (module docstring). ``covariates=None`` uses every
        column that is not an id/time/event/strata/weight column. ``strata`` columns get their own
        baseline hazard (they may be text); ``weights_col`` holds frequency weights (lifelines'
        model-based variance, so a weight of 2 counts as two customers)."""
        self._validate_params()
        _require_frame(long_df, "long_df")
        from lifelines import CoxTimeVaryingFitter  # lazy: lifelines is slow to import
        from lifelines.exceptions import ConvergenceError as LifelinesConvergenceError

        cols = _LongCols(id_col, start_col, stop_col, event_col)
        strata_cols = _as_list(strata)
        weights = _as_list(weights_col)
        structural = [id_col, start_col, stop_col, event_col, *strata_cols, *weights]
        _require_columns(long_df, structural)
        covs = _resolve_covariates(long_df, covariates, structural)
        frame = _validate_long(long_df[structural + covs], cols, covs, weights, strata_hint=True)
        if weights and (frame[weights[0]] <= 0).any():
            raise ValueError(f"Column {weights[0]!r} must hold positive weights; drop rows with weight 0.")
        covs, dropped = _drop_constant(frame, covs, "TimeVaryingCox")
        frame = frame[structural + covs]
        if self.merge_episodes:
            frame = _merge_episodes(frame, cols, covs + strata_cols + weights)

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
        self.hazard_ratios_ = _ratio_table(coef, se, self.covariates_, self.alpha)
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
        return _coef_summary(
            self.params_.to_numpy(), self.standard_errors_.to_numpy(), self.covariates_, self.alpha
        )

    def predict_log_partial_hazard(self, df: pd.DataFrame) -> pd.Series:
        """x'β for each row of ``df`` (uncentred; relative to a subject with all covariates 0)."""
        self._check_fitted("predict_log_partial_hazard")
        _require_columns(df, self.covariates_)
        return pd.Series(df[self.covariates_].to_numpy(dtype=float) @ self.params_.to_numpy(), index=df.index)


# ----------------------------------------------------------------------------------------------
# GLM machinery: Newton / Fisher scoring for binomial (logit, cloglog) and Poisson (log) models
# ----------------------------------------------------------------------------------------------
def _solve_pd(h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Solve h x = g for a symmetric positive-definite h (Cholesky); raises LinAlgError if singular."""
    c, low = linalg.cho_factor(h, check_finite=False)
    return linalg.cho_solve((c, low), g, check_finite=False)


def _dependent_columns(x: np.ndarray, w: np.ndarray, names: Sequence[str]) -> list[str]:
    """Columns that are (numerically) linear combinations of earlier ones, by pivoted QR of √w·X."""
    xs = x * np.sqrt(w)[:, None]
    scale = np.linalg.norm(xs, axis=0)
    scale[scale == 0] = 1.0
    _, r, piv = linalg.qr(xs / scale, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > 1e-9 * diag[0]).sum()) if diag.size else 0
    return [names[i] for i in sorted(piv[rank:])]


def _binomial_terms(link: str, y: np.ndarray, w: np.ndarray, eta: np.ndarray):
    """Log-likelihood, score and Fisher weights w.r.t. eta for the binomial model."""
    if link == "logit":
        mu = 0.5 * (1.0 + np.tanh(0.5 * eta))  # stable expit
        ll = float(w @ (y * eta - np.logaddexp(0.0, eta)))
        score = w * (y - mu)
        fisher = w * mu * (1.0 - mu)
        return ll, score, fisher
    u = np.exp(np.clip(eta, -700.0, 30.0))  # keeps log(1 - e^{-u}) finite and e^u from overflowing
    em1 = np.expm1(u)
    ratio = np.where(u > 1e-12, u / np.where(em1 == 0, 1.0, em1), 1.0)  # u / (e^u - 1) → 1 as u → 0
    log_mu = np.log(-np.expm1(-u))
    ll = float(w @ (y * log_mu - (1.0 - y) * u))
    score = w * (y * ratio - (1.0 - y) * u)
    fisher = w * u * ratio  # expected information: u² / (e^u - 1)
    return ll, score, fisher


def _cloglog_observed(y: np.ndarray, w: np.ndarray, eta: np.ndarray) -> np.ndarray:
    """Observed information weights -d²ℓ/dη² for the cloglog link (differs from Fisher's)."""
    u = np.exp(np.clip(eta, -700.0, 30.0))
    em1 = np.expm1(u)
    safe = np.where(em1 == 0, 1.0, em1)
    ratio = np.where(u > 1e-12, u / safe, 1.0)
    second = ratio - np.where(u > 1e-12, u * u * np.exp(np.minimum(u, 700.0)) / safe**2, 1.0)
    return -w * (y * second - (1.0 - y) * u)


@dataclass
class _GlmFit:
    beta: np.ndarray
    cov: np.ndarray
    loglik: float
    n_iter: int
    converged: bool


def _fit_glm(
    family: str,
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    offset: np.ndarray,
    penalty: np.ndarray,
    beta0: np.ndarray | None,
    max_iter: int,
    tol: float,
) -> _GlmFit:
    """Penalised maximum likelihood by Newton / Fisher scoring with step halving.

    family: "poisson" (log link; ``y`` counts, ``offset`` log exposure), "logit" or "cloglog"
    (binomial 0/1 ``y``). ``w`` are frequency weights; ``penalty`` the diagonal of the L2 penalty
    ½ Σ penalty_j β_j². The covariance is the inverse observed information at the optimum.
    """
    p = x.shape[1]
    pen = np.diag(penalty)
    if family == "poisson":
        xtwy = x.T @ (w * y)  # sufficient statistic, constant across iterations

        def evaluate(beta: np.ndarray):
            eta = x @ beta + offset
            mu = np.exp(np.minimum(eta, 700.0))
            ll = float(xtwy @ beta - w @ mu) - 0.5 * float(penalty @ beta**2)
            grad = xtwy - x.T @ (w * mu) - penalty * beta
            info = (x.T * (w * mu)) @ x + pen
            return ll, grad, info, eta

        if beta0 is None:
            # glm()'s start: mu = y + 0.1, one weighted least-squares step on the working response.
            mu0 = y + 0.1
            z = np.log(mu0) - offset
            a = (x.T * (w * mu0)) @ x + pen
            try:
                beta0 = _solve_pd(a, x.T @ (w * mu0 * z))
            except linalg.LinAlgError:
                beta0 = np.zeros(p)
    else:

        def evaluate(beta: np.ndarray):
            eta = x @ beta + offset
            ll, score, fisher = _binomial_terms(family, y, w, eta)
            ll -= 0.5 * float(penalty @ beta**2)
            grad = x.T @ score - penalty * beta
            info = (x.T * fisher) @ x + pen
            return ll, grad, info, eta

        if beta0 is None:
            # Start from the Poisson (piecewise-exponential) fit with the same offset: for rare
            # events it is nearly the answer, whereas beta = 0 puts every row at P ≈ length·1/day ≈ 1
            # and Newton for the logit wanders off from there.
            beta0 = _fit_glm("poisson", x, y, w, offset, penalty, None, max_iter, tol).beta

    beta = np.asarray(beta0, dtype=float).copy()
    ll, grad, info, eta = evaluate(beta)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - `it` is reported after the loop
        step = _solve_pd(info, grad)
        if float(np.max(np.abs(step), initial=0.0)) < tol:
            # Newton converges quadratically: a step this small is the last one worth taking.
            beta = beta + step
            ll, grad, info, eta = evaluate(beta)
            converged = True
            break
        t = 1.0
        while True:
            cand = beta + t * step
            ll_c, grad_c, info_c, eta_c = evaluate(cand)
            if np.isfinite(ll_c) and ll_c >= ll - 1e-10 * (1.0 + abs(ll)):
                break
            t *= 0.5
            if t < 1e-6:
                break
        if t < 1e-6:  # no ascent along the Newton direction: at the optimum up to rounding
            converged = float(np.max(np.abs(step))) < np.sqrt(tol)
            break
        beta, ll, grad, info, eta = cand, ll_c, grad_c, info_c, eta_c
    if family == "cloglog":
        obs = _cloglog_observed(y, w, eta)
        info = (x.T * obs) @ x + pen
    try:
        cov = linalg.cho_solve(linalg.cho_factor(info, check_finite=False), np.eye(p), check_finite=False)
    except linalg.LinAlgError:
        cov = np.linalg.pinv(info)
    return _GlmFit(beta=beta, cov=cov, loglik=ll, n_iter=it, converged=converged)


# ----------------------------------------------------------------------------------------------
# discrete-time hazard (pooled binary regression on the person-period table)
# ----------------------------------------------------------------------------------------------
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
        "band_edges": [NONE, Predicate(_increasing_edges, "an increasing sequence of day values > 0")],
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
        """Fit on a person-period frame (long format, module docstring).

        ``weights_col`` holds frequency weights (a row standing for that many identical rows; e.g.
        bootstrap counts). ``id_col=None`` skips the per-subject checks (for pre-aggregated rows).
        """
        self._validate_params()
        _require_frame(long_df, "long_df")
        cols = _LongCols(id_col, start_col, stop_col, event_col)
        weights = _as_list(weights_col)
        structural = [c for c in (id_col, start_col, stop_col, event_col) if c is not None] + weights
        _require_columns(long_df, structural)
        covs = _resolve_covariates(long_df, covariates, structural)
        frame = _validate_long(long_df[structural + covs], cols, covs, weights, strata_hint=False)
        w = frame[weights_col].to_numpy(dtype=float) if weights_col else np.ones(len(frame))
        if (w < 0).any():
            raise ValueError(f"Column {weights_col!r} must hold weights >= 0.")
        covs, dropped = _drop_constant(frame, covs, "DiscreteTimeHazard")
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
            dependent = _dependent_columns(x, fw, names)
            if dependent:
                raise ValueError(
                    f"Covariates are collinear with the baseline or with each other: {dependent} are linear "
                    "combinations of the other columns. Drop them (e.g. "
                    "one level of each one-hot category) or pass penalizer > 0."
                )
        fit = _fit_glm(
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
        self.hazard_ratios_ = _ratio_table(fit.beta[nb:], se[nb:], covs, self.alpha)
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
        return _coef_summary(
            self.params_.to_numpy(), self.standard_errors_.to_numpy(), list(self.params_.index), self.alpha
        )

    def predict_hazard(
        self, long_df: pd.DataFrame, *, start_col: str = "start", stop_col: str = "stop"
    ) -> pd.Series:
        """Probability of leaving within each row's interval (given at risk at its start)."""
        self._check_fitted("predict_hazard")
        _require_columns(long_df, [start_col, stop_col, *self.covariates_])
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


# ----------------------------------------------------------------------------------------------
# piecewise-exponential (Poisson) model on aggregated patterns
# ----------------------------------------------------------------------------------------------
class PiecewiseExponential(Estimator):
    """Piecewise-exponential hazard model fitted as a Poisson GLM on aggregated covariate patterns.

    Rows are covariate patterns (typically tenure band × exposures); ``events`` counts the churns
    and ``exposure`` the days at risk spent in the pattern. The model is
    ``E[events] = exposure · exp(x'β)``: with band dummies in ``X`` the baseline hazard is
    piecewise constant and exp(β) of the other columns are hazard ratios. The log-likelihood
    depends on the data only through X'(w·events) and the per-pattern exposures, so a refit is a
    handful of Newton steps on a small matrix (≈1 ms for 2,000 patterns × 15 columns); warm-start
    bootstrap replicates with ``beta0=previous.beta_``.

    Parameters
    ----------
    alpha:
        1 - confidence level of the hazard-ratio intervals.
    penalizer:
        L2 penalty ½·penalizer·Σβ² on the non-baseline coefficients (keeps a bootstrap replicate
        finite when a rare exposure has no events); 0 = maximum likelihood.
    fit_intercept:
        Add an unpenalised "intercept" column (use it when X has k-1 band dummies, not k).
    max_iter, tol:
        Newton iterations and convergence tolerance (max absolute coefficient change).

    Fitted attributes
    -----------------
    beta_ / covariance_ (ndarrays, for fast reuse), params_, standard_errors_, variance_matrix_,
    hazard_ratios_ (non-baseline columns: ``estimate, low, high, p``), baseline_rates_ (exp of the
    baseline coefficients, events per unit of exposure), columns_, baseline_columns_,
    log_likelihood_ (up to a constant), n_iter_, converged_, fit_seconds_.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "alpha": [ALPHA],
        "penalizer": [PENALIZER],
        "fit_intercept": [BOOL],
        "max_iter": [Interval(int, 1, 1000)],
        "tol": [Interval(float, 0.0, 1.0, "neither")],
    }

    def __init__(
        self,
        alpha: float = 0.05,
        penalizer: float = 0.0,
        fit_intercept: bool = False,
        max_iter: int = 100,
        tol: float = 1e-8,
    ) -> None:
        self.alpha = alpha
        self.penalizer = penalizer
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(
        self,
        X: pd.DataFrame | np.ndarray,
        events: Sequence[float] | np.ndarray,
        exposure: Sequence[float] | np.ndarray,
        *,
        weights: Sequence[float] | np.ndarray | None = None,
        baseline_columns: Sequence[str] | Sequence[int] = (),
        beta0: np.ndarray | None = None,
    ) -> PiecewiseExponential:
        """Fit the Poisson model.

        Parameters
        ----------
        X:
            (patterns × columns) numeric design: DataFrame (names kept) or 2-D array.
        events:
            events per pattern (counts >= 0; may be fractional after weighting).
        exposure:
            time at risk per pattern (> 0, days — then baseline rates are per day).
        weights:
            optional frequency weights per pattern (e.g. bootstrap multiplicities), >= 0.
        baseline_columns:
            names (or positions) of the baseline columns (band dummies): unpenalised and left out
            of ``hazard_ratios_``. The intercept is always a baseline column.
        beta0:
            warm start (e.g. the previous replicate's ``beta_``), same length as the fitted
            coefficients (including the intercept first when ``fit_intercept``).
        """
        self._validate_params()
        t0 = time.perf_counter()
        if isinstance(X, pd.DataFrame):
            _check_numeric(X, list(X.columns), strata_hint=False)
            names = [str(c) for c in X.columns]
            x = X.to_numpy(dtype=float)
        else:
            x = np.asarray(X, dtype=float)
            if x.ndim != 2:
                raise ValueError(
                    f"X must be 2-D (patterns × columns). Got an array of shape {x.shape} instead."
                )
            names = [f"x{j}" for j in range(x.shape[1])]
        n = x.shape[0]
        d = np.asarray(events, dtype=float).reshape(-1)
        e = np.asarray(exposure, dtype=float).reshape(-1)
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=float).reshape(-1)
        if not (d.size == e.size == w.size == n):
            raise ValueError(
                f"X has {n} rows but events, exposure and weights have {d.size}, {e.size} and {w.size}. "
                "Pass one value per pattern."
            )
        if n == 0:
            raise ValueError("X has no rows. Pass at least one covariate pattern.")
        if not np.all(np.isfinite(x)):
            raise ValueError(
                "X contains missing or infinite values. Drop or impute those patterns before fitting."
            )
        if not (np.all(np.isfinite(d)) and np.all(d >= 0)):
            raise ValueError("events must be finite counts >= 0.")
        if not (np.all(np.isfinite(e)) and np.all(e > 0)):
            raise ValueError(
                "exposure must be finite and > 0 (days at risk); drop patterns with no time at risk."
            )
        if not (np.all(np.isfinite(w)) and np.all(w >= 0)):
            raise ValueError("weights must be finite and >= 0.")
        if self.fit_intercept:
            x = np.column_stack([np.ones(n), x])
            names = ["intercept", *names]
        is_base = np.zeros(len(names), dtype=bool)
        for b in baseline_columns:
            if isinstance(b, int | np.integer):
                is_base[int(b) + (1 if self.fit_intercept else 0)] = True
            elif b in names:
                is_base[names.index(b)] = True
            else:
                raise ValueError(f"baseline column {b!r} not found. Columns present: {names}.")
        if self.fit_intercept:
            is_base[0] = True
        if beta0 is not None:
            beta0 = np.asarray(beta0, dtype=float).reshape(-1)
            if beta0.size != len(names):
                raise ValueError(
                    f"beta0 has {beta0.size} values but the model has {len(names)} coefficients ({names})."
                )
        penalty = np.where(is_base, 0.0, float(self.penalizer))
        try:
            fit = _fit_glm("poisson", x, d, w, np.log(e), penalty, beta0, self.max_iter, self.tol)
        except linalg.LinAlgError as exc:
            dependent = _dependent_columns(x, np.maximum(w, 1e-12), names)
            raise ValueError(
                f"The design is singular: columns {dependent or names} are collinear or have no exposure. Drop "
                "them (e.g. one band dummy when fit_intercept=True) or pass penalizer > 0."
            ) from exc
        if not fit.converged:
            warnings.warn(
                f"PiecewiseExponential did not converge in {self.max_iter} iterations (a column with no events "
                "has a hazard ratio of 0). Consider penalizer > 0.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.beta_ = fit.beta
        self.covariance_ = fit.cov
        self.columns_ = names
        self.baseline_columns_ = [nm for nm, b in zip(names, is_base) if b]
        self._is_base = is_base
        self.log_likelihood_ = fit.loglik
        self.n_iter_ = fit.n_iter
        self.converged_ = fit.converged
        self.fit_seconds_ = time.perf_counter() - t0
        self._is_fitted = True
        return self

    # The tables below are built on first access so that a bootstrap that only needs beta_ and
    # covariance_ does not pay for pandas objects 200 times.
    @property
    def params_(self) -> pd.Series:
        self._check_fitted("params_")
        return pd.Series(self.beta_, index=pd.Index(self.columns_, name="term"), name="coef")

    @property
    def standard_errors_(self) -> pd.Series:
        self._check_fitted("standard_errors_")
        return pd.Series(
            np.sqrt(np.diag(self.covariance_)), index=pd.Index(self.columns_, name="term"), name="se"
        )

    @property
    def variance_matrix_(self) -> pd.DataFrame:
        self._check_fitted("variance_matrix_")
        idx = pd.Index(self.columns_, name="term")
        return pd.DataFrame(self.covariance_, index=idx, columns=idx)

    @property
    def hazard_ratios_(self) -> pd.DataFrame:
        self._check_fitted("hazard_ratios_")
        keep = ~self._is_base
        se = np.sqrt(np.diag(self.covariance_))
        return _ratio_table(
            self.beta_[keep], se[keep], [n for n, k in zip(self.columns_, keep) if k], self.alpha
        )

    @property
    def baseline_rates_(self) -> pd.DataFrame:
        self._check_fitted("baseline_rates_")
        base = self._is_base
        se = np.sqrt(np.diag(self.covariance_))
        table = _ratio_table(self.beta_[base], se[base], self.baseline_columns_, self.alpha)
        return table.drop(columns="p").rename_axis("term")

    def summary(self) -> pd.DataFrame:
        """All coefficients: ``coef, se, z, estimate, low, high, p``."""
        self._check_fitted("summary")
        return _coef_summary(self.beta_, np.sqrt(np.diag(self.covariance_)), self.columns_, self.alpha)

    def predict(
        self, X: pd.DataFrame | np.ndarray, exposure: Sequence[float] | np.ndarray | None = None
    ) -> np.ndarray:
        """Expected events per pattern (``exposure · exp(x'β)``), or the rate if ``exposure`` is None."""
        self._check_fitted("predict")
        x = X.to_numpy(dtype=float) if isinstance(X, pd.DataFrame) else np.asarray(X, dtype=float)
        if self.fit_intercept:
            x = np.column_stack([np.ones(x.shape[0]), x])
        rate = np.exp(x @ self.beta_)
        return rate if exposure is None else rate * np.asarray(exposure, dtype=float)


# ----------------------------------------------------------------------------------------------
# automatic choice between Cox and the discrete-time model
# ----------------------------------------------------------------------------------------------
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
        _require_frame(long_df, "long_df")
        cols = _LongCols(id_col, start_col, stop_col, event_col)
        structural = [id_col, start_col, stop_col, event_col]
        _require_columns(long_df, structural)
        covs = _resolve_covariates(long_df, covariates, structural)
        frame = _validate_long(long_df[structural + covs], cols, covs, strata_hint=False)
        n_subjects = int(frame[id_col].nunique())
        size = f"{len(frame):,} rows and {n_subjects:,} subjects"
        if n_subjects >= self.max_cox_subjects:
            within = False
        elif len(frame) < self.max_cox_rows:
            within = True
        else:
            # Count the rows the Cox fit would really see (unchanged months merged into episodes).
            n_episodes = len(_merge_episodes(frame, cols, [c for c in covs if frame[c].nunique() > 1]))
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


# ----------------------------------------------------------------------------------------------
# competing risks: Aalen–Johansen cumulative incidence
# ----------------------------------------------------------------------------------------------
def _cause_order(labels: Sequence[str]) -> list[str]:
    known = [*FAMILIES, "none"]
    return [c for c in known if c in labels] + sorted(c for c in labels if c not in known)


class AalenJohansen(Estimator):
    """Cumulative incidence of churn by stated exit cause (competing risks), overall or by group.

    CIF_k(t) = Σ_{t_j <= t} S(t_j-) · d_kj / n_j, with S the all-cause Kaplan–Meier curve, d_kj the
    leavers citing cause k at t_j and n_j the number at risk. Computed directly, so tied times —
    common with day-resolution dates — are handled exactly: lifelines' ``AalenJohansenFitter``
    instead jitters tied times at random, which makes results depend on a seed. Σ_k CIF_k(t) +
    S(t) = 1 at every t. Treating other causes as censoring (1 - KM per cause) would overstate
    every cause's probability; that is why this estimator exists.

    Variance: the delta-method (Greenwood-type) estimator of Marubini & Valsecchi (1995), as in
    Collett's *Modelling Survival Data in Medical Research* and lifelines; pointwise limits on the
    log(-log CIF) scale so they stay in (0, 1).

    Parameters
    ----------
    alpha:
        1 - confidence level of the pointwise limits.

    Fitted attributes
    -----------------
    cif_: tidy ``group, cause, time, cif, low, high, at_risk`` (and the group columns), with a
    time-0 row per cause; causes_ (ordered attitude, process, price, quality, none, then others);
    survival_ (the all-cause Kaplan–Meier curve ``group, time, survival``); groups_.
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {"alpha": [ALPHA]}

    def __init__(self, alpha: float = 0.05) -> None:
        self.alpha = alpha

    def fit(
        self,
        df: pd.DataFrame,
        duration_col: str = "duration",
        event_col: str = "event",
        cause_col: str = "cause",
        group_cols: str | Sequence[str] | None = None,
        entry_col: str | None = None,
    ) -> AalenJohansen:
        """Fit on one row per subject: duration (days), event (0/1), cause of the leavers; optional
        delayed-entry times as in :meth:`KaplanMeier.fit`."""
        self._validate_params()
        _require_frame(df, "df")
        groups = _as_list(group_cols)
        _require_columns(df, [duration_col, event_col, cause_col, *groups])
        _check_numeric(df, [duration_col], strata_hint=False)
        durations = df[duration_col].to_numpy(dtype=float)
        _check_durations(durations, duration_col)
        events = _check_event(df[event_col], event_col)
        entries = _entries(df, entry_col, durations)
        cause = df[cause_col].where(events == 1)
        blank = (events == 1) & (cause.isna().to_numpy() | (cause.astype(str).str.strip() == "").to_numpy())
        if blank.any():
            raise ValueError(
                f"{int(blank.sum())} leavers (event=1) have no {cause_col!r}. Give them an explicit cause such as "
                "'none' (left without stating a reason) so they still count as churn."
            )
        # Labels are used as given (normalise Spanish / free-text reasons upstream with the taxonomy);
        # only surrounding blanks are removed so "process " and "process" are one cause.
        cause = (
            cause.astype(object).where(events == 1, None).map(lambda v: None if v is None else str(v).strip())
        )
        self.causes_ = _cause_order(sorted({str(c) for c in cause.dropna()}))
        if not self.causes_:
            raise ValueError(
                "There are no events (event=1 rows); cumulative incidence needs at least one leaver."
            )
        code = np.full(len(df), -1)
        for k, c in enumerate(self.causes_):
            code[(cause == c).to_numpy() & (events == 1)] = k
        work = pd.DataFrame({"_d": durations, "_c": code, "_s": entries}, index=df.index)
        for g in groups:
            work[g] = df[g]

        z = stats.norm.ppf(1.0 - self.alpha / 2.0)
        frames, km_frames, self._curves, self._last_survival = [], [], {}, {}
        for label, keys, rows in _group_frames(work, groups):
            times, inverse = np.unique(rows["_d"].to_numpy(), return_inverse=True)
            m = times.size
            c = rows["_c"].to_numpy()
            died = np.bincount(inverse[c >= 0], minlength=m).astype(float)
            at_risk = _at_risk(np.sort(rows["_s"].to_numpy()), np.sort(rows["_d"].to_numpy()), times)
            surv = np.cumprod(1.0 - died / at_risk)
            lag_s = np.r_[1.0, surv[:-1]]
            with np.errstate(divide="ignore", invalid="ignore"):
                a = np.where((died > 0) & (at_risk > died), died / (at_risk * (at_risk - died)), 0.0)
            curves = {}
            for k, cname in enumerate(self.causes_):
                dk = np.bincount(inverse[c == k], minlength=m).astype(float)
                cif = np.cumsum(lag_s * dk / at_risk)
                b = lag_s**2 * dk * (at_risk - dk) / at_risk**3
                cc = lag_s * dk / at_risk**2
                # Var F(t_m) = Σ_j (F_m - F_j)² a_j + Σ_j b_j - 2 Σ_j (F_m - F_j) c_j, expanded into
                # prefix sums so the whole curve costs O(m) instead of O(m²).
                var = (
                    cif**2 * np.cumsum(a)
                    - 2.0 * cif * np.cumsum(cif * a)
                    + np.cumsum(cif**2 * a)
                    + np.cumsum(b)
                    - 2.0 * (cif * np.cumsum(cc) - np.cumsum(cif * cc))
                )
                var = np.clip(var, 0.0, None)
                with np.errstate(divide="ignore", invalid="ignore"):
                    se = np.sqrt(var) / (cif * np.abs(np.log(cif)))
                    low = cif ** np.exp(z * se)
                    high = cif ** np.exp(-z * se)
                zero = cif <= 0
                low[zero], high[zero] = 0.0, 0.0
                curves[cname] = {"time": times, "cif": cif, "low": low, "high": high, "at_risk": at_risk}
                out = pd.DataFrame(
                    {
                        "cause": cname,
                        "time": np.r_[0.0, times],
                        "cif": np.r_[0.0, cif],
                        "low": np.r_[0.0, low],
                        "high": np.r_[0.0, high],
                        "at_risk": np.r_[int((rows["_s"] <= 0).sum()), at_risk].astype(int),
                    }
                )
                out.insert(0, "group", label)
                for col, value in keys.items():
                    out[col] = value
                frames.append(out)
            km = pd.DataFrame({"group": label, "time": np.r_[0.0, times], "survival": np.r_[1.0, surv]})
            km_frames.append(km)
            self._curves[label] = curves
            self._last_survival[label] = float(surv[-1])
        self.cif_ = pd.concat(frames, ignore_index=True)
        self.survival_ = pd.concat(km_frames, ignore_index=True)
        self.groups_ = list(self._curves)
        self.group_cols_ = groups
        self._is_fitted = True
        return self

    def cif_at(self, times: float | Sequence[float]) -> pd.DataFrame:
        """Cumulative incidence per group and cause at the given times (days):
        ``group, cause, time, cif, low, high``; NaN beyond a group's last follow-up time."""
        self._check_fitted("cif_at")
        t = np.atleast_1d(np.asarray(times, dtype=float))
        if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t < 0):
            raise ValueError(f"times must be finite day values >= 0. Got {times!r} instead.")
        rows = []
        for label, curves in self._curves.items():
            for cname, arr in curves.items():
                idx = np.searchsorted(arr["time"], t, side="right") - 1
                pick = np.maximum(idx, 0)
                # Past the last follow-up the curve is unknown unless everyone has already left.
                beyond = (t > arr["time"][-1]) & (self._last_survival[label] > 0)
                vals = {
                    k: np.where(beyond, np.nan, np.where(idx >= 0, arr[k][pick], 0.0))
                    for k in ("cif", "low", "high")
                }
                rows.append(pd.DataFrame({"group": label, "cause": cname, "time": t, **vals}))
        return pd.concat(rows, ignore_index=True)
