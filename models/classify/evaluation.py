"""Evaluation of a classifier on labelled texts: per-family precision, recall and F1, and how far
its probabilities can be trusted (calibration)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

from analytics.taxonomy import FAMILIES
from models.classify.classes import NONE, NOT_STATED, UNCLASSIFIED, parse_labels
from models.classify.estimator import NoteClassifier

EVAL_FAMILIES: tuple[str, ...] = (*FAMILIES, NONE)
"""Families every evaluation scores; ``not_stated`` is added when the labels hold it."""

CONFIDENT = 0.9
"""The probability above which an answer is called confident in the report."""


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of top-class probabilities: the mean over ``bins`` equal-width
    bins of |accuracy − mean confidence|, weighted by the bin's share of the items."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if confidence.size == 0:
        return float("nan")
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(total)


def family_scores(true_family: np.ndarray, given_family: np.ndarray) -> dict[str, Any]:
    """Family-level agreement of given labels with the true ones, by the definition every report
    of the project uses (the model's in :func:`evaluate`, a second reader's in
    ``bench/label_agreement.py``).

    Precision, recall and F1 per family over attitude, process, price, quality and none, and
    not_stated when the true labels hold it; a given ``unclassified`` counts as a miss for recall
    and against no family's precision. Returns ``per_family``, ``macro_f1`` (the mean F1 over
    those families), ``macro_f1_without_not_stated``, ``lowest_recall`` and ``accuracy``
    (unclassified = wrong).
    """
    true_family = np.asarray(true_family, dtype=object)
    given_family = np.asarray(given_family, dtype=object)
    labels = list(EVAL_FAMILIES) + ([NOT_STATED] if (true_family == NOT_STATED).any() else [])
    p, r, f, s = precision_recall_fscore_support(true_family, given_family, labels=labels, zero_division=0)
    return {
        "per_family": {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
        "macro_f1": float(np.mean(f)),
        "macro_f1_without_not_stated": float(np.mean(f[: len(EVAL_FAMILIES)])),
        "lowest_recall": float(np.min(r)),
        "accuracy": float(np.mean(true_family == given_family)),
    }


def evaluate(clf: NoteClassifier, df: pd.DataFrame) -> dict[str, Any]:
    """Family-level quality of ``clf`` on labelled texts (columns ``text``, ``family``, opt. ``subtype``).

    The family scores of :func:`family_scores` (per family, macro-F1, lowest recall, accuracy),
    and: the share left unclassified, subtype accuracy among rows whose family was right and that
    carry a subtype, and calibration:

    * ``ece`` — expected calibration error of the most probable family's probability
      (:meth:`NoteClassifier.predict_proba`, every row, 10 bins);
    * ``confident_n`` / ``confident_wrong`` — the answers given (not unclassified) with
      probability ≥ 0.9, and the share of them that are wrong.
    """
    texts = df["text"].tolist()
    pred = clf.predict(texts)
    proba = clf.predict_proba(texts)
    true_fam, true_sub = parse_labels(df["family"], df.get("subtype"))
    y_pred = pred["family"].to_numpy(dtype=object)
    scores = family_scores(true_fam, y_pred)
    right_family = true_fam == y_pred
    with_sub = right_family & np.array([x is not None for x in true_sub])
    sub_acc = (
        float(np.mean(pred["subtype"].to_numpy(dtype=object)[with_sub] == true_sub[with_sub]))
        if with_sub.any()
        else float("nan")
    )
    top = clf.classes_[proba.argmax(axis=1)]
    confident = (y_pred != UNCLASSIFIED) & (pred["probability"].to_numpy() >= CONFIDENT)
    return {
        "n": len(df),
        **scores,
        "unclassified_share": float(np.mean(y_pred == UNCLASSIFIED)),
        "subtype_accuracy": sub_acc,
        "ece": expected_calibration_error(proba.max(axis=1), top == true_fam),
        "confident_n": int(confident.sum()),
        "confident_wrong": float(np.mean(~right_family[confident])) if confident.any() else float("nan"),
        "confusion": pd.crosstab(pd.Series(true_fam, name="true"), pd.Series(y_pred, name="predicted")),
    }


def format_report(report: dict[str, Any]) -> str:
    """The evaluation report as a plain-text table."""
    lines = [f"{'family':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>5}"]
    for fam, m in report["per_family"].items():
        lines.append(
            f"{fam:<10} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>5d}"
        )
    lines.append(
        f"macro-F1 {report['macro_f1']:.3f}   lowest recall {report['lowest_recall']:.3f}   "
        f"accuracy {report['accuracy']:.3f}   unclassified {report['unclassified_share']:.1%}   "
        f"subtype accuracy {report['subtype_accuracy']:.3f}   (n = {report['n']})"
    )
    if "not_stated" in report["per_family"]:
        lines.append(
            f"macro-F1 over the five families without not_stated {report['macro_f1_without_not_stated']:.3f}"
        )
    lines.append(
        f"calibration: ECE {report['ece']:.3f}   answers with probability ≥ {CONFIDENT}: "
        f"{report['confident_n']} ({report['confident_n'] / max(report['n'], 1):.0%} of all), "
        f"{report['confident_wrong']:.1%} of them wrong"
    )
    return "\n".join(lines)
