"""Kaplan–Meier survival curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from models.base import ALPHA, Estimator
from models.survival.checks import as_list, group_frames, subject_arrays


def _cumulative(counts: np.ndarray, total: int) -> np.ndarray:
    """``0, c0, c0 + c1, …``: how many subjects lie before each of the distinct values ``counts``
    counts (one more entry than values), in the smallest unsigned integer type holding ``total``."""
    return np.r_[0, np.cumsum(counts)].astype(np.min_scalar_type(total))


def _below(values: np.ndarray, cumulative: np.ndarray, t: np.ndarray, side: str = "left") -> np.ndarray:
    """Subjects whose value is < t (``side="left"``) or <= t (``"right"``), from the distinct sorted
    ``values`` and their :func:`_cumulative` counts."""
    return cumulative[np.searchsorted(values, t, side=side)].astype(np.int64)


def _km_arrays(
    durations: np.ndarray, events: np.ndarray, alpha: float, entries: np.ndarray
) -> dict[str, np.ndarray]:
    """Kaplan–Meier with Greenwood variance and log(-log) pointwise limits, at every distinct time.

    Besides the curve, the two step functions the number at risk is made of, #(entry < t) −
    #(duration < t) (:func:`models.survival.checks.count_at_risk`), each as distinct values and
    cumulative counts: ``entry``/``entered`` and ``time``/``gone`` (``gone[i]``: subjects whose
    follow-up ended before ``time[i]``). They give the exact number at risk at any time in
    O(distinct times) room, where the sorted entries and durations took O(subjects).
    """
    n = durations.size
    times, inverse = np.unique(durations, return_inverse=True)
    removed = np.bincount(inverse, minlength=times.size)
    died = np.bincount(inverse, weights=events.astype(float), minlength=times.size)
    entry, entered = np.unique(entries, return_counts=True)
    entered, gone = _cumulative(entered, n), _cumulative(removed, n)
    at_risk = (_below(entry, entered, times) - gone[:-1]).astype(float)
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
        "entry": entry,
        "entered": entered,
        "gone": gone,
    }


def _kept_arrays(arr: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What a fitted curve keeps for :meth:`KaplanMeier.survival_at`, exact at any time: the at-risk
    step functions of :func:`_km_arrays` (``time``, ``gone``, ``entry``, ``entered``) and the curve
    with its limits only where one of them changes (``step_time``, ``survival``, ``low``, ``high``).

    A time at which only censorings fall leaves the curve and its limits as they were (a factor 1
    and a Greenwood term 0): in the curves from a failure at 100,000 customers, with about one
    distinct time per subject, that is two times in three. Runs of equal values are found by
    comparing bits, so a kept value is the very float the full curve holds at that time: nothing
    is rounded.
    """
    bits = np.stack([arr["survival"], arr["low"], arr["high"]]).view(np.int64)
    step = np.r_[True, np.any(bits[:, 1:] != bits[:, :-1], axis=0)]
    kept = {k: arr[k] for k in ("time", "gone", "entry", "entered")}
    kept["step_time"] = arr["time"][step]
    for k in ("survival", "low", "high"):
        kept[k] = arr[k][step]
    return kept


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
        """Fit one curve per group. ``df`` has one row per subject (formats in :mod:`models.survival`).

        ``entry_col`` (optional) holds delayed-entry times in days (left truncation): a subject is
        at risk on ``(entry, duration]`` only, e.g. a customer who joined before the observation
        window and is followed from the window's start.
        """
        self._validate_params()
        groups = as_list(group_cols)
        durations, events, entries = subject_arrays(df, duration_col, event_col, entry_col, groups)
        work = pd.DataFrame({"_d": durations, "_e": events, "_s": entries}, index=df.index)
        for g in groups:
            work[g] = df[g]

        curves, medians, self._curves = [], [], {}
        for label, keys, rows in group_frames(work, groups):
            arr = _km_arrays(rows["_d"].to_numpy(), rows["_e"].to_numpy(), self.alpha, rows["_s"].to_numpy())
            self._curves[label] = _kept_arrays(arr)
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
        Exact at any time, not only at the fitted ones: the number at risk is counted from the
        step functions the fit keeps (:func:`_kept_arrays`), the curve read at its last step.
        """
        self._check_fitted("survival_at")
        t = np.atleast_1d(np.asarray(times, dtype=float))
        if t.ndim != 1 or not np.all(np.isfinite(t)) or np.any(t < 0):
            raise ValueError(f"times must be finite day values >= 0. Got {times!r} instead.")
        rows = []
        for label, arr in self._curves.items():
            idx = np.searchsorted(arr["step_time"], t, side="right") - 1
            pick = np.maximum(idx, 0)
            # at t = 0 nobody has left yet: those observed from the origin are at risk
            at_risk = np.where(
                t > 0,
                _below(arr["entry"], arr["entered"], t) - _below(arr["time"], arr["gone"], t),
                _below(arr["entry"], arr["entered"], np.zeros(1), side="right"),
            )
            surv = np.where(idx >= 0, arr["survival"][pick], 1.0)
            low = np.where(idx >= 0, arr["low"][pick], 1.0)
            high = np.where(idx >= 0, arr["high"][pick], 1.0)
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
