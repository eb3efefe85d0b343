"""Non-answers told by what they lack: a short text with no word that is evidence for any reason.

A non-answer ("ni idea la verdad", "can't remember tbh", "TBD - pending") is not made of
non-answer words so much as *missing* a reason: no word of it speaks for a failure family or for
"none". A bag-of-words model cannot see an absence — it reads whatever few words are there
("personal", "pending", "acuerdo") as weak evidence for some family, and the unit-length
normalisation of the TF-IDF row makes weak evidence look as strong as any. Exact codes
("No Reason Given") are learnt from the corpus; new slang and reworded placeholders are not.

:class:`ContentLexicon` is fitted on the training texts: a *content word* is a word that at
least ``MIN_COUNT`` hand-written groups of training texts use and that, once the families' sizes
are allowed for, is mostly used by one family other than not_stated (share ≥ ``SHARE``) and
seldom by non-answers (share < ``NOT_STATED_MAX``). "precio", "colgaron", "gracias" are content
words; "the", "que", "really", "idea" are not. A text of at most ``MAX_TOKENS`` words none of
which is a content word, and every one of which the training texts use, gets the pseudo-word
:data:`VAGUE` appended, and the classifier learns its weight like any other feature. (A short
text with an unknown word is left alone: the unknown word may be its reason, and
:func:`models.classify.estimator.shrink_unfamiliar` keeps text the model does not know
unclassified.) A training text is judged by the *other* groups' words
(:meth:`ContentLexicon.fit_flags`), so training texts of every family whose reason is in a rare
word carry the mark too (322 of the corpus's 5,684 rows, 201 of them non-answers): the model
learns that the mark is evidence for a non-answer, not proof.

On the development sets (first, dev, third and fourth; 91 non-answers) the mark falls on 70
texts, 56 of them non-answers; the others are mostly short codes whose reason is a word fewer
than three of the corpus's clauses use ("Retired", "Bankruptcy", "Compromiso Incumplido").
bench/README.md has what it changed in grouped cross-validation and on those sets.
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
"""Groups of training texts a content word needs (counted apart from a training text's own).
2 and 3 scored alike in grouped cross-validation; 3 a little better on the development sets."""
SHARE = 0.4
"""Least share of one reason family (families weighed by their sizes); 0.3 scored alike."""
NOT_STATED_MAX = 0.2
"""A word non-answers use this much is no content word ("idea" in "ni idea")."""

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # the word vectorizer's tokens


def _is_content(counts: np.ndarray, size: np.ndarray, reasons: np.ndarray) -> np.ndarray:
    """Content words among rows of ``counts`` (words × families: how many groups of each family
    use the word), given each family's number of groups ``size``."""
    share = counts / np.maximum(size, 1.0)  # how often each family uses the word, per group
    total = share.sum(axis=-1, keepdims=True)
    share = np.divide(share, total, out=np.zeros_like(share), where=total > 0)
    top = share[..., reasons].max(axis=-1) if reasons.any() else np.zeros(share.shape[:-1])
    ns = share[..., ~reasons].sum(axis=-1)
    return (counts.sum(axis=-1) >= MIN_COUNT) & (top >= SHARE) & (ns < NOT_STATED_MAX)


@dataclass(frozen=True)
class ContentLexicon:
    """The content words of a training set (see the module docstring); ``mark`` uses them."""

    words: frozenset[str]
    known: frozenset[str] = frozenset()
    """Every word of the training texts: a text with a word outside it is not marked (its
    unknown word may be its reason; :func:`models.classify.estimator.shrink_unfamiliar` keeps
    such text unclassified instead)."""

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
        content words of the *other* groups: a word only its own clause uses does not count, as it
        would not for a text from outside the corpus. Without that, every training text of a
        failure would find its own words among the content words, the mark would fall on
        non-answers alone, and the model would take it for proof; on new text it falls on
        failures in unknown words as well.
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
        lexicon = cls(frozenset(w for w, keep in zip(vocab, content) if keep), frozenset(vocab))

        flags = np.zeros(len(normalized), dtype=bool)
        for i, (words, family) in enumerate(zip(tokens, families)):
            n_tokens = len(_TOKEN.findall(normalized[i]))
            if not 0 < n_tokens <= MAX_TOKENS:
                continue
            rows = np.array([index[w] for w in words])
            own = np.zeros(len(classes))
            own[col[family]] = 1.0  # the text's own group, taken out
            others = counts[rows] - own
            known = others.sum(axis=1) > 0
            flags[i] = known.all() and not _is_content(others, size - own, reasons).any()
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
