"""Failure taxonomy: families and subtypes, with labels in English and Spanish.

This module is the single source of the vocabulary used by the data contract (which values
``failure_type`` accepts), the classifier (its label space), the demo generator and the pages.
It holds data only and imports nothing from the rest of the project.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FAMILIES: tuple[str, ...] = ("attitude", "process", "price", "quality")
"""Failure families in display order. ``attitude`` and ``process`` are the service failures."""

SERVICE_FAMILIES: tuple[str, ...] = ("attitude", "process")
COMMERCIAL_FAMILIES: tuple[str, ...] = ("price", "quality")

FAMILY_LABELS: dict[str, dict[str, str]] = {
    "attitude": {"en": "Attitude", "es": "Actitud"},
    "process": {"en": "Process", "es": "Proceso"},
    "price": {"en": "Price", "es": "Precio"},
    "quality": {"en": "Quality", "es": "Calidad"},
    "none": {"en": "No failure", "es": "Sin fallo"},
    "unclassified": {"en": "Unclassified", "es": "Sin clasificar"},
}

FAMILY_SYNONYMS: dict[str, str] = {
    "attitude": "attitude",
    "actitud": "attitude",
    "trato": "attitude",
    "process": "process",
    "proceso": "process",
    "procesos": "process",
    "price": "price",
    "precio": "price",
    "precios": "price",
    "quality": "quality",
    "calidad": "quality",
}


@dataclass(frozen=True)
class Subtype:
    """One kind of failure within a family."""

    key: str
    family: str
    label_en: str
    label_es: str
    description_en: str
    description_es: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        return self.label_es if lang == "es" else self.label_en


SUBTYPES: tuple[Subtype, ...] = (
    # --- attitude -------------------------------------------------------------------------
    Subtype(
        "rude",
        "attitude",
        "Rude or indifferent",
        "Grosero o indiferente",
        "Staff were rude, hung up, or served grudgingly.",
        "El personal fue grosero, colgó o atendió de mala gana.",
        ("rudeness", "indifferent", "grosero", "mala_atencion", "descortes"),
    ),
    Subtype(
        "not_listening",
        "attitude",
        "Not listening / no empathy",
        "No escucha / sin empatía",
        "The customer was not listened to; no empathy shown.",
        "No se escuchó al cliente; no hubo empatía.",
        ("no_empathy", "no_escucha", "sin_empatia"),
    ),
    Subtype(
        "blaming_customer",
        "attitude",
        "Blaming the customer",
        "Culpar al cliente",
        "Staff blamed the customer for the problem.",
        "El personal culpó al cliente del problema.",
        ("blame", "culpa_cliente", "culpar_cliente"),
    ),
    Subtype(
        "scripted_refusal",
        "attitude",
        "Scripted refusal",
        "Negativa de guion",
        "A scripted 'I understand, but…' refusal with no real effort.",
        "Negativa de guion ('yo entiendo y créame que quisiera ayudarle pero…') sin esfuerzo real.",
        ("scripted", "negativa_guion", "guion"),
    ),
    Subtype(
        "impersonal",
        "attitude",
        "Impersonal treatment",
        "Trato impersonal",
        "Called by account number, no greeting, treated as a case not a person.",
        "Lo llamaron por número de cuenta, sin saludo; un caso y no una persona.",
        ("trato_impersonal",),
    ),
    Subtype(
        "lack_of_knowledge",
        "attitude",
        "Lack of knowledge",
        "Falta de conocimiento",
        "Staff did not know the product or the procedure ('I'm new').",
        "El personal no conocía el producto o el trámite ('yo soy nuevo').",
        ("no_knowledge", "falta_conocimiento", "desconocimiento"),
    ),
    Subtype(
        "aggressive_selling",
        "attitude",
        "Aggressive selling",
        "Venta agresiva",
        "Pushy upselling instead of solving the problem.",
        "Insistencia en vender en lugar de resolver el problema.",
        ("pushy_sales", "venta_agresiva"),
    ),
    # --- process --------------------------------------------------------------------------
    Subtype(
        "policy_refusal",
        "process",
        "Policy refusal",
        "Negativa por política",
        "'We are not authorised', 'the system does not allow it'.",
        "'No estamos autorizados', 'la compañía no lo permite', 'el sistema no lo permite'.",
        ("policy", "no_autorizado", "negativa_politica", "politica"),
    ),
    Subtype(
        "handoff",
        "process",
        "Hand-off / transfer",
        "Transferencia entre áreas",
        "Passed to another department or agent ('another area handles that').",
        "Derivado a otra área o agente ('eso lo maneja otra área').",
        ("transfer", "hand_off", "transferencia", "derivacion", "otra_area"),
    ),
    Subtype(
        "repeat_contact",
        "process",
        "Repeat contact",
        "Contacto repetido",
        "Not solved on first contact; the customer had to come back.",
        "No se resolvió en el primer contacto; el cliente tuvo que volver.",
        ("repeat", "recontacto", "contacto_repetido", "reincidencia"),
    ),
    Subtype(
        "long_wait",
        "process",
        "Long wait / phone menus",
        "Espera larga / menús telefónicos",
        "Long queues, hold time or phone menus.",
        "Colas largas, tiempo en espera o menús telefónicos.",
        ("wait", "espera", "espera_larga", "demora"),
    ),
    Subtype(
        "broken_promise",
        "process",
        "Broken promise",
        "Promesa incumplida",
        "A promised delivery, visit or call-back that did not happen on time.",
        "Una entrega, visita o llamada prometida que no llegó a tiempo.",
        ("promise", "promesa_incumplida", "incumplimiento"),
    ),
    Subtype(
        "no_follow_up",
        "process",
        "No follow-up",
        "Sin seguimiento",
        "Nobody followed up on an open case.",
        "Nadie hizo seguimiento del caso abierto.",
        ("follow_up", "sin_seguimiento"),
    ),
    Subtype(
        "escalation_blocked",
        "process",
        "Escalation blocked",
        "Escalamiento bloqueado",
        "No supervisor or decision-maker could be reached.",
        "No se pudo hablar con un supervisor ni con quien decide.",
        ("escalation", "escalamiento", "escalamiento_bloqueado", "sin_supervisor"),
    ),
    Subtype(
        "billing_error",
        "process",
        "Billing or paperwork error",
        "Error de facturación o trámite",
        "Wrong bill, lost paperwork, data entry mistakes.",
        "Factura errónea, papeles perdidos, errores de registro.",
        ("billing", "error_facturacion", "facturacion", "tramite"),
    ),
    # --- price ----------------------------------------------------------------------------
    Subtype(
        "price_too_high",
        "price",
        "Price too high",
        "Precio muy alto",
        "The customer finds the price too high.",
        "El cliente considera el precio demasiado alto.",
        ("expensive", "caro", "precio_alto"),
    ),
    Subtype(
        "unexpected_charges",
        "price",
        "Unexpected charges",
        "Cargos inesperados",
        "Extra or unexpected charges on the bill.",
        "Cargos extra o inesperados en la factura.",
        ("extra_charges", "cargos", "cargos_inesperados", "cobros_extra"),
    ),
    Subtype(
        "competitor_cheaper",
        "price",
        "Competitor's cheaper offer",
        "Oferta más barata de la competencia",
        "A competitor offers a lower price.",
        "La competencia ofrece un precio menor.",
        ("competitor_price", "competencia_precio", "competencia_barata"),
    ),
    # --- quality --------------------------------------------------------------------------
    Subtype(
        "product_defect",
        "quality",
        "Product defect",
        "Defecto del producto",
        "Faulty device or product.",
        "Equipo o producto defectuoso.",
        ("defect", "defecto", "averia_equipo"),
    ),
    Subtype(
        "outage",
        "quality",
        "Outage or unreliable service",
        "Caídas o servicio inestable",
        "Service outages, slow or unreliable service.",
        "Cortes, lentitud o servicio inestable.",
        ("service_outage", "caida", "caidas", "corte", "cortes", "sin_servicio"),
    ),
    Subtype(
        "competitor_better",
        "quality",
        "Competitor's better product",
        "Mejor producto de la competencia",
        "A competitor offers a better product or coverage.",
        "La competencia ofrece mejor producto o cobertura.",
        ("competitor_quality", "competencia_mejor"),
    ),
)

SUBTYPES_BY_KEY: dict[str, Subtype] = {s.key: s for s in SUBTYPES}


# Combining diacritical marks, U+0300–U+036F, except U+034F (the grapheme joiner, combining class 0,
# which the per-character rule below keeps): the same set that rule removes in that block.
_COMBINING = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def strip_accents(text: str) -> str:
    """``text`` without its accents: compatibility-decomposed (NFKD), combining marks removed.

    ``"Atención, señal, ÉXITO"`` → ``"Atencion, senal, EXITO"``. Case is kept. Letters with no
    decomposition (ß, ø, emoji) stay as they are; compatibility forms are unfolded ("ﬁ" → "fi",
    "²" → "2"). The one accent stripper of the project: the taxonomy's label lookup, the
    classifier's normalisation and the corpus builder all use it, so a word matches the same way
    everywhere.
    """
    s = unicodedata.normalize("NFKD", text)
    if s.isascii():
        return s
    # the common accents (U+0300–U+036F) in one C-level pass; the per-character check only
    # for the rare combining marks outside that block
    s = _COMBINING.sub("", s)
    if s.isascii():
        return s
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def normalize_token(text: str) -> str:
    """Lower-case, strip accents and turn every run of non-alphanumerics into ``_``.

    ``"Espera  larga"`` and ``"espera_larga"`` and ``"ESPERA-LARGA"`` all become ``espera_larga``.
    """
    plain = strip_accents(str(text)).lower()
    out = []
    prev_sep = False
    for ch in plain:
        if ch.isalnum():
            out.append(ch)
            prev_sep = False
        elif not prev_sep:
            out.append("_")
            prev_sep = True
    return "".join(out).strip("_")


def _build_subtype_lookup() -> dict[str, Subtype]:
    lookup: dict[str, Subtype] = {}
    for s in SUBTYPES:
        for name in (s.key, s.label_en, s.label_es, *s.synonyms):
            lookup[normalize_token(name)] = s
    return lookup


_SUBTYPE_LOOKUP = _build_subtype_lookup()


def parse_failure_type(value: str | None) -> tuple[str, str | None] | None:
    """Read a coded failure label: a family or subtype, in English or Spanish.

    Returns ``(family, subtype_or_None)``, ``("none", None)`` for explicit "no failure" codes, or
    ``None`` when the value is not part of the taxonomy. Empty input means "no failure coded" and
    returns ``("none", None)``.
    """
    if value is None:
        return ("none", None)
    token = normalize_token(value)
    if token in ("", "none", "ninguno", "ninguna", "no", "sin_fallo", "nan", "null", "na", "n_a"):
        return ("none", None)
    if token in FAMILY_SYNONYMS:
        return (FAMILY_SYNONYMS[token], None)
    sub = _SUBTYPE_LOOKUP.get(token)
    if sub is not None:
        return (sub.family, sub.key)
    # "process/handoff", "proceso - espera larga": family then subtype
    for sep in ("_",):
        head, _, tail = token.partition(sep)
        if head in FAMILY_SYNONYMS and tail:
            sub = _SUBTYPE_LOOKUP.get(tail)
            if sub is not None and sub.family == FAMILY_SYNONYMS[head]:
                return (sub.family, sub.key)
    return None


def accepted_failure_values() -> list[str]:
    """The values ``failure_type`` accepts, for error messages and docs."""
    return [*FAMILIES, "actitud", "proceso", "precio", "calidad", *(s.key for s in SUBTYPES)]


def subtypes_of(family: str) -> list[Subtype]:
    return [s for s in SUBTYPES if s.family == family]


def family_label(family: str, lang: str = "en") -> str:
    return FAMILY_LABELS.get(family, {"en": family, "es": family})[lang if lang in ("en", "es") else "en"]


@dataclass(frozen=True)
class Preset:
    """A named lever from the field, built from subtypes: reducing it by a fraction reduces each of
    its subtypes' failures by that fraction."""

    key: str
    subtypes: tuple[str, ...]
    label_en: str
    label_es: str
    sentence_en: str
    sentence_es: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str = "en") -> str:
        return self.label_es if lang == "es" else self.label_en

    def sentence(self, lang: str = "en") -> str:
        return self.sentence_es if lang == "es" else self.sentence_en


PRESETS: tuple[Preset, ...] = (
    Preset(
        "empowerment",
        ("policy_refusal", "escalation_blocked"),
        "Empowerment",
        "Empoderamiento",
        "Let front-line staff decide: fewer 'we are not authorised' refusals and blocked escalations.",
        "Que el personal de primera línea decida: menos 'no estamos autorizados' y menos escalamientos bloqueados.",
        ("empoderamiento", "empowered_staff"),
    ),
    Preset(
        "first_contact_resolution",
        ("repeat_contact", "handoff"),
        "First-contact resolution",
        "Resolución en el primer contacto",
        "Solve it on the first contact: fewer repeat contacts and hand-offs between areas.",
        "Resolver en el primer contacto: menos contactos repetidos y menos derivaciones entre áreas.",
        ("fcr", "resolucion_primer_contacto", "primer_contacto"),
    ),
    Preset(
        "keep_promises",
        ("broken_promise", "no_follow_up"),
        "Keep promises",
        "Cumplir lo prometido",
        "Do what was promised, on time, and follow up: fewer broken promises and unanswered cases.",
        "Cumplir lo prometido a tiempo y hacer seguimiento: menos promesas incumplidas y casos sin respuesta.",
        ("cumplir_promesas", "cumplir_lo_prometido", "promises"),
    ),
    Preset(
        "waits",
        ("long_wait",),
        "Shorter waits",
        "Esperas más cortas",
        "Answer sooner: fewer long queues, holds and phone menus.",
        "Atender antes: menos colas largas, esperas en línea y menús telefónicos.",
        ("esperas", "wait", "shorter_waits", "esperas_cortas"),
    ),
)
"""Named levers for scenarios (DESIGN.md's "Scenarios, precisely"), each with a plain sentence in
both languages."""

PRESETS_BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}


def parse_preset(name: str) -> Preset | None:
    """A preset by key, label or synonym (English or Spanish), or None."""
    token = normalize_token(name)
    for p in PRESETS:
        if token in {p.key, normalize_token(p.label_en), normalize_token(p.label_es), *p.synonyms}:
            return p
    return None
