"""Score the notes classifier on code lists worded by others (``tests/data/eval_real_lists*.csv``).

Run from the repository root::

    python bench/eval_real_lists.py              # the last batch collected: figures, per source, every error
    python bench/eval_real_lists.py --batch n o  # the fourteenth and fifteenth, each alone and pooled (round 16's judge)
    python bench/eval_real_lists.py --batch k    # any other batch (tests/data/README.md's table: which are trained on)

The batches hold reason codes, complaint categories and picklist values copied from real systems
(regulators' complaint data, CRM, billing, ticket, survey and app picklists), English and
Spanish; their labels follow ``tests/data/README.md``. The model trains on the batches in
``models.classify.default.CODE_LIST_SETS`` (since which round of issue 17: the table at the top of
tests/data/README.md), so only the later batches measure it; the left-out figures of the trained
ones come from ``bench/cv_classify.py --loso 3 --code-lists``. Each batch from the third on was
first scored to judge one round: record every run in bench/README.md ("Code lists worded by
others"). The report is printed twice: on all items, and without the few that equal a training
row or an item of the frozen second set (exact codes the model may have met) or that come from a
repository or page an earlier batch used (``tests/provenance.py``: six items of the twenty-seventh
and twenty-eighth batches, whose siblings the model may have been trained on).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models.classify import default_classifier, evaluate, format_report, normalize_texts  # noqa: E402
from models.classify.default import load_training  # noqa: E402
from tests.provenance import from_earlier_sources  # noqa: E402

DATA = ROOT / "tests" / "data"
BATCHES = {
    path.stem.removeprefix("eval_real_lists").lstrip("_") or "a": path
    for path in sorted(DATA.glob("eval_real_lists*.csv"))
}
"""Every batch in tests/data by its letter ("a" is ``eval_real_lists.csv``, "b" ``..._b.csv``…),
read from the folder so a new batch needs no entry here."""
LAST = max(BATCHES, key=lambda name: (len(name), name))
"""The batch collected last: after "z" comes "aa", so letters are ordered by length first."""
SECOND_PATH = DATA / "eval_new_wording.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batch",
        nargs="+",
        choices=sorted(BATCHES),
        default=[LAST],
        help=f"which batches to score, each alone and, if several, pooled (default {LAST}, the last collected)",
    )
    names = parser.parse_args().batch
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"commit {commit.stdout.strip()}  python {platform.python_version()}  load {os.getloadavg()[0]:.2f}"
    )
    clf = default_classifier()
    frames = {name: pd.read_csv(BATCHES[name], dtype=str, keep_default_na=False) for name in names}
    for name, frame in frames.items():
        print(f"\n{BATCHES[name].relative_to(ROOT)}: all {len(frame)} items")
        print(format_report(evaluate(clf, frame)))
    real = pd.concat(frames.values(), ignore_index=True)
    if len(frames) > 1:
        print(f"\nbatches {', '.join(names)} pooled: all {len(real)} items")
        print(format_report(evaluate(clf, real)))

    seen = set(normalize_texts(load_training()["text"])) | set(
        normalize_texts(pd.read_csv(SECOND_PATH, dtype=str, keep_default_na=False)["text"])
    )
    reused = [flag for name in names for flag in from_earlier_sources(BATCHES[name])]
    fresh = real[[t not in seen and not r for t, r in zip(normalize_texts(real["text"]), reused)]]
    print(
        f"\nwithout the {len(real) - len(fresh)} items equal to a training row or a second-set item,"
        f" or from a source an earlier batch used ({sum(reused)})"
    )
    print(format_report(evaluate(clf, fresh)))

    pred = clf.predict(real["text"])
    real = real.assign(
        predicted=pred["family"].to_numpy(), probability=pred["probability"].to_numpy().round(3)
    )
    real["right"] = real["predicted"] == real["family"]
    print("\nshare right per source:")
    print(real.groupby("source")["right"].agg(["mean", "size"]).round(2).to_string())
    wrong = real[~real["right"]]
    print(f"\n{len(wrong)} wrong:")
    print(wrong[["text", "family", "predicted", "probability", "source"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
