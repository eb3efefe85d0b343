"""The planted world: every parameter of the demo, written down once, with its unit and its checks.

:class:`PlantedWorld` is the simulator's only input besides the number of customers and the seed;
the truth (``truth.json``) reports it back in full (:meth:`PlantedWorld.to_dict`). The category
names below are the simulation's own (English, as the contract's values); what a Spanish system
calls them is vocabulary (``demo/vocab/export_es.json``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from datetime import date

import numpy as np

from analytics.taxonomy import FAMILIES, SUBTYPES, SUBTYPES_BY_KEY

DAYS_PER_MONTH = 30.4375
"""Length of the model's month in days (365.25 / 12); monthly rates are per this many days."""

TOPICS: tuple[str, ...] = (
    "billing",
    "internet",
    "tv",
    "mobile",
    "landline",
    "move",
    "contract",
    "device",
    "installation",
)
"""What contacts are about; the notes vocabulary names the object of each (``vocab/things.json``)."""
TEAMS: tuple[str, ...] = ("billing", "technical support", "sales", "retention", "store")
CHANNELS: tuple[str, ...] = ("phone", "chat", "email", "store")
STATED_FAMILIES: tuple[str, ...] = (*FAMILIES, "other", "none_given")
"""What a leaving customer's stated reason is about: a family, something else, or nothing said."""
DRIVERS: tuple[str, ...] = ("none", *FAMILIES)
"""What truly drove a churn: no failure, or a family's failures."""

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
    """A failure at time s raises the hazard on (s + exposure_lag_days, s + exposure_lag_days + exposure_days]."""
    exposure_lag_days: float = 1.0
    """Days from a failure to the start of its effect: the contact a customer leaves with is not
    what made them leave (the analysis uses the same lag, ``Scope.exposure_lag_days``)."""
    hr_attitude: float = 2.6
    hr_process: float = 2.2
    hr_price: float = 1.8
    hr_quality: float = 1.5
    """Each family's hazard ratio: the mean of its subtypes' hazard ratios weighted by ``subtype_mix``."""
    subtype_effects: Pairs = (
        ("rude", 1.25),
        ("not_listening", 0.95),
        ("blaming_customer", 1.05),
        ("scripted_refusal", 1.10),
        ("impersonal", 0.80),
        ("lack_of_knowledge", 0.85),
        ("aggressive_selling", 0.90),
        ("policy_refusal", 1.30),
        ("handoff", 0.90),
        ("repeat_contact", 1.00),
        ("long_wait", 0.80),
        ("broken_promise", 1.15),
        ("no_follow_up", 0.95),
        ("escalation_blocked", 1.40),
        ("billing_error", 0.85),
        ("price_too_high", 1.00),
        ("unexpected_charges", 1.10),
        ("competitor_cheaper", 0.90),
        ("product_defect", 1.00),
        ("outage", 1.00),
        ("competitor_better", 1.00),
    )
    """Each subtype's effect relative to its family's, before scaling: while a failure of a family
    exposes a customer the hazard is multiplied by the family's hazard ratio once, and by a factor
    d_s for each of its subtypes exposing the customer, d_s = this / (the family's mean of this
    weighted by ``subtype_mix``). A subtype alone so has the hazard ratio HR_family · d_s, and the
    family's hazard ratio is its subtypes' mean weighted by the mix. Several failures of one subtype
    count once; two subtypes of one family multiply the family's hazard ratio by both factors (log
    hazard = β_family + δ_s1 + δ_s2, the form the analysis fits)."""
    hr_recovered: float = 0.67
    """Multiplies a family's hazard ratio while every failure of that family exposing the customer
    was recovered (a recovered billing error does not soften a rude agent). Chosen so that a
    recovered failure of any subtype still raises the hazard (subtype hazard ratio × 0.67 ≥ 1): a
    recovery undoes most of a failure's harm but never leaves the customer more loyal than no
    failure at all, the assumption the forward projection makes (a lever that avoids failures can
    then never raise churn)."""
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

    def without_failure_effects(self) -> PlantedWorld:
        """The same world with every failure and recovery effect switched off (hazard ratios 1)."""
        return replace(
            self,
            hr_attitude=1.0,
            hr_process=1.0,
            hr_price=1.0,
            hr_quality=1.0,
            hr_recovered=1.0,
            subtype_effects=tuple((k, 1.0) for k, _ in self.subtype_effects),
        )

    def subtype_factors(self) -> dict[str, float]:
        """d_s of each taxonomy subtype (``subtype_effects`` scaled to a mix-weighted mean of 1)."""
        rel, mix = dict(self.subtype_effects), dict(self.subtype_mix)
        out = {}
        for fam in FAMILIES:
            keys = [k for k in SUBTYPES_BY_KEY if SUBTYPES_BY_KEY[k].family == fam]
            mean = sum(mix[k] * rel[k] for k in keys)
            out.update({k: rel[k] / mean for k in keys})
        return out

    def subtype_hazard_ratios(self) -> dict[str, float]:
        """Hazard ratio of a failure of each subtype alone (HR_family · d_s); a family's mean over
        its subtypes, weighted by the mix, is the family's."""
        hr, d = self.hazard_ratios(), self.subtype_factors()
        return {k: hr[SUBTYPES_BY_KEY[k].family] * d[k] for k in d}

    def subtype_deltas(self) -> np.ndarray:
        """log d_s of the taxonomy subtypes, in :data:`analytics.taxonomy.SUBTYPES` order."""
        d = self.subtype_factors()
        return np.log([d[s.key] for s in SUBTYPES])

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
            *(f"subtype_effects[{k}]" for k, _ in self.subtype_effects),
        ):
            v = (
                dict(self.subtype_effects)[name[16:-1]]
                if name.startswith("subtype_effects[")
                else getattr(self, name)
            )
            if not v > 0:
                raise ValueError(
                    f"The '{name}' parameter of PlantedWorld must be a float > 0. Got {v!r} instead."
                )
        if {k for k, _ in self.subtype_effects} != set(SUBTYPES_BY_KEY):
            raise ValueError(
                "The 'subtype_effects' of PlantedWorld must give every taxonomy subtype an effect."
            )
        if not self.exposure_lag_days >= 0:
            raise ValueError(
                f"The 'exposure_lag_days' parameter of PlantedWorld must be a float >= 0. Got {self.exposure_lag_days!r} instead."
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
