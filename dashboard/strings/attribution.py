"""Strings of the attribution's figures and of the Attribution page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # causes of churn
    "cause.unrelated": {"en": "Unrelated to any failure", "es": "Sin relación con fallos"},
    "cause.none": {"en": "No failure / unrelated", "es": "Ningún fallo / sin relación"},
    "cause.not_stated": {"en": "No reason given", "es": "Sin motivo declarado"},
    "cause.all_failures": {"en": "All failures", "es": "Todos los fallos"},
    "cause.attitude_and_process": {"en": "Attitude + process", "es": "Actitud + proceso"},
    "cause.price_and_quality": {"en": "Price + quality", "es": "Precio + calidad"},
    # figures
    "figure.causes_title": {
        "en": "Share of churn attributable to each kind of failure",
        "es": "Proporción de las bajas atribuible a cada tipo de fallo",
    },
    "figure.share_hover": {
        "en": "{cause}: {value}<br>95% interval {interval}",
        "es": "{cause}: {value}<br>intervalo del 95 %: {interval}",
    },
    "figure.stated_title": {
        "en": "What leaving customers said, beside what the data shows",
        "es": "Lo que dijeron los clientes al irse, junto a lo que muestran los datos",
    },
    "figure.stated": {"en": "Said when leaving", "es": "Dicho al irse"},
    "figure.attributed": {"en": "Attributed by the model", "es": "Atribuido por el modelo"},
    "figure.hr_title": {
        "en": "How much each kind of failure raises the risk of leaving",
        "es": "Cuánto aumenta cada tipo de fallo el riesgo de irse",
    },
    "figure.hr_axis": {
        "en": "hazard ratio (log scale; 1 = no effect)",
        "es": "razón de riesgos (escala logarítmica; 1 = sin efecto)",
    },
    "figure.hr_hover": {
        "en": "{name}: {value}<br>95% interval {low} – {high}",
        "es": "{name}: {value}<br>intervalo del 95 %: {low} – {high}",
    },
    "hr.attitude": {"en": "Attitude failure (recent)", "es": "Fallo de actitud (reciente)"},
    "hr.process": {"en": "Process failure (recent)", "es": "Fallo de proceso (reciente)"},
    "hr.price": {"en": "Price failure (recent)", "es": "Fallo de precio (reciente)"},
    "hr.quality": {"en": "Quality failure (recent)", "es": "Fallo de calidad (reciente)"},
    "hr.recovered": {"en": "Failure recovered", "es": "Fallo recuperado"},
}
