"""Development check of the notes classifier: leave one fresh-style set out, grouped
cross-validation on the training corpus, and the first evaluation set — never the held-out
seventh set nor the frozen second set.

Run from the repository root::

    python bench/cv_classify.py --loso 0,3        # leave one set out: the corpus alone, and as shipped
    python bench/cv_classify.py                    # grouped CV on the corpus, and the sets
    python bench/cv_classify.py --reference OLD.csv   # also score only the rows OLD.csv holds

**Leave one set out** (``--loso``; the sixth round of issue 17): the measure that decides what
ships. Grouped CV on the corpus stayed near 0.856 over five rounds while every fresh set scored
lower (0.837, 0.846, 0.826, 0.793), so the corpus's own folds do not predict new wording. The
fresh-style development sets (``FRESH_SETS``: dev_new_wording, third, fourth, fifth, sixth —
hand-labelled text in the styles the model meets, each written apart from the corpus) are what
predicts it: for each set S a model is fitted on the corpus plus the other sets (their rows
weighted as given; weight 0 = the corpus alone, i.e. the model before this round) and scores S.
It prints per set macro-F1, lowest recall, the answers at p ≥ 0.9 and the share of them wrong,
ECE, and their mean; the last row scores the first set with a model trained on every set (its
floor: 0.867 / 0.783). ``--fresh-calibration`` fits the temperature on the sets' held-out rows
only, ``--set-groups`` holds a whole set out per calibration fold, ``--thresholds`` reads the same
models at several unclassified thresholds, ``--param`` sets a :class:`NoteClassifier` parameter.
``--code-lists`` (round 8) leaves out the two trained third-party code-list batches in turn too,
their rows weighted as shipped (``code_list_weights``); since round 15 that is every trained
code-list batch (eleven, thirteen since round 16), and the means of the two kinds are printed apart.
Since the shipped model trains on these sets (``models.classify.default.TRAINING_SETS``), scoring
them with the shipped model measures nothing; only the left-out figures count.

**Grouped CV** keeps every variant of a hand-written clause in one fold (the corpus's ``group``
column), so it scores wording the model has not seen. A group's fold is a hash of its number, not
a permutation of all groups, so adding clauses (new groups) leaves every earlier group in its fold
and runs before and after a corpus change compare the same held-out rows. Each fold's model is
fitted exactly as the shipped one's corpus part (its own held-out calibration inside the training
folds); unclassified counts as a miss. ``--reference`` restricts the CV scores to the rows of an
earlier corpus (e.g. ``git show main:models/corpus/notes_train.csv``).

This script never scores ``tests/data/eval_new_wording.csv`` (frozen, scored only to report) or
``tests/data/eval_seventh.csv`` (the held-out set of the sixth round, scored once at its end by
bench/bench_classify.py; bench/README.md); their texts are read only to keep equal items out of the
training sets (``models.classify.default.load_training_sets``).
"""

from __future__ import annotations

import argparse
import copy
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
from models.classify.default import (  # noqa: E402
    CODE_LIST_SETS,
    code_list_weights,
    load_training_sets,
    with_training_sets,
)

EVAL_PATH = ROOT / "tests" / "data" / "eval_notes.csv"
DEV_PATH = ROOT / "tests" / "data" / "dev_new_wording.csv"
THIRD_PATH = ROOT / "tests" / "data" / "eval_third.csv"  # a development set since the third round
FOURTH_PATH = ROOT / "tests" / "data" / "eval_fourth.csv"  # a development set since the fourth round
FIFTH_PATH = ROOT / "tests" / "data" / "eval_fifth.csv"  # a development set since the fifth round
SIXTH_PATH = ROOT / "tests" / "data" / "eval_sixth.csv"  # a development set since the sixth round
FOLDS = 5
FRESH_SETS = {
    "dev_new_wording": DEV_PATH,
    "third": THIRD_PATH,
    "fourth": FOURTH_PATH,
    "fifth": FIFTH_PATH,
    "sixth": SIXTH_PATH,
}
"""The fresh-style development sets: hand-labelled text in the styles the model meets (exported
codes, complaint portals, posts, reported speech, self-service, non-answers, routine contacts),
each written apart from the corpus and scored once while held out before it became a development
set."""


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


def read_set(path: Path) -> pd.DataFrame:
    """A labelled set's text, family and subtype."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)[["text", "family", "subtype"]]


def fit_frame(frame: pd.DataFrame, fresh_calibration: bool = False, **params: object) -> NoteClassifier:
    """A classifier fitted on rows from :func:`with_training_sets` (its calibration on the fresh rows' held-out
    predictions alone when ``fresh_calibration``)."""
    return NoteClassifier(**params).fit(
        frame["text"],
        frame["family"],
        frame["subtype"],
        sample_weight=frame["weight"],
        groups=frame["group"],
        calibrate_on=frame["fresh"] if fresh_calibration and frame["fresh"].any() else None,
    )


SUMMARY = ("macro_f1", "lowest_recall", "confident_n", "confident_wrong", "ece")


def summary(report: dict) -> dict[str, object]:
    """The figures the leave-one-set-out table keeps of an :func:`evaluate` report."""
    recalls = {f: m["recall"] for f, m in report["per_family"].items()}
    lowest = min(recalls, key=recalls.get)
    return {**{k: report[k] for k in SUMMARY}, "lowest_family": lowest}


def leave_one_set_out(
    corpus: pd.DataFrame,
    sets: dict[str, pd.DataFrame],
    weight: float,
    fresh_calibration: bool = False,
    set_groups: bool = False,
    first: pd.DataFrame | None = None,
    thresholds: tuple[float, ...] = (0.5,),
    set_weights: dict[str, float] | None = None,
    **params: object,
) -> dict[float, pd.DataFrame]:
    """For each set S: a model fitted on the corpus and the other sets (weighted ``weight``, or
    ``set_weights[name]`` where given; 0 = the corpus alone, i.e. the shipped model, fitted once)
    scores S. One row per set and a mean row; with ``first``, a last row scores the first set
    with a model trained on every set. One table per unclassified threshold (the same fitted
    models, read at each threshold)."""
    weights = {name: (set_weights or {}).get(name, weight) for name in sets}
    rows: dict[float, list[dict[str, object]]] = {t: [] for t in thresholds}
    firsts: dict[float, list[dict[str, object]]] = {t: [] for t in thresholds}

    def score(clf: NoteClassifier, name: str, df: pd.DataFrame, into: dict) -> None:
        for t in thresholds:
            at = copy.copy(clf)  # predict reads the threshold from the instance
            at.threshold = t
            into[t].append({"set": name, **summary(evaluate(at, df))})

    shared = fit_frame(with_training_sets(corpus, [], 1.0), **params) if weight == 0 else None
    for name, held in sets.items():
        if shared is None:
            others = [k for k in sets if k != name]
            frame = with_training_sets(
                corpus, [sets[k] for k in others], [weights[k] for k in others], set_groups
            )
            clf = fit_frame(frame, fresh_calibration, **params)
        else:
            clf = shared
        score(clf, name, held, rows)
    if first is not None:
        clf = shared or fit_frame(
            with_training_sets(corpus, sets.values(), list(weights.values()), set_groups),
            fresh_calibration,
            **params,
        )
        score(clf, "first (all sets)", first, firsts)
    tables = {}
    for t in thresholds:
        table = pd.DataFrame(rows[t])
        mean = {"set": "mean", **table[list(SUMMARY)].mean().to_dict(), "lowest_family": ""}
        tables[t] = pd.concat([table, pd.DataFrame([mean]), pd.DataFrame(firsts[t])], ignore_index=True)
    return tables


def print_loso(table: pd.DataFrame, title: str) -> None:
    print(f"\n{title}")
    print(f"  {'set':<18} {'macro-F1':>8} {'lowest recall':>22} {'>=0.9 n':>8} {'wrong':>6} {'ECE':>6}")
    for r in table.itertuples():
        print(
            f"  {r.set:<18} {r.macro_f1:>8.3f} {r.lowest_recall:>8.3f} {r.lowest_family:<13} "
            f"{r.confident_n:>8.1f} {r.confident_wrong:>6.1%} {r.ece:>6.3f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, help="an earlier corpus CSV: also score only its rows")
    parser.add_argument("--no-cv", action="store_true", help="only the first set and the dev set")
    parser.add_argument("--show-errors", default="", help="print the dev/first-set errors of this family")
    parser.add_argument("--no-cues", action="store_true", help="the model without cue words (cues=False)")
    parser.add_argument(
        "--no-vague", action="store_true", help="the model without the vague mark (vague=False)"
    )
    parser.add_argument(
        "--loso",
        default="",
        help="leave one fresh-style set out: comma-separated weights of the other sets' rows (0 = corpus only)",
    )
    parser.add_argument(
        "--code-lists",
        action="store_true",
        help="leave one set out over the code-list batches too (trained on weighted as shipped)",
    )
    parser.add_argument("--fresh-calibration", action="store_true", help="calibrate on the sets' rows only")
    parser.add_argument("--set-groups", action="store_true", help="one calibration group per set")
    parser.add_argument("--thresholds", default="0.5", help="comma-separated unclassified thresholds to read")
    parser.add_argument(
        "--param", action="append", default=[], help="a NoteClassifier parameter for every fit, e.g. C=30"
    )
    args = parser.parse_args()

    corpus = load_corpus()
    params: dict[str, object] = {"cues": False} if args.no_cues else {}
    if args.no_vague:
        params["vague"] = False
    for item in args.param:
        name, _, value = item.partition("=")
        if value in ("true", "false"):
            params[name] = value == "true"
        else:
            params[name] = float(value) if "." in value or name in ("C", "nb_weight") else int(value)
    if args.loso:
        # as the shipped model reads them: without the items equal to a never-trained set's
        sets = dict(zip(FRESH_SETS, load_training_sets(FRESH_SETS.values()).values()))
        set_weights = {}
        if args.code_lists:
            lists = {
                f"codes {k.removeprefix('eval_real_')}": v
                for k, v in load_training_sets(CODE_LIST_SETS).items()
            }
            sets.update(lists)
            set_weights = dict(zip(lists, code_list_weights()))
        first = read_set(EVAL_PATH)
        for weight in (float(w) for w in args.loso.split(",")):
            t0 = time.perf_counter()
            thresholds = tuple(float(t) for t in args.thresholds.split(","))
            tables = leave_one_set_out(
                corpus,
                sets,
                weight,
                args.fresh_calibration,
                args.set_groups,
                first,
                thresholds,
                set_weights,
                **params,
            )
            for t, table in tables.items():
                title = (
                    f"leave one set out: other sets weighted {weight:g}"
                    f"{', calibrated on the sets' if args.fresh_calibration else ''}"
                    f"{', a group per set' if args.set_groups else ''}, threshold {t:g}"
                    f" ({time.perf_counter() - t0:.0f} s)"
                )
                print_loso(table, title)
                if args.code_lists:  # the two kinds of set, apart
                    for label, rows in (
                        ("fresh-style sets", table["set"].isin(list(FRESH_SETS))),
                        ("code-list batches", table["set"].str.startswith("codes ")),
                    ):
                        means = table.loc[rows, list(SUMMARY)].mean()
                        print(
                            f"  mean of the {int(rows.sum())} {label}: macro-F1 {means['macro_f1']:.3f}, "
                            f"wrong at >= 0.9 {means['confident_wrong']:.1%}, ECE {means['ece']:.3f}"
                        )
        return 0
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
    print(f"\nthe corpus alone (the sets are not trained on here); calibration: {clf.calibration_}")
    sets = (
        ("first set (eval_notes.csv)", EVAL_PATH),
        ("development set", DEV_PATH),
        ("third set (a development set since the third round)", THIRD_PATH),
        ("fourth set (a development set since the fourth round)", FOURTH_PATH),
        ("fifth set (a development set since the fifth round)", FIFTH_PATH),
        ("sixth set (a development set since the sixth round)", SIXTH_PATH),
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
