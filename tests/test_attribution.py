"""Attribution and hazard ratios against the demo generator's planted truth.

The generator (demo/) plants hazard ratios for each failure family and for recovery,
and computes the true attributable shares by simulating the counterfactual worlds with the same
random numbers (truth.json). Here the data go the way a user's data go — CSV files, ingest,
labelling, the SQL tables, the fitted models — and the estimates must find the truth.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import demo
from analytics import periods
from analytics.ingest import ingest_files
from analytics.scope import Scope
from analytics.store import Store
from analytics.taxonomy import FAMILIES
from models.attribution import FAMILY_BITS, N_SCENARIOS, ChurnAttribution, NotFittedError, mask_of, shapley
from models.labels import ensure_labels
from models.report import hazard_model_frame, run_attribution
from models.survival import TimeVaryingCox
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
N_CUSTOMERS = 12_000  # within the Cox path (< 20,000 subjects), large enough for tight intervals


def _world(tmp_path_factory, seed: int, coded: bool) -> tuple[Store, dict]:
    out = tmp_path_factory.mktemp(f"demo_{seed}_{int(coded)}")
    truth = demo.write_demo(out, N_CUSTOMERS, seed, coded=coded)
    store = Store(f"duckdb:///{out / 'store.duckdb'}")
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    return store, truth


SEEDS = [(1, True), (2, True), (3, True), (4, True), (5, False)]
"""Worlds checked: four with coded failure_type, one with notes only (labels from the classifier
and the structured signals). Chosen before looking at any result; not to be swapped for luckier ones."""


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    out = []
    for seed, coded in SEEDS:
        store, truth = _world(tmp_path_factory, seed, coded)
        out.append((seed, coded, store, truth, run_attribution(store, n_bootstrap=200, seed=seed)))
    return out


@pytest.fixture(scope="module")
def fitted(worlds):
    """The first coded world, for the tests that need one."""
    _, _, store, truth, report = worlds[0]
    return store, truth, report


def _true_share(truth: dict, name: str) -> float:
    real = truth["attributable_share"]
    return real["shapley"][name] if name in FAMILIES else real[name]


def _max_misses(n_checks: int, level: float = 0.95, tail: float = 0.01) -> int:
    """Largest number of intervals missing the truth that is still plausible (binomial tail
    probability above ``tail``) when each 95 % interval covers it with probability ``level``."""
    from scipy.stats import binom

    k = 0
    while binom.sf(k, n_checks, 1 - level) > tail:
        k += 1
    return k


@pytest.mark.slow
def test_family_shares_within_tolerance_of_planted_truth(worlds):
    """Every world: each family's estimate within 5 points of the true (Shapley) share, the joint
    attitude+process share within 4 points, all four within 5; family shares add up."""
    for seed, coded, _, truth, report in worlds:
        shares = report.attributable_share
        for fam in FAMILIES:
            est = shares.loc[fam, "estimate"]
            assert abs(est - _true_share(truth, fam)) < 0.05, (seed, coded, fam, est, _true_share(truth, fam))
        est = shares.loc["attitude_and_process", "estimate"]
        assert abs(est - _true_share(truth, "attitude_and_process")) < 0.04, (seed, coded, est)
        assert abs(shares.loc["all_failures", "estimate"] - _true_share(truth, "all_failures")) < 0.05
        assert shares.loc[list(FAMILIES), "estimate"].sum() == pytest.approx(
            shares.loc["all_failures", "estimate"]
        )


@pytest.mark.slow
def test_share_intervals_cover_planted_truth(worlds):
    """A 95 % interval misses the truth one time in twenty, so a fixed list of worlds cannot ask
    every interval to cover it without being a coin toss; it asks that the misses over all
    (world, share) pairs stay within what 95 % coverage makes plausible (binomial tail 1 %), and
    that no interval misses by more than 2 points — 3 where failures are read from notes only:
    the interval does not know that the classifier misreads notes (on the notes-only world it
    reads 52 % of the price notes as price and a third as process), which pulls the price share
    towards 0 (1.1 % against a planted 3.9 %, the interval ending at 1.8 %)."""
    misses, checks = [], 0
    for seed, coded, _, truth, report in worlds:
        slack = 0.02 if coded else 0.03
        for name in (*FAMILIES, "attitude_and_process", "all_failures"):
            lo, hi = report.attributable_share.loc[name, ["low", "high"]]
            t = _true_share(truth, name)
            checks += 1
            if not lo <= t <= hi:
                misses.append((seed, coded, name, round(t, 4), round(lo, 4), round(hi, 4)))
                assert lo - slack <= t <= hi + slack, misses[-1]
    assert len(misses) <= _max_misses(checks), misses


@pytest.mark.slow
def test_planted_hazard_ratios_inside_intervals(worlds):
    """Hazard ratios from the reported model (Cox here) and from the attribution's model against
    the planted ones, with the shares' coverage rule, where the exposures are measured without
    error (coded worlds). Where failures are read from notes, misread notes attenuate the hazard
    ratios (measurement error), so there the estimates must only stay within 35 % of the truth:
    on notes-only worlds of seeds 5–8 (12,000 customers) the time-varying Cox model's price
    hazard ratio came out 1.36–1.57 against a planted 1.8, the same on the code before subtypes
    and the exposure lag (the notes, not the model: 52 % of the price notes are read as price)."""
    misses, checks = [], 0
    for seed, coded, _, truth, report in worlds:
        planted = truth["hazard_ratios"]
        assert report.model == "cox_time_varying"
        tolerance = np.log(1.3) if coded else np.log(1.35)
        for label, table in (
            ("model", report.hazard_ratio),
            ("attribution", report.attribution_hazard_ratio),
        ):
            for name in (*FAMILIES, "recovered"):
                lo, est, hi = table.loc[name, ["low", "estimate", "high"]]
                assert abs(np.log(est / planted[name])) < tolerance, (seed, coded, label, name, est)
                if not coded:
                    continue
                checks += 1
                if not lo <= planted[name] <= hi:
                    misses.append((seed, label, name, planted[name], round(lo, 3), round(hi, 3)))
    # The two tables of one world are nearly the same fit: count their misses once per world.
    distinct = {(m[0], m[2]) for m in misses}
    assert len(distinct) <= _max_misses(checks // 2), misses


@pytest.mark.slow
def test_ever_failed_as_fixed_trait_is_biased(fitted):
    """Immortal-time bias, on the same data: 'ever had an attitude failure' as a baseline trait
    credits the failure with the time customers survived before it, and the hazard ratio collapses;
    the time-varying model recovers the planted one. Keep the time-varying model."""
    store, truth, _ = fitted
    ep = periods.episodes(store)
    per_customer = ep.groupby("customer_id").agg(
        start=("start", "min"),
        stop=("stop", "max"),
        event=("event", "max"),
        **{fam: (code, "max") for fam, code in zip(FAMILIES, ("f_att", "f_proc", "f_price", "f_qual"))},
    )
    naive = per_customer.reset_index().rename(columns={"customer_id": "id"})
    naive_fit = TimeVaryingCox().fit(naive, list(FAMILIES), id_col="id")
    tv = hazard_model_frame(ep)
    tv_fit = TimeVaryingCox().fit(tv, [*FAMILIES, "recovered"], id_col="id")
    planted = truth["hazard_ratios"]["attitude"]
    naive_hr = naive_fit.hazard_ratios_.loc["attitude"]
    tv_hr = tv_fit.hazard_ratios_.loc["attitude"]
    assert naive_hr["high"] < planted * 0.7, f"naive HR {naive_hr['estimate']:.2f} is not visibly biased"
    assert tv_hr["low"] <= planted <= tv_hr["high"]


@pytest.mark.slow
def test_textbook_fraction_overstates_compared_with_g_computation(fitted):
    """DESIGN.md: the mean of 1 − 1/HR over leavers ignores that saved customers stay at risk."""
    store, truth, report = fitted
    ep = periods.episodes(store)
    last = ep[ep["event"] == 1]
    hr = report.attribution_hazard_ratio["estimate"]
    codes = ("f_att", "f_proc", "f_price", "f_qual")
    rr = np.ones(len(last))
    for fam, code in zip(FAMILIES, codes):
        rr *= np.where(last[code].to_numpy() == 1, hr[fam], 1.0)
    textbook_all = float(np.mean(1 - 1 / rr))
    g_all = report.attributable_share.loc["all_failures", "estimate"]
    assert textbook_all > g_all
    assert abs(g_all - truth["attributable_share"]["all_failures"]) < abs(
        textbook_all - truth["attributable_share"]["all_failures"]
    )


@pytest.mark.slow
def test_stated_reasons_reported_beside_attribution(fitted):
    _, _, report = fitted
    stated = report.stated_reasons
    assert set(FAMILIES) <= set(stated)
    assert sum(stated.values()) == pytest.approx(1.0)
    # The planted world makes leavers blame price far more often than price drives churn.
    assert stated["price"] > report.attributable_share.loc["price", "estimate"]


# --------------------------------------------------------------------------- fast unit tests
@pytest.mark.quick
def test_shapley_adds_up_and_is_symmetric():
    rng = np.random.default_rng(0)
    joint = {0: 0.0}
    for m in range(1, N_SCENARIOS):
        joint[m] = float(rng.random())
    phi = shapley(joint)
    assert phi.sum() == pytest.approx(joint[N_SCENARIOS - 1])
    additive = {
        m: sum(v for k, v in enumerate([0.1, 0.2, 0.3, 0.4]) if m >> k & 1) for m in range(N_SCENARIOS)
    }
    assert shapley(additive) == pytest.approx([0.1, 0.2, 0.3, 0.4])


@pytest.mark.quick
def test_mask_of_accepts_spanish_names():
    assert mask_of(["actitud", "process"]) == FAMILY_BITS["attitude"] | FAMILY_BITS["process"]
    with pytest.raises(ValueError, match="Unknown failure family 'rudeness'"):
        mask_of(["rudeness"])


@pytest.mark.quick
def test_not_fitted_and_parameter_messages():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        ChurnAttribution().expected_churn(["attitude"])
    with pytest.raises(
        ValueError,
        match=r"The 'n_bootstrap' parameter of ChurnAttribution must be an int in \[0, inf\)\. Got -1 instead\.",
    ):
        ChurnAttribution(n_bootstrap=-1).fit(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    truth = demo.write_demo(out, 3000, 7, coded=True)
    store = Store(f"duckdb:///{out / 'store.duckdb'}")
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    return out, store, truth


def test_family_without_failures_reported_as_unknown(small_world):
    _, store, _ = small_world
    ensure_labels(store)
    spec = Scope()
    fails = periods.failure_frame(store, spec)
    states = periods.episode_states(store, spec)
    # Remove every quality failure from the inputs: the model must still fit the other families.
    quality = periods.FAMILY_SLOT_MASK["quality"]
    states = states.assign(smask=states["smask"] & ~quality, rsmask=states["rsmask"] & ~quality)
    fails = fails.assign(f_qual=0, smask=fails["smask"] & ~quality)
    fails = fails[fails["smask"] > 0]
    attr = ChurnAttribution(n_bootstrap=20).fit(
        states, periods.customer_frame(store, spec), fails, periods.contact_counts(store, spec)
    )
    assert np.isnan(attr.hazard_ratios_.loc["quality", "estimate"])
    assert attr.attributable_share_.loc["quality", "estimate"] == pytest.approx(0.0, abs=1e-12)
    assert attr.hazard_ratios_.loc["attitude", "estimate"] > 1.5


@pytest.mark.slow
def test_no_effect_world_gives_no_attributable_churn(small_world):
    """With every planted effect switched off (all HRs 1), no churn is attributable to failures."""
    out = small_world[0]
    world = demo.PlantedWorld().without_failure_effects()
    null_dir = out / "null"
    truth = demo.write_demo(null_dir, 20_000, 11, coded=True, world=world)
    null_store = Store(f"duckdb:///{null_dir / 'store.duckdb'}")
    ingest_files(
        null_store, customers_path=null_dir / "customers.csv", interactions_path=null_dir / "interactions.csv"
    )
    report = run_attribution(null_store, n_bootstrap=100, hazard_model="discrete")
    est = report.attributable_share
    assert truth["attributable_share"]["all_failures"] == 0
    for row in ("attitude_and_process", "all_failures"):
        assert est.loc[row, "low"] <= 0.0 <= est.loc[row, "high"]
        assert abs(est.loc[row, "estimate"]) < 0.03


def test_scenario_recompute_is_consistent(small_world):
    _, store, _ = small_world
    ensure_labels(store)
    spec = Scope()
    attr = ChurnAttribution(n_bootstrap=0).fit(
        periods.episode_states(store, spec),
        periods.customer_frame(store, spec),
        periods.failure_frame(store, spec),
        periods.contact_counts(store, spec),
    )
    base = attr.expected_churn()
    assert base == pytest.approx(attr.expected_churn_[0])
    no_service = attr.expected_churn(["attitude", "process"])
    assert no_service < base
    share = 1 - no_service / base
    assert share == pytest.approx(attr.attributable_share_.loc["attitude_and_process", "estimate"])
    # The fitted model reproduces the observed number of churn events (Poisson score equation).
    assert base == pytest.approx(attr.observed_churn_, rel=0.05)


@pytest.mark.slow
def test_report_keeps_the_fitted_model_for_scenarios_through_a_cache(small_world):
    """A page caches the report (pickled); a scenario then recomputes from the fitted model it
    carries, and agrees with the shares the report shows."""
    import pickle

    _, store, _ = small_world
    report = pickle.loads(pickle.dumps(run_attribution(store, n_bootstrap=20)))
    attr = report.attribution
    base = attr.expected_churn()
    share = 1 - attr.expected_churn(["attitude", "process"]) / base
    assert share == pytest.approx(report.attributable_share.loc["attitude_and_process", "estimate"])
    assert "attribution" not in report.to_json()


@pytest.mark.slow
def test_partial_fix_scenario_against_planted_truth(small_world):
    """Sliders: avoid 30 % of attitude and 60 % of process failures (customer by customer). The
    planted truth of that scenario is the same mixture of the generator's counterfactual worlds
    (truth.json's churn without each set of families); the estimate must be within 5 points and
    its interval must hold it. Whole-family and no-change sliders reproduce the fitted scenarios."""
    _, store, truth = small_world
    report = run_attribution(store, n_bootstrap=100, seed=3)
    attr = report.attribution
    without = truth["attributable_share"]["churn_events_without"]
    q = {"attitude": 0.3, "process": 0.6}
    weights = {
        "none": 0.7 * 0.4,
        "attitude": 0.3 * 0.4,
        "process": 0.7 * 0.6,
        "attitude+process": 0.3 * 0.6,
    }
    true_share = 1 - sum(w * without[k] for k, w in weights.items()) / without["none"]
    got = attr.scenario({"actitud": 0.3, "proceso": 0.6})  # Spanish names work too
    assert got.reduce == {"attitude": 0.3, "process": 0.6, "price": 0.0, "quality": 0.0}
    assert abs(got.share_avoided - true_share) < 0.05, (got.share_avoided, true_share)
    assert got.share_avoided_low <= true_share <= got.share_avoided_high
    assert got.churn_avoided == pytest.approx(got.baseline_churn * got.share_avoided)
    assert got.monthly_revenue_kept > 0 and got.revenue_known == got.customers == 3000

    whole = attr.scenario({"attitude": 1.0})
    assert whole.expected_churn == pytest.approx(attr.expected_churn(["attitude"]))
    assert attr.scenario({}).churn_avoided == pytest.approx(0.0, abs=1e-9)
    assert attr.scenario(q).share_avoided < attr.scenario({"attitude": 0.6, "process": 0.6}).share_avoided
    with pytest.raises(ValueError, match=r"must be in \[0, 1\] \(0.3 = 30 %\). Got 30 instead"):
        attr.scenario({"attitude": 30})
    with pytest.raises(ValueError, match="Unknown failure family 'rudeness'"):
        attr.scenario({"rudeness": 0.5})


@pytest.mark.slow
def test_attribute_cli_json(small_world):
    _, store, _ = small_world
    out = subprocess.run(
        [sys.executable, "-m", "analytics", "attribute", "--db", store.url, "--json", "--bootstrap", "30"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    payload = json.loads(out.stdout)
    assert set(payload) >= {
        "customers",
        "churned",
        "window",
        "model",
        "attributable_share",
        "hazard_ratio",
        "stated_reasons",
    }
    assert set(payload["window"]) == {"start", "end"}
    assert set(payload["attributable_share"]) == {
        *FAMILIES,
        "attitude_and_process",
        "price_and_quality",
        "all_failures",
    }
    assert set(payload["hazard_ratio"]) == {*FAMILIES, "recovered"}
    for v in (*payload["attributable_share"].values(), *payload["hazard_ratio"].values()):
        assert set(v) == {"estimate", "low", "high"} and v["low"] <= v["estimate"] <= v["high"]
    assert payload["customers"] == 3000
    by_subtype = payload["attributable_share_by_subtype"]
    assert {"rude", "handoff", "outage", "price_too_high"} <= set(by_subtype)
    for name, v in by_subtype.items():
        assert set(v) == {"estimate", "low", "high"} and v["low"] <= v["estimate"] <= v["high"], name
    for fam in FAMILIES:  # a family's subtypes add up to its share (to the JSON's rounding)
        mine = [v["estimate"] for k, v in by_subtype.items() if payload["subtypes"][k]["family"] == fam]
        assert sum(mine) == pytest.approx(
            payload["attributable_share"][fam]["estimate"], abs=2e-4 * len(mine)
        )
    assert set(payload["exit_contacts"]) == {"churned", "customers", "failures"}


@pytest.mark.slow
def test_data_without_failures_gets_a_clear_message(tmp_path):
    """Customers but no labelled failure: nothing to attribute, said so (not a solver error)."""
    from datetime import date

    import sqlalchemy as sa

    from analytics.schema import customers

    store = Store(f"duckdb:///{tmp_path / 'store.duckdb'}")
    store.create_all()
    with store.write() as conn:
        conn.execute(
            sa.insert(customers),
            [
                {"customer_id": "A", "start_date": date(2024, 1, 1), "end_date": None},
                {"customer_id": "B", "start_date": date(2024, 2, 1), "end_date": date(2024, 5, 1)},
            ],
        )
    with pytest.raises(ValueError, match="No failure is labelled in the observation window 2024-01-01"):
        run_attribution(store, n_bootstrap=10)
    res = run_cli("attribute", "--db", store.url)
    assert res.returncode == 1 and "No failure is labelled" in res.stderr


@pytest.mark.slow
def test_hazard_ratios_above_the_cox_limit_find_the_planted_ones(tmp_path):
    """From 20,000 customers up the report takes its hazard ratios from the exact-episode
    piecewise-exponential model. The monthly discrete-time model used there before counted a
    failure only from the next month and understated them (attitude 2.3 against a planted 2.6 on
    a 20,000-customer world). Seed chosen before running; each estimate within 15 % of the planted
    value, and at most one of the five 95 % intervals may miss it. (On this world the monthly
    model's intervals miss three of the five: attitude, process and recovered.)"""
    truth = demo.write_demo(tmp_path, 20_000, 21, coded=True)
    store = Store(f"duckdb:///{tmp_path / 'store.duckdb'}")
    ingest_files(
        store, customers_path=tmp_path / "customers.csv", interactions_path=tmp_path / "interactions.csv"
    )
    report = run_attribution(store, n_bootstrap=50)
    assert report.model == "piecewise_exponential" and "20,000 or more" in report.model_reason
    assert "hazard_model" not in report.seconds  # no second model fitted
    misses = []
    for name in (*FAMILIES, "recovered"):
        planted = truth["hazard_ratios"][name]
        lo, est, hi = report.hazard_ratio.loc[name, ["low", "estimate", "high"]]
        assert abs(np.log(est / planted)) < np.log(1.15), (name, est, planted)
        if not lo <= planted <= hi:
            misses.append((name, planted, round(lo, 3), round(hi, 3)))
    assert len(misses) <= 1, misses
    pd.testing.assert_frame_equal(
        report.hazard_ratio,
        report.attribution_hazard_ratio.reindex(report.hazard_ratio.index)[["estimate", "low", "high"]],
    )


# --------------------------------------------------------------------------- subtypes
@pytest.mark.slow
def test_subtype_shares_match_the_planted_owen_values(worlds):
    """Each subtype's share against the truth's Owen value (the family's Shapley share split
    among its subtypes by the Shapley value within the family): within 3 points in every world,
    coded or read from notes; a family's subtypes add up to the family's share, in the estimate
    and in every bootstrap replicate."""
    for seed, coded, _, truth, report in worlds:
        owen = truth["attributable_share"]["subtypes"]["owen"]
        by_sub = report.attributable_share_by_subtype
        named = [k for k in by_sub.index if not k.endswith("_unspecified")]
        assert named, (seed, coded)
        for key in named:
            est = by_sub.loc[key, "estimate"]
            assert abs(est - owen[key]) < 0.03, (seed, coded, key, round(est, 4), round(owen[key], 4))
        for fam in FAMILIES:
            mine = by_sub[by_sub["family"] == fam]
            assert mine["estimate"].sum() == pytest.approx(
                report.attributable_share.loc[fam, "estimate"], abs=1e-12
            )
        reps = report.attribution.bootstrap_shares_
        for fam in FAMILIES:
            cols = [f"sub[{k}]" for k in by_sub.index[by_sub["family"] == fam]]
            np.testing.assert_allclose(reps[cols].sum(axis=1), reps[fam], atol=1e-12)


def _with_exit_contacts(src: Path, dst: Path, days_before: int) -> None:
    """Copy a demo's files, adding for every customer who left a contact coded as a price failure
    (a refused retention offer) ``days_before`` days before the exit date (0 = on it)."""
    dst.mkdir()
    customers = pd.read_csv(src / "customers.csv")
    interactions = pd.read_csv(src / "interactions.csv")
    left = customers[customers["end_date"].notna()]
    when = pd.to_datetime(left["end_date"]) - pd.Timedelta(days=days_before) + pd.Timedelta(hours=10)
    extra = pd.DataFrame(
        {
            "interaction_id": [f"X{k:06d}" for k in range(len(left))],
            "customer_id": left["customer_id"].to_numpy(),
            "timestamp": when.dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(),
            "channel": "phone",
            "failure_type": "price",
        }
    )
    pd.concat([interactions, extra], ignore_index=True).to_csv(dst / "interactions.csv", index=False)
    customers.to_csv(dst / "customers.csv", index=False)


@pytest.mark.slow
def test_exit_contacts_are_not_causes(small_world, tmp_path):
    """Every customer who leaves calls to cancel on the exit date and the call is coded as a
    price failure that did not cause anything (it is not in the planted world): the shares are
    those of the world without those calls, exactly, and the calls are reported apart. The same
    calls two days before the exit would be credited with churn they did not cause."""
    out, _, _ = small_world
    reports = {}
    for name, days in (("none", None), ("on_exit", 0), ("before_exit", 2)):
        if days is None:
            src = out
        else:
            src = tmp_path / name
            _with_exit_contacts(out, src, days)
        store = Store(f"duckdb:///{tmp_path / (name + '.duckdb')}")
        ingest_files(store, customers_path=src / "customers.csv", interactions_path=src / "interactions.csv")
        reports[name] = run_attribution(store, n_bootstrap=20, seed=4)
    plain, on_exit, before = reports["none"], reports["on_exit"], reports["before_exit"]
    pd.testing.assert_frame_equal(on_exit.attributable_share, plain.attributable_share)
    pd.testing.assert_frame_equal(on_exit.attributable_share_by_subtype, plain.attributable_share_by_subtype)
    pd.testing.assert_frame_equal(on_exit.hazard_ratio, plain.hazard_ratio)
    exits = on_exit.to_json()["exit_contacts"]
    assert exits["customers"] == exits["churned"] == plain.churned
    price = [r for r in exits["failures"] if (r["family"], r["subtype"]) == ("price", "price_unspecified")]
    assert price[0]["customers"] == plain.churned
    assert plain.to_json()["exit_contacts"]["customers"] < 0.05 * plain.churned
    gained = (
        before.attributable_share.loc["price", "estimate"] - plain.attributable_share.loc["price", "estimate"]
    )
    assert gained > 0.05, gained  # reverse causation, had the calls been logged before the exit date


@pytest.mark.quick
def test_exposed_events_are_the_churn_events_under_each_exposure():
    """The events a forest plot writes beside each hazard ratio (dashboard.results.hazard_events):
    churn events in the episodes where a family's failure was on, or a recovery (once per
    recovered family), counted here from the episode states directly."""
    from tests.test_estimators import attribution_frames, fitted_attribution

    states = attribution_frames()[0]
    fit = fitted_attribution()
    fmask, rmask, events = (states[c].to_numpy() for c in ("fmask", "rmask", "events"))
    for k, family in enumerate(FAMILIES):
        assert fit.exposed_events_[family] == pytest.approx(events[(fmask >> k) & 1 == 1].sum())
    recovered = sum((rmask >> k) & 1 for k in range(len(FAMILIES)))
    assert fit.exposed_events_["recovered"] == pytest.approx((events * recovered).sum())
    assert fit.exposed_events_[list(FAMILIES)].min() > 0
    assert fit.slimmed().exposed_events_.equals(fit.exposed_events_)  # what a kept report reads
