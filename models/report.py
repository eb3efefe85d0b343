"""The attribution report: one call from the store to every figure the attribution page shows.

``run_attribution(store)`` labels interactions if their labels are stale, builds the episode and
pattern tables by SQL, fits the hazard-ratio model (time-varying Cox or discrete-time, chosen by
size), runs the g-computation attribution with bootstrap intervals, and sets the stated exit
reasons beside it. The result is a small picklable object: a page caches it and draws.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics import periods
from analytics.labels import label_interactions
from analytics.measures import Window
from analytics.store import Store, customers, set_meta
from models.attribution import SHARE_ROWS, ChurnAttribution
from models.taxonomy import FAMILIES

HR_ROWS = (*FAMILIES, "recovered")
ProgressFn = Callable[[float, str], None]


@dataclass
class AttributionReport:
    """Everything the attribution figures need, small enough to cache."""

    customers: int
    churned: int
    window: Window
    model: str
    model_reason: str
    attribution_model: str
    attributable_share: pd.DataFrame  # rows SHARE_ROWS; estimate, low, high
    service_share: pd.Series  # estimate, low, high
    hazard_ratio: pd.DataFrame  # rows HR_ROWS; estimate, low, high (from `model`)
    attribution_hazard_ratio: pd.DataFrame  # the piecewise-exponential model's, bootstrap intervals
    stated_reasons: dict[str, float]
    expected_churn: pd.Series
    n_bootstrap: int
    seconds: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        def triple(frame: pd.DataFrame, rows) -> dict:
            return {r: {k: _num(frame.loc[r, k]) for k in ("estimate", "low", "high")} for r in rows}

        return {
            "customers": self.customers,
            "churned": self.churned,
            "window": self.window.as_json(),
            "model": self.model,
            "model_reason": self.model_reason,
            "attribution_model": self.attribution_model,
            "attributable_share": triple(self.attributable_share, SHARE_ROWS),
            "service_share_of_failure_churn": {
                k: _num(self.service_share[k]) for k in ("estimate", "low", "high")
            },
            "hazard_ratio": triple(self.hazard_ratio, HR_ROWS),
            "attribution_hazard_ratio": triple(self.attribution_hazard_ratio, HR_ROWS),
            "stated_reasons": {k: round(v, 4) for k, v in self.stated_reasons.items()},
            "n_bootstrap": self.n_bootstrap,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        }


def _num(x) -> float | None:
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else round(float(x), 4)


def ensure_labels(store: Store, progress: ProgressFn | None = None) -> bool:
    """Relabel interactions when the data changed since the last labelling. Returns True if it ran."""
    version = store.data_version()
    if store.get_meta("labelled_version") == str(version) and version > 0:
        return False
    label_interactions(store, progress=progress)
    with store.write() as conn:
        # label_interactions bumped the version; what it wrote is the current labelling.
        set_meta(conn, "labelled_version", str(store_version(conn)))
    return True


def store_version(conn) -> int:
    from analytics.store import meta

    return int(conn.execute(sa.select(meta.c.value).where(meta.c.key == "data_version")).scalar() or 0)


def _static_dummies(out: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns for the most common segments and plans (the commonest level is the reference)."""
    for col in ("segment", "plan"):
        values = source[col].fillna("(missing)").astype(str)
        top = values.value_counts()
        for level in top.index[1:6]:
            out[f"{col}[{level}]"] = (values == level).astype(int).to_numpy()
    return out


def hazard_model_frame(ep: pd.DataFrame) -> pd.DataFrame:
    """The exact episodes as a counting-process frame with numeric covariates for the Cox model."""
    out = pd.DataFrame(
        {
            "id": ep["customer_id"],
            "start": ep["start"],
            "stop": ep["stop"],
            "event": ep["event"],
            "attitude": ep["f_att"],
            "process": ep["f_proc"],
            "price": ep["f_price"],
            "quality": ep["f_qual"],
            "recovered": (ep[["r_att", "r_proc", "r_price", "r_qual"]].max(axis=1) > 0).astype(int),
        }
    )
    return _static_dummies(out, ep)


def stated_reasons(store: Store, win: Window) -> dict[str, float]:
    """Share of churned customers' stated exit reasons by family (classified text)."""
    c = customers
    q = sa.select(c.c.churn_reason).where(
        c.c.end_date.is_not(None),
        c.c.end_date <= sa.literal(win.end, sa.Date),
        c.c.end_date >= sa.literal(win.start, sa.Date),
    )
    reasons = store.read_frame(q)["churn_reason"]
    n = len(reasons)
    if n == 0:
        return {}
    given = reasons.dropna()
    given = given[given.astype(str).str.strip() != ""]
    from models.classify import classify_exit_reasons

    fam = classify_exit_reasons(given.astype(str).tolist())["family"] if len(given) else pd.Series(dtype=str)
    counts = fam.value_counts()
    out = {k: float(counts.get(k, 0)) / n for k in (*FAMILIES, "none", "unclassified")}
    out["not_stated"] = (n - len(given)) / n
    return out


def discrete_model_frame(per: pd.DataFrame) -> pd.DataFrame:
    """The customer-period table as a counting-process frame for the discrete-time model:
    failures of each family in the recent window, a recovered failure among them, static columns."""
    out = pd.DataFrame(
        {
            "id": per["customer_id"],
            "start": per["start"],
            "stop": per["stop"],
            "event": per["event"],
            "attitude": (per["recent_att"] > 0).astype(int),
            "process": (per["recent_proc"] > 0).astype(int),
            "price": (per["recent_price"] > 0).astype(int),
            "quality": (per["recent_qual"] > 0).astype(int),
            "recovered": (per["recent_recovered"] > 0).astype(int),
        }
    )
    return _static_dummies(out, per)


def fit_hazard_ratios(store: Store, spec: periods.PeriodSpec, n_customers: int, model: str = "auto"):
    """Hazard ratios from the time-varying Cox model on the exact episodes for up to
    ``COX_MAX_SUBJECTS`` customers, else from the discrete-time (complementary log-log) model on
    the customer-period table. Returns the fitted model and a sentence saying which ran and why.

    The complementary log-log link, not the logit, because its coefficients are hazard ratios under
    grouped-time proportional hazards; the logit's odds ratios overstate them at these churn rates.
    """
    from models.survival import COX_MAX_SUBJECTS, fit_hazard_model

    if model not in ("auto", "cox", "discrete"):
        raise ValueError(
            f"The 'hazard_model' parameter must be 'auto', 'cox' or 'discrete'. Got {model!r} instead."
        )
    use_cox = model == "cox" or (model == "auto" and n_customers < COX_MAX_SUBJECTS)
    if use_cox:
        frame = hazard_model_frame(periods.episodes(store, spec))
        why = (
            f"{n_customers:,} customers, below {COX_MAX_SUBJECTS:,}: time-varying Cox model on the exact "
            "covariate episodes (partial likelihood, Efron ties)"
        )
    else:
        frame = discrete_model_frame(periods.customer_periods(store, spec))
        why = (
            f"{n_customers:,} customers, {COX_MAX_SUBJECTS:,} or more: discrete-time hazard model "
            "(complementary log-log) on the monthly customer-period table, covariates as of each "
            "month's start (a failure counts from the next month on, which understates hazard ratios "
            "somewhat; attribution_hazard_ratio has the exact-episode model's)"
        )
    if model != "auto":
        why = f"requested ({model}); " + why
    covs = [c for c in frame.columns if c not in ("id", "start", "stop", "event")]
    hm = fit_hazard_model(frame, covs, model="cox" if use_cox else "discrete", link="cloglog")
    return hm, why


def run_attribution(
    store: Store,
    *,
    as_of: date | None = None,
    n_bootstrap: int = 200,
    window_days: int = 90,
    seed: int = 0,
    hazard_model: str = "auto",
    progress: ProgressFn | None = None,
) -> AttributionReport:
    """Every attribution figure for the store's data (see the module docstring)."""
    seconds: dict[str, float] = {}

    def step(frac: float, msg: str) -> None:
        if progress is not None:
            progress(frac, msg)

    t0 = time.perf_counter()
    step(0.0, "labelling interactions")
    ensure_labels(store)
    seconds["labels"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    step(0.2, "building the customer-period tables")
    spec = periods.PeriodSpec(window_days=window_days, as_of=as_of)
    states = periods.episode_states(store, spec)
    cust = periods.customer_frame(store, spec)
    fails = periods.failure_frame(store, spec)
    contacts = periods.contact_counts(store, spec)
    win = cust.attrs["window"]
    seconds["tables"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    step(0.4, "fitting the hazard model")
    hm, reason = fit_hazard_ratios(store, spec, len(cust), hazard_model)
    seconds["hazard_model"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    step(0.6, f"attribution with {n_bootstrap} bootstrap replicates")
    attr = ChurnAttribution(n_bootstrap=n_bootstrap, window_days=float(window_days), seed=seed)
    attr.fit(states, cust, fails, contacts)
    seconds["attribution"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    step(0.9, "classifying stated exit reasons")
    stated = stated_reasons(store, win)
    seconds["stated_reasons"] = time.perf_counter() - t0
    step(1.0, "done")

    hr = hm.hazard_ratios_.reindex(list(HR_ROWS))[["estimate", "low", "high"]]
    return AttributionReport(
        customers=len(cust),
        churned=int(cust["churned"].sum()),
        window=win,
        model=hm.model_,
        model_reason=reason,
        attribution_model="piecewise_exponential_g_computation",
        attributable_share=attr.attributable_share_,
        service_share=attr.service_share_,
        hazard_ratio=hr,
        attribution_hazard_ratio=attr.hazard_ratios_,
        stated_reasons=stated,
        expected_churn=attr.expected_churn_,
        n_bootstrap=n_bootstrap,
        seconds=seconds,
    )
