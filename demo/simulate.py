"""Demo data with a planted truth: an internet and phone provider, its contacts and its churn.

The world is written down once, in :class:`PlantedWorld` (every parameter with its unit), and
simulated in continuous time (days since the window start):

* customers join uniformly over the window; static covariates segment, plan, region, revenue;
* each customer's contacts are a Poisson process over the WHOLE window from the join date,
  whether or not the customer leaves; each contact is independently a failure (family, subtype
  from :mod:`analytics.taxonomy`), and a failure is independently recovered;
* the churn hazard is piecewise constant: a baseline by tenure, static hazard ratios, and for 90
  days after each failure the family's hazard ratio (and the recovery's, if recovered);
* churn times come from inverting the cumulative hazard against one Exp(1) draw per customer.

The truth is computed with the SAME hazard function on counterfactual histories (the failures
of a set of families turned into ordinary contacts at the same times, same Exp(1) draws): the
share of churn events in the window that would not have happened, per family, jointly, and as
Shapley values over the four families, both realised (event counts) and in expectation
(Σ 1 − exp(−H)). The data only holds contacts up to each churn moment; the simulation keeps the
whole history.

``generate`` returns everything in memory (:class:`DemoData`); ``write_demo`` writes
``customers.csv``, ``interactions.csv`` and ``truth.json`` in an English (UTF-8, comma, ISO
dates) or Spanish-system (``;``, decimal comma, dd/mm/yyyy, sí/no, Windows-1252) style.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from analytics import demo_notes
from analytics.contract import CUSTOMERS, INTERACTIONS
from analytics.taxonomy import FAMILIES, FAMILY_LABELS, SERVICE_FAMILIES, SUBTYPES, SUBTYPES_BY_KEY

DAYS_PER_MONTH = 30.4375
"""Length of the model's month in days (365.25 / 12); monthly rates are per this many days."""

TOPICS: tuple[str, ...] = demo_notes.TOPICS
TEAMS: tuple[str, ...] = ("billing", "technical support", "sales", "retention", "store")
CHANNELS: tuple[str, ...] = ("phone", "chat", "email", "store")
STATED_FAMILIES: tuple[str, ...] = (*FAMILIES, "other", "none_given")
DRIVERS: tuple[str, ...] = ("none", *FAMILIES)

Pairs = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class PlantedWorld:
    """Every parameter of the demo world. Time unit: days (continuous) since ``window_start``.

    Rates "per month" are per :data:`DAYS_PER_MONTH` days. Mixes are ``(name, probability)``
    pairs that add up to 1. Hazard ratios multiply the daily churn hazard.
    """

    # --- window ----------------------------------------------------------------------------------
    window_start: str = "2024-01-01"
    """ISO date; customers join uniformly (at the start of a day) from here to the as-of date."""
    as_of: str = "2025-12-31"
    """ISO date; last observed day (the window ends at the end of this day); censoring date."""

    # --- customers -------------------------------------------------------------------------------
    share_business: float = 0.25
    """Probability a customer is in the business segment (else residential)."""
    plan_mix: Pairs = (("basic", 0.50), ("plus", 0.30), ("premium", 0.20))
    regions: Pairs = (
        ("Bogotá", 0.30),
        ("Antioquia", 0.20),
        ("Valle del Cauca", 0.16),
        ("Atlántico", 0.12),
        ("Santander", 0.12),
        ("Eje Cafetero", 0.10),
    )
    revenue_by_plan: Pairs = (("basic", 35.0), ("plus", 55.0), ("premium", 85.0))
    """Mean monthly revenue per plan, currency units per month, residential."""
    revenue_business_factor: float = 1.5
    """Business customers pay this multiple of the residential price."""
    revenue_noise_sd: float = 0.08
    """Relative s.d. of a customer's revenue around the plan's mean (normal, rounded to cents)."""

    # --- contacts --------------------------------------------------------------------------------
    contact_rate_per_month: float = 0.6
    """Mean contact rate (contacts per month) of a residential customer."""
    contact_rate_shape: float = 2.0
    """Gamma shape of the customers' contact rates (mean as above)."""
    contact_rate_business_factor: float = 1.3
    """Business customers' contact rate multiplier."""
    channel_mix: Pairs = (("phone", 0.45), ("chat", 0.25), ("email", 0.15), ("store", 0.15))
    channel_mix_by_subtype: tuple[tuple[str, Pairs], ...] = (
        ("long_wait", (("phone", 0.75), ("chat", 0.15), ("store", 0.10))),
        ("handoff", (("phone", 0.65), ("chat", 0.25), ("store", 0.10))),
        ("escalation_blocked", (("phone", 0.60), ("store", 0.30), ("chat", 0.10))),
        ("rude", (("phone", 0.50), ("store", 0.30), ("chat", 0.20))),
    )
    """Channel mixes that differ from ``channel_mix`` for some failure subtypes."""
    topic_mix: Pairs = (
        ("billing", 0.24),
        ("internet", 0.20),
        ("tv", 0.09),
        ("mobile", 0.14),
        ("landline", 0.04),
        ("move", 0.05),
        ("contract", 0.10),
        ("device", 0.08),
        ("installation", 0.06),
    )
    topic_mix_by_subtype: tuple[tuple[str, Pairs], ...] = (
        ("billing_error", (("billing", 0.75), ("contract", 0.10), ("mobile", 0.10), ("move", 0.05))),
        ("unexpected_charges", (("billing", 0.70), ("mobile", 0.15), ("tv", 0.10), ("contract", 0.05))),
        ("price_too_high", (("billing", 0.45), ("contract", 0.35), ("mobile", 0.10), ("tv", 0.10))),
        ("competitor_cheaper", (("contract", 0.60), ("billing", 0.20), ("mobile", 0.20))),
        ("outage", (("internet", 0.60), ("tv", 0.15), ("mobile", 0.15), ("landline", 0.10))),
        ("product_defect", (("device", 0.60), ("tv", 0.20), ("internet", 0.20))),
        ("competitor_better", (("contract", 0.40), ("internet", 0.40), ("mobile", 0.20))),
        ("broken_promise", (("installation", 0.35), ("device", 0.25), ("move", 0.20), ("billing", 0.20))),
        ("aggressive_selling", (("contract", 0.50), ("mobile", 0.25), ("tv", 0.25))),
    )
    """Topic mixes that differ from ``topic_mix`` for some failure subtypes."""
    team_by_topic: tuple[tuple[str, Pairs], ...] = (
        ("billing", (("billing", 0.85), ("retention", 0.10), ("sales", 0.05))),
        ("internet", (("technical support", 0.90), ("sales", 0.10))),
        ("tv", (("technical support", 0.85), ("sales", 0.15))),
        ("mobile", (("technical support", 0.70), ("sales", 0.20), ("billing", 0.10))),
        ("landline", (("technical support", 0.90), ("billing", 0.10))),
        ("move", (("sales", 0.60), ("technical support", 0.40))),
        ("contract", (("sales", 0.50), ("retention", 0.40), ("billing", 0.10))),
        ("device", (("technical support", 0.90), ("sales", 0.10))),
        ("installation", (("technical support", 0.80), ("sales", 0.20))),
    )
    """Team handling a phone, chat or e-mail contact, by topic; store contacts go to the store team."""
    team_sizes: tuple[tuple[str, int], ...] = (
        ("billing", 25),
        ("technical support", 35),
        ("sales", 15),
        ("retention", 10),
        ("store", 35),
    )
    """Agents per team (ids AG001…); they add up to the number of agents."""
    agent_attitude_sd: float = 0.7
    """s.d. of the log of an agent's weight in drawing who handled an attitude failure (others: equal)."""
    repeat_window_days: int = 7
    """Two contacts on the same topic within this many calendar days are a repeat contact; only the
    planted repeat-contact pairs are that close."""
    repeat_gap_days: tuple[int, int] = (1, 6)
    """Calendar days between a repeat-contact failure and its earlier unresolved contact (inclusive)."""

    # --- failures and recoveries -----------------------------------------------------------------
    p_failure: float = 0.32
    """Probability a contact is a failure (independently of everything else)."""
    family_mix: Pairs = (("attitude", 0.30), ("process", 0.36), ("price", 0.16), ("quality", 0.18))
    subtype_mix: Pairs = (
        ("rude", 0.22),
        ("not_listening", 0.16),
        ("blaming_customer", 0.10),
        ("scripted_refusal", 0.18),
        ("impersonal", 0.10),
        ("lack_of_knowledge", 0.14),
        ("aggressive_selling", 0.10),
        ("policy_refusal", 0.16),
        ("handoff", 0.18),
        ("repeat_contact", 0.16),
        ("long_wait", 0.16),
        ("broken_promise", 0.12),
        ("no_follow_up", 0.08),
        ("escalation_blocked", 0.06),
        ("billing_error", 0.08),
        ("price_too_high", 0.45),
        ("unexpected_charges", 0.35),
        ("competitor_cheaper", 0.20),
        ("product_defect", 0.30),
        ("outage", 0.55),
        ("competitor_better", 0.15),
    )
    """Subtype probabilities WITHIN each family (they add up to 1 per family)."""
    p_recovery: float = 0.30
    """Probability a failure is recovered in the same contact: resolved and apology/compensation/follow-up."""
    recovery_actions: Pairs = (
        ("apology", 0.30),
        ("apology+compensation", 0.15),
        ("apology+follow_up", 0.20),
        ("compensation", 0.08),
        ("follow_up", 0.12),
        ("compensation+follow_up", 0.05),
        ("apology+compensation+follow_up", 0.10),
    )
    """Which recovery actions a recovered failure gets (resolved is always true)."""
    p_failure_resolved_unrecovered: float = 0.15
    """Probability an unrecovered failure is still marked resolved (then with no recovery action)."""
    p_ordinary_resolved: float = 0.90
    """Probability an ordinary contact is resolved (the earlier contact of a repeat pair never is)."""
    p_promise: float = 0.12
    """Probability an ordinary contact carries a promise (kept on time)."""
    p_broken_promise_never: float = 0.5
    """Probability a broken promise was never fulfilled (fulfilled date empty); else fulfilled late."""
    long_wait_threshold_s: float = 900.0
    """Long-wait failures wait more than this (seconds)."""
    ordinary_wait_max_s: float = 600.0
    """Every other contact waits less than this (seconds)."""
    p_csat_missing: float = 0.40
    """Probability a contact has no satisfaction score."""
    csat_ordinary: tuple[float, ...] = (0.03, 0.05, 0.12, 0.35, 0.45)
    csat_unresolved: tuple[float, ...] = (0.10, 0.15, 0.30, 0.30, 0.15)
    csat_failure: tuple[float, ...] = (0.35, 0.30, 0.20, 0.10, 0.05)
    csat_recovered: tuple[float, ...] = (0.08, 0.15, 0.30, 0.30, 0.17)
    """Probabilities of scores 1…5 by kind of contact."""
    p_notes_spanish: float = 0.60
    """Probability a note (or a churn reason) is written in Spanish (else English)."""
    coded_mix: Pairs = (("family_en", 0.35), ("family_es", 0.20), ("subtype", 0.45))
    """How a failure is coded in ``failure_type`` when coded: English family, Spanish family, subtype key."""

    # --- churn hazard ----------------------------------------------------------------------------
    baseline_monthly_hazard: tuple[tuple[float, float], ...] = ((0.0, 0.020), (90.0, 0.013), (365.0, 0.009))
    """(tenure from, in days; hazard per month) for a residential basic customer with no failure."""
    exposure_days: float = 90.0
    """A failure at time s raises the hazard on (s, s + exposure_days]."""
    hr_attitude: float = 2.6
    hr_process: float = 2.2
    hr_price: float = 1.8
    hr_quality: float = 1.5
    hr_recovered: float = 0.5
    """Multiplies the hazard while ≥ 1 recovered failure (any family) is in its exposure window."""
    hr_business: float = 0.8
    hr_plan_plus: float = 0.9
    hr_plan_premium: float = 0.8

    # --- what leaving customers say --------------------------------------------------------------
    stated_reason_mix: tuple[tuple[str, Pairs], ...] = (
        (
            "none",
            (
                ("price", 0.25),
                ("quality", 0.12),
                ("attitude", 0.02),
                ("process", 0.03),
                ("other", 0.50),
                ("none_given", 0.08),
            ),
        ),
        (
            "attitude",
            (
                ("price", 0.35),
                ("quality", 0.10),
                ("attitude", 0.22),
                ("process", 0.08),
                ("other", 0.17),
                ("none_given", 0.08),
            ),
        ),
        (
            "process",
            (
                ("price", 0.30),
                ("quality", 0.12),
                ("attitude", 0.05),
                ("process", 0.30),
                ("other", 0.15),
                ("none_given", 0.08),
            ),
        ),
        (
            "price",
            (
                ("price", 0.70),
                ("quality", 0.05),
                ("attitude", 0.01),
                ("process", 0.02),
                ("other", 0.14),
                ("none_given", 0.08),
            ),
        ),
        (
            "quality",
            (
                ("price", 0.20),
                ("quality", 0.58),
                ("attitude", 0.02),
                ("process", 0.02),
                ("other", 0.10),
                ("none_given", 0.08),
            ),
        ),
    )
    """P(stated reason family | true driver of the churn); see ``truth["stated_reasons"]``."""

    # --- derived -----------------------------------------------------------------------------------
    @property
    def start(self) -> date:
        return date.fromisoformat(self.window_start)

    @property
    def horizon_days(self) -> int:
        """Days from the window start to the end of the as-of day."""
        return (date.fromisoformat(self.as_of) - self.start).days + 1

    def hazard_ratios(self) -> dict[str, float]:
        return {
            "attitude": self.hr_attitude,
            "process": self.hr_process,
            "price": self.hr_price,
            "quality": self.hr_quality,
            "recovered": self.hr_recovered,
            "business": self.hr_business,
            "plan_plus": self.hr_plan_plus,
            "plan_premium": self.hr_plan_premium,
        }

    def family_betas(self) -> np.ndarray:
        """log hazard ratios of the four families (in :data:`FAMILIES` order) and of recovery."""
        hr = self.hazard_ratios()
        return np.log([hr[f] for f in FAMILIES] + [hr["recovered"]])

    def validate(self) -> None:
        """Raise ValueError naming the first parameter that is out of range."""

        def mix(name: str, pairs: Pairs, allowed: Iterable[str] | None = None) -> None:
            total = sum(p for _, p in pairs)
            if any(p < 0 for _, p in pairs) or not math.isclose(total, 1.0, abs_tol=1e-9):
                raise ValueError(
                    f"The '{name}' mix of PlantedWorld must hold non-negative probabilities adding "
                    f"up to 1. Got {pairs!r} (sum {total:g}) instead."
                )
            if allowed is not None:
                unknown = [k for k, _ in pairs if k not in set(allowed)]
                if unknown:
                    raise ValueError(
                        f"The '{name}' mix of PlantedWorld names unknown values {unknown}. "
                        f"Allowed: {sorted(set(allowed))}."
                    )

        mix("plan_mix", self.plan_mix, ("basic", "plus", "premium"))
        mix("regions", self.regions)
        mix("channel_mix", self.channel_mix, CHANNELS)
        mix("topic_mix", self.topic_mix, TOPICS)
        mix("family_mix", self.family_mix, FAMILIES)
        mix("recovery_actions", self.recovery_actions)
        mix("coded_mix", self.coded_mix, ("family_en", "family_es", "subtype"))
        for key, pairs in self.channel_mix_by_subtype:
            mix(f"channel_mix_by_subtype[{key}]", pairs, CHANNELS)
        for key, pairs in self.topic_mix_by_subtype:
            mix(f"topic_mix_by_subtype[{key}]", pairs, TOPICS)
        for key, pairs in self.team_by_topic:
            mix(f"team_by_topic[{key}]", pairs, TEAMS)
        for key, pairs in self.stated_reason_mix:
            mix(f"stated_reason_mix[{key}]", pairs, STATED_FAMILIES)
        if {k for k, _ in self.stated_reason_mix} != set(DRIVERS):
            raise ValueError(
                f"The 'stated_reason_mix' of PlantedWorld must have one row per driver {DRIVERS}."
            )
        if {k for k, _ in self.team_by_topic} != set(TOPICS):
            raise ValueError(f"The 'team_by_topic' of PlantedWorld must have one row per topic {TOPICS}.")
        sub = dict(self.subtype_mix)
        if set(sub) != set(SUBTYPES_BY_KEY):
            raise ValueError(
                f"The 'subtype_mix' of PlantedWorld must weight every taxonomy subtype. Missing: "
                f"{sorted(set(SUBTYPES_BY_KEY) - set(sub))}, unknown: {sorted(set(sub) - set(SUBTYPES_BY_KEY))}."
            )
        for fam in FAMILIES:
            mix(
                f"subtype_mix[{fam}]",
                tuple((k, p) for k, p in self.subtype_mix if SUBTYPES_BY_KEY[k].family == fam),
            )
        for name in (
            "share_business",
            "p_failure",
            "p_recovery",
            "p_failure_resolved_unrecovered",
            "p_ordinary_resolved",
            "p_promise",
            "p_broken_promise_never",
            "p_csat_missing",
            "p_notes_spanish",
        ):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(
                    f"The '{name}' parameter of PlantedWorld must be a float in [0, 1]. Got {v!r} instead."
                )
        for name in (
            "hr_attitude",
            "hr_process",
            "hr_price",
            "hr_quality",
            "hr_recovered",
            "hr_business",
            "hr_plan_plus",
            "hr_plan_premium",
            "contact_rate_per_month",
            "contact_rate_shape",
            "exposure_days",
        ):
            v = getattr(self, name)
            if not v > 0:
                raise ValueError(
                    f"The '{name}' parameter of PlantedWorld must be a float > 0. Got {v!r} instead."
                )
        if self.horizon_days < 2:
            raise ValueError(
                f"PlantedWorld's as_of ({self.as_of}) must be after window_start ({self.window_start})."
            )
        tenure = [t for t, _ in self.baseline_monthly_hazard]
        if (
            tenure[0] != 0.0
            or tenure != sorted(tenure)
            or any(h <= 0 for _, h in self.baseline_monthly_hazard)
        ):
            raise ValueError(
                "The 'baseline_monthly_hazard' of PlantedWorld must start at tenure 0, be sorted by "
                f"tenure and hold positive hazards. Got {self.baseline_monthly_hazard!r} instead."
            )
        lo, hi = self.repeat_gap_days
        if not 1 <= lo <= hi < self.repeat_window_days:
            raise ValueError(
                f"The 'repeat_gap_days' of PlantedWorld must satisfy 1 ≤ lo ≤ hi < repeat_window_days "
                f"({self.repeat_window_days}). Got {self.repeat_gap_days!r} instead."
            )
        if not self.ordinary_wait_max_s <= self.long_wait_threshold_s:
            raise ValueError("PlantedWorld's ordinary_wait_max_s must not exceed long_wait_threshold_s.")
        if sum(n for _, n in self.team_sizes) < 1 or {t for t, _ in self.team_sizes} != set(TEAMS):
            raise ValueError(f"The 'team_sizes' of PlantedWorld must give a size to every team {TEAMS}.")

    def to_dict(self) -> dict:
        """JSON-ready parameters: mixes become ``{name: probability}`` objects."""

        def conv(v):
            if (
                isinstance(v, tuple)
                and v
                and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in v)
            ):
                return {k: conv(x) for k, x in v}
            if isinstance(v, tuple):
                return [conv(x) for x in v]
            return v

        out = {f.name: conv(getattr(self, f.name)) for f in fields(self)}
        out["baseline_monthly_hazard"] = [
            {"tenure_from_days": t, "monthly_hazard": h} for t, h in self.baseline_monthly_hazard
        ]
        out["days_per_month"] = DAYS_PER_MONTH
        out["horizon_days"] = self.horizon_days
        return out


# ---------------------------------------------------------------------------------------------------
# The hazard: one function for the factual churn and every counterfactual
# ---------------------------------------------------------------------------------------------------
class Counterfactual(NamedTuple):
    """One scenario's outcome per customer."""

    churned: np.ndarray
    """bool: the cumulative hazard reached the customer's Exp(1) draw before the window's end."""
    churn_time: np.ndarray
    """days since the window start; ``inf`` when not churned."""
    cumhaz_end: np.ndarray
    """cumulative hazard from the join to the window's end (ignoring churn)."""


class HazardPaths:
    """Every customer's piecewise-constant hazard, built once and evaluated per scenario.

    Breakpoints per customer: the join, the tenure thresholds, each failure (its family's
    exposure starts) and its end ``exposure_days`` later, the same for recovered failures, the
    window's end. Between consecutive breakpoints the hazard is constant. A scenario removes the
    failures of some families (they become ordinary contacts: no exposure, no recovery) and
    re-evaluates the same intervals, so the factual churn and every counterfactual use exactly
    the same arithmetic.
    """

    def __init__(
        self,
        world: PlantedWorld,
        join: np.ndarray,
        log_static: np.ndarray,
        f_cust: np.ndarray,
        f_time: np.ndarray,
        f_family: np.ndarray,
        f_recovered: np.ndarray,
    ) -> None:
        n = join.size
        horizon = float(world.horizon_days)
        self.world = world
        self.n = n
        self.horizon = horizon
        self.f_family = np.asarray(f_family)
        breaks = np.array([t for t, _ in world.baseline_monthly_hazard[1:]], dtype=float)
        log_h0 = np.log(np.array([h for _, h in world.baseline_monthly_hazard]) / DAYS_PER_MONTH)
        exp_days = world.exposure_days
        rec = np.flatnonzero(f_recovered)
        nf = f_time.size
        fidx = np.arange(nf)
        cust_ids = np.arange(n)
        times = np.concatenate(
            [
                join,
                *(join + b for b in breaks),
                np.full(n, horizon),
                f_time,
                f_time + exp_days,
                f_time[rec],
                f_time[rec] + exp_days,
            ]
        )
        custs = np.concatenate([*([cust_ids] * (2 + breaks.size)), f_cust, f_cust, f_cust[rec], f_cust[rec]])
        n_plain = n * (2 + breaks.size)
        col = np.concatenate([np.full(n_plain, -1), f_family, f_family, np.full(2 * rec.size, 4)]).astype(
            np.int8
        )
        sign = np.concatenate(
            [np.zeros(n_plain), np.ones(nf), -np.ones(nf), np.ones(rec.size), -np.ones(rec.size)]
        ).astype(np.int8)
        ev_f = np.concatenate([np.full(n_plain, -1), fidx, fidx, rec, rec])
        order = np.lexsort((times, custs))
        t = times[order]
        c = custs[order]
        self.cust = c
        self.col = col[order]
        self.sign = sign[order]
        self.ev_failure = ev_f[order]
        same_next = np.append(c[1:] == c[:-1], False)
        start = np.minimum(t, horizon)
        end = np.minimum(np.append(t[1:], horizon), horizon)
        self.start = start
        self.length = np.where(same_next, end - start, 0.0)
        tenure_mid = 0.5 * (start + end) - join[c]
        bucket = np.searchsorted(breaks, tenure_mid, side="right")
        self.base_log = log_h0[bucket] + log_static[c]
        self.first = np.searchsorted(c, cust_ids, side="left")
        self.last = np.searchsorted(c, cust_ids, side="right") - 1
        self.betas = world.family_betas()

    def _keep(self, removed: Iterable[str], drop: np.ndarray | None) -> np.ndarray:
        removed_idx = [FAMILIES.index(f) for f in removed]
        keep = ~np.isin(self.f_family, removed_idx)
        return keep if drop is None else keep & ~np.asarray(drop, dtype=bool)

    def evaluate(
        self, removed: Iterable[str] = (), drop: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per interval: log hazard, hazard × length, cumulative hazard at its end, exposure flags.

        ``removed``: families whose failures are turned into ordinary contacts; ``drop``: a bool
        per failure (in the order given to the constructor) for any other set of failures to turn
        into ordinary contacts (e.g. one subtype). The flags are an (intervals × 5) bool array: the
        four families, then "a recovered failure is active".
        """
        keep = self._keep(removed, drop)
        has_f = self.ev_failure >= 0
        active = np.zeros(self.sign.shape, dtype=np.int32)
        active[has_f] = self.sign[has_f] * keep[self.ev_failure[has_f]]
        loghaz = self.base_log.copy()
        flags = np.zeros((self.sign.size, 5), dtype=bool)
        for k in range(5):
            on = np.cumsum(np.where(self.col == k, active, 0)) > 0
            flags[:, k] = on
            loghaz += self.betas[k] * on
        hl = np.exp(loghaz) * self.length
        cs = np.cumsum(hl)
        offset = cs[self.first] - hl[self.first]
        cum = cs - offset[self.cust]
        return loghaz, hl, cum, flags

    def run(self, exp_draw: np.ndarray, removed: Iterable[str] = ()) -> tuple[Counterfactual, np.ndarray]:
        """Churn by inversion: the first time the cumulative hazard reaches the Exp(1) draw.

        Returns the outcome and, per customer, the index of the interval where it churned (−1).
        """
        loghaz, hl, cum, _ = self.evaluate(removed)
        cumhaz_end = cum[self.last]
        crossed = cum >= exp_draw[self.cust]
        n_crossed = np.bincount(self.cust, weights=crossed, minlength=self.n).astype(np.int64)
        churned = n_crossed > 0
        idx = np.where(churned, self.last - n_crossed + 1, -1)
        churn_time = np.full(self.n, np.inf)
        j = idx[churned]
        before = cum[j] - hl[j]
        t = self.start[j] + (exp_draw[churned] - before) / np.exp(loghaz[j])
        churn_time[churned] = np.clip(t, self.start[j], self.start[j] + self.length[j])
        return Counterfactual(churned, churn_time, cumhaz_end), idx

    def cumhaz_end(self, removed: Iterable[str] = (), drop: np.ndarray | None = None) -> np.ndarray:
        return self.evaluate(removed, drop)[2][self.last]


def subset_label(families: Iterable[str]) -> str:
    fams = [f for f in FAMILIES if f in set(families)]
    return "+".join(fams) if fams else "none"


def _all_subsets() -> list[tuple[str, ...]]:
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


# ---------------------------------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------------------------------
@dataclass
class DemoData:
    """A generated demo: the two uploadable tables, the truth, and the full simulation.

    ``customers`` and ``interactions`` use the contract's column names with parsed types (dates as
    ``datetime64``, booleans as ``bool``, empty text as ``""``). ``history`` holds EVERY simulated
    contact, including those after a customer's churn (``observed`` is False for them), with its
    true ``failure``/``family``/``subtype``/``recovered`` and ``pair`` (the planted repeat-contact
    pairs share it). ``customer_truth`` holds per customer the join and churn times (days since the
    window start), the Exp(1) draw, the contact rate, the true driver of each churn and the family
    of the reason the churner stated.
    """

    customers: pd.DataFrame
    interactions: pd.DataFrame
    truth: dict
    history: pd.DataFrame
    customer_truth: pd.DataFrame
    world: PlantedWorld
    cumhaz_end: dict[str, np.ndarray]
    """Cumulative hazard to the window's end per customer, by removed set (``subset_label``)."""
    paths: HazardPaths = field(repr=False)

    def counterfactual(self, removed: Iterable[str] = ()) -> Counterfactual:
        """Churn outcome per customer (customers' row order) when ``removed`` families never fail."""
        removed = tuple(removed)
        unknown = [f for f in removed if f not in FAMILIES]
        if unknown:
            raise ValueError(f"Unknown families {unknown}. Use some of {list(FAMILIES)}.")
        exp_draw = self.customer_truth["exp_draw"].to_numpy()
        return self.paths.run(exp_draw, removed)[0]


def _draw(rng: np.random.Generator, pairs: Pairs, size: int) -> np.ndarray:
    """Indices into ``pairs`` drawn with its probabilities."""
    p = np.array([w for _, w in pairs], dtype=float)
    return np.searchsorted(np.cumsum(p) / p.sum(), rng.random(size), side="right").clip(0, len(pairs) - 1)


def _draw_rows(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One category per element, drawn from ``probs[rows[k]]`` (a table of probability rows)."""
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    u = rng.random(rows.size)
    return (u[:, None] >= cdf[rows]).sum(axis=1).clip(0, probs.shape[1] - 1)


def _mix_table(
    default: Pairs, overrides: tuple[tuple[str, Pairs], ...], keys: list[str], categories: tuple[str, ...]
) -> np.ndarray:
    """Rows: ``keys``; columns: ``categories``; each row the override mix for its key or ``default``."""
    over = dict(overrides)
    table = np.zeros((len(keys), len(categories)))
    for r, key in enumerate(keys):
        for name, p in over.get(key, default):
            table[r, categories.index(name)] = p
    return table


_SUB_KEYS = [s.key for s in SUBTYPES]
_HOURS = np.arange(8, 21)
_HOUR_WEIGHTS = np.array([4, 8, 10, 10, 8, 6, 7, 8, 9, 9, 7, 5, 3], dtype=float)


def _time_of_day(rng: np.random.Generator, store: np.ndarray) -> np.ndarray:
    """Seconds after midnight in working hours: 08:00–20:59, stores 10:00–20:59."""
    w = _HOUR_WEIGHTS / _HOUR_WEIGHTS.sum()
    w_store = np.where(_HOURS >= 10, _HOUR_WEIGHTS, 0.0)
    w_store /= w_store.sum()
    hour = np.where(
        store,
        _HOURS[_draw(rng, tuple(zip(_HOURS.astype(str), w_store)), store.size)],
        _HOURS[_draw(rng, tuple(zip(_HOURS.astype(str), w)), store.size)],
    )
    return hour * 3600 + rng.integers(0, 3600, size=store.size)


def _assign_topics(
    rng: np.random.Generator,
    world: PlantedWorld,
    cust: np.ndarray,
    day: np.ndarray,
    group: np.ndarray,
    group_kind: np.ndarray,
) -> np.ndarray:
    """Topic per group (a planted repeat pair is one group) such that no two contacts of a customer
    in different groups share a topic within ``repeat_window_days`` calendar days.

    ``cust``/``day``/``group`` are per contact, sorted by customer and time; ``group_kind`` is the
    subtype index (−1 ordinary) per group. Conflicts re-draw the later contact's group topic:
    from its own mix for a few rounds, then uniformly.
    """
    table = _mix_table(world.topic_mix, world.topic_mix_by_subtype, ["ordinary", *_SUB_KEYS], TOPICS)
    uniform = np.ones((1, len(TOPICS)))
    topic = _draw_rows(rng, table, group_kind + 1)
    # every pair of a customer's contacts within the window, in different groups (fixed from here on)
    window = world.repeat_window_days
    n = cust.size
    first, second = [], []
    for lag in range(1, n):
        a = np.arange(n - lag)
        b = a + lag
        close = (cust[a] == cust[b]) & (day[b] - day[a] <= window)
        if not close.any():
            break
        close &= group[a] != group[b]
        first.append(group[a[close]])
        second.append(group[b[close]])
    ga = np.concatenate(first) if first else np.empty(0, dtype=np.int64)
    gb = np.concatenate(second) if second else np.empty(0, dtype=np.int64)
    for rnd in range(200):
        todo = np.unique(gb[topic[ga] == topic[gb]])
        if todo.size == 0:
            return topic
        if rnd < 5:
            topic[todo] = _draw_rows(rng, table, group_kind[todo] + 1)
        else:
            topic[todo] = _draw_rows(rng, uniform, np.zeros(todo.size, dtype=np.int64))
    raise RuntimeError("could not assign topics without accidental repeat contacts; lower the contact rate")


def _ids(prefix: str, count: int, width: int) -> np.ndarray:
    """``prefix`` + zero-padded 1 … count, as an object array."""
    return np.char.add(prefix, np.char.zfill(np.arange(1, count + 1).astype(str), width)).astype(object)


def _dates(world: PlantedWorld, days: np.ndarray) -> np.ndarray:
    """Day indices (−1 = none) to datetime64[ns] (NaT for none)."""
    base = np.datetime64(world.window_start, "D")
    out = (base + np.where(days >= 0, days, 0).astype("timedelta64[D]")).astype("datetime64[ns]")
    out[days < 0] = np.datetime64("NaT")
    return out


def generate(
    n_customers: int, seed: int, *, coded: bool = True, world: PlantedWorld | None = None
) -> DemoData:
    """Simulate the planted world for ``n_customers`` customers; deterministic given ``seed``.

    ``coded=False`` leaves ``failure_type`` empty everywhere (the world is otherwise identical: the
    coding draws come from their own random stream). ``world`` overrides the parameters.
    """
    if not isinstance(n_customers, int | np.integer) or n_customers < 1:
        raise ValueError(
            f"The 'n_customers' parameter of generate must be an int ≥ 1. Got {n_customers!r} instead."
        )
    world = world or PlantedWorld()
    world.validate()
    s_world, s_code, s_notes, s_reasons = np.random.SeedSequence(int(seed)).spawn(4)
    rng = np.random.default_rng(s_world)
    n = int(n_customers)
    horizon = world.horizon_days

    # --- customers ---------------------------------------------------------------------------------
    join_day = rng.integers(0, horizon, size=n)
    join = join_day.astype(float)
    business = rng.random(n) < world.share_business
    plans = tuple(k for k, _ in world.plan_mix)
    plan = _draw(rng, world.plan_mix, n)
    region = _draw(rng, world.regions, n)
    rev_mean = np.array([dict(world.revenue_by_plan)[p] for p in plans])[plan]
    revenue = rev_mean * np.where(business, world.revenue_business_factor, 1.0)
    revenue = np.round(revenue * np.maximum(0.5, 1 + world.revenue_noise_sd * rng.standard_normal(n)), 2)
    rate = (
        rng.gamma(world.contact_rate_shape, world.contact_rate_per_month / world.contact_rate_shape, size=n)
        * np.where(business, world.contact_rate_business_factor, 1.0)
        / DAYS_PER_MONTH
    )
    exp_draw = rng.exponential(1.0, size=n)
    hr_plan = {"basic": 1.0, "plus": world.hr_plan_plus, "premium": world.hr_plan_premium}
    log_static = np.log(world.hr_business) * business + np.log([hr_plan[p] for p in plans])[plan]

    # --- contacts over the whole window ----------------------------------------------------------
    n_contacts = rng.poisson(rate * (horizon - join))
    p_cust = np.repeat(np.arange(n), n_contacts)
    m = p_cust.size
    p_day = np.floor(join[p_cust] + rng.random(m) * (horizon - join[p_cust])).astype(np.int64)
    p_fail = rng.random(m) < world.p_failure
    fam_idx = np.where(p_fail, _draw(rng, world.family_mix, m), -1)
    fam_names = [k for k, _ in world.family_mix]
    p_family = np.where(p_fail, np.array([FAMILIES.index(f) for f in fam_names])[np.maximum(fam_idx, 0)], -1)
    sub_w = dict(world.subtype_mix)
    sub_table = np.array(
        [[sub_w[k] if SUBTYPES_BY_KEY[k].family == f else 0.0 for k in _SUB_KEYS] for f in FAMILIES]
    )
    p_sub = np.where(p_fail, _draw_rows(rng, sub_table, np.maximum(p_family, 0)), -1)
    p_recovered = p_fail & (rng.random(m) < world.p_recovery)
    # a repeat contact needs room for its earlier contact after the join
    rep_key = _SUB_KEYS.index("repeat_contact")
    room = p_day - join_day[p_cust]
    lo, hi = world.repeat_gap_days
    no_room = (p_sub == rep_key) & (room < lo)
    if no_room.any():
        alt = sub_table[FAMILIES.index("process")].copy()
        alt[rep_key] = 0.0
        p_sub[no_room] = _draw_rows(rng, alt[None, :], np.zeros(int(no_room.sum()), dtype=np.int64))
    rep = np.flatnonzero(p_sub == rep_key)
    max_gap = np.minimum(hi, room[rep])
    gap = lo + np.floor(rng.random(rep.size) * (max_gap - lo + 1)).astype(np.int64)

    # all contacts: primary ones, then the planted earlier contacts of repeat pairs
    cust = np.concatenate([p_cust, p_cust[rep]])
    day = np.concatenate([p_day, p_day[rep] - gap])
    sub = np.concatenate([p_sub, np.full(rep.size, -1)])
    family = np.concatenate([p_family, np.full(rep.size, -1)])
    recovered = np.concatenate([p_recovered, np.zeros(rep.size, dtype=bool)])
    precursor = np.concatenate([np.zeros(m, dtype=bool), np.ones(rep.size, dtype=bool)])
    group = np.concatenate([np.arange(m), rep])
    total = cust.size
    fail = sub >= 0

    chan_table = _mix_table(
        world.channel_mix, world.channel_mix_by_subtype, ["ordinary", *_SUB_KEYS], CHANNELS
    )
    channel = _draw_rows(rng, chan_table, sub + 1)
    store_ch = CHANNELS.index("store")
    weekday = (day + world.start.weekday()) % 7
    channel[(channel == store_ch) & (weekday == 6)] = CHANNELS.index("phone")  # stores close on Sunday
    sod = _time_of_day(rng, channel == store_ch)
    time = day + sod / 86400.0

    order = np.lexsort((time, cust))
    cust, day, sod, time, sub, family, recovered, precursor, group, channel, fail = (
        a[order] for a in (cust, day, sod, time, sub, family, recovered, precursor, group, channel, fail)
    )
    group_kind = p_sub
    topic_of_group = _assign_topics(rng, world, cust, day, group, group_kind)
    topic = topic_of_group[group]

    # team and agent
    team_table = _mix_table((), world.team_by_topic, list(TOPICS), TEAMS)
    team = _draw_rows(rng, team_table, topic)
    team[channel == store_ch] = TEAMS.index("store")
    sizes = dict(world.team_sizes)
    n_agents = sum(sizes.values())
    agent_team = rng.permutation(np.repeat([TEAMS.index(t) for t in TEAMS], [sizes[t] for t in TEAMS]))
    attitude_weight = np.exp(world.agent_attitude_sd * rng.standard_normal(n_agents))
    agent = np.zeros(total, dtype=np.int64)
    is_att = family == FAMILIES.index("attitude")
    for k in range(len(TEAMS)):
        members = np.flatnonzero(agent_team == k)
        for att in (False, True):
            idx = np.flatnonzero((team == k) & (is_att == att))
            if idx.size:
                w = attitude_weight[members] if att else np.ones(members.size)
                agent[idx] = members[
                    np.searchsorted(np.cumsum(w) / w.sum(), rng.random(idx.size), side="right").clip(
                        0, members.size - 1
                    )
                ]

    # structured signals, consistent with the subtypes
    key = {k: _SUB_KEYS.index(k) for k in ("handoff", "long_wait", "broken_promise", "escalation_blocked")}
    resolved = (
        np.where(
            fail,
            recovered | (rng.random(total) < world.p_failure_resolved_unrecovered),
            rng.random(total) < world.p_ordinary_resolved,
        )
        & ~precursor
    )
    transferred = np.where(sub == key["handoff"], 1 + np.minimum(rng.poisson(0.5, total), 3), 0)
    wait = np.minimum(rng.gamma(1.5, 80.0, total), world.ordinary_wait_max_s - 1)
    long_wait = world.long_wait_threshold_s + 60 + np.minimum(rng.gamma(2.0, 600.0, total), 5400)
    wait_seconds = np.floor(np.where(sub == key["long_wait"], long_wait, wait))
    u = rng.random(total)
    escalated = np.where(
        fail, np.where(u < 0.55, "no", np.where(u < 0.90, "", "yes")), np.where(u < 0.60, "no", "")
    ).astype(object)
    escalated[sub == key["escalation_blocked"]] = "denied"
    last_day = horizon - 1
    promised = np.full(total, -1, dtype=np.int64)
    fulfilled = np.full(total, -1, dtype=np.int64)
    kept = (rng.random(total) < world.p_promise) & (sub != key["broken_promise"])
    promised[kept] = day[kept] + rng.integers(0, 8, size=int(kept.sum()))
    fulfilled[kept] = np.maximum(day[kept], promised[kept] - rng.integers(0, 3, size=int(kept.sum())))
    fulfilled[kept & (fulfilled > last_day)] = -1  # not yet due at the as-of date
    broken = sub == key["broken_promise"]
    b_join = join_day[cust[broken]]
    promised[broken] = np.maximum(b_join, day[broken] - rng.integers(1, 15, size=int(broken.sum())))
    late = promised[broken] + rng.integers(1, 11, size=int(broken.sum()))
    never = (rng.random(int(broken.sum())) < world.p_broken_promise_never) | (late > last_day)
    fulfilled[broken] = np.where(never, -1, late)
    act = _draw(rng, world.recovery_actions, total)
    has = {
        a: np.array([a in k.split("+") for k, _ in world.recovery_actions])[act]
        for a in ("apology", "compensation", "follow_up")
    }
    unrec_fail = fail & ~recovered & ~resolved
    apology = np.where(recovered, has["apology"], unrec_fail & (rng.random(total) < 0.25))
    compensation = np.where(recovered, has["compensation"], unrec_fail & (rng.random(total) < 0.05))
    follow_up = np.where(
        recovered,
        has["follow_up"],
        np.where(fail, unrec_fail & (rng.random(total) < 0.15), rng.random(total) < 0.06),
    )
    follow_up &= ~(fail & ~recovered & resolved)
    follow_up &= recovered | (sub != _SUB_KEYS.index("no_follow_up"))  # nobody followed up, unless recovered
    csat_probs = np.array(
        [world.csat_ordinary, world.csat_unresolved, world.csat_failure, world.csat_recovered]
    )
    csat_kind = np.where(recovered, 3, np.where(fail, 2, np.where(resolved, 0, 1)))
    csat = (_draw_rows(rng, csat_probs, csat_kind) + 1).astype(float)
    csat[rng.random(total) < world.p_csat_missing] = np.nan

    # --- churn --------------------------------------------------------------------------------------
    f_rows = np.flatnonzero(fail)
    paths = HazardPaths(
        world, join, log_static, cust[f_rows], time[f_rows], family[f_rows], recovered[f_rows]
    )
    factual, churn_idx = paths.run(exp_draw)
    churned = factual.churned
    churn_time = factual.churn_time
    observed = time < churn_time[cust]

    # true driver of each churn, at the churn moment: failure-driven with the probability of
    # causation 1 − h_without_failures / h, then the family among those active, weighted by log HR
    loghaz, _, _, flags = paths.evaluate()
    j = churn_idx[churned]
    excess = 1.0 - np.exp(paths.base_log[j] - loghaz[j])
    fam_w = flags[j, :4] * np.maximum(paths.betas[:4], 0.0)
    rng_r = np.random.default_rng(s_reasons)
    u_cause, u_fam = rng_r.random(j.size), rng_r.random(j.size)
    w_sum = fam_w.sum(axis=1)
    driven = (u_cause < excess) & (w_sum > 0)
    pick = (u_fam[:, None] * np.where(w_sum > 0, w_sum, 1.0)[:, None] >= np.cumsum(fam_w, axis=1)).sum(axis=1)
    driver = np.full(n, "", dtype=object)
    driver[churned] = np.where(driven, np.array(FAMILIES, dtype=object)[np.minimum(pick, 3)], "none")
    stated_table = _mix_table((), world.stated_reason_mix, list(DRIVERS), STATED_FAMILIES)
    stated = np.full(n, "", dtype=object)
    stated_idx = _draw_rows(
        rng_r, stated_table, np.array([DRIVERS.index(d) for d in driver[churned]], dtype=int)
    )
    stated[churned] = np.array(STATED_FAMILIES, dtype=object)[stated_idx]
    reason_lang = np.where(rng_r.random(n) < world.p_notes_spanish, "es", "en").astype(object)
    churn_reason = np.full(n, "", dtype=object)
    churn_reason[churned] = demo_notes.churn_reason_texts(rng_r, stated[churned], reason_lang[churned])

    # --- counterfactuals -----------------------------------------------------------------------------
    subsets = _all_subsets()
    cumhaz = {s: (factual.cumhaz_end if not s else paths.cumhaz_end(s)) for s in subsets}
    realized = {s: float(np.count_nonzero(cumhaz[s] >= exp_draw)) for s in subsets}
    expected = {s: float(-np.expm1(-cumhaz[s]).sum()) for s in subsets}
    f_sub = sub[f_rows]
    by_subtype = {}
    for k, key in enumerate(_SUB_KEYS):
        h_end = paths.cumhaz_end(drop=f_sub == k)
        by_subtype[key] = (float(np.count_nonzero(h_end >= exp_draw)), float(-np.expm1(-h_end).sum()))

    # --- text and coding (own streams: the world does not depend on them) ---------------------------
    rng_n = np.random.default_rng(s_notes)
    obs = np.flatnonzero(observed)
    lang = np.where(rng_n.random(total) < world.p_notes_spanish, "es", "en").astype(object)
    chat_like = np.isin(channel, [CHANNELS.index("chat"), CHANNELS.index("email")])
    voice = rng_n.random(total) < np.where(chat_like, 0.5, 0.2)
    sub_names = np.array([*_SUB_KEYS, ""], dtype=object)[np.where(sub >= 0, sub, len(_SUB_KEYS))]
    topic_names = np.array(TOPICS, dtype=object)[topic]
    notes = np.full(total, "", dtype=object)
    notes[obs] = demo_notes.interaction_notes(
        rng_n,
        subtype=sub_names[obs],
        topic=topic_names[obs],
        lang=lang[obs],
        customer_voice=voice[obs],
        resolved=resolved[obs],
        apology=apology[obs],
        compensation=compensation[obs],
        follow_up=follow_up[obs],
        precursor=precursor[obs],
        channel_kind=np.array([demo_notes.PHONE, demo_notes.WRITTEN, demo_notes.WRITTEN, demo_notes.STORE])[
            channel[obs]
        ],
    )
    fam_names_arr = np.array([*FAMILIES, ""], dtype=object)[np.where(family >= 0, family, len(FAMILIES))]
    failure_type = np.full(total, "", dtype=object)
    if coded:
        rng_c = np.random.default_rng(s_code)
        how = np.array([k for k, _ in world.coded_mix])[_draw(rng_c, world.coded_mix, total)]
        es_names = np.array([FAMILY_LABELS[f]["es"].lower() for f in FAMILIES] + [""], dtype=object)
        fam_pos = np.where(family >= 0, family, len(FAMILIES))
        failure_type = np.where(
            how == "family_en", fam_names_arr, np.where(how == "family_es", es_names[fam_pos], sub_names)
        ).astype(object)
        failure_type[~fail] = ""

    # --- frames ---------------------------------------------------------------------------------------
    cust_width = max(6, len(str(n)))
    customer_id = _ids("C", n, cust_width)
    stamp = (np.datetime64(world.window_start, "s") + (day * 86400 + sod).astype("timedelta64[s]")).astype(
        "datetime64[ns]"
    )
    chron = obs[np.lexsort((cust[obs], time[obs]))]
    id_width = max(7, len(str(chron.size)))
    interaction_id = np.full(total, "", dtype=object)
    interaction_id[chron] = _ids("I", chron.size, id_width)
    agent_ids = _ids("AG", n_agents, 3)
    history = pd.DataFrame(
        {
            "interaction_id": interaction_id,
            "customer_id": customer_id[cust],
            "timestamp": stamp,
            "channel": np.array(CHANNELS, dtype=object)[channel],
            "agent_id": agent_ids[agent],
            "team": np.array(TEAMS, dtype=object)[team],
            "topic": topic_names,
            "failure_type": failure_type,
            "resolved": resolved,
            "transferred": transferred.astype(np.int64),
            "escalated": escalated,
            "wait_seconds": wait_seconds,
            "promised_date": _dates(world, promised),
            "fulfilled_date": _dates(world, fulfilled),
            "apology": apology.astype(bool),
            "compensation": compensation.astype(bool),
            "follow_up": follow_up.astype(bool),
            "csat": csat,
            "notes": notes,
            # truth
            "customer": cust,
            "time_days": time,
            "observed": observed,
            "failure": fail,
            "family": np.where(fail, fam_names_arr, "none"),
            "subtype": sub_names,
            "recovered": recovered,
            "precursor": precursor,
            "pair": np.where(np.isin(group, rep), group, -1),
            "note_lang": np.where(observed, lang, ""),
        },
        copy=False,
    )
    interactions = pd.DataFrame({c: history[c].to_numpy()[chron] for c in _INTERACTION_ORDER}, copy=False)
    end_day = np.where(
        churned, np.minimum(np.floor(np.where(churned, churn_time, 0)), horizon - 1), -1
    ).astype(np.int64)
    customers = pd.DataFrame(
        {
            "customer_id": customer_id,
            "start_date": _dates(world, join_day),
            "end_date": _dates(world, end_day),
            "churn_reason": churn_reason,
            "segment": np.where(business, "business", "residential").astype(object),
            "plan": np.array(plans, dtype=object)[plan],
            "region": np.array([k for k, _ in world.regions], dtype=object)[region],
            "monthly_revenue": revenue,
        }
    )[CUSTOMERS.names]
    customer_truth = pd.DataFrame(
        {
            "customer_id": customer_id,
            "join_day": join,
            "churn_time_days": churn_time,
            "churned": churned,
            "exp_draw": exp_draw,
            "contact_rate_per_month": rate * DAYS_PER_MONTH,
            "cumhaz_end": factual.cumhaz_end,
            "true_driver": driver,
            "stated_family": stated,
            "reason_lang": np.where(churned, reason_lang, ""),
        }
    )
    truth = _truth(
        world,
        n,
        seed,
        coded,
        history,
        customer_truth,
        realized,
        expected,
        by_subtype,
        agent_ids,
        attitude_weight,
        agent_team,
    )
    return DemoData(
        customers=customers,
        interactions=interactions,
        truth=truth,
        history=history,
        customer_truth=customer_truth,
        world=world,
        cumhaz_end={subset_label(s): v for s, v in cumhaz.items()},
        paths=paths,
    )


_INTERACTION_ORDER = [
    "interaction_id",
    "customer_id",
    "timestamp",
    "channel",
    "agent_id",
    "team",
    "topic",
    "failure_type",
    "resolved",
    "transferred",
    "escalated",
    "wait_seconds",
    "promised_date",
    "fulfilled_date",
    "apology",
    "compensation",
    "follow_up",
    "csat",
    "notes",
]

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


def _truth(
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


# ---------------------------------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------------------------------
SPANISH_HEADERS: dict[str, dict[str, str]] = {
    "customers": {
        "customer_id": "cliente",
        "start_date": "fecha_alta",
        "end_date": "fecha_baja",
        "churn_reason": "motivo_baja",
        "segment": "segmento",
        "plan": "plan",
        "region": "region",
        "monthly_revenue": "cuota_mensual",
    },
    "interactions": {
        "interaction_id": "id_interaccion",
        "customer_id": "cliente",
        "timestamp": "fecha",
        "channel": "canal",
        "agent_id": "agente",
        "team": "equipo",
        "topic": "motivo",
        "failure_type": "tipo_fallo",
        "resolved": "resuelto",
        "transferred": "transferencias",
        "escalated": "escalado",
        "wait_seconds": "espera_segundos",
        "promised_date": "fecha_prometida",
        "fulfilled_date": "fecha_cumplida",
        "apology": "disculpa",
        "compensation": "compensacion",
        "follow_up": "seguimiento",
        "csat": "satisfaccion",
        "notes": "observaciones",
    },
}
STYLES = ("en", "es")

SPANISH_VALUES: dict[str, dict[str, str]] = {
    "segment": {"residential": "residencial", "business": "empresas"},
    "plan": {"basic": "básico", "plus": "plus", "premium": "premium"},
    "channel": {"phone": "teléfono", "chat": "chat", "email": "correo", "store": "tienda"},
    "escalated": {"yes": "sí", "no": "no", "denied": "denegado"},
    "team": {
        "billing": "facturación",
        "technical support": "soporte técnico",
        "sales": "ventas",
        "retention": "retención",
        "store": "tiendas",
    },
    "topic": {
        "billing": "facturación",
        "internet": "internet",
        "tv": "televisión",
        "mobile": "móvil",
        "landline": "telefonía fija",
        "move": "traslado",
        "contract": "contrato",
        "device": "equipo",
        "installation": "instalación",
    },
    # A Spanish system codes failures with Spanish names: families as the taxonomy's Spanish
    # labels, subtypes as their Spanish labels (both read back to the same family and subtype).
    "failure_type": {
        **{f: FAMILY_LABELS[f]["es"].lower() for f in FAMILIES},
        **{s.key: s.label_es for s in SUBTYPES},
    },
}
"""What a Spanish system's export (``style="es"``) calls the demo's categories, by column; values
not listed (ids, free text, Spanish family names already) are written as they are."""


def _day_strings(first: np.datetime64, count: int, es: bool) -> np.ndarray:
    """The ``count`` calendar days from ``first`` as text (the span of a column: a few hundred days)."""
    start = first.astype(object)
    fmt = "%d/%m/%Y" if es else "%Y-%m-%d"
    return np.array([(start + timedelta(days=k)).strftime(fmt) for k in range(count)])


_CLOCK = np.char.add(
    np.char.add(
        np.char.add(
            np.char.add(np.char.zfill((np.arange(86400) // 3600).astype(str), 2), ":"),
            np.char.zfill((np.arange(86400) // 60 % 60).astype(str), 2),
        ),
        ":",
    ),
    np.char.zfill((np.arange(86400) % 60).astype(str), 2),
).astype(object)
"""'HH:MM:SS' for every second of a day."""


def _format_dates(col: pd.Series, es: bool, with_time: bool) -> np.ndarray:
    """Dates (and times) as text by table look-up; '' for NaT."""
    values = col.to_numpy(dtype="datetime64[s]")
    ok = ~np.isnat(values)
    out = np.full(values.size, "", dtype=object)
    if not ok.any():
        return out
    days = values[ok].astype("datetime64[D]")
    first = days.min()
    idx = (days - first).astype(np.int64)
    text = _day_strings(first, int(idx.max()) + 1, es).astype(object)[idx]
    if with_time:
        seconds = (values[ok] - days.astype("datetime64[s]")).astype(np.int64)
        text = text + " " + _CLOCK[seconds]
    out[ok] = text
    return out


def _format_columns(frame: pd.DataFrame, table: str, style: str) -> dict[str, np.ndarray]:
    """Every column as text (object array) in the style's conventions, '' for missing, keyed by the
    style's header."""
    es = style == "es"
    contract = CUSTOMERS if table == "customers" else INTERACTIONS
    out = {}
    for name in frame.columns:
        col = frame[name]
        kind = contract.column(name).kind
        if kind in ("date", "datetime"):
            out[name] = _format_dates(col, es, kind == "datetime")
        elif kind == "bool":
            yes, no = ("sí", "no") if es else ("true", "false")
            out[name] = np.where(col.to_numpy(dtype=bool), yes, no).astype(object)
        elif kind in ("float", "int"):
            vals = col.to_numpy(dtype=float)
            missing = np.isnan(vals)
            if name != "monthly_revenue" and np.array_equal(vals[~missing], np.round(vals[~missing])):
                text = np.round(np.nan_to_num(vals)).astype(np.int64).astype(str).astype(object)
            else:
                text = np.char.mod("%.2f", vals).astype(object)
                if es:
                    text = np.char.replace(text.astype(str), ".", ",").astype(object)
            text[missing] = ""
            out[name] = text
        else:
            values = col.to_numpy(dtype=object)
            if es and name in SPANISH_VALUES:
                spanish = pd.Series(values).map(SPANISH_VALUES[name]).to_numpy(dtype=object)
                values = np.where(pd.isna(spanish), values, spanish)
            out[name] = values
    if es:
        out = {SPANISH_HEADERS[table][k]: v for k, v in out.items()}
    return out


_NEEDS_QUOTES = re.compile(r'[;,"\r\n]')


def _csv_cells(values: np.ndarray) -> np.ndarray:
    """Quote the cells that hold a separator, a quote or a line break (RFC 4180, as Excel does)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    search = _NEEDS_QUOTES.search
    quoted = np.array(['"' + v.replace('"', '""') + '"' if search(v) else v for v in uniques], dtype=object)
    return quoted[codes]


def _write_csv(frame: pd.DataFrame, table: str, style: str, path: Path, *, chunk_rows: int = 100_000) -> None:
    """Write ``frame`` as text in ``style``: a header line, then one line per row, in chunks of
    ``chunk_rows`` (memory stays bounded for big demos). Only free-text columns can hold
    separators or quotes; the others are ids, codes, numbers and dates."""
    sep, encoding, newline = (";", "cp1252", "\r\n") if style == "es" else (",", "utf-8", "\n")
    contract = CUSTOMERS if table == "customers" else INTERACTIONS
    free = {c.name for c in contract.columns if c.kind == "text"}
    if style == "es":
        free = {SPANISH_HEADERS[table][c] for c in free}
    with open(path, "w", encoding=encoding, newline="") as fh:
        for start in range(0, max(len(frame), 1), chunk_rows):
            columns = _format_columns(frame.iloc[start : start + chunk_rows], table, style)
            if start == 0:
                fh.write(sep.join(_csv_cells(np.array(list(columns), dtype=object)).tolist()) + newline)
            cells = [_csv_cells(v) if k in free else v for k, v in columns.items()]
            rows = [sep.join(row) for row in zip(*cells)]
            if rows:
                fh.write(newline.join(rows) + newline)


def write_tables(data: DemoData, out_dir: str | Path, *, style: str = "en") -> dict[str, Path]:
    """Write ``customers.csv`` and ``interactions.csv`` of ``data`` in ``style``; returns the paths.

    ``style="en"``: UTF-8, ``,``, ISO dates, true/false, LF. ``style="es"``: Spanish headers and
    category values (:data:`SPANISH_VALUES`), ``;``, decimal comma, dd/mm/yyyy, sí/no, Windows-1252,
    CRLF.
    """
    if style not in STYLES:
        raise ValueError(
            f"The 'style' parameter of write_demo must be one of {list(STYLES)}. Got {style!r} instead."
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table, frame in (("customers", data.customers), ("interactions", data.interactions)):
        paths[table] = out / f"{table}.csv"
        _write_csv(frame, table, style, paths[table])
    return paths


def _json_ready(obj):
    if isinstance(obj, dict):
        return {str(k): _json_ready(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_ready(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def write_demo(
    out_dir: str | Path,
    n_customers: int,
    seed: int,
    *,
    coded: bool = True,
    style: str = "en",
    world: PlantedWorld | None = None,
) -> dict:
    """Generate the demo and write ``customers.csv``, ``interactions.csv`` and ``truth.json`` to ``out_dir``.

    ``style="en"``: UTF-8, ``,``, ISO dates, true/false. ``style="es"``: a Spanish system's export
    (Spanish headers and category values, ``;``, decimal comma, dd/mm/yyyy, sí/no, Windows-1252,
    CRLF). Returns the truth dict (also written, UTF-8, as ``truth.json``; for ``"es"`` it carries
    the category translations as ``values_es``).
    """
    if style not in STYLES:
        raise ValueError(
            f"The 'style' parameter of write_demo must be one of {list(STYLES)}. Got {style!r} instead."
        )
    data = generate(n_customers, seed, coded=coded, world=world)
    write_tables(data, out_dir, style=style)
    truth = _json_ready(
        {
            **data.truth,
            "style": style,
            **({"values_es": SPANISH_VALUES} if style == "es" else {}),
            "files": {"customers": "customers.csv", "interactions": "interactions.csv"},
        }
    )
    with open(Path(out_dir) / "truth.json", "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return truth


__all__ = [
    "DAYS_PER_MONTH",
    "Counterfactual",
    "DemoData",
    "HazardPaths",
    "PlantedWorld",
    "attribution_summary",
    "generate",
    "shapley",
    "subset_label",
    "write_demo",
    "write_tables",
]
