"""The notes classifier on code lists written by others (tests/data/eval_real_lists*.csv).

Every other evaluation set was written by the hand that wrote the training corpus; this one holds
only values real systems export (regulators' complaint categories, CRM and billing picklists),
copied as worded by third parties. See tests/data/README.md for where each list comes from.
Since issue 17's seventh round the first two batches are training data; the later ones are never
trained on. Each was committed unscored, scored once to judge one round, and then read to build
the next: the third judged round 7, the fourth round 8, the fifth round 9, the sixth round 10,
the seventh round 11 (which did not ship), the eighth and ninth, pooled, round 12 (which did not
ship either), the tenth round 13, the eleventh round 14 (which did not ship); the twelfth and
thirteenth were committed unscored to judge the next change.
A batch committed unscored has no quality floor until it is scored.
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

DATA = Path(__file__).parent / "data"
BATCHES: dict[str, tuple[Path, str, int]] = {
    # name: (file, its SHA-256 pin, the least number of items)
    "first": (
        DATA / "eval_real_lists.csv",
        "8fc01c2dcada86f1f5c0c6358412ea43ae8856253f274bc3dfec2943e433aa89",
        160,
    ),
    # the later batches were committed before any model was run on them (tests/data/README.md)
    "second": (
        DATA / "eval_real_lists_b.csv",
        "2c460ba60f35a5d595570d27a6fd6a7e2fd150ef8f7780039bd0eef78390f499",
        100,
    ),
    "third": (
        DATA / "eval_real_lists_c.csv",
        "4d6626294d1b31d5a6a58ebebc8b2029c7f0c2776592ca408092517626ac8ba5",
        60,
    ),
    "fourth": (
        DATA / "eval_real_lists_d.csv",
        "860db163cd85a12fb395836c3f38a33dbdd3de47885b2da2d05c0009494115f6",
        100,
    ),
    "fifth": (
        DATA / "eval_real_lists_e.csv",
        "8a391a937ef9dcc4fb3b911573c26f25327d45c42df6e5f2074f4d240d22b527",
        90,
    ),
    "sixth": (
        DATA / "eval_real_lists_f.csv",
        "ac7f474fe5d290cea1695634c541979df9c9b670c9b62cca56b8970dbfb8dc6c",
        80,
    ),
    "seventh": (
        DATA / "eval_real_lists_g.csv",
        "9686f7bdfd5d72e1f01c8eed5ca5e47074502581a793b5d9cdff3eef9b368511",
        70,
    ),
    "eighth": (
        DATA / "eval_real_lists_h.csv",
        "84c89036d28b7336974bd9ac98a8b7f632d860c691604a6211bf0fc041274b02",
        65,
    ),
    "ninth": (
        DATA / "eval_real_lists_i.csv",
        "252c8862a3b66dcf18e4e724080b1e02e0756bcf7a1482dbc0883e9eb50ec696",
        76,
    ),
    "tenth": (
        DATA / "eval_real_lists_j.csv",
        "44019f52f3f204aeb08adbc4fbbb1372930c26436a95aef580fa88351c61c15c",
        65,
    ),
    "eleventh": (
        DATA / "eval_real_lists_k.csv",
        "5b59bf4a30cde049f885539ef17aee214f08081816156d9f7b8e45430a6bcbbb",
        56,
    ),
    "twelfth": (
        DATA / "eval_real_lists_l.csv",
        "ec9643ff86e203f398ad1c434764c5def9d25c5a5c703111647da920b2456b8a",
        28,
    ),
    "thirteenth": (
        DATA / "eval_real_lists_m.csv",
        "af8d022059b233a4a08ca2abffce60aa78b2e05bceb72418a9c1f7951b959383",
        30,
    ),
}
TRAINED = ("first", "second")  # training data since issue 17's seventh round
LATER = tuple(name for name in BATCHES if name not in TRAINED)  # never trained on


def _texts(path: Path) -> list[str]:
    return normalize_texts(pd.read_csv(path, dtype=str, keep_default_na=False)["text"])


@pytest.fixture(scope="module", params=list(BATCHES))
def batch(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, Path, str, int]:
    path, sha, size = BATCHES[request.param]
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
    to thirteenth batches are never trained on: none of their items is a training row, after
    normalisation."""
    import models.classify.default as mc

    assert [p.name for p in mc.CODE_LIST_SETS] == [BATCHES[name][0].name for name in TRAINED]
    never = {p.name for p in mc.NEVER_TRAINED}
    assert {BATCHES[name][0].name for name in LATER} <= never
    training = set(normalize_texts(load_training()["text"]))
    for name in LATER:
        assert [t for t in _texts(BATCHES[name][0]) if t in training] == [], name
    held = {t for path in mc.NEVER_TRAINED for t in _texts(path)}
    for name in TRAINED:
        assert [t for t in _texts(BATCHES[name][0]) if t not in held and t not in training] == [], name


@pytest.mark.quick
def test_real_batches_disjoint() -> None:
    """No batch shares an item with an earlier one."""
    seen: set[str] = set()
    for name, (path, _, _) in BATCHES.items():
        texts = set(_texts(path))
        assert not seen & texts, name
        seen |= texts


QUALITY: dict[str, dict[str, object]] = {
    # Each batch held at what the shipped model (issue 17's round 13) scores on it — far BELOW the
    # issue's targets (macro-F1 0.85, lowest recall 0.75, ECE 0.05, 3 % wrong at p >= 0.9) — just
    # under the measured levels: the test fails if the model reads third-party wording worse, not
    # when it reaches the targets. Every scoring of every batch is in bench/README.md ("Code lists
    # worded by others"). Families with too few items for their recall to mean anything get no
    # floor. History: round 10 -> round 13 (corpus round 19).
    #
    # Third (65): judged round 7 at its first scoring (0.543, ECE 0.188, 20 % wrong of 30), then
    # read to build round 8. Round 10 0.549, ECE 0.125, 7.7 % wrong of 26; round 13 0.560, ECE
    # 0.111, 3.8 % wrong of 26; recall process 0.500, quality 0.611, none 0.750, attitude 0.800
    # (price, not_stated: 2 each).
    "third": dict(
        macro_f1=0.55,
        recall_floors={"process": 0.5, "quality": 0.6, "none": 0.74, "attitude": 0.8},
        ece=0.115,
        confident_wrong=0.04,
        confident_share=0.39,
    ),
    # Fourth (104): judged round 8 (round 7 0.710, round 8 0.718), then read. Round 10 0.792, ECE
    # 0.070, 1.8 % wrong of 56; round 13 0.804, ECE 0.060, 1.7 % wrong of 59; recall attitude
    # 0.933, process 0.688, price 0.700, quality 0.833, none 0.591, not_stated 0.714 (7).
    "fourth": dict(
        macro_f1=0.79,
        recall_floors={"attitude": 0.93, "process": 0.68, "price": 0.7, "quality": 0.83, "none": 0.59},
        ece=0.065,
        confident_wrong=0.02,
        confident_share=0.56,
    ),
    # Fifth (97): judged round 9 (round 8 0.580, round 9 0.633), then read. Round 10 0.688, ECE
    # 0.081, 5.3 % wrong of 38; round 13 0.688, ECE 0.069, 9.8 % wrong of 41 (two utility codes
    # that are no failure, "Rehabilitación de servicio" and "Conexión Nueva", already read as an
    # outage at 0.93 and 0.90, crossed 0.9); recall attitude 0.571 (7 items), process 0.706, price
    # 1.000 (4), quality 0.800, none 0.550, not_stated 0.250 (4).
    "fifth": dict(
        macro_f1=0.68,
        recall_floors={"attitude": 0.57, "process": 0.7, "quality": 0.8, "none": 0.55},
        ece=0.075,
        confident_wrong=0.1,
        confident_share=0.42,
    ),
    # Sixth (85): judged round 10 (round 9 0.723, round 10 0.749), then read. Round 10 ECE 0.091,
    # 5.9 % wrong of 34; round 13 0.766, ECE 0.099, 5.6 % wrong of 36; recall attitude 0.867,
    # process 0.750, price 0.800 (5), quality 0.625, none 0.556 (praise read by topic),
    # not_stated 0.667 (3).
    "sixth": dict(
        macro_f1=0.76,
        recall_floors={"attitude": 0.86, "process": 0.75, "quality": 0.62, "none": 0.55},
        ece=0.1,
        confident_wrong=0.06,
        confident_share=0.42,
    ),
    # Seventh (79): judged round 11, which did not ship (round 10 0.568, round 11 0.564), then
    # read. Round 13 0.564, ECE 0.160, 12.9 % wrong of 31; recall attitude 0.500 (8), process
    # 0.538, price 0.778, quality 0.789, none 0.167 (12: survey reasons for ordering and life
    # events read by topic or left unclassified), not_stated 0.400 (5).
    "seventh": dict(
        macro_f1=0.56,
        recall_floors={"attitude": 0.5, "process": 0.53, "price": 0.77, "quality": 0.78, "none": 0.16},
        ece=0.165,
        confident_wrong=0.13,
        confident_share=0.39,
    ),
    # Eighth (69, mostly English) and ninth (81, mostly Spanish, a third attitude): judged round 12
    # pooled, which did not ship (round 10 0.716, round 12 0.705), then read to build round 13.
    # Eighth: round 10 0.730, ECE 0.069, 6.9 % wrong of 29; round 13 0.780, ECE 0.065, 3.4 % wrong
    # of 29; recall attitude 1.000 (2), process 0.714, price 0.833 (6), quality 0.857, none 0.667,
    # not_stated 0.750 (4).
    "eighth": dict(
        macro_f1=0.77,
        recall_floors={"process": 0.71, "quality": 0.85, "none": 0.66},
        ece=0.07,
        confident_wrong=0.04,
        confident_share=0.41,
    ),
    # Ninth: round 10 0.646, ECE 0.136, 8.8 % wrong of 34; round 13 0.688, ECE 0.116, 9.4 % wrong
    # of 32; recall attitude 0.760, process 0.696, price 0.875 (8), quality 0.615, none 0.333 (9:
    # weather, health and life events), not_stated 0.667 (3).
    "ninth": dict(
        macro_f1=0.68,
        recall_floors={"attitude": 0.76, "process": 0.69, "quality": 0.61, "none": 0.33},
        ece=0.12,
        confident_wrong=0.095,
        confident_share=0.39,
    ),
    # Tenth (70, half of it none): judged round 13 (round 10 0.521, round 13 0.531). Round 13:
    # ECE 0.276, 16.7 % wrong of 24; recall attitude 0.500 (2), process 0.800 (5), price 1.000
    # (7), quality 0.700, none 0.306 (a CRM's lost-deal reasons: "no budget", which the batch's
    # labels call none and the model price, other priorities, a project postponed), not_stated
    # 0.400 (leads that stopped answering, read as no follow-up).
    "tenth": dict(
        macro_f1=0.52,
        recall_floors={"quality": 0.7, "none": 0.3, "not_stated": 0.4},
        ece=0.28,
        confident_wrong=0.17,
        confident_share=0.34,
    ),
    # Eleventh (61, process-heavy, 26 of 28 process items Spanish): judged round 14, which did not
    # ship (round 13 0.751, round 14 0.751: the same answers). Round 13: ECE 0.109, 5.7 % wrong of
    # 35; recall attitude 1.000 (3), process 0.750, price 0.600 (5), quality 0.833 (6), none 0.611,
    # not_stated 1.000 (1).
    "eleventh": dict(
        macro_f1=0.74,
        recall_floors={"process": 0.75, "none": 0.61},
        ece=0.115,
        confident_wrong=0.06,
        confident_share=0.57,
    ),
}


@pytest.mark.parametrize("name", LATER)
def test_real_lists_quality(name: str) -> None:
    """Each never-trained batch, collected by a helper who ran no model on it and committed
    unscored, held at the shipped model's levels (the floors and their history: ``QUALITY``). A
    batch gets its floor only once it has been scored; until then it is skipped, not scored."""
    if name not in QUALITY:
        pytest.skip("not scored yet")
    real = pd.read_csv(BATCHES[name][0], dtype=str, keep_default_na=False)
    assert_quality(evaluate(default_classifier(), real), recall=0.0, **QUALITY[name])
