"""What the Scenarios page shows, as plain data: the page's result object, its headline tiles, the
tables of figures, levers and comparisons, and the assumptions written out in the interface's
language. Pure functions, no Streamlit (the page draws; ``dashboard/figures/scenarios.py`` charts;
``dashboard/scenario_brief.py`` writes the brief).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.saved_scenarios import load_scenarios, save_scenario
from analytics.scope import CONTACT_FILTERS, CUSTOMER_FILTERS, Scope
from analytics.store import Store
from analytics.taxonomy import FAMILIES, FAMILY_LABELS, PRESETS, SUBTYPES_BY_KEY
from dashboard import formatting as fmt
from dashboard.strings import t
from models.scenarios import MAX_HORIZON_MONTHS as MAX_HORIZON_MONTHS
from models.scenarios import Estimate, Levers, Projection, Scenario, WordOfMouth

FIGURES: tuple[str, ...] = (
    "baseline_churn",
    "scenario_churn",
    "churn_avoided",
    "revenue_kept",
    "monthly_revenue_kept",
    "word_of_mouth_avoided",
)
"""The projection's figures, in the order the CSV and the brief list them."""


@dataclass(frozen=True)
class ScenarioResult:
    """The page's one result object: the scenario asked for, its projection (with intervals), the
    ranked value of every lever at the same horizon and value, and what the sliders offer."""

    scenario: Scenario
    projection: Projection
    lever_table: pd.DataFrame
    subtypes_seen: dict[str, list[str]]
    recovery_now: pd.Series
    window_start: date
    window_end: date
    customers_fitted: int
    n_bootstrap: int
    window_days: int
    scope: Scope

    @property
    def customers(self) -> int:
        return self.projection.customers_active


ENGINE_HORIZONS: tuple[int, ...] = (12, MAX_HORIZON_MONTHS)
"""The horizons a page draws the future for (see :func:`engine_horizon`)."""


def engine_horizon(months: int) -> int:
    """The horizon of the drawn future that answers a projection over ``months``: 12 up to 12
    months (the default), else the longest. A shorter horizon reads the start of a longer engine's
    paths, with an engine's figures for it (the same changed customers, so the same interval), so
    moving the horizon slider draws the future at most twice, not once per month."""
    return next(h for h in ENGINE_HORIZONS if months <= h)


def scenario_result(
    report, engine, scenario: Scenario, projection=None, lever_table=None, scope=None
) -> ScenarioResult:
    """The page's result from an attribution ``report`` (:class:`models.report.AttributionReport`)
    and a fitted ``engine``; the projection and the ranked levers are computed when not given.
    ``scope``: the view's (default the report's)."""
    if projection is None:
        projection = scenario.project(engine)
    if lever_table is None:
        lever_table = engine.lever_values(
            horizon_months=scenario.horizon_months, value_per_month=scenario.value_per_month
        )
    return ScenarioResult(
        scenario=scenario,
        projection=projection,
        lever_table=lever_table,
        subtypes_seen=engine.subtypes_seen(),
        recovery_now=engine.recovery_rate_now,
        window_start=report.window.start,
        window_end=report.window.end,
        customers_fitted=report.customers,
        n_bootstrap=report.n_bootstrap,
        window_days=int(report.scope.window_days),
        scope=scope if scope is not None else report.scope,
    )


# -- numbers ----------------------------------------------------------------------------------------
def count(x: float, lang: str) -> str:
    """An expected number of customers: one decimal below 100 (a handful kept is not 0), whole above."""
    if fmt._missing(x):
        return fmt.DASH
    return fmt.number(x, lang, 1 if abs(float(x)) < 100 else 0)


def money(x: float, lang: str) -> str:
    """Revenue in the data's own currency (the data do not say which)."""
    return fmt.number(x, lang, 0)


def _interval(e: Estimate, lang: str, show=count) -> str:
    return t("scenarios.interval", lang, low=show(e.low, lang), high=show(e.high, lang))


def share_avoided(p: Projection) -> Estimate:
    """Churn avoided as a share of the expected churn (the interval's ends over the point baseline)."""
    base = p.baseline_churn.estimate
    if not base:
        return Estimate(0.0, 0.0, 0.0)
    return Estimate(p.churn_avoided.estimate / base, p.churn_avoided.low / base, p.churn_avoided.high / base)


def value_text(scenario: Scenario, lang: str) -> str:
    if scenario.value_per_month is None:
        return t("scenarios.value_own", lang)
    return t("scenarios.value_fixed", lang, value=fmt.number(scenario.value_per_month, lang, 2))


# -- the headline -----------------------------------------------------------------------------------
def headline(result: ScenarioResult, lang: str) -> str:
    p = result.projection
    if p.levers.is_zero:
        return t(
            "scenarios.no_lever",
            lang,
            base=count(p.baseline_churn.estimate, lang),
            customers=fmt.number(p.customers_active, lang),
            months=p.horizon_months,
        )
    a = p.churn_avoided
    return t(
        "scenarios.headline",
        lang,
        kept=count(a.estimate, lang),
        low=count(a.low, lang),
        high=count(a.high, lang),
        share=fmt.percent(share_avoided(p).estimate, lang),
        months=p.horizon_months,
    )


@dataclass(frozen=True)
class Headline:
    """One headline figure: label, value, its interval and a one-line explanation."""

    key: str
    label: str
    value: str
    interval: str
    note: str


def headline_figures(result: ScenarioResult, lang: str) -> list[Headline]:
    """Churn avoided (share of the expected churn), customers kept, revenue kept over the horizon
    and bad word of mouth avoided, each with its interval and a sentence saying what it is."""
    p, s = result.projection, result.scenario
    months = p.horizon_months
    share = share_avoided(p)
    wom = p.word_of_mouth
    people = lambda x, lang: fmt.number(x, lang, 0)  # noqa: E731
    return [
        Headline(
            "churn_avoided",
            t("scenarios.tile.churn_avoided", lang),
            fmt.percent(share.estimate, lang),
            t(
                "scenarios.interval",
                lang,
                low=fmt.percent(share.low, lang),
                high=fmt.percent(share.high, lang),
            ),
            t(
                "scenarios.tile.churn_avoided_note",
                lang,
                base=count(p.baseline_churn.estimate, lang),
                scenario=count(p.scenario_churn.estimate, lang),
                months=months,
            ),
        ),
        Headline(
            "customers_kept",
            t("scenarios.tile.customers_kept", lang),
            count(p.churn_avoided.estimate, lang),
            _interval(p.churn_avoided, lang),
            t("scenarios.tile.customers_kept_note", lang, months=months),
        ),
        Headline(
            "revenue_kept",
            t("scenarios.tile.revenue_kept", lang),
            money(p.revenue_kept.estimate, lang),
            _interval(p.revenue_kept, lang, money),
            t(
                "scenarios.tile.revenue_kept_note",
                lang,
                months=months,
                value=value_text(s, lang),
                monthly=money(p.monthly_revenue_kept.estimate, lang),
            ),
        ),
        Headline(
            "word_of_mouth",
            t("scenarios.tile.word_of_mouth", lang),
            people(p.word_of_mouth_avoided.estimate, lang),
            t(
                "scenarios.interval_people",
                lang,
                low=people(p.word_of_mouth_avoided.low, lang),
                high=people(p.word_of_mouth_avoided.high, lang),
            ),
            t("scenarios.tile.word_of_mouth_note", lang, per=fmt.number(wom.people_per_customer, lang, 0)),
        ),
    ]


# -- tables -----------------------------------------------------------------------------------------
def figures_frame(result: ScenarioResult, lang: str) -> pd.DataFrame:
    """Every figure of the projection with its interval (whole values: the CSV download)."""
    p = result.projection
    rows = [
        (t("scenarios.fig.customers_active", lang), float(p.customers_active), None, None),
        (t("scenarios.fig.horizon_months", lang), float(p.horizon_months), None, None),
    ]
    for key in FIGURES:
        e = getattr(p, key)
        rows.append((t(f"scenarios.fig.{key}", lang), e.estimate, e.low, e.high))
    share = share_avoided(p)
    pct = (100 * share.estimate, 100 * share.low, 100 * share.high)
    rows.insert(5, (t("scenarios.fig.churn_avoided_share", lang), *pct))
    return pd.DataFrame(
        rows,
        columns=[
            t("scenarios.col.figure", lang),
            t("scenarios.col.estimate", lang),
            t("scenarios.col.low", lang),
            t("scenarios.col.high", lang),
        ],
    )


def lever_label(row, lang: str) -> str:
    return row["label_es"] if lang == "es" else row["label_en"]


def lever_table(result: ScenarioResult, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The levers ranked by churn avoided per 10 points: rank, lever, kind, churn avoided, revenue
    kept (on screen: rounded; ``whole``: as computed, for the CSV)."""
    table = result.lever_table
    out = pd.DataFrame(
        {
            t("scenarios.col.rank", lang): range(1, len(table) + 1),
            t("scenarios.col.lever", lang): [lever_label(r, lang) for _, r in table.iterrows()],
            t("scenarios.col.kind", lang): [t(f"scenarios.kind.{k}", lang) for k in table["kind"]],
            t("scenarios.col.churn_avoided", lang): table["churn_avoided"].to_numpy(float),
            t("scenarios.col.revenue_kept", lang): table["revenue_kept"].to_numpy(float),
        }
    )
    if not whole:
        out[t("scenarios.col.churn_avoided", lang)] = out[t("scenarios.col.churn_avoided", lang)].round(1)
        out[t("scenarios.col.revenue_kept", lang)] = out[t("scenarios.col.revenue_kept", lang)].round(0)
    return out


def levers_text(scenario: Scenario, lang: str) -> list[str]:
    """The scenario's levers, one plain line each (``none`` when every lever is at zero)."""
    if scenario.levers.is_zero:
        return [t("scenarios.no_levers", lang)]
    return scenario.levers.describe(lang)


def recovery_rates_text(recovery_now: pd.Series, lang: str) -> str:
    return ", ".join(
        f"{FAMILY_LABELS[f][lang].lower()} {fmt.percent(recovery_now[f], lang, 0)}" for f in FAMILIES
    )


def assumptions(result: ScenarioResult, lang: str) -> list[str]:
    """The assumptions behind the figures, written out with their values in ``lang``."""
    p, s = result.projection, result.scenario
    a = p.assumptions
    wom = p.word_of_mouth
    return [
        t("scenarios.assume.contacts", lang, share=fmt.percent(a["failures_per_contact_now"], lang)),
        t("scenarios.assume.recovery", lang, rates=recovery_rates_text(result.recovery_now, lang)),
        t("scenarios.assume.subtypes", lang),
        t("scenarios.assume.monotone", lang),
        t("scenarios.assume.value", lang, value=value_text(s, lang)),
        t(
            "scenarios.assume.word_of_mouth",
            lang,
            told=fmt.number(wom.people_told, lang, 0),
            share=fmt.percent(wom.share_posting, lang, 1),
            reach=fmt.number(wom.post_reach, lang, 0),
            per=fmt.number(wom.people_per_customer, lang, 0),
        ),
        t("scenarios.assume.intervals", lang, n=fmt.number(result.n_bootstrap, lang)),
    ]


def comparison(rows: list[tuple[str, ScenarioResult, dict, object]], lang: str) -> pd.DataFrame:
    """Saved scenarios side by side: one column per scenario (its name), one row per figure.
    ``rows``: (name, result recomputed now, figures when saved, when saved)."""
    out = {}
    for name, result, saved, when in rows:
        p = result.projection
        a = p.churn_avoided
        share = share_avoided(p)
        then = (saved or {}).get("churn_avoided", {}).get("estimate")
        out[name] = [
            "; ".join(levers_text(result.scenario, lang)),
            str(p.horizon_months),
            count(p.baseline_churn.estimate, lang),
            f"{count(a.estimate, lang)} ({count(a.low, lang)}{fmt.DASH}{count(a.high, lang)})",
            fmt.percent(share.estimate, lang),
            f"{money(p.revenue_kept.estimate, lang)} "
            f"({money(p.revenue_kept.low, lang)}{fmt.DASH}{money(p.revenue_kept.high, lang)})",
            fmt.number(p.word_of_mouth_avoided.estimate, lang, 0),
            t("scenarios.row.saved_value", lang, when=fmt.day_time(when, lang), avoided=count(then, lang)),
        ]
    index = [
        t(f"scenarios.row.{k}", lang)
        for k in (
            "levers",
            "horizon",
            "baseline",
            "churn_avoided",
            "share",
            "revenue_kept",
            "word_of_mouth",
            "saved",
        )
    ]
    frame = pd.DataFrame(out, index=index)
    frame.index.name = t("scenarios.col.figure_row", lang)
    return frame.reset_index()


def saved_figures(result: ScenarioResult) -> dict:
    """What is kept with a saved scenario: the projection's JSON figures."""
    return result.projection.to_json()


# -- filters ----------------------------------------------------------------------------------------
def filter_notes(scope: Scope, lang: str) -> list[tuple[str, str]]:
    """What the page must say about the sidebar's filters: ("info", text) for customer filters
    (applied to the active customers), ("warning", text) for contact filters (not applicable)."""

    def named(keys) -> str:
        chosen = {k: v for k, v in scope.filters().items() if k in keys}
        return " · ".join(f"{t(f'filter.{k}', lang)}: {', '.join(v)}" for k, v in chosen.items())

    notes = []
    customer = named(CUSTOMER_FILTERS)
    if customer:
        notes.append(("info", t("scenarios.customer_filters", lang, filters=customer)))
    contact = named(CONTACT_FILTERS)
    if contact:
        notes.append(("warning", t("scenarios.contact_filters", lang, filters=contact)))
    return notes


# -- the widgets' state -> a scenario ---------------------------------------------------------------
KEY = "scn_"
"""Prefix of the Scenarios page's widget keys."""
HORIZON_KEY = f"{KEY}horizon"
RECOVERY_KEY = f"{KEY}recovery"
DEFAULTS = {"horizon": 12, "value": 50.0, "people_told": 9.0, "share_posting": 5.0, "post_reach": 1780.0}
"""Defaults of the inputs that are not levers (share_posting in percent, as the input shows it)."""


def slider_format(lang: str) -> str:
    """The percentage sliders' format (Spanish puts an unbreakable space before the sign)."""
    return "%d\u00a0%%" if lang == "es" else "%d%%"


def preset_key(preset: str) -> str:
    return f"{KEY}preset_{preset}"


def reduce_key(name: str) -> str:
    return f"{KEY}reduce_{name}"


def recovery_key(family: str) -> str:
    """The key of a family's own recovery target (the overall one is :data:`RECOVERY_KEY`)."""
    return f"{RECOVERY_KEY}_{family}"


def lever_keys(state: Mapping) -> list[str]:
    """The keys of every lever slider in ``state`` (what "reset" puts back to 0)."""
    return [k for k in state if str(k).startswith((f"{KEY}preset_", f"{KEY}reduce_", RECOVERY_KEY))]


def scenario_from_state(state: Mapping) -> Scenario:
    """The scenario the page's widgets describe (sliders in percent), validated by the engine's
    own rules. Missing keys are at their defaults (no lever moved, 12 months, own revenue)."""

    def pct(key: str) -> float:
        return float(state.get(key) or 0) / 100.0

    reduce = {str(k)[len(f"{KEY}reduce_") :]: pct(k) for k in state if str(k).startswith(f"{KEY}reduce_")}
    presets = {p.key: pct(preset_key(p.key)) for p in PRESETS}
    recovery = {"all": pct(RECOVERY_KEY), **{f: pct(recovery_key(f)) for f in FAMILIES}}
    own = state.get(f"{KEY}own_revenue", True)
    value = state.get(f"{KEY}value", DEFAULTS["value"])

    def num(name: str) -> float:
        v = state.get(f"{KEY}{name}")
        return float(DEFAULTS[name] if v is None else v)

    return Scenario(
        levers=Levers.of(
            reduce={k: v for k, v in reduce.items() if v > 0},
            presets={k: v for k, v in presets.items() if v > 0},
            recovery={k: v for k, v in recovery.items() if v > 0},
        ),
        horizon_months=int(state.get(HORIZON_KEY) or DEFAULTS["horizon"]),
        value_per_month=None if own else float(DEFAULTS["value"] if value is None else value),
        word_of_mouth=WordOfMouth(
            people_told=num("people_told"),
            share_posting=num("share_posting") / 100.0,
            post_reach=num("post_reach"),
        ),
    )


@dataclass(frozen=True)
class Slider:
    key: str
    label: str
    help: str | None = None


def preset_sliders(lang: str) -> list[Slider]:
    """One slider per named lever, its help the plain sentence and the subtypes it moves."""
    out = []
    for p in PRESETS:
        subs = ", ".join(SUBTYPES_BY_KEY[s].label(lang).lower() for s in p.subtypes)
        out.append(
            Slider(
                preset_key(p.key),
                p.label(lang),
                t("scenarios.preset_help", lang, sentence=p.sentence(lang), subtypes=subs),
            )
        )
    return out


def family_sliders(result: ScenarioResult, lang: str) -> list[tuple[str, Slider, list[Slider]]]:
    """Per family: its label, the family's slider, and under it its subtypes' sliders (those seen in
    the data) and the family's own recovery target (the last one)."""
    out = []
    for fam in FAMILIES:
        label = FAMILY_LABELS[fam][lang]
        whole = Slider(reduce_key(fam), t("scenarios.family_all", lang, family=label.lower()))
        subs = [
            Slider(reduce_key(s), SUBTYPES_BY_KEY[s].label(lang), t(f"subtype_help.{s}", lang))
            for s in result.subtypes_seen.get(fam, [])
        ]
        now = fmt.percent(result.recovery_now.get(fam, 0.0), lang, 0)
        subs.append(
            Slider(
                recovery_key(fam),
                t("scenarios.family_recovery", lang, family=label.lower()),
                t("scenarios.family_recovery_help", lang, now=now),
            )
        )
        out.append((label, whole, subs))
    return out


# -- saved scenarios --------------------------------------------------------------------------------
def save(store: Store, name: str, result: ScenarioResult, version: int) -> str:
    """Keep the page's scenario under ``name`` (its settings, the sidebar's scope, its figures)."""
    return save_scenario(
        store,
        name,
        settings=result.scenario.to_json(),
        scope=result.scope.key(),
        figures=saved_figures(result),
        data_version=version,
    )


def saved_names(store: Store) -> list[str]:
    return [s.name for s in load_scenarios(store)]


def saved(store: Store, names: list[str]) -> list[tuple[str, Scenario, dict, object]]:
    """The named saved scenarios: (name, settings, figures when saved, when saved)."""
    return [
        (s.name, Scenario.from_json(s.settings), s.figures, s.saved_at) for s in load_scenarios(store, names)
    ]


def compare_points(rows) -> list[tuple[str, float, float, float]]:
    """(name, churn avoided, low, high) of each compared scenario, for the comparison chart."""
    return [
        (
            name,
            r.projection.churn_avoided.estimate,
            r.projection.churn_avoided.low,
            r.projection.churn_avoided.high,
        )
        for name, r, *_ in rows
    ]
