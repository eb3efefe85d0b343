"""The Failures and Agents-and-teams figures and the page results without Streamlit: built from
small frames whose answer is known, asserted on the plotly traces."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics import measures
from analytics.scope import Scope
from dashboard import results, tables
from dashboard.colors import family_color
from dashboard.figures import agents as agent_figures
from dashboard.figures import attribution as attribution_figures
from dashboard.figures import failures as figures
from models.funnel import FunnelLimits
from tests.figure_check import checked

pytestmark = pytest.mark.quick


def _per_100(rows: list[tuple], by: str | None = None) -> pd.DataFrame:
    cols = ([by] if by else []) + ["family", "contacts", "failures"]
    frame = pd.DataFrame(rows, columns=cols)
    return measures._with_rate(frame, "failures", "contacts", scale=100.0, name="per_100")


def test_family_bars_one_colour_per_family_and_the_total():
    frame = _per_100(
        [
            ("attitude", 200, 20),
            ("process", 200, 30),
            ("price", 200, 4),
            ("quality", 200, 6),
            ("any", 200, 60),
        ]
    )
    fig = checked(figures.family_bars(frame, "es"))
    bar = fig.data[0]
    assert list(bar.y) == ["Todos los fallos", "Calidad", "Precio", "Proceso", "Actitud"]
    assert list(bar.x) == pytest.approx([30.0, 3.0, 2.0, 15.0, 10.0])
    assert bar.marker.color[-1] == family_color("attitude")
    assert fig.layout.separators == ",."
    assert "15,0" in fig.data[1].text[3]  # the value written beside its bar, Spanish decimals
    assert figures.family_bars(_per_100([]), "en") is None


def test_pareto_orders_subtypes_and_accumulates_to_all_failures():
    sub = pd.DataFrame(
        {
            "family": ["process", "attitude", "process", "price"],
            "subtype": ["policy_refusal", "rude", None, "price_too_high"],
            "contacts": 100,
            "failures": [40, 30, 20, 10],
        }
    )
    sub = measures._with_rate(sub, "failures", "contacts", scale=100.0, name="per_100")
    frame = results.pareto(sub)
    assert frame["cumulative"].iloc[-1] == pytest.approx(1.0)
    assert frame["share"].tolist() == pytest.approx([0.4, 0.3, 0.2, 0.1])
    fig = checked(figures.pareto(frame, "en", top=3))
    bars, line = fig.data[0], fig.data[1]
    assert list(bars.x) == ["Policy refusal", "Rude or indifferent", "Process (no subtype)", "1 others"]
    assert list(line.y) == pytest.approx([40, 70, 90, 100])
    assert bars.marker.color[:2] == (family_color("process"), family_color("attitude"))
    assert figures.pareto(frame.iloc[:0], "en") is None
    assert results.most_frequent(frame)["subtype"] == "policy_refusal"


def test_most_frequent_failure_skips_a_family_coded_without_a_subtype():
    """On the demo, process failures coded without a subtype outnumber every named subtype; the
    headline names the commonest named failure, and the family only when nothing has a subtype."""
    sub = pd.DataFrame(
        {
            "family": ["process", "attitude", "price"],
            "subtype": [None, "rude", None],
            "contacts": 100,
            "failures": [50, 30, 40],
        }
    )
    sub = measures._with_rate(sub, "failures", "contacts", scale=100.0, name="per_100")
    frame = results.pareto(sub.sort_values("failures", ascending=False))
    top = results.most_frequent(frame)
    assert (top["family"], top["subtype"], top["share"]) == ("attitude", "rude", pytest.approx(0.25))
    only_families = results.pareto(sub[sub["subtype"].isna()].sort_values("failures", ascending=False))
    assert results.most_frequent(only_families)["family"] == "process"


def test_heatmap_cells_are_the_rates_of_each_family_and_channel():
    frame = _per_100(
        [
            ("phone", "attitude", 100, 10),
            ("phone", "process", 100, 20),
            ("phone", "price", 100, 0),
            ("phone", "quality", 100, 5),
            ("phone", "any", 100, 35),
            ("chat", "attitude", 50, 1),
            ("chat", "process", 50, 2),
            ("chat", "price", 50, 3),
            ("chat", "quality", 50, 4),
            ("chat", "any", 50, 10),
        ],
        by="channel",
    )
    fig = checked(figures.heatmap(frame, "channel", "en"))
    heat = fig.data[0]
    assert list(heat.y) == ["Attitude", "Process", "Price", "Quality"]
    assert list(heat.x) == ["phone", "chat"]
    assert np.allclose(np.asarray(heat.z, dtype=float), [[10, 2], [20, 4], [0, 6], [5, 8]])
    assert figures.heatmap(frame.iloc[:0], "channel", "en") is None


def test_monthly_trend_writes_months_in_the_language():
    months = pd.to_datetime(["2024-01-01", "2024-02-01"])
    rows = [
        (m, f, 100, k)
        for m in months
        for k, f in enumerate(["attitude", "process", "price", "quality", "any"])
    ]
    frame = _per_100(rows, by="month")
    fig = checked(figures.monthly_trend(frame, "es"))
    assert [tr.name for tr in fig.data] == ["Actitud", "Proceso", "Precio", "Calidad"]
    assert list(fig.data[0].x) == ["ene 2024", "feb 2024"]
    assert figures.monthly_trend(frame[frame["month"] == months[0]], "es") is None


def test_label_sources_count_failures_by_where_the_label_came_from():
    sources = pd.DataFrame(
        {
            "source": ["coded", "coded", "structured", "text", "text", "none"],
            "family": ["attitude", "process", "process", "price", "unclassified", "none"],
            "contacts": [10, 20, 5, 3, 2, 60],
        }
    )
    wide = results.failure_sources(sources)
    assert wide["total"].to_dict() == {"coded": 30, "structured": 5, "text": 3, "unclassified": 2}
    assert wide["share"].sum() == pytest.approx(1.0)
    assert wide.attrs["no_failure"] == 60 and wide.attrs["contacts"] == 100
    fig = checked(figures.sources(wide, "en"))
    assert [tr.name for tr in fig.data[:4]] == ["Attitude", "Process", "Price", "Quality"]
    assert fig.data[4].name == "Unclassified" and list(fig.data[4].x) == [2]


def test_funnel_names_the_units_outside_and_draws_both_limits():
    rng = np.random.default_rng(3)
    n = rng.integers(100, 3000, 60)
    p = np.full(60, 0.2)
    p[0], p[1] = 0.45, 0.02  # one far above, one far below
    units = pd.DataFrame(
        {"agent": [f"AG{i}" for i in range(60)], "contacts": n, "failures": rng.binomial(n, p)}
    )
    fit = FunnelLimits(min_volume=30).fit(
        units, events_col="failures", trials_col="contacts", unit_col="agent"
    )
    fig = checked(
        agent_figures.funnel(fit, fit.limits(), "en", title="t", x_title="x", y_title="y", good="low")
    )
    named = {a.text for a in fig.layout.annotations}
    assert {"AG0", "AG1"} <= named
    assert named == set(fit.outside_["unit"].head(agent_figures.MAX_NAMED))
    legend = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert "95% limits" in legend and "99.8% limits" in legend
    assert fig.layout.xaxis.type == "log"
    table = tables.outside(fit, "es")
    assert list(table.columns) == ["Agente o equipo", "Volumen", "Eventos", "Tasa", "Dónde"]


def test_funnel_names_of_neighbours_do_not_overlap():
    """Two units outside the limits side by side at the same rate (as AG090 and AG057 on the demo)
    get their names on different sides; a unit alone keeps the first place, up and to the right."""
    px, py = np.array([300.0, 318.0, 100.0]), np.array([50.0, 50.0, 200.0])
    texts = ["AG090", "AG057", "AG085"]
    offsets = agent_figures.label_offsets(px, py, texts)
    boxes = [agent_figures._box(x, y, ax, ay, t) for x, y, (ax, ay), t in zip(px, py, offsets, texts)]
    assert agent_figures._overlap(boxes[0], boxes[1]) == 0
    assert offsets[0] == offsets[2] == (18, -16)
    assert offsets[1] != (18, -16)


def test_escalation_bars_write_the_share_that_got_one():
    esc = pd.DataFrame(
        {"team": ["billing", "sales"], "customers_asked": [100, 40], "customers_granted": [80, 10]}
    )
    esc = measures._with_rate(esc, "customers_granted", "customers_asked")
    fig = checked(agent_figures.escalation(esc, "es"))
    assert list(fig.data[0].y) == ["sales", "billing"]  # lowest access first
    assert fig.data[2].text[1].strip().startswith("80,0\u00a0% lo obtuvo")


def test_agents_page_from_a_rollup(store):
    from analytics import rollup
    from tests.test_measures import SCOPE, _load

    _load(store)
    page = results.agents_page(rollup.compute(store, SCOPE), SCOPE, min_volume=1)
    assert page.agents.set_index("agent_id")["contacts"].to_dict() == {
        "AG1": 4,
        "AG2": 5,
        "AG3": 3,
    }  # a2 a5 b1 d3; a3 a4 c1 c2 e1; b2 d1 d2
    assert page.failure_agents is not None and page.failure_teams is not None
    assert list(page.escalation["team"]) == ["billing", "support"]


def test_forest_plot_shows_events_per_row():
    hr = pd.DataFrame(
        {"estimate": [2.0, 0.5], "low": [1.5, 0.4], "high": [2.6, 0.7]}, index=["attitude", "recovered"]
    )
    fig = checked(attribution_figures.hazard_ratios(hr, "en", pd.Series({"attitude": 1234, "recovered": 56})))
    labels = list(fig.data[0].y)
    assert "1,234 churn events while exposed" in labels[1] and "56 churn" in labels[0]


def test_hazard_events_come_from_the_fitted_attribution():
    """The forest plot's events per row are read from the report's fitted model (slimmed, as the
    database keeps it); a report without the count gives None, and the plot no events."""
    from types import SimpleNamespace

    from tests.test_estimators import fitted_attribution

    fit = fitted_attribution().slimmed()
    hr = pd.DataFrame({"estimate": 1.0, "low": 0.9, "high": 1.1}, index=["attitude", "process", "recovered"])
    events = results.hazard_events(SimpleNamespace(attribution=fit, hazard_ratio=hr))
    assert list(events.index) == ["attitude", "process", "recovered"]
    assert events["attitude"] == round(fit.exposed_events_["attitude"]) > 0
    assert results.hazard_events(SimpleNamespace(attribution=object(), hazard_ratio=hr)) is None


def test_failures_page_result_from_a_rollup(store):
    from analytics import rollup
    from tests.test_measures import SCOPE, _load

    _load(store)
    page = results.failures_page(rollup.compute(store, SCOPE), SCOPE)
    assert (page.contacts, page.failures) == (12, 9)
    assert page.monthly["month"].max() == pd.Timestamp(date(2024, 6, 1))  # the as-of date ends June
    assert isinstance(page.scope, Scope)


def _shares(values: dict[str, float], spread: float = 0.02) -> pd.DataFrame:
    est = pd.Series(values)
    return pd.DataFrame({"estimate": est, "low": est - spread, "high": est + spread})


def test_subgroup_beside_all_customers_in_family_colours_and_the_language():
    rows = results.SUBGROUP_ROWS
    sub = _shares(dict(zip(rows, (0.25, 0.20, 0.10, 0.06, 0.42, 0.49))))
    every = _shares(dict(zip(rows, (0.15, 0.13, 0.05, 0.03, 0.31, 0.36))), 0.01)
    frame = results.subgroup_vs_all(sub, every)
    assert list(frame.index) == list(rows)
    assert frame.loc["attitude_and_process", ["estimate", "all"]].tolist() == [0.42, 0.31]
    fig = checked(attribution_figures.subgroup_vs_all(frame, "es", "Segmento: business"))
    bars, diamonds = fig.data[0], fig.data[1]
    assert bars.y[-1] == "Actitud" and bars.x[-1] == pytest.approx(25.0)
    assert bars.marker.color[-1] == family_color("attitude")
    assert diamonds.x[-1] == pytest.approx(15.0) and diamonds.name == "Todos los clientes"
    assert "Segmento: business" in fig.layout.title.text and fig.layout.separators == ",."
    shown = tables.subgroup_shares(frame, "es")
    assert list(shown.columns) == ["Causa", "Subgrupo", "Todos los clientes"]
    assert shown.iloc[0, 1] == "25,0\u00a0% (23,0–27,0\u00a0%)"
    whole = tables.subgroup_shares(frame, "en", whole=True)
    assert whole.loc[0, "Subgroup"] == 0.25 and whole.loc[0, "All customers, 95% high"] == pytest.approx(0.16)
