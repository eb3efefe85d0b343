"""What the Scenarios page reads from its widgets and says about the filters (pure functions of
dashboard/scenarios.py; the page itself is in test_app_scenarios.py)."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.scope import Scope
from dashboard import scenarios as sc
from models.scenarios import Levers, Scenario, WordOfMouth

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
