"""The dashboard's pure parts without Streamlit: locale formatting, colours, tables, tiles, the
progress bar's step texts and the Overview's figures."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from analytics.scope import Scope
from dashboard import colors, narrative, results, tables, tiles
from dashboard import formatting as fmt
from dashboard.figures import attribution as attribution_figures
from dashboard.figures import overview as overview_figures
from dashboard.figures import survival as survival_figures
from dashboard.progress import step_text
from dashboard.results import complete_months, overview_data
from dashboard.strings import t
from tests.figure_check import checked

pytestmark = pytest.mark.quick


# -- formatting -----------------------------------------------------------------------------------
def test_numbers_follow_the_language():
    assert fmt.number(1234, "es") == "1.234"
    assert fmt.number(1234, "en") == "1,234"
    assert fmt.number(1234567.891, "es", 2) == "1.234.567,89"
    assert fmt.number(5000, "es") == "5.000"
    assert fmt.number(None, "es") == fmt.DASH
    assert fmt.number(float("nan"), "en") == fmt.DASH


def test_percentages_follow_the_language():
    assert fmt.percent(0.128, "es") == "12,8\u00a0%"
    assert fmt.percent(0.128, "en") == "12.8%"
    assert fmt.percent(0.12345, "es", 2) == "12,35\u00a0%"
    assert fmt.percent_range(0.198, 0.273, "es") == "19,8–27,3\u00a0%"
    assert fmt.percent_range(0.198, 0.273, "en") == "19.8–27.3%"
    assert fmt.points(0.013, "en") == "+1.3\u00a0pts"
    assert fmt.points(-0.005, "es", 2) == "−0,50\u00a0p.\u00a0p."


def test_dates_are_written_out_per_language():
    assert fmt.day(date(2025, 12, 31), "es") == "31 dic 2025"
    assert fmt.day(date(2025, 12, 31), "en") == "31 Dec 2025"
    assert fmt.month(pd.Timestamp("2024-01-01"), "es") == "ene 2024"
    assert fmt.month_long(date(2024, 1, 1), "es") == "enero de 2024"
    assert fmt.day_time(pd.Timestamp("2026-03-05 14:07:31"), "es") == "5 mar 2026 14:07"
    assert fmt.plotly_separators("es") == ",."
    assert fmt.plotly_separators("en") == ".,"


def test_long_hashes_are_shortened():
    h = "8da4f6d775e2f219121195ba9b220d614cd197ca8d41e22beafab1b5751396c1"
    assert fmt.short_hash(h) == "8da4f6d775e2…"
    assert fmt.short_hash("abc") == "abc"


# -- colours --------------------------------------------------------------------------------------
def test_one_colour_per_family_and_grey_for_no_failure():
    fam = [colors.family_color(f) for f in ("attitude", "process", "price", "quality")]
    assert len(set(fam)) == 4
    assert set(fam) <= set(colors.OKABE_ITO.values())
    assert colors.family_color("none") == colors.family_color("unrelated") == colors.GREY
    assert not set(colors.SERIES) & set(fam), "series colours must not be mistaken for a family"


# -- tables ---------------------------------------------------------------------------------------
def _history() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "upload_id": [2, 1],
            "uploaded_at": pd.to_datetime(["2026-03-05 14:07:31", "2026-03-05 14:06:00"]),
            "uploaded_by": ["ana", "ana"],
            "table_name": ["interactions", "customers"],
            "file_name": ['=HYPERLINK("x").csv', "clientes.csv"],
            "rows": [12345, 5000],
            "accepted": [12000, 5000],
            "rejected": [345, 0],
            "duplicates": [0, 0],
            "updated": [0, 0],
            "encoding": ["cp1252", "utf-8"],
            "delimiter": [";", ";"],
            "content_hash": ["8da4f6d775e2f219121195ba9b220d614cd197ca8d41e22beafab1b5751396c1", "ab" * 32],
        }
    )


def test_upload_history_on_screen_speaks_the_language():
    shown = tables.upload_history(_history(), "es")
    assert list(shown.columns)[:4] == ["Carga", "Fecha de carga", "Tabla", "Archivo"]
    assert shown["Tabla"].tolist() == ["interacciones", "clientes"]
    assert shown["Fecha de carga"].iloc[0] == "5 mar 2026 14:07"
    assert shown["Huella del contenido"].iloc[0] == "8da4f6d775e2…"
    html = tables.styled(shown, "es").to_html()
    assert "12.345" in html and "12,345" not in html


def test_downloads_are_whole_formula_safe_and_open_in_a_spanish_spreadsheet():
    data = tables.csv_bytes(tables.upload_history_download(_history(), "es"), "es")
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("Carga;Fecha de carga;")
    assert "8da4f6d775e2f219121195ba9b220d614cd197ca8d41e22beafab1b5751396c1" in text
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.DataFrame({"share": [0.125]})
    assert tables.csv_bytes(frame, "es").decode("utf-8-sig").splitlines()[1] == "0,125"
    assert tables.csv_bytes(frame, "en").decode("utf-8-sig").splitlines()[1] == "0.125"


# -- tiles and results ---------------------------------------------------------------------------------
def _monthly(rates: list[tuple[int, int]], start: str = "2024-01-01") -> pd.DataFrame:
    months = pd.date_range(start, periods=len(rates), freq="MS")
    frame = pd.DataFrame(
        {"month": months, "at_risk": [a for a, _ in rates], "churned": [c for _, c in rates]}
    )
    frame["churn_rate"] = frame["churned"] / frame["at_risk"]
    return frame


def test_churn_trend_pools_the_last_months_against_the_months_before():
    monthly = _monthly([(100, 1), (100, 2), (100, 3), (200, 2), (200, 4), (100, 6)])
    trend = tiles.churn_trend(monthly)
    assert trend["rate"] == pytest.approx(12 / 500)
    assert trend["previous"] == pytest.approx(6 / 300)
    assert trend["first"] == pd.Timestamp("2024-04-01")
    assert tiles.churn_trend(monthly.head(4))["previous"] is None
    assert tiles.churn_trend(_monthly([(0, 0)])) is None


def test_complete_months_only():
    monthly = _monthly([(10, 1), (10, 1), (10, 1)])
    assert len(complete_months(monthly, date(2024, 3, 31))) == 3
    assert len(complete_months(monthly, date(2024, 3, 30))) == 2


def test_a_falling_churn_rate_reads_as_a_fall():
    """Streamlit draws a metric's arrow from the delta's text: a fall must start with "-"."""
    scope = Scope(as_of=date(2024, 6, 30), start=date(2024, 1, 1))
    head = {"customers": 5000, "churned": 928, "interactions": 33809}
    for lang in ("en", "es"):
        falling = {
            t.delta_color: t.delta
            for t in tiles.overview_tiles(
                overview_data(scope, head, _monthly([(1000, 20)] * 3 + [(1000, 10)] * 3)), lang
            )
        }["inverse"]
        rising = {
            t.delta_color: t.delta
            for t in tiles.overview_tiles(
                overview_data(scope, head, _monthly([(1000, 10)] * 3 + [(1000, 20)] * 3)), lang
            )
        }["inverse"]
        assert falling.startswith("-") and not rising.startswith("-"), (falling, rising)


def test_overview_tiles_name_each_measure_and_format_it():
    scope = Scope(as_of=date(2024, 6, 30), start=date(2024, 1, 1))
    data = overview_data(
        scope,
        {"customers": 5000, "churned": 928, "interactions": 33809},
        _monthly([(1000, 10)] * 6),
    )
    shown = {tile.label: tile for tile in tiles.overview_tiles(data, "es")}
    assert shown["Clientes"].value == "5.000"
    assert shown["Clientes activos"].value == "4.072"
    assert "928 clientes se fueron" in shown["Clientes activos"].help
    assert "18,6\u00a0%" in shown["Clientes activos"].help
    assert shown["Tasa de bajas mensual"].value == "1,00\u00a0%"
    assert shown["Tasa de bajas mensual"].delta_color == "inverse"
    assert list(shown) == [
        "Clientes",
        "Clientes activos",
        "Tasa de bajas mensual",
        "Resolución 1.er contacto",
        "Tasa de recuperación",
        "Resiliencia comercial",
        "Fallos por 100 contactos",
    ]
    assert all(tile.help for tile in shown.values())


# -- progress -------------------------------------------------------------------------------------
def test_progress_steps_are_said_in_the_language():
    assert (
        step_text("attribution with 200 bootstrap replicates", "es")
        == "atribución con 200 réplicas bootstrap"
    )
    assert step_text("12,345 notes read", "es") == "12.345 notas leídas"
    assert step_text("33,809 rows read; storing", "es") == "33.809 filas leídas; guardando"
    assert step_text("fitting the hazard model", "en") == "fitting the hazard model"
    assert step_text("something new", "es") == "something new"


# -- figures --------------------------------------------------------------------------------------
def test_monthly_churn_chart_is_localised_and_starts_at_zero():
    fig = checked(overview_figures.monthly_churn(_monthly([(100, 1), (100, 3), (50, 2)]), "es"))
    assert list(fig.data[0].x) == ["ene 2024", "feb 2024", "mar 2024"]
    assert fig.layout.separators == ",."
    assert fig.layout.yaxis.range[0] == 0
    assert fig.layout.yaxis.ticksuffix == "\u00a0%"
    assert fig.data[0].y[1] == pytest.approx(3.0)
    assert "3,0\u00a0%" in fig.data[0].hovertext[1]
    assert fig.layout.title.text == "Tasa de bajas mensual"


def test_too_little_data_gives_no_chart():
    assert overview_figures.monthly_churn(_monthly([(1, 1)]), "en") is None
    assert overview_figures.monthly_churn(_monthly([(0, 0), (0, 0), (1, 0)]), "en") is None
    assert overview_figures.monthly_churn(_monthly([]), "en") is None


def test_a_flat_zero_churn_line_still_has_a_sensible_axis():
    fig = checked(overview_figures.monthly_churn(_monthly([(10, 0), (10, 0)]), "en"))
    low, high = fig.layout.yaxis.range
    assert low == 0 and high > 0


# -- the attribution in words and figures -------------------------------------------------------------
def _shares(**over) -> pd.DataFrame:
    rows = {
        "attitude": (0.128, 0.100, 0.158),
        "process": (0.093, 0.065, 0.117),
        "price": (0.043, 0.024, 0.060),
        "quality": (0.017, -0.003, 0.033),
        "attitude_and_process": (0.233, 0.198, 0.273),
        "price_and_quality": (0.072, 0.044, 0.095),
        "all_failures": (0.281, 0.240, 0.318),
        **over,
    }
    return pd.DataFrame(rows, index=["estimate", "low", "high"]).T


STATED = {
    "attitude": 0.0377,
    "process": 0.0506,
    "price": 0.2726,
    "quality": 0.1433,
    "none": 0.3233,
    "unclassified": 0.0474,
    "not_stated": 0.125,
}


def test_the_headline_states_the_service_share_with_its_interval_then_the_rest():
    first, rest = narrative.headline(_shares(), "es")
    assert first.startswith("El **23,3\u00a0%** de las bajas")
    assert "19,8–27,3\u00a0%" in first
    assert "**7,2\u00a0%** (4,4–9,5\u00a0%)" in rest
    assert "**71,9\u00a0%** (68,2–76,0\u00a0%)" in rest  # 1 − all failures, its interval mirrored
    first_en, _ = narrative.headline(_shares(), "en")
    assert first_en.startswith("**23.3%** of the churn")


def test_the_contrast_names_what_customers_said_and_where_it_differs():
    said, shows, verdict = narrative.contrast(_shares(), STATED, "en")
    assert "price was the reason named most often (27.3% of those who left)" in said
    assert "attitude and process together, 8.8%" in said
    assert "explain 23.3% of churn" in shows
    assert "understate" in verdict
    # customers naming service failures as often as they cause churn: the sentence says they agree
    agree = {**STATED, "attitude": 0.15, "process": 0.09}
    assert "agrees" in narrative.contrast(_shares(), agree, "en")[2]
    assert narrative.contrast(_shares(), {}, "en") == []


@pytest.mark.parametrize(
    ("share", "where"),
    [((0.787, 0.709, 0.868), "above"), ((0.65, 0.55, 0.75), "within"), ((0.40, 0.30, 0.55), "below")],
)
def test_the_field_claim_is_held_against_the_interval(share, where):
    text = narrative.field_claim(pd.Series(dict(zip(("estimate", "low", "high"), share))), "en")
    assert f"here it is {where} that range" in text
    assert "60–70%" in text
    nan = pd.Series({"estimate": float("nan"), "low": float("nan"), "high": float("nan")})
    assert narrative.field_claim(nan, "en") is None


def test_cause_shares_add_the_unexplained_rest():
    causes = results.cause_shares(_shares())
    assert list(causes.index) == ["attitude", "process", "price", "quality", "unrelated"]
    assert causes.loc["unrelated"].tolist() == pytest.approx([0.719, 0.682, 0.760])


def test_stated_beside_attributed_has_a_row_per_kind_of_reason():
    frame = results.stated_vs_attributed(_shares(), STATED)
    assert list(frame.index) == [
        "attitude",
        "process",
        "price",
        "quality",
        "none",
        "unclassified",
        "not_stated",
    ]
    assert frame.loc["price", "stated"] == pytest.approx(0.2726)
    assert frame.loc["price", "attributed"] == pytest.approx(0.043)
    assert frame.loc["none", "attributed"] == pytest.approx(0.719)
    assert frame.loc["not_stated"].isna()[["attributed", "low", "high"]].all()
    shown = tables.stated_vs_attributed(frame, "es")
    assert shown.columns.tolist()[:3] == ["Causa", "Dicho al irse", "Atribuido"]
    assert shown.iloc[2].tolist()[:3] == ["Precio", "27,3\u00a0%", "4,3\u00a0%"]
    whole = tables.stated_vs_attributed(frame, "en", whole=True)
    assert whole.iloc[2, 1] == pytest.approx(0.2726)


def test_cause_bars_one_colour_per_family_with_intervals():
    fig = checked(attribution_figures.cause_bars(results.cause_shares(_shares()), "es"))
    bars = fig.data[0]
    assert list(bars.y) == ["Sin relación con fallos", "Calidad", "Precio", "Proceso", "Actitud"]
    assert list(bars.marker.color) == [
        colors.GREY,
        *(colors.family_color(f) for f in ("quality", "price", "process", "attitude")),
    ]
    assert bars.x[-1] == pytest.approx(12.8)
    assert bars.error_x.array[-1] == pytest.approx(15.8 - 12.8)
    assert bars.error_x.arrayminus[-1] == pytest.approx(12.8 - 10.0)
    assert fig.data[1].text[-1].endswith("12,8\u00a0%")  # written past the interval's end
    assert fig.data[1].x[-1] == pytest.approx(15.8)
    assert fig.layout.separators == ",."


def test_stated_vs_attributed_figure_puts_families_first():
    fig = checked(
        attribution_figures.stated_vs_attributed(results.stated_vs_attributed(_shares(), STATED), "en")
    )
    order = list(fig.layout.yaxis.categoryarray)[::-1]
    assert order[:4] == ["Attitude", "Process", "Price", "Quality"]
    names = [d.name for d in fig.data if d.name]
    assert names == ["Said when leaving", "Attributed by the model"]


def test_hazard_ratio_forest_plot_on_a_log_axis_with_a_line_at_one():
    hr = pd.DataFrame(
        {
            "estimate": [2.6, 1.9, 1.3, np.nan, 0.55],
            "low": [2.2, 1.5, 1.0, np.nan, 0.4],
            "high": [3.1, 2.4, 1.7, np.nan, 0.7],
        },
        index=["attitude", "process", "price", "quality", "recovered"],
    )
    fig = checked(attribution_figures.hazard_ratios(hr, "es"))
    assert fig.layout.xaxis.type == "log"
    assert [s.x0 for s in fig.layout.shapes] == [1.0]
    assert list(fig.data[0].y) == [
        "Fallo recuperado",
        "Fallo de precio (reciente)",
        "Fallo de proceso (reciente)",
        "Fallo de actitud (reciente)",
    ]
    assert fig.data[0].text[-1] == "2,60"


def test_tiles_say_when_a_measure_is_coming_or_has_nothing_to_count():
    scope = Scope(as_of=date(2024, 6, 30), start=date(2024, 1, 1))
    data = overview_data(
        scope,
        {"customers": 10, "churned": 1, "interactions": 40},
        _monthly([(10, 1)] * 3),
        recovery=results.Rate(0.42, 0.30, 0.55, 50),
        failures_per_100=None,
        coming=("fcr", "resilience"),
    )
    shown = {tile.label: tile for tile in tiles.overview_tiles(data, "en")}
    assert shown["Recovery rate"].value == "42.0%"
    assert "30.0–55.0%" in shown["Recovery rate"].help and "50 failures" in shown["Recovery rate"].help
    assert shown["First-contact resolution"].value == fmt.DASH
    assert "not computed yet" in shown["First-contact resolution"].help
    assert shown["Failures per 100 contacts"].value == fmt.DASH
    assert "Nothing to count" in shown["Failures per 100 contacts"].help
    assert tiles.coming_names(data, "en") == "First-contact resolution, Commercial resilience"


def test_rates_are_read_from_a_measure_frame():
    frame = pd.DataFrame(
        {
            "family": ["attitude", "any"],
            "contacts": [200, 200],
            "per_100": [3.0, 9.5],
            "low": [1.5, 7.0],
            "high": [5.0, 12.0],
        }
    )
    rate = results.overall_rate(frame[frame["family"] == "any"], "per_100", "contacts")
    assert rate == results.Rate(9.5, 7.0, 12.0, 200)
    assert results.overall_rate(frame.iloc[0:0]) is None
    assert results.overall_rate(None) is None


def test_share_and_hazard_tables_on_screen_and_for_download():
    shown = tables.attributable_shares(_shares(), "es")
    assert shown.columns.tolist() == ["Causa", "Proporción de las bajas", "Intervalo del 95 %"]
    assert shown.iloc[0].tolist() == ["Actitud", "12,8\u00a0%", "10,0–15,8\u00a0%"]
    assert shown.iloc[-1].tolist() == ["Sin relación con fallos", "71,9\u00a0%", "68,2–76,0\u00a0%"]
    whole = tables.attributable_shares(_shares(), "en", whole=True)
    assert whole.columns.tolist() == ["Cause", "Share of churn", "95% interval, low", "95% interval, high"]
    assert whole.iloc[-1, 1] == pytest.approx(0.719)
    hr = pd.DataFrame(
        {"estimate": [2.73, np.nan], "low": [2.34, np.nan], "high": [3.18, np.nan]},
        index=["attitude", "quality"],
    )
    assert tables.hazard_ratios(hr, "es").iloc[0].tolist() == [
        "Fallo de actitud (reciente)",
        "2,73",
        "2,34–3,18",
    ]
    assert len(tables.hazard_ratios(hr, "en", whole=True)) == 1


def test_the_model_is_named_with_why_it_ran():
    assert "time-varying Cox" in narrative.model_sentence("cox_time_varying", 5000, "en")
    assert "5,000 customers is below 20,000" in narrative.model_sentence("cox_time_varying", 5000, "en")
    assert "exponencial por tramos" in narrative.model_sentence("piecewise_exponential", 100000, "es")
    assert "100.000 clientes" in narrative.model_sentence("piecewise_exponential", 100000, "es")
    assert "discrete-time" in narrative.model_sentence("discrete_cloglog", 100, "en")


# -- survival ---------------------------------------------------------------------------------------------
def _km_frame() -> pd.DataFrame:
    rows = []
    for group, drop in (("recovered", 0.1), ("not recovered", 0.2)):
        for k, day in enumerate((0.0, 30.0, 365.0, 400.0)):
            s = 1.0 - drop * k / 3
            rows.append(
                {
                    "group": group,
                    "time": day,
                    "survival": s,
                    "low": s - 0.05,
                    "high": min(1.0, s + 0.05),
                    "at_risk": 1000 - 100 * k,
                }
            )
    return pd.DataFrame(rows)


def test_km_curves_draw_bands_in_the_given_order_and_colours():
    fig = checked(
        survival_figures.km_curves(
            _km_frame(),
            "es",
            "título",
            labels={"recovered": "Recuperado", "not recovered": "No recuperado"},
            colours={"recovered": "#56B4E9", "not recovered": "#3B3B3B"},
            order=["recovered", "not recovered"],
        )
    )
    lines = [d for d in fig.data if d.mode == "lines"]
    bands = [d for d in fig.data if d.fill == "toself"]
    assert [d.name for d in lines] == ["Recuperado", "No recuperado"]
    assert len(bands) == 2
    assert lines[0].line.color == "#56B4E9"
    assert lines[0].x[2] == pytest.approx(365.0 / survival_figures.DAYS_PER_MONTH)
    assert lines[0].y[0] == pytest.approx(100.0)
    assert lines[0].line.shape == "hv"
    assert fig.layout.separators == ",."
    assert survival_figures.km_curves(_km_frame().iloc[0:0], "es", "x") is None
    # a curve of a handful of people is not drawn: the page says there is too little to chart
    assert survival_figures.km_curves(_km_frame().assign(at_risk=3), "es", "x") is None


def test_long_curves_are_thinned_but_keep_their_end():
    n = 5000
    frame = pd.DataFrame(
        {
            "group": "all",
            "time": np.arange(n, dtype=float),
            "survival": np.linspace(1, 0.5, n),
            "low": np.linspace(1, 0.45, n),
            "high": np.linspace(1, 0.55, n),
            "at_risk": np.arange(n)[::-1],
        }
    )
    fig = checked(survival_figures.km_curves(frame, "en", "t"))
    line = next(d for d in fig.data if d.mode == "lines")
    assert len(line.x) <= 2 * survival_figures.MAX_POINTS
    assert line.y[-1] == pytest.approx(50.0)
    assert not fig.layout.showlegend  # one curve needs no legend


def test_cumulative_incidence_one_line_per_reason_in_family_colours():
    cif = pd.DataFrame(
        {
            "group": "all",
            "cause": ["price", "price", "none", "none"],
            "time": [0.0, 365.0, 0.0, 365.0],
            "cif": [0.0, 0.05, 0.0, 0.06],
            "low": 0.0,
            "high": 0.1,
        }
    )
    fig = checked(survival_figures.cumulative_incidence(cif, "en", {"price": "Price", "none": "No failure"}))
    assert [d.name for d in fig.data] == ["Price", "No failure"]
    assert fig.data[0].line.color == colors.family_color("price")
    assert fig.data[1].line.color == colors.GREY


class _FakeKM:
    def __init__(self):
        self.median_ = pd.DataFrame(
            {"group": ["a", "b"], "median": [float("inf"), 400.0], "n": [1200, 30], "events": [100, 20]}
        )

    def survival_at(self, days):
        return pd.DataFrame(
            {"group": ["a"] * 3 + ["b"] * 3, "time": days * 2, "survival": [0.95, 0.9, 0.8, 0.7, 0.6, 0.5]}
        )


def test_survival_summary_says_when_the_median_is_not_reached():
    shown = tables.survival_summary(_FakeKM(), "es", {"a": "Grupo A"})
    assert shown.iloc[0].tolist() == [
        "Grupo A",
        1200,
        100,
        "no alcanzada",
        "95,0\u00a0%",
        "90,0\u00a0%",
        "80,0\u00a0%",
    ]
    assert shown.iloc[1, 3] == "13,1"  # 400 days in months
    whole = tables.survival_summary(_FakeKM(), "en", {}, whole=True)
    assert np.isnan(whole.iloc[0, 3]) and whole.iloc[1, 3] == pytest.approx(400 / 30.4375)
    assert whole.columns.tolist()[-1] == "At 12 months"


def test_the_recovery_effect_in_one_sentence():
    text = narrative.recovery_effect(pd.Series({"estimate": 0.5, "low": 0.41, "high": 0.61}), "en")
    assert "left at 0.50 times the rate" in text and "50% less risk" in text and "0.41–0.61" in text
    unclear = narrative.recovery_effect(pd.Series({"estimate": 0.9, "low": 0.7, "high": 1.2}), "es")
    assert "0,90 veces" in unclear and "no permiten distinguirlo" in unclear
    assert (
        narrative.recovery_effect(pd.Series({"estimate": np.nan, "low": np.nan, "high": np.nan}), "en")
        is None
    )
    at = pd.DataFrame(
        {"group": ["not recovered", "recovered"], "time": [365.0, 365.0], "survival": [0.77, 0.80]}
    )
    assert narrative.recovery_after_a_year(at, 0.107, "es") == (
        "Un año después de su primer fallo, seguía siendo cliente el 80\u00a0% de aquellos cuyo fallo fue "
        "recuperado, frente al 77\u00a0% de los demás (log-rank p = 0,11)."
    )
    assert narrative.p_value(0.0004, "en") == "p < 0.001"


def test_the_survival_page_says_why_the_two_recovery_figures_can_disagree():
    """The demo's case: a clear adjusted effect (0.73, 0.61–0.88) beside a raw comparison that
    shows none (76 % and 76 %, p = 0.57) gets the caption; figures that agree do not."""
    clear = pd.Series({"estimate": 0.73, "low": 0.61, "high": 0.88})
    unclear = pd.Series({"estimate": 0.9, "low": 0.7, "high": 1.2})
    same = pd.DataFrame({"group": ["not recovered", "recovered"], "survival": [0.76, 0.76]})
    better = pd.DataFrame({"group": ["not recovered", "recovered"], "survival": [0.70, 0.80]})
    worse = pd.DataFrame({"group": ["not recovered", "recovered"], "survival": [0.80, 0.70]})
    assert narrative.recovery_figures_disagree(clear, same, 0.57)
    assert narrative.recovery_figures_disagree(unclear, better, 0.001)
    assert narrative.recovery_figures_disagree(clear, worse, 0.001)
    assert not narrative.recovery_figures_disagree(clear, better, 0.001)
    assert not narrative.recovery_figures_disagree(unclear, same, 0.57)
    assert not narrative.recovery_figures_disagree(clear, same, None)
    assert not narrative.recovery_figures_disagree(clear, same.iloc[:1], 0.57)
    assert "different questions" in t("narrative.recovery_differs", "en")
    assert "preguntas distintas" in t("narrative.recovery_differs", "es")


def test_the_overview_says_how_far_the_stated_reasons_can_still_move():
    assert narrative.stated_unsure(0.176, "en") == (
        "**18% of the customers who left** gave a reason the model read with less than 90% "
        "probability, or could not read, and no one has checked it yet: once someone does, each "
        "circle can move by up to that much."
    )
    assert narrative.stated_unsure(0.042, "es").startswith("**El 4,2\u00a0% de los clientes que se fueron**")
    assert narrative.stated_unsure(0.0, "en") is None
    assert narrative.stated_unsure(float("nan"), "es") is None  # a report kept before it was measured
