"""The fast path gives the SQL measures' numbers exactly: every measure a page reads, from the
rollup's sums, against :mod:`analytics.measures` on the same data and scope, on both databases —
on the hand-built contacts of ``tests/test_measures.py`` (every rule exercised there) under every
single filter and a few combinations, and on the demo dataset."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics import measures, rollup
from analytics.schema import label_runs
from analytics.scope import Scope
from tests.test_measures import SCOPE, _load

FILTERS = [
    {},
    {"channel": ("phone",)},
    {"channel": ("chat", "store")},
    {"team": ("billing",)},
    {"segment": ("res",)},
    {"plan": ("plus",)},
    {"region": ("north",)},
    {"segment": ("biz",), "channel": ("phone",)},
    {"team": ("support",), "region": ("south", "north")},
    {"segment": ("nobody",)},
]


def _same(fast: pd.DataFrame, sql: pd.DataFrame) -> None:
    """Equal frames: the same columns in the same order, the same rows, the same numbers."""
    assert list(fast.columns) == list(sql.columns)
    fast = fast.reset_index(drop=True)
    sql = sql.reset_index(drop=True)
    for col in fast.columns:
        if pd.api.types.is_numeric_dtype(sql[col]) and not pd.api.types.is_bool_dtype(sql[col]):
            pd.testing.assert_series_equal(
                fast[col].astype(float), sql[col].astype(float), check_exact=False, rtol=1e-12
            )
        else:
            a = fast[col].astype(object).where(fast[col].notna(), None).tolist()
            b = sql[col].astype(object).where(sql[col].notna(), None).tolist()
            assert a == b, col
    assert fast.attrs.get("window") == sql.attrs.get("window")


def _windowed_measures(store, scope: Scope, r: rollup.Rollup) -> None:
    """The two measures that read the rollup's windows (days to a repeat contact, days still a
    customer after a failure)."""
    for by in (None, "family", "subtype", "channel", "team", "month", "segment"):
        _same(
            rollup.first_contact_resolution(r, scope, by),
            measures.first_contact_resolution(store, scope, by=by, days=r.fcr_days),
        )
    for by in (None, "channel", "team", "segment", "region"):
        _same(
            rollup.commercial_resilience(r, scope, by),
            measures.commercial_resilience(store, scope, days=r.resilience_days, by=by),
        )


def _every_measure(store, scope: Scope, r: rollup.Rollup) -> None:
    head, sql_head = rollup.overview(r, scope), measures.overview(store, scope)
    assert (head["customers"], head["churned"]) == (sql_head["customers"], sql_head["churned"])
    assert head["window"] == sql_head["window"]
    _same(rollup.monthly_churn(r, scope), measures.monthly_churn(store, scope))
    for by in (None, "family", "subtype", "channel", "team", "month", "segment", "plan", "region"):
        _same(rollup.failures_per_100(r, scope, by), measures.failures_per_100(store, scope, by=by))
    for by in (None, "family", "subtype", "channel", "team", "month", "segment"):
        _same(rollup.recovery_rate(r, scope, by), measures.recovery_rate(store, scope, by=by))
    _windowed_measures(store, scope, r)
    for by in (None, "team", "channel", "plan"):
        _same(rollup.escalation_access(r, scope, by), measures.escalation_access(store, scope, by=by))
    _same(rollup.label_sources(r, scope), measures.label_sources(store, scope))
    for level in ("agent_id", "team"):
        _same(rollup.agent_volume(r, scope, level), measures.agent_volume(store, scope, level=level))
    _same(rollup.monthly_failures(r, scope), measures.monthly_failures(store, scope))


@pytest.mark.slow
def test_the_rollup_gives_the_sql_measures_numbers(store):
    _load(store)
    r = rollup.compute(store, SCOPE)
    for chosen in FILTERS:
        _every_measure(store, replace(SCOPE, **chosen), r)


@pytest.mark.slow
def test_other_windows_give_the_sql_measures_numbers(store):
    """Other FCR and resilience windows change only the two measures that read them; the other
    measures' sums do not depend on the windows (checked above under the defaults)."""
    _load(store)
    r = rollup.compute(store, SCOPE, fcr_days=30, resilience_days=60)
    assert (r.fcr_days, r.resilience_days) == (30, 60)
    for chosen in FILTERS:
        _windowed_measures(store, replace(SCOPE, **chosen), r)


def test_another_window_needs_its_own_rollup(store):
    _load(store)
    r = rollup.compute(store, SCOPE)
    later = Scope(as_of=date(2024, 8, 31), start=date(2024, 1, 1))
    with pytest.raises(ValueError, match="Compute a rollup for that window"):
        rollup.failures_per_100(r, later)
    r2 = rollup.compute(store, later)
    _every_measure(store, later, r2)  # d3 and e1's promises are now due: other labels


def test_the_rollup_is_kept_per_data_version(store):
    _load(store)
    first = rollup.rollup(store, SCOPE)
    again = rollup.rollup(store, SCOPE)
    assert again.seconds == first.seconds  # read back, not recomputed
    # A new labelling changes the counts without moving the data version: computed anew.
    version = store.data_version()
    with store.write() as conn:
        conn.execute(
            sa.insert(label_runs).values(
                run_id=1, data_version=version, rules="{}", labelled_at=datetime(2024, 7, 1)
            )
        )
    assert rollup.rollup(store, SCOPE).seconds != first.seconds


@pytest.mark.slow
def test_on_the_demo_dataset(store):
    from analytics.bootstrap import load_demo
    from analytics.catalog import filter_values
    from models.labels import ensure_labels

    load_demo(store)
    ensure_labels(store)
    scope = Scope().resolved(store)
    r = rollup.compute(store, scope)
    options = filter_values(store)
    _every_measure(store, scope, r)
    _every_measure(store, replace(scope, segment=options["segment"][:1], channel=options["channel"][:2]), r)
    _every_measure(store, replace(scope, team=options["team"][1:3], plan=options["plan"][:1]), r)
