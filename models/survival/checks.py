"""Input checks shared by the survival estimators: frames, columns, events, durations, entry
times, counting-process (long) frames, covariates and groups. Every message says what was
wrong and how to fix it."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


def as_list(cols: str | Sequence[str] | None) -> list[str]:
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def require_frame(df: Any, what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame. Got {type(df).__name__} instead.")
    if len(df) == 0:
        raise ValueError(f"{what} has no rows. Pass at least one subject.")
    return df


def require_columns(df: pd.DataFrame, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        which = f"column {missing[0]!r}" if len(missing) == 1 else f"columns {missing}"
        raise ValueError(
            f"{which} not found. Columns present: {list(df.columns)}. "
            "Pass the right name (e.g. duration_col=..., id_col=...) or rename the column."
        )


def check_numeric(df: pd.DataFrame, cols: Sequence[str], *, strata_hint: bool) -> None:
    bad = [c for c in cols if not pd.api.types.is_numeric_dtype(df[c])]
    if bad:
        hint = f"Try encoding them (one-hot, e.g. pandas.get_dummies(df, columns={bad!r}, drop_first=True))"
        hint += " or passing them as `strata=`." if strata_hint else "."
        raise ValueError(f"DataFrame contains non-numeric columns: {bad}. {hint}")


def check_finite(df: pd.DataFrame, cols: Sequence[str]) -> None:
    counts = {c: int((~np.isfinite(df[c].to_numpy(dtype=float, na_value=np.nan))).sum()) for c in cols}
    counts = {c: n for c, n in counts.items() if n}
    if counts:
        raise ValueError(
            f"Columns contain missing or infinite values (count per column): {counts}. "
            "Drop or impute those rows before fitting."
        )


def check_event(values: pd.Series, col: str) -> np.ndarray:
    numeric = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isin(numeric, (0.0, 1.0))
    if bad.any():
        found = sorted({repr(v) for v in pd.unique(values[bad])})[:5]
        raise ValueError(
            f"Column {col!r} must hold 0 (censored / still a customer) or 1 (left); found {', '.join(found)}. "
            f"Recode it to 0/1 integers, e.g. df[{col!r}] = (df[{col!r}] == 'left').astype(int)."
        )
    return numeric.astype(np.int8)


def entry_times(df: pd.DataFrame, entry_col: str | None, durations: np.ndarray) -> np.ndarray:
    """Delayed-entry times (days since the origin), zeros without ``entry_col``."""
    if entry_col is None:
        return np.zeros_like(durations)
    require_columns(df, [entry_col])
    check_numeric(df, [entry_col], strata_hint=False)
    entry = df[entry_col].to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(entry) | (entry < 0) | (entry >= durations)
    if bad.any():
        raise ValueError(
            f"Column {entry_col!r} must hold entry times in days with 0 <= entry < duration; {int(bad.sum())} rows "
            "do not. A customer first seen after the origin enters at that day; one seen from the origin, at 0."
        )
    return entry


def count_at_risk(sorted_entries: np.ndarray, sorted_durations: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Subjects at risk at each time t: entered before t and still observed at t (entry < t <= duration).
    Both arrays must be sorted ascending (each on its own).

    With delayed entry (left truncation) a customer who joined before the observation window only
    counts from the day they came under observation; counting them from day 0 would credit them
    with survival nobody observed and bias early survival upwards.
    """
    entered = np.searchsorted(sorted_entries, times, side="left")
    gone = np.searchsorted(sorted_durations, times, side="left")
    return (entered - gone).astype(float)


def check_durations(durations: np.ndarray, col: str) -> None:
    bad = ~np.isfinite(durations) | (durations <= 0)
    if bad.any():
        raise ValueError(
            f"Column {col!r} must hold durations in days > 0; {int(bad.sum())} rows are missing, infinite or <= 0. "
            "A customer who left on the day of the origin should get a small positive duration such as 0.5."
        )


def subject_arrays(
    df: Any, duration_col: str, event_col: str, entry_col: str | None, other_cols: Sequence[str] = ()
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a one-row-per-subject frame and return its durations (days > 0), 0/1 events and
    delayed-entry times (zeros without ``entry_col``). ``other_cols`` must exist too (causes,
    groups)."""
    require_frame(df, "df")
    require_columns(df, [duration_col, event_col, *other_cols])
    check_numeric(df, [duration_col], strata_hint=False)
    durations = df[duration_col].to_numpy(dtype=float)
    check_durations(durations, duration_col)
    events = check_event(df[event_col], event_col)
    return durations, events, entry_times(df, entry_col, durations)


def resolve_covariates(
    df: pd.DataFrame, covariates: Sequence[str] | None, structural: Sequence[str]
) -> list[str]:
    if covariates is None:
        covs = [c for c in df.columns if c not in set(structural)]
    else:
        covs = as_list(covariates)
        require_columns(df, covs)
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


def drop_constant(df: pd.DataFrame, covs: list[str], owner: str) -> tuple[list[str], list[str]]:
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
class LongCols:
    id: str | None
    start: str
    stop: str
    event: str


def validate_long(
    df: pd.DataFrame,
    cols: LongCols,
    covs: list[str],
    extra_numeric: Sequence[str] = (),
    *,
    strata_hint: bool,
) -> pd.DataFrame:
    """Check a counting-process frame and return a copy with float times and 0/1 events."""
    structural = [c for c in (cols.id, cols.start, cols.stop, cols.event) if c is not None]
    require_columns(df, structural + list(covs) + list(extra_numeric))
    check_numeric(df, [cols.start, cols.stop, *covs, *extra_numeric], strata_hint=strata_hint)
    check_finite(df, [cols.start, cols.stop, *covs, *extra_numeric])
    out = df.copy()
    out[cols.event] = check_event(df[cols.event], cols.event)
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


def group_frames(
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
