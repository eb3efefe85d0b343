"""Scenarios saved under a name: kept and read back on both databases, a name saved again
replaces the scenario, names are user text (never SQL), and the settings come back validated."""

from __future__ import annotations

import pytest

from analytics.saved_scenarios import (
    MAX_NAME,
    clean_name,
    delete_scenario,
    list_scenarios,
    load_scenarios,
    save_scenario,
)
from models.scenarios import Levers, Scenario, WordOfMouth

SCOPE = {"as_of": "2025-12-31", "segment": ["pyme"]}


def _save(store, name, scenario: Scenario, avoided: float, version: int = 1) -> str:
    return save_scenario(
        store,
        name,
        settings=scenario.to_json(),
        scope=SCOPE,
        figures={"churn_avoided": {"estimate": avoided, "low": avoided - 1, "high": avoided + 1}},
        data_version=version,
    )


def test_saved_scenarios_round_trip(store):
    assert load_scenarios(store) == [] and list_scenarios(store).empty  # no table yet: nothing saved
    a = Scenario(Levers.of(presets={"empowerment": 0.5}), horizon_months=6)
    b = Scenario(
        Levers.of(reduce={"handoff": 0.3, "actitud": 0.2}, recovery={"process": 0.7}),
        value_per_month=42.5,
        word_of_mouth=WordOfMouth(people_told=12, share_posting=0.1, post_reach=900),
    )
    assert _save(store, "  Empowerment   half ", a, 10.0) == "Empowerment half"
    _save(store, "Process; DROP TABLE customers; --", b, 20.0)
    names = set(list_scenarios(store)["name"])
    assert names == {"Empowerment half", "Process; DROP TABLE customers; --"}
    got = load_scenarios(store, ["Process; DROP TABLE customers; --", "Empowerment half", "absent"])
    assert [s.name for s in got] == ["Process; DROP TABLE customers; --", "Empowerment half"]
    assert Scenario.from_json(got[0].settings) == b and Scenario.from_json(got[1].settings) == a
    assert got[0].scope == SCOPE and got[0].figures["churn_avoided"]["estimate"] == 20.0

    # The same name again replaces it (one row, the new settings and figures).
    _save(store, "Empowerment half", b, 30.0, version=2)
    again = load_scenarios(store, ["Empowerment half"])
    assert len(list_scenarios(store)) == 2 and again[0].data_version == 2
    assert Scenario.from_json(again[0].settings) == b
    assert delete_scenario(store, "Empowerment half") and not delete_scenario(store, "Empowerment half")
    assert list(list_scenarios(store)["name"]) == ["Process; DROP TABLE customers; --"]


@pytest.mark.quick
def test_bad_names_and_settings_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="needs a name"):
        clean_name("   ")
    with pytest.raises(ValueError, match=f"at most {MAX_NAME} characters"):
        clean_name("x" * (MAX_NAME + 1))
    good = Scenario(Levers.of(presets={"waits": 0.4})).to_json()
    bad = {**good, "levers": {"reduce": {"cheerfulness": 0.5}}}
    with pytest.raises(ValueError, match="Unknown lever 'cheerfulness'"):
        Scenario.from_json(bad)
    with pytest.raises(ValueError, match=r"\[1, 24\]"):
        Scenario.from_json({**good, "horizon_months": 30})
    with pytest.raises(ValueError, match=r"Got 1\.5 instead"):
        Scenario.from_json({**good, "levers": {"presets": {"waits": 1.5}}})
    with pytest.raises(ValueError, match="value of a customer-month"):
        Scenario(value_per_month=-3.0)
