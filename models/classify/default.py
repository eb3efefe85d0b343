"""The shipped model: the corpus it trains on, the shared fitted instance, and what uses it.

:func:`default_classifier` is the model every caller shares (fitted once, kept on disk by
:mod:`models.classify.cache`); :func:`refine` adds the user's labelled rows;
:func:`classify_exit_reasons` and :func:`classify_lines` are the two ways the product reads
texts with it (stated exit reasons, and the command line's ``classify --texts``).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from models.classify.cache import cached_model, source_digest
from models.classify.classes import NOT_STATED
from models.classify.estimator import NoteClassifier
from models.classify.text import as_list, normalize_text

PACKAGE_DIR = Path(__file__).resolve().parent
CORPUS_PATH = PACKAGE_DIR.parent / "corpus" / "notes_train.csv"


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped bilingual training corpus: columns text, lang, family, subtype ("" where the row
    names only a family, and for none and not_stated) and group (rows built from one hand-written
    clause share it)."""
    return pd.read_csv(path or CORPUS_PATH, dtype=str, keep_default_na=False, encoding="utf-8")


def _default_model_key() -> str:
    """Changes whenever the fitted default model could: the corpus, the package's code, or the
    versions of the libraries whose objects the pickle holds."""
    return source_digest([CORPUS_PATH, *sorted(PACKAGE_DIR.glob("*.py"))])


def _fit_default() -> NoteClassifier:
    corpus = load_corpus()
    groups = corpus.get("group")  # rows built from one clause: kept in one calibration fold
    return NoteClassifier().fit(corpus["text"], corpus["family"], corpus["subtype"], groups=groups)


@functools.lru_cache(maxsize=1)
def default_classifier() -> NoteClassifier:
    """A :class:`NoteClassifier` trained on the shipped corpus.

    Fitting takes several seconds, so the fitted model is also kept on disk
    (:func:`models.classify.cache.cache_dir`), keyed by the corpus, this package's code and the
    library versions: later processes — each command-line call, each dashboard start — load it
    in a fraction of a second. A missing, stale or unreadable cache file is simply refitted; a
    cache directory that cannot be written is skipped.

    The returned object is shared: do not call ``fit`` or ``set_params`` on it. Use
    ``predict(texts, threshold=...)`` for another threshold and :func:`refine` or
    :meth:`NoteClassifier.with_corrections` for a model that knows the user's labels.
    """
    return cached_model("default_classifier", _default_model_key(), _fit_default, NoteClassifier)


def refine(
    user_texts: Iterable[object],
    user_families: Iterable[object],
    user_subtypes: Iterable[object] | None = None,
    *,
    user_weight: float | None = None,
) -> NoteClassifier:
    """The default model retrained on the shipped corpus plus the user's labelled rows.

    The user's rows are weighted ``user_weight`` (default :class:`NoteClassifier`'s 5.0)
    relative to corpus rows; where a user's text equals a corpus text, the user's label wins.
    """
    base = default_classifier()
    if user_weight is not None:
        base = copy.copy(base)  # the shared model keeps its parameters; the refit is a new object
        base.user_weight = user_weight
        base._validate_params()
    return base.with_corrections(user_texts, user_families, user_subtypes)


def classify_exit_reasons(texts: Iterable[object], classifier: NoteClassifier | None = None) -> pd.DataFrame:
    """Map what leaving customers said (``churn_reason``) to a failure family.

    "me voy porque es muy caro" → price, "nunca me resolvieron" → process, "moving abroad" →
    none, "No sé", "Otro", "N/A" or an empty value → not_stated (no reason given). Same model as
    the notes (the corpus holds exit-survey phrasing and exported reason codes). Returns the
    columns text, family, subtype, probability; a Series input keeps its index.
    """
    clf = default_classifier() if classifier is None else classifier
    texts_list = as_list(texts)
    out = clf.predict(texts)
    # an exit reason left empty was not stated (a note left empty is simply not read)
    blank = np.array([normalize_text(t) == "" for t in texts_list], dtype=bool)
    out.loc[blank, "family"] = NOT_STATED
    out.loc[blank, "probability"] = 1.0
    out.insert(0, "text", texts_list)
    return out


def classify_lines(
    lines: Iterable[str], classifier: NoteClassifier | None = None, batch_size: int = 10_000
) -> Iterator[dict[str, object]]:
    """Classify a stream of lines (one note per line) for the command line.

    Yields ``{"text", "family", "subtype", "probability"}`` per non-blank line, in order; the
    trailing newline is dropped and blank lines are skipped. Lines are classified
    ``batch_size`` at a time, so a large file streams in bounded memory.
    """
    clf = default_classifier() if classifier is None else classifier
    batch: list[str] = []

    def flush() -> Iterator[dict[str, object]]:
        result = clf.predict(batch)
        for text, fam, sub, prob in zip(batch, result["family"], result["subtype"], result["probability"]):
            yield {"text": text, "family": fam, "subtype": sub, "probability": round(float(prob), 4)}

    for line in lines:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        batch.append(text)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
