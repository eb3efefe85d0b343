"""Cue words: what a contact's *tone* says, pooled across languages and spellings.

The failure families are told apart by what a text is about (a price, a wait, a technician); a
contact that is no failure is often about the same things and differs only in its tone: it asks
("¿cuánto cuesta el plan anual?"), thanks ("gracias, todo perfecto"), or says that what was
promised happened ("llegó en el plazo que dijeron"). In a bag of words that tone is a handful of
scattered, rare tokens against the topic's strong ones, and the question mark is no token at all.

:func:`mark_cues` appends one pseudo-word per kind of cue found, so the model sees a single
feature for every way of asking, thanking or saying that all went well, in both languages and
with the corpus's typos and abbreviations. A cue preceded by a negation ("no fue fácil", "not
resolved", "sin solución") is not marked. The pseudo-words are written in letters no real word
uses: ``ǂ`` (U+01C2, a click letter of Khoekhoe) opens each of them (``ǂǂquestion``…), so neither
they nor their character n-grams can collide with a note's own words (an earlier ``zz`` prefix
made "zzz" read as a thanks).

Input is normalised text (:func:`models.classify.text.normalize_text`: lower case, no accents).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

QUESTION = "ǂǂquestion"
THANKS = "ǂǂthanks"
FINE = "ǂǂfine"
KEPT = "ǂǂkept"
SOUR = "ǂǂsour"

# Irony and annoyance: "thanks @Brand 🙃", "great service... not". Where these show, a thanks or a
# "great" is not taken at its word (no THANKS or FINE cue), and the text gets the SOUR cue.
_SOUR = re.compile(
    r"[\U0001F643\U0001F644\U0001F612\U0001F621\U0001F624\U0001F62D\U0001F620\U0001F92C\U0001F926\U0001F921\U0001F44E\U0001F494]"
    r"|\b(?:smh|ugh|wtf|fail|epic fail|thanks for nothing|gracias por nada|not!|yeah right|si claro|sarcasm|ironia)\b"
)
_WORD = re.compile(r"\w\w")

_NEGATION = re.compile(r"\b(?:no|not|never|nunca|sin|ni|nadie|nothing|nada|dont|didnt|isnt|wasnt|n't)\b")

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        THANKS,
        re.compile(
            r"\b(?:gracias|grax|grx|thanks|thank you|thankyou|thx|tks|ty|cheers|agradec\w*|agradezco"
            r"|thanked|thanking|grateful|agradecid[oa]|felicit\w*|compliment\w*|kudos|shout ?out"
            r"|reconocimiento|elogio\w*|praise\w*|commend\w*)\b"
        ),
    ),
    (
        FINE,
        re.compile(
            r"\b(?:sin (?:problemas?|inconvenientes?|novedad)|todo (?:bien|ok|okey|perfecto|en orden|correcto)"
            r"|all good|all fine|no (?:complaints?|issues?|problems?)|ningun problema|easy|facil|perfect[oa]?"
            r"|great|genial|excelente|excellent|amazing|lovely|helpful|muy amable|amabilisim[oa]"
            r"|rapidisimo|super rapido|in no time|conforme|satisfech[oa]|satisfied|happy|contento|contenta"
            r"|resuelto|resolved|solucionado|sorted|fixed|funciona (?:todo|bien|perfecto)|works (?:great|fine|well))\b"
        ),
    ),
    (
        KEPT,
        re.compile(
            r"\b(?:as (?:promised|agreed|scheduled|they said|quoted)|like they said|when they said"
            r"|on time|a tiempo|en (?:el|su) plazo|dentro del plazo|como (?:prometieron|dijeron|acordado|quedamos)"
            r"|(?:lo|la) que (?:prometieron|dijeron)|antes de lo (?:previsto|prometido)|ahead of schedule"
            r"|earlier than (?:expected|promised)|came through|llego (?:el|cuando|a tiempo)|arrived (?:on|when))\b"
        ),
    ),
)


def _negated(text: str, start: int) -> bool:
    """Whether one of the three words before ``start`` is a negation."""
    before = text[max(0, start - 30) : start].split()[-3:]
    return bool(_NEGATION.search(" ".join(before)))


def mark_cues(text: str) -> str:
    """``text`` with a pseudo-word appended for each kind of cue it holds (none: unchanged)."""
    if not _WORD.search(text):  # no word of two letters ("?", "-"): a non-answer, whatever its marks
        return text
    found = []
    if "?" in text or "¿" in text:
        found.append(QUESTION)
    sour = bool(_SOUR.search(text))
    if sour:
        found.append(SOUR)
    for token, pattern in _CUES:
        if sour and token in (THANKS, FINE):
            continue
        for match in pattern.finditer(text):
            if not _negated(text, match.start()):
                found.append(token)
                break
    return f"{text} {' '.join(found)}" if found else text


def mark_cues_all(texts: Iterable[str]) -> list[str]:
    """:func:`mark_cues` over normalised texts."""
    return [mark_cues(t) if t else t for t in texts]
