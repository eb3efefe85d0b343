"""The hashed TF-IDF engine: the fitted scikit-learn features, recomputed with numpy.

The classifier's features are a :class:`~sklearn.pipeline.FeatureUnion` of TF-IDF over word
1–2-grams and over character 2–5-grams inside word boundaries (``char_wb``), built by
:func:`make_features`. Character n-grams carry the typos, abbreviations ("xq", "cte") and
inflections ("colgó"/"colgaron") that words miss.

Speed
-----
scikit-learn's vectorizers build n-grams in Python, about 150 µs a note: 1,000,000 notes take
154 s and 8.6 GB with ``Pipeline.predict`` (bench/bench_classify.py, 2-core AMD EPYC).
:class:`FastTfidf` computes the *same* matrix with numpy in 25 s and 1.3 GB: n-grams become
integer keys (exact base-B encoding of characters; a 64-bit polynomial hash for word tokens),
looked up in the fitted vocabularies through an open-addressing hash table, then weighted and
normalised as :class:`~sklearn.feature_extraction.text.TfidfVectorizer` does. Character n-grams
(``char_wb``) never cross a word boundary, so they are counted once per distinct word and summed
into notes with a sparse product. Tests check the matrices and the probabilities agree with
scikit-learn's.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.special import expit as _expit
from scipy.special import softmax as _softmax
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize as _row_normalize

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
# Fixed, not parameters: the fast transform reproduces exactly these analyzers (char_wb with a
# smallest n of 2 or 3; the default word token pattern), and the corpus was checked with them.


def make_features() -> FeatureUnion:
    """The unfitted word + char_wb TF-IDF union the classifier trains (input already normalised)."""
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(lowercase=False, ngram_range=WORD_NGRAMS, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    lowercase=False, analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True
                ),
            ),
        ]
    )


_U64 = np.uint64
_MULT = _U64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier (odd, good bit spread)
_R = _U64(0x100000001B3)  # polynomial base for word tokens
_LEN_SALT = _U64(0xD6E8FEB86659FD93)
_BIGRAM_SALT = _U64(0xA0761D6478BD642F)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of a uint64 array (wrapping arithmetic)."""
    z = z ^ (z >> _U64(30))
    z = z * _U64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> _U64(27))
    z = z * _U64(0x94D049BB133111EB)
    return z ^ (z >> _U64(31))


@functools.lru_cache(maxsize=1)
def _word_char_table() -> np.ndarray:
    """For every BMP code point, whether ``re``'s ``\\w`` matches it (alnum or underscore)."""
    table = np.fromiter((chr(c).isalnum() for c in range(0x10000)), dtype=bool, count=0x10000)
    table[ord("_")] = True
    return table


class _HashIndex:
    """Vectorised open-addressing hash map from uint64 keys to int32 values (−1 = absent).

    Sized at 4 × the number of keys, so a lookup costs about 1.2 probes; every probe round is a
    few numpy passes over the queries still unresolved.
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        n = max(len(keys), 1)
        bits = max(math.ceil(math.log2(n * 4)), 4)
        self.shift = _U64(64 - bits)
        self.mask = (1 << bits) - 1
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.values = np.full(1 << bits, -1, dtype=np.int32)
        slots = self._slots(keys.astype(np.uint64))
        for key, value, slot in zip(keys.tolist(), values.tolist(), slots.tolist()):
            while self.values[slot] >= 0:
                if int(self.keys[slot]) == key:
                    raise ValueError("duplicate key in vocabulary index")
                slot = (slot + 1) & self.mask
            self.keys[slot] = key
            self.values[slot] = value

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _MULT) >> self.shift).astype(np.intp)

    def lookup(self, queries: np.ndarray) -> np.ndarray:
        out = np.full(len(queries), -1, dtype=np.int32)
        pending = np.arange(len(queries))
        slots = self._slots(queries)
        q = queries
        while pending.size:
            vals = self.values[slots]
            hit = (self.keys[slots] == q) & (vals >= 0)
            out[pending[hit]] = vals[hit]
            more = (vals >= 0) & ~hit
            pending = pending[more]
            q = q[more]
            slots = (slots[more] + 1) & self.mask
        return out


def _layout(docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of ``" doc "`` for every document, separated by ``"\\n"``; and each position's doc.

    Normalised documents hold no newline, so the separator can never be part of an n-gram.
    """
    padded = [f" {d} " if d else "" for d in docs]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded)) + 1
    cp = np.frombuffer(("\n".join(padded) + "\n").encode("utf-32-le"), dtype=np.uint32)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    return cp, doc_of


def _word_tokens(cp: np.ndarray, doc_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tokens as ``(?u)\\b\\w\\w+\\b`` finds them: maximal runs of ≥ 2 word characters.

    Returns each token's document and a 64-bit key (polynomial hash of its code points, salted
    with its length), in text order.
    """
    table = _word_char_table()
    small = cp < 0x10000
    is_word = np.zeros(len(cp), dtype=bool)
    is_word[small] = table[cp[small]]
    if not small.all():  # astral code points: rare, ask Python
        big = np.flatnonzero(~small)
        is_word[big] = [chr(int(c)).isalnum() for c in cp[big]]
    edges = np.diff(is_word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)  # exclusive
    lens = ends - starts
    keep = lens >= 2
    starts, lens = starts[keep], lens[keep]
    if starts.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    return doc_of[starts], _run_keys(cp, starts, lens)


def _run_keys(cp: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """64-bit key of each run ``cp[start:start + len]``: polynomial hash salted with the length.

    Two different runs share a key with probability about 2⁻⁶⁴ per pair; with ~10⁵ distinct
    tokens that is a collision chance below 10⁻⁹ in a whole run.
    """
    if starts.size == 0:
        return np.zeros(0, np.uint64)
    # longest first, so the runs still growing at step k are a prefix (slices, not masks)
    order = np.argsort(-lens, kind="stable")
    s_sorted, l_sorted = starts[order], lens[order]
    h = np.zeros(len(order), dtype=np.uint64)
    counts = np.bincount(l_sorted)
    remaining = len(order) - np.cumsum(counts)  # remaining[k]: runs longer than k
    for k in range(int(l_sorted[0])):
        m = int(remaining[k])
        h[:m] = h[:m] * _R + cp[s_sorted[:m] + k].astype(np.uint64)
    h = _mix(h + l_sorted.astype(np.uint64) * _LEN_SALT)
    keys = np.empty_like(h)
    keys[order] = h
    return keys


def _bigram_keys(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return _mix(left * _R + right + _BIGRAM_SALT)


class Features(NamedTuple):
    """What :meth:`FastTfidf.transform` computes for a batch of normalised documents."""

    words: sp.csr_matrix
    """word 1–2-gram TF-IDF rows"""
    chars: sp.csr_matrix
    """char_wb 2–5-gram TF-IDF rows"""
    coverage: np.ndarray
    """share of each document's words the vocabulary knows, weighted by idf (see :func:`coverage`)"""
    n_tokens: np.ndarray
    """number of word tokens (runs of ≥ 2 word characters) in each document, not counting the
    model's pseudo-words"""


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token pattern


def unknown_idf(idf: np.ndarray) -> float:
    """The weight of a word seen in no training document: the smooth idf of df = 0, which is
    the rarest known word's (df = 1) plus ln 2."""
    return float(idf.max()) + math.log(2.0) if idf.size else 1.0


PSEUDO_PREFIX = "ǂǂ"
"""What opens the pseudo-words the classifier appends to a text (the cue words of
:mod:`models.classify.cues`, the vague mark of :mod:`models.classify.vague`)."""


def coverage(words: TfidfVectorizer, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Familiarity of each document to a fitted word vectorizer, the reference implementation.

    Coverage is the idf-weighted share of the document's word tokens found in the vocabulary:
    a word nobody used in training weighs as much as the rarest known word, and a common word
    ("que", "the") weighs little, so "asdf qwerty" and a note about a subject the corpus never
    met score low while a note in the corpus's words scores near 1. Documents with no token
    score 0. Pseudo-words (``PSEUDO_PREFIX``) are the model's own marks, always known: they count
    neither towards coverage, or "asdf qwerty" with its vague mark would look familiar, nor as
    tokens, or "-" with its length mark would have a word. Returns ``(coverage, n_tokens)``;
    :meth:`FastTfidf.transform` computes the same.
    """
    vocab, idf = words.vocabulary_, words.idf_
    unknown = unknown_idf(idf)
    cov = np.zeros(len(docs))
    n_tok = np.zeros(len(docs), dtype=np.int64)
    for i, doc in enumerate(docs):
        tokens = _TOKEN.findall(doc)
        # the fast path knows a pseudo-word by its vocabulary column: the ones in the vocabulary
        n_tok[i] = sum(not (t.startswith(PSEUDO_PREFIX) and t in vocab) for t in tokens)
        weights = [
            (idf[vocab[t]], True) if t in vocab else (unknown, False)
            for t in tokens
            if not t.startswith(PSEUDO_PREFIX)
        ]
        total = sum(w for w, _ in weights)
        cov[i] = sum(w for w, known in weights if known) / total if total > 0 else 0.0
    return cov, n_tok


class FastTfidf:
    """The fitted word + char_wb TF-IDF union, recomputed with numpy (same matrix, ~10× faster).

    Built from a fitted :class:`FeatureUnion` of two :class:`TfidfVectorizer` (words first,
    then ``char_wb``); reads their ``vocabulary_`` and ``idf_``.
    """

    def __init__(self, union: FeatureUnion) -> None:
        (_, words), (_, chars) = union.transformer_list
        self.n_words = len(words.vocabulary_)
        self.n_chars = len(chars.vocabulary_)
        self.word_ngrams = words.ngram_range
        self.char_ngrams = chars.ngram_range
        self.word_idf = words.idf_.astype(np.float64)
        self.char_idf = chars.idf_.astype(np.float64)
        self.sublinear = (words.sublinear_tf, chars.sublinear_tf)
        self.unknown_idf = unknown_idf(self.word_idf)

        # characters: a compact alphabet (id 0 = a character no vocabulary n-gram contains)
        char_terms = list(chars.vocabulary_)
        alphabet = sorted({ch for term in char_terms for ch in term})
        self.base = _U64(len(alphabet) + 1)
        size = max(ord(ch) for ch in alphabet) + 2
        self.char_ids = np.zeros(size, dtype=np.uint64)
        for i, ch in enumerate(alphabet, start=1):
            self.char_ids[ord(ch)] = i
        self.space_id = self.char_ids[ord(" ")]
        keys = np.array([self._char_key(t) for t in char_terms], dtype=np.uint64)
        cols = np.array([chars.vocabulary_[t] for t in char_terms], dtype=np.int32)
        self.char_index = _HashIndex(keys, cols)

        # words: the same tokeniser over the vocabulary's own terms gives their keys
        word_terms = list(words.vocabulary_)
        cp, doc_of = _layout(word_terms)
        tok_doc, tok_key = _word_tokens(cp, doc_of)
        n_tok = np.bincount(tok_doc, minlength=len(word_terms))
        first = np.concatenate(([0], np.cumsum(n_tok)[:-1]))
        wkeys = tok_key[first].copy()
        two = n_tok == 2
        wkeys[two] = _bigram_keys(tok_key[first[two]], tok_key[first[two] + 1])
        if np.any((n_tok < 1) | (n_tok > 2)):
            raise ValueError("word vocabulary holds terms the fast transform cannot key")
        cols = np.array([words.vocabulary_[t] for t in word_terms], dtype=np.int32)
        self.word_index = _HashIndex(wkeys, cols)
        # the model's own pseudo-words: known, but no evidence of familiarity (see coverage)
        self.word_pseudo = np.zeros(self.n_words, dtype=bool)
        self.word_pseudo[[words.vocabulary_[t] for t in word_terms if t.startswith(PSEUDO_PREFIX)]] = True

    def _char_key(self, term: str) -> int:
        key = 0
        base = int(self.base)
        for ch in term:
            key = (key * base + int(self.char_ids[ord(ch)])) & 0xFFFFFFFFFFFFFFFF
        return key

    def transform(self, docs: Sequence[str]) -> Features:
        """Word and char TF-IDF blocks, and word coverage, for already-normalised documents."""
        n = len(docs)
        cp, doc_of = _layout(docs)
        # --- words
        tok_doc, tok_key = _word_tokens(cp, doc_of)
        unigram_cols = self.word_index.lookup(tok_key)
        rows, cols = [], []
        if self.word_ngrams[0] <= 1:
            rows.append(tok_doc)
            cols.append(unigram_cols)
        if self.word_ngrams[1] >= 2 and tok_doc.size > 1:
            same = tok_doc[1:] == tok_doc[:-1]
            rows.append(tok_doc[:-1][same])
            cols.append(self.word_index.lookup(_bigram_keys(tok_key[:-1][same], tok_key[1:][same])))
        counts = self._matrix(rows, cols, n, self.n_words)
        x_words = self._weight(counts, self.word_idf, self.sublinear[0])
        x_chars = self._char_tfidf(cp, doc_of, n)
        # --- coverage: idf-weighted share of the words the vocabulary knows
        known = unigram_cols >= 0
        weight = np.where(known, self.word_idf[np.maximum(unigram_cols, 0)], self.unknown_idf)
        pseudo = known & self.word_pseudo[np.maximum(unigram_cols, 0)]
        weight[pseudo] = 0.0
        total = np.bincount(tok_doc, weights=weight, minlength=n)
        known_mass = np.bincount(tok_doc, weights=weight * known, minlength=n)
        cov = np.divide(known_mass, total, out=np.zeros(n), where=total > 0)
        n_tokens = np.bincount(tok_doc[~pseudo], minlength=n)
        return Features(x_words, x_chars, cov, n_tokens)

    def _char_tfidf(self, cp: np.ndarray, doc_of: np.ndarray, n_docs: int) -> sp.csr_matrix:
        """char_wb TF-IDF. n-grams never cross a word boundary, so a document's counts are the
        sum of its words' counts: count each distinct word once (real notes repeat words far
        more than they repeat notes), then sum with a sparse product documents × words."""
        is_gap = (cp == 32) | (cp == 10)
        edges = np.diff((~is_gap).view(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts = np.flatnonzero(edges == 1)
        lens = np.flatnonzero(edges == -1) - starts
        if starts.size == 0:
            return sp.csr_matrix((n_docs, self.n_chars), dtype=np.float64)
        _, first, word_id = np.unique(_run_keys(cp, starts, lens), return_index=True, return_inverse=True)
        # every word sits between two spaces in the layout, so cp[start - 1 : end + 1] is the
        # padded word " w "; lay the distinct ones out again, "\n"-separated
        block = lens[first] + 3
        ends = np.cumsum(block)
        total = int(ends[-1])
        idx = np.arange(total) - np.repeat(ends - block, block) + np.repeat(starts[first] - 1, block)
        idx[ends - 1] = len(cp) - 1  # the layout ends with the "\n" separator
        word_of = np.repeat(np.arange(len(first)), block)
        counts = self._char_counts(cp[idx], word_of, len(first))
        docs_words = sp.csr_matrix(
            (np.ones(len(starts)), (doc_of[starts], word_id.ravel())), shape=(n_docs, len(first))
        )
        x = (docs_words @ counts).tocsr()
        return self._weight(x, self.char_idf, self.sublinear[1])

    def _char_counts(self, cp: np.ndarray, owner: np.ndarray, n_rows: int) -> sp.csr_matrix:
        """Counts of vocabulary char n-grams: windows inside one padded word, i.e. with no
        unknown character and no space strictly inside (a space inside spans two words)."""
        ids = self.char_ids[np.minimum(cp, len(self.char_ids) - 1)]
        key = ids.copy()
        valid = ids != 0
        rows, keys = [], []
        lo, hi = self.char_ngrams
        for width in range(2, hi + 1):
            m = len(ids) - width + 1
            if m <= 0:
                break
            key = key[:m] * self.base + ids[width - 1 :]
            valid = valid[:m] & (ids[width - 1 :] != 0)
            if width >= 3:
                valid &= ids[width - 2 : width - 2 + m] != self.space_id
            if width >= lo:
                pos = np.flatnonzero(valid)
                rows.append(owner[pos])
                keys.append(key[pos])
        cols = [self.char_index.lookup(k) for k in keys]
        return self._matrix(rows, cols, n_rows, self.n_chars)

    @staticmethod
    def _matrix(
        rows: list[np.ndarray], cols: list[np.ndarray], n_rows: int, n_features: int
    ) -> sp.csr_matrix:
        """Rows × vocabulary counts from (row, column) pairs; unknown n-grams (column −1) dropped."""
        if rows:
            r = np.concatenate(rows)
            c = np.concatenate(cols)
            known = c >= 0
            r, c = r[known], c[known]
        else:
            r = c = np.zeros(0, dtype=np.int64)
        # COO → CSR sums repeated (row, n-gram) pairs into counts, as CountVectorizer does
        return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n_rows, n_features), dtype=np.float64)

    @staticmethod
    def _weight(x: sp.csr_matrix, idf: np.ndarray, sublinear: bool) -> sp.csr_matrix:
        """Counts → TF-IDF rows of unit L2 norm, as TfidfTransformer does.

        ``x`` holds no repeated (row, column) entries (COO → CSR and the sparse product both sum
        them); its column indices need not be sorted.
        """
        if sublinear:
            np.log(x.data, out=x.data)
            x.data += 1.0
        x.data *= idf[x.indices]
        return _row_normalize(x, norm="l2", copy=False)


def block_proba(model: Any, x_words: sp.csr_matrix, x_chars: sp.csr_matrix) -> np.ndarray:
    """``model.predict_proba(hstack([x_words, x_chars]))`` without building the stacked matrix.

    The linear part is summed block by block against the matching slices of the coefficients
    (stacking two large sparse blocks costs more than the whole prediction). Covers the
    models :class:`NoteClassifier` fits: LogisticRegression, MultinomialNB and a soft
    VotingClassifier of them; tests compare it with ``predict_proba``.
    """
    n_words = x_words.shape[1]

    def linear(weights: np.ndarray, offset: np.ndarray) -> np.ndarray:
        return np.asarray(x_words @ weights[:, :n_words].T + x_chars @ weights[:, n_words:].T) + offset

    if isinstance(model, VotingClassifier):
        w = np.asarray(model.weights if model.weights is not None else [1.0] * len(model.estimators_), float)
        return sum(wi * block_proba(est, x_words, x_chars) for wi, est in zip(w / w.sum(), model.estimators_))
    if isinstance(model, LogisticRegression):
        d = linear(model.coef_, model.intercept_)
        if d.shape[1] == 1:  # binary: one decision column for the second class
            p = _expit(d[:, 0])
            return np.column_stack([1.0 - p, p])
        return _softmax(d, axis=1)
    if isinstance(model, MultinomialNB):
        return _softmax(linear(model.feature_log_prob_, model.class_log_prior_), axis=1)
    raise TypeError(f"no block-wise probabilities for {type(model).__name__}")
