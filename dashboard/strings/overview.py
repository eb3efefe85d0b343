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
    "overview.fcr": {"en": "First-contact resolution", "es": "Resolución 1.er contacto"},
    "overview.fcr_help": {
        "en": "Issues solved at their first contact, with no repeat contact on the same topic within "
        "{days} days. 95% interval {interval}; {n} issues.",
        "es": "Casos resueltos en su primer contacto, sin otro contacto sobre el mismo tema en {days} "
        "días. Intervalo del 95 %: {interval}; {n} casos.",
    },
    "overview.recovery": {"en": "Recovery rate", "es": "Tasa de recuperación"},
    "overview.recovery_help": {
        "en": "Failures followed by a service recovery: the issue resolved and an apology, "
        "compensation or follow-up. 95% interval {interval}; {n} failures.",
        "es": "Fallos seguidos de una recuperación del servicio: el caso resuelto y una disculpa, una "
        "compensación o un seguimiento. Intervalo del 95 %: {interval}; {n} fallos.",
    },
    "overview.resilience": {"en": "Commercial resilience", "es": "Resiliencia comercial"},
    "overview.resilience_help": {
        "en": "Of the customers who suffered a failure, the share still customers {days} days later: "
        "the customers who forgave the company. 95% interval {interval}; {n} customers.",
        "es": "De los clientes que sufrieron un fallo, los que seguían siendo clientes {days} días "
        "después: los que perdonaron a la empresa. Intervalo del 95 %: {interval}; {n} clientes.",
    },
    "overview.failures_per_100": {"en": "Failures per 100 contacts", "es": "Fallos por 100 contactos"},
    "overview.failures_per_100_help": {
        "en": "Contacts labelled as a failure (attitude, process, price or quality), per 100 contacts. "
        "95% interval {interval}; {n} contacts.",
        "es": "Contactos clasificados como fallo (actitud, proceso, precio o calidad), por cada 100 "
        "contactos. Intervalo del 95 %: {interval}; {n} contactos.",
    },
    "overview.nothing_to_count": {
        "en": "Nothing to count in this window and these filters.",
        "es": "No hay nada que contar en esta ventana y con estos filtros.",
    },
    "overview.coming": {
        "en": "Coming with the next update of the measures: this figure is not computed yet.",
        "es": "Llega con la próxima actualización de las medidas: esta cifra aún no se calcula.",
    },
    "overview.coming_caption": {
        "en": "Coming soon: {names}.",
        "es": "Próximamente: {names}.",
    },
    "overview.active_of": {
        "en": "{left} customers left by the as-of date ({share} of {customers}).",
        "es": "{left} clientes se fueron hasta la fecha de corte ({share} de {customers}).",
    },
    # the answer
    "overview.answer": {"en": "Why customers leave", "es": "Por qué se van los clientes"},
    "overview.causes_caption": {
        "en": "Of the churn events in the window, the share that would not have happened without each "
        "kind of failure (g-computation from a piecewise-exponential hazard model, {n} bootstrap "
        "replicates for the 95% intervals; the four families add up to the share of all failures). "
        "Fitted on every customer of the window: {customers} customers, {churned} churn events.",
        "es": "De las bajas de la ventana, la proporción que no habría ocurrido sin cada tipo de fallo "
        "(g-cómputo con un modelo de riesgo exponencial por tramos, {n} réplicas bootstrap para los "
        "intervalos del 95 %; las cuatro familias suman la proporción de todos los fallos). Ajustado "
        "sobre todos los clientes de la ventana: {customers} clientes, {churned} bajas.",
    },
    "overview.stated_caption": {
        "en": "Circles: the share of the customers who left in the window giving each kind of reason "
        "(their exit reason, read by the classifier or as you corrected it on the Review notes and reasons page). Diamonds: the share of churn the model "
        "attributes to each family, with its 95% interval. The two are shares of the same churn "
        "events; the line between them is the gap.",
        "es": "Círculos: la proporción de los clientes que se fueron en la ventana dando cada tipo de "
        "motivo (su motivo de baja, leído por el clasificador o como usted lo corrigió en la página Revisar notas y motivos). Rombos: la proporción de las bajas "
        "que el modelo atribuye a cada familia, con su intervalo del 95 %. Ambas son proporciones "
        "de las mismas bajas; la línea entre ellas es la diferencia.",
    },
    "overview.stated_unsure": {
        "en": "**{share} of the customers who left** gave a reason the model read with less than "
        "{threshold} probability, or could not read, and no one has checked it yet: once someone "
        "does, each circle can move by up to that much.",
        "es": "**El {share} de los clientes que se fueron** dio un motivo que el modelo leyó con menos "
        "de {threshold} de probabilidad, o no pudo leer, y nadie lo ha revisado aún: cuando alguien "
        "lo haga, cada círculo puede desplazarse como mucho en ese porcentaje.",
    },
    "overview.check_reasons": {
        "en": "Check how the exit reasons are read",
        "es": "Revisar cómo se leen los motivos de baja",
    },
    "overview.filters_scope": {
        "en": "Filters ({filters}): a segment, plan or region filter chooses the customers whose shares "
        "of churn are shown, read from the model fitted on every customer (no refit); channel and "
        "team filters apply to the tiles only (the model's unit is the customer). What leaving "
        "customers said, and the chart comparing it, cover every customer of the window.",
        "es": "Filtros ({filters}): un filtro de segmento, plan o región elige los clientes cuyas "
        "proporciones de bajas se muestran, leídas del modelo ajustado sobre todos los clientes (sin "
        "reajuste); los filtros de canal y equipo se aplican solo a los indicadores (la unidad del "
        "modelo es el cliente). Lo que dijeron los clientes al irse, y el gráfico que lo compara, "
        "cubren a todos los clientes de la ventana.",
    },
    "overview.subgroup_caption": {
        "en": "The subgroup's share of churn attributable to each kind of failure and the share no "
        "failure explains, 95% intervals from {n} bootstrap replicates; {customers} customers, "
        "{churned} left. Read from the model fitted on all {all} customers of the window, without "
        "refitting it.",
        "es": "La proporción de las bajas del subgrupo atribuible a cada tipo de fallo y la que ningún "
        "fallo explica, intervalos del 95 % de {n} réplicas bootstrap; {customers} clientes, "
        "{churned} se fueron. Leído del modelo ajustado sobre los {all} clientes de la ventana, sin "
        "reajustarlo.",
    },
    "overview.no_attribution": {
        "en": "Why customers leave cannot be estimated for this window: {reason}",
        "es": "No se puede estimar por qué se van los clientes en esta ventana: {reason}",
    },
    "overview.table": {"en": "The figures as a table", "es": "Las cifras en una tabla"},
    "col.cause": {"en": "Cause", "es": "Causa"},
    "col.estimate": {"en": "Share of churn", "es": "Proporción de las bajas"},
    "col.low": {"en": "95% interval, low", "es": "Intervalo del 95 %, inferior"},
    "col.high": {"en": "95% interval, high", "es": "Intervalo del 95 %, superior"},
    "col.stated": {"en": "Said when leaving", "es": "Dicho al irse"},
    "col.attributed": {"en": "Attributed", "es": "Atribuido"},
}
