"""The planted truth: what share of the churn each family's failures caused, and the report of it.

The shares are computed by the simulator from counterfactual runs of the same hazard
(:mod:`demo.hazard`); this module turns event counts into joint shares and Shapley values,
and assembles ``truth.json``: the world, the counts, the shares (realised and expected), what
leaving customers said against what drove them, and the definitions of every figure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from itertools import combinations

import numpy as np
import pandas as pd

from analytics.taxonomy import FAMILIES, SERVICE_FAMILIES, SUBTYPES
from demo.hazard import N_SUBTYPES, SUBTYPE_FAMILY, Counterfactual, HazardPaths
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


def subtype_summary(summary: dict, owen: dict[str, float]) -> dict:
    """The subtype shares of an :func:`attribution_summary`: the Owen values (``owen``), and the
    analysis' approximation of them — each family's Shapley share split among its subtypes in
    proportion to their own joint shares J({s}) — with the largest gap between the two."""
    split = {}
    for fam in FAMILIES:
        keys = [s.key for s in SUBTYPES if s.family == fam]
        weights = np.maximum([summary["by_subtype"][k] for k in keys], 0.0)
        total = weights.sum()
        for k, w in zip(keys, weights):
            split[k] = float(summary["shapley"][fam] * (w / total if total > 0 else 1.0 / len(keys)))
    gaps = {k: split[k] - owen[k] for k in owen}
    return {
        "owen": owen,
        "split_by_joint_share": split,
        "split_gap_max": float(max(abs(v) for v in gaps.values())),
    }


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
    "hazard": "Daily churn hazard h_i(t) = h0(tenure) · HR_business^[business] · HR_plan · "
    "Π_f (HR_f · HR_recovered^R_f(t))^F_f(t) · Π_s d_s^A_s(t), where A_s(t) = 1 if the customer had ≥ 1 "
    "failure of subtype s at a time u with t in (u + exposure_lag_days, u + exposure_lag_days + "
    "exposure_days], F_f(t) = 1 if A_s(t) = 1 for a subtype s of family f, and R_f(t) = 1 if every "
    "such failure of family f was recovered. d_s = subtype_hazard_ratios[s] / HR_f: a subtype alone "
    "has the hazard ratio subtype_hazard_ratios[s], and a family's hazard ratio is its subtypes' mean "
    "weighted by subtype_mix. h0 is the monthly baseline / 30.4375.",
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
    "failures of that one subtype (the family's other failures stay); they do not add up to the "
    "family's share (a customer exposed to two subtypes needs both removed).",
    "subtypes": "owen: each subtype's share by the Owen value with the families as unions (the family's "
    "Shapley share split among its subtypes by the Shapley value of the game within the family): the "
    "subtypes of a family add up to its share. Computed customer by customer over the subtypes exposing "
    "each customer (exact; random orders for customers exposed to more than 12 subtypes, counted in "
    "subtype_owen_customers_sampled). split_by_joint_share: the family's share split in proportion to "
    "by_subtype (the analysis' approximation); split_gap_max: its largest distance from the Owen value.",
    "shapley": "φ_f = Σ_{S ∌ f} |S|!(4 − |S| − 1)!/4! · (J(S ∪ {f}) − J(S)); the four add up to all_failures.",
    "service_share_of_failure_churn": "(φ_attitude + φ_process) / J(all four families).",
    "attributable_share_expected": "The same figures with N(S) replaced by Σ_i (1 − exp(−H_i^S)), H_i^S the "
    "cumulative hazard to the window's end under S (same simulated histories, "
    "including contacts after a factual churn): no noise from the E draws.",
    "future": "Twelve months (of 30.4375 days) past the as-of date for the customers active then: each "
    "keeps their contact rate; their contacts come from a stream of their own, each a failure with the "
    "world's mix, each failure with two uniforms (avoided by a lever when the first is below the "
    "subtype's fraction avoided q_s = 1 − Π(1 − q) over the levers touching it; recovered when the "
    "second is below max(p_recovery, the lever's target)). The window's failures still exposing a "
    "customer carry on, untouched. churn: customers whose cumulative hazard from the join reaches their "
    "Exp(1) draw within the twelve months (realised); churn_expected: Σ 1 − exp(−H), H the cumulative "
    "hazard over the twelve months (the expectation given survival to the as-of date and the simulated "
    "contacts); by_month: the same at each month end; revenue_expected: Σ monthly revenue × expected "
    "months alive (trapezoid between month ends). Every scenario uses the same contacts, numbers and "
    "draws. churn_avoided(_expected): the baseline's minus the scenario's.",
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
    owen: dict,
    future: dict,
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
    shares = attribution_summary(realized, {k: v[0] for k, v in by_subtype.items()})
    shares["subtypes"] = subtype_summary(shares, owen["realized"])
    shares_expected = attribution_summary(expected, {k: v[1] for k, v in by_subtype.items()})
    shares_expected["subtypes"] = subtype_summary(shares_expected, owen["expected"])
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
        "attributable_share": shares,
        "attributable_share_expected": shares_expected,
        "subtype_hazard_ratios": world.subtype_hazard_ratios(),
        "subtype_owen_customers_sampled": owen["customers_sampled"],
        "future": {**future, "definition": DEFINITIONS["future"]},
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


# ---------------------------------------------------------------------------------------------------
# Subtype shares: the Owen value (families as unions of their subtypes)
# ---------------------------------------------------------------------------------------------------
@functools.cache
def owen_weights(sizes: tuple[int, ...]) -> np.ndarray:
    """The Owen value as a linear map: ``W`` (players × 2^players) with φ_j = Σ_M W[j, M]·v(M).

    Players are numbered union by union (``sizes[u]`` players in union ``u``), bit ``j`` of a
    coalition mask standing for player ``j``. φ_j = Σ_{T ⊆ other unions} Σ_{R ⊆ own union ∖ j}
    t!(m−t−1)!/m! · r!(b−r−1)!/b! · (v(T ∪ R ∪ j) − v(T ∪ R)), with m unions, t = |T|, b the size
    of j's union and r = |R| (Owen 1977). Within each union the values add up to the union's
    Shapley value in the game between unions, and over all players to v(everyone).
    """
    k, m = sum(sizes), len(sizes)
    starts = np.cumsum((0, *sizes))[:-1]
    union_bits = [sum(1 << j for j in range(s, s + b)) for s, b in zip(starts, sizes)]
    w = np.zeros((k, 1 << k))
    for u, (first, b) in enumerate(zip(starts, sizes)):
        others = [v for v in range(m) if v != u]
        for j in range(first, first + b):
            own = union_bits[u] & ~(1 << j)
            for t in range(len(others) + 1):
                wt = math.factorial(t) * math.factorial(m - t - 1) / math.factorial(m)
                for chosen in combinations(others, t):
                    base = sum(union_bits[v] for v in chosen)
                    r_mask = own
                    while True:  # every subset R of the own union without j
                        r = bin(r_mask).count("1")
                        wr = math.factorial(r) * math.factorial(b - r - 1) / math.factorial(b)
                        w[j, base | r_mask | (1 << j)] += wt * wr
                        w[j, base | r_mask] -= wt * wr
                        if r_mask == 0:
                            break
                        r_mask = (r_mask - 1) & own
    return w


def _subtype_masks(paths: HazardPaths, ev, rec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per interval: the bits (taxonomy subtype index) of the subtypes exposing the customer, and
    of those with an unrecovered failure exposing the customer."""
    size = paths.sign.size
    counts = np.zeros((size, N_SUBTYPES), dtype=np.int16, order="F")
    counts[paths._fe, paths._fe_sub] = paths._fe_sign * ~rec[paths._fe_fail]
    np.cumsum(counts, axis=0, out=counts)
    bits = np.int64(1) << np.arange(N_SUBTYPES, dtype=np.int64)
    return (ev.active.astype(np.int64) @ bits), ((counts > 0).astype(np.int64) @ bits)


def subtype_owen(
    paths: HazardPaths,
    exp_draw: np.ndarray,
    *,
    max_exact: int = 14,
    n_permutations: int = 256,
    seed: int = 0,
) -> dict:
    """Each subtype's share of the churn by the Owen value, realised and expected.

    The game is v(S) = churn events (or expected events) without the failures of the subtypes in
    S, as a share of the events as they are; the Owen value splits the family's Shapley share
    among its subtypes. The game is a sum over customers, and a customer's part depends only on
    the subtypes of the failures exposing that customer, so the value is computed customer by
    customer over their own few subtypes (null players drop out of both the Shapley value between
    families and the one within a family): exactly for customers with at most ``max_exact``
    subtypes, by ``n_permutations`` random orders consistent with the families for the rare
    customers with more. Returns ``{"realized": {subtype: share}, "expected": {...},
    "customers_sampled": n}``.
    """
    ev = paths.evaluate()
    active, unrecovered = _subtype_masks(paths, ev, paths.f_recovered)
    live = paths.length > 0
    per_customer = _or_by_customer(paths.cust[live], active[live], paths.n)
    beta_rec = paths.beta_recovered
    n0_real = float(np.count_nonzero(ev.cum[paths.last] >= exp_draw))
    n0_exp = float(-np.expm1(-ev.cum[paths.last]).sum())
    phi_real = np.zeros(N_SUBTYPES)
    phi_exp = np.zeros(N_SUBTYPES)
    k_of = _popcount(per_customer)
    rng = np.random.default_rng(seed)
    order = np.argsort(paths.cust[live], kind="stable")
    iv_cust = paths.cust[live][order]
    iv = np.flatnonzero(live)[order]
    first = np.searchsorted(iv_cust, np.arange(paths.n), "left")
    last = np.searchsorted(iv_cust, np.arange(paths.n), "right")
    sampled = 0
    bits = (per_customer[:, None] >> np.arange(N_SUBTYPES)) & 1
    per_family = np.stack([bits[:, f == SUBTYPE_FAMILY].sum(axis=1) for f in range(len(FAMILIES))], axis=1)
    with_failures = np.flatnonzero(k_of > 0)
    signatures, group = np.unique(per_family[with_failures], axis=0, return_inverse=True)
    for g, sig in enumerate(signatures):
        sizes = tuple(int(b) for b in sig if b)
        k = sum(sizes)
        members = with_failures[group.reshape(-1) == g]
        subs = np.nonzero(bits[members])[1].reshape(members.size, k)
        if k <= max_exact:
            w = owen_weights(sizes)
            # chunks of customers holding about 2 million (interval, subset) cells
            cells = np.cumsum((last[members] - first[members]) << k)
            for pos in np.split(
                np.arange(members.size), np.searchsorted(cells, np.arange(2_000_000, cells[-1], 2_000_000))
            ):
                if pos.size == 0:
                    continue
                chunk = members[pos]
                h = _cumhaz_subsets(paths, chunk, subs[pos], first, last, iv, active, unrecovered, beta_rec)
                f_exp = -np.expm1(-h)
                f_real = (h >= exp_draw[chunk][:, None]).astype(float)
                np.add.at(phi_exp, subs[pos], -(f_exp @ w.T))
                np.add.at(phi_real, subs[pos], -(f_real @ w.T))
        else:
            for row, c in enumerate(members):
                sampled += 1
                pe, pr = _owen_sampled(
                    paths,
                    c,
                    subs[row],
                    first,
                    last,
                    iv,
                    active,
                    unrecovered,
                    exp_draw[c],
                    n_permutations,
                    rng,
                )
                phi_exp[subs[row]] += pe
                phi_real[subs[row]] += pr
    keys = [s.key for s in SUBTYPES]
    return {
        "realized": {k: (float(v / n0_real) if n0_real > 0 else 0.0) for k, v in zip(keys, phi_real)},
        "expected": {k: (float(v / n0_exp) if n0_exp > 0 else 0.0) for k, v in zip(keys, phi_exp)},
        "customers_sampled": sampled,
    }


def _popcount(x: np.ndarray) -> np.ndarray:
    return ((x[:, None] >> np.arange(N_SUBTYPES)) & 1).sum(axis=1)


def _or_by_customer(cust: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, dtype=np.int64)
    for s in range(N_SUBTYPES):
        on = np.zeros(n, dtype=bool)
        on[cust[(values >> s) & 1 == 1]] = True
        out |= on.astype(np.int64) << s
    return out


def _local(mask: np.ndarray, subs: np.ndarray) -> np.ndarray:
    """Global subtype masks (one per row) in each row's local numbering ``subs`` (rows × k)."""
    out = np.zeros(mask.shape, dtype=np.int64)
    for j in range(subs.shape[1]):
        out |= ((mask >> subs[:, j]) & 1) << j
    return out


def _log_hr_table(paths: HazardPaths, subs: np.ndarray) -> np.ndarray:
    """(rows × 2^k) log hazard ratio of the failures of each local subset of ``subs`` (rows × k
    subtype indices), as :meth:`HazardPaths.family_log` has it: per family, the largest of its
    effect plus the deviations over the subset's non-empty parts — the largest over all parts of
    the sum over families, the families being separate (built by adding one bit at a time)."""
    n_rows, k = subs.shape
    masks = np.arange(1 << k, dtype=np.int64)
    table = np.zeros((n_rows, 1 << k))
    for j in range(k):
        table[:, 1 << j : 2 << j] = table[:, : 1 << j] + paths.delta[subs[:, j]][:, None]
    fam = SUBTYPE_FAMILY[subs]
    for f in range(len(FAMILIES)):
        local = ((fam == f).astype(np.int64) << np.arange(k)).sum(axis=1)
        table += paths.beta_family[f] * ((masks[None, :] & local[:, None]) != 0)
    # every family effect is positive in the demo world (hazard ratios ≥ 1.5), so the largest over
    # the parts including the empty one is the largest over the non-empty ones
    for j in range(k):
        has = (masks >> j) & 1 == 1
        table[:, has] = np.maximum(table[:, has], table[:, masks[has] ^ (1 << j)])
    return table


def _recovery_term(keep_a: np.ndarray, keep_u: np.ndarray, fam: np.ndarray, beta_rec: float) -> np.ndarray:
    """The recovery's log hazard ratio, per cell, for local masks of exposing (``keep_a``) and
    unrecovered (``keep_u``) subtypes: β_recovered for each family exposing the customer through
    recovered failures only (``fam``: the family of each local bit)."""
    out = np.zeros(keep_a.shape)
    for f in np.unique(fam):
        local = int(((fam == f).astype(np.int64) << np.arange(fam.size)).sum())
        out += beta_rec * (((keep_a & local) != 0) & ((keep_u & local) == 0))
    return out


def _cumhaz_subsets(paths, customers, subs, first, last, iv, active, unrecovered, beta_rec) -> np.ndarray:
    """(customers × 2^k) cumulative hazard to the end with the failures of each subset of the
    customers' own subtypes (local masks) turned into ordinary contacts."""
    k = subs.shape[1]
    n_sub = 1 << k
    lens = last[customers] - first[customers]
    rows = np.repeat(np.arange(customers.size), lens)
    offsets = np.arange(rows.size) - np.repeat(np.cumsum(lens) - lens, lens)
    idx = iv[np.repeat(first[customers], lens) + offsets]
    a_loc = _local(active[idx], subs[rows])
    u_loc = _local(unrecovered[idx], subs[rows])
    table = _log_hr_table(paths, subs)
    masks = np.arange(n_sub, dtype=np.int64)
    keep_a = a_loc[:, None] & ~masks[None, :]
    keep_u = u_loc[:, None] & ~masks[None, :]
    # every customer of a group has the same families in the same local bits (the signature)
    rec = _recovery_term(keep_a, keep_u, SUBTYPE_FAMILY[subs[0]], beta_rec)
    loghaz = paths.base_log[idx][:, None] + table[rows[:, None], keep_a] + rec
    contrib = np.exp(loghaz) * paths.length[idx][:, None]
    out = np.zeros((customers.size, n_sub))
    np.add.at(out, rows, contrib)
    return out


def _owen_sampled(paths, c, subs, first, last, iv, active, unrecovered, e_draw, n_perm, rng):
    """Owen values of one customer with many subtypes, from random orders consistent with the
    families (families in random order, each family's subtypes in random order within it)."""
    k = subs.size
    fam = SUBTYPE_FAMILY[subs]
    idx = iv[first[c] : last[c]]
    a_loc = _local(active[idx], np.broadcast_to(subs, (idx.size, k)))
    u_loc = _local(unrecovered[idx], np.broadcast_to(subs, (idx.size, k)))
    families = np.unique(fam)
    orders = np.array(
        [
            np.concatenate([rng.permutation(np.flatnonzero(fam == f)) for f in rng.permutation(families)])
            for _ in range(n_perm)
        ]
    )
    prefix = np.zeros((n_perm, k + 1), dtype=np.int64)
    for step in range(k):
        prefix[:, step + 1] = prefix[:, step] | (np.int64(1) << orders[:, step])
    masks, inverse = np.unique(prefix, return_inverse=True)
    keep_a = a_loc[:, None] & ~masks[None, :]
    table = _log_hr_table(paths, subs[None, :])[0]  # k ≤ 21: at most 2^21 entries, for a few customers
    log_hr = table[keep_a]
    keep_u = u_loc[:, None] & ~masks[None, :]
    loghaz = paths.base_log[idx][:, None] + log_hr + _recovery_term(keep_a, keep_u, fam, paths.beta_recovered)
    h = (np.exp(loghaz) * paths.length[idx][:, None]).sum(axis=0)[inverse.reshape(prefix.shape)]
    # −(F(with) − F(without)) with F = 1 − e^{−H}, credited to the subtype added at each step
    d_exp = np.exp(-h[:, 1:]) - np.exp(-h[:, :-1])
    d_real = (h[:, :-1] >= e_draw).astype(float) - (h[:, 1:] >= e_draw)
    phi_e, phi_r = np.zeros(k), np.zeros(k)
    np.add.at(phi_e, orders, d_exp)
    np.add.at(phi_r, orders, d_real)
    return phi_e / n_perm, phi_r / n_perm
