"""The planted future: twelve months past the exported window, for the customers active at the
as-of date, as things are and under a few scenarios — with the same random numbers.

The exported data stops at the as-of date; the world goes on. Each customer still active keeps
their contact rate; their contacts in the next twelve months come from a random stream of their
own (so the window's data does not depend on it), each a failure with the world's mix of families
and subtypes, and each failure carries two uniform numbers: one decides whether a lever avoids it,
one whether it is recovered. The hazard is the window's (:mod:`demo.hazard`), continued: the
failures of the window still exposing a customer carry on, and each customer's Exp(1) draw is the
same, so a customer churns in the future when the cumulative hazard from the join reaches it.

A scenario is written in the product's vocabulary (:class:`FutureScenario`: ``reduce``,
``recovery``, ``presets``) and acts as the product's levers do: a failure of subtype s is avoided
when its first number is below q_s = 1 − Π (1 − q) over the levers touching s (family, subtype,
presets), and recovered when its second is below max(p_recovery, the target). The window's
failures are not touched. Every scenario uses the same contacts, numbers and draws, so the
differences between them carry no noise.

Reported per scenario: the churn events over the twelve months (realised: the draws reach the
hazard) and the expected churn Σ 1 − exp(−H) (H the cumulative hazard over the twelve months;
memoryless, so this is the expectation given survival to the as-of date and given the simulated
contacts), both cumulative by month end, and the expected customer-months and revenue; and the
expected numbers averaged over several draws of the future contacts (``*_expected_mean``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from analytics.taxonomy import FAMILIES, PRESETS_BY_KEY, SUBTYPES, SUBTYPES_BY_KEY
from demo.hazard import HazardPaths
from demo.world import DAYS_PER_MONTH, PlantedWorld

FUTURE_MONTHS = 12
_SUB_KEYS = [s.key for s in SUBTYPES]


@dataclass(frozen=True)
class FutureScenario:
    """A scenario of the planted future, in the product's lever vocabulary (English keys)."""

    name: str
    reduce: Mapping[str, float] = field(default_factory=dict)
    recovery: Mapping[str, float] = field(default_factory=dict)
    presets: Mapping[str, float] = field(default_factory=dict)

    def removal(self) -> np.ndarray:
        """Per taxonomy subtype: the fraction of its future failures avoided."""
        keep = np.ones(len(SUBTYPES))
        for name, q in self.reduce.items():
            hit = [k for k, s in enumerate(SUBTYPES) if name in (s.family, s.key)]
            if not hit:
                raise ValueError(f"Unknown family or subtype {name!r} in future scenario {self.name!r}.")
            keep[hit] *= 1.0 - q
        for name, q in self.presets.items():
            for sub in PRESETS_BY_KEY[name].subtypes:
                keep[_SUB_KEYS.index(sub)] *= 1.0 - q
        return 1.0 - keep

    def recovery_target(self, base: float) -> np.ndarray:
        """Per family: the recovery rate of its future failures."""
        out = np.full(len(FAMILIES), base)
        for name, target in self.recovery.items():
            fams = FAMILIES if name == "all" else (name,)
            for f in fams:
                out[FAMILIES.index(f)] = max(out[FAMILIES.index(f)], target)
        return out

    def levers(self) -> dict:
        return {"reduce": dict(self.reduce), "recovery": dict(self.recovery), "presets": dict(self.presets)}


FUTURE_SCENARIOS: tuple[FutureScenario, ...] = (
    FutureScenario("baseline"),
    FutureScenario("handoff_half", reduce={"handoff": 0.5}),
    FutureScenario("attitude_30", reduce={"attitude": 0.3}),
    FutureScenario("recovery_60", recovery={"all": 0.6}),
    FutureScenario("empowerment_half", presets={"empowerment": 0.5}),
    FutureScenario(
        "service_plan",
        reduce={"rude": 0.5},
        recovery={"process": 0.5},
        presets={"first_contact_resolution": 0.4, "keep_promises": 0.4},
    ),
)
"""The scenarios whose future the generator plants: a subtype removed in part, a family, recovery
raised, a preset, and several levers at once."""


def simulate_future(
    world: PlantedWorld,
    seed_sequence: np.random.SeedSequence,
    *,
    join: np.ndarray,
    log_static: np.ndarray,
    rate_per_day: np.ndarray,
    revenue: np.ndarray,
    churned: np.ndarray,
    cumhaz_window: np.ndarray,
    exp_draw: np.ndarray,
    past_cust: np.ndarray,
    past_time: np.ndarray,
    past_subtype: np.ndarray,
    past_recovered: np.ndarray,
    scenarios: tuple[FutureScenario, ...] = FUTURE_SCENARIOS,
    realizations: int | None = None,
) -> dict:
    """The planted future of the customers active at the as-of date (see the module docstring).

    Per customer (all customers of the window, in order): the join day, the log static hazard
    ratio, the contact rate (per day), the monthly revenue, whether they churned in the window,
    their cumulative hazard to the window's end and their Exp(1) draw. The window's failures:
    customer index, time, taxonomy subtype index, recovered.

    ``realizations``: draws of the future contacts (default: enough for about 40,000 customer
    futures, at most 8). The first is the planted future (its realised churn and the expected
    numbers along it); ``*_expected_mean`` average the expected numbers over all of them: the
    expectation over the future contacts too, what a projection from the fitted model estimates.
    """
    rng = np.random.default_rng(seed_sequence)
    horizon = float(world.horizon_days)
    span = FUTURE_MONTHS * DAYS_PER_MONTH
    active = np.flatnonzero(~churned)
    n = active.size
    local = np.full(join.size, -1)
    local[active] = np.arange(n)
    # the window's failures still exposing the active customers at the as-of date
    reach = past_time + world.exposure_lag_days + world.exposure_days > horizon
    mine = reach & (local[past_cust] >= 0)
    past = (local[past_cust[mine]], past_time[mine], past_subtype[mine], past_recovered[mine])
    if realizations is None:
        realizations = max(1, min(8, int(np.ceil(40_000 / max(n, 1)))))
    runs = [
        _one_future(
            world,
            rng,
            scenarios,
            horizon,
            span,
            active,
            n,
            past,
            join,
            log_static,
            rate_per_day,
            revenue,
            cumhaz_window,
            exp_draw,
        )
        for _ in range(realizations)
    ]
    out = runs[0]  # the planted future: realised churn and the expected numbers along it
    for name, res in out.items():
        res["churn_expected_mean"] = float(np.mean([r[name]["churn_expected"] for r in runs]))
        res["by_month"]["churn_expected_mean"] = np.mean(
            [r[name]["by_month"]["churn_expected"] for r in runs], axis=0
        ).tolist()
        res["revenue_expected_mean"] = float(np.mean([r[name]["revenue_expected"] for r in runs]))
    base = out[scenarios[0].name]
    for res in out.values():
        res["churn_avoided"] = base["churn"] - res["churn"]
        for suffix in ("expected", "expected_mean"):
            res[f"churn_avoided_{suffix}"] = base[f"churn_{suffix}"] - res[f"churn_{suffix}"]
            res[f"revenue_kept_{suffix}"] = res[f"revenue_{suffix}"] - base[f"revenue_{suffix}"]
    failures = runs[0][scenarios[0].name]["failures"]
    for res in out.values():
        res.pop("failures", None)
    return {
        "months": FUTURE_MONTHS,
        "start": world.as_of,
        "customers_active": int(n),
        "failures": int(failures),
        "window_failures_carried": int(past[0].size),
        "realizations": realizations,
        "scenarios": out,
    }


def _one_future(
    world,
    rng,
    scenarios,
    horizon,
    span,
    active,
    n,
    past,
    join,
    log_static,
    rate_per_day,
    revenue,
    cumhaz_window,
    exp_draw,
) -> dict:
    """One draw of the next twelve months' contacts, evaluated under every scenario."""
    count = rng.poisson(rate_per_day[active] * span)
    f_cust = np.repeat(np.arange(n), count)
    f_time = horizon + rng.random(f_cust.size) * span
    is_fail = rng.random(f_cust.size) < world.p_failure
    fam_names = [k for k, _ in world.family_mix]
    fam_p = np.array([p for _, p in world.family_mix])
    family = np.array([FAMILIES.index(f) for f in fam_names])[
        np.searchsorted(np.cumsum(fam_p) / fam_p.sum(), rng.random(f_cust.size), side="right").clip(
            0, len(fam_p) - 1
        )
    ]
    sub_w = dict(world.subtype_mix)
    table = np.array(
        [[sub_w[k] if SUBTYPES_BY_KEY[k].family == f else 0.0 for k in _SUB_KEYS] for f in FAMILIES]
    )
    cdf = np.cumsum(table, axis=1)
    cdf /= cdf[:, -1:]
    subtype = (rng.random(f_cust.size)[:, None] >= cdf[family]).sum(axis=1).clip(0, len(_SUB_KEYS) - 1)
    u_thin = rng.random(f_cust.size)
    u_rec = rng.random(f_cust.size)
    keep = is_fail
    f_cust, f_time, subtype, family, u_thin, u_rec = (
        a[keep] for a in (f_cust, f_time, subtype, family, u_thin, u_rec)
    )
    p_cust, p_time, p_sub, p_rec = past
    n_past = p_cust.size
    months = horizon + DAYS_PER_MONTH * np.arange(1, FUTURE_MONTHS)
    paths = HazardPaths(
        world,
        join[active],
        log_static[active],
        np.r_[p_cust, f_cust],
        np.r_[p_time, f_time],
        np.r_[p_sub, subtype],
        np.r_[p_rec, u_rec < world.p_recovery],
        start=np.full(n, horizon),
        end=horizon + span,
        cuts=months,
    )
    ends = np.r_[months, horizon + span]
    before = cumhaz_window[active]
    draw = exp_draw[active]
    rev = revenue[active]
    out = {}
    for sc in scenarios:
        drop = np.r_[np.zeros(n_past, bool), u_thin < sc.removal()[subtype]]
        rec = np.r_[p_rec, u_rec < sc.recovery_target(world.p_recovery)[family]]
        ev = paths.evaluate(drop=drop, recovered=rec)
        h = np.stack([paths.cumhaz_at(ev, t) for t in ends], axis=1)  # customers × month ends
        surv = np.exp(-h)
        prev = np.c_[np.ones(n), surv[:, :-1]]
        alive = 0.5 * (prev + surv)  # expected months alive in each month (trapezoid)
        realized = (before[:, None] + h) >= draw[:, None]
        out[sc.name] = {
            "levers": sc.levers(),
            "churn": int(realized[:, -1].sum()),
            "churn_expected": float((1.0 - surv[:, -1]).sum()),
            "by_month": {
                "churn": realized.sum(axis=0).astype(int).tolist(),
                "churn_expected": (1.0 - surv).sum(axis=0).tolist(),
            },
            "customer_months_expected": float(alive.sum()),
            "revenue_expected": float((alive * rev[:, None]).sum()),
            "failures_avoided": int(drop.sum()),
            "failures_recovered": int(rec[n_past:][~drop[n_past:]].sum()),
            "failures": int(f_cust.size),
        }
    return out
