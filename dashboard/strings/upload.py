"""Strings of the Upload page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "page.upload": {"en": "Upload exports", "es": "Cargar exportaciones"},
    "upload.lead": {
        "en": "Drop an export of customers and one of interactions (either or both). Nothing is stored "
        "until you press Store: first you see how each file was read, where each of its columns goes, "
        "and its first rows as they will be stored.",
        "es": "Suelte una exportación de clientes y una de interacciones (una o ambas). Nada se guarda "
        "hasta que pulse Guardar: antes verá cómo se leyó cada archivo, a dónde va cada columna y sus "
        "primeras filas tal como se guardarán.",
    },
    "upload.demo_text": {
        "en": "**The database is empty.** Upload your exports below, or try the product first on the demo "
        "dataset (5,000 fictitious customers of a telecom company, two years of contacts).",
        "es": "**La base de datos está vacía.** Cargue sus exportaciones abajo, o pruebe antes el producto "
        "con los datos de demostración (5.000 clientes ficticios de una empresa de telecomunicaciones, "
        "dos años de contactos).",
    },
    "upload.file.customers": {"en": "Customers export", "es": "Exportación de clientes"},
    "upload.file.interactions": {"en": "Interactions export", "es": "Exportación de interacciones"},
    "upload.file_help": {
        "en": "A .csv, .txt or .tsv file, or one of them compressed as .gz or .zip; up to {mb} MB as "
        "sent (compress a larger export, or use the command line). Spanish exports (';', decimal "
        "commas, dd/mm/yyyy, Windows-1252) are read as they are.",
        "es": "Un archivo .csv, .txt o .tsv, o uno de ellos comprimido como .gz o .zip; hasta {mb} MB tal "
        "como se envía (comprima una exportación mayor, o use la línea de comandos). Las exportaciones "
        "en español (';', coma decimal, dd/mm/aaaa, Windows-1252) se leen tal cual.",
    },
    "upload.picker_button": {"en": "Choose a file", "es": "Elegir archivo"},
    "upload.picker_limits": {
        "en": "up to {mb} MB · {types}",
        "es": "hasta {mb} MB · {types}",
    },
    "upload.staging": {"en": "Reading the file…", "es": "Leyendo el archivo…"},
    "upload.staged": {
        "en": "**{table}:** {name} ({size})",
        "es": "**{table}:** {name} ({size})",
    },
    "upload.change_file": {"en": "Choose another file", "es": "Elegir otro archivo"},
    "upload.refused": {
        "en": "This file cannot be uploaded: {reason}.",
        "es": "Este archivo no se puede cargar: {reason}.",
    },
    "upload.pick": {
        "en": "Choose a file above to see how it will be read before anything is stored.",
        "es": "Elija un archivo arriba para ver cómo se leerá antes de guardar nada.",
    },
    "upload.table_title.customers": {"en": "Customers", "es": "Clientes"},
    "upload.table_title.interactions": {"en": "Interactions", "es": "Interacciones"},
    "upload.notes": {"en": "Notes on reading it", "es": "Notas de la lectura"},
    "upload.already": {
        "en": "This file was already uploaded (upload #{id}, {when}, {name}). Storing it again adds "
        "nothing: its rows are counted as already stored.",
        "es": "Este archivo ya se cargó (carga n.º {id}, {when}, {name}). Guardarlo de nuevo no añade "
        "nada: sus filas cuentan como ya guardadas.",
    },
    # -- what was found ---------------------------------------------------------------------------------
    "upload.detected": {"en": "How the file is written", "es": "Cómo está escrito el archivo"},
    "upload.col.what": {"en": "What", "es": "Qué"},
    "upload.col.found": {"en": "Found", "es": "Encontrado"},
    "upload.det.encoding": {"en": "Encoding", "es": "Codificación"},
    "upload.det.separator": {"en": "Separator", "es": "Separador"},
    "upload.det.decimal": {"en": "Decimal mark", "es": "Separador decimal"},
    "upload.det.dates": {"en": "Date order", "es": "Orden de las fechas"},
    "upload.det.header": {"en": "Header row", "es": "Fila de encabezado"},
    "upload.enc.utf8": {"en": "UTF-8", "es": "UTF-8"},
    "upload.enc.utf8_bom": {
        "en": "UTF-8 (with byte-order mark)",
        "es": "UTF-8 (con marca de orden de bytes)",
    },
    "upload.enc.cp1252": {
        "en": "Windows-1252 (as Excel saves CSV in Spanish)",
        "es": "Windows-1252 (como guarda Excel los CSV en español)",
    },
    "upload.enc.utf16": {
        "en": "UTF-16 (Excel's 'Unicode text')",
        "es": "UTF-16 (el «texto Unicode» de Excel)",
    },
    "upload.sep.semicolon": {"en": "semicolon ( ; )", "es": "punto y coma ( ; )"},
    "upload.sep.comma": {"en": "comma ( , )", "es": "coma ( , )"},
    "upload.sep.tab": {"en": "tab", "es": "tabulador"},
    "upload.sep.pipe": {"en": "vertical bar ( | )", "es": "barra vertical ( | )"},
    "upload.dec.comma": {"en": "comma (1.234,5)", "es": "coma (1.234,5)"},
    "upload.dec.point": {"en": "point (1,234.5)", "es": "punto (1,234.5)"},
    "upload.after_mapping": {
        "en": "found once every column is mapped",
        "es": "se sabrá cuando todas las columnas estén asignadas",
    },
    "upload.no_dates": {"en": "no date column", "es": "ninguna columna de fechas"},
    "upload.header_found": {"en": "line {line}, {n} columns", "es": "línea {line}, {n} columnas"},
    # -- the date order ---------------------------------------------------------------------------------
    "upload.date_title": {"en": "Which date order?", "es": "¿Qué orden de fechas?"},
    "upload.date_question": {
        "en": "The dates in {columns} read both ways: no day in the first part of the file is above 12. "
        "They would be read **{assumed}**, {because}. For example:",
        "es": "Las fechas de {columns} se leen de las dos maneras: ningún día de la primera parte del "
        "archivo es mayor que 12. Se leerían **{assumed}**, {because}. Por ejemplo:",
    },
    "upload.because.spanish": {
        "en": "because the file looks like a Spanish export",
        "es": "porque el archivo parece una exportación en español",
    },
    "upload.because.english": {
        "en": "because nothing in the file suggests a Spanish export",
        "es": "porque nada en el archivo sugiere una exportación en español",
    },
    "upload.date_example": {
        "en": "{value} is {day_first} read day first, {month_first} read month first",
        "es": "{value} es el {day_first} leído con el día primero, el {month_first} con el mes primero",
    },
    "upload.date_order": {"en": "The dates are written", "es": "Las fechas están escritas"},
    "upload.date_force": {
        "en": "Date order: as found, or choose it",
        "es": "Orden de fechas: el encontrado, o elíjalo",
    },
    "upload.date_auto": {
        "en": "as found in the file (each date column on its own)",
        "es": "el encontrado en el archivo (cada columna de fechas por separado)",
    },
    # -- the mapping ------------------------------------------------------------------------------------
    "upload.mapping": {"en": "Where each column goes", "es": "A dónde va cada columna"},
    "upload.mapping_caption": {
        "en": "Each column of the file, with examples of its values, and the column it is stored as. "
        "Recognised headers come chosen; a column marked * is required. Choose a column for each one "
        "not recognised, or '— leave out —': nothing is left out without asking.",
        "es": "Cada columna del archivo, con ejemplos de sus valores, y la columna con la que se guarda. "
        "Los encabezados reconocidos vienen elegidos; una columna marcada con * es obligatoria. Elija "
        "una columna para cada una no reconocida, o «— no cargar —»: nada se deja fuera sin preguntar.",
    },
    "upload.col.header": {"en": "Column of the file", "es": "Columna del archivo"},
    "upload.col.examples": {"en": "Examples", "es": "Ejemplos"},
    "upload.col.suggested": {"en": "Recognised as", "es": "Reconocida como"},
    "upload.col.maps_to": {"en": "Stored as", "es": "Se guarda como"},
    "upload.maps_to_help": {
        "en": "The column of the product this column of the file is stored as, or '— leave out —'.",
        "es": "La columna del producto con la que se guarda esta columna del archivo, o «— no cargar —».",
    },
    "upload.ignore": {"en": "— leave out —", "es": "— no cargar —"},
    "upload.choose": {"en": "— choose —", "es": "— elija —"},
    "upload.not_recognised": {"en": "not recognised", "es": "no reconocida"},
    "upload.required_mark": {"en": "*", "es": "*"},
    # -- the preview ------------------------------------------------------------------------------------
    "upload.preview": {
        "en": "The first rows, as they will be stored",
        "es": "Las primeras filas, tal como se guardarán",
    },
    "upload.preview_caption": {
        "en": "The first {n} rows of the file; {rejected} of them would be set aside, in red, the values "
        "at fault marked, with the reason. Dates are written out so that the day and the month cannot "
        "be mistaken. Rows already stored are counted when the file is stored.",
        "es": "Las primeras {n} filas del archivo; {rejected} se apartarían, en rojo, con los valores "
        "culpables marcados y el motivo. Las fechas se escriben con el mes en letras para que el día y "
        "el mes no se confundan. Las filas ya guardadas se cuentan al guardar el archivo.",
    },
    "upload.rejected_line": {"en": "Line {line}: {reason}", "es": "Línea {line}: {reason}"},
    "upload.more_rejected": {"en": "… and {n} more in the table.", "es": "… y {n} más en la tabla."},
    "upload.col.line": {"en": "Line", "es": "Línea"},
    "upload.col.status": {"en": "Status", "es": "Estado"},
    "upload.col.reasons": {"en": "Reason", "es": "Motivo"},
    "upload.status.ok": {"en": "stored", "es": "se guarda"},
    "upload.status.rejected": {"en": "set aside", "es": "se aparta"},
    "upload.yes": {"en": "yes", "es": "sí"},
    "upload.no": {"en": "no", "es": "no"},
    "upload.empty": {
        "en": "The file has a header and no rows: an empty export, nothing to store from it.",
        "es": "El archivo tiene encabezado y ninguna fila: una exportación vacía, nada que guardar.",
    },
    # -- storing ----------------------------------------------------------------------------------------
    "upload.not_ready": {
        "en": "Before storing, settle this (in the file's tab above):",
        "es": "Antes de guardar, resuelva esto (en la pestaña del archivo, arriba):",
    },
    "upload.store": {"en": "Store", "es": "Guardar"},
    "upload.store_help": {
        "en": "Customers first, then interactions; each file is stored whole or not at all. Rows with a "
        "problem are set aside with their reason and the rest is stored.",
        "es": "Primero clientes, luego interacciones; cada archivo se guarda entero o nada. Las filas con "
        "un problema se apartan con su motivo y el resto se guarda.",
    },
    "upload.starting": {"en": "Storing {table}…", "es": "Guardando {table}…"},
    "upload.storing": {
        "en": "Storing {table}: {rows} rows read ({pct} of the files)",
        "es": "Guardando {table}: {rows} filas leídas ({pct} de los archivos)",
    },
    "upload.cancel": {"en": "Cancel", "es": "Cancelar"},
    "upload.cancel_help": {
        "en": "Stops the file being stored and leaves the database as it was before it.",
        "es": "Detiene el archivo que se está guardando y deja la base de datos como estaba antes.",
    },
    "upload.cancelling": {"en": "Cancelling…", "es": "Cancelando…"},
    # -- what was stored --------------------------------------------------------------------------------
    "upload.done": {"en": "Stored, in {seconds} s.", "es": "Guardado, en {seconds} s."},
    "upload.cancelled": {
        "en": "Cancelled: nothing of the {table} file was stored; the database is as it was before it.",
        "es": "Cancelado: no se guardó nada del archivo de {table}; la base de datos está como antes.",
    },
    "upload.failed": {
        "en": "The {table} file could not be stored, and nothing of it was: {reason}.",
        "es": "El archivo de {table} no se pudo guardar, y no se guardó nada de él: {reason}.",
    },
    "upload.kept": {
        "en": "The files below had been stored before and stay stored.",
        "es": "Los archivos de abajo se habían guardado antes y siguen guardados.",
    },
    "upload.stored_line": {
        "en": "**{file}**: {rows} rows read, {accepted} new stored, {rejected} set aside.",
        "es": "**{file}**: {rows} filas leídas, {accepted} nuevas guardadas, {rejected} apartadas.",
    },
    "upload.empty_stored": {
        "en": "**{file}**: an empty export, nothing to add.",
        "es": "**{file}**: una exportación vacía, nada que añadir.",
    },
    "upload.counts_caption": {
        "en": "Rows = stored + already stored (duplicates) + updated + set aside. Rows with a problem are "
        "set aside with their reason and the rest is stored; a failure in the middle of a file stores "
        "nothing of it.",
        "es": "Filas = guardadas + ya guardadas (duplicadas) + actualizadas + apartadas. Las filas con un "
        "problema se apartan con su motivo y el resto se guarda; un fallo a mitad de un archivo no guarda "
        "nada de él.",
    },
    "upload.changes_title": {
        "en": "Stored customers this export changed",
        "es": "Clientes guardados que esta exportación cambió",
    },
    "upload.col.kind": {"en": "Change", "es": "Cambio"},
    "upload.col.customers": {"en": "Customers", "es": "Clientes"},
    "upload.change.ended": {"en": "end date filled in (left)", "es": "fecha de baja informada (se fue)"},
    "upload.change.reactivated": {
        "en": "end date cleared (active again)",
        "es": "fecha de baja borrada (activo otra vez)",
    },
    "upload.change.end_moved": {"en": "end date moved", "es": "fecha de baja movida"},
    "upload.change.start_moved": {"en": "start date moved", "es": "fecha de alta movida"},
    "upload.change.updated": {"en": "other details changed", "es": "otros datos cambiados"},
    "upload.notes_title": {"en": "Notes on {file}", "es": "Notas sobre {file}"},
    "upload.reasons_title": {
        "en": "Why rows of {file} were set aside",
        "es": "Por qué se apartaron filas de {file}",
    },
    "upload.col.reason": {"en": "Reason", "es": "Motivo"},
    "upload.col.rows": {"en": "Rows", "es": "Filas"},
    "upload.col.first_line": {"en": "First line", "es": "Primera línea"},
    "upload.col.example": {"en": "Example (the first line)", "es": "Ejemplo (la primera línea)"},
    "upload.download_rejects": {
        "en": "Download the {n} rows set aside (CSV)",
        "es": "Descargar las {n} filas apartadas (CSV)",
    },
    "upload.stale_title": {"en": "Results to look at again", "es": "Resultados para volver a mirar"},
    "upload.stale": {
        "en": "What these pages showed before the upload is out of date; each recomputes on its next view.",
        "es": "Lo que estas páginas mostraban antes de la carga quedó desactualizado; cada una se "
        "recalcula la próxima vez que se abra.",
    },
    "upload.again": {"en": "Upload other files", "es": "Cargar otros archivos"},
    "what.labels": {"en": "labelling the contacts", "es": "clasificando los contactos"},
}
