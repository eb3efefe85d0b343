"""Interface strings in English and Spanish. Pages call :func:`t`; code and docs stay in English."""

from __future__ import annotations

LANGUAGES = {"en": "English", "es": "Español"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"en": "Customer-loss analytics", "es": "Analítica de pérdida de clientes"},
    "language": {"en": "Language", "es": "Idioma"},
    "database": {"en": "Database", "es": "Base de datos"},
    "overview": {"en": "Overview", "es": "Resumen"},
    "uploads": {"en": "Uploads and rejected rows", "es": "Cargas y filas rechazadas"},
    "customers": {"en": "Customers", "es": "Clientes"},
    "churned": {"en": "Churned", "es": "Bajas"},
    "interactions": {"en": "Interactions", "es": "Interacciones"},
    "churn_rate": {"en": "Churn rate", "es": "Tasa de bajas"},
    "monthly_churn": {"en": "Monthly churn rate", "es": "Tasa de bajas mensual"},
    "month": {"en": "Month", "es": "Mes"},
    "window": {"en": "Observation window", "es": "Ventana de observación"},
    "no_data": {
        "en": "The database holds no data yet. Upload files with `python -m analytics ingest`.",
        "es": "La base de datos aún no tiene datos. Cargue archivos con `python -m analytics ingest`.",
    },
    "loading_demo": {"en": "Loading the demo dataset…", "es": "Cargando los datos de demostración…"},
    "demo_loaded": {"en": "Demo dataset loaded.", "es": "Datos de demostración cargados."},
    "store_busy": {
        "en": "The database is being updated by another process. Try again in a moment.",
        "es": "Otro proceso está actualizando la base de datos. Inténtelo de nuevo en un momento.",
    },
    "upload_history": {"en": "Upload history", "es": "Historial de cargas"},
    "rejected_rows": {"en": "Rejected rows", "es": "Filas rechazadas"},
    "choose_upload": {"en": "Upload", "es": "Carga"},
    "download_rejects": {"en": "Download rejected rows (CSV)", "es": "Descargar filas rechazadas (CSV)"},
    "no_rejects": {
        "en": "No rows were rejected in this upload.",
        "es": "No se rechazó ninguna fila en esta carga.",
    },
    "no_uploads": {"en": "No uploads yet.", "es": "Aún no hay cargas."},
    "parts_missing": {
        "en": "This database keeps its latest uploads in the folder `{folder}`, which is missing. "
        "Copy or move that folder together with the database file, or upload the files again into a "
        "new database.",
        "es": "Esta base de datos guarda sus últimas cargas en la carpeta `{folder}`, que no está. "
        "Copie o mueva esa carpeta junto con el archivo de la base de datos, o vuelva a cargar los "
        "archivos en una base nueva.",
    },
}


def t(key: str, lang: str = "en") -> str:
    """The interface string ``key`` in ``lang`` (falls back to English, then to the key)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]
