"""The scenario engine: levers at zero give the baseline exactly, a lever moved further never raises
churn, the levers' vocabulary and errors, and (slow) the projection against the demo generator's
planted future.

The planted future: the generator simulates every world twelve months past the exported window
with the same random numbers under the baseline and under a few scenarios, and writes the true
future churn of each to ``truth.json`` (``future``). The engine never sees it: it projects from the
data the way a user's data go (CSV files, ingest, labels, the fitted attribution).
"""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import demo
from analytics import periods
from analytics.ingest import ingest_files
from analytics.store import Store
from analytics.taxonomy import FAMILIES, PRESETS
from models.report import run_attribution
from models.scenarios import Levers, Scenario, ScenarioEngine, WordOfMouth

N_SMALL = 3000


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A coded 3,000-customer world, its attribution (40 replicates) and a 12-month engine."""
    out = tmp_path_factory.mktemp("scen_small")
    truth = demo.write_demo(out, N_SMALL, 17, coded=True)
    store = Store(f"duckdb:///{out / 'store.duckdb'}")
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    report = run_attribution(store, n_bootstrap=40, seed=17)
    active = periods.active_at(store, report.scope)
    engine = ScenarioEngine(horizon_months=12, seed=3).fit(report.attribution, active)
    return store, truth, report, active, engine


# --------------------------------------------------------------------------- the vocabulary
@pytest.mark.quick
def test_levers_accept_english_and_spanish_names():
    lv = Levers.of(
        reduce={"actitud": 0.3, "Transferencia entre áreas": 0.5, "handoff": 0.4},
        recovery=0.6,
        presets={"empoderamiento": 1},
    )
    assert dict(lv.reduce) == {"attitude": 0.3, "handoff": 0.4}  # the last spelling of one lever wins
    assert dict(lv.recovery) == {"all": 0.6} and dict(lv.presets) == {"empowerment": 1.0}
    assert Levers.of(recovery={"proceso": 0.5}).recovery == (("process", 0.5),)
    removal = dict(zip(periods.SLOT_NAMES, Levers.of(reduce={"process": 0.5, "handoff": 0.5}).removal()))
    assert removal["handoff"] == pytest.approx(0.75)  # levers compound: half of what the other left
    assert removal["policy_refusal"] == pytest.approx(0.5) and removal["rude"] == 0.0
    assert Levers().is_zero and Levers.of(reduce={"rude": 0.0}).is_zero
    assert all(set(p.subtypes) <= set(periods.SLOT_NAMES) for p in PRESETS)


@pytest.mark.quick
def test_unknown_levers_and_bad_fractions_are_refused_in_both_languages():
    with pytest.raises(
        ValueError,
        match=r"Unknown lever 'cheerfulness'\. Valid levers: attitude, process.*handoff.* / Palanca desconocida 'cheerfulness'\. Valores válidos",
    ):
        Levers.of(reduce={"cheerfulness": 0.5})
    with pytest.raises(
        ValueError,
        match=r"Unknown preset 'magic'.*empowerment.*first_contact_resolution.* / Combinación desconocida",
    ):
        Levers.of(presets={"magic": 0.5})
    with pytest.raises(ValueError, match=r"fraction in \[0, 1\].*Got 30 instead.*Se recibió 30"):
        Levers.of(reduce={"attitude": 30})
    with pytest.raises(ValueError, match=r"Got -0\.1 instead"):
        Levers.of(recovery=-0.1)
    with pytest.raises(ValueError, match=r"'people_told' assumption must be a number >= 0"):
        WordOfMouth(people_told=-1)


# --------------------------------------------------------------------------- exactness and monotonicity
def test_levers_at_zero_reproduce_the_baseline_exactly(small):
    *_, engine = small
    zero_levers = [
        Levers(),
        Levers.of(reduce={f: 0.0 for f in FAMILIES}),
        Levers.of(presets={p.key: 0.0 for p in PRESETS}),
        Levers.of(recovery=0.0),  # a target below the current rate changes nothing
        Levers.of(recovery={"process": 0.1}),
    ]
    base = engine.interval(Levers())
    for lv in zero_levers:
        got = engine.interval(lv)
        assert got.scenario_churn == base.baseline_churn == got.baseline_churn, lv
        assert got.churn_avoided.estimate == 0.0 and got.revenue_kept.estimate == 0.0
        assert (got.churn_avoided.low, got.churn_avoided.high) == (0.0, 0.0)
        pd.testing.assert_frame_equal(got.curve, base.curve)
    assert base.baseline_churn.low < base.baseline_churn.estimate < base.baseline_churn.high


def _levers_from(draw_values: dict) -> Levers:
    return Levers.of(
        reduce={k: v for k, v in draw_values.items() if k in {*FAMILIES, *periods.SLOT_NAMES}},
        recovery={"all": draw_values["recovery"]},
        presets={p.key: draw_values[p.key] for p in PRESETS},
    )


NAMES = [
    "attitude",
    "price",
    "handoff",
    "rude",
    "outage",
    "policy_refusal",
    "recovery",
    *(p.key for p in PRESETS),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.fixed_dictionaries({k: st.floats(0, 1) for k in NAMES}),
    st.fixed_dictionaries({k: st.floats(0, 1) for k in NAMES}),
)
def test_moving_a_lever_further_never_raises_churn(small, a, b):
    """Property: for two settings where every lever of the second is at least the first's, the
    projected churn of the second is never higher — at every month, and also for a model whose
    estimates would make a lever backfire (see the clamped model below)."""
    *_, engine = small
    low = {k: min(a[k], b[k]) for k in NAMES}
    high = {k: max(a[k], b[k]) for k in NAMES}
    p_low, p_high = engine.point(_levers_from(low)), engine.point(_levers_from(high))
    c_low = p_low.curve[p_low.curve["world"] == "scenario"]["churn"].to_numpy()
    c_high = p_high.curve[p_high.curve["world"] == "scenario"]["churn"].to_numpy()
    assert np.all(c_high <= c_low + 1e-9)
    assert p_high.churn_avoided.estimate >= p_low.churn_avoided.estimate - 1e-9 >= -1e-9


@pytest.fixture(scope="module")
def backfiring(small):
    """The same fit with coefficients that would make levers backfire: a protective subtype (HR
    0.3), a subtype deviation that lowers its family's effect, and a harmful recovery (HR 1.8)."""
    _, _, report, active, _ = small
    attr = copy.deepcopy(report.attribution)
    coef = attr.coef_.copy()
    coef["subtype[handoff]"] = -coef["process"] - 1.2  # handoff alone: HR exp(-1.2) = 0.3
    coef["subtype[rude]"] = -0.9
    coef["recovered"] = np.log(1.8)
    attr.coef_ = coef
    attr.bootstrap_beta_ = np.repeat(coef.to_numpy()[None, :], 3, axis=0)
    return ScenarioEngine(horizon_months=6, seed=5).fit(attr, active)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.fixed_dictionaries({k: st.floats(0, 1) for k in NAMES}),
    st.fixed_dictionaries({k: st.floats(0, 1) for k in NAMES}),
)
def test_monotone_even_where_the_fitted_model_would_backfire(backfiring, a, b):
    low = {k: min(a[k], b[k]) for k in NAMES}
    high = {k: max(a[k], b[k]) for k in NAMES}
    assert backfiring.point(_levers_from(high)).scenario_churn.estimate <= (
        backfiring.point(_levers_from(low)).scenario_churn.estimate + 1e-9
    )


def test_a_shorter_horizon_is_the_start_of_a_longer_one(small):
    _, _, report, active, engine = small
    six = ScenarioEngine(horizon_months=6, seed=3).fit(report.attribution, active)
    for lv in (Levers(), Levers.of(reduce={"handoff": 0.5}, recovery=0.5)):
        long, short = engine.point(lv, horizon_months=6), six.point(lv)
        assert long.horizon_months == short.horizon_months == 6
        assert long.baseline_churn.estimate == pytest.approx(short.baseline_churn.estimate, rel=1e-12)
        assert long.churn_avoided.estimate == pytest.approx(short.churn_avoided.estimate, rel=1e-9, abs=1e-9)
    with pytest.raises(ValueError, match=r"horizon must be an int in \[1, 6\]"):
        six.point(horizon_months=12)
    with pytest.raises(
        ValueError, match=r"'horizon_months' parameter of ScenarioEngine must be an int in \[1, 24\]"
    ):
        ScenarioEngine(horizon_months=30).fit(report.attribution, active)


# --------------------------------------------------------------------------- what a page and the CLI read
def test_projection_figures_hang_together(small):
    *_, engine = small
    wom = WordOfMouth(people_told=10, share_posting=0.1, post_reach=1000)
    p = engine.interval(Levers.of(presets={"first_contact_resolution": 0.5}, recovery=0.5), word_of_mouth=wom)
    assert p.customers_active == engine.customers_ and p.intervals and p.n_replicates == 40
    assert p.churn_avoided.estimate == pytest.approx(p.baseline_churn.estimate - p.scenario_churn.estimate)
    assert 0 < p.churn_avoided.low <= p.churn_avoided.estimate <= p.churn_avoided.high
    assert p.word_of_mouth_avoided.estimate == pytest.approx(p.churn_avoided.estimate * (10 + 0.1 * 1000))
    assert p.revenue_kept.estimate > p.monthly_revenue_kept.estimate > 0  # several months of revenue
    flat = engine.point(p.levers, value_per_month=50.0)
    assert flat.revenue_kept.estimate > 0 and flat.assumptions["value_per_customer_month"] == 50.0
    curve = p.curve
    assert set(curve["world"]) == {"baseline", "scenario", "avoided"}
    base = curve[curve["world"] == "baseline"]
    assert base["month"].tolist() == list(range(13)) and base["churn"].is_monotonic_increasing
    assert base["churn"].iloc[-1] == pytest.approx(p.baseline_churn.estimate)
    assert (base["low"] <= base["churn"]).all() and (base["churn"] <= base["high"]).all()
    payload = json.loads(json.dumps(p.to_json()))
    assert set(payload) >= {
        "customers_active",
        "horizon_months",
        "as_of",
        "levers",
        "assumptions",
        "baseline",
        "scenario",
        "churn_avoided",
        "revenue_kept",
        "word_of_mouth_avoided",
    }
    for key in ("churn_avoided", "revenue_kept", "word_of_mouth_avoided"):
        assert set(payload[key]) == {"estimate", "low", "high"}
    assert (
        set(payload["baseline"]["churn"]) == set(payload["scenario"]["churn"]) == {"estimate", "low", "high"}
    )
    assert payload["assumptions"]["word_of_mouth"]["post_reach"] == 1000
    restored = pickle.loads(pickle.dumps(p))
    assert restored.churn_avoided == p.churn_avoided
    again = pickle.loads(pickle.dumps(engine)).point(p.levers)
    assert again.churn_avoided.estimate == pytest.approx(p.churn_avoided.estimate, rel=1e-12)


def test_value_of_each_lever(small):
    *_, engine = small
    table = engine.lever_values()
    assert table["churn_avoided"].is_monotonic_decreasing
    assert {"attitude", "process", "price", "quality", "recovery", *(p.key for p in PRESETS)} <= set(
        table["lever"]
    )
    assert (table["churn_avoided"] > 0).all()
    # a family's 10 points are worth at least any one of its subtypes' 10 points
    by = table.set_index("lever")["churn_avoided"]
    assert by["process"] >= by[["handoff", "policy_refusal", "long_wait"]].max()
    assert set(table.columns) >= {"lever", "kind", "label_en", "label_es", "churn_avoided", "low", "high"}


def test_what_a_page_offers_and_reads(small):
    """The sliders' vocabulary (subtypes seen, current recovery) and a Scenario's settings."""
    _, _, report, _, engine = small
    seen = engine.subtypes_seen()
    assert list(seen) == list(FAMILIES) and "handoff" in seen["process"] and "rude" in seen["attitude"]
    counts = report.attribution.slot_failures_
    assert all(counts[k] > 0 for subs in seen.values() for k in subs)
    now = engine.recovery_rate_now
    assert list(now.index) == list(FAMILIES) and ((now > 0) & (now < 1)).all()
    assert now.to_dict() == pytest.approx(engine.point().assumptions["recovery_rate_now"], abs=1e-4)

    scn = Scenario(
        Levers.of(presets={"empowerment": 0.5}, recovery=0.6),
        horizon_months=6,
        value_per_month=30.0,
        word_of_mouth=WordOfMouth(people_told=5),
    )
    assert Scenario.from_json(json.loads(json.dumps(scn.to_json()))) == scn and hash(scn)
    got = scn.project(engine, intervals=False)
    same = engine.point(scn.levers, horizon_months=6, value_per_month=30.0, word_of_mouth=scn.word_of_mouth)
    assert got.horizon_months == 6
    for key in ("churn_avoided", "revenue_kept", "word_of_mouth_avoided"):
        assert getattr(got, key).estimate == getattr(same, key).estimate

    # The ranked table follows the horizon and the value asked for.
    short = engine.lever_values(horizon_months=6, value_per_month=30.0).set_index("lever")
    full = engine.lever_values().set_index("lever")
    one = engine.point(Levers.of(reduce={"handoff": 0.1}), horizon_months=6, value_per_month=30.0)
    assert short.loc["handoff", "churn_avoided"] == pytest.approx(one.churn_avoided.estimate)
    assert short.loc["handoff", "revenue_kept"] == pytest.approx(one.revenue_kept.estimate)
    assert short.loc["handoff", "churn_avoided"] < full.loc["handoff", "churn_avoided"]


# --------------------------------------------------------------------------- the planted future
FUTURE_WORLDS = [(31, True), (32, True), (33, True), (34, False), (35, False)]
"""Worlds checked against their planted future: three with coded failure types, two with notes
only. Chosen before looking at any result; not to be swapped for luckier ones."""
N_FUTURE = 12_000


def _attribution(store: Store, seed: int):
    """The attribution as run_attribution fits it (labels, the SQL tables, 200 replicates), without
    the Cox model and the stated reasons, which the projection does not use."""
    from analytics.scope import Scope
    from models.attribution import ChurnAttribution
    from models.labels import ensure_labels

    scope = Scope().resolved(store)
    ensure_labels(store)
    attr = ChurnAttribution(
        n_bootstrap=200,
        window_days=float(scope.window_days),
        exposure_lag_days=float(scope.exposure_lag_days),
        seed=seed,
    ).fit(
        periods.episode_states(store, scope),
        periods.customer_frame(store, scope),
        periods.failure_frame(store, scope),
        periods.contact_counts(store, scope),
    )
    return scope, attr


@pytest.fixture(scope="module")
def futures(tmp_path_factory):
    out = []
    for seed, coded in FUTURE_WORLDS:
        path = tmp_path_factory.mktemp(f"future_{seed}")
        truth = demo.write_demo(path, N_FUTURE, seed, coded=coded)
        store = Store(f"duckdb:///{path / 'store.duckdb'}")
        ingest_files(
            store, customers_path=path / "customers.csv", interactions_path=path / "interactions.csv"
        )
        scope, attr = _attribution(store, seed)
        engine = ScenarioEngine(horizon_months=12, seed=seed).fit(attr, periods.active_at(store, scope))
        out.append((seed, coded, truth["future"], engine))
    return out


def _levers(planted: dict) -> Levers:
    lv = planted["levers"]
    return Levers.of(reduce=lv["reduce"], recovery=lv["recovery"], presets=lv["presets"])


def _max_misses(n_checks: int, level: float = 0.95, tail: float = 0.01) -> int:
    from scipy.stats import binom

    k = 0
    while binom.sf(k, n_checks, 1 - level) > tail:
        k += 1
    return k


@pytest.mark.slow
def test_projection_matches_the_planted_future(futures):
    """For every world and planted scenario: the engine's 95 % interval for the expected baseline
    churn (and for it at month 6) and for each scenario's expected churn avoided against the
    planted future's expected values (Σ 1 − exp(−H), averaged over several draws of the future
    contacts: the intervals are for the expected number). Misses over all checks within what 95 % coverage makes plausible
    (binomial tail 1 %), none by more than the interval's width (about five standard errors). The
    realised churn (the planted draws) must sit within the interval widened by 2.5 s.d. of chance."""
    misses, checks = [], 0
    for seed, coded, future, engine in futures:
        assert engine.customers_ == future["customers_active"]
        for name, planted in future["scenarios"].items():
            got = engine.interval(_levers(planted))
            targets = [("avoided", got.churn_avoided, planted["churn_avoided_expected_mean"])]
            if name == "baseline":
                month6 = got.curve[(got.curve["world"] == "baseline") & (got.curve["month"] == 6)].iloc[0]
                targets = [
                    ("baseline", got.baseline_churn, planted["churn_expected_mean"]),
                    ("baseline month 6", month6, planted["by_month"]["churn_expected_mean"][5]),
                ]
                realized = planted["churn"]
                assert got.baseline_churn.low - 2.5 * np.sqrt(realized) <= realized
                assert realized <= got.baseline_churn.high + 2.5 * np.sqrt(realized)
            else:
                realized = planted["churn_avoided"]
                spread = 2.5 * np.sqrt(max(got.churn_avoided.high, 1.0))
                assert got.churn_avoided.low - spread <= realized <= got.churn_avoided.high + spread, (
                    seed,
                    name,
                )
            for what, est, truth in targets:
                low, high = (est.low, est.high) if hasattr(est, "low") else (est["low"], est["high"])
                checks += 1
                if not low <= truth <= high:
                    misses.append((seed, coded, name, what, round(truth, 1), round(low, 1), round(high, 1)))
                    width = high - low
                    assert low - width <= truth <= high + width, misses[-1]
    print(f"{len(misses)} misses of {checks}: {misses}")
    assert len(misses) <= _max_misses(checks), misses


# --------------------------------------------------------------------------- the command line
@pytest.mark.slow
def test_scenario_command(small):
    """``scenario --json``: the issue's object, the same figures as the engine on the same fit;
    with no lever the scenario is the baseline; bad levers are refused with a message."""
    from analytics.scope import Scope
    from models.report import attribution_report
    from tests.conftest import run_cli

    store, *_ = small
    base = ["scenario", "--db", store.url, "--bootstrap", "40", "--seed", "17", "--json"]
    res = run_cli(*base)
    assert res.returncode == 0, res.stderr
    none = json.loads(res.stdout)
    assert none["scenario"]["churn"] == none["baseline"]["churn"]
    assert none["churn_avoided"] == {"estimate": 0.0, "low": 0.0, "high": 0.0}
    res = run_cli(
        *base,
        "--reduce",
        "handoff=0.5",
        "--reduce",
        "actitud=0.3",
        "--recovery",
        "0.6",
        "--preset",
        "empowerment=0.5",
        "--horizon",
        "6",
    )
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert set(got) >= {
        "customers_active",
        "horizon_months",
        "as_of",
        "levers",
        "assumptions",
        "baseline",
        "scenario",
        "churn_avoided",
        "revenue_kept",
        "word_of_mouth_avoided",
    }
    assert got["horizon_months"] == 6 and got["levers"]["reduce"] == {"attitude": 0.3, "handoff": 0.5}
    report = attribution_report(store, Scope(), n_bootstrap=40, seed=17)  # what the command kept
    engine = ScenarioEngine(horizon_months=6, seed=17).fit(
        report.attribution, periods.active_at(store, report.scope)
    )
    mine = engine.interval(
        Levers.of(reduce={"handoff": 0.5, "attitude": 0.3}, recovery=0.6, presets={"empowerment": 0.5})
    )
    assert got["customers_active"] == mine.customers_active
    for key, est in (("churn_avoided", mine.churn_avoided), ("revenue_kept", mine.revenue_kept)):
        for part in ("estimate", "low", "high"):
            assert got[key][part] == pytest.approx(getattr(est, part), abs=0.01)
    assert got["baseline"]["churn"]["estimate"] == pytest.approx(mine.baseline_churn.estimate, abs=0.01)
    text = run_cli(*base[:-1], "--reduce", "handoff=0.5", "--levers-table")
    assert text.returncode == 0 and "churn avoided (customers kept)" in text.stdout
    assert "Assumptions:" in text.stdout and "value of each lever" in text.stdout

    bad = run_cli(*base, "--reduce", "cheerfulness=0.5")
    assert bad.returncode == 2
    assert "Unknown lever 'cheerfulness'. Valid levers:" in bad.stderr and "Palanca desconocida" in bad.stderr
    bad = run_cli(*base, "--preset", "empowerment=1.5")
    assert bad.returncode == 2 and "Got 1.5 instead" in bad.stderr
    bad = run_cli(*base, "--horizon", "36")
    assert bad.returncode == 2 and "[1, 24]" in bad.stderr
