"""The reports as the database keeps them (slimmed): the same figures as the fitted ones, a
fraction of the size."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import demo
from analytics.ingest import ingest_files
from analytics.scope import Scope
from analytics.store import Store
from dashboard.figures.survival import km_curves
from models.report import run_attribution, run_survival
from tests.figure_check import checked


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    out = tmp_path_factory.mktemp("slim")
    demo.write_tables(demo.generate(600, 5), out)
    store = Store(f"duckdb:///{out / 'slim.duckdb'}")
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    return store


def test_the_kept_attribution_answers_what_pages_and_scenarios_ask(store):
    full = run_attribution(store, Scope(), n_bootstrap=10)
    slim = full.slimmed()
    assert len(pickle.dumps(slim)) < len(pickle.dumps(full)) / 3
    back = pickle.loads(pickle.dumps(slim))
    fit, kept = full.attribution, back.attribution
    for name in ("segment", "plan", "region"):
        value = str(fit.cells_[name].dropna().iloc[0])
        pd.testing.assert_frame_equal(
            kept.filtered_shares({name: [value]}).attributable_share,
            fit.filtered_shares({name: [value]}).attributable_share,
            rtol=1e-5,
        )
    wanted = {"attitude": 0.3, "process": 0.5}
    assert kept.scenario(wanted) == fit.scenario(wanted)
    np.testing.assert_array_equal(kept.rate_tables().static_log, fit.rate_tables().static_log)
    for attr in ("contact_model_", "slot_failures_", "bootstrap_beta_", "recovery_rate_", "seg_levels_"):
        assert hasattr(kept, attr)
    pd.testing.assert_frame_equal(back.attributable_share, full.attributable_share)
    with pytest.raises(ValueError, match="slimmed model"):
        kept.subgroup_shares(np.ones(kept.n_customers_, bool))
    with pytest.raises(ValueError, match="slimmed model"):
        kept.expected_churn(["attitude"])


def test_the_kept_survival_curves_draw_the_same_and_read_the_same(store, monkeypatch):
    import dashboard.figures.survival as figure_module
    import models.report as report_module

    # fewer points than this small world's curves have, so that the thinning is exercised
    monkeypatch.setattr(figure_module, "MAX_POINTS", 40)
    monkeypatch.setattr(report_module, "DRAWN_POINTS", 40)
    full = run_survival(store, Scope())
    slim = pickle.loads(pickle.dumps(full.slimmed()))
    assert slim.to_json() == full.to_json()  # medians, survival at the horizons, tests: exact
    for key, km in full.by.items():
        a, b = (
            checked(km_curves(km.survival_, "en", "t")),
            checked(km_curves(slim.by[key].survival_, "en", "t")),
        )
        assert (a is None) == (b is None)
        if a is not None:
            for ta, tb in zip(a.data, b.data, strict=True):
                np.testing.assert_array_equal(ta.x, tb.x)
                np.testing.assert_array_equal(ta.y, tb.y)
    assert len(slim.by["overall"].survival_) < len(full.by["overall"].survival_)
    assert len(slim.after_failure.survival_) < len(full.after_failure.survival_)
