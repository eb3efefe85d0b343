"""The planted truth: what share of the churn each family's failures caused, and the report of it.

The shares are computed by the simulator from counterfactual runs of the same hazard
(:mod:`demo.hazard`); this module turns event counts into joint shares and Shapley values,
and assembles ``truth.json``: the world, the counts, the shares (realised and expected), what
leaving customers said against what drove them, and the definitions of every figure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd

from analytics.taxonomy import FAMILIES, SERVICE_FAMILIES, SUBTYPES
from demo.hazard import Counterfactual, HazardPaths
from demo.world import DAYS_PER_MONTH, DRIVERS, STATED_FAMILIES, TEAMS, PlantedWorld


def subset_label(families: Iterable[str]) -> str:
    fams = [f for f in FAMILIES if f in set(families)]
    return "+".join(fams) if fams else "none"


def all_subsets() -> list[tuple[str, ...]]:
    return [s for k in range(len(FAMILIES) + 1) for s in combinations(FAMILIES, k)]


def shapley(value: dict[tuple[str, ...], float]) -> dict[str, float]:
    """Shapley values of the families for a set function ``value`` (keys: family tuples in FAMILIES order)."""
    n = len(FAMILIES)
    out = {}
    for f in FAMILIES:
        others = [g for g in FAMILIES if g != f]
        phi = 0.0
        for k in range(n):
            w = math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
            for s in combinations(others, k):
                with_f = tuple(g for g in FAMILIES if g in s or g == f)
                phi += w * (value[with_f] - value[s])
        out[f] = phi
    return out


def attribution_summary(
    events: dict[tuple[str, ...], float], events_by_subtype: dict[str, float] | None = None
) -> dict:
    """Joint shares J(S) = (N(∅) − N(S)) / N(∅), the reported combinations and Shapley values;
    with ``events_by_subtype`` (N without one subtype's failures) also the share of each subtype alone."""
    n0 = events[()]
    joint = {s: ((n0 - v) / n0 if n0 > 0 else 0.0) for s, v in events.items()}
    phi = shapley(joint)
    j_all = joint[FAMILIES]
    out = {f: joint[(f,)] for f in FAMILIES}
    out["attitude_and_process"] = joint[SERVICE_FAMILIES]
    out["price_and_quality"] = joint[("price", "quality")]
    out["all_failures"] = j_all
    out["shapley"] = phi
    out["service_share_of_failure_churn"] = (phi["attitude"] + phi["process"]) / j_all if j_all != 0 else None
    out["churn_events"] = n0
    out["churn_events_without"] = {subset_label(s): v for s, v in events.items()}
    out["joint_share_without"] = {subset_label(s): v for s, v in joint.items()}
    if events_by_subtype is not None:
        out["by_subtype"] = {k: ((n0 - v) / n0 if n0 > 0 else 0.0) for k, v in events_by_subtype.items()}
    return out


def counterfactual_events(
    paths: HazardPaths, exp_draw: np.ndarray, factual: Counterfactual, failure_subtype: np.ndarray
) -> tuple[dict, dict, dict, dict[str, tuple[float, float]]]:
    """Churn events in the window without the failures of every set of families, and of each subtype.

    For each set S (tuples in :data:`FAMILIES` order, ``()`` the factual world): the cumulative
    hazard to the window's end per customer, the realised events N(S) (customers whose hazard
    reaches their Exp(1) draw ``exp_draw``) and the expected events Σ 1 − exp(−H). Per subtype
    (``failure_subtype``: the taxonomy index of each failure, in ``paths``' order): the pair
    (realised, expected) without that subtype's failures.
    """
    subsets = all_subsets()
    cumhaz = {s: (factual.cumhaz_end if not s else paths.cumhaz_end(s)) for s in subsets}
    realized = {s: float(np.count_nonzero(cumhaz[s] >= exp_draw)) for s in subsets}
    expected = {s: float(-np.expm1(-cumhaz[s]).sum()) for s in subsets}
    by_subtype = {}
    for k, sub in enumerate(SUBTYPES):
        h_end = paths.cumhaz_end(drop=failure_subtype == k)
        by_subtype[sub.key] = (float(np.count_nonzero(h_end >= exp_draw)), float(-np.expm1(-h_end).sum()))
    return cumhaz, realized, expected, by_subtype


DEFINITIONS = {
    "time": "Days (continuous) since window.start at 00:00; the window ends at the end of window.end "
    "(the as-of date). Customers join at the start of a day; churn happens at a continuous time; "
    "end_date is its calendar day.",
    "hazard": "Daily churn hazard h_i(t) = h0(tenure) · HR_business^[business] · HR_plan · Π_f HR_f^A_f(t) · "
    "HR_recovered^R(t), where A_f(t) = 1 if the customer had ≥ 1 failure of family f at a time s in "
    "(t − exposure_days, t] and R(t) = 1 if ≥ 1 such failure (any family) was recovered. h0 is the "
    "monthly baseline / 30.4375.",
    "churn": "Each customer draws E ~ Exp(1) once; churn at the first t with ∫ h = E, if before the window's end "
    "(else censored at the as-of date). Contacts are simulated over the whole window; the data "
    "holds only those before the churn moment.",
    "counterfactual": "For a set S of families: the same contact times and the same E, but failures of the "
    "families in S are ordinary contacts (no exposure, and their recoveries vanish). "
    "N(S) = number of customers whose cumulative hazard to the window's end reaches E.",
    "attributable_share": "J(S) = (N(∅) − N(S)) / N(∅): the share of churn events in the window that would "
    "not have happened without the failures of S. Reported for each family, "
    "attitude_and_process, price_and_quality and all_failures (all four).",
    "by_subtype": "J({subtype}): the share of churn events that would not have happened without the "
    "failures of that one subtype (the family's other failures stay); subtypes within a family overlap "
    "(exposure is per family), so they do not add up to the family's share.",
    "shapley": "φ_f = Σ_{S ∌ f} |S|!(4 − |S| − 1)!/4! · (J(S ∪ {f}) − J(S)); the four add up to all_failures.",
    "service_share_of_failure_churn": "(φ_attitude + φ_process) / J(all four families).",
    "attributable_share_expected": "The same figures with N(S) replaced by Σ_i (1 − exp(−H_i^S)), H_i^S the "
    "cumulative hazard to the window's end under S (same simulated histories, "
    "including contacts after a factual churn): no noise from the E draws.",
    "recovered": "A failure with resolved = true and at least one of apology, compensation, follow_up true, "
    "in the same interaction row.",
    "repeat_contact": "A process/repeat_contact failure has an earlier ordinary contact of the same customer on "
    "the same topic repeat_gap_days calendar days before, unresolved; no other pair of a "
    "customer's contacts shares a topic within repeat_window_days calendar days.",
    "stated_reasons": "Each churner's true driver is drawn at the churn moment: failure-driven with probability "
    "1 − h_without_failures / h (the probability of causation), then the family among those "
    "active weighted by log HR; otherwise 'none'. The stated reason's family is drawn from "
    "stated_reason_mix given the driver, and its text from a phrase bank for that family.",
}


def build_truth(
    world: PlantedWorld,
    n: int,
    seed: int,
    coded: bool,
    history: pd.DataFrame,
    customer_truth: pd.DataFrame,
    realized: dict,
    expected: dict,
    by_subtype: dict[str, tuple[float, float]],
    agent_ids: np.ndarray,
    attitude_weight: np.ndarray,
    agent_team: np.ndarray,
) -> dict:
    """The truth of a generated world as a JSON-ready dict (the exporter adds its style and file names)."""
    observed = history["observed"].to_numpy()
    family = history["family"].to_numpy()
    subtype = history["subtype"].to_numpy()
    recovered = history["recovered"].to_numpy()
    obs_fail = observed & history["failure"].to_numpy()
    churned = customer_truth["churned"].to_numpy()
    driver = customer_truth["true_driver"].to_numpy()[churned]
    stated = customer_truth["stated_family"].to_numpy()[churned]
    crosstab = {d: {s: int(((driver == d) & (stated == s)).sum()) for s in STATED_FAMILIES} for d in DRIVERS}
    fam_obs = family[obs_fail]
    sub_obs = subtype[obs_fail]
    rec_obs = recovered[obs_fail]
    fam_sim = family[history["failure"].to_numpy()]
    counts = {
        "customers": n,
        "churned": int(churned.sum()),
        "censored": int(n - churned.sum()),
        "interactions": int(observed.sum()),
        "interactions_simulated": int(observed.size),
        "failures": int(obs_fail.sum()),
        "failures_by_family": {f: int((fam_obs == f).sum()) for f in FAMILIES},
        "failures_by_subtype": {s.key: int((sub_obs == s.key).sum()) for s in SUBTYPES},
        "recovered_failures": int(rec_obs.sum()),
        "recovered_failures_by_family": {f: int(((fam_obs == f) & rec_obs).sum()) for f in FAMILIES},
        "failures_simulated_by_family": {f: int((fam_sim == f).sum()) for f in FAMILIES},
        "churned_by_true_driver": {d: int((driver == d).sum()) for d in DRIVERS},
        "churned_by_stated_family": {s: int((stated == s).sum()) for s in STATED_FAMILIES},
    }
    hr = world.hazard_ratios()
    baseline = {
        f"tenure_{int(t)}d_plus": {"monthly": h, "daily": h / DAYS_PER_MONTH}
        for t, h in world.baseline_monthly_hazard
    }
    return {
        "seed": int(seed),
        "coded": bool(coded),
        "window": {
            "start": world.window_start,
            "end": world.as_of,
            "as_of": world.as_of,
            "horizon_days": world.horizon_days,
            "time_unit": "days",
        },
        "hazard_ratios": hr,
        "baseline_hazard": baseline,
        "exposure_days": world.exposure_days,
        "attributable_share": attribution_summary(realized, {k: v[0] for k, v in by_subtype.items()}),
        "attributable_share_expected": attribution_summary(
            expected, {k: v[1] for k, v in by_subtype.items()}
        ),
        "counts": counts,
        "stated_reasons": {
            "mechanism": DEFINITIONS["stated_reasons"],
            "mix": {d: dict(p) for d, p in world.stated_reason_mix},
            "true_driver_by_stated_family": crosstab,
            "stated_service_share": float(np.isin(stated, SERVICE_FAMILIES).mean()) if stated.size else None,
        },
        "agents": {
            "attitude_weight": {a: round(float(w), 4) for a, w in zip(agent_ids, attitude_weight)},
            "team": {a: TEAMS[t] for a, t in zip(agent_ids, agent_team)},
        },
        "world": world.to_dict(),
        "definitions": DEFINITIONS,
    }
