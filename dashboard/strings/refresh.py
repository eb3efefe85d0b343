"""Strings of the results being brought up to date by the worker process (dashboard/loaders.py)."""

STRINGS = {
    "refresh.stale": {
        "en": "These results are from data version {version}; the data have changed since. Updating: "
        "{step}, {percent}. The page refreshes by itself when the new results are ready.",
        "es": "Estos resultados son de la versión {version} de los datos, que han cambiado desde entonces. "
        "Actualizando: {step}, {percent}. La página se actualiza sola cuando los nuevos resultados estén "
        "listos.",
    },
    "refresh.waiting_other": {
        "en": "another update is finishing first",
        "es": "termina primero otra actualización",
    },
    "refresh.computing": {
        "en": "Computing the {what} for the current data (in the background; other pages stay usable)",
        "es": "Calculando {what} para los datos actuales (en segundo plano; las demás páginas siguen "
        "disponibles)",
    },
    "refresh.failed": {
        "en": "Updating the results for the current data failed. The details below say why (in English); "
        "fix the cause and retry.",
        "es": "Falló la actualización de los resultados con los datos actuales. Abajo, el detalle (en "
        "inglés); corrija la causa y vuelva a intentarlo.",
    },
    "refresh.failed_stale": {
        "en": "These results are from data version {version}: updating them for the current data failed. "
        "The details below say why (in English).",
        "es": "Estos resultados son de la versión {version} de los datos: falló su actualización con los "
        "datos actuales. Abajo, el detalle (en inglés).",
    },
    "refresh.retry": {"en": "Retry the update", "es": "Reintentar la actualización"},
    "step.starting": {"en": "starting", "es": "iniciando"},
}
