"""Strings of the downloadable HTML brief (dashboard/brief.py)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "brief.subtitle": {"en": "Why customers leave: a brief", "es": "Por qué se van los clientes: informe"},
    "brief.meta": {
        "en": "Window {start} – {end} · {customers} customers, {churned} churn events · generated {generated}",
        "es": "Ventana {start} – {end} · {customers} clientes, {churned} bajas · generado el {generated}",
    },
    "brief.measures": {"en": "Key measures", "es": "Indicadores clave"},
    "brief.measure": {"en": "Measure", "es": "Indicador"},
    "brief.value": {"en": "Value", "es": "Valor"},
    "brief.definition": {"en": "Definition", "es": "Definición"},
    "brief.download": {"en": "Download the brief (HTML)", "es": "Descargar el informe (HTML)"},
    "brief.download_help": {
        "en": "One self-contained file with the charts, the figures and their intervals, the method, "
        "the data window and today's date; it opens in any browser, offline.",
        "es": "Un único archivo con los gráficos, las cifras y sus intervalos, el método, la ventana de "
        "datos y la fecha de hoy; se abre en cualquier navegador, sin conexión.",
    },
    "brief.file": {"en": "churn_brief", "es": "informe_bajas"},
}
