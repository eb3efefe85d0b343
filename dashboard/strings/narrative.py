"""Strings of the sentences that state the answer (dashboard/narrative.py)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "narrative.headline": {
        "en": "**{value}** of the churn in the window traces to **attitude and process** failures "
        "(95% interval {interval}).",
        "es": "El **{value}** de las bajas de la ventana se debe a fallos de **actitud y de proceso** "
        "(intervalo del 95 %: {interval}).",
    },
    "narrative.rest": {
        "en": "Price and quality failures: **{commercial}** ({commercial_interval}). Unrelated to any "
        "failure: **{unrelated}** ({unrelated_interval}).",
        "es": "Fallos de precio y de calidad: **{commercial}** ({commercial_interval}). Sin relación "
        "con ningún fallo: **{unrelated}** ({unrelated_interval}).",
    },
    "narrative.said": {
        "en": "**What leaving customers said:** {family} was the reason named most often ({top} of "
        "those who left); attitude and process together, {service}.",
        "es": "**Lo que dijeron los clientes al irse:** el motivo más citado fue {family} ({top} de "
        "quienes se fueron); actitud y proceso juntos, {service}.",
    },
    "narrative.shows": {
        "en": "**What the data shows:** attitude and process failures explain {service} of churn; "
        "price and quality failures, {commercial}.",
        "es": "**Lo que muestran los datos:** los fallos de actitud y de proceso explican el {service} "
        "de las bajas; los de precio y calidad, el {commercial}.",
    },
    "narrative.understated": {
        "en": "Customers name service failures less often than those failures drive them away: exit "
        "surveys alone understate them.",
        "es": "Los clientes nombran los fallos de servicio menos de lo que esos fallos los hacen irse: "
        "las encuestas de salida, solas, los subestiman.",
    },
    "narrative.overstated": {
        "en": "Customers name service failures more often than the data shows them driving churn.",
        "es": "Los clientes nombran los fallos de servicio más de lo que los datos muestran que "
        "provocan bajas.",
    },
    "narrative.agree": {
        "en": "What customers say about service failures agrees with what the data shows.",
        "es": "Lo que dicen los clientes sobre los fallos de servicio coincide con lo que muestran los "
        "datos.",
    },
    "narrative.field_claim": {
        "en": "Of the churn that failures explain, **{value}** ({interval}) is attitude and process. "
        "Customer-service writing has long claimed {claim}; here it is {where}.",
        "es": "De las bajas que explican los fallos, el **{value}** ({interval}) es de actitud y de "
        "proceso. La literatura de servicio al cliente afirma desde hace décadas un {claim}; aquí "
        "está {where}.",
    },
    "narrative.claim_above": {"en": "above that range", "es": "por encima de ese rango"},
    "narrative.claim_within": {"en": "within that range", "es": "dentro de ese rango"},
    "narrative.claim_below": {"en": "below that range", "es": "por debajo de ese rango"},
    "narrative.recovery_lower": {
        "en": "**Customers whose failure was recovered left at {ratio} times the rate of those whose "
        "failure was not** ({change} less risk; 95% interval {low}–{high}).",
        "es": "**Los clientes cuyo fallo fue recuperado se fueron a {ratio} veces el ritmo de aquellos "
        "cuyo fallo no lo fue** ({change} menos de riesgo; intervalo del 95 %: {low}–{high}).",
    },
    "narrative.recovery_higher": {
        "en": "**Customers whose failure was recovered left at {ratio} times the rate of those whose "
        "failure was not** — no lower (95% interval {low}–{high}).",
        "es": "**Los clientes cuyo fallo fue recuperado se fueron a {ratio} veces el ritmo de aquellos "
        "cuyo fallo no lo fue**: no menos (intervalo del 95 %: {low}–{high}).",
    },
    "narrative.recovery_unclear": {
        "en": "The data cannot tell this from no effect.",
        "es": "Los datos no permiten distinguirlo de la ausencia de efecto.",
    },
    "narrative.recovery_differs": {
        "en": "The two figures answer different questions. The first compares customers alike in "
        "tenure, segment, plan and the failures they met, counting every failure and every recovery; "
        "the second splits customers only by whether their first failure was recovered, adjusted for "
        "nothing else. Where they disagree, the first is the estimate of what a recovery is worth.",
        "es": "Las dos cifras responden a preguntas distintas. La primera compara clientes iguales en "
        "antigüedad, segmento, plan y fallos sufridos, con todos sus fallos y recuperaciones; la "
        "segunda separa a los clientes solo según si se recuperó su primer fallo, sin ajustar por "
        "nada más. Cuando no coinciden, la primera es la estimación de lo que vale una recuperación.",
    },
    "narrative.recovery_year": {
        "en": "A year after their first failure, {recovered} of the customers whose failure was "
        "recovered were still customers, against {others} of the others (log-rank {p}).",
        "es": "Un año después de su primer fallo, seguía siendo cliente el {recovered} de aquellos cuyo "
        "fallo fue recuperado, frente al {others} de los demás (log-rank {p}).",
    },
}
