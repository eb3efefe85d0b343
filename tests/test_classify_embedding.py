"""The static embedding of the notes classifier (models/classify/embedding.py) and its head.

Known truth: synonyms the training texts never used belong to the family of the words they
stand for, so a model that reads the embedding must get more of them right than one that reads
only the training words, and must lose that gain when the vectors are shuffled between tokens
(the gain is the vectors' meaning, not a second model's extra capacity).
"""

from __future__ import annotations

import copy
import socket

import numpy as np
import pytest

from models.classify import NoteClassifier, estimator, load_corpus, normalize_texts
from models.classify import embedding as emb
from models.classify.estimator import blend_outside

pytestmark = pytest.mark.quick

# Four families, eight words or phrases each; a model trains on the first four of each and is
# asked about the last four, which no training text contains.
LEXICON = {
    "attitude": [
        "rude", "insulting", "arrogant", "disrespectful",
        "condescending", "impolite", "hostile", "sarcastic",
    ],
    "price": [
        "expensive", "overpriced", "costly", "pricey",
        "unaffordable", "exorbitant", "overcharged", "cheaper elsewhere",
    ],
    "quality": [
        "broken", "defective", "faulty", "malfunctioning",
        "damaged", "cracked", "unreliable", "buggy",
    ],
    "none": [
        "moving abroad", "relocating", "deceased", "retired",
        "emigrated", "passed away", "moved overseas", "retirement",
    ],
}  # fmt: skip
TEMPLATES = ("{w}", "very {w}", "it was {w}", "{w} and that is why", "because {w}", "simply {w}")


def _synonym_task() -> tuple[list[str], list[str], list[str], list[str]]:
    train, test = [], []
    for family, words in LEXICON.items():
        for k, word in enumerate(words):
            for template in TEMPLATES:
                (train if k < 4 else test).append((template.format(w=word), family))
    (x, y), (xt, yt) = zip(*train), zip(*test)
    return list(x), list(y), list(xt), list(yt)


def _accuracy(weight: float) -> float:
    x, y, xt, yt = _synonym_task()
    clf = NoteClassifier(embedding_weight=weight, calibration_folds=3).fit(x, y)
    return float(np.mean(clf.predict(xt)["family"].to_numpy() == np.array(yt)))


@pytest.fixture
def shuffled_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedding with its rows permuted: the same numbers, no meaning."""
    shuffled = copy.copy(emb.static_embedding())
    shuffled.vectors = shuffled.vectors[np.random.default_rng(0).permutation(len(shuffled.vectors))]
    monkeypatch.setattr(estimator, "static_embedding", lambda: shuffled)


def test_embedding_reads_synonyms_the_training_texts_never_had() -> None:
    # measured: 0.32 without the embedding, 0.48 with the shipped weight, 0.62 on it alone;
    # chance among four families is 0.25
    without, shipped, alone = _accuracy(0.0), _accuracy(0.5), _accuracy(1.0)
    assert shipped >= without + 0.10, (without, shipped)
    assert alone >= 0.55, alone


def test_the_gain_is_the_vectors_meaning(shuffled_vectors: None) -> None:
    # the same head on shuffled vectors does no better than the training words alone
    assert _accuracy(1.0) <= 0.40


def test_word_by_word_equals_the_whole_text() -> None:
    """transform tokenizes each distinct word once; that is exact only if no piece crosses a
    space, which the whole-text tokenization of the corpus confirms."""
    model = emb.static_embedding()
    texts = [*normalize_texts(load_corpus()["text"])[:3000], "", "a", "me colgo el telefono"]
    encoded = model.tokenizer.encode_batch(texts, add_special_tokens=False)
    ref = np.array([model.vectors[e.ids].mean(axis=0) if e.ids else np.zeros(model.dim) for e in encoded])
    norms = np.linalg.norm(ref, axis=1, keepdims=True)
    ref = ref / np.where(norms > 0, norms, 1.0)
    got = model.transform(texts)
    assert got.shape == (len(texts), 256)
    np.testing.assert_allclose(got, ref, atol=1e-5)
    assert not got[texts.index("")].any()
    assert model.transform([]).shape == (0, 256)


def test_loads_with_the_network_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = emb.StaticEmbedding()  # a fresh load, not the cached one
    vec = model.transform(["rude staff", "personal grosero"])
    assert vec.shape == (2, 256) and np.allclose(np.linalg.norm(vec, axis=1), 1.0)


def test_missing_package_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emb.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(
        emb.EmbeddingUnavailable, match=r"pip install -r requirements.txt.*embedding_weight=0"
    ):
        emb.StaticEmbedding()
    # the model before the embedding needs no package
    x, y, xt, _ = _synonym_task()
    monkeypatch.setattr(
        estimator, "static_embedding", lambda: (_ for _ in ()).throw(AssertionError("embedding read"))
    )
    clf = NoteClassifier(embedding_weight=0.0, calibration_folds=0).fit(x, y)
    assert clf.embedding_model_ is None
    assert len(clf.predict(xt)) == len(xt)


def test_blend_leans_on_the_embedding_only_where_words_are_unknown() -> None:
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.9, 0.1]])
    outside = np.array([[0.2, 0.8], [0.2, 0.8], [0.2, 0.8]])
    out = blend_outside(proba, outside, np.array([1.0, 0.5, 0.0]), weight=0.5)
    np.testing.assert_allclose(out[0], proba[0])  # every word known: the TF-IDF answer
    np.testing.assert_allclose(out[1], 0.75 * proba[1] + 0.25 * outside[1])
    np.testing.assert_allclose(out[2], 0.5 * proba[2] + 0.5 * outside[2])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    np.testing.assert_allclose(blend_outside(proba, outside, np.zeros(3), 0.0), proba)


def test_gibberish_stays_unclassified_with_the_embedding() -> None:
    """The embedding knows sub-word pieces of anything, so it cannot vouch for a text; the
    coverage cap (shrink_unfamiliar) still keeps a text with no known word below the bar."""
    x, y, _, _ = _synonym_task()
    clf = NoteClassifier(embedding_weight=1.0, calibration_folds=3).fit(x, y)
    out = clf.predict(["asdf qwerty", "zxcv uiop hjkl", "lorem ipsum dolor"])
    assert (out["family"] == "unclassified").all(), out
