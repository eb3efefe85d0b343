"""The notes classifier on code lists written by others (tests/data/eval_real_lists*.csv).

Every other evaluation set was written by the hand that wrote the training corpus; this one holds
only values real systems export (regulators' complaint categories, CRM and billing picklists),
copied as worded by third parties. See tests/data/README.md for where each list comes from.
Each batch from the third on was committed unscored, scored once to judge one round of issue 17,
and then read to build the next; which batch judged which round, and is trained on since when, is
recorded once, in the table at the top of tests/data/README.md. A batch committed unscored has no
quality floor until it is scored.
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
    "fourteenth": (
        DATA / "eval_real_lists_n.csv",
        "28c83972f9bdac01526139ea6d9ecc029a07e1d4ffcf00a1a1fbdde1f36fd018",
        43,
    ),
    "fifteenth": (
        DATA / "eval_real_lists_o.csv",
        "5d526ca0a69720452425992367cfeea505f08be04776dbadab97ff101e907bbb",
        30,
    ),
    "sixteenth": (
        DATA / "eval_real_lists_p.csv",
        "e1c8fa4cbf6b9d23343e41d5f739e509fd44b8d29be0f2db88e619d1f84ae4c0",
        48,
    ),
    "seventeenth": (
        DATA / "eval_real_lists_q.csv",
        "babfbb826650395ea516413aa585a826a177ebc9735c7c1b66356df1f6a4bcbc",
        69,
    ),
    "eighteenth": (
        DATA / "eval_real_lists_s.csv",
        "6dbbe6f075c517dbd2d192b22edcb6af545b541ecdd270eb037e033fdc54b78a",
        68,
    ),
    "nineteenth": (
        DATA / "eval_real_lists_t.csv",
        "1f2c1a3421e0885c16cfeef15a9ca552edf0d8d93c38052803b09cf2e68fbd72",
        50,
    ),
    "twentieth": (
        DATA / "eval_real_lists_u.csv",
        "9c9f86cc7d979a0ccbf888c7843b0cc1e540d0c04fae2f14b09009e0a5ec6eec",
        49,
    ),
    "twenty_first": (
        DATA / "eval_real_lists_v.csv",
        "6df7ae7248c924e56f1b1fe65792a2d246b891fa1bdc9684940c9fd8aa506c69",
        54,
    ),
    "twenty_second": (
        DATA / "eval_real_lists_w.csv",
        "d2439939bad9f36059c8c1e80302dbb5a7021d116567ec32549886b0a63529e6",
        70,
    ),
    "twenty_third": (
        DATA / "eval_real_lists_x.csv",
        "74266dc56ec83fc10b04023635cceffaed0b79560f0e56e85143337e4c57d807",
        61,
    ),
    "twenty_fourth": (
        DATA / "eval_real_lists_y.csv",
        "cf61cf6514077afc5bb95bf3388f7b95b0425301a5f96ac122fc235045bec70f",
        51,
    ),
    "twenty_fifth": (
        DATA / "eval_real_lists_z.csv",
        "8140092c383a53503e973bae0f05243a11bf6051d7559e51b7fca0b1f87de2f7",
        43,
    ),
    "twenty_sixth": (
        DATA / "eval_real_lists_aa.csv",
        "fd07aa346c282429e69f6c24f98980854366fa272b7a5e77e5a99fef8cbc34f2",
        49,
    ),
    "twenty_seventh": (
        DATA / "eval_real_lists_ab.csv",
        "9a9750359c7580aebce4b07194ad36d585b8f6fa115212f7d395156b807a2af0",
        43,
    ),
    "twenty_eighth": (
        DATA / "eval_real_lists_ac.csv",
        "7d5a30fa2390669723c4148eb36e37878ffc3d9165f25423132f5cec549e3513",
        38,
    ),
    "twenty_ninth": (
        DATA / "eval_real_lists_ad.csv",
        "cd109d5fa29c37655399d1ce567846484e35661cd25cce6ba9e253d9eb7da2f2",
        24,
    ),
    "thirtieth": (
        DATA / "eval_real_lists_ae.csv",
        "aaf7ad7f5ae89dad5f20df95ba728cd0c50497d08fb6064bab4b0c8b14367789",
        51,
    ),
    "thirty_first": (
        DATA / "eval_real_lists_af.csv",
        "d554b21deb5777acd627d578f9a173da3e2c1eb1563a8232555cddc395651766",
        28,
    ),
    "thirty_second": (
        DATA / "eval_real_lists_ag.csv",
        "98cc59cd9e0c20a94a5b0d9c5d86731a4eff067fa2f28256be360969e3a305b9",
        36,
    ),
    "thirty_third": (
        DATA / "eval_real_lists_ah.csv",
        "eae010ad10007ba886b3a37453ce711310b549528ea35bbe3c5134ffb48cc325",
        38,
    ),
    "thirty_fourth": (
        DATA / "eval_real_lists_ai.csv",
        "ebc6fd5b68ee1c4883cb526678ac25bf91de43d80ddd2741bdbb824ee2810bd6",
        46,
    ),
    "thirty_fifth": (
        DATA / "eval_real_lists_aj.csv",
        "633b7fa4c22789f064f66539f7f6618a5e552843b83422b059f5b5358f906e69",
        25,
    ),
    "thirty_sixth": (
        DATA / "eval_real_lists_ak.csv",
        "c211cf51cabce5fadab4f7d8da6922df71bada19c488168694ce6ed372c15c68",
        14,
    ),
    "thirty_seventh": (
        DATA / "eval_real_lists_al.csv",
        "505ecf281112dc33c0241fda8b216ab935822181397d942c632e23a83f1b5510",
        25,
    ),
    "thirty_eighth": (
        DATA / "eval_real_lists_am.csv",
        "c4da26e93cdf0feac18a08ec0d1115a334b5062d9627be6e56772c258d8544aa",
        66,
    ),
    "thirty_ninth": (
        DATA / "eval_real_lists_an.csv",
        "9ea1c0ea54caf66baffb230031a8b115f0071721625a3816fc997858331728e8",
        63,
    ),
    "fortieth": (
        DATA / "eval_real_lists_ao.csv",
        "915d6e137f6a62a00c28e676a4ca33d6e2afd8fe546cb74312dfbda78ff81958",
        42,
    ),
    "forty_first": (
        DATA / "eval_real_lists_ap.csv",
        "0ddb20ad8652a13b0ab322e6eb9fc1ed7961efd63a5a2294bd93ac9ed5328e2c",
        30,
    ),
    "forty_second": (
        DATA / "eval_real_lists_aq.csv",
        "c476f06a0a021aa47081c9bea6ac48d45ac5aed7f2e430bae4aa746dabadebb8",
        36,
    ),
    "forty_third": (
        DATA / "eval_real_lists_ar.csv",
        "a79224e6398dd85439631258f65462a7e39a359e6d9933ecb586a9c81c2e5a91",
        25,
    ),
    "forty_fourth": (
        DATA / "eval_real_lists_as.csv",
        "5bd704a33fdfce977ced11847cb07787afd034bcd0312835bdbb93e89a2d5341",
        43,
    ),
    "forty_fifth": (
        DATA / "eval_real_lists_at.csv",
        "1ebc857c7c00b6fecb35dbbb3f6a502df01dad81f7305eed2b73566e8d9ccd1a",
        38,
    ),
    "forty_sixth": (
        DATA / "eval_real_lists_au.csv",
        "562b68a67d0ba963f505e380f975740ffc782ddb3e7c37acbc47488c0cf1401f",
        50,
    ),
    "forty_seventh": (
        DATA / "eval_real_lists_av.csv",
        "5aaf82db9e3801d7d21fb7ee7c39e4fcf445ec8e9e139ad13e64e36513f8698b",
        50,
    ),
    "forty_eighth": (
        DATA / "eval_real_lists_aw.csv",
        "0913c261fb00f7cc68d7db7764401c792928bfaffd088f0a1bdc17aa10d1bb35",
        47,
    ),
    "forty_ninth": (
        DATA / "eval_real_lists_ax.csv",
        "1d2dc92d61a0941664508de49d4b0379636de21e09a2362ddb73e311e8361567",
        47,
    ),
    "fiftieth": (
        DATA / "eval_real_lists_ay.csv",
        "40449513701a13ef5157e33b64fa358fe4c0258aa918f486af74e7499a9e8292",
        46,
    ),
    "fifty_first": (
        DATA / "eval_real_lists_az.csv",
        "449996f5c151dd8b946ba0581530f463615b1f7fc1b1d49754a938a6147e3cef",
        50,
    ),
    "fifty_second": (
        DATA / "eval_real_lists_ba.csv",
        "c6db8785cf4cc1591978bc9497c2b0f3a189de752b8dcbf1a694bc6125058505",
        41,
    ),
    "fifty_third": (
        DATA / "eval_real_lists_bb.csv",
        "c11d1c49db5f8df5874c1c51dd6f7d1d1b030adb0547678b506b0e7b6a68aef1",
        48,
    ),
    "fifty_fourth": (
        DATA / "eval_real_lists_bc.csv",
        "b4d1071bc318e77d01f7ddd7af97c94a0ce5607233912fdc46a9fe40b504fb1b",
        50,
    ),
    "fifty_fifth": (
        DATA / "eval_real_lists_bd.csv",
        "fa567fa78356cac8800c7e27989e05a5685d2541c7cd73691e37c3339943dae1",
        50,
    ),
}
MISSING_FAMILIES = {
    "eval_real_lists_af.csv": {"not_stated"},
    "eval_real_lists_ak.csv": {"not_stated"},
    "eval_real_lists_al.csv": {"not_stated"},
    "eval_real_lists_ap.csv": {"not_stated"},
    "eval_real_lists_aq.csv": {"not_stated"},
    "eval_real_lists_ar.csv": {"attitude"},
    "eval_real_lists_as.csv": {"not_stated"},
    "eval_real_lists_at.csv": {"attitude"},
    "eval_real_lists_au.csv": {"not_stated"},
    "eval_real_lists_av.csv": {"not_stated"},
    "eval_real_lists_ay.csv": {"not_stated"},
    "eval_real_lists_az.csv": {"not_stated"},
    "eval_real_lists_ba.csv": {"not_stated"},
    "eval_real_lists_bb.csv": {"not_stated"},
    "eval_real_lists_bc.csv": {"not_stated"},
    "eval_real_lists_bd.csv": {"not_stated"},
}
"""Families a batch lacks, with the reason in tests/data/README.md; any other gap fails."""
# the batches trained on, in order (tests/data/README.md's table says since which round)
TRAINED = tuple(BATCHES)[:28]
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
    # every batch holds all six families, but those in MISSING_FAMILIES: their collectors found no
    # value of that family both citable and new (tests/data/README.md); macro-F1 then averages five
    assert set(real["family"]) == set(FAMILY_CLASSES) - MISSING_FAMILIES.get(path.name, set())
    assert set(real["lang"]) <= {"en", "es"}  # the fifteenth found no Spanish value to trace
    texts = normalize_texts(real["text"])
    assert len(set(texts)) == len(texts)
    failures = real[~real["family"].isin(["none", "not_stated"])]
    assert all(SUBTYPES_BY_KEY[s].family == f for s, f in zip(failures["subtype"], failures["family"]))
    assert (real.loc[real["family"].isin(["none", "not_stated"]), "subtype"] == "").all()


@pytest.mark.quick
def test_trained_batches_trained_on_later_ones_never() -> None:
    """The model trains on the batches in ``TRAINED`` (``CODE_LIST_SETS``; since which round: the
    table in tests/data/README.md), all but their items equal to an item of a never-trained set;
    the later batches are never trained on: none of their items is a training row, after
    normalisation."""
    import models.classify.default as mc

    assert [p.name for p in mc.CODE_LIST_SETS] == [BATCHES[name][0].name for name in TRAINED]
    # the code-list part of NEVER_TRAINED is exactly the later batches pinned here (the other
    # never-trained sets are checked in tests/test_classify.py)
    never = {p.name for p in mc.NEVER_TRAINED if p.name.startswith("eval_real_lists")}
    assert {BATCHES[name][0].name for name in LATER} == never
    training = set(normalize_texts(load_training()["text"]))
    for name in LATER:
        assert [t for t in _texts(BATCHES[name][0]) if t in training] == [], name
    held = {t for path in mc.NEVER_TRAINED for t in _texts(path)}
    for name in TRAINED:
        assert [t for t in _texts(BATCHES[name][0]) if t not in held and t not in training] == [], name


@pytest.mark.quick
def test_real_batches_disjoint() -> None:
    """No batch shares an item with an earlier one, but for three enum codes that equal an earlier
    batch's item since round 16 splits one-word CamelCase codes, and the third batch's
    "not-as-described", which equals the fifth's "Not as described" since round 20 splits one-word
    kebab-case codes (each batch was checked disjoint under the normalisation of its day; a later
    batch is checked under today's)."""
    split_since = {
        "fifth": {"not as described"},
        "ninth": {"budget constraints", "business closed"},
        "twelfth": {"something else"},
    }
    seen: set[str] = set()
    for name, (path, _, _) in BATCHES.items():
        texts = set(_texts(path))
        assert seen & texts == split_since.get(name, set()), name
        seen |= texts


@pytest.mark.quick
def test_real_batches_take_no_source_twice() -> None:
    """No batch takes items from a repository or page an earlier batch used (its ``source`` column
    or the provenance bullets of its section in tests/data/README.md), but for the reuses
    tests/data/README.md records: three pages of the twenty-seventh batch and a repository of the
    twenty-eighth, missed by collectors who checked only the ``source`` columns, which the earlier
    batches fill with keys. The first seven batches recorded no repository, so this cannot see a
    reuse of theirs (the twenty-eighth's insurer codes, from the fifth batch's repository, were
    found by hand): ``python -m tests.provenance`` also searches the README's prose."""
    from tests.provenance import batch_origins, readme_sections

    recorded = {
        "twenty_seventh": {
            "arcotel.gob.ec/arcotel-dispone-de-un-sistema-de-atencion-de-reclamos-para-atender-a-la-ciudadania",
            "nuevojujuy.com.ar/generales/12405-las-empresas-de-servicios-al-tope-de-los-reclamos-en-octubre",
            "ombudsman.org.uk/listening-and-learning-2012/complaint-handling/statistics/reasons-for-complaints",
        },
        "twenty_eighth": {"abderhmansaeed/storewndo"},
    }
    sections = readme_sections()
    seen: set[str] = set()
    for name, (path, _, _) in BATCHES.items():
        origins = batch_origins(path, sections.get(path.name, ""))
        assert origins & seen == recorded.get(name, set()), name
        seen |= origins
    assert len(seen) > 250  # the parse found the sources (267 on 2026-12-06)


QUALITY: dict[str, dict[str, object]] = {
    # Each never-trained batch held at what the shipped model scores on it — far BELOW the issue's
    # targets (macro-F1 0.85, lowest recall 0.75, ECE 0.05, 3 % wrong at p >= 0.9) — just under the
    # measured levels: the test fails if the model reads third-party wording worse, not when it
    # reaches the targets. Every scoring of every batch is in bench/README.md ("Code lists worded
    # by others"); the floors the third to thirteenth batches had while they were never trained on
    # are in git history (third to eleventh: `git show f81f313:tests/test_classify_real.py`;
    # twelfth and thirteenth: `git show 3a01e56:tests/test_classify_real.py`). Families with too
    # few items for their recall to mean anything get no floor. A batch gets its floor once scored.
    #
    # The fourteenth to sixteenth are training data since round 19, the seventeenth since round
    # 20; their floors while they were never trained on: `git show f54ac16:tests/test_classify_real.py`
    # (fourteenth to sixteenth) and `git show 19a1b35:tests/test_classify_real.py` (seventeenth).
    #
    # The eighteenth to twentieth are training data since round 23; their floors while they were
    # never trained on: `git show d1a712b:tests/test_classify_real.py`.
    #
    # The twenty-first is training data since round 24; its floor while it was never trained on:
    # `git show 10f1a2a:tests/test_classify_real.py`.
    #
    # The twenty-second is training data since round 25; its floor while it was never trained on:
    # `git show 1a61a35:tests/test_classify_real.py`.
    #
    # The twenty-third to twenty-eighth are training data since round 42; their floors while they
    # were never trained on (round 37's and round 31's levels, with their history):
    # `git show eb92518:tests/test_classify_real.py`.
    #
    # Twenty-ninth (24, 10 English / 14 Spanish: a Colombian internet provider's complaint
    # sub-categories in a public PQRS app, a British trade report's complaint categories, Argentine
    # consumer offices' complaint kinds as the press prints them, five cancellation, renewal and
    # account-deletion enums and option lists in public code): judged round 35, which did not ship
    # (round 31 and round 35 both 22 of 24 right). Round 31 on it: 0.917, ECE 0.109, 6.2 % wrong of
    # 16 at p >= 0.9; recall process 1.000 (7), none 0.714 (7), quality 1.000 (6); attitude (2),
    # price (1) and not_stated (1) are too small to floor.
    # Round 42 (held here since): 0.917, the same 22 right, ECE 0.104, none wrong of 19 at p >= 0.9.
    "twenty_ninth": dict(
        macro_f1=0.91,
        recall_floors={"process": 1.0, "none": 0.71, "quality": 1.0},
        ece=0.11,
        confident_wrong=0.0,
        confident_share=0.79,
    ),
    # Thirtieth (51, 28 English / 23 Spanish: a telecom retention tool's reason selectors, a bank's
    # fault categories, a food-delivery marketplace's review issues, a utility's complaint options, a
    # mobile wallet's call categories, in public code; restaurant and contact-centre complaint
    # surveys, a telecom regulator's billing complaints, two churn tools' cancel-flow templates,
    # Spanish and Argentine press reports of bank and telecom complaints): judged round 37, which
    # shipped (round 31 38 right, 0.760, ECE 0.096; round 37 39 right). Round 37 on it: 0.768, ECE
    # 0.094, 6.7 % wrong of 30 at p >= 0.9; recall attitude 0.750 (12), price 0.692 (13), quality
    # 0.917 (12), process 0.889 (9); none (4) and not_stated (1) are too small to floor.
    # Round 42 (held here since): 0.810, 40 right, ECE 0.098, 3.3 % wrong of 30; attitude 0.833,
    # quality 0.833 (one fewer than round 37).
    "thirtieth": dict(
        macro_f1=0.81,
        recall_floors={"attitude": 0.83, "price": 0.69, "quality": 0.83, "process": 0.88},
        ece=0.10,
        confident_wrong=0.04,
        confident_share=0.58,
    ),
    # Thirty-first (28, 16 English / 12 Spanish: a Colombian credit company's complaint typologies
    # and a utility's claim types in public code, a Spanish regulator's survey of why people change
    # mobile company as two write-ups give it, pages on why customers leave, a broadband churn
    # survey, a tax app's unsubscribe reasons, a portal-deactivation picklist, an order-cancellation
    # list; no not_stated) and thirty-second (36, 29 English / 7 Spanish: bank-complaint and
    # contact-centre QA generators, a B2B lost-customer mapping, a subscription reseller's
    # cancellation enum, EV-charging, home-services, restaurant and ride-sharing complaint types,
    # Spanish pages of bank complaints): judged round 38 together, which did not ship (round 37
    # and round 38 both 52 of 64 right, the same twelve misses). Round 37 on the thirty-first:
    # 0.847, ECE 0.104, 4.5 % wrong of 22 at p >= 0.9; recall price 0.750 (8), quality 0.667 (6),
    # none 1.000 (6); attitude (4) and process (4) are too small to floor.
    # Round 42 on the thirty-first (held here since): 0.869, 24 right, ECE 0.096, none wrong of 21
    # at p >= 0.9; quality 0.833.
    "thirty_first": dict(
        macro_f1=0.86,
        recall_floors={"price": 0.75, "quality": 0.83, "none": 1.0},
        ece=0.10,
        confident_wrong=0.0,
        confident_share=0.75,
    ),
    # Round 37 on the thirty-second: 0.839, ECE 0.118, 8.3 % wrong of 24 at p >= 0.9; recall
    # attitude 0.800 (10), process 0.857 (7), quality 0.667 (6), none 0.667 (6); price (4) and
    # not_stated (3) are too small to floor.
    # Round 42 on the thirty-second (held here since): 0.849, 31 right, ECE 0.120, 4.2 % wrong of
    # 24; attitude 1.000, quality 0.833, process 0.714 (one fewer than round 37).
    "thirty_second": dict(
        macro_f1=0.84,
        recall_floors={"attitude": 1.0, "process": 0.71, "quality": 0.83, "none": 0.66},
        ece=0.12,
        confident_wrong=0.05,
        confident_share=0.66,
    ),
    # Thirty-third (38, 27 English / 11 Spanish: electricity, water, banking and insurance complaint
    # types and case types, a developer platform's downgrade reasons, a dog-food subscription's
    # cancel reasons, a bank-switching survey, an insurance ombudsman's grounds, a Peruvian
    # electricity distributor's claim reasons, a funeral-services system's cancellation reasons):
    # judged round 39, which did not ship (round 37 29 right, round 39 30 but ECE 0.123 against at
    # most 0.122). Round 37 on it: 0.762, ECE 0.102, 4.5 % wrong of 22 at p >= 0.9; recall quality
    # 0.786 (14), process 0.889 (9); attitude (5), none (5), price (3) and not_stated (2) are too
    # small to floor.
    # Round 42 (held here since): 0.769, 30 right, ECE 0.077, 4.5 % wrong of 22; quality 0.857.
    "thirty_third": dict(
        macro_f1=0.76,
        recall_floors={"quality": 0.85, "process": 0.88},
        ece=0.08,
        confident_wrong=0.05,
        confident_share=0.57,
    ),
    # Thirty-fourth (46, 26 English / 20 Spanish: telecom and airline complaints as Spanish and Latin
    # American press and consumer agencies list them, an online course's complaint headings, a
    # payments desk's NPS detractor reasons, a hotel's cancellation reasons, e-commerce return
    # reasons, a carrier's cancellation survey and unsubscribe reasons quoted on a blog): judged
    # round 40, which did not ship (both 39 right). Round 37 on it: 0.888, ECE 0.132, 9.1 % wrong
    # of 33 at p >= 0.9; recall quality 0.833 (18), process 0.818 (11), price 0.714 (7), none
    # 1.000 (6); attitude (3) and not_stated (1) are too small to floor.
    # Round 42 (held here since): 0.914, 39 right, ECE 0.107, 9.1 % wrong of 33.
    "thirty_fourth": dict(
        macro_f1=0.91,
        recall_floors={"quality": 0.83, "process": 0.81, "price": 0.71, "none": 1.0},
        ece=0.11,
        confident_wrong=0.10,
        confident_share=0.71,
    ),
    # Thirty-fifth (25, 22 English / 3 Spanish: a gym's membership-lapse reasons, a UK social-housing
    # prototype's reasons for leaving, an insurance policy-cancellation enum, school dropout and
    # graduate-school withdrawal causes, child-care exit reasons, a CRM's lost-deal reasons) and
    # thirty-sixth (14, 9 English / 5 Spanish: a hosting SDK's termination reasons, an order API's
    # complaint types, telecom contact reasons, single values of six more lists; no not_stated):
    # judged round 42 pooled, which shipped (round 37 23 of 39 right, round 42 24). Round 42 on the
    # thirty-fifth: 0.609, ECE 0.236, 9.1 % wrong of 11 at p >= 0.9; recall none 0.417 (12); the
    # rest too small to floor. On the thirty-sixth: 0.627, ECE 0.213, none wrong of 4; quality
    # 0.667 (6); the rest too small to floor.
    "thirty_fifth": dict(
        macro_f1=0.60,
        recall_floors={"none": 0.41},
        ece=0.24,
        confident_wrong=0.10,
        confident_share=0.44,
    ),
    "thirty_sixth": dict(
        macro_f1=0.62,
        recall_floors={"quality": 0.66},
        ece=0.22,
        confident_wrong=0.0,
        confident_share=0.28,
    ),
    # Thirty-seventh (25, 13 English / 12 Spanish: a course centre's leaving reasons, refund and
    # return reasons of shops and a courier, Australian de-energisation reasons, NHS review codes,
    # GB rail complaint categories, Mexican and Chilean insurance and bank complaint causes, gym
    # cancellation reasons, a funeral-plan CRM's call outcomes; no not_stated): judged round 43,
    # which did not ship (both 18 right). Round 42 on it: 0.755, ECE 0.135, none wrong of 12 at
    # p >= 0.9; recall process 1.000 (9), none 0.333 (9); the rest too small to floor.
    "thirty_seventh": dict(
        macro_f1=0.75,
        recall_floors={"process": 1.0, "none": 0.33},
        ece=0.14,
        confident_wrong=0.0,
        confident_share=0.48,
    ),
    # Thirty-eighth (66, 38 English / 28 Spanish, mostly from public pages: gym leavers' surveys,
    # why people change bank or operator, consumer agencies' and ombudsmen's complaint rankings,
    # hospital, rail, hotel, car-dealer and rental complaints; a Spanish operator's porting codes, a
    # teacher register's withdrawal reasons, a savings cooperative's exit catalogue): judged round
    # 44, which did not ship (it got one more right but failed a guard). Round 42 on it: 0.841, ECE
    # 0.069, none wrong of 37 at p >= 0.9; recall attitude 1.000 (14), process 1.000 (13), none
    # 0.500 (20), price 0.750 (8), quality 0.875 (8); not_stated (3) is too small to floor.
    "thirty_eighth": dict(
        macro_f1=0.84,
        recall_floors={"attitude": 1.0, "process": 1.0, "none": 0.5, "price": 0.75, "quality": 0.87},
        ece=0.07,
        confident_wrong=0.0,
        confident_share=0.56,
    ),
    # Thirty-ninth (63, 33 English / 30 Spanish: surveys of why people leave an internet provider,
    # a restaurant, a clinic, a streamer or a gym, an app-review vendor's tags, insurance and airline
    # complaint types, Profeco complaint guides, Spanish energy-bill complaints, three products'
    # locale files and a telecom SQL list): collected for round 45, which failed a guard before it
    # was needed; scored first with round 42: 45 right, 0.599 (five families 0.719), ECE 0.101,
    # 5.7 % wrong of 35 at p >= 0.9; recall quality 0.947 (19), process 0.733 (15), price 0.727
    # (11), none 0.333 (12); attitude (5) and not_stated (1) are too small to floor.
    "thirty_ninth": dict(
        macro_f1=0.59,
        recall_floors={"quality": 0.94, "process": 0.73, "price": 0.72, "none": 0.33},
        ece=0.11,
        confident_wrong=0.06,
        confident_share=0.55,
    ),
    # Fortieth (42, 28 English / 14 Spanish: why patients leave a dental practice and clients a vet,
    # Canadian telecom complaint issue types, energy billing disputes, subscription platforms'
    # cancel reasons and surveys, Argentine, Mexican and Chilean complaint causes as the press prints
    # them, why parents leave a private school, gym leavers): judged round 46, which did not ship
    # (round 42 36 right, round 46 35). Round 42 on it: 0.828, ECE 0.082, none wrong of 26 at
    # p >= 0.9; recall attitude 1.000 (6), process 0.909 (11), price 0.833 (6), quality 0.917 (12),
    # none 0.500 (6); not_stated (1) is too small to floor.
    "fortieth": dict(
        macro_f1=0.82,
        recall_floors={"attitude": 1.0, "process": 0.9, "price": 0.83, "quality": 0.91, "none": 0.5},
        ece=0.09,
        confident_wrong=0.0,
        confident_share=0.61,
    ),
    # Forty-first to forty-third (30, 36, 25; mostly public pages: telecom, store, bank, energy and
    # insurance complaint and switching reasons; why clients leave clinics, dentists, restaurants,
    # salons, gyms, courses, vets, membership bodies and golf clubs; three locale files): judged
    # round 47 pooled, which did not ship (both 64 of 91). Round 42: the forty-first 0.714, ECE
    # 0.097, none wrong of 15 at p >= 0.9, recall price 0.750 (8), process 0.625 (8), quality 1.000
    # (8), none 0.000 (5); the forty-second 0.796, ECE 0.162, none wrong of 14, attitude 0.818
    # (11), none 0.700 (10), quality 0.429 (7), process 1.000 (6); the forty-third 0.586 (an
    # attitude answer with no attitude item counts as a family with F1 0), ECE 0.171, none wrong
    # of 14, none 0.643 (14). Smaller families are too small to floor.
    "forty_first": dict(
        macro_f1=0.71,
        recall_floors={"price": 0.75, "process": 0.62, "quality": 1.0},
        ece=0.10,
        confident_wrong=0.0,
        confident_share=0.5,
    ),
    "forty_second": dict(
        macro_f1=0.79,
        recall_floors={"attitude": 0.81, "none": 0.7, "quality": 0.42, "process": 1.0},
        ece=0.17,
        confident_wrong=0.0,
        confident_share=0.38,
    ),
    "forty_third": dict(
        macro_f1=0.58,
        recall_floors={"none": 0.64},
        ece=0.18,
        confident_wrong=0.0,
        confident_share=0.55,
    ),
    # Forty-fourth to forty-ninth (43, 38, 50, 50, 47, 47; public pages, one helper a batch, each in
    # an area: telecom and energy; subscriptions and apps; banks, cards and insurance; retail,
    # delivery and travel; health, gyms, schools and donors; B2B lost reasons and call dispositions):
    # judged round 48 pooled, which did not ship (round 42 189 of 275, round 48 184). Round 42, batch
    # by batch (macro-F1, ECE, wrong at p >= 0.9, recall of the families with six items or more):
    # the forty-fourth 0.781, 0.130, 4 of 31, process 0.938 (16), quality 0.923 (13), price 0.556
    # (9); the forty-fifth 0.458 (no attitude item; one attitude answer counts as F1 0), 0.134, 3 of
    # 21, none 0.467 (15), quality 0.909 (11), price 0.889 (9); the forty-sixth 0.527, 0.284, 4 of
    # 17, process 0.533 (15), price 0.833 (12), quality 0.545 (11), attitude 0.333 (6), none 0.167
    # (6); the forty-seventh 0.664, 0.167, 3 of 29, process 0.750 (20), quality 0.733 (15), price
    # 0.714 (7); the forty-eighth 0.731, 0.087, 2 of 18, process 0.875 (16), none 0.400 (10),
    # quality 0.714 (7), attitude 0.667 (6); the forty-ninth 0.745, 0.174, 4 of 24, none 0.450 (20),
    # price 1.000 (8), process 1.000 (7), quality 0.667 (6). Confident shares are floored a hundredth
    # below the measured share where it is a round number, so that float rounding cannot fail them.
    "forty_fourth": dict(
        macro_f1=0.78,
        recall_floors={"process": 0.93, "quality": 0.92, "price": 0.55},
        ece=0.14,
        confident_wrong=0.13,
        confident_share=0.72,
    ),
    "forty_fifth": dict(
        macro_f1=0.45,
        recall_floors={"none": 0.46, "quality": 0.9, "price": 0.88},
        ece=0.14,
        confident_wrong=0.15,
        confident_share=0.55,
    ),
    "forty_sixth": dict(
        macro_f1=0.52,
        recall_floors={"process": 0.53, "price": 0.83, "quality": 0.54, "attitude": 0.33, "none": 0.16},
        ece=0.29,
        confident_wrong=0.24,
        confident_share=0.33,
    ),
    "forty_seventh": dict(
        macro_f1=0.66,
        recall_floors={"process": 0.75, "quality": 0.73, "price": 0.71},
        ece=0.17,
        confident_wrong=0.11,
        confident_share=0.57,
    ),
    "forty_eighth": dict(
        macro_f1=0.73,
        recall_floors={"process": 0.87, "none": 0.4, "quality": 0.71, "attitude": 0.66},
        ece=0.09,
        confident_wrong=0.12,
        confident_share=0.38,
    ),
    "forty_ninth": dict(
        macro_f1=0.74,
        recall_floors={"none": 0.45, "price": 1.0, "process": 1.0, "quality": 0.66},
        ece=0.18,
        confident_wrong=0.17,
        confident_share=0.51,
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


SECOND_READINGS = {
    "xyz": (
        DATA / "second_reading_xyz.csv",
        "c9b87c3f425bef93ef0b85672cb131cf628b470a82528189d5f4f55c805e055e",
        {"x": "twenty_third", "y": "twenty_fourth", "z": "twenty_fifth"},
        {"A", "B", "C", "D"},
    ),
    "as-ax": (
        DATA / "second_reading_as_ax.csv",
        "1bcdf8e5d9955345731dae8fad05c374b7dd30eda78e948ee9cf0955a1f5e2dc",
        {
            "as": "forty_fourth",
            "at": "forty_fifth",
            "au": "forty_sixth",
            "av": "forty_seventh",
            "aw": "forty_eighth",
            "ax": "forty_ninth",
        },
        {"A", "B"},
    ),
}
"""The second readings bench/label_agreement.py scores (tests/data/README.md): file, digest, the
batches read (letter: name in ``BATCHES``) and the readers."""


@pytest.mark.quick
@pytest.mark.parametrize("reading", sorted(SECOND_READINGS))
def test_second_reading_covers_every_item_once_per_reader(reading: str) -> None:
    """Each second reading is frozen, and each of its readers gives one family, and a subtype of
    that family or none, to every item of the batches it reads."""
    path, digest, batches, readers = SECOND_READINGS[reading]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    readings = pd.read_csv(path, dtype=str, keep_default_na=False)
    items = sorted(
        (b, t) for b, name in batches.items() for t in pd.read_csv(BATCHES[name][0], dtype=str)["text"]
    )
    assert set(readings["reader"]) == readers
    for _, part in readings.groupby("reader"):
        assert sorted(zip(part["batch"], part["text"])) == items
    assert set(readings["family"]) <= set(FAMILY_CLASSES)
    assert set(readings["sure"]) == {"yes", "no"}
    typed = readings[readings["subtype"] != ""]
    assert [SUBTYPES_BY_KEY[s].family for s in typed["subtype"]] == typed["family"].tolist()


CHARGE_READING = (
    DATA / "second_reading_charges.csv",
    "2018a17894d8e774d86124b8e52b4dbef3547f8895c6a46de80968b84ccd75f0",
)


@pytest.mark.quick
def test_charge_reading_covers_every_read_item_once_per_reader() -> None:
    """The charge readings bench/charge_line.py scores (tests/data/README.md): frozen, three readers,
    each choosing once for every item, and every item a scored batch's item labelled
    billing_error or unexpected_charges."""
    path, digest = CHARGE_READING
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    readings = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(readings["reader"]) == {"A", "B", "C"}
    assert set(readings["choice"]) <= {"billing_error", "unexpected_charges", "price_too_high", "other"}
    assert set(readings["family"]) <= set(FAMILY_CLASSES)
    assert set(readings["sure"]) == {"yes", "no"}
    items = sorted(set(zip(readings["batch"], readings["text"])))
    assert len(items) == 188
    for _, part in readings.groupby("reader"):
        assert sorted(zip(part["batch"], part["text"])) == items
    names = {"a": "eval_real_lists.csv"}
    labelled = set()
    for batch in {b for b, _ in items}:
        frame = pd.read_csv(
            DATA / names.get(batch, f"eval_real_lists_{batch}.csv"), dtype=str, keep_default_na=False
        )
        charged = frame[frame["subtype"].isin(["billing_error", "unexpected_charges"])]
        labelled |= {(batch, t) for t in charged["text"]}
    assert set(items) <= labelled
