"""What the Scenarios page reads from its widgets and says about the filters (pure functions of
dashboard/scenarios.py; the page itself is in test_app_scenarios.py), and its figures (each
checked against plotly's validation, which the builders skip)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.scope import Scope
from dashboard import scenarios as sc
from dashboard.figures import scenarios as figures
from models.scenarios import Levers, Scenario, WordOfMouth
from tests.figure_check import checked

pytestmark = pytest.mark.quick


def test_the_widgets_state_is_a_scenario():
    assert sc.scenario_from_state({}) == Scenario()  # nothing drawn yet: the baseline, 12 months
    state = {
        sc.preset_key("empowerment"): 50,
        sc.preset_key("waits"): 0,
        sc.reduce_key("handoff"): 30,
        sc.reduce_key("attitude"): 10,
        sc.reduce_key("price"): 0,
        sc.RECOVERY_KEY: 60,
        sc.HORIZON_KEY: 6,
        f"{sc.KEY}own_revenue": False,
        f"{sc.KEY}value": 42.0,
        f"{sc.KEY}people_told": 12.0,
        f"{sc.KEY}share_posting": 10.0,
        f"{sc.KEY}post_reach": 900.0,
        "lang": "es",  # another page's widget: ignored
    }
    got = sc.scenario_from_state(state)
    assert got == Scenario(
        Levers.of(presets={"empowerment": 0.5}, reduce={"handoff": 0.3, "attitude": 0.1}, recovery=0.6),
        horizon_months=6,
        value_per_month=42.0,
        word_of_mouth=WordOfMouth(people_told=12, share_posting=0.1, post_reach=900),
    )
    assert sorted(sc.lever_keys(state)) == sorted(
        k for k in state if k.startswith((f"{sc.KEY}preset_", f"{sc.KEY}reduce_")) or k == sc.RECOVERY_KEY
    )
    # a family's own recovery target beside the overall one
    both = sc.scenario_from_state({sc.RECOVERY_KEY: 40, sc.recovery_key("process"): 70})
    assert both.levers == Levers.of(recovery={"all": 0.4, "process": 0.7})
    assert sc.recovery_key("process") in sc.lever_keys({sc.recovery_key("process"): 70, "lang": "en"})
    with pytest.raises(ValueError, match=r"Got 1\.2 instead"):
        sc.scenario_from_state({sc.reduce_key("handoff"): 120})


def test_filters_say_what_they_apply_to():
    base = Scope(as_of=date(2025, 12, 31), start=date(2024, 1, 1))
    assert sc.filter_notes(base, "en") == []
    notes = sc.filter_notes(
        Scope(as_of=base.as_of, start=base.start, segment=("pyme",), channel=("phone",)), "es"
    )
    kinds = dict(notes)
    assert "Solo se proyectan" in kinds["info"] and "pyme" in kinds["info"]
    assert "no puede aplicar" in kinds["warning"] and "phone" in kinds["warning"]


def test_numbers_for_the_language():
    assert sc.count(8.66, "en") == "8.7" and sc.count(8.66, "es") == "8,7"
    assert sc.count(1253.5, "en") == "1,254" and sc.count(1253.5, "es") == "1.254"
    assert sc.slider_format("es") == "%d\u00a0%%" and sc.slider_format("en") == "%d%%"
    sliders = sc.preset_sliders("es")
    assert [s.key for s in sliders] == [
        sc.preset_key(k) for k in ("empowerment", "first_contact_resolution", "keep_promises", "waits")
    ]
    assert all(s.help and "subtipos" in s.help for s in sliders)


def test_a_horizon_slider_draws_the_future_at_most_twice():
    """Up to 12 months the default engine's paths answer; beyond, the longest engine's."""
    assert [sc.engine_horizon(m) for m in (1, 6, 12, 13, 18, 24)] == [12, 12, 12, 24, 24, 24]
    with pytest.raises(StopIteration):
        sc.engine_horizon(25)  # a Scenario refuses it before: the horizon is validated there


def _curve(months: int, kept_interval: bool = True) -> pd.DataFrame:
    """A projection's curve: 10 customers lost a month as things are, 8 with the levers."""
    rows = []
    for m in range(months + 1):
        for world, churn in (("baseline", 10.0 * m), ("scenario", 8.0 * m), ("avoided", 2.0 * m)):
            spread = 0.1 * churn if kept_interval or world != "avoided" else np.nan
            rows.append(
                {"month": m, "world": world, "churn": churn, "low": churn - spread, "high": churn + spread}
            )
    return pd.DataFrame(rows)


def test_projection_draws_the_two_worlds_above_and_the_customers_kept_below():
    fig = checked(figures.projection(_curve(6), "es", date(2025, 12, 31), 1000))
    lines = {d.name: d for d in fig.data if d.mode == "lines+markers"}
    assert list(lines) == ["Tal como están las cosas", "Con las palancas", "Clientes retenidos"]
    assert [lines[n].yaxis for n in lines] == ["y", "y", "y2"]
    assert list(lines["Clientes retenidos"].y) == pytest.approx([2.0 * m for m in range(7)])
    assert sum(d.fill == "toself" for d in fig.data) == 3  # each world's band
    layout = fig.layout
    assert layout.yaxis.domain[0] > layout.yaxis2.domain[1]  # the kept panel under, apart
    assert layout.xaxis.matches == "x2" and layout.xaxis.showticklabels is False
    assert layout.xaxis2.dtick == 1 and list(layout.xaxis2.range) == [0, 6.2]
    assert "31 dic 2025" in layout.title.text and layout.separators == ",."
    # a longer horizon: a tick every quarter; a world without interval: no band
    longer = checked(figures.projection(_curve(24, kept_interval=False), "en", date(2025, 12, 31), 1000))
    assert longer.layout.xaxis.dtick == 3
    assert [d.legendgroup for d in longer.data if d.fill == "toself"] == ["baseline", "scenario"]


def test_lever_bars_rank_the_best_levers_on_top_in_the_language():
    table = pd.DataFrame(
        {
            "kind": ["family", "subtype", "preset", "recovery"] * 4,
            "label_en": [f"Lever {k}" for k in range(16)],
            "label_es": [f"Palanca número {k}" for k in range(16)],
            "churn_avoided": np.linspace(40.0, 10.0, 16),
        }
    )
    fig = checked(figures.lever_bars(table, "es", n=12))
    bars = fig.data[0]
    assert list(bars.y) == [f"Palanca número {k}" for k in range(11, -1, -1)]  # the best at the top
    assert bars.x[-1] == pytest.approx(40.0) and bars.text[-1] == "40,0"
    assert fig.layout.height == 90 + 28 * 12
    assert fig.layout.margin.l >= 7 * len("Palanca número 11")  # the longest label not cut
    assert figures.lever_bars(table.iloc[0:0], "es") is None


def test_compare_bars_show_each_saved_scenario_with_its_interval():
    fig = checked(figures.compare_bars([("A", 50.0, 40.0, 70.0), ("B", 5.0, 6.0, 9.0)], "en"))
    bars = fig.data[0]
    assert list(bars.x) == ["A", "B"] and list(bars.y) == [50.0, 5.0]
    assert list(bars.error_y.array) == [20.0, 4.0]
    assert list(bars.error_y.arrayminus) == [10.0, 0.0]  # an interval above its estimate: no whisker down
    assert figures.compare_bars([], "en") is None
