"""The (k-sample) log-rank test."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from models.survival.checks import count_at_risk, subject_arrays


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
    ``multivariate_logrank_test``. ``df`` has one row per subject (formats in :mod:`models.survival`);
    ``entry_col`` gives delayed-entry times as in :meth:`KaplanMeier.fit`.
    """
    durations, events, entries = subject_arrays(df, duration_col, event_col, entry_col, [group_col])
    events = events.astype(float)
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
        n_tg[:, g] = count_at_risk(np.sort(entries[in_g]), np.sort(durations[in_g]), event_times)
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
