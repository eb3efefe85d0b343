"""Competing risks: Aalen–Johansen cumulative incidence by stated exit cause."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from analytics.taxonomy import FAMILIES
from models.base import ALPHA, Estimator
from models.survival.checks import as_list, count_at_risk, group_frames, subject_arrays


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
        groups = as_list(group_cols)
        durations, events, entries = subject_arrays(
            df, duration_col, event_col, entry_col, [cause_col, *groups]
        )
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
        for label, keys, rows in group_frames(work, groups):
            times, inverse = np.unique(rows["_d"].to_numpy(), return_inverse=True)
            m = times.size
            c = rows["_c"].to_numpy()
            died = np.bincount(inverse[c >= 0], minlength=m).astype(float)
            at_risk = count_at_risk(np.sort(rows["_s"].to_numpy()), np.sort(rows["_d"].to_numpy()), times)
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
