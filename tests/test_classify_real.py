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
# the second batch: committed before any model was run on it (tests/data/README.md)
REAL_B_PATH = Path(__file__).parent / "data" / "eval_real_lists_b.csv"
REAL_B_SHA256 = "2c460ba60f35a5d595570d27a6fd6a7e2fd150ef8f7780039bd0eef78390f499"
# the only items equal to a corpus row (after normalisation), counted when the set was committed
KNOWN_IN_CORPUS = {"don't know", "product defect", "mala cobertura", "price", "precios"}


@pytest.fixture(scope="module", params=["first", "second"])
def batch(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, Path, str, int]:
    path, sha, size = {"first": (REAL_PATH, REAL_SHA256, 160), "second": (REAL_B_PATH, REAL_B_SHA256, 100)}[
        request.param
    ]
    return pd.read_csv(path, dtype=str, keep_default_na=False), path, sha, size


@pytest.mark.quick
def test_real_lists_frozen(batch: tuple[pd.DataFrame, Path, str, int]) -> None:
    real, path, sha, size = batch
    # an edit to a batch shows in review: change its pin only with a note in tests/data/README.md
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    assert len(real) >= size
    assert list(real.columns) == ["text", "lang", "family", "subtype", "source", "style"]
    assert set(real["family"]) == set(FAMILY_CLASSES)
    assert set(real["lang"]) == {"en", "es"}
    texts = normalize_texts(real["text"])
    assert len(set(texts)) == len(texts)
    failures = real[~real["family"].isin(["none", "not_stated"])]
    assert all(SUBTYPES_BY_KEY[s].family == f for s, f in zip(failures["subtype"], failures["family"]))
    assert (real.loc[real["family"].isin(["none", "not_stated"]), "subtype"] == "").all()


@pytest.mark.quick
def test_real_lists_not_trained_on(batch: tuple[pd.DataFrame, Path, str, int]) -> None:
    real = batch[0]
    corpus = set(normalize_texts(load_corpus()["text"]))
    shared = {t for t in normalize_texts(real["text"]) if t in corpus}
    assert shared <= KNOWN_IN_CORPUS, (
        f"corpus rows equal to real-list items: {sorted(shared - KNOWN_IN_CORPUS)}"
    )


@pytest.mark.quick
def test_real_batches_disjoint() -> None:
    first = set(normalize_texts(pd.read_csv(REAL_PATH, dtype=str, keep_default_na=False)["text"]))
    second = set(normalize_texts(pd.read_csv(REAL_B_PATH, dtype=str, keep_default_na=False)["text"]))
    assert not first & second


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
