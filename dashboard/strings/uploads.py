"""Strings of the Uploads page."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "uploads.history": {"en": "Upload history", "es": "Historial de cargas"},
    "uploads.history_caption": {
        "en": "Every file stored, latest first. The content hash tells two files apart (shortened; "
        "the download has it whole).",
        "es": "Cada archivo guardado, el último primero. La huella del contenido distingue dos archivos "
        "(abreviada; la descarga la trae completa).",
    },
    "uploads.none": {"en": "No uploads yet.", "es": "Aún no hay cargas."},
    "uploads.rejected_rows": {"en": "Rejected rows", "es": "Filas rechazadas"},
    "uploads.choose": {"en": "Upload", "es": "Carga"},
    "uploads.no_rejects": {
        "en": "No rows were rejected in this upload.",
        "es": "No se rechazó ninguna fila en esta carga.",
    },
    "uploads.rejects_caption": {
        "en": "{n} rows of this file were set aside, each with its line number and the reason; the "
        "rest was stored.",
        "es": "{n} filas de este archivo se apartaron, cada una con su número de línea y el motivo; el "
        "resto se guardó.",
    },
    "uploads.download_rejects": {
        "en": "Download rejected rows (CSV)",
        "es": "Descargar filas rechazadas (CSV)",
    },
    "uploads.download_history": {
        "en": "Download upload history (CSV)",
        "es": "Descargar historial de cargas (CSV)",
    },
    "uploads.table.customers": {"en": "customers", "es": "clientes"},
    "uploads.table.interactions": {"en": "interactions", "es": "interacciones"},
    # column headers
    "col.upload_id": {"en": "Upload", "es": "Carga"},
    "col.uploaded_at": {"en": "Uploaded", "es": "Fecha de carga"},
    "col.uploaded_by": {"en": "By", "es": "Por"},
    "col.table_name": {"en": "Table", "es": "Tabla"},
    "col.file_name": {"en": "File", "es": "Archivo"},
    "col.rows": {"en": "Rows", "es": "Filas"},
    "col.accepted": {"en": "Stored", "es": "Guardadas"},
    "col.rejected": {"en": "Rejected", "es": "Rechazadas"},
    "col.duplicates": {"en": "Duplicates", "es": "Duplicadas"},
    "col.updated": {"en": "Updated", "es": "Actualizadas"},
    "col.encoding": {"en": "Encoding", "es": "Codificación"},
    "col.delimiter": {"en": "Separator", "es": "Separador"},
    "col.content_hash": {"en": "Content hash", "es": "Huella del contenido"},
    "col.line": {"en": "Line", "es": "Línea"},
    "col.reason": {"en": "Reason", "es": "Motivo"},
    "col.raw": {"en": "Row as read", "es": "Fila leída"},
}
