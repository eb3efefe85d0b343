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
    "figure.hr_events": {"en": "{n} churn events while exposed", "es": "{n} bajas con la exposición"},
    "figure.hr_axis": {"en": "hazard ratio (log scale)", "es": "razón de riesgos (escala log.)"},
    "figure.hr_hover": {
        "en": "{name}: {value}<br>95% interval {low} – {high}",
        "es": "{name}: {value}<br>intervalo del 95 %: {low} – {high}",
    },
    "hr.attitude": {"en": "Attitude failure (recent)", "es": "Fallo de actitud (reciente)"},
    "hr.process": {"en": "Process failure (recent)", "es": "Fallo de proceso (reciente)"},
    "hr.price": {"en": "Price failure (recent)", "es": "Fallo de precio (reciente)"},
    "hr.quality": {"en": "Quality failure (recent)", "es": "Fallo de calidad (reciente)"},
    "hr.recovered": {"en": "Failure recovered", "es": "Fallo recuperado"},
    # the Attribution page
    "attribution.lead": {
        "en": "How much of the window's churn would not have happened without each kind of failure.",
        "es": "Cuántas de las bajas de la ventana no habrían ocurrido sin cada tipo de fallo.",
    },
    "attribution.fitted_on": {
        "en": "Fitted on every customer of the window: {customers} customers, {churned} churn events, "
        "{n} bootstrap replicates.",
        "es": "Ajustado sobre todos los clientes de la ventana: {customers} clientes, {churned} bajas, "
        "{n} réplicas bootstrap.",
    },
    "attribution.contact_filters": {
        "en": "The {filters} filter does not apply to this page: the attribution's unit is the customer, "
        "and a customer has contacts in several channels and teams. The figures below are for every "
        "customer of the window{customer_part}. Read failures by channel and team on the Failures page.",
        "es": "El filtro {filters} no se aplica en esta página: la unidad de la atribución es el cliente, "
        "y un cliente tiene contactos en varios canales y equipos. Las cifras de abajo son de todos los "
        "clientes de la ventana{customer_part}. Los fallos por canal y equipo están en la página Fallos.",
    },
    "attribution.contact_filters_customer_part": {
        "en": " (the segment, plan or region filter is applied in the subgroup section)",
        "es": " (el filtro de segmento, plan o región se aplica en la sección del subgrupo)",
    },
    "attribution.subgroup": {"en": "Customers of {group}", "es": "Clientes de {group}"},
    "attribution.subgroup_headline": {
        "en": "For {group}: **{value} of churn traces to attitude and process failures** (95% interval "
        "{interval}), against {all} for every customer.",
        "es": "Para {group}: **el {value} de las bajas se debe a fallos de actitud y de proceso** "
        "(intervalo del 95 %: {interval}), frente al {all} de todos los clientes.",
    },
    "attribution.subgroup_how": {
        "en": "{customers} customers, {churned} of whom left in the window. Read from the model fitted on "
        "every customer of the window, without refitting it: the expected churn is summed over this "
        "subgroup's customers with and without each family's failures, in the fit and in each of the "
        "{n} bootstrap replicates (hence the interval).",
        "es": "{customers} clientes, {churned} de ellos se fueron en la ventana. Leído del modelo ajustado "
        "sobre todos los clientes de la ventana, sin reajustarlo: las bajas esperadas se suman sobre los "
        "clientes de este subgrupo con y sin los fallos de cada familia, en el ajuste y en cada una de "
        "las {n} réplicas bootstrap (de ahí el intervalo).",
    },
    "attribution.subgroup_caption": {
        "en": "Bars: the subgroup's share of churn attributable to each kind of failure, with its 95% "
        "interval; grey diamonds: every customer's. Both from the one fitted model (no refit).",
        "es": "Barras: la proporción de las bajas del subgrupo atribuible a cada tipo de fallo, con su "
        "intervalo del 95 %; rombos grises: la de todos los clientes. Ambas del mismo modelo ajustado "
        "(sin reajuste).",
    },
    "attribution.subgroup_failed": {
        "en": "No customer followed in the window matches {group}, so this subgroup has no churn to "
        "attribute. Choose other filter values. The figures below are for every customer.",
        "es": "Ningún cliente seguido en la ventana cumple {group}, así que este subgrupo no tiene bajas "
        "que atribuir. Elija otros valores de filtro. Las cifras de abajo son de todos los clientes.",
    },
    "attribution.all_customers": {
        "en": "Every customer of the window",
        "es": "Todos los clientes de la ventana",
    },
    "figure.all_customers": {"en": "All customers", "es": "Todos los clientes"},
    "figure.subgroup_title": {
        "en": "Share of churn by kind of failure<br><sup>{group} (bars) · all customers (grey)</sup>",
        "es": "Proporción de las bajas por tipo de fallo<br><sup>{group} (barras) · todos los clientes "
        "(gris)</sup>",
    },
    "col.subgroup": {"en": "Subgroup", "es": "Subgrupo"},
    "col.subgroup_low": {"en": "Subgroup, 95% low", "es": "Subgrupo, 95 % inferior"},
    "col.subgroup_high": {"en": "Subgroup, 95% high", "es": "Subgrupo, 95 % superior"},
    "col.all": {"en": "All customers", "es": "Todos los clientes"},
    "col.all_low": {"en": "All customers, 95% low", "es": "Todos los clientes, 95 % inferior"},
    "col.all_high": {"en": "All customers, 95% high", "es": "Todos los clientes, 95 % superior"},
    "attribution.shares": {"en": "Shares of churn", "es": "Proporciones de las bajas"},
    "attribution.shares_caption": {
        "en": "Families: Shapley shares (they add up to all failures). Joint rows: the share that "
        "would not have happened without both families' failures together (not the sum of the two: "
        "a customer can suffer both). 95% bootstrap intervals.",
        "es": "Familias: proporciones de Shapley (suman la de todos los fallos). Filas conjuntas: la "
        "proporción que no habría ocurrido sin los fallos de ambas familias a la vez (no la suma de "
        "las dos: un cliente puede sufrir ambos). Intervalos bootstrap del 95 %.",
    },
    "attribution.stated": {"en": "Stated and attributed", "es": "Declarado y atribuido"},
    "attribution.hazard": {"en": "Hazard ratios", "es": "Razones de riesgo"},
    "attribution.hazard_caption": {
        "en": "How many times higher the risk of leaving is while a failure of each family is recent "
        "(last {days} days), against a customer with none, other things equal; below 1 for a "
        "recovered failure means recovery lowers the risk (log scale; the dashed line at 1 is no effect). {why}",
        "es": "Cuántas veces mayor es el riesgo de irse mientras un fallo de cada familia es reciente "
        "(últimos {days} días), frente a un cliente sin ninguno, a igualdad de lo demás; por debajo "
        "de 1 para un fallo recuperado significa que la recuperación baja el riesgo (escala logarítmica; la "
        "línea de trazos en 1 es sin efecto). {why}",
    },
    "attribution.model.cox": {
        "en": "Model: time-varying Cox on the exact covariate episodes (partial likelihood, Efron "
        "ties), chosen because {customers} customers is below {limit}.",
        "es": "Modelo: Cox con covariables dependientes del tiempo sobre los episodios exactos "
        "(verosimilitud parcial, empates de Efron), elegido porque {customers} clientes es menos "
        "de {limit}.",
    },
    "attribution.model.piecewise_exponential": {
        "en": "Model: the attribution's piecewise-exponential (Poisson) model on the exact episodes, "
        "baseline by tenure band, with bootstrap intervals; at {customers} customers ({limit} or "
        "more) the time-varying Cox model stops being interactive.",
        "es": "Modelo: el modelo exponencial por tramos (Poisson) de la atribución sobre los episodios "
        "exactos, riesgo base por tramo de antigüedad, con intervalos bootstrap; con {customers} "
        "clientes ({limit} o más) el modelo de Cox deja de ser interactivo.",
    },
    "attribution.model.discrete": {
        "en": "Model: discrete-time hazard (complementary log-log) on the monthly customer-period "
        "table, as requested; a failure counts from the next month, which understates the ratios "
        "somewhat.",
        "es": "Modelo: riesgo en tiempo discreto (log-log complementario) sobre la tabla mensual "
        "cliente-periodo, a pedido; un fallo cuenta desde el mes siguiente, lo que subestima algo "
        "las razones.",
    },
    "attribution.method": {"en": "The method in plain language", "es": "El método en palabras simples"},
    "attribution.method_text": {
        "en": "**What “attributable” means here.** Of the churn events in the window, the share that "
        "would not have happened without a family's failures. A customer saved from leaving in "
        "month 5 is still at risk afterwards — from the ordinary risk and from failures still to "
        "come — and may leave before the window ends; the figure counts that, so it is not the "
        "textbook fraction, which overstates the larger shares.\n\n"
        "**How it is estimated.** A piecewise-exponential hazard model (a baseline risk by tenure "
        "band; segment and plan; a failure of each family in the last {days} days; a recovered "
        "failure) is fitted on each customer's exact history. Each customer's path is then replayed "
        "with a family's failures turned into ordinary contacts, and continued to the window's end "
        "with contacts drawn from a fitted contact model; the expected churn with and without the "
        "family gives its share (g-computation). The families' shares are Shapley averages over the "
        "four families, so they add up to the share of all failures. Intervals: {n} bootstrap "
        "replicates over customers, refitting the model each time.\n\n"
        "**What it assumes.** Failures are labelled correctly (coded by the export, found in the "
        "contact's columns, or read from the notes); a failure raises the risk for {days} days; once "
        "tenure, segment and plan are accounted for, nothing unmeasured drives both failures and "
        "leaving; contacts after a customer's exit follow the fitted contact model.\n\n"
        "**What would make it wrong.** Something that causes both failures and churn without being "
        "in the data (a region with a network outage generates complaints and departures: the "
        "departures would be credited to the failures); failures the labelling misses or puts in the "
        "wrong family (shares shrink or move between families); a cancellation call coded as a "
        "failure (the failure follows the decision to leave, and would inflate the share).",
        "es": "**Qué significa “atribuible” aquí.** De las bajas de la ventana, la proporción que no "
        "habría ocurrido sin los fallos de una familia. Un cliente que no se fue en el mes 5 sigue en "
        "riesgo después —por el riesgo normal y por los fallos que vendrán— y puede irse antes del "
        "fin de la ventana; la cifra lo cuenta, así que no es la fracción de manual, que exagera las "
        "proporciones mayores.\n\n"
        "**Cómo se estima.** Un modelo de riesgo exponencial por tramos (un riesgo base por tramo de "
        "antigüedad; segmento y plan; un fallo de cada familia en los últimos {days} días; un fallo "
        "recuperado) se ajusta sobre la historia exacta de cada cliente. Luego se reproduce la "
        "trayectoria de cada cliente con los fallos de una familia convertidos en contactos "
        "normales, y se continúa hasta el fin de la ventana con contactos tomados de un modelo de "
        "contactos ajustado; las bajas esperadas con y sin la familia dan su proporción (g-cómputo). "
        "Las proporciones de las familias son promedios de Shapley sobre las cuatro familias, así "
        "que suman la proporción de todos los fallos. Intervalos: {n} réplicas bootstrap sobre los "
        "clientes, reajustando el modelo cada vez.\n\n"
        "**Qué supone.** Los fallos están bien clasificados (codificados en la exportación, "
        "encontrados en las columnas del contacto o leídos de las notas); un fallo eleva el riesgo "
        "durante {days} días; una vez consideradas la antigüedad, el segmento y el plan, nada no "
        "medido provoca a la vez fallos y bajas; los contactos tras la salida de un cliente siguen "
        "el modelo de contactos ajustado.\n\n"
        "**Qué la haría errónea.** Algo que cause a la vez fallos y bajas sin estar en los datos (una "
        "región con una caída de red genera reclamos y bajas: las bajas se atribuirían a los "
        "fallos); fallos que la clasificación no detecta o pone en otra familia (las proporciones "
        "bajan o pasan de una familia a otra); una llamada de cancelación codificada como fallo (el "
        "fallo sigue a la decisión de irse, e inflaría la proporción).",
    },
    "col.hazard_ratio": {"en": "Hazard ratio", "es": "Razón de riesgos"},
    "col.interval": {"en": "95% interval", "es": "Intervalo del 95 %"},
    "col.row": {"en": "Exposure", "es": "Exposición"},
}
