"""Funnel-plot limits and shrunk rates against planted truth.

The worlds: units (agents) with volumes from 50 to 2,000 contacts, a common failure rate of 20 %,
overdispersion planted as a normal random effect on the logit scale (sd 0.25, about ±4 points of
rate; not the arcsine scale the limits are built on, so the test does not grade the model on its
own assumptions), and a few planted outliers at 45 %. The limits must name the outliers and keep
the share of in-control units outside near the nominal 5 % and 0.2 %; limits that ignore the
overdispersion must not (so the test can tell the two apart). Shrunk rates are graded on units
whose true rates are drawn from a known beta distribution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from models.base import NotFittedError
from models.funnel import FunnelLimits, ShrunkRates, level_name


def _world(rng, *, units=100, p0=0.2, sd_logit=0.25, planted=5, p_planted=0.45) -> pd.DataFrame:
    total = units + planted
    n = rng.integers(50, 2001, total)
    p = special.expit(special.logit(p0) + rng.normal(0.0, sd_logit, total))
    p[units:] = p_planted
    return pd.DataFrame(
        {
            "agent": [f"A{k:03d}" for k in range(total)],
            "failures": rng.binomial(n, p),
            "contacts": n,
            "planted": np.r_[np.zeros(units, bool), np.ones(planted, bool)],
        }
    )


def _rates(method: str, *, replicates=200, seed=1, **world) -> dict[str, float]:
    """Share of in-control units outside the inner/outer limits and of planted units above the
    outer limit, over ``replicates`` simulated worlds."""
    rng = np.random.default_rng(seed)
    inner = outer = n_in = found = n_planted = 0
    for _ in range(replicates):
        w = _world(rng, **world)
        fit = FunnelLimits(overdispersion=method).fit(w, "failures", "contacts", "agent")
        band = fit.table_["band"].to_numpy()
        ok = ~w["planted"].to_numpy()
        inner += int((band[ok] != "within").sum())
        outer += int(np.isin(band[ok], ("high_outer", "low_outer")).sum())
        n_in += int(ok.sum())
        found += int((band[~ok] == "high_outer").sum())
        n_planted += int((~ok).sum())
    return {"inner": inner / n_in, "outer": outer / n_in, "found": found / max(n_planted, 1)}


def test_limits_name_planted_outliers_and_keep_false_alarms_near_nominal():
    # 20,000 in-control units: the binomial standard error of a 5 % rate is 0.15 points.
    additive = _rates("additive")
    assert 0.03 <= additive["inner"] <= 0.07, additive
    assert additive["outer"] <= 0.006, additive
    assert additive["found"] >= 0.95, additive
    multiplicative = _rates("multiplicative")
    assert 0.03 <= multiplicative["inner"] <= 0.075, multiplicative
    assert multiplicative["outer"] <= 0.008, multiplicative
    assert multiplicative["found"] >= 0.7, multiplicative  # at high volume its limits are tighter
    # Ignoring the overdispersion: a third of the agents "outside", each one a witch hunt.
    naive = _rates("none")
    assert naive["inner"] > 0.3, naive


@pytest.mark.quick
def test_no_overdispersion_gives_binomial_limits():
    rng = np.random.default_rng(7)
    phis, taus = [], []
    inner = n_in = 0
    for _ in range(100):
        w = _world(rng, sd_logit=0.0, planted=0)
        fit = FunnelLimits().fit(w, "failures", "contacts", "agent")
        phis.append(fit.phi_)
        taus.append(fit.tau2_)
        inner += int(fit.table_["outside"].sum())
        n_in += len(w)
    assert np.mean(phis) == pytest.approx(1.0, abs=0.1)
    # τ² is estimated > 0 only by chance and stays far below the binomial variance of a unit.
    assert np.median(taus) < 0.25 / 2000
    assert 0.025 <= inner / n_in <= 0.065


@pytest.mark.quick
def test_additive_limits_recover_the_planted_random_effect():
    # A random effect planted on the arcsine scale itself (sd 0.05) is what τ estimates.
    rng = np.random.default_rng(3)
    estimates = []
    for _ in range(50):
        n = rng.integers(50, 2001, 400)
        theta = np.arcsin(np.sqrt(0.2)) + rng.normal(0.0, 0.05, n.size)
        y = rng.binomial(n, np.sin(theta) ** 2)
        fit = FunnelLimits().fit(pd.DataFrame({"events": y, "trials": n}))
        estimates.append(np.sqrt(fit.tau2_))
    assert np.mean(estimates) == pytest.approx(0.05, abs=0.005)


@pytest.mark.quick
def test_binomial_limits_match_exact_binomial_quantiles():
    # With no overdispersion, the arcsine limits at a volume n are close to the exact binomial
    # quantiles of a unit at the target rate (computed here with scipy's binomial distribution).
    units = pd.DataFrame({"events": [200, 2000], "trials": [1000, 10000]})
    fit = FunnelLimits(overdispersion="none").fit(units)
    assert fit.target_ == pytest.approx(0.2)
    lim = fit.limits([100, 1000, 10000])
    for level in (0.95, 0.998):
        tail = (1 - level) / 2
        lo = stats.binom.ppf(tail, lim["trials"], 0.2) / lim["trials"]
        hi = stats.binom.ppf(1 - tail, lim["trials"], 0.2) / lim["trials"]
        name = level_name(level)
        assert np.abs(lim[f"lower_{name}"] - lo).max() < 0.012
        assert np.abs(lim[f"upper_{name}"] - hi).max() < 0.012
    # And exactly the arcsine formula: sin²(asin √0.2 ± z / (2 √n)).
    half = stats.norm.ppf(0.975) / (2 * np.sqrt(100))
    assert lim["upper_95"].iloc[0] == pytest.approx(np.sin(np.arcsin(np.sqrt(0.2)) + half) ** 2)
    assert lim["lower_95"].iloc[0] == pytest.approx(np.sin(np.arcsin(np.sqrt(0.2)) - half) ** 2)


@pytest.mark.quick
def test_outside_names_units_above_the_minimum_volume():
    rng = np.random.default_rng(11)
    w = _world(rng, planted=0)
    w.loc[len(w)] = ["tiny", 9, 10, False]  # 90 % on 10 contacts: below the minimum volume
    w.loc[len(w)] = ["bad", 500, 1000, True]
    w.loc[len(w)] = ["good", 40, 1000, True]
    fit = FunnelLimits(min_volume=30).fit(w, "failures", "contacts", "agent")
    table = fit.table_.set_index("unit")
    assert table.loc["tiny", "band"] == "below_min_volume" and not table.loc["tiny", "outside"]
    assert table.loc["bad", "band"] == "high_outer" and table.loc["good", "band"] == "low_outer"
    named = list(fit.outside_["unit"])
    assert named[0] == "bad" and "good" in named and "tiny" not in named
    assert fit.outside_["z_adjusted"].abs().is_monotonic_decreasing
    assert fit.n_estimating_ == len(w) - 1
    # Each unit's limits are the curve's at its volume.
    row = table.loc["bad"]
    curve = fit.limits([row["trials"]]).iloc[0]
    assert curve["upper_99_8"] == pytest.approx(row["upper_99_8"])
    # Limits widen as volume falls and stay within [0, 1].
    lim = fit.limits()
    assert lim["upper_95"].is_monotonic_decreasing and lim["lower_95"].is_monotonic_increasing
    assert lim[["lower_99_8", "upper_99_8"]].stack().between(0, 1).all()
    assert lim["trials"].iloc[0] == 30


@pytest.mark.quick
def test_shrunk_rates_beat_raw_rates_against_the_planted_truth():
    rng = np.random.default_rng(0)
    ratios, better_board = [], 0
    for _ in range(20):
        p = rng.beta(6, 14, 300)  # true rates: mean 0.3, prior strength 20
        n = rng.geometric(1 / 40, 300)  # many units with a handful of trials
        units = pd.DataFrame({"recovered": rng.binomial(n, p), "failures": n})
        fit = ShrunkRates(min_volume=1).fit(units, "recovered", "failures")
        t = fit.table_
        ratios.append(np.mean((t["shrunk_rate"] - p) ** 2) / np.mean((t["raw_rate"] - p) ** 2))
        assert fit.prior_mean_ == pytest.approx(0.3, abs=0.03)
        assert 8 <= fit.prior_strength_ <= 50
        board = fit.board(10)
        raw_top = t.sort_values("raw_rate", ascending=False).index[:10]
        better_board += p[board["unit"].to_numpy()].mean() > p[raw_top].mean()
    assert max(ratios) < 0.5 and np.mean(ratios) < 0.35
    assert better_board == 20  # the board's top ten are truly better than the raw ranking's


@pytest.mark.quick
def test_one_lucky_week_does_not_win():
    units = pd.DataFrame(
        {
            "agent": ["lucky", "steady", "big", *[f"A{k}" for k in range(30)]],
            "recovered": [3, 70, 420, *([30] * 30)],
            "failures": [3, 100, 700, *([100] * 30)],
        }
    )
    fit = ShrunkRates(min_volume=1).fit(units, "recovered", "failures", "agent")
    board = fit.board(3)
    assert board["unit"].iloc[0] == "steady" and "lucky" not in set(board["unit"].iloc[:2])
    lucky = fit.table_.set_index("unit").loc["lucky"]
    assert lucky["raw_rate"] == 1.0 and lucky["shrunk_rate"] < 0.7
    assert lucky["low"] < 0.5 < lucky["high"]
    # With a minimum volume it is not on the board at all; failure rates rank the lowest first.
    assert "lucky" not in set(
        ShrunkRates(min_volume=30).fit(units, "recovered", "failures", "agent").board(40)["unit"]
    )
    low = fit.board(1, best="low")
    assert low["shrunk_rate"].iloc[0] == fit.table_.loc[fit.table_["eligible"], "shrunk_rate"].min()


@pytest.mark.quick
def test_no_difference_between_units_shrinks_to_the_overall_rate():
    # Units that differ by chance alone: the prior outweighs the largest unit (200 trials), so the
    # shrunk rates sit near the overall rate — in every one of 20 worlds, and far nearer in most.
    ratios = []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        n = rng.integers(20, 200, 100)
        units = pd.DataFrame({"events": rng.binomial(n, 0.3), "trials": n})
        fit = ShrunkRates().fit(units)
        t = fit.table_
        assert fit.prior_strength_ > 200, seed
        assert fit.prior_mean_ == pytest.approx(units["events"].sum() / units["trials"].sum(), abs=0.005)
        ratios.append(t["shrunk_rate"].std() / t["raw_rate"].std())
    assert max(ratios) < 0.3 and np.median(ratios) < 0.05


@pytest.mark.quick
def test_estimator_conventions_and_messages():
    units = pd.DataFrame({"events": [1, 2, 3], "trials": [10, 20, 30]})
    for cls, method in ((FunnelLimits, "limits"), (ShrunkRates, "board")):
        est = cls()
        with pytest.raises(NotFittedError, match="not fitted yet"):
            getattr(est, method)()
        assert est.fit(units) is est
    with pytest.raises(ValueError, match=r"'overdispersion' parameter of FunnelLimits must be one of"):
        FunnelLimits(overdispersion="random").fit(units)
    with pytest.raises(
        ValueError, match=r"'min_volume' parameter of ShrunkRates must be an int in \[1, inf\)"
    ):
        ShrunkRates(min_volume=0).fit(units)
    with pytest.raises(ValueError, match=r"'levels' parameter of FunnelLimits must be two increasing levels"):
        FunnelLimits(levels=(0.998, 0.95)).fit(units)
    with pytest.raises(ValueError, match=r"column\(s\) \['failures'\] not found. Columns present"):
        FunnelLimits().fit(units, events_col="failures")
    with pytest.raises(ValueError, match=r"1 row\(s\) do not hold whole counts"):
        FunnelLimits().fit(pd.DataFrame({"events": [5, 1], "trials": [4, 10]}))
    with pytest.raises(ValueError, match="no unit has any trials"):
        ShrunkRates().fit(pd.DataFrame({"events": [0], "trials": [0]}))
    # Few units: no dispersion to estimate, binomial limits.
    fit = FunnelLimits().fit(units)
    assert fit.phi_ == 1.0 and fit.tau2_ == 0.0 and fit.n_estimating_ == 1
