"""Evaluation of a classifier on labelled notes: per-family precision, recall and F1."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

from analytics.taxonomy import FAMILIES
from models.classify.classes import NONE, UNCLASSIFIED, parse_labels
from models.classify.estimator import NoteClassifier

EVAL_FAMILIES: tuple[str, ...] = (*FAMILIES, NONE)


def evaluate(clf: NoteClassifier, df: pd.DataFrame) -> dict[str, Any]:
    """Family-level quality of ``clf`` on labelled notes (columns ``text``, ``family``, opt. ``subtype``).

    Precision, recall and F1 per family over attitude, process, price, quality and none;
    ``unclassified`` predictions count as misses for recall (they are nobody's hit) and do not
    count against any family's precision. Also: macro-F1 over the five, accuracy (unclassified =
    wrong), the share left unclassified, and subtype accuracy among rows whose family was
    right and that carry a subtype.
    """
    pred = clf.predict(df["text"].tolist())
    true_fam, true_sub = parse_labels(df["family"], df.get("subtype"))
    y_pred = pred["family"].to_numpy(dtype=object)
    labels = list(EVAL_FAMILIES)
    p, r, f, s = precision_recall_fscore_support(true_fam, y_pred, labels=labels, zero_division=0)
    right_family = true_fam == y_pred
    with_sub = right_family & np.array([x is not None for x in true_sub])
    sub_acc = (
        float(np.mean(pred["subtype"].to_numpy(dtype=object)[with_sub] == true_sub[with_sub]))
        if with_sub.any()
        else float("nan")
    )
    return {
        "n": len(df),
        "per_family": {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
        "macro_f1": float(np.mean(f)),
        "accuracy": float(np.mean(right_family)),
        "unclassified_share": float(np.mean(y_pred == UNCLASSIFIED)),
        "subtype_accuracy": sub_acc,
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
        f"macro-F1 {report['macro_f1']:.3f}   accuracy {report['accuracy']:.3f}   "
        f"unclassified {report['unclassified_share']:.1%}   subtype accuracy {report['subtype_accuracy']:.3f}"
        f"   (n = {report['n']})"
    )
    return "\n".join(lines)
