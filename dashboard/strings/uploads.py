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
        "rest was stored. First by kind, then row by row.",
        "es": "{n} filas de este archivo se apartaron, cada una con su número de línea y el motivo; el "
        "resto se guardó. Primero por tipo, luego fila por fila.",
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
    "col.removed_at": {"en": "Removed", "es": "Quitada"},
    "col.removed_by": {"en": "Removed by", "es": "Quitada por"},
    # status, and removing an upload
    "uploads.col.status": {"en": "Status", "es": "Estado"},
    "uploads.status.stored": {"en": "stored", "es": "guardada"},
    "uploads.status.removed": {"en": "removed {when} by {who}", "es": "quitada el {when} por {who}"},
    "uploads.go_upload": {"en": "Upload exports", "es": "Cargar exportaciones"},
    "uploads.remove_title": {
        "en": "Remove an upload of interactions",
        "es": "Quitar una carga de interacciones",
    },
    "uploads.remove_caption": {
        "en": "Its rows are deleted from the database in one step; its record and its rejected rows stay in "
        "the history, marked removed. Every result is recomputed on its next view.",
        "es": "Sus filas se borran de la base de datos en un solo paso; su registro y sus filas rechazadas "
        "quedan en el historial, marcados como quitados. Cada resultado se recalcula la próxima vez que se "
        "abra.",
    },
    "uploads.none_removable": {
        "en": "No upload of interactions to remove (uploads of customers cannot be removed here).",
        "es": "No hay cargas de interacciones que quitar (las cargas de clientes no se quitan aquí).",
    },
    "uploads.remove_pick": {"en": "Upload to remove", "es": "Carga que quitar"},
    "uploads.upload_label": {
        "en": "#{id} · {name} · {when} · {rows} rows stored",
        "es": "n.º {id} · {name} · {when} · {rows} filas guardadas",
    },
    "uploads.remove_button": {"en": "Remove…", "es": "Quitar…"},
    "uploads.remove_confirm": {
        "en": "Remove upload **#{id}** ({name}, {when})? Its **{rows}** stored rows are deleted. Rows that "
        "later uploads held too go with them: each row is stored once, by the first upload that brought "
        "it; upload such a file again to store them again. The record of the upload and its rejected "
        "rows stay in the history.",
        "es": "¿Quitar la carga **n.º {id}** ({name}, {when})? Se borran sus **{rows}** filas guardadas. Las "
        "filas que cargas posteriores también traían se van con ellas: cada fila se guarda una vez, por "
        "la primera carga que la trajo; cargue de nuevo ese archivo para volver a guardarlas. El registro "
        "de la carga y sus filas rechazadas quedan en el historial.",
    },
    "uploads.remove_yes": {"en": "Remove", "es": "Quitar"},
    "uploads.remove_no": {"en": "Keep it", "es": "Conservarla"},
    "uploads.removed_done": {
        "en": "Upload #{id} ({name}) removed: {rows} rows deleted.",
        "es": "Carga n.º {id} ({name}) quitada: {rows} filas borradas.",
    },
    "uploads.cannot_remove.missing": {"en": "That upload no longer exists.", "es": "Esa carga ya no existe."},
    "uploads.cannot_remove.not_interactions": {
        "en": "Only uploads of interactions can be removed.",
        "es": "Solo se pueden quitar cargas de interacciones.",
    },
    "uploads.cannot_remove.removed": {
        "en": "That upload was removed already (perhaps from another session).",
        "es": "Esa carga ya estaba quitada (quizá desde otra sesión).",
    },
}
