"""Strings every page shares: the frame (title, navigation, sidebar), messages, progress steps."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # -- frame -----------------------------------------------------------------------------------
    "app_title": {"en": "Customer-loss analytics", "es": "Analítica de pérdida de clientes"},
    "database": {"en": "Database", "es": "Base de datos"},
    "section.analysis": {"en": "Analysis", "es": "Análisis"},
    "section.consulting": {"en": "Consulting", "es": "Consultoría"},
    "section.data": {"en": "Data", "es": "Datos"},
    "page.overview": {"en": "Overview", "es": "Resumen"},
    "page.failures": {"en": "Failures", "es": "Fallos"},
    "page.survival": {"en": "Survival", "es": "Supervivencia"},
    "page.attribution": {"en": "Attribution", "es": "Atribución"},
    "page.agents": {"en": "Agents and teams", "es": "Agentes y equipos"},
    "page.scenarios": {"en": "Scenarios", "es": "Escenarios"},
    "page.uploads": {"en": "Uploads and rejected rows", "es": "Cargas y filas rechazadas"},
    # Streamlit's own hints under a text or number input, which it writes in English only
    "hint.enter_apply": {"en": "Press Enter to apply", "es": "Pulse Intro para aplicar"},
    "hint.enter_submit": {"en": "Press Enter to submit form", "es": "Pulse Intro para enviar"},
    # -- sidebar ---------------------------------------------------------------------------------
    "sidebar.as_of": {"en": "As-of date", "es": "Fecha de corte"},
    "sidebar.as_of_help": {
        "en": "The analysis looks at the data up to this date, as it was known then.",
        "es": "El análisis mira los datos hasta esta fecha, tal como se conocían entonces.",
    },
    "sidebar.start": {"en": "Window start", "es": "Inicio de la ventana"},
    "sidebar.start_help": {
        "en": "Customers are followed from this date to the as-of date.",
        "es": "Se sigue a los clientes desde esta fecha hasta la fecha de corte.",
    },
    "sidebar.start_after_as_of": {
        "en": "The window start is after the as-of date: the window starts on the as-of date instead.",
        "es": "El inicio de la ventana es posterior a la fecha de corte: la ventana empieza en la "
        "fecha de corte.",
    },
    "sidebar.filters": {"en": "Filters", "es": "Filtros"},
    "sidebar.all": {"en": "All", "es": "Todos"},
    "sidebar.customer_filters_help": {
        "en": "Keeps the customers with one of these values (empty: every customer).",
        "es": "Conserva a los clientes con alguno de estos valores (vacío: todos los clientes).",
    },
    "sidebar.contact_filters_help": {
        "en": "Keeps the contacts with one of these values (empty: every contact). Applies to "
        "contact measures, not to models of customers.",
        "es": "Conserva los contactos con alguno de estos valores (vacío: todos). Se aplica a las "
        "medidas de contactos, no a los modelos de clientes.",
    },
    "filter.segment": {"en": "Segment", "es": "Segmento"},
    "filter.plan": {"en": "Plan", "es": "Plan"},
    "filter.region": {"en": "Region", "es": "Región"},
    "filter.channel": {"en": "Channel", "es": "Canal"},
    "filter.team": {"en": "Team", "es": "Equipo"},
    "filters.none": {"en": "all customers and contacts", "es": "todos los clientes y contactos"},
    # -- captions shared by pages ------------------------------------------------------------------
    "window_caption": {
        "en": "Window {start} – {end} · {filters}",
        "es": "Ventana {start} – {end} · {filters}",
    },
    "filters_not_applied": {
        "en": "The {names} filter selects contacts; this figure's unit is the customer, so it is not "
        "applied here.",
        "es": "El filtro de {names} selecciona contactos; la unidad de esta cifra es el cliente, así que "
        "aquí no se aplica.",
    },
    "download_csv": {"en": "Download table (CSV)", "es": "Descargar tabla (CSV)"},
    "too_little_to_chart": {
        "en": "Too little data to chart: {what}.",
        "es": "Hay muy pocos datos para un gráfico: {what}.",
    },
    # -- messages ---------------------------------------------------------------------------------
    "store_busy": {
        "en": "The database is being updated by another process. Try again in a moment.",
        "es": "Otro proceso está actualizando la base de datos. Inténtelo de nuevo en un momento.",
    },
    "parts_missing": {
        "en": "This database keeps its latest uploads in the folder `{folder}`, which is missing. "
        "Copy or move that folder together with the database file, or upload the files again into a "
        "new database.",
        "es": "Esta base de datos guarda sus últimas cargas en la carpeta `{folder}`, que no está. "
        "Copie o mueva esa carpeta junto con el archivo de la base de datos, o vuelva a cargar los "
        "archivos en una base nueva.",
    },
    "store_error": {
        "en": "The database cannot be used as it is. What it said (in English) is below; the fix is usually "
        "in how the dashboard was started (DATABASE_URL, CHURN_DEFAULT_DB) or in the database file itself.",
        "es": "La base de datos no se puede usar tal como está. Abajo, lo que dijo (en inglés); el arreglo "
        "suele estar en cómo se arrancó el panel (DATABASE_URL, CHURN_DEFAULT_DB) o en el propio archivo "
        "de la base de datos.",
    },
    "fit_failed": {
        "en": "The {what} could not be computed for this window and these filters. Try a longer window "
        "or fewer filters; the details below say what was missing.",
        "es": "No se pudo calcular {what} para esta ventana y estos filtros. Pruebe una ventana más "
        "larga o menos filtros; el detalle de abajo dice qué faltaba.",
    },
    "fit_failed_details": {"en": "Details (in English)", "es": "Detalle (en inglés)"},
    "what.attribution": {"en": "attribution of churn", "es": "la atribución de las bajas"},
    "what.survival": {"en": "survival curves", "es": "las curvas de supervivencia"},
    "computing_elsewhere": {
        "en": "Another session is computing these results; they will appear here when it finishes…",
        "es": "Otra sesión está calculando estos resultados; aparecerán aquí cuando termine…",
    },
    "loading_demo": {"en": "Loading the demo dataset…", "es": "Cargando los datos de demostración…"},
    "demo_loaded": {"en": "Demo dataset loaded.", "es": "Datos de demostración cargados."},
    # -- progress steps (the engine reports them in English; these are what the bar shows) ---------
    "step.labels": {"en": "labelling the interactions", "es": "clasificando las interacciones"},
    "step.learning": {
        "en": "learning from {n} notes you labelled",
        "es": "aprendiendo de {n} notas etiquetadas por usted",
    },
    "step.notes_read": {"en": "{n} notes read", "es": "{n} notas leídas"},
    "step.tables": {"en": "building the customer-period tables", "es": "armando las tablas cliente-periodo"},
    "step.hazard_model": {"en": "fitting the hazard model", "es": "ajustando el modelo de riesgo"},
    "step.attribution": {
        "en": "attribution with {n} bootstrap replicates",
        "es": "atribución con {n} réplicas bootstrap",
    },
    "step.stated_reasons": {
        "en": "classifying the stated exit reasons",
        "es": "clasificando los motivos de baja declarados",
    },
    "step.follow_up": {"en": "reading the follow-up", "es": "leyendo el seguimiento"},
    "step.curves": {"en": "survival curves", "es": "curvas de supervivencia"},
    "step.exit_reasons": {"en": "exit reasons", "es": "motivos de baja"},
    "step.rows_read": {"en": "{n} rows read", "es": "{n} filas leídas"},
    "step.rows_storing": {"en": "{n} rows read; storing", "es": "{n} filas leídas; guardando"},
    "step.merging": {
        "en": "merging earlier uploads into the database",
        "es": "integrando cargas anteriores en la base de datos",
    },
    "step.done": {"en": "done", "es": "listo"},
    # -- start page (an empty database) -------------------------------------------------------------
    "start.title": {"en": "No data yet", "es": "Aún no hay datos"},
    "start.intro": {
        "en": "This database holds no customers yet. Load your exports, or try the product on the "
        "demo dataset (5,000 fictitious customers of a telecom company, two years of contacts).",
        "es": "Esta base de datos aún no tiene clientes. Cargue sus exportaciones, o pruebe el producto "
        "con los datos de demostración (5.000 clientes ficticios de una empresa de telecomunicaciones, "
        "dos años de contactos).",
    },
    "start.cli": {
        "en": "Load exports from a terminal (customers first, then interactions; Spanish exports with "
        "`;`, decimal commas and dd/mm/yyyy dates are read as they are):",
        "es": "Cargue exportaciones desde una terminal (primero clientes, luego interacciones; las "
        "exportaciones en español con `;`, coma decimal y fechas dd/mm/aaaa se leen tal cual):",
    },
    "start.load_demo": {"en": "Load the demo dataset", "es": "Cargar los datos de demostración"},
    "start.load_demo_help": {
        "en": "Stores the fictitious demo customers and contacts in this database.",
        "es": "Guarda en esta base de datos los clientes y contactos ficticios de demostración.",
    },
}
