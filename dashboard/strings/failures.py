"""Strings of the Failures page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "failures.lead": {
        "en": "Which failures customers meet, where and when, and where their labels came from. Each "
        "contact counts once, under its most trusted label known at the as-of date.",
        "es": "Qué fallos encuentran los clientes, dónde y cuándo, y de dónde salen sus etiquetas. Cada "
        "contacto cuenta una vez, con su etiqueta más fiable conocida a la fecha de corte.",
    },
    "failures.headline": {
        "en": "**{value}** failures per 100 contacts ({interval}): {failures} of {contacts} contacts. "
        "The most frequent: **{top}** ({share} of all failures).",
        "es": "**{value}** fallos por cada 100 contactos ({interval}): {failures} de {contacts} "
        "contactos. El más frecuente: **{top}** ({share} de todos los fallos).",
    },
    "failures.none_found": {
        "en": "No failure is labelled among the contacts of this window and these filters.",
        "es": "Ningún contacto de esta ventana y con estos filtros está clasificado como fallo.",
    },
    "failures.by_family": {"en": "By family", "es": "Por familia"},
    "failures.family_title": {"en": "Failures per 100 contacts", "es": "Fallos por cada 100 contactos"},
    "failures.family_caption": {
        "en": "Contacts whose primary label is a failure of each family, per 100 contacts in the window, "
        "with 95% (Wilson) intervals. Interactions table and its labels; {filters}.",
        "es": "Contactos cuya etiqueta principal es un fallo de cada familia, por cada 100 contactos de "
        "la ventana, con intervalos del 95 % (Wilson). Tabla de interacciones y sus etiquetas; {filters}.",
    },
    "failures.all_families": {"en": "All failures", "es": "Todos los fallos"},
    "failures.axis_per_100": {"en": "failures per 100 contacts", "es": "fallos por 100 contactos"},
    "failures.per_100_short": {"en": "per 100", "es": "por 100"},
    "failures.axis_failures": {"en": "failures", "es": "fallos"},
    "failures.per_100_hover": {
        "en": "{name}: {value} per 100 contacts<br>95% interval {low}–{high}<br>{failures} of {contacts} contacts",
        "es": "{name}: {value} por 100 contactos<br>Intervalo del 95 %: {low}–{high}<br>{failures} de "
        "{contacts} contactos",
    },
    "failures.recovery_line": {
        "en": "Recovered afterwards: {items}.",
        "es": "Recuperados después: {items}.",
    },
    "failures.pareto": {
        "en": "Which failures: the Pareto of subtypes",
        "es": "Qué fallos: Pareto de subtipos",
    },
    "failures.pareto_title": {
        "en": "Failure subtypes, most frequent first",
        "es": "Subtipos de fallo, del más frecuente al menos",
    },
    "failures.pareto_caption": {
        "en": "Bars: failures of each subtype per 100 contacts, in the family's colour. Line: the "
        "cumulative share of all failures — the few subtypes to fix first are left of where it "
        "flattens. {filters}.",
        "es": "Barras: fallos de cada subtipo por cada 100 contactos, en el color de su familia. Línea: "
        "la proporción acumulada de todos los fallos — los pocos subtipos que conviene atacar primero "
        "están a la izquierda de donde se aplana. {filters}.",
    },
    "failures.pareto_hover": {
        "en": "{name}: {value} per 100 contacts<br>{failures} failures ({share} of all)<br>cumulative {cumulative}",
        "es": "{name}: {value} por 100 contactos<br>{failures} fallos ({share} del total)<br>acumulado {cumulative}",
    },
    "failures.cumulative": {"en": "cumulative share", "es": "proporción acumulada"},
    "failures.other_subtypes": {"en": "{n} others", "es": "otros {n}"},
    "failures.no_subtype": {"en": "{family} (no subtype)", "es": "{family} (sin subtipo)"},
    "failures.where": {"en": "Where: channels and teams", "es": "Dónde: canales y equipos"},
    "failures.heat_title_channel": {
        "en": "Failures per 100 contacts by channel",
        "es": "Fallos por 100 contactos por canal",
    },
    "failures.heat_title_team": {
        "en": "Failures per 100 contacts by team",
        "es": "Fallos por 100 contactos por equipo",
    },
    "failures.heat_caption": {
        "en": "Each cell: contacts of that {by} whose primary label is a failure of that family, per 100 of "
        "the {by}'s contacts. Darker is more. {filters}.",
        "es": "Cada celda: contactos de ese {by} cuya etiqueta principal es un fallo de esa familia, por "
        "cada 100 contactos del {by}. Más oscuro es más. {filters}.",
    },
    "failures.heat_hover": {
        "en": "{family} · {where}: {value} per 100<br>of {contacts} contacts",
        "es": "{family} · {where}: {value} por 100<br>de {contacts} contactos",
    },
    "failures.unknown": {"en": "(not recorded)", "es": "(sin dato)"},
    "failures.when": {"en": "When: month by month", "es": "Cuándo: mes a mes"},
    "failures.monthly_title": {
        "en": "Failures per 100 contacts, by month and family",
        "es": "Fallos por 100 contactos, por mes y familia",
    },
    "failures.monthly_caption": {
        "en": "Complete months of the window; a failure is counted in the month of its contact. {filters}.",
        "es": "Meses completos de la ventana; cada fallo cuenta en el mes de su contacto. {filters}.",
    },
    "failures.month_hover": {
        "en": "{family}, {month}: {value} per 100<br>{failures} of {contacts} contacts",
        "es": "{family}, {month}: {value} por 100<br>{failures} de {contacts} contactos",
    },
    "failures.too_few_months": {"en": "fewer than two complete months", "es": "menos de dos meses completos"},
    "failures.labels": {"en": "Where the labels came from", "es": "De dónde salen las etiquetas"},
    "failures.sources_title": {
        "en": "Failures by the source of their label",
        "es": "Fallos según el origen de su etiqueta",
    },
    "failures.sources_caption": {
        "en": "Most trusted first: a failure code in the export; structured signals (a transfer, a "
        "repeat contact, a long wait, a missed promised date, an escalation refused); the notes, read "
        "by the classifier; notes it read as a failure without being sure of the family. A failure "
        "that several sources found (a transfer on a contact coded as a process failure) counts once, "
        "under the most trusted of them. The percentages are shares of all failures. {none} of "
        "{contacts} contacts show no failure.",
        "es": "De más a menos fiable: un código de fallo en la exportación; señales estructuradas (una "
        "transferencia, un contacto repetido, una espera larga, una fecha prometida incumplida, una "
        "escalada negada); las notas, leídas por el clasificador; notas que leyó como fallo sin estar "
        "seguro de la familia. Un fallo que hallaron varias fuentes (una transferencia en un contacto "
        "codificado como fallo de proceso) cuenta una vez, bajo la más fiable. Los porcentajes son "
        "proporciones de todos los fallos. {none} de {contacts} contactos no muestran fallo.",
    },
    "failures.source.coded": {"en": "Failure code", "es": "Código de fallo"},
    "failures.source.structured": {"en": "Structured signals", "es": "Señales estructuradas"},
    "failures.source.text": {"en": "Notes (classifier)", "es": "Notas (clasificador)"},
    "failures.source.unclassified": {"en": "Notes, family unsure", "es": "Notas, familia dudosa"},
    "failures.examples": {"en": "Read the notes", "es": "Leer las notas"},
    "failures.pick_subtype": {"en": "Failure subtype", "es": "Subtipo de fallo"},
    "failures.pick_placeholder": {
        "en": "Pick a subtype to read its latest notes",
        "es": "Elija un subtipo para leer sus últimas notas",
    },
    "failures.pick_help": {
        "en": "The latest notes of contacts labelled with this subtype, in this window and these filters.",
        "es": "Las notas más recientes de contactos con este subtipo, en esta ventana y con estos filtros.",
    },
    "failures.examples_caption": {
        "en": "The {n} latest notes labelled *{subtype}* · customer ids, e-mail addresses and phone and "
        "account numbers masked.",
        "es": "Las {n} notas más recientes con *{subtype}* · identificadores de cliente, correos y números "
        "de teléfono y de cuenta ocultos.",
    },
    "failures.no_examples": {
        "en": "No contact of this subtype has notes in this window.",
        "es": "Ningún contacto de este subtipo tiene notas en esta ventana.",
    },
    "failures.search": {"en": "Search the notes", "es": "Buscar en las notas"},
    "failures.search_label": {"en": "Phrase", "es": "Frase"},
    "failures.search_placeholder": {
        "en": "e.g. no estamos autorizados",
        "es": "p. ej. eso lo maneja otra área",
    },
    "failures.search_help": {
        "en": 'Finds the phrase anywhere in the notes, ignoring case and accents ("area" finds "área").',
        "es": "Encuentra la frase en cualquier parte de las notas, sin distinguir mayúsculas ni acentos "
        '("area" encuentra "área").',
    },
    "failures.search_button": {"en": "Search", "es": "Buscar"},
    "failures.search_found": {
        "en": "{matches} contacts in the window have notes containing “{phrase}”; the {n} latest (e-mail "
        "addresses and phone and account numbers masked):",
        "es": "{matches} contactos de la ventana tienen notas que contienen «{phrase}»; los {n} más recientes "
        "(correos y números de teléfono y de cuenta ocultos):",
    },
    "failures.search_none": {
        "en": "No note in the window contains “{phrase}”.",
        "es": "Ninguna nota de la ventana contiene «{phrase}».",
    },
    "failures.search_short": {
        "en": "Type at least two letters to search.",
        "es": "Escriba al menos dos letras para buscar.",
    },
    "failures.table": {"en": "The figures as a table", "es": "Las cifras en una tabla"},
    "col.family": {"en": "Family", "es": "Familia"},
    "col.subtype": {"en": "Subtype", "es": "Subtipo"},
    "col.contacts": {"en": "Contacts", "es": "Contactos"},
    "col.failures": {"en": "Failures", "es": "Fallos"},
    "col.per_100": {"en": "Per 100 contacts", "es": "Por 100 contactos"},
    "col.share": {"en": "Share of failures", "es": "Proporción de los fallos"},
    "col.cumulative": {"en": "Cumulative share", "es": "Proporción acumulada"},
    "col.customer": {"en": "Customer", "es": "Cliente"},
    "col.date": {"en": "Date", "es": "Fecha"},
    "col.channel": {"en": "Channel", "es": "Canal"},
    "col.team": {"en": "Team", "es": "Equipo"},
    "col.source": {"en": "Label from", "es": "Etiqueta de"},
    "col.notes": {"en": "Notes", "es": "Notas"},
    "col.month": {"en": "Month", "es": "Mes"},
    "what.rollup": {"en": "contact measures", "es": "las medidas de contactos"},
    "step.rollup": {
        "en": "counting the contacts for every filter",
        "es": "contando los contactos para cada filtro",
    },
}
