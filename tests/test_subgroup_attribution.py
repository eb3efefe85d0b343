"""A subgroup's attributable shares read from the model fitted on every customer (no refit),
against planted truth.

The world: business customers contact three times as often as residential ones (so they meet
three times as many failures) under the same hazard ratios, so the share of their churn that
failures cause is much larger than the residential customers' — and the whole's lies between.
The generator keeps each customer's cumulative hazard to the window's end in the factual world
and in every counterfactual (a set of families never failing), so a subgroup's true shares are
the same sums taken over its customers only (``demo.attribution_summary``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

import demo
from analytics import periods
from analytics.ingest import ingest_files
from analytics.scope import Scope
from analytics.store import Store
from analytics.taxonomy import FAMILIES
from demo.truth import all_subsets
from models.attribution import ChurnAttribution
from models.labels import ensure_labels
from models.report import run_attribution

N_CUSTOMERS = 8000
SEED = 3  # chosen before looking at any result
WORLD = demo.PlantedWorld(contact_rate_business_factor=3.0, share_business=0.4)
JOINT = ("attitude_and_process", "price_and_quality", "all_failures")


def _truth(data: demo.DemoData, mask: np.ndarray) -> dict[str, float]:
    """The planted shares of the customers in ``mask``: expected churn Σ 1 − exp(−H_i^S) over
    them in each counterfactual world; families as Shapley values (what the model reports)."""
    events = {s: float(-np.expm1(-data.cumhaz_end[demo.subset_label(s)][mask]).sum()) for s in all_subsets()}
    summary = demo.attribution_summary(events)
    return {**summary["shapley"], **{k: summary[k] for k in JOINT}}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    out = tmp_path_factory.mktemp("subgroups")
    data = demo.generate(N_CUSTOMERS, SEED, world=WORLD)
    demo.write_tables(data, out)
    store = Store(f"duckdb:///{out / 'store.duckdb'}")
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    ensure_labels(store)
    scope = Scope().resolved(store)
    cust = periods.customer_frame(store, scope)
    fitted = ChurnAttribution(n_bootstrap=40, seed=SEED).fit(
        periods.episode_states(store, scope),
        cust,
        periods.failure_frame(store, scope),
        periods.contact_counts(store, scope),
        subgroups=("segment", "plan", "region"),
    )
    return data, store, fitted


def _segment_mask(data: demo.DemoData, ids: np.ndarray, segment: str) -> np.ndarray:
    return (data.customers.set_index("customer_id")["segment"].reindex(ids) == segment).to_numpy()


@pytest.mark.slow
def test_subgroup_shares_find_planted_truth(world):
    """Each segment's shares, read from the one fit, are within a few points of that segment's
    planted truth and their intervals cover it — while the two segments' truths lie far apart."""
    data, _, fitted = world
    seg = data.customers["segment"].to_numpy()
    truth = {s: _truth(data, seg == s) for s in ("business", "residential")}
    whole = _truth(data, np.ones(len(seg), bool))
    # The world does what the test needs: the subgroups' truths differ from the whole's.
    assert truth["business"]["attitude_and_process"] > whole["attitude_and_process"] + 0.08
    assert truth["residential"]["attitude_and_process"] < whole["attitude_and_process"] - 0.05
    misses, checks = [], 0
    for segment, real in truth.items():
        got = fitted.filtered_shares({"segment": [segment]}).attributable_share
        for row in JOINT:
            assert abs(got.loc[row, "estimate"] - real[row]) < 0.04, (segment, row, got.loc[row], real[row])
            checks += 1
            if not got.loc[row, "low"] <= real[row] <= got.loc[row, "high"]:
                misses.append((segment, row, real[row], *got.loc[row]))
        for fam in FAMILIES:
            assert abs(got.loc[fam, "estimate"] - real[fam]) < 0.05, (segment, fam, got.loc[fam], real[fam])
    # A 95 % interval misses one time in twenty: of these six, more misses than the binomial's 97th
    # percentile (two; three or more has probability 0.2 %) says the intervals do not cover.
    assert len(misses) <= int(binom.ppf(0.97, checks, 0.05)), misses
    # And the subgroup's answer is not the whole's: the business estimate is well above it.
    business = fitted.filtered_shares({"segment": ["business"]}).attributable_share
    overall = fitted.attributable_share_
    assert business.loc["attitude_and_process", "low"] > overall.loc["attitude_and_process", "estimate"]


@pytest.mark.slow
def test_filtered_shares_equal_the_mask_computation(world):
    """The cells kept at fit time answer a filter with the same numbers as summing over the mask
    of its customers (point fit and every replicate); expected churn adds up over subgroups."""
    data, _, fitted = world
    ids = fitted.customer_ids_
    info = data.customers.set_index("customer_id").reindex(ids)
    filters = {"segment": ["business"], "region": ["Bogotá", "Antioquia"]}
    mask = (info["segment"].isin(filters["segment"]) & info["region"].isin(filters["region"])).to_numpy()
    fast = fitted.filtered_shares(filters)
    slow = fitted.subgroup_shares(mask)
    assert fast.customers == slow.customers == int(mask.sum())
    assert fast.churned == slow.churned == int(fitted.churned_[mask].sum())
    pd.testing.assert_frame_equal(fast.attributable_share, slow.attributable_share, rtol=1e-9)
    assert fast.expected_churn == pytest.approx(slow.expected_churn, rel=1e-12)
    parts = [fitted.filtered_shares({"segment": [s]}).expected_churn for s in ("business", "residential")]
    assert sum(parts) == pytest.approx(fitted.expected_churn_.iloc[0], rel=1e-12)
    # Every customer: the whole's own shares and intervals.
    every = fitted.subgroup_shares(np.ones(len(ids), bool)).attributable_share
    pd.testing.assert_frame_equal(every, fitted.attributable_share_, rtol=1e-9)


@pytest.mark.slow
def test_subgroup_messages(world):
    _, _, fitted = world
    with pytest.raises(ValueError, match="not by \\['team'\\]"):
        fitted.filtered_shares({"team": ["billing"]})
    with pytest.raises(ValueError, match="No customer"):
        fitted.filtered_shares({"segment": ["nobody"]})
    with pytest.raises(ValueError, match="one boolean per customer"):
        fitted.subgroup_shares(np.ones(3, bool))
    with pytest.raises(ValueError, match="not columns of customers"):
        ChurnAttribution(n_bootstrap=0).fit(
            pd.DataFrame(columns=["customer_id", "band", "fmask", "rmask", "exposure", "events"]),
            pd.DataFrame({"customer_id": ["C1"], "segment": ["a"]}),
            pd.DataFrame(),
            pd.DataFrame(),
            subgroups=("colour",),
        )


@pytest.mark.slow
def test_report_reads_a_filter_from_the_fit_on_every_customer(world):
    """The report the dashboard keeps answers a segment filter from its fit — no refit, the same
    numbers as the fitted model's — and says why a contact filter or another window cannot."""
    _, store, _ = world
    report = run_attribution(store, n_bootstrap=20, seed=SEED, hazard_model="discrete")
    scope = Scope(segment=("business",)).resolved(store)
    sub = report.subgroup(scope)
    pd.testing.assert_frame_equal(
        sub.attributable_share,
        report.attribution.filtered_shares({"segment": ["business"]}).attributable_share,
    )
    assert sub.customers == int((periods.customer_frame(store, scope)["segment"] == "business").sum()), (
        "the subgroup is the customers the filter selects"
    )
    assert report.subgroup(Scope().resolved(store)) is None
    with pytest.raises(ValueError, match="unit is the customer"):
        report.subgroup(Scope(channel=("phone",)).resolved(store))
    with pytest.raises(ValueError, match="same window"):
        report.subgroup(
            Scope(segment=("business",), start=scope.start.replace(year=scope.start.year + 1)).resolved(store)
        )
