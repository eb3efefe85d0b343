"""The episode and customer-period tables, against answers worked out by hand, on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from analytics import periods
from analytics.schema import customers, interaction_labels, interactions
from analytics.scope import Scope


def _load(store):
    cust = [
        dict(
            customer_id="C1",
            start_date=date(2024, 1, 1),
            end_date=date(2024, 7, 19),
            segment="residential",
            plan="basic",
            monthly_revenue=30.0,
        ),
        dict(
            customer_id="C2",
            start_date=date(2024, 6, 1),
            end_date=None,
            segment="business",
            plan="plus",
            monthly_revenue=50.0,
        ),
    ]
    inter = [
        # C1: a recovered attitude failure on day 40.5, a process failure on day 60, an ordinary contact.
        dict(
            interaction_key="k1",
            customer_id="C1",
            timestamp=datetime(2024, 2, 10, 12),
            topic="billing",
            resolved=True,
            apology=True,
        ),
        dict(
            interaction_key="k2",
            customer_id="C1",
            timestamp=datetime(2024, 3, 1),
            topic="internet",
            resolved=False,
        ),
        dict(
            interaction_key="k3", customer_id="C1", timestamp=datetime(2024, 5, 1), topic="tv", resolved=True
        ),
        dict(
            interaction_key="k4", customer_id="C2", timestamp=datetime(2024, 6, 3), topic="tv", resolved=True
        ),
    ]
    labels = [
        dict(
            interaction_key="k1",
            family="attitude",
            subtype="rude",
            source="coded",
            probability=1.0,
            is_primary=True,
        ),
        dict(
            interaction_key="k2",
            family="process",
            subtype="handoff",
            source="structured",
            probability=1.0,
            is_primary=True,
        ),
    ]
    inter = [{"apology": None, **row} for row in inter]
    with store.write() as conn:
        conn.execute(sa.insert(customers), cust)
        conn.execute(sa.insert(interactions), inter)
        conn.execute(sa.insert(interaction_labels), labels)


SPEC = Scope(as_of=date(2024, 12, 31), start=date(2024, 1, 1))

# C1 (tenure days): a failure's exposure starts a day after the contact (exposure_lag_days=1) and
# lasts 90 days. Cuts at 0, 30 (band), 41.5 (attitude on), 61 (process on), 90 (band), 131.5
# (attitude off), 151 (process off), 180 (band), 201 (end of 2024-07-19, churn).
C1_EPISODES = [
    # start, stop, band, f_att, r_att, f_proc, event, smask, rsmask (rude = bit 0, handoff = bit 9)
    (0.0, 30.0, 0, 0, 0, 0, 0, 0, 0),
    (30.0, 41.5, 1, 0, 0, 0, 0, 0, 0),
    (41.5, 61.0, 1, 1, 1, 0, 0, 1, 1),
    (61.0, 90.0, 1, 1, 1, 1, 0, 513, 1),
    (90.0, 131.5, 2, 1, 1, 1, 0, 513, 1),
    (131.5, 151.0, 2, 0, 0, 1, 0, 512, 0),
    (151.0, 180.0, 2, 0, 0, 0, 0, 0, 0),
    (180.0, 201.0, 3, 0, 0, 0, 1, 0, 0),
]
# The same with no lag: exposure starts at the contact (40.5 and 60).
C1_EPISODES_NO_LAG = [
    (0.0, 30.0, 0, 0, 0, 0, 0, 0, 0),
    (30.0, 40.5, 1, 0, 0, 0, 0, 0, 0),
    (40.5, 60.0, 1, 1, 1, 0, 0, 1, 1),
    (60.0, 90.0, 1, 1, 1, 1, 0, 513, 1),
    (90.0, 130.5, 2, 1, 1, 1, 0, 513, 1),
    (130.5, 150.0, 2, 0, 0, 1, 0, 512, 0),
    (150.0, 180.0, 2, 0, 0, 0, 0, 0, 0),
    (180.0, 201.0, 3, 0, 0, 0, 1, 0, 0),
]
EPISODE_COLUMNS = ["start", "stop", "band", "f_att", "r_att", "f_proc", "event", "smask", "rsmask"]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(round(float(x), 6) for x in row) for row in frame[EPISODE_COLUMNS].itertuples(index=False)]


@pytest.mark.quick
def test_episodes_match_hand_computed(store):
    _load(store)
    ep = periods.episodes(store, SPEC)
    c1 = ep[ep["customer_id"] == "C1"]
    assert _rows(c1) == [tuple(float(x) for x in row) for row in C1_EPISODES]
    assert c1["f_price"].sum() == 0 and c1["r_proc"].sum() == 0
    no_lag = periods.episodes(store, replace(SPEC, exposure_lag_days=0))
    assert _rows(no_lag[no_lag["customer_id"] == "C1"]) == [
        tuple(float(x) for x in r) for r in C1_EPISODES_NO_LAG
    ]
    c2 = ep[ep["customer_id"] == "C2"]
    # C2: 2024-06-01 to the end of 2024-12-31 = 214 days, censored; cuts at 30, 90, 180.
    assert list(c2["start"]) == [0.0, 30.0, 90.0, 180.0]
    assert list(c2["stop"]) == [30.0, 90.0, 180.0, 214.0]
    assert c2["event"].sum() == 0


@pytest.mark.quick
def test_episode_states_sum_episodes(store):
    _load(store)
    st = periods.episode_states(store, SPEC)
    c1 = st[st["customer_id"] == "C1"].set_index(["band", "fmask", "rmask"])
    assert c1.loc[(1, 1, 1), "exposure"] == pytest.approx(19.5)
    assert c1.loc[(1, 3, 1), "exposure"] == pytest.approx(29.0)
    assert c1.loc[(2, 3, 1), "exposure"] == pytest.approx(41.5)
    assert c1.loc[(2, 2, 0), "exposure"] == pytest.approx(19.5)
    assert c1.loc[(3, 0, 0), "events"] == 1
    # rude + handoff; rude recovered, handoff not
    assert c1.loc[(2, 3, 1), ["smask", "rsmask", "usmask"]].tolist() == [513, 1, 512]
    assert st["exposure"].sum() == pytest.approx(201 + 214)


@pytest.mark.quick
def test_customer_periods_monthly(store):
    _load(store)
    per = periods.customer_periods(store, SPEC)
    c1 = per[per["customer_id"] == "C1"].reset_index(drop=True)
    # 201 days of tenure = 7 periods of 30.4375 days (the last one partial, ending in churn).
    assert len(c1) == 7
    assert c1["event"].tolist() == [0] * 6 + [1]
    assert c1.loc[6, "stop"] == pytest.approx(201.0)
    # Period 2 starts at 60.875: the attitude failure (day 40.5) exposes from 41.5; the process
    # failure (day 60) only from 61, after the period's start.
    assert (c1.loc[2, "recent_att"], c1.loc[2, "recent_proc"]) == (1, 0)
    assert (c1.loc[2, "recent_recovered"], c1.loc[2, "recent_unrecovered"]) == (1, 0)
    # Period 3 starts at 91.31: both expose.
    assert (c1.loc[3, "recent_att"], c1.loc[3, "recent_proc"]) == (1, 1)
    assert (c1.loc[3, "recent_recovered"], c1.loc[3, "recent_unrecovered"]) == (1, 1)
    # Period 1 starts at 30.4375: no failure yet.
    assert c1.loc[1, ["recent_att", "cum_att", "cum_proc"]].tolist() == [0, 0, 0]
    # Period 5 starts at 152.19: the attitude failure (day 40.5) left the window; cumulative keeps it.
    assert (c1.loc[5, "recent_att"], c1.loc[5, "cum_att"], c1.loc[5, "recent_proc"]) == (0, 1, 0)
    # Contacts: k1 (day 40.5) in period 1, k2 (day 60) in period 1, k3 (day 121) in period 3.
    assert c1["contacts"].tolist() == [0, 2, 0, 1, 0, 0, 0]
    assert c1.loc[2, "contacts_cum"] == 2
    # k1 resolved with no same-topic repeat: first-contact resolved; k2 was not resolved.
    assert c1.loc[2, "fcr_cum"] == 1
    c2 = per[per["customer_id"] == "C2"]
    assert c2["event"].sum() == 0 and c2["stop"].max() == pytest.approx(214.0)
    weekly = periods.customer_periods(store, SPEC, freq="week")
    assert len(weekly[weekly["customer_id"] == "C1"]) == int(np.ceil(201 / 7))


@pytest.mark.quick
def test_failure_followup_starts_at_each_familys_first_failure(store):
    _load(store)
    fu = periods.failure_followup(store, SPEC).set_index("family")
    assert sorted(fu.index) == ["any", "attitude", "process"]  # C2 had no failure
    # C1 left at the end of tenure day 201: attitude on day 40.5 (recovered: resolved + apology),
    # process on day 60 (not resolved); "any" is the first of them.
    expected = {"attitude": (40.5, 160.5, 1), "process": (60.0, 141.0, 0), "any": (40.5, 160.5, 1)}
    for fam, (t, duration, recovered) in expected.items():
        row = fu.loc[fam]
        assert (row["customer_id"], row["event"]) == ("C1", 1)
        assert (float(row["t_failure"]), float(row["duration"]), row["recovered"]) == pytest.approx(
            (t, duration, recovered)
        )


@pytest.mark.quick
def test_revenue_bands_are_customer_quartiles():
    per_customer = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0, None])
    bands = periods.revenue_bands(per_customer)
    assert bands.tolist() == ["10–20", "10–20", "20–30", "30–40", "40–50", "unknown"]
    # on a period table each customer counts once, however many months they stayed
    rows = pd.Series([10.0] * 20 + [50.0])
    assert periods.revenue_bands(rows, pd.Series([10.0, 50.0])).iloc[-1] == "40–50"


@pytest.mark.quick
def test_period_parameters_validated(duck_store):
    with pytest.raises(ValueError, match=r"'window_days' parameter must be an int in \[1, 3650\]\. Got -3"):
        periods.episodes(duck_store, Scope(window_days=-3))
    _load(duck_store)
    with pytest.raises(ValueError, match="'freq' parameter must be 'month' or 'week'"):
        periods.customer_periods(duck_store, SPEC, freq="day")


@pytest.mark.postgres
def test_same_tables_on_duckdb_and_postgres(tmp_path):
    from analytics.store import Store
    from tests.conftest import _fresh_postgres_store

    duck = Store(f"duckdb:///{tmp_path / 'a.duckdb'}")
    duck.create_all()
    pg = _fresh_postgres_store()
    for s in (duck, pg):
        _load(s)
    builders = (periods.episodes, periods.customer_periods, periods.episode_states, periods.failure_followup)
    for builder in builders:
        a = builder(duck, SPEC).reset_index(drop=True)
        b = builder(pg, SPEC).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)


def _load_more(store):
    """The two customers of ``_load`` and a third who left on 2024-09-30 with a price failure logged
    that very day (the cancellation call); C3 also had a process failure coded with its family only
    a month before, and C2 an attitude failure on 2024-12-01 still exposing it at the as-of date."""
    _load(store)
    with store.write() as conn:
        conn.execute(
            sa.insert(customers),
            [
                dict(
                    customer_id="C3",
                    start_date=date(2024, 3, 1),
                    end_date=date(2024, 9, 30),
                    segment="residential",
                    plan="basic",
                    monthly_revenue=40.0,
                )
            ],
        )
        conn.execute(
            sa.insert(interactions),
            [
                dict(interaction_key="k5", customer_id="C3", timestamp=datetime(2024, 8, 30, 9), topic="tv"),
                dict(
                    interaction_key="k6",
                    customer_id="C3",
                    timestamp=datetime(2024, 9, 30, 11),
                    topic="contract",
                ),
                dict(interaction_key="k7", customer_id="C2", timestamp=datetime(2024, 12, 1, 10), topic="tv"),
            ],
        )
        conn.execute(
            sa.insert(interaction_labels),
            [
                dict(
                    interaction_key="k5",
                    family="process",
                    subtype=None,
                    source="coded",
                    probability=1.0,
                    is_primary=True,
                ),
                dict(
                    interaction_key="k6",
                    family="price",
                    subtype=None,
                    source="coded",
                    probability=1.0,
                    is_primary=True,
                ),
                dict(
                    interaction_key="k7",
                    family="attitude",
                    subtype="rude",
                    source="coded",
                    probability=1.0,
                    is_primary=True,
                ),
            ],
        )


def test_exit_date_failures_are_reported_apart_and_never_expose(store):
    """The cancellation call coded as a price failure: listed by exit_contacts, absent from the
    exposures, the failure frame and the contact counts; the family-only process failure gets its
    family's unspecified slot."""
    _load_more(store)
    exits = periods.exit_contacts(store, SPEC)
    assert exits.to_dict("records") == [
        {"family": "price", "subtype": "price_unspecified", "failures": 1, "customers": 1}
    ]
    assert (exits.attrs["churned"], exits.attrs["customers"]) == (2, 1)
    ep = periods.episodes(store, SPEC)
    c3 = ep[ep["customer_id"] == "C3"]
    assert c3["f_price"].sum() == 0 and c3["event"].sum() == 1
    unspecified = periods.UNSPECIFIED_BIT["process"]
    # k5 on tenure day 182.375 (2024-08-30 09:00) exposes from 183.375 to the exit at 214.
    exposed = c3[c3["smask"] == unspecified]
    assert exposed["start"].tolist() == [pytest.approx(183.375)] and exposed["stop"].tolist() == [214.0]
    fails = periods.failure_frame(store, SPEC)
    assert fails.loc[fails["customer_id"] == "C3", "smask"].tolist() == [unspecified]
    counts = periods.contact_counts(store, SPEC).set_index("customer_id")["contacts"]
    assert counts.to_dict() == {"C1": 3, "C2": 2, "C3": 1}
    # With no lag at all the exit-date failure still never exposes anyone.
    no_lag = periods.episodes(store, replace(SPEC, exposure_lag_days=0))
    assert no_lag.loc[no_lag["customer_id"] == "C3", "f_price"].sum() == 0


@pytest.mark.quick
def test_active_at_the_as_of_date(store):
    _load_more(store)
    active = periods.active_at(store, SPEC)
    assert active.as_of == date(2024, 12, 31) and (active.window_days, active.exposure_lag_days) == (90, 1)
    c = active.customers
    assert c["customer_id"].tolist() == ["C2"]  # C1 and C3 left
    row = c.iloc[0]
    assert (row["tenure"], row["days"], row["band"], row["contacts"]) == (214.0, 214.0, 3, 2)
    assert (row["segment"], row["plan"], row["monthly_revenue"]) == ("business", "plus", 50.0)
    # k7 on tenure day 183.4167 (2024-12-01 10:00): exposes on (184.4167, 274.4167], past the as-of date.
    f = active.failures
    assert (
        f["customer_id"].tolist() == ["C2"] and f["smask"].tolist() == [1] and f["recovered"].tolist() == [0]
    )
    assert (f["on"].iloc[0], f["off"].iloc[0]) == (pytest.approx(184 + 10 / 24), pytest.approx(274 + 10 / 24))
    assert len(active) == 1
