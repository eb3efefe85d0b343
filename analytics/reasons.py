"""Reason codes: every message the data side gives about an uploaded file, defined once.

Each code has an English and a Spanish template with named parameters. A rejected row keeps its
codes and their parameters (column, value, what is accepted, …) beside the English text, so a page
renders it in either language and counts rejects by kind; a refused file
(:class:`analytics.csvio.FileRefused`) and the notes about a file carry theirs too.

Some messages name the control that would change the outcome (the date order, the column
mapping). Each interface names its own: ``render(..., interface="cli")`` says ``--date-order
mdy``, ``"python"`` (the default, what ``str()`` gives) says ``date_order='mdy'``, ``"page"``
points at the upload page's choice.

Parameters are plain JSON values. By name:

* ``value``, ``other_value``, ``header``, ``key``, ``target``, ``name``: text quoted in the message
  (values are kept shortened to :data:`MAX_SHOWN` characters);
* ``column``, ``other_column``: contract column names; ``accepts``: a column's
  :attr:`analytics.contract.Column.accepts_spec`, rendered in the message's language;
* ``order``, ``other``: a date order (``dmy``, ``mdy``, ``ymd``, ``excel``);
* lists as each code documents (``present``: a file's headers, shown up to :data:`MAX_LISTED`).
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from dataclasses import dataclass

from analytics.contract import accepts_text

LANGS = ("en", "es")
INTERFACES = ("python", "cli", "page")
MAX_SHOWN = 60  # characters of a value quoted in a message
MAX_LISTED = 20  # headers listed in a message; a 100,000-column header is counted, not listed


@dataclass(frozen=True)
class Template:
    """A message in both languages; ``kind`` says where it is used: ``reject`` (a row),
    ``refusal`` (a file that is not read) or ``note`` (a remark about a file that was read)."""

    kind: str
    en: str
    es: str


# fmt: off
TEMPLATES: dict[str, Template] = {
    # -- rejected rows ---------------------------------------------------------------------------
    "required_empty": Template(
        "reject",
        "{column}: required but empty (expected {accepts})",
        "{column}: obligatorio pero vacío (se esperaba {accepts})"),
    "not_a_date": Template(
        "reject",
        "{column}: {value} is not a valid date (expected {accepts})",
        "{column}: {value} no es una fecha válida (se esperaba {accepts})"),
    "not_a_datetime": Template(
        "reject",
        "{column}: {value} is not a valid date/time (expected {accepts})",
        "{column}: {value} no es una fecha/hora válida (se esperaba {accepts})"),
    "contradicts_date_order": Template(
        "reject",
        "{column}: {value} contradicts the date order of this column (expected {order_name}, "
        "{order_example}): it is a valid date only if read {other_name}. Fix the value, or "
        "{date_order_control} if the whole column is written that way",
        "{column}: {value} contradice el orden de fechas de esta columna (se esperaba {order_name}, "
        "{order_example}): solo es una fecha válida si se lee {other_name}. Corrija el valor, o "
        "{date_order_control} si toda la columna está escrita así"),
    "in_future": Template(
        "reject",
        "{column}: {value} is in the future (expected a date on or before today, {today})",
        "{column}: {value} está en el futuro (se esperaba una fecha no posterior a hoy, {today})"),
    "before_other_column": Template(
        "reject",
        "{column}: {value} is before {other_column} {other_value} (expected empty or a date on or "
        "after {other_column})",
        "{column}: {value} es anterior a {other_column} {other_value} (se esperaba vacío o una fecha "
        "igual o posterior a {other_column})"),
    "not_yes_no": Template(
        "reject",
        "{column}: {value} is not a yes/no value (expected {accepts})",
        "{column}: {value} no es un valor sí/no (se esperaba {accepts})"),
    "not_escalation": Template(
        "reject",
        "{column}: {value} is not an escalation value (expected {accepts})",
        "{column}: {value} no es un valor de escalamiento (se esperaba {accepts})"),
    "not_a_number": Template(
        "reject",
        "{column}: {value} is not a valid number (expected {accepts})",
        "{column}: {value} no es un número válido (se esperaba {accepts})"),
    "not_whole_number": Template(
        "reject",
        "{column}: {value} is not a whole number (expected {accepts})",
        "{column}: {value} no es un número entero (se esperaba {accepts})"),
    "too_large": Template(
        "reject",
        "{column}: {value} is too large to store (expected {accepts} below 2,147,483,648)",
        "{column}: {value} es demasiado grande para guardarlo (se esperaba {accepts} menor que "
        "2.147.483.648)"),
    "below_minimum": Template(
        "reject",
        "{column}: {value} is below the minimum {minimum:g} (expected {accepts})",
        "{column}: {value} es menor que el mínimo {minimum:g} (se esperaba {accepts})"),
    "above_maximum": Template(
        "reject",
        "{column}: {value} is above the maximum {maximum:g} (expected {accepts})",
        "{column}: {value} es mayor que el máximo {maximum:g} (se esperaba {accepts})"),
    "unknown_failure_type": Template(
        "reject",
        "{column}: {value} is not a known failure type (expected {accepts})",
        "{column}: {value} no es un tipo de fallo conocido (se esperaba {accepts})"),
    "unknown_customer": Template(
        "reject",
        "{column}: {value} is not a known customer (upload the customers file first, or fix the id)",
        "{column}: {value} no es un cliente conocido (cargue antes el archivo de clientes, o corrija "
        "el identificador)"),
    "before_customer_start": Template(
        "reject",
        "{column}: {value} is before the customer's start_date {start} (expected a date on or after it)",
        "{column}: {value} es anterior a la fecha de alta del cliente, {start} (se esperaba una fecha "
        "igual o posterior)"),
    "duplicate_id": Template(
        "reject",
        "{column}: duplicate {column} {value} (first seen at line {first_line})",
        "{column}: {column} repetido {value} (visto por primera vez en la línea {first_line})"),
    "wrong_field_count": Template(
        "reject",
        "the row has {fields} fields but the header has {expected} (separator {separator}): expected "
        "{expected} fields, with any value that contains the separator or a line break in double quotes",
        "la fila tiene {fields} campos pero el encabezado tiene {expected} (separador {separator}): se "
        "esperaban {expected} campos, con entre comillas dobles todo valor que contenga el separador o "
        "un salto de línea"),
    "record_too_long": Template(
        "reject",
        "the record spans {lines} lines, so a quoted value probably misses its closing '\"' (expected "
        "records of fewer than {limit} lines)",
        "el registro ocupa {lines} líneas, así que probablemente a un valor entre comillas le falta la "
        "'\"' de cierre (se esperaban registros de menos de {limit} líneas)"),
    "unclosed_quote": Template(
        "reject",
        "a quoted value opens on this line and its closing '\"' is missing: the next lines are complete "
        "rows, so they were read as rows of their own (expected a '\"' closing the value on line {line})",
        "en esta línea se abre un valor entre comillas y falta la '\"' de cierre: las líneas siguientes "
        "son filas completas, así que se leyeron como filas propias (se esperaba una '\"' que cierre el "
        "valor en la línea {line})"),
    "conflicting_id": Template(
        "reject",
        "{column}: {value} is already stored with other content (upload {upload_id}, line "
        "{stored_line}): {differences} (expected the same content for the same {column}, or a new one)",
        "{column}: {value} ya está guardado con otro contenido (carga {upload_id}, línea "
        "{stored_line}): {differences} (se esperaba el mismo contenido para el mismo {column}, o uno "
        "nuevo)"),
    "conflicting_id_in_file": Template(
        "reject",
        "{column}: {value} appears earlier in this file with other content (line {first_line}): "
        "{differences} (expected the same content for the same {column}, or a new one)",
        "{column}: {value} aparece antes en este archivo con otro contenido (línea {first_line}): "
        "{differences} (se esperaba el mismo contenido para el mismo {column}, o uno nuevo)"),
    # -- refused files ----------------------------------------------------------------------------
    "empty_file": Template(
        "refusal",
        "the file is empty; expected a CSV export with a header row and at least one data row",
        "el archivo está vacío; se esperaba una exportación CSV con una fila de encabezado y al menos "
        "una fila de datos"),
    "excel_file": Template(
        "refusal",
        "the file looks like an Excel/zip file; export it as CSV (in Excel: File > Save As > CSV UTF-8)",
        "el archivo parece un Excel/zip; expórtelo como CSV (en Excel: Archivo > Guardar como > CSV "
        "UTF-8)"),
    "old_office_file": Template(
        "refusal",
        "the file looks like an old Excel (.xls) or other Office file; export it as CSV (File > Save "
        "As > CSV UTF-8)",
        "el archivo parece un Excel antiguo (.xls) u otro archivo de Office; expórtelo como CSV "
        "(Archivo > Guardar como > CSV UTF-8)"),
    "pdf_file": Template(
        "refusal",
        "the file is a PDF document, not a CSV file; export the data itself as CSV",
        "el archivo es un documento PDF, no un CSV; exporte los datos mismos como CSV"),
    "gzip_file": Template(
        "refusal",
        "the file is gzip-compressed; decompress it and upload the .csv file inside",
        "el archivo está comprimido con gzip; descomprímalo y cargue el .csv que contiene"),
    "web_page": Template(
        "refusal",
        "the file looks like a web page or XML (some systems save those with an .xls name), not CSV; "
        "open it in Excel and save it as CSV UTF-8",
        "el archivo parece una página web o XML (algunos sistemas los guardan con extensión .xls), no "
        "un CSV; ábralo en Excel y guárdelo como CSV UTF-8"),
    "binary_file": Template(
        "refusal",
        "the file contains binary data (NUL or control bytes), so it is not a text CSV file; export the "
        "data as CSV (text with columns separated by , ; tab or |)",
        "el archivo contiene datos binarios (bytes NUL o de control), así que no es un CSV de texto; "
        "exporte los datos como CSV (texto con columnas separadas por , ; tabulador o |)"),
    "header_too_long": Template(
        "refusal",
        "the header (line {line}) is {chars:,} characters long; expected a header naming the columns, "
        "shorter than {limit:,} characters",
        "el encabezado (línea {line}) tiene {chars:,} caracteres; se esperaba un encabezado que nombre "
        "las columnas, de menos de {limit:,} caracteres"),
    "single_column": Template(
        "refusal",
        "the file has a single column ({header}) and no recognised column names; expected a CSV file "
        "with columns separated by , ; tab or | and a header naming them (e.g. {required})",
        "el archivo tiene una sola columna ({header}) y ningún nombre de columna reconocido; se "
        "esperaba un CSV con columnas separadas por , ; tabulador o | y un encabezado que las nombre "
        "(p. ej. {required})"),
    "missing_columns": Template(
        "refusal",
        "{columns_word} {missing} not found. Columns present: {present}. Rename a column or "
        "{map_control}{single_column}",
        "{columns_word} {missing} no {found_word}. Columnas presentes: {present}. Cambie el nombre de "
        "una columna o {map_control}{single_column}"),
    "mapping_unknown_header": Template(
        "refusal",
        "the mapping names column {key}, which is not in the file. Columns present: {present}. Map one "
        "of those{suggestion}",
        "la asignación nombra la columna {key}, que no está en el archivo. Columnas presentes: "
        "{present}. Asigne una de ellas{suggestion}"),
    "mapping_unknown_column": Template(
        "refusal",
        "the mapping sends {key} to {target}, which is not a column of the {table} table; expected one "
        "of {names}{suggestion}",
        "la asignación envía {key} a {target}, que no es una columna de la tabla {table}; se esperaba "
        "una de {names}{suggestion}"),
    "mapping_repeats_column": Template(
        "refusal",
        "the mapping sends {headers} all to {target}; map one header per column",
        "la asignación envía {headers} a {target} a la vez; asigne un encabezado por columna"),
    "header_only": Template(
        "refusal",
        "the file has a header but no data rows; export it again with the data (expected at least one "
        "line after the header)",
        "el archivo tiene encabezado pero ninguna fila de datos; expórtelo de nuevo con los datos (se "
        "esperaba al menos una línea después del encabezado)"),
    "quote_never_ends": Template(
        "refusal",
        "a quoted field that starts after line {line} never ends (a '\"' without its closing quote, or "
        "a field longer than 4 MB); close the quote or export the file again with text quoted",
        "un campo entre comillas que empieza después de la línea {line} no termina nunca (una '\"' sin "
        "su cierre, o un campo de más de 4 MB); cierre la comilla o exporte de nuevo el archivo con el "
        "texto entre comillas"),
    "wrong_fields_not_utf8": Template(
        "refusal",
        "a row after line {line} has the wrong number of fields and bytes that are not valid UTF-8; "
        "save the file as CSV UTF-8 and upload it again",
        "una fila después de la línea {line} tiene un número de campos erróneo y bytes que no son "
        "UTF-8 válido; guarde el archivo como CSV UTF-8 y cárguelo de nuevo"),
    "unparseable": Template(
        "refusal",
        "could not parse the file after line {line} ({detail}); expected a CSV file with one record "
        "per line",
        "no se pudo analizar el archivo después de la línea {line} ({detail}); se esperaba un archivo "
        "CSV con un registro por línea"),
    "file_not_found": Template(
        "refusal",
        "the file does not exist; check the path",
        "el archivo no existe; revise la ruta"),
    "is_directory": Template(
        "refusal",
        "it is a directory, not a file; give the path of the CSV file inside it",
        "es una carpeta, no un archivo; indique la ruta del archivo CSV que contiene"),
    "unreadable": Template(
        "refusal",
        "the file cannot be read ({error}); check that you may read it and that it is not damaged",
        "no se puede leer el archivo ({error}); compruebe que tiene permiso para leerlo y que no "
        "está dañado"),
    "line_too_long": Template(
        "refusal",
        "line {line} is longer than {limit_mb} MB and has no line break, so it is not a CSV record; "
        "expected a CSV file with one record per line",
        "la línea {line} mide más de {limit_mb} MB y no tiene salto de línea, así que no es un registro "
        "CSV; se esperaba un archivo CSV con un registro por línea"),
    "too_many_columns": Template(
        "refusal",
        "the header has {columns} columns; at most {limit:,} are read. Export only the columns the "
        "upload needs (e.g. {required})",
        "el encabezado tiene {columns} columnas; se leen como máximo {limit:,}. Exporte solo las "
        "columnas que la carga necesita (p. ej. {required})"),
    # -- notes ------------------------------------------------------------------------------------
    "read_as_cp1252": Template(
        "note",
        "The file is not UTF-8; it was read as Windows-1252 (Latin-1), as Excel saves CSV in Spanish.",
        "El archivo no es UTF-8; se leyó como Windows-1252 (Latin-1), como guarda Excel los CSV en "
        "español."),
    "read_as_utf16": Template(
        "note",
        "The file is UTF-16 text (Excel's 'Unicode text'); it was read as such.",
        "El archivo es texto UTF-16 (el 'texto Unicode' de Excel); se leyó como tal."),
    "values_read_as_cp1252": Template(
        "note",
        "Some values are not valid UTF-8 (first at line {line}, column {header}); they were read as "
        "Windows-1252. Saving the file as CSV UTF-8 avoids the guess.",
        "Algunos valores no son UTF-8 válido (el primero en la línea {line}, columna {header}); se "
        "leyeron como Windows-1252. Guardar el archivo como CSV UTF-8 evita suponerlo."),
    "cr_line_ends": Template(
        "note",
        "Lines end in CR only (old Mac style); each CR was read as a line break.",
        "Las líneas terminan solo en CR (estilo Mac antiguo); cada CR se leyó como salto de línea."),
    "unnamed_column": Template(
        "note",
        "Column {position} has no name in the header; it is called {name} here.",
        "La columna {position} no tiene nombre en el encabezado; aquí se llama {name}."),
    "repeated_header": Template(
        "note",
        "The header repeats {header}; the repeat (column {position}) is called {name}.",
        "El encabezado repite {header}; la repetición (columna {position}) se llama {name}."),
    "trailing_separator": Template(
        "note",
        "Data lines end with an extra separator that the header lacks; that empty field is ignored.",
        "Las líneas de datos terminan con un separador de más que el encabezado no tiene; ese campo "
        "vacío se ignora."),
    "mixed_decimal_marks": Template(
        "note",
        "Numbers use both decimal commas ({comma}) and decimal points ({point}); values like 1.234 or "
        "1,234 are read with the decimal {mark}.",
        "Los números usan tanto coma decimal ({comma}) como punto decimal ({point}); valores como "
        "1.234 o 1,234 se leen con {mark} decimal."),
    "mixed_date_orders": Template(
        "note",
        "Column {header} ({column}) mixes day-first and month-first dates ({day_first} can only be "
        "day-first, {month_first} only month-first); it is read {order_text} and the dates that "
        "contradict that are rejected.",
        "La columna {header} ({column}) mezcla fechas con el día primero y con el mes primero "
        "({day_first} solo pueden ser día primero, {month_first} solo mes primero); se lee "
        "{order_text} y se rechazan las fechas que lo contradicen."),
    "ambiguous_dates": Template(
        "note",
        "Dates in {columns} could be day-first or month-first (no day above 12 in the first part of "
        "the file); read them {order_text} {because}. If that is wrong, {date_order_control}.",
        "Las fechas de {columns} pueden ser día primero o mes primero (ningún día mayor que 12 en la "
        "primera parte del archivo); se leen {order_text} {because}. Si no es así, "
        "{date_order_control}."),
    "already_uploaded": Template(
        "note",
        "This file was already uploaded (upload #{upload_id}); nothing is stored twice.",
        "Este archivo ya se cargó (carga n.º {upload_id}); nada se guarda dos veces."),
    "read_as_utf16_without_bom": Template(
        "note",
        "The file is UTF-16 text ({byte_order}) without the mark that usually starts it; it was read "
        "as such.",
        "El archivo es texto UTF-16 ({byte_order}) sin la marca con la que suele empezar; se leyó "
        "como tal."),
    "repeated_header_many": Template(
        "note",
        "The header repeats {header} {count:,} times (first repeat at column {position}); the repeats "
        "are called {first_name} to {last_name}.",
        "El encabezado repite {header} {count:,} veces (la primera repetición en la columna "
        "{position}); las repeticiones se llaman {first_name} a {last_name}."),
    "unnamed_columns_many": Template(
        "note",
        "{count:,} columns have no name in the header (the first is column {position}); they are "
        "called column_N here, N being their position.",
        "{count:,} columnas no tienen nombre en el encabezado (la primera es la columna {position}); "
        "aquí se llaman column_N, siendo N su posición."),
    "mixed_encodings": Template(
        "note",
        "The file mixes encodings: most lines are {encoding}, but some are {other_encoding} (first at "
        "line {line}); each line was read in its own encoding.",
        "El archivo mezcla codificaciones: la mayoría de las líneas son {encoding}, pero algunas son "
        "{other_encoding} (la primera en la línea {line}); cada línea se leyó en su propia "
        "codificación."),
    "empty_export": Template(
        "note",
        "The file has a header and no data rows (an empty export).",
        "El archivo tiene encabezado y ninguna fila de datos (una exportación vacía)."),
    "customers_changed": Template(
        "note",
        "{who} {what}: {examples}. What was stored before is kept in customer_changes.",
        "{what}: {who} ({examples}). Lo guardado antes se conserva en customer_changes."),
    "interactions_before_new_start": Template(
        "note",
        "{interactions_n} stored interaction(s) of {customers_n} customer(s) now fall before their "
        "customer's new start date; they were accepted when the start was earlier. Check which export is "
        "right: the analyses count a customer's time from the start date.",
        "{interactions_n} interacción(es) guardada(s) de {customers_n} cliente(s) quedan ahora antes de la "
        "nueva fecha de alta de su cliente; se aceptaron cuando el alta era anterior. Compruebe qué "
        "exportación es la correcta: los análisis cuentan el tiempo de un cliente desde su fecha de alta."),
    # -- the column mapping of the upload page --------------------------------------------------
    "mapping_undecided": Template(
        "refusal",
        "{headers} {not_known}; map {it_word} to a column, or leave {them_word} out explicitly (nothing is "
        "left out without asking)",
        "{headers} {not_known}; asígne{it_word} a una columna, o déje{them_word} fuera expresamente (nada se "
        "deja fuera sin preguntar)"),
    "required_unmapped": Template(
        "refusal",
        "{column} ({description}) is required, and no column of the file is mapped to it; map the "
        "file's column that holds it (headers recognised for it: {headers}; expected {accepts})",
        "{column} ({description}) es obligatoria y ninguna columna del archivo está asignada a ella; "
        "asigne la columna del archivo que la contiene (encabezados reconocidos: {headers}; se "
        "esperaba {accepts})"),
    # -- the upload page's own refusals (compressed files) --------------------------------------
    "not_a_csv_name": Template(
        "refusal",
        "{name} is not a CSV export by its name; expected a .csv, .txt or .tsv file, or one of them "
        "compressed as .gz or .zip",
        "{name} no es una exportación CSV según su nombre; se esperaba un archivo .csv, .txt o .tsv, o "
        "uno de ellos comprimido como .gz o .zip"),
    "zip_without_csv": Template(
        "refusal",
        "the zip file {name} holds no .csv, .txt or .tsv file (it holds {members}); put the export in "
        "it, or upload the export itself",
        "el archivo zip {name} no contiene ningún archivo .csv, .txt o .tsv (contiene {members}); "
        "ponga la exportación dentro, o cargue la exportación misma"),
    "zip_several_csv": Template(
        "refusal",
        "the zip file {name} holds {count} exports ({members}); upload one file per table (customers "
        "and interactions separately)",
        "el archivo zip {name} contiene {count} exportaciones ({members}); cargue un archivo por tabla "
        "(clientes e interacciones por separado)"),
    "not_gzip": Template(
        "refusal",
        "{name} ends in .gz but is not gzip-compressed ({error}); upload the file with its real name",
        "{name} termina en .gz pero no está comprimido con gzip ({error}); cargue el archivo con su "
        "nombre real"),
    "not_zip": Template(
        "refusal",
        "{name} ends in .zip but is not a zip file it can open ({error}); upload the export itself",
        "{name} termina en .zip pero no es un zip que se pueda abrir ({error}); cargue la exportación "
        "misma"),
}
# fmt: on

_ORDERS = {
    "dmy": {
        "en": ("day first", "dd/mm/yyyy, e.g. 31/03/2024"),
        "es": ("día primero", "dd/mm/aaaa, p. ej. 31/03/2024"),
    },
    "mdy": {
        "en": ("month first", "mm/dd/yyyy, e.g. 03/31/2024"),
        "es": ("mes primero", "mm/dd/aaaa, p. ej. 03/31/2024"),
    },
    "ymd": {
        "en": ("year first", "yyyy-mm-dd, e.g. 2024-03-31"),
        "es": ("año primero", "aaaa-mm-dd, p. ej. 2024-03-31"),
    },
    "excel": {
        "en": ("Excel serial day numbers", "e.g. 45382"),
        "es": ("números de serie de Excel", "p. ej. 45382"),
    },
}

# How each interface names the control that changes a decision.
_CONTROLS: dict[str, dict[str, dict[str, str]]] = {
    "python": {
        "date_order": {"en": "pass date_order='{other}'", "es": "pase date_order='{other}'"},
        "map": {
            "en": "pass a mapping (e.g. mapping={{{header!r}: {column!r}}})",
            "es": "pase una asignación (p. ej. mapping={{{header!r}: {column!r}}})",
        },
        "map_one": {
            "en": " (e.g. mapping={{{header!r}: {column!r}}})",
            "es": " (p. ej. mapping={{{header!r}: {column!r}}})",
        },
    },
    "cli": {
        "date_order": {"en": "pass --date-order {other}", "es": "use --date-order {other}"},
        "map": {
            "en": "pass a mapping (e.g. --map {header}={column})",
            "es": "indique una asignación (p. ej. --map {header}={column})",
        },
        "map_one": {"en": " (e.g. --map {header}={column})", "es": " (p. ej. --map {header}={column})"},
    },
    "page": {
        "date_order": {
            "en": "choose '{other_name}' as the date order",
            "es": "elija «{other_name}» como orden de fechas",
        },
        "map": {
            "en": "choose the file's column for it in the column mapping",
            "es": "elija la columna del archivo que le corresponde en la asignación de columnas",
        },
        "map_one": {"en": " (e.g. {header} → {column})", "es": " (p. ej. {header} → {column})"},
    },
}

_SIGNALS = {
    "semicolon": {"en": "';' separator", "es": "separador ';'"},
    "cp1252": {"en": "Windows-1252 text", "es": "texto Windows-1252"},
    "spanish_headers": {"en": "Spanish column names", "es": "nombres de columna en español"},
    "decimal_comma": {"en": "decimal commas", "es": "comas decimales"},
}

_WORDS = {
    "tab": {"en": "tab", "es": "tabulador"},
    "comma": {"en": "comma", "es": "la coma"},
    "point": {"en": "point", "es": "el punto"},
    "here": {"en": "here", "es": "aquí"},
    "there": {"en": "stored", "es": "guardado"},
    "empty": {"en": "empty", "es": "vacío"},
    "none": {"en": "none", "es": "ninguna"},
    "column": {"en": "column", "es": "columna"},
    "columns": {"en": "columns", "es": "columnas"},
    "found": {"en": "found", "es": "se encuentra"},
    "found_many": {"en": "found", "es": "se encuentran"},
    "in_all": {"en": "in all", "es": "en total"},
    "single_column": {
        "en": ". The file has a single column: if its values are separated by something other than "
        ", ; tab or |, save it again as CSV",
        "es": ". El archivo tiene una sola columna: si sus valores están separados por otra cosa que "
        ", ; tabulador o |, guárdelo de nuevo como CSV",
    },
    "did_you_mean": {"en": " (did you mean {name}?)", "es": " (¿quiso decir {name}?)"},
    "like_column": {
        "en": "like column {header}, whose dates settle it",
        "es": "como la columna {header}, cuyas fechas lo deciden",
    },
    "spanish_export": {
        "en": "because the file looks like a Spanish export ({signals})",
        "es": "porque el archivo parece una exportación en español ({signals})",
    },
    "not_spanish": {
        "en": "because nothing in the file suggests a Spanish export",
        "es": "porque nada en el archivo sugiere una exportación en español",
    },
    "little_endian": {"en": "little-endian", "es": "little-endian"},
    "big_endian": {"en": "big-endian", "es": "big-endian"},
}

_QUOTED = ("value", "other_value", "header", "key", "target", "name")


def shorten(value: object) -> str:
    """A value as kept in a reason's parameters: its text, cut to :data:`MAX_SHOWN` characters."""
    text = str(value)
    return text[: MAX_SHOWN - 1] + "…" if len(text) > MAX_SHOWN else text


def quoted(value: object) -> str:
    """A value as a message quotes it."""
    return repr(shorten(value))


def listed(items: list, lang: str = "en", limit: int = MAX_LISTED) -> str:
    """A list of names as a message shows it: all of a short list, else the first ``limit`` and a count."""
    if len(items) <= limit:
        return repr(list(items))
    head = repr([shorten(h) for h in items[:limit]])[:-1]
    return f"{head}, …] ({len(items):,} {_WORDS['columns'][lang]} {_WORDS['in_all'][lang]})"


def order_text(order: str, lang: str = "en") -> str:
    """A date order spelled out: "day first (dd/mm/yyyy, e.g. 31/03/2024)"."""
    name, example = _ORDERS[order][lang]
    return f"{name} ({example})"


def _differences(items: list[dict], lang: str) -> str:
    """``[{"column", "stored", "new"}, …]`` → "channel 'phone' stored, 'chat' here; …"."""
    parts = []
    for d in items:
        stored = _WORDS["empty"][lang] if d.get("stored") is None else quoted(d["stored"])
        new = _WORDS["empty"][lang] if d.get("new") is None else quoted(d["new"])
        parts.append(f"{d['column']} {stored} {_WORDS['there'][lang]}, {new} {_WORDS['here'][lang]}")
    return "; ".join(parts)


def _fields(code: str, params: dict, lang: str, interface: str) -> dict:
    """The template's fields from a code's parameters, in the message's language and interface."""
    fields = dict(params)
    for key in _QUOTED:
        if key in fields and fields[key] is not None:
            fields[key] = quoted(fields[key])
    if "accepts" in params:
        fields["accepts"] = accepts_text(params["accepts"], lang)
    for key in ("order", "other"):
        if key in params:
            name, example = _ORDERS[params[key]][lang]
            fields[f"{key}_name"], fields[f"{key}_example"] = name, example
            fields[f"{key}_text"] = f"{name} ({example})"
    controls = _CONTROLS[interface]
    if "other" in params:
        fields["date_order_control"] = controls["date_order"][lang].format(
            other=params["other"], other_name=fields["other_name"]
        )
    if "separator" in params:
        sep = params["separator"]
        fields["separator"] = _WORDS["tab"][lang] if sep == "\t" else repr(sep)
    if "present" in params:
        fields["present"] = listed(params["present"], lang)
    if "differences" in params:
        fields["differences"] = _differences(params["differences"], lang)
    special = _SPECIAL.get(code)
    if special is not None:
        special(fields, params, lang, controls)
    return fields


def _missing_columns(fields: dict, params: dict, lang: str, controls: dict) -> None:
    many = len(params["missing"]) > 1
    fields["columns_word"] = _WORDS["columns" if many else "column"][lang]
    fields["found_word"] = _WORDS["found_many" if many else "found"][lang]
    fields["missing"] = ", ".join(repr(m) for m in params["missing"])
    fields["map_control"] = controls["map"][lang].format(
        header=params["example"], column=params["missing"][0]
    )
    fields["single_column"] = _WORDS["single_column"][lang] if params.get("single_column") else ""


def _suggestion(fields: dict, params: dict, lang: str, controls: dict) -> None:
    suggested = params.get("suggested")
    if not suggested:
        fields["suggestion"] = ""
    elif "header" in suggested:  # a mapping example: header → column
        fields["suggestion"] = controls["map_one"][lang].format(**suggested)
    else:
        fields["suggestion"] = _WORDS["did_you_mean"][lang].format(name=quoted(suggested["name"]))


def _listed_names(fields: dict, params: dict, lang: str, controls: dict) -> None:
    for key in ("names", "headers"):
        if key in params:
            fields[key] = repr(list(params[key]))
    fields.setdefault("suggestion", "")
    _suggestion(fields, params, lang, controls)


def _required(fields: dict, params: dict, lang: str, controls: dict) -> None:
    fields["required"] = ", ".join(params["required"])
    if "columns" in params:  # too_many_columns: counted in the first megabyte when the header goes on
        lead = ("al menos " if lang == "es" else "at least ") if params.get("at_least") else ""
        fields["columns"] = f"{lead}{params['columns']:,}"


def _ambiguous(fields: dict, params: dict, lang: str, controls: dict) -> None:
    fields["columns"] = ", ".join(f"{quoted(h)} ({c})" for h, c in params["columns"])
    because = params["because"]
    if because == "column":
        fields["because"] = _WORDS["like_column"][lang].format(header=quoted(params["settled_by"]))
    elif because == "spanish":
        signals = ", ".join(_SIGNALS[s][lang] for s in params["signals"])
        fields["because"] = _WORDS["spanish_export"][lang].format(signals=signals)
    else:
        fields["because"] = _WORDS["not_spanish"][lang]


def _decimal(fields: dict, params: dict, lang: str, controls: dict) -> None:
    fields["mark"] = _WORDS[params["mark"]][lang]


def _byte_order(fields: dict, params: dict, lang: str, controls: dict) -> None:
    fields["byte_order"] = _WORDS[params["byte_order"]][lang]


def _repeated_many(fields: dict, params: dict, lang: str, controls: dict) -> None:
    fields["first_name"] = quoted(f"{params['header']}_2")
    fields["last_name"] = quoted(f"{params['header']}_{params['last']}")


_CHANGED = {
    "reactivated": {
        "en": "had their end date cleared and count as active again",
        "es": "Clientes con la fecha de baja borrada, que vuelven a contar como activos",
    },
    "end_moved": {"en": "had their end date moved", "es": "Clientes con la fecha de baja movida"},
    "start_moved": {"en": "had their start date moved", "es": "Clientes con la fecha de alta movida"},
}


def _customers_changed(fields: dict, params: dict, lang: str, controls: dict) -> None:
    n = params["count"]
    fields["who"] = f"{n:,}".replace(",", ".") if lang == "es" else f"{n:,} customer{'s' if n != 1 else ''}"
    fields["what"] = _CHANGED[params["kind"]][lang]
    none = _WORDS["none"][lang]
    shown = ", ".join(f"{cid}: {old or none} → {new or none}" for cid, old, new in params["examples"])
    if lang == "en":
        shown = ", ".join(f"{cid} ({old or none} → {new or none})" for cid, old, new in params["examples"])
    fields["examples"] = shown + (", …" if n > len(params["examples"]) else "")


def _interactions_early(fields: dict, params: dict, lang: str, controls: dict) -> None:
    for key in ("interactions", "customers"):
        text = f"{params[key]:,}"
        fields[f"{key}_n"] = text.replace(",", ".") if lang == "es" else text


def _undecided(fields: dict, params: dict, lang: str, controls: dict) -> None:
    many = len(params["headers"]) > 1
    fields["headers"] = ", ".join(quoted(h) for h in params["headers"][:MAX_LISTED])
    if len(params["headers"]) > MAX_LISTED:
        fields["headers"] += f", … ({len(params['headers']):,})"
    table = params["table"]
    if lang == "es":
        table = _TABLES_ES.get(table, table)
        fields["not_known"] = (
            f"no {'son columnas' if many else 'es una columna'} que la tabla {table} conozca"
        )
        fields["it_word"] = fields["them_word"] = "las" if many else "la"
    else:
        fields["not_known"] = f"{'are not columns' if many else 'is not a column'} the {table} table knows"
        fields["it_word"] = "each" if many else "it"
        fields["them_word"] = "them" if many else "it"


def _required_unmapped(fields: dict, params: dict, lang: str, controls: dict) -> None:
    from analytics.contract import CONTRACTS

    col = CONTRACTS[params["table"]].column(params["column"])
    fields["description"] = (col.description_es if lang == "es" else col.description).rstrip(".")
    fields["headers"] = ", ".join(col.headers[:6]) + (", …" if len(col.headers) > 6 else "")
    fields["accepts"] = accepts_text(col.accepts_spec, lang)


_TABLES_ES = {"customers": "de clientes", "interactions": "de interacciones"}


def _names(fields: dict, params: dict, lang: str, controls: dict) -> None:
    if "members" in params:
        fields["members"] = listed(params["members"], lang, limit=5)


_SPECIAL: dict[str, Callable[[dict, dict, str, dict], None]] = {
    "customers_changed": _customers_changed,
    "interactions_before_new_start": _interactions_early,
    "zip_without_csv": _names,
    "mapping_undecided": _undecided,
    "required_unmapped": _required_unmapped,
    "zip_several_csv": _names,
    "missing_columns": _missing_columns,
    "mapping_unknown_header": _listed_names,
    "mapping_unknown_column": _listed_names,
    "mapping_repeats_column": _listed_names,
    "single_column": _required,
    "too_many_columns": _required,
    "ambiguous_dates": _ambiguous,
    "mixed_decimal_marks": _decimal,
    "read_as_utf16_without_bom": _byte_order,
    "repeated_header_many": _repeated_many,
}


def render(code: str, params: dict | None = None, lang: str = "en", *, interface: str = "python") -> str:
    """The message of ``code`` with its parameters, in ``lang`` (``"en"`` or ``"es"``), naming the
    controls of ``interface`` (``"python"``, ``"cli"`` or ``"page"``)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}. Got {lang!r} instead.")
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {list(INTERFACES)}. Got {interface!r} instead.")
    template = TEMPLATES[code]
    return getattr(template, lang).format(**_fields(code, params or {}, lang, interface))


def render_all(reasons: list[dict], lang: str = "en", *, interface: str = "python") -> str:
    """The reasons of one rejected row (``[{"code": …, parameters…}, …]``) as one text, "; "-joined."""
    return "; ".join(
        render(r["code"], {k: v for k, v in r.items() if k != "code"}, lang, interface=interface)
        for r in reasons
    )


def render_stored(params_json: str | None, lang: str = "en", *, interface: str = "python") -> str | None:
    """The reasons of a rejected row as stored (its ``params`` column), rendered; None for rows stored
    before reasons had codes."""
    if not params_json:
        return None
    return render_all(json.loads(params_json), lang, interface=interface)


TITLES: dict[str, dict[str, str]] = {
    "required_empty": {"en": "required but empty", "es": "obligatorio pero vacío"},
    "not_a_date": {"en": "not a valid date", "es": "no es una fecha válida"},
    "not_a_datetime": {"en": "not a valid date/time", "es": "no es una fecha/hora válida"},
    "contradicts_date_order": {
        "en": "contradicts the column's date order",
        "es": "contradice el orden de fechas de la columna",
    },
    "in_future": {"en": "date in the future", "es": "fecha en el futuro"},
    "before_other_column": {"en": "before the date it follows", "es": "anterior a la fecha a la que sigue"},
    "not_yes_no": {"en": "not a yes/no value", "es": "no es un valor sí/no"},
    "not_escalation": {"en": "not an escalation value", "es": "no es un valor de escalamiento"},
    "not_a_number": {"en": "not a valid number", "es": "no es un número válido"},
    "not_whole_number": {"en": "not a whole number", "es": "no es un número entero"},
    "too_large": {"en": "number too large to store", "es": "número demasiado grande"},
    "below_minimum": {"en": "below the minimum", "es": "menor que el mínimo"},
    "above_maximum": {"en": "above the maximum", "es": "mayor que el máximo"},
    "unknown_failure_type": {"en": "unknown failure type", "es": "tipo de fallo desconocido"},
    "unknown_customer": {"en": "customer not known", "es": "cliente desconocido"},
    "before_customer_start": {
        "en": "before the customer's start date",
        "es": "anterior a la fecha de alta del cliente",
    },
    "duplicate_id": {"en": "id repeated in the file", "es": "identificador repetido en el archivo"},
    "wrong_field_count": {"en": "wrong number of fields", "es": "número de campos erróneo"},
    "record_too_long": {"en": "a quote that never closes", "es": "una comilla que no se cierra"},
    "unclosed_quote": {"en": "a quote left open", "es": "una comilla sin cerrar"},
    "conflicting_id": {
        "en": "id already stored with other content",
        "es": "identificador ya guardado con otro contenido",
    },
    "conflicting_id_in_file": {
        "en": "id earlier in the file with other content",
        "es": "identificador anterior en el archivo con otro contenido",
    },
}
"""A short name for each kind of rejected row, to count rejects by kind (the full message of a
row, with its value, comes from :func:`render`)."""

_NO_CODE = {
    "en": "reason not coded (stored by an older version)",
    "es": "motivo sin código (de una versión anterior)",
}


def title(code: str | None, lang: str = "en") -> str:
    """The short name of a reject code in ``lang`` (see :data:`TITLES`)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}. Got {lang!r} instead.")
    return (TITLES.get(code) or _NO_CODE)[lang] if code is not None else _NO_CODE[lang]


_MARK = "\x00value\x00"


def prepared(code: str, params: dict) -> Callable[[list], tuple[list[str], list[str]]] | None:
    """For many rows with one ``code`` and ``params`` that differ only in their ``value``: a function
    of the values giving their English texts and their reasons' JSON, without rendering each row
    from the start (a file of rejects renders hundreds of thousands). None if the template does not
    quote the value exactly once."""
    text = render(code, {**params, "value": _MARK})
    blob = json.dumps({"code": code, **params, "value": _MARK}, ensure_ascii=False)
    marker, json_marker = repr(_MARK), json.dumps(_MARK)
    if text.count(marker) != 1 or blob.count(json_marker) != 1:
        return None
    before, after = text.split(marker)
    json_before, json_after = blob.split(json_marker)
    # json.dumps(..., ensure_ascii=False) builds an encoder per call (5 µs); its string encoder is C.
    encode = json.encoder.encode_basestring  # type: ignore[attr-defined]

    def many(values: list) -> tuple[list[str], list[str]]:
        shown = [shorten(v) for v in values]
        return [before + repr(s) + after for s in shown], [
            json_before + encode(s) + json_after for s in shown
        ]

    return many


class Message(str):
    """A message with its code and parameters. As a string it is the English text for the Python
    interface (so it prints, joins and compares as before); :meth:`text` renders it in another
    language or for another interface."""

    code: str
    params: dict

    def __new__(cls, code: str, **params: object) -> Message:
        self = super().__new__(cls, render(code, params))
        self.code = code
        self.params = params
        return self

    def text(self, lang: str = "en", interface: str = "python") -> str:
        return render(self.code, self.params, lang, interface=interface)

    def __reduce__(self):
        return (_message, (self.code, self.params))


def _message(code: str, params: dict) -> Message:
    return Message(code, **params)


def text_of(message: str, lang: str = "en", interface: str = "python") -> str:
    """A message (or a plain string from older code) rendered for ``lang`` and ``interface``."""
    return message.text(lang, interface) if isinstance(message, Message) else str(message)
