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
from models.classify import default_classifier, evaluate, normalize_texts
from models.classify.classes import FAMILY_CLASSES
from models.classify.default import load_training
from tests.test_classify import assert_quality

REAL_PATH = Path(__file__).parent / "data" / "eval_real_lists.csv"
REAL_SHA256 = "8fc01c2dcada86f1f5c0c6358412ea43ae8856253f274bc3dfec2943e433aa89"
# the second batch: committed before any model was run on it (tests/data/README.md)
REAL_B_PATH = Path(__file__).parent / "data" / "eval_real_lists_b.csv"
REAL_B_SHA256 = "2c460ba60f35a5d595570d27a6fd6a7e2fd150ef8f7780039bd0eef78390f499"
# the third batch: committed before any model was run on it (tests/data/README.md)
REAL_C_PATH = Path(__file__).parent / "data" / "eval_real_lists_c.csv"
REAL_C_SHA256 = "4d6626294d1b31d5a6a58ebebc8b2029c7f0c2776592ca408092517626ac8ba5"
# the only items equal to a training row (after normalisation): five corpus rows, counted when the
# batches were committed, and one item of dev_new_wording, trained on since issue 17's sixth round
KNOWN_IN_TRAINING = {
    "don't know",
    "product defect",
    "mala cobertura",
    "price",
    "precios",
    "internet intermitente",
}


@pytest.fixture(scope="module", params=["first", "second", "third"])
def batch(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, Path, str, int]:
    path, sha, size = {
        "first": (REAL_PATH, REAL_SHA256, 160),
        "second": (REAL_B_PATH, REAL_B_SHA256, 100),
        "third": (REAL_C_PATH, REAL_C_SHA256, 60),
    }[request.param]
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
    training = set(normalize_texts(load_training()["text"]))
    shared = {t for t in normalize_texts(real["text"]) if t in training}
    assert shared <= KNOWN_IN_TRAINING, (
        f"training rows equal to real-list items: {sorted(shared - KNOWN_IN_TRAINING)}"
    )


@pytest.mark.quick
def test_real_batches_disjoint() -> None:
    batches = [
        set(normalize_texts(pd.read_csv(p, dtype=str, keep_default_na=False)["text"]))
        for p in (REAL_PATH, REAL_B_PATH, REAL_C_PATH)
    ]
    assert not batches[0] & batches[1]
    assert not (batches[0] | batches[1]) & batches[2]


def test_real_lists_quality() -> None:
    """The first batch, held at what the shipped model (issue 17's sixth round) scored on it
    (bench/README.md, "Code lists worded by others", scoring #2 on 5f1d9d0) — far BELOW issue 17's
    targets: macro-F1 0.666 (target 0.85), lowest recall process 0.464 (target 0.75), ECE 0.139
    (target 0.05), 11.5 % wrong among the 87 answers at >= 0.9 (target 3 %). Scoring #1, the model
    before that round: 0.682, 0.449, 0.131, 9.3 %. The floors sit just under the measured levels:
    the test fails if the model reads third-party wording worse, not when it reaches the targets."""
    real = pd.read_csv(REAL_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.655,
        recall=0.45,
        ece=0.15,
        confident_wrong=0.125,
        confident_share=0.45,
    )


def test_real_lists_second_batch_quality() -> None:
    """The second batch, scored first when issue 17's sixth round was final, the model before the
    round and after it in one run (bench/README.md, "Code lists worded by others"). The shipped
    model: macro-F1 0.688 (target 0.85), lowest recall process 0.520 (target 0.75), ECE 0.112
    (target 0.05), 4.4 % wrong among the 45 answers at >= 0.9 (target 3 %) — all BELOW target, and
    below the model before the round (0.730, 0.500, 0.077, 5.8 %) on three of four. Held just
    under the measured levels."""
    real = pd.read_csv(REAL_B_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.675,
        recall=0.50,
        ece=0.12,
        confident_wrong=0.05,
        confident_share=0.40,
    )
