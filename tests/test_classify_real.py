"""The notes classifier on code lists written by others (tests/data/eval_real_lists.csv).

Every other evaluation set was written by the hand that wrote the training corpus; this one holds
only values real systems export (regulators' complaint categories, CRM and billing picklists),
copied as worded by third parties. See tests/data/README.md for where each list comes from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analytics.taxonomy import SUBTYPES_BY_KEY
from models.classify import default_classifier, evaluate, load_corpus, normalize_texts
from models.classify.classes import FAMILY_CLASSES
from tests.test_classify import assert_quality

REAL_PATH = Path(__file__).parent / "data" / "eval_real_lists.csv"
REAL_SHA256 = "8fc01c2dcada86f1f5c0c6358412ea43ae8856253f274bc3dfec2943e433aa89"
# the only items equal to a corpus row (after normalisation), counted when the set was committed
KNOWN_IN_CORPUS = {"don't know", "product defect", "mala cobertura"}


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return pd.read_csv(REAL_PATH, dtype=str, keep_default_na=False)


@pytest.mark.quick
def test_real_lists_frozen(real: pd.DataFrame) -> None:
    # an edit to the set shows in review: change the pin only with a note in tests/data/README.md
    assert hashlib.sha256(REAL_PATH.read_bytes()).hexdigest() == REAL_SHA256
    assert len(real) >= 160
    assert list(real.columns) == ["text", "lang", "family", "subtype", "source", "style"]
    assert set(real["family"]) == set(FAMILY_CLASSES)
    assert set(real["lang"]) == {"en", "es"}
    texts = normalize_texts(real["text"])
    assert len(set(texts)) == len(texts)
    failures = real[~real["family"].isin(["none", "not_stated"])]
    assert all(SUBTYPES_BY_KEY[s].family == f for s, f in zip(failures["subtype"], failures["family"]))
    assert (real.loc[real["family"].isin(["none", "not_stated"]), "subtype"] == "").all()


@pytest.mark.quick
def test_real_lists_not_trained_on(real: pd.DataFrame) -> None:
    corpus = set(normalize_texts(load_corpus()["text"]))
    shared = {t for t in normalize_texts(real["text"]) if t in corpus}
    assert shared <= KNOWN_IN_CORPUS, (
        f"corpus rows equal to real-list items: {sorted(shared - KNOWN_IN_CORPUS)}"
    )


def test_real_lists_quality() -> None:
    """Held at what the shipped model scored when the set was committed (bench/README.md, "Code
    lists worded by others", scoring #1 on a2951e7) — far BELOW issue 17's targets: macro-F1 0.682
    (target 0.85), lowest recall process 0.449 (target 0.75), ECE 0.131 (target 0.05), 9.3 % wrong
    among the 86 answers at >= 0.9 (target 3 %). The floors sit just under the measured levels: the
    test fails if the model reads third-party wording worse, not when it reaches the targets."""
    real = pd.read_csv(REAL_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.67,
        recall=0.44,
        ece=0.14,
        confident_wrong=0.10,
        confident_share=0.45,
    )
