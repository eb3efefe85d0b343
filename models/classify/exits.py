"""Obstacles to leaving: a text that says cancelling, porting or switching was hard or refused.

DESIGN.md's taxonomy puts a customer kept from leaving among the *process* failures (a policy
refusal, a request not processed, a wait); the product or service the customer wanted to leave is
only the object of the sentence. A bag of words sees the object's strong words instead: "problemas
para darse de baja del servicio de Internet" reads as an internet outage, "problems when switching
provider" as a product defect, because "internet", "servicio" and "problems" speak for quality in
the corpus far more often than "baja" or "switching" speak for anything.

:func:`mark_exit_obstacles_all` appends the pseudo-word :data:`EXIT` when a word of difficulty or
refusal ("problemas", "dificultades", "trabas", "no me dejan", "trouble", "unable", "refused") comes
at most :data:`WINDOW` words before an act of leaving ("darse de baja", "cancelar", "portabilidad",
"cancelling", "switching provider", "close my account"), or right after one ("baja no tramitada",
"cancellation refused"). The classifier learns the mark's weight from the training rows that carry
it, like any other feature. "Baja" alone is not an act of leaving — "señal baja", "baja calidad"
are quality — so it counts only after an article or "dar de" ("la baja", "darse de baja",
"solicitud de baja") or opening a text ("Baja no tramitada"); "port" and "switch" count only as verbs of changing provider.

Input is normalised text (:func:`models.classify.text.normalize_text`: lower case, no accents).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

EXIT = "ǂǂexit"


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


WINDOW = 5
"""How many words before an act of leaving a difficulty word may stand ("problems that occur when
switching": three between)."""
AFTER = 3
"""How many words after an act of leaving a refusal may stand ("baja no tramitada")."""

_HARD_WORDS = _set("""problema problemas dificultad dificultades dificil dificiles complicado complicada complicacion
    complicaciones traba trabas obstaculo obstaculos impedimento impedimentos impiden impide imposible
    imposibilidad negativa negativas negaron niegan niega rechazo rechazan rechazaron demoras
    retraso retrasos trouble troubles problem problems difficulty difficulties difficult hard harder
    unable impossible obstacle obstacles barrier barriers refused refusal refuse refuses denied
    hassle struggle struggled struggling""")
_HARD_PHRASES = (
    ("no", "me", "dejan"),
    ("no", "me", "dejaron"),
    ("no", "dejan"),
    ("no", "permiten"),
    ("no", "me", "permiten"),
    ("no", "pude"),
    ("no", "puedo"),
    ("no", "se", "puede"),
    ("can", "t"),
    ("cannot",),
    ("couldn", "t"),
    ("won", "t", "let"),
    ("wouldn", "t", "let"),
    ("not", "able"),
    ("no", "way", "to"),
)
_REFUSED_AFTER = _set("""rechazada rechazado rechazadas denegada denegado negada negado pendiente pendientes refused
    denied rejected""")
_NOT_DONE_AFTER = _set("tramitada tramitado procesada procesado atendida aceptada processed honored")

_EXIT_WORDS = _set("""cancelar cancelarlo cancelarla cancelacion cancelaciones cancelo rescindir rescision desistimiento
    portabilidad portar portarme portarse baja bajas darse darme darnos cancel cancels cancelling
    canceling cancellation cancellations unsubscribe unsubscribing switching porting terminate
    terminating termination""")
_BAJA = _set("baja bajas")
_DAR = _set("darse darme darnos")
_SWITCH_VERBS = _set("switch port")
_CLOSE_VERBS = _set("close closing cerrar")
ACT_WORDS = _EXIT_WORDS | _BAJA | _DAR | _SWITCH_VERBS | _CLOSE_VERBS
"""Every word :func:`_is_exit` can accept (the rest of the text decides whether it does)."""
_ARTICLES = _set("la las una su mi tu de")
_LOW_THINGS = _set("calidad velocidad presion cobertura intensidad senal tension potencia temperatura")
"""What "baja" describes when it means low ("baja calidad", "baja señal")."""
_SWITCH_OBJECTS = _set(
    "provider providers supplier suppliers carrier carriers company network networks plan plans to away"
)
_TOKENS = re.compile(r"\w+|[,.;:!?()/|-]")
_MAY_EXIT = re.compile(r"baja|cancel|port|switch|dar[smn]|resci|desist|unsubscrib|terminat|clos|cerrar")
"""A part of every word of :data:`ACT_WORDS`: most texts hold none, and skip the tokenising
(it cost about 10 s per million notes; a test keeps the two in step)."""
_BARRIERS = _set(""", . ; : ! ? ( ) / | - y e and so then entonces porque because pero but aunque although solicita
    solicito solicitan pide pidio piden pedimos quiere quiero requests requested request wants want asks
    asked tramita gestiona""")
"""Tokens that end the clause of a difficulty word: "problemas técnicos, solicita la baja" and
"problems with the line so cancelling" give a reason and then leave; they meet no obstacle."""


def _is_exit(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is an act of leaving."""
    w = words[i]
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in _BAJA:
        # "la baja", "darse de baja", "solicitud de baja" — not "señal baja", "de baja calidad"
        return (i == 0 or prev in _ARTICLES) and nxt not in _LOW_THINGS
    if w in _DAR:
        return nxt == "de" and i + 2 < len(words) and words[i + 2] == "baja"
    if w in _SWITCH_VERBS:
        return nxt in _SWITCH_OBJECTS or nxt in ("my", "our", "the")
    if w in _CLOSE_VERBS and nxt in ("my", "the", "an", "our", "mi", "la"):
        return i + 2 < len(words) and words[i + 2] in ("account", "cuenta", "line", "linea")
    return w in _EXIT_WORDS


def _hard_at(words: list[str], i: int) -> bool:
    if words[i] in _HARD_WORDS:
        return True
    return any(tuple(words[i : i + len(p)]) == p for p in _HARD_PHRASES)


def has_exit_obstacle(text: str) -> bool:
    """Whether the normalised ``text`` says leaving was hard or refused."""
    if not _MAY_EXIT.search(text):
        return False
    words = _TOKENS.findall(text)
    exits = [i for i in range(len(words)) if _is_exit(words, i)]
    if not exits:
        return False
    hard = [i for i in range(len(words)) if _hard_at(words, i)]
    for e in exits:
        if any(e - WINDOW <= h < e and _BARRIERS.isdisjoint(words[h + 1 : e]) for h in hard):
            return True
        after = words[e + 1 : e + 1 + AFTER]
        if not _REFUSED_AFTER.isdisjoint(after):
            return True
        if any(a in _NOT_DONE_AFTER and b == "no" for b, a in itertools.pairwise(after)):
            return True
    return False


def mark_exit_obstacles_all(marked: Iterable[str], normalized: Iterable[str]) -> list[str]:
    """``marked`` texts (normalised, perhaps with cue words appended) with :data:`EXIT` appended
    where their ``normalized`` form says leaving was hard or refused."""
    return [f"{m} {EXIT}" if n and has_exit_obstacle(n) else m for m, n in zip(marked, normalized)]
