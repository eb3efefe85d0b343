"""Strings of the Overview page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "overview.customers": {"en": "Customers", "es": "Clientes"},
    "overview.customers_help": {
        "en": "Customers who had started by the as-of date (the customer filters applied).",
        "es": "Clientes que habían empezado a la fecha de corte (con los filtros de clientes).",
    },
    "overview.active": {"en": "Active customers", "es": "Clientes activos"},
    "overview.active_help": {
        "en": "Customers still active on the as-of date: started by then and not left.",
        "es": "Clientes todavía activos en la fecha de corte: habían empezado y no se habían ido.",
    },
    "overview.left": {"en": "Customers who left", "es": "Bajas"},
    "overview.left_help": {
        "en": "Customers whose end date is on or before the as-of date: {share} of the customers.",
        "es": "Clientes cuya fecha de baja es igual o anterior a la fecha de corte: {share} de los clientes.",
    },
    "overview.interactions": {"en": "Contacts", "es": "Contactos"},
    "overview.interactions_help": {
        "en": "Interactions (calls, chats, e-mails, visits, complaints) of these customers, the "
        "contact filters applied.",
        "es": "Interacciones (llamadas, chats, correos, visitas, reclamos) de estos clientes, con los "
        "filtros de contactos.",
    },
    "overview.churn_rate": {"en": "Monthly churn rate", "es": "Tasa de bajas mensual"},
    "overview.churn_rate_help": {
        "en": "Customers who left in a month divided by the customers at risk at its start, over the "
        "last {n} complete months ({first} – {last}). The arrow: the change from the {n} months before.",
        "es": "Clientes que se fueron en un mes divididos por los clientes en riesgo al inicio del mes, "
        "en los últimos {n} meses completos ({first} – {last}). La flecha: el cambio respecto de los {n} "
        "meses anteriores.",
    },
    "overview.churn_rate_delta": {
        "en": "{delta} vs the {n} months before",
        "es": "{delta} frente a los {n} meses anteriores",
    },
    "overview.monthly_churn": {"en": "Monthly churn rate", "es": "Tasa de bajas mensual"},
    "overview.monthly_caption": {
        "en": "Customers who left in each complete month, as a share of the customers at risk at the "
        "month's start. Customers table; {filters}.",
        "es": "Clientes que se fueron en cada mes completo, como proporción de los clientes en riesgo "
        "al inicio del mes. Tabla de clientes; {filters}.",
    },
    "overview.monthly_hover": {
        "en": "{month}: {rate}<br>{churned} of {at_risk} customers at risk left",
        "es": "{month}: {rate}<br>se fueron {churned} de {at_risk} clientes en riesgo",
    },
    "overview.too_little_months": {
        "en": "fewer than two complete months in the window",
        "es": "menos de dos meses completos en la ventana",
    },
}
