"""How far readers who know only the labelling rules agree with the project's labels of code-list
batches, and what the model scores where they agree.

Two second readings exist (``READINGS``): ``xyz``, four readers of the twenty-third to
twenty-fifth batches (never trained on when read; training data since round 42 of issue 17, so
the model's scores there are training-set scores), and ``as-ax``, two readers of the forty-fourth
to forty-ninth (read after round 48 scored them, while they were never trained on; training data
since round 51, so there too only the readers' agreement still measures anything).

Run from the repository root::

    python bench/label_agreement.py              # the xyz reading
    python bench/label_agreement.py --set as-ax  # the forty-fourth to forty-ninth batches

Issue 17's targets on code lists worded by others (macro-F1 ≥ 0.85, every family's recall ≥ 0.75)
assume the labels themselves are that repeatable. Each readings file holds independent readings of
every item of its batches by readers who saw the taxonomy and the labelling rules of
tests/data/README.md ("How the items are labelled") and each item's text, language and style
note, but no label (tests/data/README.md says how they were made). The script prints:

* each reader against the project's labels, scored exactly as the model is
  (:func:`models.classify.evaluation.family_scores`), with Cohen's kappa, overall and per batch;
* the readers against each other, the items all read otherwise than the project, and those they
  split on;
* the shipped model on all items, on the items where every reader gives the project's label, and
  on the rest: its macro-F1 and its confident answers (p ≥ 0.9) that are wrong; and the model
  scored against each reader's labels instead of the project's;
* every item the model answers confidently and wrongly, with what the readers said.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.classify import UNCLASSIFIED, default_classifier, evaluate, family_scores, format_report  # noqa: E402
from models.classify.evaluation import CONFIDENT  # noqa: E402

DATA = ROOT / "tests" / "data"
READINGS: dict[str, tuple[Path, tuple[str, ...]]] = {
    "xyz": (DATA / "second_reading_xyz.csv", ("x", "y", "z")),
    "as-ax": (DATA / "second_reading_as_ax.csv", ("as", "at", "au", "av", "aw", "ax")),
}
"""Each second reading: its file and the batches (by letter) whose every item it reads."""


def load_items(reading: str = "xyz") -> tuple[pd.DataFrame, list[str]]:
    """The batches' items with the project's labels and each reader's: columns batch, text,
    family, subtype, and ``family_<reader>``, ``sure_<reader>`` for every reader (one row per item);
    and the readers, as the readings file names them (tests/data/README.md says who they are)."""
    readings_path, batches = READINGS[reading]
    gold = pd.concat(
        [
            pd.read_csv(DATA / f"eval_real_lists_{b}.csv", dtype=str, keep_default_na=False).assign(batch=b)
            for b in batches
        ],
        ignore_index=True,
    )
    readings = pd.read_csv(readings_path, dtype=str, keep_default_na=False)
    wide = readings.pivot(index=["batch", "text"], columns="reader", values=["family", "sure"])
    wide.columns = [f"{what}_{reader}" for what, reader in wide.columns]
    items = gold.merge(wide.reset_index(), on=["batch", "text"], how="left", validate="one_to_one")
    missing = items.filter(like="family_").isna().any(axis=1)
    if missing.any():
        raise ValueError(f"{int(missing.sum())} items have no second reading in {readings_path.name}")
    return items, sorted(readings["reader"].unique())


def reader_line(name: str, truth: pd.Series, given: pd.Series) -> str:
    s = family_scores(truth.to_numpy(dtype=object), given.to_numpy(dtype=object))
    kappa = cohen_kappa_score(truth, given)
    return (
        f"{name:<28} macro-F1 {s['macro_f1']:.3f} (five families {s['macro_f1_without_not_stated']:.3f})   "
        f"lowest recall {s['lowest_recall']:.3f}   "
        f"agreement {s['accuracy']:.1%}   kappa {kappa:.3f}   (n = {len(truth)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="xyz", choices=sorted(READINGS), help="which second reading")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"commit {commit.stdout.strip()}  python {platform.python_version()}  load {os.getloadavg()[0]:.2f}"
    )
    items, names = load_items(args.set)
    readers = items[[f"family_{r}" for r in names]]

    print("\nsecond readers against the project's labels (families)")
    for reader in names:
        print(reader_line(f"reader {reader}, all", items["family"], items[f"family_{reader}"]))
        for batch, part in items.groupby("batch"):
            print(reader_line(f"reader {reader}, batch {batch}", part["family"], part[f"family_{reader}"]))
    for one, other in combinations(names, 2):
        print(reader_line(f"reader {one} against {other}", items[f"family_{one}"], items[f"family_{other}"]))
    agreed = readers.eq(items["family"], axis=0).all(axis=1)
    unsure = (items[[f"sure_{r}" for r in names]] == "no").any(axis=1)
    print(
        f"every reader gives the project's family: {int(agreed.sum())} of {len(items)}; "
        f"a reader marks the item ambiguous: {int(unsure.sum())}"
    )

    unanimous = readers.nunique(axis=1) == 1
    contested = unanimous & (readers.iloc[:, 0] != items["family"])
    cols = ["batch", "text", "family", "subtype", *readers.columns]
    print(f"\n{int(contested.sum())} items every reader gives the same family other than the project's:")
    print(items.loc[contested, cols].to_string(index=False))
    print(f"\n{int((~unanimous).sum())} items the readers split on:")
    print(items.loc[~unanimous, cols].to_string(index=False))

    clf = default_classifier()
    pred = clf.predict(items["text"].tolist())
    items["model"] = pred["family"].to_numpy()
    items["probability"] = pred["probability"].to_numpy()
    for title, part in (
        ("all items", items),
        ("items where every reader gives the project's family", items[agreed]),
        ("items where a reader differs", items[~agreed]),
    ):
        print(f"\nthe shipped model on {title}")
        print(format_report(evaluate(clf, part)))
    print("\nthe shipped model scored against each reader's labels instead of the project's")
    for reader in names:
        print(reader_line(f"model against reader {reader}", items[f"family_{reader}"], items["model"]))
    print(reader_line("model against the project", items["family"], items["model"]))

    confident_wrong = (items["probability"] >= CONFIDENT) & (items["model"] != items["family"])
    confident_wrong &= items["model"] != UNCLASSIFIED
    shown = items.loc[confident_wrong, ["batch", "text", "family", "model", *readers.columns]]
    print(f"\n{len(shown)} confident wrong answers (p ≥ {CONFIDENT}), with what the readers said:")
    print(
        shown.assign(probability=np.round(items.loc[confident_wrong, "probability"], 3)).to_string(
            index=False
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
