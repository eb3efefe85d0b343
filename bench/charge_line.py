"""How repeatable the line between a billing error and an unexpected charge is, and where the
shipped model stands on it.

Run from the repository root::

    python bench/charge_line.py

Issue 17's code-list batches put a disputed, undue or extra charge sometimes under process /
``billing_error`` and sometimes under price / ``unexpected_charges``, and a tenth of the shipped
model's errors on the never-trained batches are one read as the other (bench/README.md, "Where
issue 17 stands"). ``tests/data/second_reading_charges.csv`` holds three independent readings of the
188 items of the scored batches whose label is one of the two subtypes and whose words name money
(tests/data/README.md says how they were made). The script prints:

* each reader against the project's subtype, and the readers against each other (share agreeing
  and Cohen's kappa over the readers' four choices: ``billing_error``, ``unexpected_charges``,
  ``price_too_high``, ``other``);
* the readers' majority against the project's labels, overall and for the words the labels split
  on most ("indebido", "no reconocido", "excesivo", …);
* the shipped model's subtype against the project's labels and against the readers' majority;
* every item where the majority differs from the project's label.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_real_lists import BATCHES  # noqa: E402  (every batch by its letter)
from models.classify import default_classifier  # noqa: E402
from models.classify.default import NEVER_TRAINED  # noqa: E402

DATA = ROOT / "tests" / "data"
READINGS_PATH = DATA / "second_reading_charges.csv"
CHOICES = ("billing_error", "unexpected_charges", "price_too_high", "other")
WORDS = {
    "undue or unjustified (indebido, injustificado, improcedente, wrongful)": r"indebid|injustific|improcedent|wrongful|undue",
    "unrecognised or not agreed (no reconocido, no contratado, no solicitado, sin consentimiento)": (
        r"no reconoc|not recogni|unrecogni|no contrat|not contract|no solicit|unrequest|sin su consentimiento|without consent"
    ),
    "excess (excesivo, exceso, overcharg)": r"excesiv|exceso|overcharg|excess",
}
"""Groups of words on which the batches' labels disagree most, matched in the item's text."""


def load_items() -> tuple[pd.DataFrame, list[str]]:
    """The read items with the project's labels and each reader's choice (``choice_<reader>``),
    one row per item, and the readers' names."""
    readings = pd.read_csv(READINGS_PATH, dtype=str, keep_default_na=False)
    gold = pd.concat(
        [
            pd.read_csv(BATCHES[b], dtype=str, keep_default_na=False).assign(batch=b)
            for b in sorted(readings["batch"].unique())
        ],
        ignore_index=True,
    )
    wide = readings.pivot(index=["batch", "text"], columns="reader", values="choice")
    wide.columns = [f"choice_{reader}" for reader in wide.columns]
    items = wide.reset_index().merge(gold, on=["batch", "text"], how="left", validate="one_to_one")
    if items["subtype"].isna().any():
        raise ValueError(f"{int(items['subtype'].isna().sum())} read items are in no batch")
    return items, sorted(readings["reader"].unique())


def agreement_line(name: str, one: pd.Series, other: pd.Series) -> str:
    kappa = cohen_kappa_score(one, other, labels=list(CHOICES))
    return f"{name:<44} agreement {(one == other).mean():6.1%}   kappa {kappa:.3f}   (n = {len(one)})"


def majority(row: pd.Series, names: list[str]) -> str:
    """The choice at least two readers made, else "split"."""
    counts = row[[f"choice_{r}" for r in names]].value_counts()
    return counts.index[0] if counts.iloc[0] * 2 > len(names) else "split"


def main() -> int:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(
        f"commit {commit.stdout.strip()}  python {platform.python_version()}  load {os.getloadavg()[0]:.2f}"
    )
    items, names = load_items()
    print(f"\n{len(items)} items: project labels {items['subtype'].value_counts().to_dict()}")

    print("\nreaders against the project's subtype, and against each other")
    for r in names:
        print(agreement_line(f"reader {r} against the project", items["subtype"], items[f"choice_{r}"]))
    for one, other in combinations(names, 2):
        print(
            agreement_line(
                f"reader {one} against reader {other}", items[f"choice_{one}"], items[f"choice_{other}"]
            )
        )

    items["majority"] = items.apply(majority, axis=1, names=names)
    print("\nthe readers' majority (rows) against the project's label (columns)")
    print(pd.crosstab(items["majority"], items["subtype"], margins=True).to_string())
    decided = items[items["majority"] != "split"]
    print(
        agreement_line(
            "majority against the project (where decided)", decided["subtype"], decided["majority"]
        )
    )
    for title, pattern in WORDS.items():
        part = items[items["text"].str.contains(pattern, flags=re.IGNORECASE)]
        if len(part):
            print(f"\n{title}: {len(part)} items")
            print(pd.crosstab(part["majority"], part["subtype"], margins=True).to_string())

    pred = default_classifier().predict(items["text"].tolist())
    items["model"] = [s if s in CHOICES else "other" for s in pred["subtype"].fillna("other")]
    never = {p.name for p in NEVER_TRAINED}
    items["trained"] = [BATCHES[b].name not in never for b in items["batch"]]
    print("\nthe shipped model's subtype (on the trained batches it has seen the items and their labels)")
    for title, part in (
        ("never-trained batches", items[~items["trained"]]),
        ("trained batches", items[items["trained"]]),
    ):
        print(agreement_line(f"model against the project, {title}", part["subtype"], part["model"]))
        sure = part[part["majority"] != "split"]
        print(agreement_line(f"model against the majority, {title}", sure["majority"], sure["model"]))

    differ = decided[decided["majority"] != decided["subtype"]]
    cols = ["batch", "text", "subtype", "majority", *[f"choice_{r}" for r in names]]
    print(f"\n{len(differ)} items whose readers' majority differs from the project's label:")
    with pd.option_context("display.width", 250, "display.max_colwidth", 80):
        print(items.loc[differ.index, [*cols, "model"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
