"""Free-text failure classification: agent notes, complaints and exit reasons → family and subtype.

The structured signals (transfers, waits, repeat contacts…) are read elsewhere; this package reads
what people wrote, in Spanish or English, and says which failure family it describes
(``attitude``, ``process``, ``price``, ``quality``), ``none`` when the text is not about a service
failure at all ("cliente consulta saldo, se resuelve", "moving abroad"), ``not_stated`` when it
gives no reason at all ("No sé", "Otro", "Prefer not to say"), or ``unclassified`` when the model
is not sure enough — those rows are listed for review instead of guessed. Probabilities are
calibrated on held-out folds, and a text that shares little with anything the model knows
comes out unclassified rather than confidently guessed.

One module per job:

* :mod:`~models.classify.text` — normalisation (lower case, accents stripped, whitespace);
* :mod:`~models.classify.classes` — the label space and :func:`parse_labels` (English/Spanish);
* :mod:`~models.classify.tfidf` — the hashed TF-IDF engine (the fitted scikit-learn features
  recomputed with numpy, about 10× faster);
* :mod:`~models.classify.estimator` — :class:`NoteClassifier`;
* :mod:`~models.classify.calibration` — probabilities calibrated on held-out folds, tempered
  by how much of a text's wording the model knows;
* :mod:`~models.classify.cache` — the disk cache of fitted models;
* :mod:`~models.classify.default` — the shipped corpus and model, :func:`refine`, and the
  helpers that classify exit reasons and command-line input;
* :mod:`~models.classify.evaluation` — :func:`evaluate` and :func:`format_report`.
"""

from models.classify.calibration import FamiliarityTemperature
from models.classify.classes import FAMILY_CLASSES, NONE, NOT_STATED, UNCLASSIFIED, parse_labels
from models.classify.default import (
    CORPUS_PATH,
    classify_exit_reasons,
    classify_lines,
    default_classifier,
    load_corpus,
    refine,
)
from models.classify.estimator import NoteClassifier
from models.classify.evaluation import EVAL_FAMILIES, evaluate, family_scores, format_report
from models.classify.text import normalize_text, normalize_texts
from models.classify.tfidf import CHAR_NGRAMS, WORD_NGRAMS

__all__ = [
    "CHAR_NGRAMS",
    "CORPUS_PATH",
    "EVAL_FAMILIES",
    "FAMILY_CLASSES",
    "NONE",
    "NOT_STATED",
    "UNCLASSIFIED",
    "WORD_NGRAMS",
    "FamiliarityTemperature",
    "NoteClassifier",
    "classify_exit_reasons",
    "classify_lines",
    "default_classifier",
    "evaluate",
    "family_scores",
    "format_report",
    "load_corpus",
    "normalize_text",
    "normalize_texts",
    "parse_labels",
    "refine",
]
