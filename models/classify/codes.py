"""Opaque reason codes: a reason that is only a code, which only its company can read.

CRM and billing exports often write a reason as a number and a word that says it is one —
"Motivo 17", "Causa 3", "Reason code 7", "Código 4521", "ZX-17", "Tipo 2". The customer gave a
reason; the export did not spell it out. The model reads the generic word ("motivo", "code",
"tipo") as the stuff non-answers are made of and answered not_stated at 0.99: the Overview then
counted those customers as having given no reason. Such a text is neither a reason the model can
read nor a non-answer, so it is unclassified, and the review page lists it for the analyst, who
knows what code 17 means (tests/test_exit_reasons.py holds the product to it).

A text is an opaque code when every one of its words is a *code word* (:data:`CODE_WORDS`) or an
*identifier* (digits, optionally after a prefix of up to four letters, as in "zx-17", "b07",
"rc104"), with at least one identifier, and no identifier of zeros only: a zero code ("Code 00",
"Motivo de baja: Codigo 00", and "CODE 00 #3204090" with its ticket number) is the exports' own
"no reason" and stays with the model, as does any text with one real word in it ("Sin razón (cód.
112)", "Cod. 23 - Otros", "17 días esperando", "Churn reason: no reason #8783753").
"""

from __future__ import annotations

import re

from models.classify.text import normalize_text

CODE_WORDS = frozenset(
    [
        "code",
        "codes",
        "codigo",
        "codigos",
        "cod",
        "coding",
        "reason",
        "reasons",
        "motivo",
        "motivos",
        "causa",
        "causas",
        "causal",
        "razon",
        "tipo",
        "type",
        "category",
        "categoria",
        "cat",
        "id",
        "num",
        "number",
        "numero",
        "nro",
        "ref",
        "baja",
        "bajas",
        "cancel",
        "cancellation",
        "cancelacion",
        "churn",
        "exit",
        "salida",
        "de",
        "del",
        "of",
    ]
)
"""Words that only say a text is a code (accent-free, lower-case, as :func:`normalize_text`
writes them): English and Spanish for code, reason, cause, type, category, number and
cancellation, and the prepositions that join them ("motivo de baja"). Not "no", though "Nº"
normalises to it: "no reason" is a non-answer."""

MAX_WORDS = 6
"""Longer texts are not codes: a code is a word or two and a number."""
MAX_CHARS = 48
"""Nor are texts of more characters (callers skip them without splitting them into words)."""

_IDENTIFIER = re.compile(r"[a-z]{0,4}[-_/]?[0-9][a-z0-9\-_/]*")
_SPLIT = re.compile(r"[\s.:;,()\[\]{}#\"']+")  # "(cód. 112)", "#7", "motivo:", "cod.baja"
_NONZERO = re.compile(r"[1-9]")


def is_opaque_code(text: str) -> bool:
    """Whether ``text`` is only a code (see the module docstring)."""
    return opaque_normalized(normalize_text(text))


def opaque_normalized(normalized: str) -> bool:
    """:func:`is_opaque_code` of a text :func:`normalize_text` has already normalised."""
    if len(normalized) > MAX_CHARS or _NONZERO.search(normalized) is None:
        return False
    words = [w for w in _SPLIT.split(normalized) if w]
    if not 0 < len(words) <= MAX_WORDS:
        return False
    rest = [w for w in words if w not in CODE_WORDS]  # must all be identifiers, none of zeros only
    return bool(rest) and all(_IDENTIFIER.fullmatch(w) and _NONZERO.search(w) for w in rest)
