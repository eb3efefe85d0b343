"""The data contract: the two tables an analyst uploads, written once.

Everything that needs to know about columns reads this module: the CSV reader (which header
means which column, how to parse it, what to reject), the column-mapping suggestions, the error
messages, the store's table definitions and the README's column table
(``python -m analytics contract --markdown``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from analytics.taxonomy import accepted_failure_values, normalize_token

Kind = Literal["id", "text", "date", "datetime", "bool", "int", "float", "escalation"]

KIND_HELP: dict[str, str] = {
    "id": "non-empty text",
    "text": "free text",
    "date": "a date: 2024-03-31, 31/03/2024, 03/31/2024 or an Excel serial number",
    "datetime": "a date with optional time: 2024-03-31 14:05, 31/03/2024 14:05:00, …",
    "bool": "yes/no: sí/no, s/n, verdadero/falso, true/false, 1/0, x/empty",
    "int": "a whole number",
    "float": "a number (decimal point or decimal comma)",
    "escalation": "yes (escalated), no (not asked), or denied/requested (asked and not given)",
}


@dataclass(frozen=True)
class Column:
    """One column of an uploaded table.

    ``synonyms`` are header spellings recognised for this column, compared after
    :func:`analytics.taxonomy.normalize_token` (so accents, case and punctuation do not matter).
    """

    name: str
    kind: Kind
    description: str
    description_es: str
    required: bool = False
    unique: bool = False
    synonyms: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None

    @property
    def accepts(self) -> str:
        if self.name == "failure_type":
            return "empty (no failure) or one of " + ", ".join(accepted_failure_values())
        text = KIND_HELP[self.kind]
        if self.min_value is not None and self.max_value is not None:
            text += f" between {self.min_value:g} and {self.max_value:g}"
        elif self.min_value is not None:
            text += f" ≥ {self.min_value:g}"
        return text


@dataclass(frozen=True)
class TableContract:
    name: str
    columns: tuple[Column, ...]
    description: str = ""
    _lookup: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for col in self.columns:
            for spelling in (col.name, *col.synonyms):
                self._lookup.setdefault(normalize_token(spelling), col.name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}. Columns: {self.names}")

    def canonical(self, header: str) -> str | None:
        """The contract column a header names, or None when it is not recognised."""
        return self._lookup.get(normalize_token(header))

    def suggest_mapping(self, headers: list[str]) -> dict[str, str | None]:
        """Map each header of a file to a contract column (or None).

        The first header that names a column wins; a later header naming the same column maps to
        None so that no column is read twice. Unknown headers map to None and are offered to the
        user for mapping, never dropped silently.
        """
        taken: set[str] = set()
        mapping: dict[str, str | None] = {}
        for h in headers:
            target = self.canonical(h)
            if target is not None and target not in taken:
                mapping[h] = target
                taken.add(target)
            else:
                mapping[h] = None
        return mapping


CUSTOMERS = TableContract(
    "customers",
    description="One row per customer: when they joined, when (and why) they left.",
    columns=(
        Column(
            "customer_id",
            "id",
            "Customer identifier, unique in the file.",
            "Identificador del cliente, único en el archivo.",
            required=True,
            unique=True,
            synonyms=(
                "cliente",
                "id_cliente",
                "cliente_id",
                "codigo_cliente",
                "cod_cliente",
                "num_cliente",
                "numero_cliente",
                "customer",
                "client",
                "client_id",
                "account",
                "account_id",
                "cuenta",
                "id",
            ),
        ),
        Column(
            "start_date",
            "date",
            "Date the customer joined.",
            "Fecha de alta del cliente.",
            required=True,
            synonyms=(
                "fecha_alta",
                "alta",
                "fecha_de_alta",
                "fecha_inicio",
                "inicio",
                "start",
                "signup_date",
                "join_date",
                "joined",
                "fecha_ingreso",
            ),
        ),
        Column(
            "end_date",
            "date",
            "Date the customer left; empty while still a customer.",
            "Fecha de baja; vacía si sigue siendo cliente.",
            synonyms=(
                "fecha_baja",
                "baja",
                "fecha_de_baja",
                "fecha_fin",
                "fin",
                "churn_date",
                "end",
                "cancel_date",
                "cancellation_date",
                "fecha_cancelacion",
            ),
        ),
        Column(
            "churn_reason",
            "text",
            "What the customer said when leaving (text or code).",
            "Lo que dijo el cliente al irse (texto o código).",
            synonyms=(
                "motivo_baja",
                "motivo",
                "motivo_de_baja",
                "razon_baja",
                "razon",
                "reason",
                "exit_reason",
                "cancel_reason",
                "motivo_cancelacion",
            ),
        ),
        Column(
            "segment",
            "text",
            "Customer segment.",
            "Segmento del cliente.",
            synonyms=("segmento", "tipo_cliente", "customer_segment"),
        ),
        Column(
            "plan",
            "text",
            "Plan or product.",
            "Plan o producto.",
            synonyms=("tarifa", "producto", "product", "plan_contratado"),
        ),
        Column(
            "region",
            "text",
            "Region.",
            "Región.",
            synonyms=("zona", "provincia", "departamento_geo", "ciudad", "city", "area_geografica"),
        ),
        Column(
            "monthly_revenue",
            "float",
            "Monthly revenue from the customer.",
            "Ingreso mensual del cliente.",
            min_value=0,
            synonyms=(
                "ingreso_mensual",
                "ingresos",
                "cuota",
                "cuota_mensual",
                "facturacion_mensual",
                "arpu",
                "revenue",
                "mrr",
                "importe_mensual",
            ),
        ),
    ),
)

INTERACTIONS = TableContract(
    "interactions",
    description="One row per customer-service interaction: call, chat, e-mail, visit or complaint.",
    columns=(
        Column(
            "customer_id",
            "id",
            "Customer identifier (must exist in customers).",
            "Identificador del cliente (debe existir en clientes).",
            required=True,
            synonyms=(
                "cliente",
                "id_cliente",
                "cliente_id",
                "codigo_cliente",
                "cod_cliente",
                "num_cliente",
                "numero_cliente",
                "customer",
                "client",
                "client_id",
                "account",
                "account_id",
                "cuenta",
            ),
        ),
        Column(
            "timestamp",
            "datetime",
            "When the interaction happened.",
            "Cuándo ocurrió la interacción.",
            required=True,
            synonyms=(
                "fecha",
                "fecha_hora",
                "fechahora",
                "date",
                "datetime",
                "time",
                "fecha_contacto",
                "fecha_interaccion",
                "created_at",
                "contact_date",
            ),
        ),
        Column(
            "interaction_id",
            "id",
            "Interaction identifier (used to avoid storing a row twice).",
            "Identificador de la interacción (evita guardar dos veces).",
            synonyms=(
                "id_interaccion",
                "interaccion",
                "id",
                "ticket",
                "id_ticket",
                "caso",
                "id_caso",
                "case_id",
                "ticket_id",
                "contact_id",
            ),
        ),
        Column(
            "channel",
            "text",
            "Channel: phone, chat, e-mail, store…",
            "Canal: teléfono, chat, correo, tienda…",
            synonyms=("canal", "medio", "via"),
        ),
        Column(
            "agent_id",
            "text",
            "Agent who handled it.",
            "Agente que atendió.",
            synonyms=("agente", "id_agente", "asesor", "operador", "agent", "ejecutivo"),
        ),
        Column(
            "team",
            "text",
            "Team or area.",
            "Equipo o área.",
            synonyms=("equipo", "area", "departamento", "grupo", "group"),
        ),
        Column(
            "topic",
            "text",
            "Topic of the contact.",
            "Tema o motivo del contacto.",
            synonyms=(
                "tema",
                "asunto",
                "motivo",
                "motivo_contacto",
                "tipo_consulta",
                "categoria",
                "category",
                "reason_for_contact",
                "tipificacion",
            ),
        ),
        Column(
            "failure_type",
            "text",
            "Coded failure family or subtype; empty = no failure.",
            "Familia o subtipo de fallo codificado; vacío = sin fallo.",
            synonyms=(
                "tipo_fallo",
                "tipo_falla",
                "falla",
                "fallo",
                "failure",
                "failure_family",
                "familia_fallo",
            ),
        ),
        Column(
            "resolved",
            "bool",
            "Was the issue resolved in this contact?",
            "¿Se resolvió en este contacto?",
            synonyms=("resuelto", "solucionado", "resuelta", "is_resolved"),
        ),
        Column(
            "transferred",
            "int",
            "Number of transfers during the contact.",
            "Número de transferencias durante el contacto.",
            min_value=0,
            synonyms=("transferido", "transferencias", "num_transferencias", "transfers", "n_transferencias"),
        ),
        Column(
            "escalated",
            "escalation",
            "Escalation: yes, no, or denied (asked for and not given).",
            "Escalamiento: sí, no, o denegado (pedido y no concedido).",
            synonyms=("escalado", "escalamiento", "escalada", "escalation"),
        ),
        Column(
            "wait_seconds",
            "float",
            "Waiting time before being served, in seconds.",
            "Tiempo de espera antes de ser atendido, en segundos.",
            min_value=0,
            synonyms=(
                "espera",
                "tiempo_espera",
                "espera_segundos",
                "espera_seg",
                "wait",
                "wait_time",
                "hold_seconds",
                "segundos_espera",
            ),
        ),
        Column(
            "promised_date",
            "date",
            "Date promised to the customer (delivery, visit, call-back).",
            "Fecha prometida al cliente (entrega, visita, llamada).",
            synonyms=("fecha_prometida", "fecha_compromiso", "compromiso", "promised", "due_date"),
        ),
        Column(
            "fulfilled_date",
            "date",
            "Date the promise was fulfilled; empty if never.",
            "Fecha en que se cumplió la promesa; vacía si nunca.",
            synonyms=(
                "fecha_cumplida",
                "fecha_cumplimiento",
                "cumplimiento",
                "fulfilled",
                "fecha_entrega",
                "done_date",
            ),
        ),
        Column(
            "apology",
            "bool",
            "Did the company apologise?",
            "¿La empresa pidió disculpas?",
            synonyms=("disculpa", "disculpas", "se_disculpo", "apologised", "apologized"),
        ),
        Column(
            "compensation",
            "bool",
            "Was the customer compensated?",
            "¿Se compensó al cliente?",
            synonyms=("compensacion", "bonificacion", "compensado", "credito", "credit"),
        ),
        Column(
            "follow_up",
            "bool",
            "Was there a follow-up?",
            "¿Hubo seguimiento?",
            synonyms=("seguimiento", "followup", "con_seguimiento"),
        ),
        Column(
            "csat",
            "float",
            "Satisfaction score given by the customer.",
            "Satisfacción declarada por el cliente.",
            min_value=0,
            synonyms=("satisfaccion", "csat_score", "nota", "puntuacion", "satisfaction"),
        ),
        Column(
            "notes",
            "text",
            "Free-text notes by the agent or customer (Spanish or English).",
            "Observaciones del agente o del cliente (español o inglés).",
            synonyms=(
                "observaciones",
                "notas",
                "nota_agente",
                "comentarios",
                "comentario",
                "descripcion",
                "description",
                "comments",
                "comment",
                "detalle",
                "texto",
            ),
        ),
    ),
)

CONTRACTS: dict[str, TableContract] = {"customers": CUSTOMERS, "interactions": INTERACTIONS}


def markdown_table(contract: TableContract) -> str:
    """The contract as a Markdown table, for the README and the upload page."""
    lines = [
        f"**{contract.name}** — {contract.description}",
        "",
        "| column | required | accepts | recognised headers | meaning |",
        "|---|---|---|---|---|",
    ]
    for c in contract.columns:
        syn = ", ".join(c.synonyms[:8]) + (", …" if len(c.synonyms) > 8 else "")
        req = "yes" + (", unique" if c.unique else "") if c.required else ""
        accepts = "family or subtype (see taxonomy); empty = none" if c.name == "failure_type" else c.accepts
        lines.append(f"| `{c.name}` | {req} | {accepts} | {syn} | {c.description} |")
    return "\n".join(lines)
