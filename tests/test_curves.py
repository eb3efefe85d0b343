"""The survival report (curves, log-rank tests, exit-reason incidence) against planted worlds.

The data take the user's path — demo CSV files, ingest, labels, SQL follow-up tables — and the
curves must find what the generator planted: the baseline survival when nothing else acts on the
hazard, a recovered failure that is followed by longer stays only when recovery was planted to
work, and exit-reason incidence that agrees with the customers whose outcome was fully observed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import demo
from analytics.ingest import ingest_files
from analytics.scope import Scope
from analytics.store import Store
from models.report import exit_reasons, run_survival
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
DAYS_PER_MONTH = 30.4375


def _load(directory: Path, n: int, seed: int, world: demo.PlantedWorld | None = None) -> Store:
    demo.write_demo(directory, n, seed, coded=True, world=world)
    store = Store(f"duckdb:///{directory / 'store.duckdb'}")
    ingest_files(
        store, customers_path=directory / "customers.csv", interactions_path=directory / "interactions.csv"
    )
    return store


def _planted_survival(world: demo.PlantedWorld, t: np.ndarray) -> np.ndarray:
    """exp(-H0(t)) for the world's piecewise-constant baseline hazard (tenure days)."""
    starts = np.array([s for s, _ in world.baseline_monthly_hazard])
    rates = np.array([h for _, h in world.baseline_monthly_hazard]) / DAYS_PER_MONTH
    ends = np.r_[starts[1:], np.inf]
    cum = np.array([np.sum(rates * np.clip(np.minimum(x, ends) - starts, 0, None)) for x in t])
    return np.exp(-cum)


@pytest.mark.slow
def test_tenure_curve_recovers_the_planted_baseline(tmp_path):
    """Every hazard ratio set to 1: churn is the baseline alone, so the Kaplan–Meier curve of tenure
    must contain exp(-H0(t)) in its band at 90, 180, 365 and 540 days and stay within 2 points;
    plan and segment make no difference (log-rank p > 0.01)."""
    world = replace(
        demo.PlantedWorld().without_failure_effects(), hr_business=1.0, hr_plan_plus=1.0, hr_plan_premium=1.0
    )
    report = run_survival(_load(tmp_path, 6000, 41, world))
    at = report.by["overall"].survival_at([90, 180, 365, 540])
    truth = _planted_survival(world, at["time"].to_numpy())
    assert ((at["low"] <= truth) & (truth <= at["high"])).all(), at.assign(truth=truth)
    assert np.max(np.abs(at["survival"] - truth)) < 0.02
    assert report.tests["plan"].p_value > 0.01 and report.tests["segment"].p_value > 0.01
    assert set(report.by) == {"overall", "segment", "plan", "revenue_band"}
    assert report.customers == 6000 and report.churned == int(report.by["overall"].median_["events"].iloc[0])


@pytest.mark.slow
def test_recovered_failures_are_followed_by_longer_stays_only_when_recovery_works(tmp_path):
    """The same world twice (same seed), once with recovery planted to cut the hazard to a quarter
    and once with recovery doing nothing. From the first failure, the recovered customers' curve
    must be clearly above the unrecovered one in the first world (log-rank p < 0.001, 90-day
    survival intervals apart) and indistinguishable in the second (p > 0.01)."""
    strong = run_survival(_load(tmp_path / "strong", 6000, 31, demo.PlantedWorld(hr_recovered=0.25)))
    null = run_survival(_load(tmp_path / "null", 6000, 31, demo.PlantedWorld(hr_recovered=1.0)))

    assert strong.tests["recovered:any"].p_value < 1e-3
    at = strong.recovery["any"].survival_at([90]).set_index("group")
    assert at.loc["recovered", "low"] > at.loc["not recovered", "high"]
    for fam in ("attitude", "process"):
        s = strong.recovery[fam].survival_at([90]).set_index("group")["survival"]
        assert s["recovered"] > s["not recovered"], fam

    assert null.tests["recovered:any"].p_value > 0.01
    # Every family had failures, and each customer appears once per family curve.
    assert set(strong.recovery) == {"attitude", "process", "price", "quality", "any"}
    groups = strong.after_failure.median_.set_index("group")["n"]
    assert groups["any"] >= groups[["attitude", "process", "price", "quality"]].max()


@pytest.fixture(scope="module")
def shipped_demo(tmp_path_factory) -> Store:
    """The shipped demo dataset (data/demo), loaded the way the dashboard's first start loads it."""
    d = tmp_path_factory.mktemp("shipped")
    store = Store(f"duckdb:///{d / 'store.duckdb'}")
    ingest_files(
        store,
        customers_path=ROOT / "data/demo/customers.csv",
        interactions_path=ROOT / "data/demo/interactions.csv",
    )
    return store


def test_exit_reason_incidence_agrees_with_the_fully_observed_cohort(shipped_demo):
    """Customers who joined at least a year before the as-of date were watched for a whole year, so
    for them "left within 365 days citing X" is a plain proportion. The Aalen–Johansen estimate,
    which uses every customer (censored ones included), must agree with it for every stated cause
    within 2.5 points, and the causes plus the staying probability must add up to 1."""
    report = run_survival(shipped_demo)
    cif = report.exit_causes.cif_at([365]).set_index("cause")["cif"]
    stay = report.by["overall"].survival_at([365])["survival"].iloc[0]
    assert cif.sum() + stay == pytest.approx(1.0, abs=1e-9)

    customers = pd.read_csv(ROOT / "data/demo/customers.csv", parse_dates=["start_date", "end_date"])
    as_of = pd.Timestamp(report.window.end)
    cohort = customers[customers["start_date"] <= as_of - pd.Timedelta(days=365)]
    stayed_days = (cohort["end_date"] - cohort["start_date"]).dt.days + 1
    left_in_year = cohort["end_date"].notna() & (stayed_days <= 365)
    causes = exit_reasons(shipped_demo, report.scope).set_index("customer_id")["cause"]
    cited = cohort["customer_id"].map(causes)
    assert len(cohort) > 2000
    for cause, estimate in cif.items():
        observed = float((left_in_year & (cited == cause)).mean())
        assert abs(estimate - observed) < 0.025, (cause, estimate, observed)
    assert {"price", "quality", "none"} <= set(cif.index)


@pytest.mark.slow
def test_survival_cli_prints_json_and_a_readable_table(shipped_demo):
    run = ("survival", "--db", shipped_demo.url)
    res = run_cli(*run, "--json")
    assert res.returncode == 0, res.stderr
    payload = json.loads(res.stdout)
    assert set(payload) >= {"customers", "churned", "window", "tenure", "after_failure", "exit_causes"}
    assert set(payload["tenure"]) == {"overall", "segment", "plan", "revenue_band"}
    assert payload["tenure"]["overall"]["logrank"] is None
    assert 0 <= payload["tenure"]["plan"]["logrank"]["p_value"] <= 1
    any_failure = payload["after_failure"]["any"]
    assert set(any_failure["survival"]) == {"recovered", "not recovered"}
    for curve in any_failure["survival"].values():
        values = [curve[h] for h in ("90", "180", "365")]
        assert values == sorted(values, reverse=True) and 0 < values[-1] <= 1

    table = run_cli(*run).stdout
    assert "Staying after any failure, recovered vs not" in table and "log-rank p =" in table

    empty = Store(shipped_demo.url.replace("store.duckdb", "empty.duckdb"))
    empty.create_all()
    res = run_cli("survival", "--db", empty.url)
    assert res.returncode == 1 and "holds no customers" in res.stderr


def test_as_of_date_censors_later_churn(shipped_demo):
    """An earlier as-of date: churn after it is not an event, and the window ends there."""
    report = run_survival(shipped_demo, Scope(as_of=date(2024, 12, 31)))
    assert report.window.end == date(2024, 12, 31)
    full = run_survival(shipped_demo)
    assert report.churned < full.churned and report.customers < full.customers


def test_report_survives_a_cache_round_trip(shipped_demo):
    """Pages cache the report (st.cache_data pickles it): the copy gives the same figures."""
    import pickle

    report = run_survival(shipped_demo)
    copy = pickle.loads(pickle.dumps(report))
    assert copy.to_json() == report.to_json()
    pd.testing.assert_frame_equal(copy.recovery["any"].survival_, report.recovery["any"].survival_)


@pytest.mark.quick
def test_placeholder_exit_reasons_count_as_not_stated(tmp_path):
    """Exports fill "Otro", "N/A", "no especifica" where no reason was given: those are not
    stated, not a family guessed from the word."""
    import sqlalchemy as sa

    from analytics.schema import customers

    reasons = ["Otro", "N/A", "No especifica", "muy caro", "", None, "me trataron mal", "  OTROS "]
    store = Store(f"duckdb:///{tmp_path / 'store.duckdb'}")
    store.create_all()
    with store.write() as conn:
        conn.execute(
            sa.insert(customers),
            [
                {
                    "customer_id": f"C{k}",
                    "start_date": date(2024, 1, 1),
                    "end_date": date(2024, 6, 1),
                    "churn_reason": r,
                }
                for k, r in enumerate(reasons)
            ],
        )
    causes = exit_reasons(store, Scope(start=date(2024, 1, 1), as_of=date(2024, 12, 31))).set_index(
        "customer_id"
    )["cause"]
    expected = ["not_stated"] * 3 + ["price", "not_stated", "not_stated", "attitude", "not_stated"]
    assert [causes[f"C{k}"] for k in range(len(reasons))] == expected
