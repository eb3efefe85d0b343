"""Strings of the Survival page and its figures."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "survival.lead": {
        "en": "How fast customers leave — from their start, and after a failure — and how much a good "
        "recovery changes it.",
        "es": "Qué tan rápido se van los clientes —desde su alta y después de un fallo— y cuánto lo "
        "cambia una buena recuperación.",
    },
    "survival.of_customers": {
        "en": "customers followed: {customers}; left in the window: {churned}.",
        "es": "clientes seguidos: {customers}; se fueron en la ventana: {churned}.",
    },
    "survival.too_few": {"en": "fewer than 10 customers to follow", "es": "menos de 10 clientes para seguir"},
    "survival.recovery": {"en": "What a recovery is worth", "es": "Cuánto vale una recuperación"},
    "survival.recovery_model": {
        "en": "From the hazard model fitted on every customer of the window, other things equal. {why}",
        "es": "Del modelo de riesgo ajustado sobre todos los clientes de la ventana, a igualdad de lo "
        "demás. {why}",
    },
    "survival.tenure": {"en": "Staying, from the customer's start", "es": "Permanencia desde el alta"},
    "survival.tenure_by": {"en": "Curves by", "es": "Curvas por"},
    "survival.by.overall": {"en": "All customers", "es": "Todos los clientes"},
    "survival.by.segment": {"en": "Segment", "es": "Segmento"},
    "survival.by.plan": {"en": "Plan", "es": "Plan"},
    "survival.by.revenue_band": {"en": "Monthly revenue band", "es": "Tramo de ingreso mensual"},
    "survival.all": {"en": "All customers", "es": "Todos los clientes"},
    "survival.tenure_caption": {
        "en": "Kaplan–Meier estimate of the share still customers by months since their start, with "
        "95% bands; customers who joined before the window enter it at its start (left truncation). "
        "{test} Customers table; {filters}.",
        "es": "Estimación de Kaplan–Meier de la proporción que sigue siendo cliente según los meses "
        "desde el alta, con bandas del 95 %; los clientes que entraron antes de la ventana se suman "
        "a su inicio (truncamiento por la izquierda). {test} Tabla de clientes; {filters}.",
    },
    "survival.logrank": {
        "en": "Log-rank test of equal curves: {p} (χ² {stat}, {df} d.f.).",
        "es": "Prueba log-rank de curvas iguales: {p} (χ² {stat}, {df} g.l.).",
    },
    "survival.after_failure": {"en": "After the first failure", "es": "Después del primer fallo"},
    "survival.after_failure_caption": {
        "en": "Share still customers by months since their first failure of each family (black: the "
        "first failure of any family). A customer can appear under several families, so compare "
        "them by eye; no test is given.",
        "es": "Proporción que sigue siendo cliente según los meses desde su primer fallo de cada "
        "familia (negro: el primer fallo de cualquier familia). Un cliente puede aparecer en varias "
        "familias, así que compárelas a simple vista; no se da una prueba.",
    },
    "survival.recovered_vs_not": {"en": "Recovered or not", "es": "Recuperado o no"},
    "survival.family_pick": {"en": "Failure family", "es": "Familia del fallo"},
    "survival.any": {"en": "Any failure", "es": "Cualquier fallo"},
    "survival.recovered": {"en": "Recovered", "es": "Recuperado"},
    "survival.not_recovered": {"en": "Not recovered", "es": "No recuperado"},
    "survival.recovered_caption": {
        "en": "From the first failure ({family}): customers whose failure was recovered (the issue "
        "resolved and an apology, compensation or follow-up) against the others. {test}",
        "es": "Desde el primer fallo ({family}): clientes cuyo fallo fue recuperado (el caso resuelto y "
        "una disculpa, una compensación o un seguimiento) frente a los demás. {test}",
    },
    "survival.hazard": {"en": "Hazard ratios", "es": "Razones de riesgo"},
    "survival.exit": {"en": "Leaving, by stated exit reason", "es": "Bajas según el motivo declarado"},
    "survival.exit_caption": {
        "en": "Cumulative incidence of churn by what leaving customers said (their exit reason, read by "
        "the classifier; dotted: no reason given), Aalen–Johansen estimate: each reason competes "
        "with the others.",
        "es": "Incidencia acumulada de bajas según lo que dijeron los clientes al irse (su motivo de "
        "baja, leído por el clasificador; punteado: sin motivo), estimador de Aalen–Johansen: cada "
        "motivo compite con los demás.",
    },
    "survival.no_exits": {"en": "nobody left in the window", "es": "nadie se fue en la ventana"},
    "survival.no_failures": {"en": "no failure in the window", "es": "ningún fallo en la ventana"},
    "survival.not_reached": {"en": "not reached", "es": "no alcanzada"},
    "survival.filters_contact": {
        "en": "The {names} filter selects contacts; the unit of these curves is the customer, so it is "
        "not applied here (segment, plan and region are).",
        "es": "El filtro de {names} selecciona contactos; la unidad de estas curvas es el cliente, así "
        "que aquí no se aplica (segmento, plan y región sí).",
    },
    # figures
    "figure.km_y": {"en": "still customers", "es": "siguen siendo clientes"},
    "figure.km_x_tenure": {"en": "months since start", "es": "meses desde el alta"},
    "figure.km_x_failure": {"en": "months since the first failure", "es": "meses desde el primer fallo"},
    "figure.km_hover": {
        "en": "month %{{x:.1f}}: %{{y:.1f}}{suffix} still customers<br>%{{customdata[0]:,}} at risk",
        "es": "mes %{{x:.1f}}: %{{y:.1f}}{suffix} siguen siendo clientes<br>%{{customdata[0]:,}} en riesgo",
    },
    "figure.km_tenure_title": {
        "en": "Share of customers still with the company",
        "es": "Proporción de clientes que siguen con la empresa",
    },
    "figure.km_failure_title": {
        "en": "Still customers after a first failure, by family",
        "es": "Siguen siendo clientes tras un primer fallo, por familia",
    },
    "figure.km_recovery_title": {
        "en": "Still customers after a failure: recovered or not",
        "es": "Siguen siendo clientes tras un fallo: recuperado o no",
    },
    "figure.cif_title": {
        "en": "Customers lost, by what they said when leaving",
        "es": "Clientes perdidos, según lo que dijeron al irse",
    },
    "figure.cif_y": {"en": "lost, cumulative", "es": "perdidos, acumulado"},
    "figure.cif_hover": {
        "en": "month %{{x:.1f}}: %{{y:.1f}}{suffix} lost",
        "es": "mes %{{x:.1f}}: %{{y:.1f}}{suffix} perdidos",
    },
    # table headers
    "col.group": {"en": "Group", "es": "Grupo"},
    "col.customers": {"en": "Customers", "es": "Clientes"},
    "col.left": {"en": "Left", "es": "Se fueron"},
    "col.median_months": {"en": "Median months to leaving", "es": "Mediana de meses hasta irse"},
    "col.alive_90": {"en": "Still customers at 3 months", "es": "Siguen a los 3 meses"},
    "col.alive_180": {"en": "At 6 months", "es": "A los 6 meses"},
    "col.alive_365": {"en": "At 12 months", "es": "A los 12 meses"},
}
