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

KIND_HELP_ES: dict[str, str] = {
    "id": "texto no vacío",
    "text": "texto libre",
    "date": "una fecha: 2024-03-31, 31/03/2024, 03/31/2024 o un número de serie de Excel",
    "datetime": "una fecha con hora opcional: 2024-03-31 14:05, 31/03/2024 14:05:00, …",
    "bool": "sí/no: sí/no, s/n, verdadero/falso, true/false, 1/0, x/vacío",
    "int": "un número entero",
    "float": "un número (con punto o coma decimal)",
    "escalation": "sí (escalado), no (no pedido), o denegado/solicitado (pedido y no concedido)",
}


def accepts_text(spec: dict, lang: str = "en") -> str:
    """What a column accepts, in ``lang``, from :attr:`Column.accepts_spec` (kept with rejected rows
    so that their messages render in either language)."""
    kind = spec["kind"]
    spanish = lang == "es"
    if kind == "failure_type":
        lead = "vacío (sin fallo) o uno de " if spanish else "empty (no failure) or one of "
        return lead + ", ".join(accepted_failure_values())
    text = (KIND_HELP_ES if spanish else KIND_HELP)[kind]
    low, high = spec.get("min"), spec.get("max")
    if low is not None and high is not None:
        text += f" {'entre' if spanish else 'between'} {low:g} {'y' if spanish else 'and'} {high:g}"
    elif low is not None:
        text += f" ≥ {low:g}"
    return text


@dataclass(frozen=True)
class Column:
    """One column of an uploaded table.

    ``synonyms_es`` and ``synonyms`` are the header spellings recognised for this column, compared
    after :func:`analytics.taxonomy.normalize_token` (so accents, case and punctuation do not
    matter): ``synonyms_es`` those only a Spanish-language export would use (they also mark a file
    as Spanish, which makes dd/mm the likelier date order), ``synonyms`` English ones and words
    both languages use (``area``, ``id``).
    """

    name: str
    kind: Kind
    description: str
    description_es: str
    required: bool = False
    unique: bool = False
    synonyms: tuple[str, ...] = ()
    synonyms_es: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        """Every recognised spelling but the column's own name: Spanish ones first."""
        return (*self.synonyms_es, *self.synonyms)

    @property
    def accepts_spec(self) -> dict:
        """What the column accepts, as data: its kind and bounds (``kind`` is ``"failure_type"`` for
        the taxonomy's vocabulary)."""
        kind = "failure_type" if self.name == "failure_type" else self.kind
        spec: dict = {"kind": kind}
        if kind != "failure_type":
            if self.min_value is not None:
                spec["min"] = self.min_value
            if self.max_value is not None:
                spec["max"] = self.max_value
        return spec

    @property
    def accepts(self) -> str:
        """What the column accepts, in English."""
        return accepts_text(self.accepts_spec)


@dataclass(frozen=True)
class TableContract:
    name: str
    columns: tuple[Column, ...]
    description: str = ""
    _lookup: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for col in self.columns:
            for spelling in (col.name, *col.headers):
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


# The customer id is a column of both tables, recognised by the same headers.
_CUSTOMER_ID_ES = (
    "cliente",
    "id_cliente",
    "cliente_id",
    "codigo_cliente",
    "cod_cliente",
    "num_cliente",
    "numero_cliente",
    "cuenta",
)
_CUSTOMER_ID = ("customer", "client", "client_id", "account", "account_id")

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
            synonyms_es=_CUSTOMER_ID_ES,
            # In the customers file a bare "id" can only be the customer's.
            synonyms=(*_CUSTOMER_ID, "id"),
        ),
        Column(
            "start_date",
            "date",
            "Date the customer joined.",
            "Fecha de alta del cliente.",
            required=True,
            synonyms_es=("fecha_alta", "alta", "fecha_de_alta", "fecha_inicio", "inicio", "fecha_ingreso"),
            synonyms=("start", "signup_date", "join_date", "joined"),
        ),
        Column(
            "end_date",
            "date",
            "Date the customer left; empty while still a customer.",
            "Fecha de baja; vacía si sigue siendo cliente.",
            synonyms_es=("fecha_baja", "baja", "fecha_de_baja", "fecha_fin", "fin", "fecha_cancelacion"),
            synonyms=("churn_date", "end", "cancel_date", "cancellation_date"),
        ),
        Column(
            "churn_reason",
            "text",
            "What the customer said when leaving (text or code).",
            "Lo que dijo el cliente al irse (texto o código).",
            synonyms_es=(
                "motivo_baja",
                "motivo",
                "motivo_de_baja",
                "razon_baja",
                "razon",
                "motivo_cancelacion",
            ),
            synonyms=("reason", "exit_reason", "cancel_reason"),
        ),
        Column(
            "segment",
            "text",
            "Customer segment.",
            "Segmento del cliente.",
            synonyms_es=("segmento", "tipo_cliente"),
            synonyms=("customer_segment",),
        ),
        Column(
            "plan",
            "text",
            "Plan or product.",
            "Plan o producto.",
            synonyms_es=("tarifa", "producto", "plan_contratado"),
            synonyms=("product",),
        ),
        Column(
            "region",
            "text",
            "Region.",
            "Región.",
            synonyms_es=("zona", "provincia", "departamento_geo", "ciudad", "area_geografica"),
            synonyms=("city",),
        ),
        Column(
            "monthly_revenue",
            "float",
            "Monthly revenue from the customer.",
            "Ingreso mensual del cliente.",
            min_value=0,
            synonyms_es=(
                "ingreso_mensual",
                "ingresos",
                "cuota",
                "cuota_mensual",
                "facturacion_mensual",
                "importe_mensual",
            ),
            synonyms=("arpu", "revenue", "mrr"),
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
            synonyms_es=_CUSTOMER_ID_ES,
            synonyms=_CUSTOMER_ID,
        ),
        Column(
            "timestamp",
            "datetime",
            "When the interaction happened.",
            "Cuándo ocurrió la interacción.",
            required=True,
            synonyms_es=("fecha", "fecha_hora", "fechahora", "fecha_contacto", "fecha_interaccion"),
            synonyms=("date", "datetime", "time", "created_at", "contact_date"),
        ),
        Column(
            "interaction_id",
            "id",
            "Interaction identifier (used to avoid storing a row twice).",
            "Identificador de la interacción (evita guardar dos veces).",
            synonyms_es=("id_interaccion", "interaccion", "id_ticket", "caso", "id_caso"),
            synonyms=("id", "ticket", "case_id", "ticket_id", "contact_id"),
        ),
        Column(
            "channel",
            "text",
            "Channel: phone, chat, e-mail, store…",
            "Canal: teléfono, chat, correo, tienda…",
            synonyms_es=("canal", "medio"),
            synonyms=("via",),
        ),
        Column(
            "agent_id",
            "text",
            "Agent who handled it.",
            "Agente que atendió.",
            synonyms_es=("agente", "id_agente", "asesor", "operador", "ejecutivo"),
            synonyms=("agent",),
        ),
        Column(
            "team",
            "text",
            "Team or area.",
            "Equipo o área.",
            synonyms_es=("equipo", "departamento", "grupo"),
            synonyms=("area", "group"),
        ),
        Column(
            "topic",
            "text",
            "Topic of the contact.",
            "Tema o motivo del contacto.",
            synonyms_es=(
                "tema",
                "asunto",
                "motivo",
                "motivo_contacto",
                "tipo_consulta",
                "categoria",
                "tipificacion",
            ),
            synonyms=("category", "reason_for_contact"),
        ),
        Column(
            "failure_type",
            "text",
            "Coded failure family or subtype; empty = no failure.",
            "Familia o subtipo de fallo codificado; vacío = sin fallo.",
            synonyms_es=("tipo_fallo", "tipo_falla", "falla", "fallo", "familia_fallo"),
            synonyms=("failure", "failure_family"),
        ),
        Column(
            "resolved",
            "bool",
            "Was the issue resolved in this contact?",
            "¿Se resolvió en este contacto?",
            synonyms_es=("resuelto", "solucionado", "resuelta"),
            synonyms=("is_resolved",),
        ),
        Column(
            "transferred",
            "int",
            "Number of transfers during the contact.",
            "Número de transferencias durante el contacto.",
            min_value=0,
            synonyms_es=("transferido", "transferencias", "num_transferencias", "n_transferencias"),
            synonyms=("transfers",),
        ),
        Column(
            "escalated",
            "escalation",
            "Escalation: yes, no, or denied (asked for and not given).",
            "Escalamiento: sí, no, o denegado (pedido y no concedido).",
            synonyms_es=("escalado", "escalamiento", "escalada"),
            synonyms=("escalation",),
        ),
        Column(
            "wait_seconds",
            "float",
            "Waiting time before being served, in seconds.",
            "Tiempo de espera antes de ser atendido, en segundos.",
            min_value=0,
            synonyms_es=("espera", "tiempo_espera", "espera_segundos", "espera_seg", "segundos_espera"),
            synonyms=("wait", "wait_time", "hold_seconds"),
        ),
        Column(
            "promised_date",
            "date",
            "Date promised to the customer (delivery, visit, call-back).",
            "Fecha prometida al cliente (entrega, visita, llamada).",
            synonyms_es=("fecha_prometida", "fecha_compromiso", "compromiso"),
            synonyms=("promised", "due_date"),
        ),
        Column(
            "fulfilled_date",
            "date",
            "Date the promise was fulfilled; empty if never.",
            "Fecha en que se cumplió la promesa; vacía si nunca.",
            synonyms_es=("fecha_cumplida", "fecha_cumplimiento", "cumplimiento", "fecha_entrega"),
            synonyms=("fulfilled", "done_date"),
        ),
        Column(
            "apology",
            "bool",
            "Did the company apologise?",
            "¿La empresa pidió disculpas?",
            synonyms_es=("disculpa", "disculpas", "se_disculpo"),
            synonyms=("apologised", "apologized"),
        ),
        Column(
            "compensation",
            "bool",
            "Was the customer compensated?",
            "¿Se compensó al cliente?",
            synonyms_es=("compensacion", "bonificacion", "compensado", "credito"),
            synonyms=("credit",),
        ),
        Column(
            "follow_up",
            "bool",
            "Was there a follow-up?",
            "¿Hubo seguimiento?",
            synonyms_es=("seguimiento", "con_seguimiento"),
            synonyms=("followup",),
        ),
        Column(
            "csat",
            "float",
            "Satisfaction score given by the customer.",
            "Satisfacción declarada por el cliente.",
            min_value=0,
            synonyms_es=("satisfaccion", "nota", "puntuacion"),
            synonyms=("csat_score", "satisfaction"),
        ),
        Column(
            "notes",
            "text",
            "Free-text notes by the agent or customer (Spanish or English).",
            "Observaciones del agente o del cliente (español o inglés).",
            synonyms_es=(
                "observaciones",
                "notas",
                "nota_agente",
                "comentarios",
                "comentario",
                "descripcion",
                "detalle",
                "texto",
            ),
            synonyms=("description", "comments", "comment"),
        ),
    ),
)

CONTRACTS: dict[str, TableContract] = {"customers": CUSTOMERS, "interactions": INTERACTIONS}


def _spanish_words() -> frozenset[str]:
    """Words of the Spanish header spellings that no English spelling or column name uses. Words
    under four letters (de, se, n, cod) say little on their own and are left out."""
    spanish: set[str] = set()
    other: set[str] = set()
    for contract in CONTRACTS.values():
        for col in contract.columns:
            for spelling in col.synonyms_es:
                spanish.update(normalize_token(spelling).split("_"))
            for spelling in (col.name, *col.synonyms):
                other.update(normalize_token(spelling).split("_"))
    return frozenset(w for w in spanish - other if len(w) >= 4)


SPANISH_HEADERS: frozenset[str] = frozenset(
    normalize_token(s) for contract in CONTRACTS.values() for col in contract.columns for s in col.synonyms_es
)
SPANISH_HEADER_WORDS: frozenset[str] = _spanish_words()


def is_spanish_header(header: str) -> bool:
    """Whether a file header is one a Spanish-language export would use (a hint, not a rule: it
    makes dd/mm the likelier order of ambiguous dates)."""
    token = normalize_token(header)
    return token in SPANISH_HEADERS or not SPANISH_HEADER_WORDS.isdisjoint(token.split("_"))


def markdown_table(contract: TableContract) -> str:
    """The contract as a Markdown table, for the README and the upload page."""
    lines = [
        f"**{contract.name}** — {contract.description}",
        "",
        "| column | required | accepts | recognised headers | meaning |",
        "|---|---|---|---|---|",
    ]
    for c in contract.columns:
        syn = ", ".join(c.headers[:8]) + (", …" if len(c.headers) > 8 else "")
        req = "yes" + (", unique" if c.unique else "") if c.required else ""
        accepts = "family or subtype (see taxonomy); empty = none" if c.name == "failure_type" else c.accepts
        lines.append(f"| `{c.name}` | {req} | {accepts} | {syn} | {c.description} |")
    return "\n".join(lines)
