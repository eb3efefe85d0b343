"""Strings of the Agents and teams page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "agents.lead": {
        "en": "Where failures and recoveries concentrate, to learn from them — **not to rank people**. "
        "Errors are for learning, not for a witch hunt: most differences between agents are chance, "
        "case mix and the work they are given, and a single number never tells which. Points are named "
        "only when they lie outside control limits that allow for their volume.",
        "es": "Dónde se concentran los fallos y las recuperaciones, para aprender de ellos — **no para "
        "clasificar a las personas**. Los errores son para aprender, no para una caza de brujas: la "
        "mayoría de las diferencias entre agentes son azar, el tipo de casos y el trabajo que reciben, y "
        "una sola cifra nunca dice cuál. Solo se nombran los puntos que caen fuera de límites de control "
        "que tienen en cuenta su volumen.",
    },
    "agents.min_volume": {"en": "Minimum volume", "es": "Volumen mínimo"},
    "agents.min_volume_help": {
        "en": "Agents and teams with fewer contacts (failure rate) or fewer failures (recovery rate, "
        "recognition) are drawn in light grey but neither named nor ranked: too few to tell anything "
        "from chance.",
        "es": "Los agentes y equipos con menos contactos (tasa de fallos) o menos fallos (tasa de "
        "recuperación, reconocimiento) se dibujan en gris claro, sin nombrarlos ni clasificarlos: son "
        "muy pocos para distinguirlos del azar.",
    },
    "agents.level": {"en": "Compare", "es": "Comparar"},
    "agents.level.agent_id": {"en": "Agents", "es": "Agentes"},
    "agents.level.team": {"en": "Teams", "es": "Equipos"},
    "agents.failure": {"en": "Failure rate against volume", "es": "Tasa de fallos según el volumen"},
    "agents.recovery": {"en": "Recovery rate against volume", "es": "Tasa de recuperación según el volumen"},
    "agents.failure_title": {
        "en": "Failure rate of {units} against their contacts",
        "es": "Tasa de fallos de {units} según sus contactos",
    },
    "agents.recovery_title": {
        "en": "Recovery rate of {units} against their failures",
        "es": "Tasa de recuperación de {units} según sus fallos",
    },
    "agents.units.agent_id": {"en": "agents", "es": "los agentes"},
    "agents.units.team": {"en": "teams", "es": "los equipos"},
    "agents.x_contacts": {"en": "contacts (log scale)", "es": "contactos (escala log.)"},
    "agents.x_failures": {"en": "failures (log scale)", "es": "fallos (escala log.)"},
    "agents.y_failure": {"en": "failure rate", "es": "tasa de fallos"},
    "agents.y_recovery": {"en": "recovery rate", "es": "tasa de recuperación"},
    "agents.limit_95": {"en": "95% limits", "es": "límites del 95 %"},
    "agents.limit_99_8": {"en": "99.8% limits", "es": "límites del 99,8 %"},
    "agents.overall": {"en": "overall rate {value}", "es": "tasa global {value}"},
    "agents.band.within.low": {"en": "within the limits", "es": "dentro de los límites"},
    "agents.band.within.high": {"en": "within the limits", "es": "dentro de los límites"},
    "agents.band.below_min_volume.low": {"en": "below the minimum volume", "es": "bajo el volumen mínimo"},
    "agents.band.below_min_volume.high": {"en": "below the minimum volume", "es": "bajo el volumen mínimo"},
    "agents.band.high_inner.low": {"en": "above 95% (look closer)", "es": "sobre el 95 % (mirar de cerca)"},
    "agents.band.high_outer.low": {"en": "above 99.8% (act)", "es": "sobre el 99,8 % (actuar)"},
    "agents.band.low_inner.low": {"en": "below 95% (learn from)", "es": "bajo el 95 % (aprender de)"},
    "agents.band.low_outer.low": {"en": "below 99.8% (learn from)", "es": "bajo el 99,8 % (aprender de)"},
    "agents.band.high_inner.high": {"en": "above 95% (learn from)", "es": "sobre el 95 % (aprender de)"},
    "agents.band.high_outer.high": {"en": "above 99.8% (learn from)", "es": "sobre el 99,8 % (aprender de)"},
    "agents.band.low_inner.high": {"en": "below 95% (look closer)", "es": "bajo el 95 % (mirar de cerca)"},
    "agents.band.low_outer.high": {"en": "below 99.8% (act)", "es": "bajo el 99,8 % (actuar)"},
    "agents.point_hover": {
        "en": "{name}: {rate}<br>{events} of {trials}",
        "es": "{name}: {rate}<br>{events} de {trials}",
    },
    "agents.funnel_caption": {
        "en": "Each point is one of the {units}; the funnel holds where a rate could fall by chance at "
        "that volume around the overall rate (95% dashed, 99.8% solid), widened for the spread between "
        "units beyond chance (overdispersion φ = {phi}). Points outside are named; {outside} of {n} with "
        "at least {min} lie outside the 95% limits. {filters}.",
        "es": "Cada punto es uno de {units}; el embudo marca dónde podría caer una tasa por azar con ese "
        "volumen alrededor de la tasa global (95 % discontinuo, 99,8 % continuo), ensanchado por la "
        "dispersión entre unidades más allá del azar (sobredispersión φ = {phi}). Se nombran los puntos "
        "de fuera; {outside} de {n} con al menos {min} quedan fuera de los límites del 95 %. {filters}.",
    },
    "agents.nothing": {
        "en": "nothing to compare in this window and these filters",
        "es": "nada que comparar en esta ventana y con estos filtros",
    },
    "agents.outside": {"en": "Outside the limits", "es": "Fuera de los límites"},
    "agents.none_outside": {
        "en": "Every {unit} with enough volume lies within the 95% limits: the differences are what "
        "chance and ordinary variation would give.",
        "es": "Todos los {unit} con volumen suficiente están dentro de los límites del 95 %: las "
        "diferencias son las que darían el azar y la variación normal.",
    },
    "agents.unit.agent_id": {"en": "agents", "es": "agentes"},
    "agents.unit.team": {"en": "teams", "es": "equipos"},
    "agents.board": {
        "en": "Recognition: the best recoveries",
        "es": "Reconocimiento: las mejores recuperaciones",
    },
    "agents.board_caption": {
        "en": "Agents with at least {min} failures, by their recovery rate shrunk towards the overall "
        "{prior} (empirical Bayes): a few lucky recoveries do not win. Ask them how they do it. {filters}.",
        "es": "Agentes con al menos {min} fallos, según su tasa de recuperación ajustada hacia la global "
        "de {prior} (Bayes empírico): unas pocas recuperaciones con suerte no ganan. Pregúnteles cómo lo "
        "hacen. {filters}.",
    },
    "agents.board_chance": {
        "en": "On this data the agents' recovery rates differ no more than chance would make them "
        "differ: shrunk towards the overall rate they are all within {spread} of each other, so no one "
        "stands out. The list is there to find who to ask, not to rank.",
        "es": "En estos datos las tasas de recuperación de los agentes no difieren más de lo que haría el "
        "azar: ajustadas hacia la tasa global, todas quedan a menos de {spread} entre sí, así que nadie "
        "destaca. La lista sirve para saber a quién preguntar, no para clasificar.",
    },
    "agents.board_empty": {
        "en": "No agent has {min} failures or more in this window: too few to recognise anyone fairly.",
        "es": "Ningún agente tiene {min} fallos o más en esta ventana: muy pocos para reconocer a nadie "
        "con justicia.",
    },
    "agents.escalation": {"en": "Escalation access", "es": "Acceso a un superior"},
    "agents.escalation_title": {
        "en": "Customers who asked for a supervisor, and those who got one",
        "es": "Clientes que pidieron un supervisor, y los que lo obtuvieron",
    },
    "agents.escalation_caption": {
        "en": "Per team: customers who asked for someone with more power (escalation asked or refused) "
        "and those who got one; a customer counts once per team. The share with its 95% interval. "
        "{filters}.",
        "es": "Por equipo: clientes que pidieron hablar con alguien con más poder (escalada pedida o "
        "negada) y los que lo consiguieron; cada cliente cuenta una vez por equipo. La proporción con su "
        "intervalo del 95 %. {filters}.",
    },
    "agents.escalation_none": {
        "en": "no customer asked for a supervisor in this window",
        "es": "ningún cliente pidió un supervisor en esta ventana",
    },
    "agents.asked": {"en": "asked", "es": "lo pidieron"},
    "agents.granted": {"en": "got one", "es": "lo obtuvieron"},
    "agents.got_one": {"en": "{rate} got one ({interval})", "es": "{rate} lo obtuvo ({interval})"},
    "agents.customers_axis": {"en": "customers", "es": "clientes"},
    "col.agent_id": {"en": "Agent", "es": "Agente"},
    "col.unit": {"en": "Agent or team", "es": "Agente o equipo"},
    "col.rank": {"en": "Rank", "es": "Puesto"},
    "col.recovered": {"en": "Recovered", "es": "Recuperados"},
    "col.raw_rate": {"en": "Recovery rate, observed", "es": "Tasa de recuperación observada"},
    "col.shrunk_rate": {"en": "Recovery rate, shrunk", "es": "Tasa de recuperación ajustada"},
    "col.rate": {"en": "Rate", "es": "Tasa"},
    "col.events": {"en": "Events", "es": "Eventos"},
    "col.trials": {"en": "Volume", "es": "Volumen"},
    "col.where": {"en": "Where", "es": "Dónde"},
    "col.failure_rate": {"en": "Failure rate", "es": "Tasa de fallos"},
    "col.recovery_rate": {"en": "Recovery rate", "es": "Tasa de recuperación"},
    "col.requests": {"en": "Requests", "es": "Solicitudes"},
    "col.granted_requests": {"en": "Requests granted", "es": "Solicitudes atendidas"},
    "col.customers_asked": {"en": "Customers who asked", "es": "Clientes que lo pidieron"},
    "col.customers_granted": {"en": "Customers who got one", "es": "Clientes que lo obtuvieron"},
    "agents.outside_where.high_inner": {"en": "above 95%", "es": "sobre el 95 %"},
    "agents.outside_where.high_outer": {"en": "above 99.8%", "es": "sobre el 99,8 %"},
    "agents.outside_where.low_inner": {"en": "below 95%", "es": "bajo el 95 %"},
    "agents.outside_where.low_outer": {"en": "below 99.8%", "es": "bajo el 99,8 %"},
}
