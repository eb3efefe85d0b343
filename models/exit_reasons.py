"""What leaving customers said, read into failure families — with the user's word first.

Exports carry a customer's stated exit reason as a code from a short list ("Actitud del asesor",
"Competitor made better offer", "Otro"): a few dozen distinct values behind thousands of
customers. The notes classifier reads them, but on code lists worded by others it is right about
six times in ten (bench/README.md, "Code lists worded by others"), and one misread code moves
every customer who gave it. So the list is short enough to check by hand, and what a person
decides wins: :func:`read_exit_reasons` takes, for each reason, the user's correction of that
text if there is one (the Review page stores them in ``label_corrections``, as for notes), else
"not stated" for a placeholder ("Otro", "N/A"), else the classifier's reading.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analytics.taxonomy import FAMILIES

REASON_FAMILIES: tuple[str, ...] = (*FAMILIES, "none", "not_stated")
"""What a stated exit reason can be read as: a failure family, no failure ("moving abroad"), or
no reason given ("No sé")."""

NOT_STATED_PLACEHOLDERS = frozenset(
    {
        "otro",
        "otros",
        "otra",
        "other",
        "others",
        "n/a",
        "na",
        "n.a.",
        "nd",
        "n/d",
        "sin motivo",
        "sin dato",
        "sin datos",
        "sin informacion",
        "no especifica",
        "no especificado",
        "no indica",
        "no informa",
        "no sabe",
        "no responde",
        "desconocido",
        "unknown",
        "not stated",
        "no reason",
        "none given",
        "-",
        "--",
        ".",
        "?",
    }
)
"""Exit-reason values that say nothing (after lower-casing and removing accents): export systems
fill "Otro", "N/A" or "no especifica" where the customer gave no reason. They count as
``not_stated``; the classifier would otherwise guess a family from a word that carries none."""

SOURCES = ("correction", "placeholder", "model")
"""Where a reason's reading comes from, in order of precedence."""

CHECK_BELOW = 0.9
"""A reading the model gives with less probability than this is worth a person's look first. On
the 2,302 exit-reason values worded by others that the shipped model was never trained on, 47 %
of its readings under 0.9 (unclassified ones counted as wrong) were right, against 91 % of those at
or above (bench/README.md, "Where issue 17 stands"); a leaving customer's reason moves the
Overview's stated-reason split, so these are the readings to check before the others."""


def unsure_readings(read: pd.DataFrame, below: float = CHECK_BELOW) -> pd.Series:
    """Which readings of :func:`read_exit_reasons` (or a frame with its ``family``,
    ``probability`` and ``source`` columns) a person should check first: those the model made
    (not a person's choice, not a placeholder such as a blank or "N/A") with a probability under
    ``below``, or left unclassified.

    Parameters
    ----------
    below : float
        The probability under which a reading is to check (default :data:`CHECK_BELOW`).
    """
    if not 0.0 < below <= 1.0:
        raise ValueError(f"below must be a probability in (0, 1]; got {below!r}.")
    if read.empty:
        return pd.Series(False, index=read.index, dtype=bool)
    by_model = read["source"] == "model"
    return by_model & ((read["probability"].astype(float) < below) | (read["family"] == "unclassified"))


def is_placeholder(normalized: str) -> bool:
    """True for an empty value or one of :data:`NOT_STATED_PLACEHOLDERS` (``normalized`` as
    :func:`models.classify.normalize_text` gives it)."""
    return normalized.strip() in NOT_STATED_PLACEHOLDERS or not normalized.strip()


def read_exit_reasons(
    texts: Iterable[str], corrections: pd.DataFrame | None = None, classifier=None
) -> pd.DataFrame:
    """Read distinct stated exit reasons: one row per text, columns ``text``, ``family`` (one of
    :data:`REASON_FAMILIES` or ``unclassified``), ``probability`` (the classifier's, 1.0 for a
    correction or a placeholder) and ``source`` (one of :data:`SOURCES`).

    Parameters
    ----------
    texts : iterable of str
        The reasons as written; they are compared after :func:`models.classify.normalize_text`
        (case, accents, spacing), so "ACTITUD DEL ASESOR" takes the correction of "Actitud del asesor".
    corrections : DataFrame, optional
        The user's labels (``text``, ``family``; :func:`models.labels.corrections`); the last one
        of a text wins.
    classifier : NoteClassifier, optional
        Default: the shipped model (:func:`models.classify.default_classifier`).
    """
    from models.classify import classify_exit_reasons, normalize_texts

    texts = [str(t) for t in texts]
    normalized = [n.strip() for n in normalize_texts(texts)]
    chosen: dict[str, str] = {}
    if corrections is not None and len(corrections):
        for norm, fam in zip(normalize_texts(corrections["text"]), corrections["family"]):
            chosen[norm.strip()] = str(fam)
    out = pd.DataFrame({"text": texts, "family": "not_stated", "probability": 1.0, "source": "placeholder"})
    corrected = [n in chosen for n in normalized]
    out.loc[corrected, "family"] = [chosen[n] for n, c in zip(normalized, corrected) if c]
    out.loc[corrected, "source"] = "correction"
    to_read = [not c and not is_placeholder(n) for n, c in zip(normalized, corrected)]
    if any(to_read):
        read = classify_exit_reasons([t for t, r in zip(texts, to_read) if r], classifier=classifier)
        out.loc[to_read, "family"] = read["family"].to_numpy()
        out.loc[to_read, "probability"] = read["probability"].astype(float).to_numpy()
        out.loc[to_read, "source"] = "model"
    return out
