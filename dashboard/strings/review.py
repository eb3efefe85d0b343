"""Strings of the Review notes and reasons page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "page.review": {"en": "Review notes and reasons", "es": "Revisar notas y motivos"},
    "review.lead": {
        "en": "The notes the classifier could not place with confidence. Tell it what each one is: the "
        "next labelling learns your answers, and notes worded like them follow. Below them, the exit reasons "
        "customers gave, as the reports read them, to correct where they are misread.",
        "es": "Las notas que el clasificador no pudo ubicar con confianza. Dígale qué es cada una: la "
        "próxima clasificación aprende sus respuestas, y las notas escritas parecido las siguen. Debajo, los "
        "motivos de baja que dieron los clientes, como los leen los informes, para corregirlos donde se leen mal.",
    },
    "review.saved": {
        "en": "Corrections stored: {n}. The contacts were labelled again with them (below: what changed).",
        "es": "Correcciones guardadas: {n}. Los contactos se clasificaron de nuevo con ellas (abajo: qué cambió).",
    },
    "review.tile.notes": {"en": "Notes to review", "es": "Notas por revisar"},
    "review.tile.notes_help": {
        "en": "Distinct notes the classifier was unsure of (below its confidence threshold), most frequent first.",
        "es": "Notas distintas de las que el clasificador no estaba seguro (bajo su umbral de confianza), "
        "las más frecuentes primero.",
    },
    "review.tile.contacts": {"en": "Contacts they cover", "es": "Contactos que abarcan"},
    "review.tile.contacts_help": {
        "en": "Contacts whose primary label is 'unclassified' because of these notes.",
        "es": "Contactos cuya etiqueta principal es «sin clasificar» por estas notas.",
    },
    "review.tile.corrections": {"en": "Corrections stored", "es": "Correcciones guardadas"},
    "review.tile.corrections_help": {
        "en": "Notes and exit reasons labelled by people so far; the classifier learns them at every labelling.",
        "es": "Notas y motivos de baja etiquetados por personas hasta ahora; el clasificador los aprende en "
        "cada clasificación.",
    },
    "review.notes": {
        "en": "Notes the classifier was unsure of",
        "es": "Notas de las que el clasificador no estaba seguro",
    },
    "review.notes_caption": {
        "en": "Choose a family (or 'No failure') and, if you can, a subtype; rows left empty are not "
        "stored. The guess is the classifier's best, with its probability.",
        "es": "Elija una familia (o «Sin fallo») y, si puede, un subtipo; las filas vacías no se guardan. "
        "La sugerencia es la mejor del clasificador, con su probabilidad.",
    },
    "review.none": {
        "en": "No note to review: the classifier placed every note it read.",
        "es": "Ninguna nota por revisar: el clasificador ubicó todas las notas que leyó.",
    },
    "review.col.text": {"en": "Note", "es": "Nota"},
    "review.col.interactions": {"en": "Contacts", "es": "Contactos"},
    "review.col.interactions_help": {
        "en": "Contacts that carry this note word for word.",
        "es": "Contactos con esta nota palabra por palabra.",
    },
    "review.col.guess": {"en": "Best guess", "es": "Mejor sugerencia"},
    "review.col.probability": {"en": "Probability", "es": "Probabilidad"},
    "review.col.probability_help": {
        "en": "How sure the classifier is of its guess (below its threshold, so the note was left unclassified).",
        "es": "Qué tan seguro está el clasificador de su sugerencia (bajo su umbral, por eso la nota quedó "
        "sin clasificar).",
    },
    "review.col.family": {"en": "Family", "es": "Familia"},
    "review.col.subtype": {"en": "Subtype", "es": "Subtipo"},
    "review.col.subtype_help": {
        "en": "Optional; a subtype chosen alone gives its family.",
        "es": "Opcional; un subtipo elegido solo da su familia.",
    },
    "review.save": {"en": "Store the corrections", "es": "Guardar las correcciones"},
    "review.nothing_chosen": {
        "en": "No row has a family or subtype chosen: nothing to store.",
        "es": "Ninguna fila tiene familia o subtipo elegidos: nada que guardar.",
    },
    "review.problem_family": {
        "en": "“{note}”: the subtype chosen belongs to {family}, not to the family chosen. Change one of them.",
        "es": "«{note}»: el subtipo elegido pertenece a {family}, no a la familia elegida. Cambie uno de los dos.",
    },
    "review.problem_unknown": {
        "en": "“{note}”: choose the family and subtype from the lists.",
        "es": "«{note}»: elija la familia y el subtipo de las listas.",
    },
    "review.reasons": {
        "en": "What leaving customers said, as the reports read it",
        "es": "Lo que dijeron los clientes que se fueron, como lo leen los informes",
    },
    "review.reasons_caption": {
        "en": "Each exit reason in your data, with the customers who gave it. The Overview compares these "
        "stated reasons with what the attribution finds, and a misread code moves every customer who gave "
        "it: choose a family where the reading is wrong (or 'No reason given' for a reason that says "
        "nothing). Your choice applies to that reason in every report, however it is capitalised, accented "
        "or spaced (such spellings are one row here); ✓ marks a choice already stored.",
        "es": "Cada motivo de baja de sus datos, con los clientes que lo dieron. El Resumen compara estos "
        "motivos declarados con lo que encuentra la atribución, y un código mal leído mueve a todos los "
        "clientes que lo dieron: elija una familia donde la lectura esté mal (o «Sin motivo declarado» "
        "para un motivo que no dice nada). Su elección vale para ese motivo en todos los informes, con "
        "cualquier uso de mayúsculas, tildes o espacios (esas grafías son aquí una sola fila); ✓ marca "
        "una elección ya guardada.",
    },
    "review.reasons_check": {
        "en": "**Check these first:** {n} of these reasons, given by {customers} customers ({share} of "
        "those listed), are read with less than {threshold} probability or left unclassified. On exit "
        "reasons worded by others, fewer than half of such readings are right; of those at {threshold} or "
        "more, nine in ten.",
        "es": "**Revise estos primero:** {n} de estos motivos, que dieron {customers} clientes ({share} de "
        "los listados), se leen con menos de {threshold} de probabilidad o quedan sin clasificar. En "
        "motivos de baja redactados por otros, menos de la mitad de esas lecturas son correctas; de las de "
        "{threshold} o más, nueve de cada diez.",
    },
    "review.reasons_check_none": {
        "en": "Every reason listed is read with at least {threshold} probability or was chosen by a person.",
        "es": "Todos los motivos listados se leen con al menos {threshold} de probabilidad o los eligió una "
        "persona.",
    },
    "review.reasons_chosen_one": {
        "en": "{n} reason already has a family chosen by a person.",
        "es": "{n} motivo ya tiene una familia elegida por una persona.",
    },
    "review.reasons_chosen_many": {
        "en": "{n} reasons already have a family chosen by a person.",
        "es": "{n} motivos ya tienen una familia elegida por una persona.",
    },
    "review.reasons_unsure_first": {
        "en": "Least sure first",
        "es": "Los menos seguros primero",
    },
    "review.reasons_unsure_first_help": {
        "en": "Order the reasons by how sure the reading is, the least sure first, instead of by how many "
        "customers gave them. Choices not yet stored are dropped when the order changes.",
        "es": "Ordena los motivos por lo segura que es la lectura, la menos segura primero, en lugar de por "
        "cuántos clientes los dieron. Las elecciones aún no guardadas se pierden al cambiar el orden.",
    },
    "review.reasons_none": {
        "en": "No customer who left gave a reason in the data.",
        "es": "Ningún cliente que se fue dio un motivo en los datos.",
    },
    "review.col.reason": {"en": "Exit reason", "es": "Motivo de baja"},
    "review.col.customers": {"en": "Customers", "es": "Clientes"},
    "review.col.customers_help": {
        "en": "Customers who left giving this reason word for word.",
        "es": "Clientes que se fueron dando este motivo palabra por palabra.",
    },
    "review.col.read_as": {"en": "Read as", "es": "Leído como"},
    "review.col.read_as_help": {
        "en": "How the reports count this reason now: the classifier's reading, 'No reason given' for a "
        "placeholder such as 'Other', or your choice (✓).",
        "es": "Cómo cuentan este motivo los informes ahora: la lectura del clasificador, «Sin motivo "
        "declarado» para un comodín como «Otro», o su elección (✓).",
    },
    "review.col.reason_probability_help": {
        "en": "How sure the classifier is of its reading (100 % for a placeholder or your choice). Below "
        "50 % the reason is left unclassified.",
        "es": "Qué tan seguro está el clasificador de su lectura (100 % para un comodín o su elección). "
        "Bajo el 50 % el motivo queda sin clasificar.",
    },
    "review.col.reason_family": {"en": "Correct to", "es": "Corregir a"},
    "review.reasons_save": {"en": "Store the readings chosen", "es": "Guardar las lecturas elegidas"},
    "review.reasons_saved": {
        "en": "Readings stored: {n}. Every report counts those reasons as you chose.",
        "es": "Lecturas guardadas: {n}. Todos los informes cuentan esos motivos como usted eligió.",
    },
    "review.reasons_nothing_chosen": {
        "en": "No reason has a family chosen: nothing to store.",
        "es": "Ningún motivo tiene familia elegida: nada que guardar.",
    },
    "review.changes": {"en": "What the last labelling changed", "es": "Qué cambió la última clasificación"},
    "review.no_run": {
        "en": "The contacts have not been labelled yet.",
        "es": "Los contactos aún no se han clasificado.",
    },
    "review.run": {
        "en": "Labelling #{run}, {when} ({seconds} s).",
        "es": "Clasificación n.º {run}, {when} ({seconds} s).",
    },
    "review.run_before": {
        "en": "Contacts by source and family, against labelling #{run} ({when}): after corrections, an "
        "upload or new thresholds.",
        "es": "Contactos por fuente y familia, frente a la clasificación n.º {run} ({when}): tras "
        "correcciones, una carga o umbrales nuevos.",
    },
    "review.col.source": {"en": "Source", "es": "Fuente"},
    "review.col.before": {"en": "Before", "es": "Antes"},
    "review.col.after": {"en": "After", "es": "Después"},
    "review.col.change": {"en": "Change", "es": "Cambio"},
    "review.col.found": {"en": "Contacts where found", "es": "Contactos donde se encontró"},
    "review.col.primary": {"en": "As primary label", "es": "Como etiqueta principal"},
    "review.source.coded": {"en": "coded in the export", "es": "codificado en la exportación"},
    "review.source.structured": {"en": "structured signals", "es": "señales estructuradas"},
    "review.source.text": {"en": "notes (classifier)", "es": "notas (clasificador)"},
    "review.sources": {"en": "Where the labels come from", "es": "De dónde vienen las etiquetas"},
    "review.sources_caption": {
        "en": "In order of trust: a failure code in the export, then signals in the contact's own columns, "
        "then the notes. A contact can carry several failures; its primary label comes from the most "
        "trusted source. 'Unclassified': notes the classifier was unsure of (the list above).",
        "es": "Por orden de confianza: un código de fallo en la exportación, luego señales en las columnas "
        "del propio contacto, luego las notas. Un contacto puede tener varios fallos; su etiqueta "
        "principal viene de la fuente más fiable. «Sin clasificar»: notas de las que el clasificador no "
        "estaba seguro (la lista de arriba).",
    },
    "review.rules": {
        "en": "Thresholds of the structured signals",
        "es": "Umbrales de las señales estructuradas",
    },
    "review.rule.repeat": {
        "en": "**Repeat contact**: the same customer on the same topic within {days} days of an earlier contact.",
        "es": "**Contacto repetido**: el mismo cliente por el mismo tema dentro de {days} días de un contacto anterior.",
    },
    "review.rule.wait": {
        "en": "**Long wait**: a wait above {seconds} seconds ({minutes} minutes).",
        "es": "**Espera larga**: una espera de más de {seconds} segundos ({minutes} minutos).",
    },
    "review.rule.transfer": {
        "en": "**Hand-off**: at least {n} transfer(s) in the contact.",
        "es": "**Derivación**: al menos {n} transferencia(s) en el contacto.",
    },
    "review.rule.promise": {
        "en": "**Broken promise**: a promised date passed without fulfilment (known once the date has passed).",
        "es": "**Promesa incumplida**: una fecha prometida que pasó sin cumplirse (se sabe una vez pasada la fecha).",
    },
    "review.rule.escalation": {
        "en": "**Escalation blocked**: an escalation asked for and not given.",
        "es": "**Escalamiento bloqueado**: un escalamiento pedido y no concedido.",
    },
    "review.rules_where": {
        "en": "They are kept in the database and used by the dashboard and the command line alike. Change "
        "them below or from a terminal (the new values are kept; every result is recomputed):",
        "es": "Se guardan en la base de datos y los usan por igual el panel y la línea de comandos. "
        "Cámbielos abajo o desde una terminal (los valores nuevos se conservan; cada resultado se recalcula):",
    },
    "review.rules_change": {"en": "Change the thresholds", "es": "Cambiar los umbrales"},
    "review.rules_days": {"en": "Repeat-contact window (days)", "es": "Ventana de contacto repetido (días)"},
    "review.rules_wait": {"en": "Long wait above (seconds)", "es": "Espera larga a partir de (segundos)"},
    "review.rules_save": {"en": "Keep these thresholds", "es": "Conservar estos umbrales"},
}
