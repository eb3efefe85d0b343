"""The notes classifier on code lists written by others (tests/data/eval_real_lists*.csv).

Every other evaluation set was written by the hand that wrote the training corpus; this one holds
only values real systems export (regulators' complaint categories, CRM and billing picklists),
copied as worded by third parties. See tests/data/README.md for where each list comes from.
Since issue 17's seventh round the first two batches are training data; the later ones are never
trained on. Each was committed unscored, scored once to judge one round, and then read to build
the next: the third judged round 7, the fourth round 8, the fifth round 9, the sixth round 10,
the seventh round 11 (which did not ship).
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
# the fourth batch: committed unscored, before any model was run on it (tests/data/README.md)
REAL_D_PATH = Path(__file__).parent / "data" / "eval_real_lists_d.csv"
REAL_D_SHA256 = "860db163cd85a12fb395836c3f38a33dbdd3de47885b2da2d05c0009494115f6"
# the fifth batch: committed unscored, before any model was run on it (tests/data/README.md)
REAL_E_PATH = Path(__file__).parent / "data" / "eval_real_lists_e.csv"
REAL_E_SHA256 = "8a391a937ef9dcc4fb3b911573c26f25327d45c42df6e5f2074f4d240d22b527"
# the sixth batch: committed unscored, before any model was run on it (tests/data/README.md)
REAL_F_PATH = Path(__file__).parent / "data" / "eval_real_lists_f.csv"
REAL_F_SHA256 = "ac7f474fe5d290cea1695634c541979df9c9b670c9b62cca56b8970dbfb8dc6c"
# the seventh batch: committed unscored, before any model was run on it (tests/data/README.md)
REAL_G_PATH = Path(__file__).parent / "data" / "eval_real_lists_g.csv"
REAL_G_SHA256 = "9686f7bdfd5d72e1f01c8eed5ca5e47074502581a793b5d9cdff3eef9b368511"


@pytest.fixture(scope="module", params=["first", "second", "third", "fourth", "fifth", "sixth", "seventh"])
def batch(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, Path, str, int]:
    path, sha, size = {
        "first": (REAL_PATH, REAL_SHA256, 160),
        "second": (REAL_B_PATH, REAL_B_SHA256, 100),
        "third": (REAL_C_PATH, REAL_C_SHA256, 60),
        "fourth": (REAL_D_PATH, REAL_D_SHA256, 100),
        "fifth": (REAL_E_PATH, REAL_E_SHA256, 90),
        "sixth": (REAL_F_PATH, REAL_F_SHA256, 80),
        "seventh": (REAL_G_PATH, REAL_G_SHA256, 70),
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
def test_later_batches_never_trained_on_and_first_two_are() -> None:
    """Since issue 17's seventh round the model trains on the first two batches
    (``CODE_LIST_SETS``), all but their items equal to an item of a never-trained set; the third
    to seventh batches are never trained on: none of their items is a training row, after
    normalisation."""
    import models.classify.default as mc

    assert [p.name for p in mc.CODE_LIST_SETS] == [REAL_PATH.name, REAL_B_PATH.name]
    never = {p.name for p in mc.NEVER_TRAINED}
    later = (REAL_C_PATH, REAL_D_PATH, REAL_E_PATH, REAL_F_PATH, REAL_G_PATH)
    assert {p.name for p in later} <= never
    training = set(normalize_texts(load_training()["text"]))
    for path in later:
        texts = normalize_texts(pd.read_csv(path, dtype=str, keep_default_na=False)["text"])
        assert [t for t in texts if t in training] == [], path.name
    held = {
        t
        for path in mc.NEVER_TRAINED
        for t in normalize_texts(pd.read_csv(path, dtype=str, keep_default_na=False)["text"])
    }
    for path in (REAL_PATH, REAL_B_PATH):
        texts = normalize_texts(pd.read_csv(path, dtype=str, keep_default_na=False)["text"])
        assert [t for t in texts if t not in held and t not in training] == [], path.name


@pytest.mark.quick
def test_real_batches_disjoint() -> None:
    batches = [
        set(normalize_texts(pd.read_csv(p, dtype=str, keep_default_na=False)["text"]))
        for p in (
            REAL_PATH,
            REAL_B_PATH,
            REAL_C_PATH,
            REAL_D_PATH,
            REAL_E_PATH,
            REAL_F_PATH,
            REAL_G_PATH,
        )
    ]
    assert not batches[0] & batches[1]
    assert not (batches[0] | batches[1]) & batches[2]
    assert not (batches[0] | batches[1] | batches[2]) & batches[3]
    assert not (batches[0] | batches[1] | batches[2] | batches[3]) & batches[4]
    assert not (batches[0] | batches[1] | batches[2] | batches[3] | batches[4]) & batches[5]
    assert not set().union(*batches[:6]) & batches[6]


def test_real_lists_third_batch_quality() -> None:
    """The third batch, never trained on, held at what the shipped model scored on it — far BELOW
    issue 17's targets. At its first scoring (round 7) macro-F1 0.543, ECE 0.188, 20 % wrong among
    the 30 answers at p >= 0.9; its errors then guided round 8 (so it is read, not unseen): 0.550,
    ECE 0.124, 11.1 % wrong of 27. Round 9: 0.553, ECE 0.149, 14.3 % wrong of 28. Round 10
    (shipped): 0.549, ECE 0.125, 7.7 % wrong of 26; recall process 0.500, quality 0.611, none
    0.650, attitude 0.800 (target 0.75; bench/README.md, "Code lists worded by others"). Price and not_stated have 2 items each, too few for a recall
    floor. Held just under the measured levels: the test fails if the model reads third-party
    wording worse, not when it reaches the targets."""
    real = pd.read_csv(REAL_C_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.54,
        recall=0.0,
        recall_floors={"process": 0.5, "quality": 0.6, "none": 0.6, "attitude": 0.8},
        ece=0.155,
        confident_wrong=0.15,
        confident_share=0.4,
    )


def test_real_lists_fourth_batch_quality() -> None:
    """The fourth batch (104 items), collected by a helper who ran no model on it and committed
    unscored, was scored once to judge round 8 by a rule fixed beforehand (bench/README.md): the
    round-7 model 0.710, the round-8 model 0.718. Its errors then guided round 9 (praise and
    negated praise), so its figures since are those of a read set, not a measure. Round 10
    (shipped): macro-F1 0.792, ECE 0.070, 1.8 % wrong among the 56 answers at p >= 0.9; recall
    attitude 0.933, process 0.688, price 0.700, quality 0.833, none 0.591, not_stated 0.714 (7
    items). Held just under them: the test fails if the model reads this wording worse again."""
    real = pd.read_csv(REAL_D_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.78,
        recall=0.0,
        recall_floors={"attitude": 0.93, "process": 0.68, "price": 0.7, "quality": 0.83, "none": 0.59},
        ece=0.075,
        confident_wrong=0.02,
        confident_share=0.53,
    )


def test_real_lists_fifth_batch_quality() -> None:
    """The fifth batch (97 items), collected by a helper who ran no model on it and committed
    unscored, scored once to judge round 9 by a rule fixed beforehand (bench/README.md): the
    round-8 model 0.580, the round-9 model 0.633 (0.644 at a first run whose corpus held a row
    equal to one of its items, removed before shipping). Its errors then guided round 10, so its
    figures since are those of a read set: round 10 (shipped) macro-F1 0.688, ECE 0.081, 5.3 %
    wrong among the 38 answers at p >= 0.9; recall attitude 0.571 (7 items), process 0.706,
    price 1.000 (4 items), quality 0.800, none 0.550, not_stated 0.250 (4 items). Held just
    under them: the test fails if the model reads this wording worse again."""
    real = pd.read_csv(REAL_E_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.68,
        recall=0.0,
        recall_floors={"attitude": 0.57, "process": 0.7, "quality": 0.8, "none": 0.55},
        ece=0.085,
        confident_wrong=0.06,
        confident_share=0.38,
    )


def test_real_lists_sixth_batch_quality() -> None:
    """The sixth batch (85 items), collected by a helper who ran no model on it and committed
    unscored, scored once to judge round 10 by a rule fixed beforehand (bench/README.md): the
    round-9 model 0.723, the round-10 model 0.749 (shipped). Held at round 10's levels — far
    BELOW issue 17's targets: macro-F1 0.749 (target 0.85), ECE 0.091 (0.05), 5.9 % wrong among
    the 34 answers at p >= 0.9 (3 %); recall attitude 0.867, process 0.750, price 0.800 (5
    items), quality 0.500 (dirty premises, noise, a result short of expectations left
    unclassified), none 0.556 (praise read by topic), not_stated 0.667 (3 items). Just under the
    measured levels: the test fails if the model reads third-party wording worse, not when it
    reaches the targets."""
    real = pd.read_csv(REAL_F_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.74,
        recall=0.0,
        recall_floors={"attitude": 0.86, "process": 0.75, "quality": 0.5, "none": 0.55},
        ece=0.095,
        confident_wrong=0.06,
        confident_share=0.39,
    )


def test_real_lists_seventh_batch_quality() -> None:
    """The seventh batch (79 items), collected by a helper who ran no model on it and committed
    unscored, scored once to judge round 11 by a rule fixed beforehand (bench/README.md): the
    round-10 model 0.568, the round-11 model 0.564 — round 11 did not ship, so the shipped model
    is round 10's. Held at its levels — far BELOW issue 17's targets: macro-F1 0.568 (target
    0.85), ECE 0.167 (0.05), 16.1 % wrong among the 31 answers at p >= 0.9 (3 %); recall attitude
    0.500 (8 items), process 0.538, price 0.778, quality 0.789, none 0.167 (12 items: survey
    reasons for ordering and life events read by topic or left unclassified), not_stated 0.400
    (5 items). Just under the measured levels: the test fails if the model reads third-party
    wording worse, not when it reaches the targets."""
    real = pd.read_csv(REAL_G_PATH, dtype=str, keep_default_na=False)
    assert_quality(
        evaluate(default_classifier(), real),
        macro_f1=0.56,
        recall=0.0,
        recall_floors={"attitude": 0.5, "process": 0.53, "price": 0.77, "quality": 0.78, "none": 0.16},
        ece=0.17,
        confident_wrong=0.17,
        confident_share=0.38,
    )
