"""Free-text failure classification: agent notes, complaints and exit reasons → family and subtype.

The structured signals (transfers, waits, repeat contacts…) are read elsewhere; this module reads
what people wrote, in Spanish or English, and says which failure family it describes
(``attitude``, ``process``, ``price``, ``quality``), ``none`` when the text is not about a service
failure at all ("cliente consulta saldo, se resuelve", "moving abroad"), or ``unclassified`` when
the model is not sure enough — those rows are listed for review instead of guessed.

Model
-----
A scikit-learn :class:`~sklearn.pipeline.Pipeline`:

1. ``normalize``: lower case, accents stripped, whitespace collapsed (:func:`normalize_text`),
   so "MALA ATENCIÓN", "mala atencion" and "mala  atención" are one text.
2. ``features``: a :class:`~sklearn.pipeline.FeatureUnion` of TF-IDF over word 1–2-grams and
   over character 2–5-grams inside word boundaries (``char_wb``). Character n-grams carry the
   typos, abbreviations ("xq", "cte") and inflections ("colgó"/"colgaron") that words miss.
3. ``family``: a multinomial :class:`~sklearn.linear_model.LogisticRegression` over the families
   plus ``none``, averaged (soft vote) with a :class:`~sklearn.naive_bayes.MultinomialNB` on the
   same features — both linear in the features; see ``nb_weight``.

The subtype comes from a second logistic regression on the same features, trained on the rows
that carry a subtype, and is read only among the subtypes of the predicted family. Two heads
rather than one model over 21 subtypes summed to families, because (a) users often label only
the family (the review screen asks "which family?"), and those rows still train the family
head; (b) the family head pools a family's subtypes, so its decision is not split across
near-synonymous subtypes ("me cobraron doble" is a billing error but close to an unexpected
charge); (c) the subtype can never contradict the family; and (d) it scores better: in
cross-validation on the corpus grouped by hand-written clause, summing a 22-class model's
probabilities into families gave macro-F1 0.818 with 17 % of notes unclassified, the family
logistic regression 0.847 with 8 %, at the same C.

Speed
-----
scikit-learn's vectorizers build n-grams in Python, about 150 µs a note: 1,000,000 notes take
154 s and 8.6 GB with ``Pipeline.predict`` (bench/bench_classify.py, 2-core AMD EPYC).
:meth:`NoteClassifier.predict` computes the *same* matrix with numpy in 25 s and 1.3 GB:
n-grams become integer keys (exact base-B encoding of characters; a 64-bit polynomial hash for
word tokens), looked up in the fitted vocabularies through an open-addressing hash table, then
weighted and normalised as :class:`~sklearn.feature_extraction.text.TfidfVectorizer` does.
Character n-grams (``char_wb``) never cross a word boundary, so they are counted once per
distinct word and summed into notes with a sparse product. Tests check the matrices and the
probabilities agree with scikit-learn's. Identical notes (after normalisation) are classified
once (``dedupe=True``) because real logs repeat templates; this is exact, not an approximation.

Labels
------
Family labels in ``fit`` may be English or Spanish ("actitud", "Proceso"), or subtype keys and
names ("espera larga"), read with :func:`analytics.taxonomy.parse_failure_type`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import math
import os
import pickle
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import expit as _expit
from scipy.special import softmax as _softmax
from sklearn.base import BaseEstimator, clone
from sklearn.ensemble import VotingClassifier
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.preprocessing import normalize as _row_normalize

from analytics.taxonomy import FAMILIES, SUBTYPES, SUBTYPES_BY_KEY, parse_failure_type

NONE = "none"
UNCLASSIFIED = "unclassified"
FAMILY_CLASSES: tuple[str, ...] = (*FAMILIES, NONE)
"""Labels the family head can learn, in taxonomy order; ties between equal probabilities are
broken in this order (attitude > process > price > quality > none)."""

CORPUS_PATH = Path(__file__).with_name("corpus") / "notes_train.csv"

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
# Fixed, not parameters: the fast transform reproduces exactly these analyzers (char_wb with a
# smallest n of 2 or 3; the default word token pattern), and the corpus was checked with them.

# ----------------------------------------------------------------------------- normalisation

_COMBINING = re.compile("[\u0300-\u036f]+")


def normalize_text(text: object) -> str:
    """Lower-case, strip accents and collapse whitespace; missing values become ``""``.

    ``"  Me COLGÓ\\n el agente"`` → ``"me colgo el agente"``. Letters without a decomposition
    (ß, ø, emoji) are kept; only combining marks are removed.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        if isinstance(text, float) and math.isnan(text):
            return ""
        if text is pd.NA or text is pd.NaT:
            return ""
        text = str(text)
    s = unicodedata.normalize("NFKD", text.lower())
    if not s.isascii():
        # the common accents in one C-level pass; the per-character check only for the rest
        s = _COMBINING.sub("", s)
        if not s.isascii():
            s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.split())


def normalize_texts(texts: Iterable[object]) -> list[str]:
    """:func:`normalize_text` over a sequence (the Pipeline's first step)."""
    return [normalize_text(t) for t in texts]


def _as_list(texts: Iterable[object] | str, what: str = "texts") -> list[object]:
    if isinstance(texts, str):
        raise TypeError(
            f"{what} must be a sequence of strings, got a single string. Wrap it in a list: [{texts[:30]!r}]."
        )
    if isinstance(texts, pd.DataFrame):
        raise TypeError(f"{what} must be one column of text, got a DataFrame. Pass df['notes'] instead.")
    if isinstance(texts, pd.Series | np.ndarray):
        return list(texts.tolist())
    return list(texts)


# ------------------------------------------------------------------- fast TF-IDF transform

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


class _FastTfidf:
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

    def _char_key(self, term: str) -> int:
        key = 0
        base = int(self.base)
        for ch in term:
            key = (key * base + int(self.char_ids[ord(ch)])) & 0xFFFFFFFFFFFFFFFF
        return key

    def transform(self, docs: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Word and char TF-IDF blocks for already-normalised documents."""
        n = len(docs)
        cp, doc_of = _layout(docs)
        # --- words
        tok_doc, tok_key = _word_tokens(cp, doc_of)
        rows, keys = [], []
        if self.word_ngrams[0] <= 1:
            rows.append(tok_doc)
            keys.append(tok_key)
        if self.word_ngrams[1] >= 2 and tok_doc.size > 1:
            same = tok_doc[1:] == tok_doc[:-1]
            rows.append(tok_doc[:-1][same])
            keys.append(_bigram_keys(tok_key[:-1][same], tok_key[1:][same]))
        counts = self._count_matrix(rows, keys, self.word_index, n, self.n_words)
        x_words = self._weight(counts, self.word_idf, self.sublinear[0])
        x_chars = self._char_tfidf(cp, doc_of, n)
        return x_words, x_chars

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
        return self._count_matrix(rows, keys, self.char_index, n_rows, self.n_chars)

    @staticmethod
    def _count_matrix(
        rows: list[np.ndarray], keys: list[np.ndarray], index: _HashIndex, n_rows: int, n_features: int
    ) -> sp.csr_matrix:
        """Rows × vocabulary counts from (row, n-gram key) pairs; unknown n-grams dropped."""
        if rows:
            r = np.concatenate(rows)
            c = index.lookup(np.concatenate(keys))
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


def _block_proba(model: Any, x_words: sp.csr_matrix, x_chars: sp.csr_matrix) -> np.ndarray:
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
        return sum(
            wi * _block_proba(est, x_words, x_chars) for wi, est in zip(w / w.sum(), model.estimators_)
        )
    if isinstance(model, LogisticRegression):
        d = linear(model.coef_, model.intercept_)
        if d.shape[1] == 1:  # binary: one decision column for the second class
            p = _expit(d[:, 0])
            return np.column_stack([1.0 - p, p])
        return _softmax(d, axis=1)
    if isinstance(model, MultinomialNB):
        return _softmax(linear(model.feature_log_prob_, model.class_log_prior_), axis=1)
    raise TypeError(f"no block-wise probabilities for {type(model).__name__}")


# --------------------------------------------------------------------------- the estimator


def _is_real(v: object) -> bool:
    return isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(float(v))  # type: ignore[arg-type]


_PARAMETER_RULES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "threshold": ("a float in [0, 1]", lambda v: _is_real(v) and 0.0 <= v <= 1.0),
    "C": ("a float in (0, 1e6]", lambda v: _is_real(v) and 0.0 < v <= 1e6),
    "nb_weight": ("a float in [0, 1]", lambda v: _is_real(v) and 0.0 <= v <= 1.0),
    "user_weight": ("a float in (0, 1000]", lambda v: _is_real(v) and 0.0 < v <= 1000.0),
    "class_weight": ("None or 'balanced'", lambda v: v is None or v == "balanced"),
    "dedupe": ("a bool", lambda v: isinstance(v, bool | np.bool_)),
    "fast": ("a bool", lambda v: isinstance(v, bool | np.bool_)),
    "batch_size": (
        "an int in [1, 10000000]",
        lambda v: isinstance(v, Integral) and not isinstance(v, bool) and 1 <= v <= 10_000_000,
    ),
}


def _check_param(owner: str, name: str, value: object) -> None:
    rule, ok = _PARAMETER_RULES[name]
    if not ok(value):
        raise ValueError(f"The '{name}' parameter of {owner} must be {rule}. Got {value!r} instead.")


def _is_missing(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


_ACCEPTED = (
    "Accepted: attitude, process, price, quality, none (or actitud, proceso, precio, calidad, "
    "ninguno), or a subtype such as 'handoff' or 'espera larga'."
)


def parse_labels(
    families: Iterable[object], subtypes: Iterable[object] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Read family (and optional subtype) labels in English or Spanish.

    Returns ``(family, subtype)`` arrays of canonical keys (subtype ``None`` where unknown).
    A family given as a subtype ("espera larga") also sets the subtype. Every bad value is
    reported at once, with its row numbers (0-based).
    """
    fam_in = _as_list(families, "families")
    sub_in = [None] * len(fam_in) if subtypes is None else _as_list(subtypes, "subtypes")
    if len(sub_in) != len(fam_in):
        raise ValueError(f"subtypes has {len(sub_in)} rows but families has {len(fam_in)}; they must match.")
    fam_out: list[str] = []
    sub_out: list[str | None] = []
    bad_family: dict[str, list[int]] = {}
    missing: list[int] = []
    bad_sub: dict[str, list[int]] = {}
    for i, (f, s) in enumerate(zip(fam_in, sub_in)):
        if _is_missing(f):
            missing.append(i)
            fam_out.append(NONE)
            sub_out.append(None)
            continue
        parsed = parse_failure_type(str(f))
        if parsed is None:
            bad_family.setdefault(str(f), []).append(i)
            fam_out.append(NONE)
            sub_out.append(None)
            continue
        fam, sub = parsed
        if not _is_missing(s):
            ps = parse_failure_type(str(s))
            if ps is None or ps[1] is None or ps[0] != fam:
                bad_sub.setdefault(f"{s!s} (family {fam})", []).append(i)
            else:
                sub = ps[1]
        fam_out.append(fam)
        sub_out.append(sub)
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} rows have no family label (rows {_rows(missing)}); label them 'none' if they "
            "are not failures, or drop them"
        )
    if bad_family:
        found = ", ".join(f"{k!r} (rows {_rows(v)})" for k, v in bad_family.items())
        problems.append(f"families holds values that are not failure labels: {found}. {_ACCEPTED}")
    if bad_sub:
        found = ", ".join(f"{k!r} (rows {_rows(v)})" for k, v in bad_sub.items())
        problems.append(
            f"subtypes holds values that are not subtypes of the row's family: {found}. "
            f"Subtypes: {', '.join(s.key for s in SUBTYPES)}"
        )
    if problems:
        raise ValueError("; ".join(problems))
    return np.array(fam_out, dtype=object), np.array(sub_out, dtype=object)


def _rows(idx: list[int], limit: int = 8) -> str:
    head = ", ".join(map(str, idx[:limit]))
    return head + (f", … {len(idx) - limit} more" if len(idx) > limit else "")


# Where a note changes subject: sentence punctuation and the connectives notes use to add a
# second complaint. Applied to normalised (lower-case, accent-free) text.
_CLAUSE_SPLIT = re.compile(
    r"[.;!?\n]+|,?\s\b(?:y encima|y ademas|ademas|encima|pero|sin embargo|despues|luego|tambien"
    r"|and then|and also|and on top of that|but|plus|also|however|then)\b"
)


class NoteClassifier(BaseEstimator):
    """Failure family and subtype of free-text notes, Spanish or English.

    Parameters
    ----------
    threshold : float in [0, 1], default 0.5
        A note whose most probable family has probability below this is ``"unclassified"``
        (listed for review rather than guessed).
    C : float, default 100.0
        Inverse L2 regularisation of both logistic regressions. Chosen by cross-validation on
        the shipped corpus grouped by hand-written clause (every variant of a clause in the same
        fold, so the score is about wording the model has not seen); family macro-F1 with the
        default ``nb_weight``: C = 30 → 0.855, 100 → 0.857, 300 → 0.860. 100 rather than 300
        because at 100 the logistic regression's held-out probabilities are calibrated (notes
        it scores 0.4–0.5 are right about half the time), which keeps ``threshold`` meaningful.
    nb_weight : float in [0, 1], default 0.5
        Weight of a multinomial naive Bayes averaged into the family probabilities (0 = the
        logistic regression alone). Both are linear in the same TF-IDF features; naive Bayes
        generalises better from a few occurrences of a rare n-gram, the logistic regression is
        better calibrated. Grouped CV macro-F1: 0 → 0.849, 0.3 → 0.857, 0.5 → 0.857 (fewer
        unclassified: 5.9 % against 7.9 %), 0.7 → 0.852.
    user_weight : float, default 5.0
        Sample weight of the user's own labelled rows in :meth:`with_corrections` and
        :func:`refine`, relative to 1 for corpus rows. Twenty corrections then weigh like a
        hundred corpus notes: enough to teach a company's own jargon, not enough to erase the
        corpus.
    class_weight : None or "balanced", default "balanced"
        Family logistic regression only. The shipped corpus has equal rows per family, but a
        user's own labels rarely do; balancing keeps their counts from becoming a prior.
    dedupe : bool, default True
        Classify each distinct normalised text once and copy the result (exact).
    fast : bool, default True
        Use the numpy transform (same matrix as the scikit-learn pipeline; 6× faster end to
        end on 1,000,000 notes). ``False`` runs the scikit-learn pipeline, for checking.
    batch_size : int, default 50_000
        Distinct notes transformed at a time; bounds the working memory (a few KB a note).

    Attributes
    ----------
    classes_ : ndarray of str
        Families the model knows, taxonomy order (a subset of attitude, process, price,
        quality, none).
    subtype_classes_ : ndarray of str
        Subtypes the subtype head knows.
    pipeline_ : Pipeline
        normalize → features → family (scikit-learn reference implementation).
    subtype_model_ : LogisticRegression or None
    n_training_rows_ : int

    Why a family head and a subtype head
    ------------------------------------
    See the module docstring: it lets family-only labels train, keeps the subtype inside the
    family, and scored better in grouped cross-validation than summing a subtype model.

    Primary family
    --------------
    The family is the one with the highest probability; equal probabilities are broken in
    taxonomy order attitude > process > price > quality > none. It is ``"unclassified"`` when
    that probability is below ``threshold`` or the text is empty. A note that names two
    failures ("me transfirieron 4 veces y encima me colgaron") splits its probability between
    them and may come out unclassified here; :meth:`predict_multi` lists every family above a
    lower bar.
    """

    def __init__(
        self,
        threshold: float = 0.5,
        C: float = 100.0,
        nb_weight: float = 0.5,
        user_weight: float = 5.0,
        class_weight: str | None = "balanced",
        dedupe: bool = True,
        fast: bool = True,
        batch_size: int = 50_000,
    ) -> None:
        self.threshold = threshold
        self.C = C
        self.nb_weight = nb_weight
        self.user_weight = user_weight
        self.class_weight = class_weight
        self.dedupe = dedupe
        self.fast = fast
        self.batch_size = batch_size

    # ------------------------------------------------------------------------------ fit
    def _validate_params(self) -> None:
        for name in _PARAMETER_RULES:
            _check_param(type(self).__name__, name, getattr(self, name))

    def fit(
        self,
        texts: Iterable[object],
        families: Iterable[object],
        subtypes: Iterable[object] | None = None,
        sample_weight: Iterable[float] | None = None,
    ) -> NoteClassifier:
        """Train on labelled notes.

        Parameters
        ----------
        texts : sequence of str
        families : sequence of str
            attitude/process/price/quality/none, Spanish names, or subtype names.
        subtypes : sequence of str or None, optional
            Subtype per row (empty where unknown); must belong to the row's family.
        sample_weight : sequence of float, optional
            Relative weight of each row (default 1).
        """
        self._validate_params()
        text_list = _as_list(texts)
        fam, sub = parse_labels(families, subtypes)
        if len(fam) != len(text_list):
            raise ValueError(f"texts has {len(text_list)} rows but families has {len(fam)}; they must match.")
        if sample_weight is None:
            weights = np.ones(len(text_list))
        else:
            weights = np.asarray(_as_list(sample_weight, "sample_weight"), dtype=float)
            if weights.shape != (len(text_list),) or not np.all(np.isfinite(weights)) or np.any(weights <= 0):
                raise ValueError(
                    f"sample_weight must hold one positive number per text ({len(text_list)}); "
                    f"got shape {weights.shape} with min {np.nanmin(weights) if weights.size else 'n/a'}."
                )
        present = [c for c in FAMILY_CLASSES if c in set(fam)]
        if len(present) < 2:
            raise ValueError(
                f"fit needs notes of at least two families; got only {present}. Add 'none' examples or "
                "use refine() to add your rows to the shipped corpus."
            )

        normalized = normalize_texts(text_list)
        features = FeatureUnion(
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
        x = features.fit_transform(normalized)
        # newton-cg: same optimum as lbfgs, ~10× fewer passes on this problem (5 iterations vs 60)
        logistic = LogisticRegression(
            C=self.C, class_weight=self.class_weight, solver="newton-cg", max_iter=1000
        )
        family_model: LogisticRegression | VotingClassifier
        if self.nb_weight > 0:
            family_model = VotingClassifier(
                # alpha: 0.02–0.1 scored alike in grouped CV; light smoothing suits 30k sparse features
                [("logistic", logistic), ("naive_bayes", MultinomialNB(alpha=0.05))],
                voting="soft",
                weights=[1.0 - self.nb_weight, self.nb_weight],
            )
        else:
            family_model = logistic
        family_model.fit(x, fam, sample_weight=weights)
        # scikit-learn sorts classes alphabetically; keep its order inside the model and map
        # to taxonomy order at the edges (classes_, predict_proba columns, tie-breaking).
        self.pipeline_ = Pipeline(
            [
                ("normalize", FunctionTransformer(normalize_texts)),
                ("features", features),
                ("family", family_model),
            ]
        )
        self.classes_ = np.array(present, dtype=object)
        self._family_order_ = np.array([list(family_model.classes_).index(c) for c in present])

        has_sub = np.array([s is not None for s in sub])
        sub_keys = sorted(set(sub[has_sub]))
        if len(sub_keys) >= 2:
            sub_model = LogisticRegression(C=self.C, solver="newton-cg", max_iter=1000)
            sub_model.fit(x[has_sub], sub[has_sub].astype(str), sample_weight=weights[has_sub])
            self.subtype_model_: LogisticRegression | None = sub_model
            self.subtype_classes_ = np.array(sub_model.classes_, dtype=object)
        else:
            self.subtype_model_ = None
            self.subtype_classes_ = np.array(sub_keys, dtype=object)
        # which subtype columns belong to which family (row order = classes_)
        self._subtype_mask_ = np.array(
            [[SUBTYPES_BY_KEY[s].family == f for s in self.subtype_classes_] for f in self.classes_],
            dtype=bool,
        ).reshape(len(self.classes_), len(self.subtype_classes_))

        self._fast_ = _FastTfidf(features)
        self._training_ = pd.DataFrame(
            {"text": text_list, "norm": normalized, "family": fam, "subtype": sub, "weight": weights}
        )
        self.n_training_rows_ = len(text_list)
        return self

    # -------------------------------------------------------------------------- predict
    def _check_fitted(self) -> None:
        if not hasattr(self, "pipeline_"):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with labelled notes "
                "first, or use default_classifier() for the model trained on the shipped corpus."
            )

    def _head_probabilities(self, normalized: Sequence[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Family (model order) and subtype probabilities of normalised texts."""
        fam_model = self.pipeline_.named_steps["family"]
        sub_model = self.subtype_model_
        if not self.fast:  # the scikit-learn reference path
            x = self.pipeline_.named_steps["features"].transform(normalized)
            return fam_model.predict_proba(x), None if sub_model is None else sub_model.predict_proba(x)
        xw, xc = self._fast_.transform(normalized)
        fam = _block_proba(fam_model, xw, xc)
        return fam, None if sub_model is None else _block_proba(sub_model, xw, xc)

    def _probabilities(self, texts: Iterable[object]) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """Family probabilities (taxonomy order), subtype probabilities, and an empty-text mask."""
        self._check_fitted()
        normalized = normalize_texts(_as_list(texts))
        if self.dedupe:
            codes, uniques = pd.factorize(pd.Series(normalized, dtype=object), sort=False)
            uniques = list(uniques)
        else:
            codes, uniques = np.arange(len(normalized)), normalized
        fam_p = np.zeros((len(uniques), len(self.classes_)))
        sub_p = None if self.subtype_model_ is None else np.zeros((len(uniques), len(self.subtype_classes_)))
        for start in range(0, len(uniques), self.batch_size):
            chunk = uniques[start : start + self.batch_size]
            fam_chunk, sub_chunk = self._head_probabilities(chunk)
            fam_p[start : start + len(chunk)] = fam_chunk[:, self._family_order_]
            if sub_p is not None and sub_chunk is not None:
                sub_p[start : start + len(chunk)] = sub_chunk
        empty = np.array([u == "" for u in uniques], dtype=bool)
        return fam_p[codes], (None if sub_p is None else sub_p[codes]), empty[codes]

    def predict_proba(self, texts: Iterable[object]) -> np.ndarray:
        """Family probabilities, shape (n_texts, len(classes_)), columns in ``classes_`` order."""
        return self._probabilities(texts)[0]

    def _decide(
        self, fam_p: np.ndarray, sub_p: np.ndarray | None, empty: np.ndarray, threshold: float
    ) -> pd.DataFrame:
        top = fam_p.argmax(axis=1)  # first maximum → taxonomy order breaks ties
        prob = fam_p[np.arange(len(top)), top]
        family = self.classes_[top].astype(object)
        unsure = (prob < threshold) | empty
        family[unsure] = UNCLASSIFIED
        prob = np.where(empty, 0.0, prob)
        subtype = np.full(len(top), None, dtype=object)
        if len(self.subtype_classes_):
            mask = self._subtype_mask_[top]
            has = mask.any(axis=1) & ~unsure
            if sub_p is None:  # a single known subtype
                pick = np.zeros(len(top), dtype=int)
            else:
                pick = np.where(mask, sub_p, -1.0).argmax(axis=1)
            subtype[has] = self.subtype_classes_[pick[has]]
        return pd.DataFrame({"family": family, "subtype": subtype, "probability": prob})

    def predict(self, texts: Iterable[object], threshold: float | None = None) -> pd.DataFrame:
        """Family, subtype and probability of each text.

        Parameters
        ----------
        texts : sequence of str
            A pandas Series keeps its index in the result.
        threshold : float, optional
            Overrides ``self.threshold`` for this call (the shared default model stays as is).

        Returns
        -------
        DataFrame with columns ``family`` (attitude, process, price, quality, none or
        unclassified), ``subtype`` (a subtype key of that family, or None for none/unclassified)
        and ``probability`` (of the family, 0–1; for unclassified rows the best family's
        probability, 0 for empty texts).
        """
        threshold = self.threshold if threshold is None else threshold
        _check_param(type(self).__name__, "threshold", threshold)
        texts_list = _as_list(texts)
        out = self._decide(*self._probabilities(texts_list), threshold)
        if isinstance(texts, pd.Series):
            out.index = texts.index
        return out

    def predict_multi(self, texts: Iterable[object], min_probability: float = 0.3) -> pd.DataFrame:
        """Every failure family a note describes, for notes with more than one failure.

        The rule
        --------
        A note is read whole and clause by clause (split at sentence punctuation and at
        connectives such as "y encima", "además", "pero", "and", "but", "plus", "then").
        A failure family is listed when

        * its probability for the whole note is at least ``min_probability``, or
        * it is the most probable family of one clause, with probability at least
          ``max(threshold, min_probability)`` for that clause,

        and its score is the larger of the two. "none" is never listed next to a failure.
        Families are ordered by score, ties broken attitude > process > price > quality.
        The primary family (column ``family``) is exactly :meth:`predict`'s: the highest
        whole-note probability, same tie order, ``"unclassified"`` below ``threshold``. If no
        failure family qualifies, ``families`` holds just the primary family.

        Returns
        -------
        DataFrame with ``family`` (primary), ``families`` (tuple of str) and
        ``probabilities`` (tuple of float, same order, 0–1).
        """
        if not _is_real(min_probability) or not 0.0 < min_probability <= 1.0:
            raise ValueError(
                f"The 'min_probability' parameter of predict_multi must be a float in (0, 1]. "
                f"Got {min_probability!r} instead."
            )
        texts_list = _as_list(texts)
        fam_p, sub_p, empty = self._probabilities(texts_list)
        primary = self._decide(fam_p, sub_p, empty, self.threshold)

        # clauses of every note, classified in one batch
        owners: list[int] = []
        clauses: list[str] = []
        for row, text in enumerate(normalize_texts(texts_list)):
            parts = [p.strip() for p in _CLAUSE_SPLIT.split(text)]
            parts = [p for p in parts if len(p.split()) >= 2]
            if len(parts) > 1:
                owners.extend([row] * len(parts))
                clauses.extend(parts)
        clause_p = self._probabilities(clauses)[0] if clauses else np.zeros((0, len(self.classes_)))
        failure = np.array([c != NONE for c in self.classes_])
        score = np.where(fam_p >= min_probability, fam_p, 0.0) * failure
        clause_bar = max(float(self.threshold), float(min_probability))
        if clauses:
            top = clause_p.argmax(axis=1)
            top_p = clause_p[np.arange(len(top)), top]
            for owner, k, p in zip(owners, top, top_p):
                if failure[k] and p >= clause_bar:
                    score[owner, k] = max(score[owner, k], p)

        families: list[tuple[str, ...]] = []
        probs: list[tuple[float, ...]] = []
        for row in range(len(texts_list)):
            order = np.argsort(-score[row], kind="stable")  # stable: taxonomy order on ties
            chosen = [k for k in order if score[row, k] > 0 and not empty[row]]
            if chosen:
                families.append(tuple(str(self.classes_[k]) for k in chosen))
                probs.append(tuple(float(score[row, k]) for k in chosen))
            else:
                families.append((str(primary["family"].iat[row]),))
                probs.append((float(primary["probability"].iat[row]),))
        out = pd.DataFrame({"family": primary["family"], "families": families, "probabilities": probs})
        if isinstance(texts, pd.Series):
            out.index = texts.index
        return out

    # ---------------------------------------------------------------------- review loop
    def with_corrections(
        self,
        texts: Iterable[object],
        families: Iterable[object],
        subtypes: Iterable[object] | None = None,
    ) -> NoteClassifier:
        """A new classifier retrained with the user's labelled rows added, weighted ``user_weight``.

        This model is not changed. Earlier training rows with the same normalised text as a
        correction are dropped, so a correction replaces the old label rather than arguing with
        it. Corrections accumulate: calling this on the returned model keeps the earlier ones.
        """
        self._check_fitted()
        text_list = _as_list(texts)
        fam, sub = parse_labels(families, subtypes)
        if len(fam) != len(text_list):
            raise ValueError(f"texts has {len(text_list)} rows but families has {len(fam)}; they must match.")
        corrected = set(normalize_texts(text_list))
        old = self._training_[~self._training_["norm"].isin(corrected)]
        new = clone(self)
        return new.fit(
            [*old["text"].tolist(), *text_list],
            [*old["family"].tolist(), *fam.tolist()],
            [*old["subtype"].tolist(), *sub.tolist()],
            sample_weight=[*old["weight"].tolist(), *([float(self.user_weight)] * len(text_list))],
        )


# ------------------------------------------------------------------- corpus and defaults


def load_corpus(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped bilingual training corpus: columns text, lang, family, subtype ("" for none)."""
    return pd.read_csv(path or CORPUS_PATH, dtype=str, keep_default_na=False, encoding="utf-8")


def _cache_dir() -> Path:
    """Where fitted default models are kept between runs: ``CHURN_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/churn-analytics`` (``~/.cache/churn-analytics``)."""
    explicit = os.environ.get("CHURN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "churn-analytics"


def _default_model_key() -> str:
    """Changes whenever the fitted default model could: the corpus, this module's code, or the
    versions of the libraries whose objects the pickle holds."""
    import sklearn

    digest = hashlib.sha256()
    digest.update(CORPUS_PATH.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(f"{sklearn.__version__}|{np.__version__}|{pd.__version__}|{sys.version_info[:2]}".encode())
    return digest.hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def default_classifier() -> NoteClassifier:
    """A :class:`NoteClassifier` trained on the shipped corpus.

    Fitting takes several seconds, so the fitted model is also kept on disk (see
    :func:`_cache_dir`), keyed by the corpus, this code and the library versions: later processes
    — each command-line call, each dashboard start — load it in a fraction of a second. A
    missing, stale or unreadable cache file is simply refitted; a cache directory that cannot be
    written is skipped.

    The returned object is shared: do not call ``fit`` or ``set_params`` on it. Use
    ``predict(texts, threshold=...)`` for another threshold and :func:`refine` or
    :meth:`NoteClassifier.with_corrections` for a model that knows the user's labels.
    """
    path = _cache_dir() / f"default_classifier-{_default_model_key()}.pkl"
    try:
        with path.open("rb") as fh:
            model = pickle.load(fh)  # our own file, written below by this same code
        if isinstance(model, NoteClassifier):
            return model
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        pass
    corpus = load_corpus()
    model = NoteClassifier().fit(corpus["text"], corpus["family"], corpus["subtype"])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the whole new one
        for old in path.parent.glob("default_classifier-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return model


def refine(
    user_texts: Iterable[object],
    user_families: Iterable[object],
    user_subtypes: Iterable[object] | None = None,
    *,
    user_weight: float | None = None,
) -> NoteClassifier:
    """The default model retrained on the shipped corpus plus the user's labelled rows.

    The user's rows are weighted ``user_weight`` (default :class:`NoteClassifier`'s 5.0)
    relative to corpus rows; where a user's text equals a corpus text, the user's label wins.
    """
    base = default_classifier()
    if user_weight is not None:
        _check_param("NoteClassifier", "user_weight", user_weight)
        base = copy.copy(base)  # the shared model keeps its parameters; the refit is a new object
        base.user_weight = user_weight
    return base.with_corrections(user_texts, user_families, user_subtypes)


def classify_exit_reasons(texts: Iterable[object], classifier: NoteClassifier | None = None) -> pd.DataFrame:
    """Map what leaving customers said (``churn_reason``) to a failure family.

    "me voy porque es muy caro" → price, "nunca me resolvieron" → process, "moving abroad" →
    none. Same model as the notes (the corpus holds exit-survey phrasing). Returns the columns
    text, family, subtype, probability; a Series input keeps its index.
    """
    clf = default_classifier() if classifier is None else classifier
    texts_list = _as_list(texts)
    out = clf.predict(texts)
    out.insert(0, "text", texts_list)
    return out


def classify_lines(
    lines: Iterable[str], classifier: NoteClassifier | None = None, batch_size: int = 10_000
) -> Iterator[dict[str, object]]:
    """Classify a stream of lines (one note per line) for the command line.

    Yields ``{"text", "family", "subtype", "probability"}`` per non-blank line, in order; the
    trailing newline is dropped and blank lines are skipped. Lines are classified
    ``batch_size`` at a time, so a large file streams in bounded memory.
    """
    clf = default_classifier() if classifier is None else classifier
    batch: list[str] = []

    def flush() -> Iterator[dict[str, object]]:
        result = clf.predict(batch)
        for text, fam, sub, prob in zip(batch, result["family"], result["subtype"], result["probability"]):
            yield {"text": text, "family": fam, "subtype": sub, "probability": round(float(prob), 4)}

    for line in lines:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        batch.append(text)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


# ------------------------------------------------------------------------------ evaluation

EVAL_FAMILIES: tuple[str, ...] = (*FAMILIES, NONE)


def evaluate(clf: NoteClassifier, df: pd.DataFrame) -> dict[str, Any]:
    """Family-level quality of ``clf`` on labelled notes (columns ``text``, ``family``, opt. ``subtype``).

    Precision, recall and F1 per family over attitude, process, price, quality and none;
    ``unclassified`` predictions count as misses for recall (they are nobody's hit) and do not
    count against any family's precision. Also: macro-F1 over the five, accuracy (unclassified =
    wrong), the share left unclassified, and subtype accuracy among rows whose family was
    right and that carry a subtype.
    """
    pred = clf.predict(df["text"].tolist())
    true_fam, true_sub = parse_labels(df["family"], df.get("subtype"))
    y_pred = pred["family"].to_numpy(dtype=object)
    labels = list(EVAL_FAMILIES)
    p, r, f, s = precision_recall_fscore_support(true_fam, y_pred, labels=labels, zero_division=0)
    right_family = true_fam == y_pred
    with_sub = right_family & np.array([x is not None for x in true_sub])
    sub_acc = (
        float(np.mean(pred["subtype"].to_numpy(dtype=object)[with_sub] == true_sub[with_sub]))
        if with_sub.any()
        else float("nan")
    )
    return {
        "n": len(df),
        "per_family": {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(labels)
        },
        "macro_f1": float(np.mean(f)),
        "accuracy": float(np.mean(right_family)),
        "unclassified_share": float(np.mean(y_pred == UNCLASSIFIED)),
        "subtype_accuracy": sub_acc,
        "confusion": pd.crosstab(pd.Series(true_fam, name="true"), pd.Series(y_pred, name="predicted")),
    }


def format_report(report: dict[str, Any]) -> str:
    """The evaluation report as a plain-text table."""
    lines = [f"{'family':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>5}"]
    for fam, m in report["per_family"].items():
        lines.append(
            f"{fam:<10} {m['precision']:>9.3f} {m['recall']:>7.3f} {m['f1']:>6.3f} {m['support']:>5d}"
        )
    lines.append(
        f"macro-F1 {report['macro_f1']:.3f}   accuracy {report['accuracy']:.3f}   "
        f"unclassified {report['unclassified_share']:.1%}   subtype accuracy {report['subtype_accuracy']:.3f}"
        f"   (n = {report['n']})"
    )
    return "\n".join(lines)
