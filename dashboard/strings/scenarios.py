"""Strings of the Scenarios page (Consulting), its figures and its brief for the client."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "what.scenarios": {"en": "scenario projection", "es": "la proyección de escenarios"},
    "scenarios.lead": {
        "en": "What fixing a failure would be worth from today on: move the levers and the projection "
        "of the next months follows, for the customers active now.",
        "es": "Lo que valdría corregir un fallo a partir de hoy: mueva las palancas y la proyección de "
        "los próximos meses cambia, para los clientes activos hoy.",
    },
    "scenarios.preparing": {
        "en": "Drawing the next {months} months of {customers} active customers…",
        "es": "Simulando los próximos {months} meses de {customers} clientes activos…",
    },
    "scenarios.caption": {
        "en": "Projection from {as_of} over {months} months for the {customers} customers active then · "
        "model fitted on {fitted} customers of the window {start} – {end} ({n} bootstrap replicates)",
        "es": "Proyección desde el {as_of} a {months} meses para los {customers} clientes activos en esa "
        "fecha · modelo ajustado con {fitted} clientes de la ventana {start} – {end} ({n} réplicas bootstrap)",
    },
    "scenarios.customer_filters": {
        "en": "Only the active customers selected by the filters ({filters}) are projected; the model "
        "itself is fitted on every customer of the window.",
        "es": "Solo se proyectan los clientes activos que seleccionan los filtros ({filters}); el modelo "
        "se ajusta con todos los clientes de la ventana.",
    },
    "scenarios.contact_filters": {
        "en": "The projection cannot apply the channel and team filters ({filters}): it draws each "
        "customer's future contacts, whatever their channel or team. It covers all contacts.",
        "es": "La proyección no puede aplicar los filtros de canal y equipo ({filters}): simula los "
        "contactos futuros de cada cliente, sean del canal o equipo que sean. Cubre todos los contactos.",
    },
    # the headline
    "scenarios.no_lever": {
        "en": "As things are, **{base}** of the {customers} active customers are expected to leave in "
        "the next {months} months. Move a lever to see what fixing a failure is worth.",
        "es": "Tal como están las cosas, se espera que **{base}** de los {customers} clientes activos se "
        "vayan en los próximos {months} meses. Mueva una palanca para ver cuánto vale corregir un fallo.",
    },
    "scenarios.headline": {
        "en": "With these levers, **{kept}** more customers stay over the next {months} months "
        "(95\u00a0% interval {low}–{high}): **{share}** of the expected churn avoided.",
        "es": "Con estas palancas, **{kept}** clientes más se quedan en los próximos {months} meses "
        "(intervalo del 95\u00a0%: {low}–{high}): se evita el **{share}** de las bajas esperadas.",
    },
    "scenarios.interval": {
        "en": "95\u00a0% interval {low} – {high}",
        "es": "Intervalo del 95\u00a0%: {low} – {high}",
    },
    "scenarios.tile.churn_avoided": {"en": "Churn avoided", "es": "Bajas evitadas"},
    "scenarios.tile.churn_avoided_note": {
        "en": "Of the {base} customers expected to leave in {months} months, {scenario} would leave with "
        "these levers.",
        "es": "De los {base} clientes que se espera que se vayan en {months} meses, se irían {scenario} "
        "con estas palancas.",
    },
    "scenarios.tile.customers_kept": {"en": "Customers kept", "es": "Clientes retenidos"},
    "scenarios.tile.customers_kept_note": {
        "en": "Active customers who would still be customers at month {months} thanks to the levers.",
        "es": "Clientes activos que seguirían siéndolo en el mes {months} gracias a las palancas.",
    },
    "scenarios.tile.revenue_kept": {"en": "Revenue kept", "es": "Ingresos retenidos"},
    "scenarios.tile.revenue_kept_note": {
        "en": "The customer-months kept over {months} months, valued at {value}; {monthly} a month at "
        "month {months}.",
        "es": "Los meses-cliente retenidos en {months} meses, valorados a {value}; {monthly} al mes en el "
        "mes {months}.",
    },
    "scenarios.tile.word_of_mouth": {"en": "Bad word of mouth avoided", "es": "Mala publicidad evitada"},
    "scenarios.interval_people": {
        "en": "95\u00a0% interval {low} – {high} people",
        "es": "Intervalo del 95\u00a0%: {low} – {high} personas",
    },
    "scenarios.tile.word_of_mouth_note": {
        "en": "People not told of a bad experience: {per} per customer kept (assumptions below).",
        "es": "Personas que no oirán hablar de una mala experiencia: {per} por cliente retenido "
        "(supuestos más abajo).",
    },
    "scenarios.value_own": {
        "en": "each customer's monthly revenue",
        "es": "los ingresos mensuales de cada cliente",
    },
    "scenarios.value_fixed": {"en": "{value} a customer-month", "es": "{value} por mes-cliente"},
    # the levers
    "scenarios.levers": {"en": "Levers", "es": "Palancas"},
    "scenarios.reset": {"en": "Reset the levers", "es": "Restablecer las palancas"},
    "scenarios.presets": {"en": "Named levers from the field", "es": "Palancas del sector"},
    "scenarios.presets_caption": {
        "en": "Each slider: the share of those failures avoided from now on.",
        "es": "Cada control: la proporción de esos fallos que se evita a partir de ahora.",
    },
    "scenarios.preset_help": {
        "en": "{sentence} Moves these subtypes: {subtypes}.",
        "es": "{sentence} Mueve estos subtipos: {subtypes}.",
    },
    "scenarios.families": {"en": "Fewer failures, by type", "es": "Menos fallos, por tipo"},
    "scenarios.families_help": {
        "en": "Share of the future failures of each kind avoided. Open a type for its subtypes; levers "
        "on the same subtype compound.",
        "es": "Proporción de los fallos futuros de cada tipo que se evitan. Abra un tipo para ver sus "
        "subtipos; las palancas sobre el mismo subtipo se combinan.",
    },
    "scenarios.family_all": {"en": "All {family} failures", "es": "Todos los fallos de {family}"},
    "scenarios.family_recovery": {
        "en": "Recovery target, {family}",
        "es": "Objetivo de recuperación, {family}",
    },
    "scenarios.family_recovery_help": {
        "en": "Share of this type's future failures recovered. Today {now}; a target below that, or "
        "below the overall target, changes nothing.",
        "es": "Proporción de los fallos futuros de este tipo que se recuperan. Hoy el {now}; un objetivo "
        "por debajo de ese, o del objetivo general, no cambia nada.",
    },
    "scenarios.family_moved": {"en": "{family} · {n} moved", "es": "{family} · {n} movidas"},
    "scenarios.recovery": {"en": "Recovery target", "es": "Objetivo de recuperación"},
    "scenarios.recovery_help": {
        "en": "Share of future failures recovered (an apology, a fast fix, a follow-up). Today {now} are "
        "recovered; a target below that changes nothing.",
        "es": "Proporción de los fallos futuros que se recuperan (una disculpa, una solución rápida, un "
        "seguimiento). Hoy se recupera el {now}; un objetivo por debajo no cambia nada.",
    },
    "scenarios.recovery_now": {"en": "Recovered today: {rates}", "es": "Recuperados hoy: {rates}"},
    "scenarios.horizon": {"en": "Horizon (months)", "es": "Horizonte (meses)"},
    "scenarios.horizon_help": {
        "en": "How many months ahead the projection runs (1–24). A new horizon draws the future again "
        "(a few seconds).",
        "es": "Cuántos meses hacia delante llega la proyección (1–24). Un horizonte nuevo vuelve a "
        "simular el futuro (unos segundos).",
    },
    "scenarios.own_revenue": {
        "en": "Value: each customer's revenue",
        "es": "Valor: ingresos de cada cliente",
    },
    "scenarios.own_revenue_help": {
        "en": "Uses the monthly_revenue column of the customers ({known} of {customers} active customers "
        "have one). Untick to type one value for every customer.",
        "es": "Usa la columna monthly_revenue de los clientes ({known} de {customers} clientes activos la "
        "tienen). Desmarque para escribir un único valor para todos.",
    },
    "scenarios.value": {"en": "Value of a customer-month", "es": "Valor de un mes-cliente"},
    "scenarios.wom": {"en": "Word-of-mouth assumptions", "es": "Supuestos de boca a boca"},
    "scenarios.wom_text": {
        "en": "An unhappy customer who leaves tells several people; some also post the complaint. "
        "These are assumptions, not measured: change them to the client's own figures.",
        "es": "Un cliente descontento que se va se lo cuenta a varias personas; algunos además publican "
        "la queja. Son supuestos, no mediciones: cámbielos por las cifras del cliente.",
    },
    "scenarios.people_told": {
        "en": "People an unhappy customer tells",
        "es": "Personas a las que se lo cuenta",
    },
    "scenarios.share_posting": {
        "en": "Share who post the complaint (%)",
        "es": "Proporción que publica la queja (%)",
    },
    "scenarios.post_reach": {"en": "People a post reaches", "es": "Personas que alcanza una publicación"},
    "scenarios.post_reach_help": {
        "en": "1,780 is the figure the customer-service literature quotes.",
        "es": "1.780 es la cifra que cita la literatura de atención al cliente.",
    },
    # the projection chart
    "scenarios.projection": {"en": "The next months", "es": "Los próximos meses"},
    "scenarios.chart_title": {
        "en": "Customers lost from {as_of}, and kept by the levers",
        "es": "Clientes perdidos desde el {as_of}, y retenidos por las palancas",
    },
    "scenarios.chart_axis_x": {"en": "months from the as-of date", "es": "meses desde la fecha de corte"},
    "scenarios.chart_axis_y": {"en": "customers lost (cumulative)", "es": "clientes perdidos (acumulado)"},
    "scenarios.baseline": {"en": "As things are", "es": "Tal como están las cosas"},
    "scenarios.scenario": {"en": "With the levers", "es": "Con las palancas"},
    "scenarios.avoided": {"en": "Customers kept", "es": "Clientes retenidos"},
    "scenarios.chart_axis_kept": {"en": "customers kept", "es": "clientes retenidos"},
    "scenarios.chart_hover": {
        "en": "{world}, month {month}: {value}<br>95\u00a0% interval {low} – {high}",
        "es": "{world}, mes {month}: {value}<br>intervalo del 95\u00a0%: {low} – {high}",
    },
    "scenarios.chart_caption": {
        "en": "Above: expected number of the {customers} active customers lost by each month end; below: "
        "the difference, customers kept by the levers. Bands are 95\u00a0% intervals from the model's "
        "bootstrap replicates (its uncertainty; chance adds about ±2√n).",
        "es": "Arriba: número esperado de los {customers} clientes activos perdidos al final de cada mes; "
        "abajo: la diferencia, los clientes que retienen las palancas. Las bandas son intervalos del 95\u00a0% "
        "de las réplicas bootstrap del modelo (su incertidumbre; el azar añade unos ±2√n).",
    },
    # the levers' value
    "scenarios.ranking": {"en": "What each lever is worth", "es": "Lo que vale cada palanca"},
    "scenarios.ranking_text": {
        "en": "Churn avoided over {months} months when one lever alone moves by 10 points (a family, a "
        "subtype or a named lever 10 % fewer failures; recovery 10 points above today's).",
        "es": "Bajas evitadas en {months} meses si una sola palanca se mueve 10 puntos (un tipo, un "
        "subtipo o una palanca del sector con un 10 % menos de fallos; la recuperación 10 puntos por "
        "encima de la actual).",
    },
    "scenarios.ranking_title": {
        "en": "Customers kept per 10 points, top {n} levers",
        "es": "Clientes retenidos por 10 puntos, {n} mejores palancas",
    },
    "scenarios.ranking_caption": {
        "en": "Each bar: one lever moved alone by 10 points (the projection's point estimate). Dark: a "
        "failure type; blue: a subtype; green: a named lever; violet: recovery.",
        "es": "Cada barra: una palanca movida sola 10 puntos (la estimación puntual de la proyección). "
        "Oscuro: un tipo de fallo; azul: un subtipo; verde: una palanca del sector; violeta: recuperación.",
    },
    "scenarios.ranking_axis": {"en": "customers kept", "es": "clientes retenidos"},
    "scenarios.kind.family": {"en": "Failure type", "es": "Tipo de fallo"},
    "scenarios.kind.subtype": {"en": "Subtype", "es": "Subtipo"},
    "scenarios.kind.preset": {"en": "Named lever", "es": "Palanca del sector"},
    "scenarios.kind.recovery": {"en": "Recovery", "es": "Recuperación"},
    "scenarios.col.rank": {"en": "Rank", "es": "Puesto"},
    "scenarios.col.lever": {"en": "Lever", "es": "Palanca"},
    "scenarios.col.kind": {"en": "Kind", "es": "Clase"},
    "scenarios.col.churn_avoided": {"en": "Churn avoided", "es": "Bajas evitadas"},
    "scenarios.col.revenue_kept": {"en": "Revenue kept", "es": "Ingresos retenidos"},
    "scenarios.col.figure": {"en": "Figure", "es": "Cifra"},
    "scenarios.col.estimate": {"en": "Estimate", "es": "Estimación"},
    "scenarios.col.low": {"en": "95\u00a0% low", "es": "Mínimo 95\u00a0%"},
    "scenarios.col.high": {"en": "95\u00a0% high", "es": "Máximo 95\u00a0%"},
    "scenarios.fig.customers_active": {
        "en": "Customers active at the as-of date",
        "es": "Clientes activos en la fecha de corte",
    },
    "scenarios.fig.horizon_months": {"en": "Horizon (months)", "es": "Horizonte (meses)"},
    "scenarios.fig.baseline_churn": {
        "en": "Customers lost, as things are",
        "es": "Clientes perdidos, tal como están las cosas",
    },
    "scenarios.fig.scenario_churn": {
        "en": "Customers lost, with the levers",
        "es": "Clientes perdidos, con las palancas",
    },
    "scenarios.fig.churn_avoided": {
        "en": "Churn avoided (customers kept)",
        "es": "Bajas evitadas (clientes retenidos)",
    },
    "scenarios.fig.churn_avoided_share": {
        "en": "Churn avoided, % of the expected churn",
        "es": "Bajas evitadas, % de las bajas esperadas",
    },
    "scenarios.fig.revenue_kept": {
        "en": "Revenue kept over the horizon",
        "es": "Ingresos retenidos en el horizonte",
    },
    "scenarios.fig.monthly_revenue_kept": {
        "en": "Monthly revenue kept at the horizon",
        "es": "Ingresos mensuales retenidos al final del horizonte",
    },
    "scenarios.fig.word_of_mouth_avoided": {
        "en": "People not reached by bad word of mouth",
        "es": "Personas a las que no llega la mala publicidad",
    },
    "scenarios.download_figures": {"en": "The figures (CSV)", "es": "Las cifras (CSV)"},
    "scenarios.figures_file": {"en": "scenario_figures", "es": "cifras_escenario"},
    "scenarios.levers_file": {"en": "lever_values", "es": "valor_palancas"},
    # saving and comparing
    "scenarios.save": {"en": "Save and compare", "es": "Guardar y comparar"},
    "scenarios.name": {"en": "Name of this scenario", "es": "Nombre de este escenario"},
    "scenarios.name_placeholder": {"en": "e.g. Empowerment 50 %", "es": "p. ej. Autonomía 50 %"},
    "scenarios.save_button": {"en": "Save the scenario", "es": "Guardar el escenario"},
    "scenarios.saved": {"en": "Saved as “{name}”.", "es": "Guardado como «{name}»."},
    "scenarios.replaced": {
        "en": "“{name}” was saved again (replaced).",
        "es": "«{name}» se guardó de nuevo (reemplazado).",
    },
    "scenarios.compare": {
        "en": "Compare saved scenarios (up to four)",
        "es": "Comparar escenarios guardados (hasta cuatro)",
    },
    "scenarios.compare_placeholder": {"en": "Choose saved scenarios", "es": "Elija escenarios guardados"},
    "scenarios.none_saved": {
        "en": "No scenario saved yet: name the current one and save it to compare it with others.",
        "es": "Aún no hay escenarios guardados: ponga nombre al actual y guárdelo para compararlo.",
    },
    "scenarios.compare_caption": {
        "en": "Each saved scenario recomputed on today's data and the sidebar's date and filters; the "
        "figures it showed when saved are in its row “when saved”.",
        "es": "Cada escenario guardado se recalcula con los datos de hoy y la fecha y filtros de la barra "
        "lateral; las cifras que mostraba al guardarse están en la fila «al guardarlo».",
    },
    "scenarios.compare_title": {
        "en": "Churn avoided by saved scenario",
        "es": "Bajas evitadas por escenario guardado",
    },
    "scenarios.compare_chart_caption": {
        "en": "Point estimate and 95\u00a0% interval of the churn avoided over each scenario's horizon.",
        "es": "Estimación puntual e intervalo del 95\u00a0% de las bajas evitadas en el horizonte de cada escenario.",
    },
    "scenarios.row.levers": {"en": "Levers", "es": "Palancas"},
    "scenarios.row.horizon": {"en": "Horizon (months)", "es": "Horizonte (meses)"},
    "scenarios.row.baseline": {
        "en": "Customers lost, as things are",
        "es": "Clientes perdidos, tal como están",
    },
    "scenarios.row.churn_avoided": {"en": "Churn avoided", "es": "Bajas evitadas"},
    "scenarios.row.share": {"en": "Share of the expected churn", "es": "Proporción de las bajas esperadas"},
    "scenarios.row.revenue_kept": {"en": "Revenue kept", "es": "Ingresos retenidos"},
    "scenarios.row.word_of_mouth": {
        "en": "Bad word of mouth avoided (people)",
        "es": "Mala publicidad evitada (personas)",
    },
    "scenarios.row.saved": {"en": "When saved", "es": "Al guardarlo"},
    "scenarios.row.saved_value": {
        "en": "{when}: {avoided} churn avoided",
        "es": "{when}: {avoided} bajas evitadas",
    },
    "scenarios.no_levers": {"en": "none (as things are)", "es": "ninguna (tal como están las cosas)"},
    "scenarios.col.figure_row": {"en": "Figure", "es": "Cifra"},
    # the brief
    "scenarios.brief_download": {
        "en": "Brief for the client (HTML)",
        "es": "Informe para el cliente (HTML)",
    },
    "scenarios.brief_help": {
        "en": "One self-contained file: the charts, the figures with their intervals, the levers, the "
        "assumptions, the data window and the method in plain language. Opens offline.",
        "es": "Un único archivo: los gráficos, las cifras con sus intervalos, las palancas, los supuestos, "
        "la ventana de datos y el método en palabras simples. Se abre sin conexión.",
    },
    "scenarios.brief_file": {"en": "scenario_brief", "es": "informe_escenario"},
    "scenarios.brief_subtitle": {
        "en": "What fixing failures would be worth: a scenario",
        "es": "Lo que valdría corregir los fallos: un escenario",
    },
    "scenarios.brief_meta": {
        "en": "Data window {start} – {end} · projection from {as_of} over {months} months for {customers} "
        "active customers · {filters} · generated {generated}",
        "es": "Ventana de datos {start} – {end} · proyección desde el {as_of} a {months} meses para "
        "{customers} clientes activos · {filters} · generado el {generated}",
    },
    "scenarios.brief_figures": {"en": "The figures", "es": "Las cifras"},
    "scenarios.brief_levers": {"en": "The levers of this scenario", "es": "Las palancas de este escenario"},
    "scenarios.assumptions": {"en": "Assumptions", "es": "Supuestos"},
    "scenarios.method": {"en": "The method in plain language", "es": "El método en palabras simples"},
    # the assumptions, written out
    "scenarios.assume.contacts": {
        "en": "Customers keep contacting at their own pace (their history, shrunk towards the average), "
        "with today's mix of failures ({share} of contacts are failures).",
        "es": "Los clientes siguen contactando a su ritmo (su historial, acercado a la media), con la "
        "mezcla actual de fallos (el {share} de los contactos son fallos).",
    },
    "scenarios.assume.recovery": {
        "en": "Recovered today, by type: {rates}.",
        "es": "Recuperados hoy, por tipo: {rates}.",
    },
    "scenarios.assume.subtypes": {
        "en": "Failures recorded with their type only are taken to be of its subtypes in the proportions "
        "seen where the subtype is known.",
        "es": "Los fallos registrados solo con su tipo se reparten entre sus subtipos en las proporciones "
        "observadas donde el subtipo se conoce.",
    },
    "scenarios.assume.monotone": {
        "en": "A failure never lowers the risk of leaving and a recovery never raises it, so fixing more "
        "never shows more churn.",
        "es": "Un fallo nunca reduce el riesgo de irse y una recuperación nunca lo aumenta, así que "
        "corregir más nunca muestra más bajas.",
    },
    "scenarios.assume.value": {
        "en": "Value of a customer-month: {value}.",
        "es": "Valor de un mes-cliente: {value}.",
    },
    "scenarios.assume.word_of_mouth": {
        "en": "Bad word of mouth: each customer kept would have told {told} people, and {share} of them "
        "would have posted a complaint reaching {reach} people: {per} people per customer.",
        "es": "Mala publicidad: cada cliente retenido se lo habría contado a {told} personas, y el {share} "
        "habría publicado una queja que llega a {reach} personas: {per} personas por cliente.",
    },
    "scenarios.assume.intervals": {
        "en": "Intervals are for the expected number (the model's uncertainty, from {n} bootstrap "
        "replicates); the number that really happens also varies by chance.",
        "es": "Los intervalos son del número esperado (la incertidumbre del modelo, de {n} réplicas "
        "bootstrap); el número que de verdad ocurra también varía por azar.",
    },
    "scenarios.method_text": {
        "en": "The model learns from the data window how much each kind of failure, and each subtype, "
        "raises a customer's risk of leaving in the {days} days after it, and how much a recovery "
        "softens it; a failure logged on the day a customer leaves is not counted as a cause.\n\n"
        "From the as-of date, it follows every active customer through the next months: their future "
        "contacts are drawn at their own pace, each contact is a failure or not with today's mix, and "
        "each failure is recovered or not at today's rate. The same drawn future is then replayed with "
        "the levers: a lever avoiding 30 % of a subtype removes those failures whose random number "
        "falls below 0.3, and a recovery target recovers more of them. Because both worlds share the "
        "same draws, the difference between them is the levers' effect alone, and with every lever at "
        "zero the two are identical.\n\n"
        "Each figure is an expected number over the horizon, with a 95\u00a0% interval from refitting the "
        "model on {n} resamples of the customers.",
        "es": "El modelo aprende de la ventana de datos cuánto aumenta cada tipo de fallo, y cada "
        "subtipo, el riesgo de que un cliente se vaya en los {days} días siguientes, y cuánto lo suaviza "
        "una recuperación; un fallo registrado el día en que el cliente se va no se cuenta como causa.\n\n"
        "Desde la fecha de corte, sigue a cada cliente activo durante los próximos meses: sus contactos "
        "futuros se simulan a su propio ritmo, cada contacto es un fallo o no con la mezcla actual, y "
        "cada fallo se recupera o no con la tasa actual. El mismo futuro simulado se repite con las "
        "palancas: una palanca que evita el 30 % de un subtipo quita los fallos cuyo número aleatorio "
        "queda por debajo de 0,3, y un objetivo de recuperación recupera más de ellos. Como los dos "
        "mundos comparten los mismos sorteos, la diferencia entre ambos es solo el efecto de las "
        "palancas, y con todas las palancas a cero son idénticos.\n\n"
        "Cada cifra es un número esperado en el horizonte, con un intervalo del 95\u00a0% obtenido "
        "reajustando el modelo en {n} remuestreos de los clientes.",
    },
}
