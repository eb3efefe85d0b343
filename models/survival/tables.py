"""Coefficient tables shared by the regression models: hazard ratios with Wald limits."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats


def ratio_table(coef: np.ndarray, se: np.ndarray, names: Sequence[str], alpha: float) -> pd.DataFrame:
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


def coef_summary(coef: np.ndarray, se: np.ndarray, names: Sequence[str], alpha: float) -> pd.DataFrame:
    ratios = ratio_table(coef, se, names, alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        front = pd.DataFrame({"coef": coef, "se": se, "z": coef / se}, index=ratios.index)
    return pd.concat([front, ratios], axis=1)
