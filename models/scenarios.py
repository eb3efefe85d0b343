"""What fixing a failure would be worth, forward from the as-of date: the scenario engine.

For the customers active at the as-of date, over a horizon of 1–24 months, the engine projects
churn under the current pattern of contacts, failures and recoveries and under the levers a
consultant moves: fewer failures of a family, a subtype or a named preset (empowerment,
first-contact resolution, keep promises, waits), a higher recovery rate, and the price and
quality families, so the comparison is fair. It answers from the fitted attribution model
(:class:`models.attribution.ChurnAttribution`) without refitting.

How (DESIGN.md's "Scenarios, precisely"):

1. **The future, drawn once.** Each active customer's contact rate is drawn from its gamma–Poisson
   posterior (the attribution's contact model: the customer's own contacts shrunk towards the
   population's rate), then their contacts over the next 24 months as a Poisson process; each
   contact is ordinary or a failure with the observed mix of subtypes. A failure coded with its
   family only gets a subtype drawn from its family's mix where the subtype is known (missing at
   random). Each failure carries two uniform numbers: one thins it (a lever avoiding a fraction q
   of its subtype avoids it when the number is below q), one decides its recovery (recovered when
   below the recovery rate: the observed rate of its family, or a lever's higher target). The
   failures of the window still exposing a customer at the as-of date carry on, untouched by the
   levers (the past happened).
2. **The hazard path.** Each customer's next months are cut at every month end, tenure-band
   boundary and start or end of a failure's exposure; within a piece the hazard is constant:
   the fitted baseline for the tenure band, segment and plan, times the failures' hazard ratios.
3. **A lever only compares the stored uniforms with its fraction**, recomputes the few pieces of the
   customers it changes, and sums: expected churn over the horizon = Σ 1 − exp(−H). With every
   lever at zero the baseline comes back exactly (same draws, same arithmetic), and no
   simulation noise separates a scenario from the baseline.
4. **Intervals** come from the attribution's bootstrap replicates of the model's coefficients: the
   same paths under each replicate's hazard. They are for the *expected* number (what the model
   is unsure of); the realised number also varies by chance (about ±2√(expected) for churn).

**Monotone by construction.** A lever moved further never raises projected churn. For that the
projection assumes (and says, in every result's ``assumptions``) that a failure never lowers the
hazard and a recovery never raises it — an estimated subtype hazard ratio below 1 counts as 1, a
recovery hazard ratio above 1 as 1, and a subtype whose deviation is negative adds nothing to
another of its family — and that a recovered family of failures never leaves a customer more
loyal than no failure at all: the recovery can undo the harm, not more. The fitted model lets a
recovered failure of a mild subtype (hazard ratio 1.5 × a recovery's 0.5 = 0.75) beat no failure,
and then avoiding that failure would raise churn. These clamps apply in the projection only; the
attribution's figures use the fitted model as it is. Recovery acts on its own family (while all
of a family's exposing failures were recovered, that family's effect is multiplied by the
recovery's hazard ratio), which is what makes these clamps enough.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import sparse

from analytics.periods import (
    FAMILY_SLOT_MASK,
    MONTH_DAYS,
    SLOT_FAMILY,
    SLOT_NAMES,
    UNSPECIFIED_BIT,
    ActiveCustomers,
)
from analytics.taxonomy import (
    FAMILIES,
    FAMILY_LABELS,
    FAMILY_SYNONYMS,
    PRESETS,
    PRESETS_BY_KEY,
    SUBTYPES_BY_KEY,
    normalize_token,
    parse_failure_type,
    parse_preset,
)
from models.attribution import N_SLOTS, ChurnAttribution, RateTables
from models.base import ALPHA, Estimator, Interval

__all__ = [
    "MAX_HORIZON_MONTHS",
    "Estimate",
    "Levers",
    "Projection",
    "Scenario",
    "ScenarioEngine",
    "WordOfMouth",
]

MAX_HORIZON_MONTHS = 24
_FAMILY_SHIFT = np.array([int(np.flatnonzero(f == SLOT_FAMILY)[0]) for f in range(len(FAMILIES))])
_NAMED_SLOTS = [k for k, name in enumerate(SLOT_NAMES) if not name.endswith("_unspecified")]


# ---------------------------------------------------------------------------------------------
# Levers and assumptions
# ---------------------------------------------------------------------------------------------
def _bilingual_unknown(kind_en: str, kind_es: str, name: str, valid: list[str]) -> ValueError:
    listed = ", ".join(valid)
    return ValueError(
        f"Unknown {kind_en} {name!r}. Valid {kind_en}s: {listed}. / "
        f"{kind_es.capitalize()} desconocida {name!r}. Valores válidos: {listed}."
    )


def _fraction(what: str, name: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if not 0.0 <= v <= 1.0:
        raise ValueError(
            f"The {what} for {name!r} must be a fraction in [0, 1] (0.3 = 30 %). Got {value!r} instead. / "
            f"El valor de {name!r} debe ser una fracción entre 0 y 1 (0,3 = 30 %). Se recibió {value!r}."
        )
    return v


def reduce_names() -> list[str]:
    """The names a reduction lever accepts: the families and the taxonomy subtypes."""
    return [*FAMILIES, *(k for k in SUBTYPES_BY_KEY)]


def _reduce_key(name: str) -> str:
    token = normalize_token(str(name))
    if token in FAMILY_SYNONYMS:
        return FAMILY_SYNONYMS[token]
    parsed = parse_failure_type(str(name))
    if parsed is not None and parsed[0] in FAMILIES:
        return parsed[1] or parsed[0]
    raise _bilingual_unknown("lever", "palanca", str(name), reduce_names())


def _recovery_key(name: str) -> str:
    token = normalize_token(str(name))
    if token in ("all", "todas", "todos", "todo", "any", ""):
        return "all"
    if token in FAMILY_SYNONYMS:
        return FAMILY_SYNONYMS[token]
    raise _bilingual_unknown("recovery lever", "palanca de recuperación", str(name), ["all", *FAMILIES])


def _preset_key(name: str) -> str:
    preset = parse_preset(str(name))
    if preset is None:
        raise _bilingual_unknown("preset", "combinación", str(name), [p.key for p in PRESETS])
    return preset.key


def _pairs(values: Mapping[str, Any] | None, key, what: str) -> tuple[tuple[str, float], ...]:
    out: dict[str, float] = {}
    for name, value in (values or {}).items():
        k = key(name)
        out[k] = _fraction(what, str(name), value)
    return tuple(sorted(out.items()))


@dataclass(frozen=True)
class Levers:
    """What a scenario changes, from the as-of date on. Build with :meth:`of` (validated, names in
    English or Spanish); hashable, so a page can cache on it.

    ``reduce``: (family or subtype, fraction of its future failures avoided). ``recovery``: ("all"
    or a family, target share of its future failures recovered; a target below the current rate
    changes nothing). ``presets``: (preset key, fraction avoided of each of its subtypes' failures).
    Levers touching the same subtype compound: each avoids its fraction of what the others left.
    """

    reduce: tuple[tuple[str, float], ...] = ()
    recovery: tuple[tuple[str, float], ...] = ()
    presets: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(
        cls,
        reduce: Mapping[str, Any] | None = None,
        recovery: Mapping[str, Any] | float | None = None,
        presets: Mapping[str, Any] | None = None,
    ) -> Levers:
        """Validated levers. ``recovery`` may be a number (the target for all failures). Unknown
        names get a message listing the valid ones in both languages; fractions outside [0, 1] are
        refused with the value shown."""
        if recovery is not None and not isinstance(recovery, Mapping):
            recovery = {"all": recovery}
        return cls(
            reduce=_pairs(reduce, _reduce_key, "fraction of failures avoided"),
            recovery=_pairs(recovery, _recovery_key, "recovery rate"),
            presets=_pairs(presets, _preset_key, "fraction of failures avoided"),
        )

    @property
    def is_zero(self) -> bool:
        return not any(v for _, v in (*self.reduce, *self.presets)) and not any(v for _, v in self.recovery)

    def removal(self) -> np.ndarray:
        """Per subtype slot: the fraction of its future failures avoided, the levers compounded."""
        keep = np.ones(N_SLOTS)
        for name, q in self.reduce:
            mask = FAMILY_SLOT_MASK[name] if name in FAMILIES else 1 << SLOT_NAMES.index(name)
            keep *= np.where((mask >> np.arange(N_SLOTS)) & 1 == 1, 1.0 - q, 1.0)
        for name, q in self.presets:
            for sub in PRESETS_BY_KEY[name].subtypes:
                keep[SLOT_NAMES.index(sub)] *= 1.0 - q
        return 1.0 - keep

    def recovery_targets(self) -> np.ndarray:
        """Per family: the target recovery rate (0 where no lever asks for one)."""
        out = np.zeros(len(FAMILIES))
        for name, target in self.recovery:
            if name == "all":
                out = np.maximum(out, target)
            else:
                out[FAMILIES.index(name)] = max(out[FAMILIES.index(name)], target)
        return out

    def to_json(self) -> dict:
        return {"reduce": dict(self.reduce), "recovery": dict(self.recovery), "presets": dict(self.presets)}

    def describe(self, lang: str = "en") -> list[str]:
        """One plain line per lever, in the language asked for."""
        es = lang == "es"

        def pct(q: float) -> str:  # Spanish puts an unbreakable space before the sign
            return f"{100 * q:.0f}\u00a0%" if es else f"{q:.0%}"

        lines = []
        for name, q in self.presets:
            p = PRESETS_BY_KEY[name]
            lines.append(f"{p.label(lang)} −{pct(q)}: {p.sentence(lang)}")
        for name, q in self.reduce:
            label = FAMILY_LABELS[name][lang] if name in FAMILIES else SUBTYPES_BY_KEY[name].label(lang)
            lines.append(f"{label} −{pct(q)}" + (" de los fallos" if es else " of failures"))
        for name, target in self.recovery:
            who = (
                ("todos los fallos" if es else "all failures") if name == "all" else FAMILY_LABELS[name][lang]
            )
            lines.append(("Recuperación " if es else "Recovery ") + f"{pct(target)} ({who})")
        return lines


@dataclass(frozen=True)
class WordOfMouth:
    """Assumptions of the bad word of mouth avoided, shown beside the result and editable.

    ``people_told``: people a customer who leaves unhappy tells (the customer-service literature
    quotes 9–15; default 9). ``share_posting``: share of them who also post the complaint on social
    media (an assumption; default 5 %). ``post_reach``: people a post reaches (default 1,780, the
    figure the literature quotes). Each customer kept from leaving after a failure is a customer
    who did not leave unhappy: ``people_told + share_posting × post_reach`` people not reached.
    """

    people_told: float = 9.0
    share_posting: float = 0.05
    post_reach: float = 1780.0

    def __post_init__(self) -> None:
        for name in ("people_told", "post_reach"):
            v = getattr(self, name)
            if not (isinstance(v, int | float) and np.isfinite(v) and v >= 0):
                raise ValueError(f"The '{name}' assumption must be a number >= 0. Got {v!r} instead.")
        _fraction("share", "share_posting", self.share_posting)

    @property
    def people_per_customer(self) -> float:
        return float(self.people_told + self.share_posting * self.post_reach)

    def to_json(self) -> dict:
        return {
            "people_told": self.people_told,
            "share_posting": self.share_posting,
            "post_reach": self.post_reach,
            "people_per_customer_lost": self.people_per_customer,
        }


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95 % interval (NaN when no interval was asked for or none could be made)."""

    estimate: float
    low: float = float("nan")
    high: float = float("nan")

    def to_json(self, digits: int = 2) -> dict:
        def num(x: float) -> float | None:
            return None if not np.isfinite(x) else round(float(x), digits)

        return {"estimate": num(self.estimate), "low": num(self.low), "high": num(self.high)}

    def scaled(self, factor: float) -> Estimate:
        return Estimate(self.estimate * factor, self.low * factor, self.high * factor)


@dataclass(frozen=True)
class Projection:
    """One scenario projected from the as-of date, with the baseline beside it.

    Figures (each an :class:`Estimate`): ``baseline_churn`` and ``scenario_churn`` (expected number
    of the ``customers_active`` customers lost over the horizon), ``churn_avoided`` (= customers
    kept), ``revenue_kept`` (the value of the customer-months kept over the horizon: each
    customer's monthly revenue, or ``value_per_month``), ``monthly_revenue_kept`` (the monthly
    revenue of the customers kept, at the horizon's end), ``word_of_mouth_avoided`` (people not
    reached by bad word of mouth). ``curve``: a tidy frame by month (0 … horizon) and ``world``
    (baseline, scenario, avoided) of the cumulative expected churn with ``low``/``high`` and the
    customers still active. ``assumptions``: every assumption behind the numbers, with values.
    """

    as_of: date
    horizon_months: int
    customers_active: int
    levers: Levers
    word_of_mouth: WordOfMouth
    value_per_month: float | None
    baseline_churn: Estimate
    scenario_churn: Estimate
    churn_avoided: Estimate
    revenue_kept: Estimate
    monthly_revenue_kept: Estimate
    word_of_mouth_avoided: Estimate
    curve: pd.DataFrame = field(repr=False)
    assumptions: dict = field(repr=False)
    intervals: bool = False
    n_replicates: int = 0
    revenue_known: int = 0
    seconds: float = 0.0

    @property
    def customers_kept(self) -> Estimate:
        return self.churn_avoided

    def to_json(self) -> dict:
        """The ``scenario --json`` object (see the issue's specification)."""
        return {
            "customers_active": self.customers_active,
            "horizon_months": self.horizon_months,
            "as_of": self.as_of.isoformat(),
            "levers": self.levers.to_json(),
            "assumptions": self.assumptions,
            "baseline": {"churn": self.baseline_churn.to_json()},
            "scenario": {"churn": self.scenario_churn.to_json()},
            "churn_avoided": self.churn_avoided.to_json(),
            "customers_kept": self.churn_avoided.to_json(),
            "revenue_kept": self.revenue_kept.to_json(),
            "monthly_revenue_kept": self.monthly_revenue_kept.to_json(),
            "word_of_mouth_avoided": self.word_of_mouth_avoided.to_json(0),
            "intervals": {"computed": self.intervals, "bootstrap_replicates": self.n_replicates},
        }


@dataclass(frozen=True)
class Scenario:
    """Everything a consultant sets for one scenario: the levers, the horizon, the value of a
    customer-month (None: each customer's ``monthly_revenue``) and the word-of-mouth assumptions.
    Hashable (a page caches its projection on it); :meth:`to_json` / :meth:`from_json` keep it
    in the database and read it back validated."""

    levers: Levers = field(default_factory=Levers)
    horizon_months: int = 12
    value_per_month: float | None = None
    word_of_mouth: WordOfMouth = field(default_factory=WordOfMouth)

    def __post_init__(self) -> None:
        h = self.horizon_months
        if isinstance(h, bool) or not isinstance(h, int | np.integer) or not 1 <= h <= MAX_HORIZON_MONTHS:
            raise ValueError(
                f"The horizon must be a number of months in [1, {MAX_HORIZON_MONTHS}]. Got {h!r} instead."
            )
        v = self.value_per_month
        if v is not None and not (isinstance(v, int | float) and np.isfinite(v) and v >= 0):
            raise ValueError(f"The value of a customer-month must be a number >= 0. Got {v!r} instead.")

    def to_json(self) -> dict:
        return {
            "levers": self.levers.to_json(),
            "horizon_months": int(self.horizon_months),
            "value_per_month": self.value_per_month,
            "word_of_mouth": {
                "people_told": self.word_of_mouth.people_told,
                "share_posting": self.word_of_mouth.share_posting,
                "post_reach": self.word_of_mouth.post_reach,
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Scenario:
        """The scenario :meth:`to_json` wrote, validated as if typed again (names, fractions)."""
        lv = data.get("levers") or {}
        wom = data.get("word_of_mouth") or {}
        value = data.get("value_per_month")
        return cls(
            levers=Levers.of(reduce=lv.get("reduce"), recovery=lv.get("recovery"), presets=lv.get("presets")),
            horizon_months=int(data.get("horizon_months", 12)),
            value_per_month=None if value is None else float(value),
            word_of_mouth=WordOfMouth(**{k: float(v) for k, v in wom.items()}),
        )

    def project(self, engine: ScenarioEngine, *, intervals: bool = True) -> Projection:
        """This scenario on ``engine`` (fitted with a horizon of at least this one's)."""
        return engine.project(
            self.levers,
            intervals=intervals,
            horizon_months=self.horizon_months,
            word_of_mouth=self.word_of_mouth,
            value_per_month=self.value_per_month,
        )


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------
@dataclass
class _Status:
    """Per atom (one subtype of one failure): kept, recovered."""

    kept: np.ndarray
    rec: np.ndarray


class ScenarioEngine(Estimator):
    """Forward projection of churn from the as-of date under levers (see the module docstring).

    Parameters
    ----------
    horizon_months:
        Months projected (int in [1, 24]; default 12). The future is always drawn for 24 months,
        so a shorter horizon is the start of a longer one (same draws).
    seed:
        Seed of the drawn future.
    alpha:
        1 − confidence level of the intervals.
    interval_customers:
        Most customers recomputed under every bootstrap replicate for an interval (default 2,000);
        when the levers change more, a fixed random sample of this many is recomputed and scaled
        by the ratio of the point estimates (the baseline's replicates likewise, on ten times as
        many). What varies between replicates is the hazard ratios, which all customers share, so
        the sample's relative spread is the population's: on a 12,000-customer world the interval
        ends moved by at most 0.3 % against recomputing every customer. Keeps an interval under a
        second at 100,000 customers.
    min_paths:
        Fewest customer futures drawn (default 20,000): with fewer active customers, each one's
        future is drawn ⌈min_paths / customers⌉ times and the copies averaged, so that the drawn
        future's own noise (a few percent of a lever's effect at 10,000 customers with one draw)
        stays small beside the model's uncertainty. From 20,000 customers on, one draw.

    Fitted attributes
    -----------------
    customers_ : int — customers active at the as-of date.
    as_of_ : date.
    future_failures_ : int — failures drawn over the horizon (before any lever; per drawn future).
    copies_ : int — futures drawn per customer (see ``min_paths``).
    baseline_ : Projection — the projection with no lever (point estimate).
    prepare_seconds_ : float — time the fit took (drawing the future, laying the paths out).
    """

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {
        "horizon_months": [Interval(int, 1, MAX_HORIZON_MONTHS)],
        "seed": [Interval(int, 0, None)],
        "alpha": [ALPHA],
        "interval_customers": [Interval(int, 100, None)],
        "min_paths": [Interval(int, 1, None)],
    }

    def __init__(
        self,
        horizon_months: int = 12,
        seed: int = 0,
        alpha: float = 0.05,
        interval_customers: int = 2000,
        min_paths: int = 20_000,
    ) -> None:
        self.horizon_months = horizon_months
        self.seed = seed
        self.alpha = alpha
        self.interval_customers = interval_customers
        self.min_paths = min_paths

    # -- fit: the future, drawn once ---------------------------------------------------------------
    def fit(self, attribution: ChurnAttribution, active: ActiveCustomers) -> ScenarioEngine:
        """Draw the active customers' future and lay out their hazard paths.

        Parameters
        ----------
        attribution:
            A fitted :class:`ChurnAttribution` (its model, contact model, mix of failures and
            recoveries, and bootstrap replicates).
        active:
            :func:`analytics.periods.active_at` for the same store and scope.
        """
        t0 = time.perf_counter()
        self._validate_params()
        attribution._check_fitted("ScenarioEngine.fit")
        if not isinstance(active, ActiveCustomers):
            raise ValueError(
                "active must be analytics.periods.active_at(store, scope): the customers active at the as-of date."
            )
        for name in ("window_days", "exposure_lag_days"):
            if float(getattr(active, name)) != float(getattr(attribution, name)):
                raise ValueError(
                    f"The active customers were read with {name}={getattr(active, name)} but the attribution "
                    f"was fitted with {name}={getattr(attribution, name)}: build both from the same scope."
                )
        if len(active) == 0:
            raise ValueError(
                f"No customer is active on {active.as_of}: there is nobody to project. Choose an earlier as-of date."
            )
        self._attr = attribution
        self.as_of_ = active.as_of
        rng = np.random.default_rng(self.seed)
        real = active.customers.reset_index(drop=True)
        self.customers_ = len(real)
        # A small customer base is followed along several drawn futures (copies of each customer,
        # each weighing 1/copies), so that the noise of the drawn future stays small beside the
        # model's uncertainty; from min_paths customers on, one.
        copies = max(1, int(np.ceil(self.min_paths / len(real))))
        self.copies_ = copies
        self._weight = 1.0 / copies
        cust = real.iloc[np.tile(np.arange(len(real)), copies)].reset_index(drop=True)
        n = len(cust)
        self._n = n  # customer futures followed (customers × copies)
        self._months = int(self.horizon_months)
        horizon = self._months * MONTH_DAYS
        lag, window = float(attribution.exposure_lag_days), float(attribution.window_days)

        # customers
        seg, plan = attribution.static_codes(cust)
        tenure0 = cust["tenure"].to_numpy(float)
        revenue = pd.to_numeric(cust["monthly_revenue"], errors="coerce")
        self.revenue_known_ = int(revenue.notna().sum()) // copies
        self._revenue = revenue.fillna(0.0).to_numpy(float)
        cm = attribution.contact_model_
        rate = rng.gamma(
            cm.shape + cust["contacts"].to_numpy(float), 1.0 / (cm.rate + cust["days"].to_numpy(float))
        )

        # future contacts over the longest horizon, then the failures among them
        span = MAX_HORIZON_MONTHS * MONTH_DAYS
        n_contacts = rng.poisson(rate * span)
        c_cust = np.repeat(np.arange(n), n_contacts)
        c_time = rng.random(c_cust.size) * span
        types, type_p = self._failure_types(attribution)
        kind = rng.choice(types.size, size=c_cust.size, p=type_p)
        u_impute = rng.random((c_cust.size, len(FAMILIES)))
        u1 = rng.random(c_cust.size)
        u2 = rng.random(c_cust.size)
        is_fail = types[kind] > 0
        within = c_time < horizon
        pick = np.flatnonzero(is_fail & within)
        f_cust, f_time = c_cust[pick], c_time[pick]
        f_mask = self._impute(types[kind][pick], u_impute[pick], attribution)
        f_u1, f_u2 = u1[pick], u2[pick]
        self._sample_key = rng.random(n)  # which customers an interval recomputes when too many change
        self.future_failures_ = round(pick.size / copies)
        self.future_contacts_ = round(int(within.sum()) / copies)

        # the window's failures still exposing customers at the as-of date
        past = active.failures
        cidx = pd.Index(real["customer_id"]).get_indexer(past["customer_id"])
        ok = cidx >= 0
        p_cust = (cidx[ok][None, :] + len(real) * np.arange(copies)[:, None]).ravel()
        p_on = np.tile(past["on"].to_numpy(float)[ok], copies) - tenure0[p_cust]
        p_off = np.tile(past["off"].to_numpy(float)[ok], copies) - tenure0[p_cust]
        p_mask = np.tile(past["smask"].to_numpy(np.int64)[ok], copies)
        p_rec = np.tile(past["recovered"].to_numpy(np.int64)[ok] == 1, copies)

        # failures (past first, then future) and their atoms (one per subtype slot)
        n_past = p_cust.size
        fl_cust = np.r_[p_cust, f_cust]
        fl_on = np.r_[p_on, f_time + lag]
        fl_off = np.r_[p_off, f_time + lag + window]
        fl_mask = np.r_[p_mask, f_mask]
        # past failures are not touched by the levers: never thinned, recovery as it was
        fl_u1 = np.r_[np.full(n_past, 2.0), f_u1]
        fl_u2 = np.r_[np.where(p_rec, -1.0, 2.0), f_u2]
        fl_fam = _lowest_family(fl_mask)
        a_fail, a_slot = _kernels().split_atoms(fl_mask, N_SLOTS)
        self._a_slot = a_slot
        self._a_bit = np.int64(1) << a_slot
        self._a_u1 = fl_u1[a_fail]
        self._a_u2 = fl_u2[a_fail]
        self._a_fam = fl_fam[a_fail]
        self._p0 = attribution.recovery_rate_.reindex(list(FAMILIES)).fillna(0.0).to_numpy(float)

        # pieces: cut at 0, month ends, tenure bands, exposure starts and ends, the horizon
        bands = np.asarray(attribution.bands, dtype=float)
        pts_c = [np.arange(n), np.arange(n)]
        pts_t = [np.zeros(n), np.full(n, horizon)]
        for m in range(1, self._months):
            pts_c.append(np.arange(n))
            pts_t.append(np.full(n, m * MONTH_DAYS))
        for b in bands:
            t = b - tenure0
            ok = (t > 0) & (t < horizon)
            pts_c.append(np.flatnonzero(ok))
            pts_t.append(t[ok])
        for edge in (fl_on, fl_off):
            ok = (edge > 0) & (edge < horizon)
            pts_c.append(fl_cust[ok])
            pts_t.append(edge[ok])
        pc, pt = np.concatenate(pts_c), np.concatenate(pts_t)
        pc, pt = _kernels().sort_cuts(pc, pt, n)
        same = pc[1:] == pc[:-1]
        a, b_, c = pt[:-1][same], pt[1:][same], pc[:-1][same]
        keep = b_ - a > 1e-9
        a, length, c = a[keep], (b_ - a)[keep], c[keep]
        month = np.minimum((a / MONTH_DAYS + 1e-9).astype(np.int64), self._months - 1)
        band = np.searchsorted(bands, tenure0[c] + a + 1e-9, side="right")
        nseg, nplan = len(attribution.seg_levels_), len(attribution.plan_levels_)
        self._p_cust = c
        self._p_cell = c * self._months + month
        self._p_static = (band * nseg + seg[c]) * nplan + plan[c]
        self._p_len = length

        # memberships: which atoms expose the customer on which pieces
        # a failure exposes the pieces starting in [on, off): one search over (customer, start) keys
        stride = horizon + 10.0
        key = c * stride + a
        lo = np.searchsorted(key, fl_cust * stride + np.clip(fl_on, -5.0, horizon + 5.0) - 1e-6, "left")
        hi = np.searchsorted(key, fl_cust * stride + np.clip(fl_off, -5.0, horizon + 5.0) - 1e-6, "left")
        # each atom exposes its failure's pieces a_lo:a_hi; by piece, m_ptr / m_atom (CSR style)
        self._a_lo, self._a_hi = lo[a_fail], np.maximum(hi, lo)[a_fail]
        self._m_ptr, self._m_atom = _kernels().memberships_by_piece(self._a_lo, self._a_hi, c.size)
        self._months_of = month

        # The baseline: every piece as a pattern (static, m, mR, mU), the cells × patterns matrix
        # of days, and each pattern's rate under the fitted model and under every replicate.
        self._status0 = self._status(Levers())
        masks0 = self._masks(self._status0, np.arange(c.size))
        self._pid0, self._patterns0 = _factorize_patterns(self._p_static, *masks0)
        n_cells = n * self._months
        self._A0 = sparse.csr_matrix(
            (length, (self._p_cell, self._pid0)), shape=(n_cells, self._patterns0.shape[0])
        )
        self._replicates = attribution.bootstrap_beta_
        self._point_tables = self._tables(attribution.rate_tables())
        self._lam0 = self._rates(self._point_tables, self._patterns0)
        self._c0 = length * self._lam0[self._pid0]
        # the point model's factors, for a lever move's pieces: static rate, hazard ratio of a family's
        # failures (unrecovered; all recovered: the recovery's effect added, never below none)
        static, tables, offsets, sizes, beta_rec = _flat_tables(self._point_tables)
        self._exp_tables = (
            np.exp(static), np.exp(tables), np.exp(np.maximum(tables + beta_rec, 0.0)), offsets, sizes
        )  # fmt: skip
        self._H0 = (self._A0 @ self._lam0).reshape(n, self._months)
        self._S0 = np.exp(-np.cumsum(self._H0, axis=1))
        self._base_curve = (1.0 - self._S0).sum(axis=0) * self._weight
        self._rep_tables = None
        self._last_point = None
        # single precision for the products under every replicate (the point path keeps double):
        # a float64 matrix would have scipy copy the patterns × replicates rates to double each time
        self._A0_32 = self._A0.astype(np.float32)
        # rows filled on first use (:meth:`_rep_rates`): the replicates only ever read the patterns of
        # the customers they recompute (the baseline's sample, a move's changed customers)
        self._rep_row = np.full(self._patterns0.shape[0], -1, dtype=np.int64)
        self._rep_store = np.empty((0, self._replicates.shape[0]), dtype=np.float32)
        self._rep_n = 0
        self._base_reps = self._baseline_replicates()
        self.prepare_seconds_ = time.perf_counter() - t0
        self._is_fitted = True
        self.baseline_ = self.project(Levers())
        return self

    @staticmethod
    def _failure_types(attribution: ChurnAttribution) -> tuple[np.ndarray, np.ndarray]:
        """Contact types (subtype masks; 0 = ordinary) and their probabilities, recovery pooled."""
        cm = attribution.contact_model_
        frame = pd.DataFrame({"smask": cm.type_smask, "p": cm.type_prob}).groupby("smask")["p"].sum()
        return frame.index.to_numpy(np.int64), (frame / frame.sum()).to_numpy(float)

    @staticmethod
    def _impute(masks: np.ndarray, u: np.ndarray, attribution: ChurnAttribution) -> np.ndarray:
        """A failure coded with its family only gets a subtype from its family's known mix."""
        out = masks.copy()
        counts = attribution.slot_failures_.to_numpy(float)
        for f, fam in enumerate(FAMILIES):
            bit = UNSPECIFIED_BIT[fam]
            named = [k for k in _NAMED_SLOTS if SLOT_FAMILY[k] == f and counts[k] > 0]
            hit = (out & bit) != 0
            if not named or not hit.any():
                continue
            cdf = np.cumsum(counts[named]) / counts[named].sum()
            slot = np.asarray(named)[
                np.minimum(np.searchsorted(cdf, u[hit, f], side="right"), len(named) - 1)
            ]
            out[hit] = (out[hit] & ~bit) | (np.int64(1) << slot)
        return out

    # -- what a page offers ----------------------------------------------------------------------
    @property
    def recovery_rate_now(self) -> pd.Series:
        """The current share of failures recovered, by family (the recovery levers' starting point)."""
        self._check_fitted("recovery_rate_now")
        return pd.Series(self._p0, index=list(FAMILIES), name="recovery_rate")

    def subtypes_seen(self) -> dict[str, list[str]]:
        """Per family, the named subtypes with failures in the data (the ones a lever can act on),
        in the taxonomy's order."""
        self._check_fitted("subtypes_seen")
        counts = self._attr.slot_failures_.to_numpy(float)
        return {
            fam: [SLOT_NAMES[k] for k in _NAMED_SLOTS if SLOT_FAMILY[k] == f and counts[k] > 0]
            for f, fam in enumerate(FAMILIES)
        }

    # -- levers -> atom status -> piece masks ---------------------------------------------------
    def _status(self, levers: Levers) -> _Status:
        q = levers.removal()
        target = np.maximum(self._p0, levers.recovery_targets())
        return _Status(kept=self._a_u1 >= q[self._a_slot], rec=self._a_u2 < target[self._a_fam])

    def _masks(self, status: _Status, pieces: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(m, mU) of the given pieces: the subtype bits of the failures exposing the customer, and
        of the unrecovered ones."""
        return _kernels().piece_masks(self._m_ptr, self._m_atom, pieces, status.kept, status.rec, self._a_bit)

    # -- hazard -------------------------------------------------------------------------------------
    @staticmethod
    def _tables(rt: RateTables) -> tuple[np.ndarray, list[np.ndarray], float]:
        """The projection's look-up tables of one set of coefficients: the static log rate, the
        monotone family tables and the recovery effect clamped at ≤ 0."""
        return rt.static_log.reshape(-1), rt.family_tables(monotone=True), min(rt.recovered, 0.0)

    @staticmethod
    def _log_hr(tables, m, mu) -> np.ndarray:
        """Log hazard ratio of the failures: per family, its (monotone) table value, plus the
        recovery's when all of its exposing failures were recovered, never below 0."""
        _, fam, beta_rec = tables
        out = np.zeros(m.shape)
        for f, table in enumerate(fam):
            size = table.size - 1
            mf = (m >> _FAMILY_SHIFT[f]) & size
            value = table[mf]
            recovered = (mf != 0) & (((mu >> _FAMILY_SHIFT[f]) & size) == 0)
            out += np.where(recovered, np.maximum(value + beta_rec, 0.0), value)
        return out

    def _rates(self, tables, patterns: np.ndarray) -> np.ndarray:
        """Hazard per day of each (static, m, mU) pattern."""
        return np.exp(tables[0][patterns[:, 0]] + self._log_hr(tables, patterns[:, 1], patterns[:, 2]))

    # -- a lever move: only the pieces whose failures changed ------------------------------------
    def _local_cells(self, pieces: np.ndarray, customers: np.ndarray) -> np.ndarray:
        """Cell index of each piece among the given customers' cells (customers × months)."""
        local = np.empty(self._n, dtype=np.int64)
        local[customers] = np.arange(customers.size)
        return local[self._p_cust[pieces]] * self._months + self._months_of[pieces]

    def _point(self, levers: Levers, months: int):
        """The customers the levers change within ``months`` and the survival they gain by month
        end (customers × months), with the changed pieces and the atoms' status; the last move's
        answer is kept, so that its interval, asked for a moment later, does not compute it again."""
        last = self._last_point
        if last is not None and last[0] == (levers, months):
            return last[1]
        status = self._status(levers)
        s0 = self._status0
        atoms = np.flatnonzero((status.kept != s0.kept) | (status.rec != s0.rec))
        exp_static, exp_plain, exp_recovered, offsets, sizes = self._exp_tables
        pieces, customers, delta = _kernels().changed_hazard(
            atoms, self._a_lo, self._a_hi, self._m_ptr, self._m_atom, status.kept, status.rec, self._a_bit,
            self._p_cust, self._months_of, self._p_static, self._p_len, self._c0,
            exp_static, exp_plain, exp_recovered, offsets, _FAMILY_SHIFT, sizes, self._n, self._months, months,
        )  # fmt: skip
        gained = np.exp(-np.cumsum(self._H0[customers] + delta, axis=1)) - self._S0[customers]
        out = customers, gained, pieces, status
        self._last_point = ((levers, months), out)
        return out

    def project(
        self,
        levers: Levers | None = None,
        *,
        intervals: bool = False,
        horizon_months: int | None = None,
        word_of_mouth: WordOfMouth | None = None,
        value_per_month: float | None = None,
    ) -> Projection:
        """The projection under ``levers`` (default: none), with intervals when asked
        (:meth:`point` and :meth:`interval` are the two halves).

        ``horizon_months`` (≤ the engine's) reads a shorter horizon from the same paths.
        ``value_per_month``: the value of a customer-month (None: each customer's monthly revenue).
        """
        self._check_fitted("project")
        t0 = time.perf_counter()
        levers = levers or Levers()
        wom = word_of_mouth or WordOfMouth()
        months = self._months if horizon_months is None else int(horizon_months)
        if not 1 <= months <= self._months:
            raise ValueError(
                f"The horizon must be an int in [1, {self._months}] months for this engine (fitted with "
                f"horizon_months={self._months}). Got {horizon_months!r} instead."
            )
        if value_per_month is not None and not (np.isfinite(value_per_month) and value_per_month >= 0):
            raise ValueError(
                f"The value of a customer-month must be a number >= 0. Got {value_per_month!r} instead."
            )
        changed, gained, pieces, status = self._point(levers, months)
        rev = self._revenue[changed]
        per = rev if value_per_month is None else np.full(rev.shape, float(value_per_month))
        k = months - 1
        w = self._weight
        curves = {"baseline": self._base_curve}
        curves.update((key, v * w) for key, v in self._point_figures(gained, per).items())
        curves["scenario"] = curves["baseline"] - curves["avoided"]
        lows: dict[str, np.ndarray] = {}
        highs: dict[str, np.ndarray] = {}
        n_reps = 0
        if intervals and self._replicates.shape[0] > 0:
            reps = self._replicate_figures(changed, pieces, status, per, gained)
            n_reps = reps["baseline"].shape[0]
            lo_q, hi_q = 100 * self.alpha / 2, 100 * (1 - self.alpha / 2)
            for key, values in reps.items():
                lows[key] = np.percentile(values, lo_q, axis=0)
                highs[key] = np.percentile(values, hi_q, axis=0)

        def est(key: str) -> Estimate:
            if key in lows:
                return Estimate(float(curves[key][k]), float(lows[key][k]), float(highs[key][k]))
            return Estimate(float(curves[key][k]))

        churn_avoided = est("avoided")
        return Projection(
            as_of=self.as_of_,
            horizon_months=months,
            customers_active=self.customers_,
            levers=levers,
            word_of_mouth=wom,
            value_per_month=value_per_month,
            baseline_churn=est("baseline"),
            scenario_churn=est("scenario"),
            churn_avoided=churn_avoided,
            revenue_kept=est("revenue"),
            monthly_revenue_kept=est("monthly"),
            word_of_mouth_avoided=churn_avoided.scaled(wom.people_per_customer),
            curve=self._curve(curves, lows, highs, months),
            assumptions=self._assumptions(levers, wom, value_per_month, months),
            intervals=bool(lows),
            n_replicates=n_reps,
            revenue_known=self.revenue_known_,
            seconds=time.perf_counter() - t0,
        )

    def point(self, levers: Levers | None = None, **kw) -> Projection:
        """The point estimate only (milliseconds): what a slider shows at once."""
        return self.project(levers, intervals=False, **kw)

    def interval(self, levers: Levers | None = None, **kw) -> Projection:
        """The projection with its 95 % intervals from the bootstrap replicates (about a second
        at 100,000 customers): what a slider shows a moment later."""
        return self.project(levers, intervals=True, **kw)

    # -- intervals ----------------------------------------------------------------------------
    def _replicate_tables(self) -> tuple:
        """Every replicate's look-up tables in single precision, as
        :func:`models.scenario_kernels.replicate_log_rates` reads them (replicates last): the static
        log rates, the families' monotone tables end to end with their offsets and bit masks, and
        the recovery effect clamped at ≤ 0."""
        if self._rep_tables is None:
            each = [_flat_tables(self._tables(self._attr.rate_tables(beta))) for beta in self._replicates]
            static = np.ascontiguousarray(np.stack([e[0] for e in each], axis=1), dtype=np.float32)
            tables = np.ascontiguousarray(np.stack([e[1] for e in each], axis=1), dtype=np.float32)
            rec = np.array([e[4] for e in each], dtype=np.float32)
            self._rep_tables = (static, tables, each[0][2], each[0][3], rec)
        return self._rep_tables

    def _rep_rates(self, a0: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
        """``a0`` (cells × baseline patterns) with its columns renumbered to the rows of the kept
        rates of the baseline patterns under every replicate, and those rates: computed on first
        use, kept for the next (about a third of the patterns at 100,000 customers are ever read,
        so only those are stored)."""
        need = np.unique(a0.indices)
        need = need[self._rep_row[need] < 0]
        if need.size:
            rates = self._pattern_rates(self._patterns0[need])
            n = self._rep_n
            if n + need.size > self._rep_store.shape[0]:  # room for a quarter more: few copies
                grown = np.empty((int(1.25 * (n + need.size)), rates.shape[1]), np.float32)
                grown[:n] = self._rep_store[:n]
                self._rep_store = grown
            self._rep_store[n : n + need.size] = rates
            self._rep_row[need] = np.arange(n, n + need.size)
            self._rep_n = n + need.size
        local = sparse.csr_matrix(
            (a0.data, self._rep_row[a0.indices], a0.indptr), shape=(a0.shape[0], self._rep_n)
        )
        return local, self._rep_store[: self._rep_n]

    def _pattern_rates(self, patterns: np.ndarray) -> np.ndarray:
        """Hazard per day of each pattern under every replicate (patterns × replicates), in single
        precision (the replicates only feed percentiles): the same arithmetic as :meth:`_rates`,
        every replicate at once."""
        static, tables, offsets, sizes, rec = self._replicate_tables()
        log = _kernels().replicate_log_rates(
            np.ascontiguousarray(patterns, np.int64), static, tables, offsets, _FAMILY_SHIFT, sizes, rec
        )
        return np.exp(log, out=log)

    def _replicate_figures(self, changed, pieces, status, per, gained_point) -> dict[str, np.ndarray]:
        """Per bootstrap replicate (rows) and month (columns): baseline churn, scenario churn,
        churn avoided, revenue kept to that month and monthly revenue kept: the same paths under
        each replicate's coefficients, recomputing only the customers the levers change (their
        baseline through the stored cells × patterns matrix, the changed pieces as new patterns).

        When the levers change more than ``interval_customers`` customers, the replicates are
        computed on a fixed random sample of that many of them and scaled by the ratio of the
        point estimates (all changed customers / the sample), month by month: what varies between
        replicates is the hazard ratios, which every customer shares, so the sample's relative
        spread is the whole population's up to a small sampling error."""
        base = self._base_reps
        if changed.size == 0:
            zero = np.zeros_like(base)
            return {"baseline": base, "scenario": base, "avoided": zero, "revenue": zero, "monthly": zero}
        months = self._months
        scale = None
        if changed.size > self.interval_customers:
            rank = np.argsort(self._sample_key[changed], kind="stable")[: self.interval_customers]
            rows_kept = np.sort(rank)
            keep = np.zeros(self._n, dtype=bool)
            keep[changed[rows_kept]] = True
            sel = keep[self._p_cust[pieces]]
            point_all = self._point_figures(gained_point, per)
            point_sub = self._point_figures(gained_point[rows_kept], per[rows_kept])
            scale = {k: _ratio(point_all[k], point_sub[k]) for k in point_all}
            changed, per = changed[rows_kept], per[rows_kept]
            pieces = pieces[sel]
        masks = self._masks(status, pieces)
        rows = (changed[:, None] * months + np.arange(months)).ravel()
        a0 = self._A0_32[rows]
        a0, lam0 = self._rep_rates(a0)  # the changed customers' pieces: a_old's columns among them
        h0 = (a0 @ lam0).reshape(changed.size, months, -1)
        pid, patterns = _factorize_patterns(self._p_static[pieces], *masks)
        cells = self._local_cells(pieces, changed)
        shape = (changed.size * months, patterns.shape[0])
        days = self._p_len[pieces].astype(np.float32)  # single, as the rates: no copy to double
        a_new = sparse.csr_matrix((days, (cells, pid)), shape=shape)
        a_old = sparse.csr_matrix(
            (days, (cells, self._rep_row[self._pid0[pieces]])), shape=(shape[0], lam0.shape[0])
        )
        delta = (a_new @ self._pattern_rates(patterns) - a_old @ lam0).reshape(changed.size, months, -1)
        h0 = _cumsum_months(h0)
        s0 = np.exp(-h0)
        gained = np.exp(-(h0 + _cumsum_months(delta))) - s0  # customers × months × replicates
        prev = np.concatenate([np.zeros_like(gained[:, :1, :]), gained[:, :-1, :]], axis=1)
        figures = {
            "avoided": gained.sum(axis=0).T,
            "revenue": np.einsum("i,imr->rm", per, 0.5 * (prev + gained)).cumsum(axis=1),
            "monthly": np.einsum("i,imr->rm", per, gained),
        }
        if scale is not None:
            figures = {k: v * scale[k][None, :] for k, v in figures.items()}
        figures = {k: v * self._weight for k, v in figures.items()}
        return {"baseline": base, "scenario": base - figures["avoided"], **figures}

    @staticmethod
    def _point_figures(gained: np.ndarray, per: np.ndarray) -> dict[str, np.ndarray]:
        """Churn avoided, revenue kept (cumulative) and monthly revenue kept by month, from the
        survival gained by some customers (customers × months): the revenue of month m is that of
        the months alive gained, the trapezoid between its ends (survival gained 0 at the start)."""
        monthly = per @ gained
        return {
            "avoided": gained.sum(axis=0),
            "revenue": (0.5 * (np.concatenate(([0.0], monthly[:-1])) + monthly)).cumsum(),
            "monthly": monthly,
        }

    def _baseline_replicates(self) -> np.ndarray:
        """Baseline churn by month end under each replicate (replicates × months): on a fixed
        random sample of at most ``10 × interval_customers`` customers, scaled month by month by
        the ratio of the point estimates (all customers / the sample), as :meth:`_replicate_figures`
        does for the changed customers."""
        reps = self._replicates.shape[0]
        total = np.zeros((reps, self._months))
        if reps == 0:
            return total
        months = self._months
        size = min(self._n, 10 * self.interval_customers)
        sample = np.sort(np.argsort(self._sample_key, kind="stable")[:size])
        a0, lam0 = self._rep_rates(self._A0_32[(sample[:, None] * months + np.arange(months)).ravel()])
        start = 0
        for chunk in np.array_split(sample, max(1, sample.size // 2000)):
            rows = a0[start * months : (start + chunk.size) * months]
            start += chunk.size
            h = _cumsum_months((rows @ lam0).reshape(chunk.size, months, reps))
            total += (-np.expm1(-h)).sum(axis=0).T
        point_sample = (1.0 - self._S0[sample]).sum(axis=0) * self._weight
        return total * self._weight * _ratio(self._base_curve, point_sample)[None, :]

    # -- presentation ---------------------------------------------------------------------------
    def _curve(self, curves, lows, highs, months) -> pd.DataFrame:
        rows = []
        for world in ("baseline", "scenario", "avoided"):
            values = curves[world]
            lo = lows.get(world)
            hi = highs.get(world)
            rows.append(
                pd.DataFrame(
                    {
                        "month": np.arange(0, months + 1),
                        "world": world,
                        "churn": np.r_[0.0, values[:months]],
                        "low": np.r_[0.0, lo[:months]] if lo is not None else np.nan,
                        "high": np.r_[0.0, hi[:months]] if hi is not None else np.nan,
                    }
                )
            )
        out = pd.concat(rows, ignore_index=True)
        out["customers"] = np.where(out["world"] == "avoided", np.nan, self.customers_ - out["churn"])
        return out

    def _assumptions(self, levers: Levers, wom: WordOfMouth, value: float | None, months: int) -> dict:
        attr = self._attr
        return {
            "word_of_mouth": wom.to_json(),
            "value_per_customer_month": "monthly_revenue" if value is None else value,
            "customers_with_revenue": self.revenue_known_,
            "recovery_rate_now": {f: round(float(p), 4) for f, p in zip(FAMILIES, self._p0)},
            "failures_per_contact_now": round(attr.contact_model_.failure_share, 4),
            "contacts_drawn": self.future_contacts_,
            "failures_drawn": self.future_failures_,
            "futures_drawn_per_customer": self.copies_,
            "removal_by_subtype": {
                SLOT_NAMES[k]: round(float(q), 4) for k, q in enumerate(levers.removal()) if q > 0
            },
            "statements": [
                "Contacts continue at each customer's own rate (shrunk towards the population's), with "
                "the current mix of failure subtypes and recovery rates; levers act on contacts after "
                "the as-of date only.",
                "Failures recorded with their family only are taken to be of its subtypes in the "
                "proportions seen where the subtype is known.",
                "A failure never lowers the hazard and a recovery never raises it: an estimated subtype "
                "hazard ratio below 1 counts as 1, a recovery hazard ratio above 1 counts as 1, and a "
                "milder subtype never lowers the effect of another of its family (in the projection only).",
                "A recovery softens its own family's failures, and a recovered family of failures is never "
                "better than none: avoiding a failure never raises churn (in the projection only).",
                "Intervals are for the expected number (the model's uncertainty, by bootstrap); the "
                "realised number also varies by chance.",
                f"Bad word of mouth: each customer kept would have told {wom.people_told:g} people, and "
                f"{wom.share_posting:.0%} of them posted a complaint reaching {wom.post_reach:,.0f}.",
            ],
            "horizon_months": months,
        }

    def lever_values(
        self,
        step: float = 0.1,
        *,
        intervals: bool = False,
        horizon_months: int | None = None,
        value_per_month: float | None = None,
    ) -> pd.DataFrame:
        """The value of each lever: churn avoided when it moves by ``step`` (10 points), alone,
        over ``horizon_months`` (default the engine's), revenue valued at ``value_per_month`` a
        customer-month (default each customer's monthly revenue).

        Rows: every family, every named subtype with failures in the data, every preset, recovery
        of all failures and of each family (target = the current rate + ``step``). Columns:
        ``lever``, ``kind``, ``label_en``, ``label_es``, ``churn_avoided`` (with ``low``/``high``
        when ``intervals``), ``revenue_kept``; ranked by churn avoided.
        """
        self._check_fitted("lever_values")
        step = _fraction("step", "step", step)
        counts = self._attr.slot_failures_
        rows: list[tuple[str, str, str, str, Levers]] = []
        for f in FAMILIES:
            rows.append(
                (f, "family", FAMILY_LABELS[f]["en"], FAMILY_LABELS[f]["es"], Levers.of(reduce={f: step}))
            )
        for k in _NAMED_SLOTS:
            key = SLOT_NAMES[k]
            if counts.iloc[k] > 0:
                sub = SUBTYPES_BY_KEY[key]
                rows.append((key, "subtype", sub.label_en, sub.label_es, Levers.of(reduce={key: step})))
        for p in PRESETS:
            rows.append((p.key, "preset", p.label_en, p.label_es, Levers.of(presets={p.key: step})))
        rec_all = {f: min(1.0, p + step) for f, p in zip(FAMILIES, self._p0)}
        rows.append(
            (
                "recovery",
                "recovery",
                "Recovery, all failures",
                "Recuperación, todos los fallos",
                Levers.of(recovery=rec_all),
            )
        )
        for f, p in zip(FAMILIES, self._p0):
            rows.append(
                (
                    f"recovery:{f}",
                    "recovery",
                    f"Recovery, {FAMILY_LABELS[f]['en'].lower()}",
                    f"Recuperación, {FAMILY_LABELS[f]['es'].lower()}",
                    Levers.of(recovery={f: min(1.0, p + step)}),
                )
            )
        out = []
        for key, kind, en, es, lev in rows:
            pr = self.project(
                lev, intervals=intervals, horizon_months=horizon_months, value_per_month=value_per_month
            )
            out.append(
                {
                    "lever": key,
                    "kind": kind,
                    "label_en": en,
                    "label_es": es,
                    "churn_avoided": pr.churn_avoided.estimate,
                    "low": pr.churn_avoided.low,
                    "high": pr.churn_avoided.high,
                    "revenue_kept": pr.revenue_kept.estimate,
                }
            )
        frame = pd.DataFrame(out).sort_values("churn_avoided", ascending=False, kind="stable")
        return frame.reset_index(drop=True)


def _kernels():
    """:mod:`models.scenario_kernels`, imported on first use: numba takes about a second to import,
    which only the scenario engine should pay (not every page and command that imports this
    module for its levers and figures)."""
    from models import scenario_kernels

    return scenario_kernels


def _flat_tables(tables) -> tuple:
    """:meth:`ScenarioEngine._tables` as the compiled kernels read them: the
    static log rates, the families' tables end to end with their offsets and bit masks, and the
    recovery effect."""
    static, fam, beta_rec = tables
    sizes = np.array([t.size - 1 for t in fam], dtype=np.int64)
    offsets = np.r_[0, np.cumsum([t.size for t in fam])[:-1]].astype(np.int64)
    return (
        np.ascontiguousarray(static, float),
        np.concatenate(fam).astype(float),
        offsets,
        sizes,
        float(beta_rec),
    )


def _factorize_patterns(static, m, mu) -> tuple[np.ndarray, np.ndarray]:
    """Pattern id of each piece and the distinct patterns (static, m, mU) as rows, by hashing one
    64-bit key (pd.factorize) rather than sorting."""
    pid, _ = pd.factorize((np.asarray(static, np.int64) << 50) | (m << 25) | mu)
    where = np.zeros(pid.max() + 1 if pid.size else 0, dtype=np.int64)
    where[pid[::-1]] = np.arange(pid.size)[::-1]  # first occurrence of each id
    patterns = np.stack([np.asarray(static)[where], m[where], mu[where]], axis=1).astype(np.int64)
    return pid.astype(np.int64), patterns


def _cumsum_months(h: np.ndarray) -> np.ndarray:
    """Cumulative sum over the months (axis 1 of customers × months × replicates), in place: month
    by month, each a contiguous block (numpy's cumsum along a middle axis is several times slower;
    the sums are the same, added in the same order)."""
    for m in range(1, h.shape[1]):
        h[:, m] += h[:, m - 1]
    return h


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b where b is not 0, else 1."""
    out = np.ones_like(a, dtype=float)
    ok = np.abs(b) > 1e-12
    out[ok] = a[ok] / b[ok]
    return out


def _lowest_family(masks: np.ndarray) -> np.ndarray:
    """Index of the first family with a bit in each subtype mask (a failure's recovery family)."""
    out = np.zeros(masks.shape, dtype=np.int64)
    found = np.zeros(masks.shape, dtype=bool)
    for f, fam in enumerate(FAMILIES):
        hit = ~found & ((masks & FAMILY_SLOT_MASK[fam]) != 0)
        out[hit] = f
        found |= hit
    return out


def _or_by(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Bitwise OR of ``values`` per group index (``group`` sorted), 0 where a group has none."""
    out = np.zeros(n, dtype=np.int64)
    if group.size == 0:
        return out
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    out[group[starts]] = np.bitwise_or.reduceat(values, starts)
    return out
