"""The downloadable HTML brief: self-contained, in the chosen language, with the figures, their
intervals, the method, the data window and the date."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analytics.scope import Scope, Window
from dashboard import brief
from dashboard.results import overview_data

pytestmark = pytest.mark.quick


def _report(stated: dict | None = None):
    shares = pd.DataFrame(
        {
            "attitude": (0.128, 0.100, 0.158),
            "process": (0.093, 0.065, 0.117),
            "price": (0.043, 0.024, 0.060),
            "quality": (0.017, -0.003, 0.033),
            "attitude_and_process": (0.233, 0.198, 0.273),
            "price_and_quality": (0.072, 0.044, 0.095),
            "all_failures": (0.281, 0.240, 0.318),
        },
        index=["estimate", "low", "high"],
    ).T
    hr = pd.DataFrame(
        {
            "estimate": [2.73, 2.13, 2.06, 1.46, 0.50],
            "low": [2.34, 1.82, 1.69, 1.19, 0.41],
            "high": [3.18, 2.48, 2.50, 1.80, 0.61],
        },
        index=["attitude", "process", "price", "quality", "recovered"],
    )
    scope = Scope(as_of=date(2025, 12, 31), start=date(2024, 1, 1))
    return SimpleNamespace(
        attributable_share=shares,
        service_share=pd.Series({"estimate": 0.787, "low": 0.709, "high": 0.868}),
        hazard_ratio=hr,
        stated_reasons={
            "attitude": 0.04,
            "process": 0.05,
            "price": 0.27,
            "quality": 0.14,
            "none": 0.32,
            "unclassified": 0.05,
            "not_stated": 0.13,
        }
        if stated is None
        else stated,
        window=Window(date(2024, 1, 1), date(2025, 12, 31)),
        scope=scope,
        customers=5000,
        churned=928,
        n_bootstrap=200,
        model="cox_time_varying",
        stated_unsure=0.176,
    )


def test_the_brief_is_one_self_contained_file_in_spanish():
    report = _report()
    monthly = pd.DataFrame(
        {"month": pd.date_range("2025-01-01", periods=6, freq="MS"), "at_risk": 1000, "churned": 15}
    )
    monthly["churn_rate"] = monthly["churned"] / monthly["at_risk"]
    data = overview_data(report.scope, {"customers": 5000, "churned": 928, "interactions": 33809}, monthly)
    page = brief.attribution_brief(report, "es", overview=data, generated=datetime(2026, 3, 5, 14, 7))
    assert page.startswith("<!DOCTYPE html>") and "<html lang='es'>" in page
    assert "El <strong>23,3\u00a0%</strong> de las bajas" in page
    assert "19,8–27,3\u00a0%" in page
    assert (
        "Ventana 1 ene 2024 – 31 dic 2025 · 5.000 clientes, 928 bajas · generado el 5 mar 2026 14:07" in page
    )
    assert "El método en palabras simples" in page and "Qué la haría errónea" in page
    assert "Indicadores clave" in page and "Tasa de bajas mensual" in page
    assert "<strong>El 18\u00a0% de los clientes que se fueron</strong> dio un motivo" in page
    assert page.count('class="plotly-graph-div"') == 3
    # plotly's library is inside the file, once; nothing is fetched from elsewhere
    assert not re.search(r"<script[^>]+src=", page)
    assert len(re.findall(r"plotly\.js v\d", page)) == 1
    assert len(page) > 3_000_000
    assert brief.file_name(report, "es") == "informe_bajas_2025-12-31.html"


def test_the_brief_in_english_without_what_customers_said():
    page = brief.attribution_brief(_report(stated={}), "en", generated=datetime(2026, 3, 5))
    assert "<strong>23.3%</strong> of the churn" in page
    assert "What leaving customers said" not in page
    assert "of the customers who left" not in page
    assert page.count('class="plotly-graph-div"') == 2
    assert "Key measures" not in page


def test_text_from_the_data_is_escaped():
    assert brief._md("a <b>x</b> & **bold**") == "<p>a &lt;b&gt;x&lt;/b&gt; &amp; <strong>bold</strong></p>"
    frame = pd.DataFrame({"a": ["<script>alert(1)</script>"], "b": [np.nan]})
    assert "<script>" not in brief._table(frame)


def test_the_brief_under_a_segment_filter_opens_on_the_subgroup():
    """The filters' subgroup (read from the fit on every customer) comes first, then every customer."""
    report = _report()
    sub_shares = report.attributable_share.copy()
    sub_shares.loc["attitude_and_process"] = (0.264, 0.223, 0.305)
    subgroup = SimpleNamespace(attributable_share=sub_shares, customers=1276, churned=225)
    page = brief.attribution_brief(
        report, "es", generated=datetime(2026, 3, 5), subgroup=subgroup, group="Segmento: business"
    )
    head = page.index("Clientes de Segmento: business")
    every = page.index("Todos los clientes de la ventana")
    assert head < every < page.index("de las bajas de la ventana se debe a fallos")
    assert "26,4" in page[head:every] and "sin reajustarlo" in page[head:every]
    assert page.count("plotly.js v") == 1  # the library once, with the first chart
