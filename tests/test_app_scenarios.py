"""The Scenarios page without a browser (Streamlit's AppTest): moving a slider changes the figures
shown, and they are ``python -m analytics scenario --json``'s; scenarios are saved under a name and
compared; the filters say what they apply to; both languages. The brief's content is checked
against the same command's figures (its download runs in the browser test)."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from streamlit.testing.v1 import AppTest

from analytics import periods
from analytics.saved_scenarios import load_scenarios
from analytics.scope import Scope
from analytics.store import Store
from dashboard import scenario_brief
from dashboard import scenarios as sc
from dashboard.strings import t
from models.report import attribution_report
from models.scenarios import Levers, Scenario, ScenarioEngine
from tests import test_app
from tests.conftest import run_cli
from tests.test_app import APP, _run, _set_language

# The demo database of the dashboard's tests, and strict strings (a missing string fails).
demo_template = test_app.demo_template
demo_db = test_app.demo_db
strict_strings = test_app.strict_strings

PAGE = "pages/scenarios.py"


def _open(lang: str = "en") -> AppTest:
    at = _run(AppTest.from_file(APP, default_timeout=180))
    if lang != "en":
        _set_language(at, lang)
    at.switch_page(PAGE)
    return _run(at)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _cli(db, *levers: str) -> dict:
    done = run_cli("scenario", "--db", f"duckdb:///{db}", "--json", *levers)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _shown(x: float, lang: str = "en") -> str:
    return sc.count(x, lang)


@pytest.mark.slow
def test_a_slider_moves_the_figures_to_the_command_lines(demo_db):
    at = _open()
    assert any(t.value == "Scenarios" for t in at.title)
    before = _metrics(at)
    assert before["Customers kept"] == "0.0" and before["Churn avoided"] == "0.0%"
    none = _cli(demo_db)
    text = "\n".join(m.value for m in at.markdown)
    assert f"**{_shown(none['baseline']['churn']['estimate'])}** of the" in text

    at.slider(key=sc.preset_key("empowerment")).set_value(50)
    at.slider(key=sc.RECOVERY_KEY).set_value(60)
    _run(at)
    after = _metrics(at)
    assert after != before
    got = _cli(demo_db, "--preset", "empowerment=0.5", "--recovery", "0.6")
    kept = got["churn_avoided"]
    assert after["Customers kept"] == _shown(kept["estimate"])
    assert after["Revenue kept"] == sc.money(got["revenue_kept"]["estimate"], "en")
    assert after["Bad word of mouth avoided"] == f"{got['word_of_mouth_avoided']['estimate']:,.0f}"
    captions = "\n".join(c.value for c in at.caption)
    assert f"95\u00a0% interval {_shown(kept['low'])} – {_shown(kept['high'])}" in captions
    share = kept["estimate"] / got["baseline"]["churn"]["estimate"]
    assert after["Churn avoided"] == f"{100 * share:.1f}%"
    # a subtype under its family, and the horizon
    at.slider(key=sc.reduce_key("handoff")).set_value(40)
    at.slider(key=sc.HORIZON_KEY).set_value(6)
    at.slider(key=sc.recovery_key("process")).set_value(80)  # the family's own recovery target
    _run(at)
    got = _cli(
        demo_db,
        "--preset",
        "empowerment=0.5",
        "--recovery",
        "0.6",
        "--recovery",
        "process=0.8",
        "--reduce",
        "handoff=0.4",
        "--horizon",
        "6",
    )
    assert _metrics(at)["Customers kept"] == _shown(got["churn_avoided"]["estimate"])
    assert any(e.label == "Process · 2 moved" for e in at.expander)
    # reset puts every lever back: the baseline again
    at.button(key=f"{sc.KEY}reset").click()
    _run(at)
    assert _metrics(at)["Customers kept"] == "0.0"
    labels = [b.proto.label for b in at.get("download_button")]
    assert {
        "Brief for the client (HTML)",
        "The figures (CSV)",
        t("download_csv"),
    } <= set(labels)


@pytest.mark.slow
def test_saving_and_comparing(demo_db):
    at = _open()
    at.slider(key=sc.preset_key("empowerment")).set_value(50)
    at.text_input(key=f"{sc.KEY}name").set_value("Empowerment half")
    _run(at)
    at.button(key=f"{sc.KEY}save").click()
    _run(at)
    assert any("Saved as “Empowerment half”" in s.value for s in at.success)
    at.slider(key=sc.preset_key("empowerment")).set_value(0)
    at.slider(key=sc.RECOVERY_KEY).set_value(70)
    at.text_input(key=f"{sc.KEY}name").set_value("Recovery 70")
    _run(at)
    at.button(key=f"{sc.KEY}save").click()
    _run(at)
    at.text_input(key=f"{sc.KEY}name").set_value("   ")
    _run(at)
    at.button(key=f"{sc.KEY}save").click()
    _run(at)
    assert any("needs a name" in w.value for w in at.warning)

    stored = {s.name: s for s in load_scenarios(Store())}
    assert set(stored) == {"Empowerment half", "Recovery 70"}
    assert Scenario.from_json(stored["Recovery 70"].settings).levers == Levers.of(recovery=0.7)

    compare = at.multiselect(key=f"{sc.KEY}compare")
    compare.set_value(["Empowerment half", "Recovery 70"])
    _run(at)
    table = at.dataframe[-1].value
    assert list(table.columns)[1:] == ["Empowerment half", "Recovery 70"]
    cli = {
        "Empowerment half": _cli(demo_db, "--preset", "empowerment=0.5"),
        "Recovery 70": _cli(demo_db, "--recovery", "0.7"),
    }
    row = table.set_index("Figure").loc["Churn avoided"]
    for name, got in cli.items():
        a = got["churn_avoided"]
        assert row[name] == f"{_shown(a['estimate'])} ({_shown(a['low'])}–{_shown(a['high'])})"
    assert len(at.get("plotly_chart")) == 3  # projection, lever values, comparison


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_both_languages_and_the_filters(demo_db, lang):
    at = _open(lang)
    assert any({"en": "Scenarios", "es": "Escenarios"}[lang] == t.value for t in at.title)
    labels = set(_metrics(at))
    assert (
        labels
        == {
            "en": {"Churn avoided", "Customers kept", "Revenue kept", "Bad word of mouth avoided"},
            "es": {"Bajas evitadas", "Clientes retenidos", "Ingresos retenidos", "Mala publicidad evitada"},
        }[lang]
    )
    sliders = {s.label for s in at.slider}
    wanted = {
        "en": {"Empowerment", "Recovery target", "Horizon (months)"},
        "es": {"Objetivo de recuperación"},
    }
    assert wanted[lang] <= sliders
    # A customer filter selects the customers projected; a contact filter cannot apply and says so.
    active_all = _metrics(at)
    at.sidebar.multiselect(key="segment").set_value(
        ["pyme"]
        if "pyme" in at.sidebar.multiselect(key="segment").options
        else [at.sidebar.multiselect(key="segment").options[0]]
    )
    at.sidebar.multiselect(key="channel").set_value(["phone"])
    _run(at)
    assert any(
        {"en": "cannot apply the channel", "es": "no puede aplicar los filtros"}[lang] in w.value
        for w in at.warning
    )
    assert any(
        {"en": "Only the active customers", "es": "Solo se proyectan"}[lang] in i.value for i in at.info
    )
    assert active_all is not None


@pytest.mark.slow
def test_the_brief_holds_the_command_lines_figures(demo_db, tmp_path):
    """The brief, built from the engine the command line fits, carries its figures, in Spanish too."""
    got = _cli(demo_db, "--reduce", "handoff=0.5", "--preset", "waits=0.3")
    store = Store(f"duckdb:///{demo_db}")
    report = attribution_report(store, Scope())
    engine = ScenarioEngine(horizon_months=12).fit(report.attribution, periods.active_at(store, report.scope))
    scenario = Scenario(Levers.of(reduce={"handoff": 0.5}, presets={"waits": 0.3}))
    result = sc.scenario_result(report, engine, scenario)
    for lang in ("en", "es"):
        html = scenario_brief.scenario_brief(
            result, lang, generated=datetime(2026, 1, 5, 9, 30), name="Hand-offs"
        )
        assert html.startswith("<!DOCTYPE html>") and f"<html lang='{lang}'>" in html
        # plotly's library inside, once, nothing fetched from elsewhere: it opens offline
        assert not re.search(r"<script[^>]+src=", html) and len(re.findall(r"plotly\.js v\d", html)) == 1
        assert html.count('class="plotly-graph-div"') == 2  # the projection and the levers' value
        kept = got["churn_avoided"]
        for x in (kept["estimate"], kept["low"], kept["high"]):
            assert sc.count(x, lang) in html
        assert sc.money(got["revenue_kept"]["estimate"], lang) in html
        words = {
            "en": (
                "The levers of this scenario",
                "Assumptions",
                "The method in plain language",
                "Hand-off / transfer −50% of failures",
            ),
            "es": (
                "Las palancas de este escenario",
                "Supuestos",
                "El método en palabras simples",
                "de los fallos",
            ),
        }[lang]
        for w in words:
            assert w in html, w
        assert re.search(r"1[.,]780", html)  # the word-of-mouth reach, written out
    csv = sc.figures_frame(result, "en")
    assert csv.iloc[4, 1] == pytest.approx(kept["estimate"], abs=0.01)
