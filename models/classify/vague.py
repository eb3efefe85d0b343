"""Non-answers told by what they lack: a short text with no word that is evidence for any reason.

A non-answer ("ni idea la verdad", "can't remember tbh", "TBD - pending") is not made of
non-answer words so much as *missing* a reason: no word of it speaks for a failure family or for
"none". A bag-of-words model cannot see an absence — it reads whatever few words are there
("personal", "pending", "acuerdo") as weak evidence for some family, and the unit-length
normalisation of the TF-IDF row makes weak evidence look as strong as any. Exact codes
("No Reason Given") are learnt from the corpus; new slang and reworded placeholders are not.

:class:`ContentLexicon` is fitted on the training texts. A *known word* is one that at least
``MIN_COUNT`` hand-written groups of training texts use; a *content word* is a known word that
non-answers seldom use (their share of its use, the families' sizes allowed for, below
``NOT_STATED_MAX``). "precio", "colgaron", "the", "que" are content words; "no", "reason",
"idea", "really", "otros" are known words but no content words. A text of at most
``MAX_TOKENS`` words, every one of them known and none of them a content word — a text made only
of the words non-answers are made of — gets the pseudo-word :data:`VAGUE` appended, and the
classifier learns its weight like any other feature. A text with a word fewer groups use is left
alone: the rare word may be its reason ("No dial tone", "Not delivered"), and
:func:`models.classify.estimator.shrink_unfamiliar` keeps text the model does not know
unclassified. A training text is judged by the *other* groups' words
(:meth:`ContentLexicon.fit_flags`), as new text would be: 144 of the 7,276 training rows carry
the mark, 140 of them non-answers.

Until issue 17's eighth round a content word also had to be used mostly by one reason family,
and a word one other group used counted as known. Function words were then no content words and
a rare word did not stop the mark, so short negated codes — "Not delivered", "No dial tone",
"Dropped calls", "Hung up on me" — were marked and read as non-answers (at 0.53–0.99). On the
development sets (dev, third and fourth; 91 non-answers) the mark now falls on 40 texts, all of
them non-answers (before: 70, 56 of them non-answers). bench/README.md ("Round 8") has what it
changed in grouped cross-validation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from models.classify.classes import FAMILY_CLASSES, NOT_STATED

VAGUE = "ǂǂvague"
"""The pseudo-word appended to a vague text (``ǂ`` as in :mod:`models.classify.cues`: no real
word, nor any of its character n-grams, can collide with it)."""

MAX_TOKENS = 8
"""Longer texts are not marked: a sentence of nine words with no reason in known words is more
often a reason in unknown words than a non-answer."""
MIN_COUNT = 3
"""Groups of training texts a known word needs (counted apart from a training text's own).
2 and 3 scored alike in grouped cross-validation; 3 a little better on the development sets."""
NOT_STATED_MAX = 0.2
"""A word non-answers use this much is no content word ("idea" in "ni idea")."""

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # the word vectorizer's tokens


def _is_content(counts: np.ndarray, size: np.ndarray, reasons: np.ndarray) -> np.ndarray:
    """Content words among rows of ``counts`` (words × families: how many groups of each family
    use the word), given each family's number of groups ``size``."""
    share = counts / np.maximum(size, 1.0)  # how often each family uses the word, per group
    total = share.sum(axis=-1, keepdims=True)
    share = np.divide(share, total, out=np.zeros_like(share), where=total > 0)
    ns = share[..., ~reasons].sum(axis=-1)
    return _is_known(counts) & (ns < NOT_STATED_MAX)


def _is_known(counts: np.ndarray) -> np.ndarray:
    """Words (rows of ``counts``) that at least ``MIN_COUNT`` groups of training texts use."""
    return counts.sum(axis=-1) >= MIN_COUNT


@dataclass(frozen=True)
class ContentLexicon:
    """The content words of a training set (see the module docstring); ``mark`` uses them."""

    words: frozenset[str]
    known: frozenset[str] = frozenset()
    """The known words (used by at least ``MIN_COUNT`` groups of training texts): a text with a
    word outside them is not marked (its rare or unknown word may be its reason;
    :func:`models.classify.estimator.shrink_unfamiliar` keeps unknown text unclassified)."""

    @classmethod
    def fit(
        cls, normalized: Sequence[str], families: Sequence[str], groups: Sequence[object] | None = None
    ) -> ContentLexicon:
        """Content words of normalised training texts with their families (see :meth:`fit_flags`)."""
        return cls.fit_flags(normalized, families, groups)[0]

    @classmethod
    def fit_flags(
        cls, normalized: Sequence[str], families: Sequence[str], groups: Sequence[object] | None = None
    ) -> tuple[ContentLexicon, np.ndarray]:
        """Content words of normalised training texts with their families, and which training
        texts are vague *as new text would be*.

        ``groups``: texts that are variants of one hand-written text (the corpus's clauses) count
        once per word (default: every text its own group). A training text is judged by the
        known and content words of the *other* groups: its own clause does not count, as it would
        not for a text from outside the corpus. Without that, a training text would count its own
        use of each of its words, and the marks the model learns from would not be the marks new
        text gets.
        """
        classes = [c for c in FAMILY_CLASSES if c in set(families)]
        col = {c: i for i, c in enumerate(classes)}
        reasons = np.array([c != NOT_STATED for c in classes])
        group_list = list(range(len(normalized))) if groups is None else list(groups)
        tokens = [set(_TOKEN.findall(t)) for t in normalized]
        index: dict[str, int] = {}
        pairs: set[tuple[int, object, int]] = set()  # (word, group, family) once each
        for words, family, group in zip(tokens, families, group_list):
            for w in words:
                pairs.add((index.setdefault(w, len(index)), group, col[family]))
        counts = np.zeros((len(index), len(classes)))
        if pairs:
            w_idx, _, f_idx = zip(*pairs)
            np.add.at(counts, (np.array(w_idx), np.array(f_idx)), 1.0)
        size = np.zeros(len(classes))
        for _group, family in {(g, col[f]) for g, f in zip(group_list, families)}:
            size[family] += 1.0
        content = _is_content(counts, size, reasons)
        vocab = list(index)
        lexicon = cls(
            frozenset(w for w, keep in zip(vocab, content) if keep),
            frozenset(w for w, keep in zip(vocab, _is_known(counts)) if keep),
        )

        flags = np.zeros(len(normalized), dtype=bool)
        for i, (words, family) in enumerate(zip(tokens, families)):
            n_tokens = len(_TOKEN.findall(normalized[i]))
            if not 0 < n_tokens <= MAX_TOKENS:
                continue
            rows = np.array([index[w] for w in words])
            own = np.zeros(len(classes))
            own[col[family]] = 1.0  # the text's own group, taken out
            others = counts[rows] - own
            flags[i] = _is_known(others).all() and not _is_content(others, size - own, reasons).any()
        return lexicon, flags

    def is_vague(self, text: str) -> bool:
        """Whether a normalised text is short and holds no content word (an empty or wordless
        text is not marked: those are non-answers by rule already)."""
        tokens = _TOKEN.findall(text)
        return (
            0 < len(tokens) <= MAX_TOKENS
            and self.words.isdisjoint(tokens)
            and (not self.known or self.known.issuperset(tokens))
        )

    def mark(
        self, texts: Iterable[str], normalized: Iterable[str], flags: Iterable[bool] | None = None
    ) -> list[str]:
        """``texts`` (the model's texts, cue words included) with :data:`VAGUE` appended where
        the matching ``normalized`` text is vague (or where ``flags`` says so: the training
        texts' flags of :meth:`fit_flags`)."""
        if flags is None:
            flags = (self.is_vague(n) for n in normalized)
        return [f"{t} {VAGUE}" if f else t for t, f in zip(texts, flags)]
