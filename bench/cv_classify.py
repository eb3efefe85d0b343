"""Development check of the notes classifier: grouped cross-validation on the training corpus,
plus the first evaluation set and the development sets — never the held-out sixth set.

Run from the repository root::

    python bench/cv_classify.py                    # the shipped corpus and settings
    python bench/cv_classify.py --reference OLD.csv   # also score only the rows OLD.csv holds

Cross-validation keeps every variant of a hand-written clause in one fold (the corpus's
``group`` column), so it scores wording the model has not seen. A group's fold is a hash of its
number, not a permutation of all groups, so adding clauses (new groups) leaves every earlier
group in its fold and runs before and after a corpus change compare the same held-out rows.
Each fold's model is fitted exactly as the shipped one (its own held-out calibration inside the
training folds); unclassified counts as a miss. ``--reference`` restricts the CV scores to the
rows of an earlier corpus (e.g. ``git show main:models/corpus/notes_train.csv``), so a round
that adds rows is judged on the same rows as before as well as on all.

Development sets: ``tests/data/dev_new_wording.csv``, since the third round of issue 17
``tests/data/eval_third.csv``, since the fourth round ``tests/data/eval_fourth.csv`` and since
the fifth round ``tests/data/eval_fifth.csv`` (each scored once while frozen; their errors are
read from then on). This script never reads ``tests/data/eval_new_wording.csv`` (frozen, scored
only to report) or ``tests/data/eval_sixth.csv`` (the held-out set of the fifth round, scored
once at its end by bench/bench_classify.py; bench/README.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.classify import NoteClassifier, evaluate, format_report, load_corpus, normalize_texts  # noqa: E402
from models.classify.classes import FAMILY_CLASSES  # noqa: E402

EVAL_PATH = ROOT / "tests" / "data" / "eval_notes.csv"
DEV_PATH = ROOT / "tests" / "data" / "dev_new_wording.csv"
THIRD_PATH = ROOT / "tests" / "data" / "eval_third.csv"  # a development set since the third round
FOURTH_PATH = ROOT / "tests" / "data" / "eval_fourth.csv"  # a development set since the fourth round
FIFTH_PATH = ROOT / "tests" / "data" / "eval_fifth.csv"  # a development set since the fifth round
FOLDS = 5


def fold_of(groups: pd.Series, k: int = FOLDS) -> np.ndarray:
    """A fixed fold per group number (a multiplicative hash), independent of how many groups exist."""
    g = groups.astype(np.int64).to_numpy()
    return ((g * 2654435761) % (2**32)) % k


def grouped_cv(corpus: pd.DataFrame, k: int = FOLDS, **params: object) -> pd.DataFrame:
    """Out-of-fold family and probability of every corpus row."""
    folds = fold_of(corpus["group"], k)
    family = np.empty(len(corpus), dtype=object)
    prob = np.zeros(len(corpus))
    for fold in range(k):
        test, train = folds == fold, folds != fold
        part = corpus[train]
        clf = NoteClassifier(**params).fit(
            part["text"], part["family"], part["subtype"], groups=part["group"]
        )
        out = clf.predict(corpus.loc[test, "text"].tolist())
        family[test] = out["family"].to_numpy()
        prob[test] = out["probability"].to_numpy()
    return pd.DataFrame({"family": family, "probability": prob}, index=corpus.index)


def cv_report(truth: pd.Series, pred: pd.Series, title: str) -> None:
    labels = [c for c in FAMILY_CLASSES if c in set(truth)]
    p, r, f, s = precision_recall_fscore_support(truth, pred, labels=labels, zero_division=0)
    print(f"\n{title} (n = {len(truth)}, unclassified {np.mean(pred == 'unclassified'):.1%})")
    for i, lab in enumerate(labels):
        print(f"  {lab:<10} P {p[i]:.3f}  R {r[i]:.3f}  F1 {f[i]:.3f}  n {s[i]}")
    print(f"  macro-F1 {np.mean(f):.3f}   accuracy {np.mean(truth.to_numpy() == pred.to_numpy()):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="an earlier corpus CSV: also score only its rows")
    parser.add_argument("--no-cv", action="store_true", help="only the first set and the dev set")
    parser.add_argument("--show-errors", default="", help="print the dev/first-set errors of this family")
    parser.add_argument("--no-cues", action="store_true", help="the model without cue words (cues=False)")
    parser.add_argument(
        "--no-vague", action="store_true", help="the model without the vague mark (vague=False)"
    )
    args = parser.parse_args()

    corpus = load_corpus()
    params: dict[str, object] = {"cues": False} if args.no_cues else {}
    if args.no_vague:
        params["vague"] = False
    t0 = time.perf_counter()
    if not args.no_cv:
        oof = grouped_cv(corpus, **params)
        cv_report(corpus["family"], oof["family"], "grouped CV, all rows")
        if args.reference is not None:
            ref = pd.read_csv(args.reference, dtype=str, keep_default_na=False)
            old = (
                pd.Series(normalize_texts(corpus["text"])).isin(set(normalize_texts(ref["text"]))).to_numpy()
            )
            cv_report(corpus.loc[old, "family"], oof.loc[old, "family"], "grouped CV, rows of the reference")
        if args.show_errors:
            wrong = corpus[(corpus["family"] == args.show_errors) & (oof["family"] != corpus["family"])]
            print(f"  CV errors of {args.show_errors} ({len(wrong)}), a sample:")
            for i in wrong.sample(min(60, len(wrong)), random_state=0).index:
                print(f"    {oof.at[i, 'family']:<12} {oof.at[i, 'probability']:.2f}  {corpus.at[i, 'text']}")
        print(f"  ({time.perf_counter() - t0:.0f} s)")

    clf = NoteClassifier(**params).fit(
        corpus["text"], corpus["family"], corpus["subtype"], groups=corpus["group"]
    )
    print(f"\ncalibration: {clf.calibration_}")
    sets = (
        ("first set (eval_notes.csv)", EVAL_PATH),
        ("development set", DEV_PATH),
        ("third set (a development set since the third round)", THIRD_PATH),
        ("fourth set (a development set since the fourth round)", FOURTH_PATH),
        ("fifth set (a development set since the fifth round)", FIFTH_PATH),
    )
    for name, path in sets:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        print(f"\n{name}:")
        print(format_report(evaluate(clf, df)))
        if args.show_errors:
            pred = clf.predict(df["text"].tolist())
            wrong = (df["family"] == args.show_errors) & (pred["family"] != df["family"])
            for text, fam, p in zip(
                df.loc[wrong, "text"], pred.loc[wrong, "family"], pred.loc[wrong, "probability"]
            ):
                print(f"    {fam:<12} {p:.2f}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
