"""Free text for the demo: interaction notes and what leaving customers say.

Notes are built compositionally so that no subtype is ever one fixed sentence:
opener × core phrasing (≥ 8 per subtype and language, agent's and customer's voice) × the
object of the contact (``{thing}``, by topic) × optional detail × recovery or resolution wording
× closer, then a fraction get missing accents, abbreviations, typos and odd casing. Ordinary
contacts get neutral notes, some of which mention price, speed or outages on purpose so that a
keyword matcher is fooled.

The words are data (:mod:`demo.vocabulary`, files in ``demo/vocab/``); this module holds the
grammar that puts them together, vectorised. The random draws come from the generator passed
in, so the text is deterministic given the demo's seed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics.taxonomy import SUBTYPES, strip_accents
from demo.vocabulary import LANGS, Vocabulary, load_vocabulary
from demo.world import TOPICS

_SUBTYPE_NAMES = ("", *(s.key for s in SUBTYPES))
"""Codes of the ``subtype`` argument of :func:`interaction_notes`: 0 an ordinary contact."""


def _pick(rng: np.random.Generator, options: Sequence[str], n: int) -> np.ndarray:
    arr = np.asarray(options, dtype=object)
    return arr[rng.integers(0, len(arr), size=n)]


def _typo(text: str, r1: float, r2: float) -> str:
    """One keyboard slip: swap, drop or double a letter."""
    if len(text) < 4:
        return text
    i = int(r1 * (len(text) - 2))
    if not text[i].isalpha() or not text[i + 1].isalpha():
        return text
    op = int(r2 * 3)
    if op == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def roughen(
    rng: np.random.Generator,
    texts: Sequence[str],
    lang: np.ndarray,
    *,
    p_typo: float = 0.12,
    p_no_accents: float = 0.25,
    p_abbrev: float = 0.10,
    p_lower: float = 0.25,
    p_upper: float = 0.03,
    vocab: Vocabulary | None = None,
) -> list[str]:
    """Make clean texts look typed in a hurry: missing accents, abbreviations, typos, odd casing.

    Sentence case for most texts (first letter capitalised); a share all lower case, a few in
    capitals. Fractions are per text and independent. ``vocab`` defaults to
    :func:`~demo.vocabulary.load_vocabulary`'s.
    """
    abbrev = (vocab or load_vocabulary()).abbreviations
    out = np.asarray(texts, dtype=object).copy()
    lang = np.asarray(lang, dtype=object)
    n = out.size
    u = rng.random((n, 7))
    idx = np.flatnonzero((lang == "es") & (u[:, 0] < p_no_accents))
    out[idx] = [strip_accents(t) for t in out[idx]]
    for k in np.flatnonzero(u[:, 1] < p_abbrev):
        src, dst = abbrev[lang[k]][int(u[k, 2] * len(abbrev[lang[k]]))]
        out[k] = out[k].replace(src, dst, 1)
    for k in np.flatnonzero(u[:, 3] < p_typo):
        out[k] = _typo(out[k], u[k, 4], u[k, 5])
    c = u[:, 6]
    low = np.flatnonzero(c < p_lower)
    up = np.flatnonzero((c >= p_lower) & (c < p_lower + p_upper))
    sent = np.flatnonzero(c >= p_lower + p_upper)
    out[low] = [t.lower() for t in out[low]]
    out[up] = [t.upper() for t in out[up]]
    out[sent] = [t[:1].upper() + t[1:] for t in out[sent]]
    return out.tolist()


_CALL_WORDS = re.compile(r"llama|call", re.IGNORECASE)
_WRITTEN_WORDS = re.compile(r"escribe|writes|mensaje|message", re.IGNORECASE)
WRITTEN, PHONE, STORE = 0, 1, 2
"""Channel kinds for :func:`interaction_notes`: chat or e-mail, phone, store visit."""


def _openers(bank: tuple[str, ...], kind: int) -> tuple[str, ...]:
    """The openers that fit the channel: a call only on the phone, a written message only in chat or e-mail."""
    return tuple(
        o
        for o in bank
        if not (kind != PHONE and _CALL_WORDS.search(o))
        and not (kind != WRITTEN and _WRITTEN_WORDS.search(o))
    )


def _contract(text: str) -> str:
    """Spanish contractions after filling a slot: 'de el' → 'del', 'a el' → 'al'."""
    return text.replace(" de el ", " del ").replace(" a el ", " al ")


def _groups(*codes: np.ndarray):
    """Yield ``(key, indices)`` for each distinct combination of the integer ``codes`` (one pass)."""
    dims = tuple(int(c.max()) + 1 if c.size else 1 for c in codes)
    key = np.ravel_multi_index(codes, dims) if codes[0].size else np.empty(0, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    ends = np.append(starts[1:], key.size)
    for k, a, b in zip(keys, starts, ends):
        yield tuple(int(x) for x in np.unravel_index(k, dims)), order[a:b]


def _codes(values: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Integer code of each value in ``names`` (ValueError for an unknown value)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    pos = {name: i for i, name in enumerate(names)}
    unknown = [u for u in uniques if u not in pos]
    if unknown:
        raise ValueError(f"unknown values {unknown}; expected some of {list(names)}")
    return (
        np.array([pos[u] for u in uniques], dtype=np.int64)[codes] if len(uniques) else codes.astype(np.int64)
    )


def _recovery_texts(
    rng: np.random.Generator,
    vocab: Vocabulary,
    lang: str,
    apology: bool,
    compensation: bool,
    follow_up: bool,
    size: int,
) -> np.ndarray:
    """``size`` recovery sentences naming exactly the actions that are true, then the resolution."""
    parts = [
        _pick(rng, vocab.recovery_parts[name][lang], size)
        for name, flag in (("apology", apology), ("compensation", compensation), ("follow_up", follow_up))
        if flag
    ]
    joiner = " y " if lang == "es" else " and "
    body = parts[0]
    for k, part in enumerate(parts[1:], start=1):
        body = body + (joiner if k == len(parts) - 1 else ", ") + part
    body = np.array([b[:1].upper() + b[1:] for b in body], dtype=object)
    return ". " + body + ", " + _pick(rng, vocab.recovery_resolved[lang], size) + "."


def interaction_notes(
    rng: np.random.Generator,
    *,
    subtype: np.ndarray,
    topic: np.ndarray,
    lang: np.ndarray,
    customer_voice: np.ndarray,
    resolved: np.ndarray,
    apology: np.ndarray,
    compensation: np.ndarray,
    follow_up: np.ndarray,
    precursor: np.ndarray,
    channel_kind: np.ndarray | None = None,
    vocab: Vocabulary | None = None,
) -> list[str]:
    """One note per contact.

    ``subtype`` is the taxonomy key for failures and ``""`` for ordinary contacts; ``precursor``
    marks the earlier unresolved contact of a planted repeat contact (it gets a "reported, pending"
    note). Recovery wording is written exactly for the flags that are true, so the note never
    contradicts the structured columns. ``channel_kind`` (:data:`WRITTEN`, :data:`PHONE`,
    :data:`STORE`; default phone) keeps "called"/"wrote" openers on the right channel. ``vocab``
    defaults to :func:`~demo.vocabulary.load_vocabulary`'s.
    """
    v = vocab or load_vocabulary()
    n = len(subtype)
    sub = _codes(subtype, _SUBTYPE_NAMES)
    top = _codes(topic, TOPICS)
    lg_code = _codes(lang, LANGS)
    lang = np.asarray(LANGS, dtype=object)[lg_code]
    voice = np.asarray(customer_voice, dtype=bool).astype(np.int64)
    call = (
        np.full(n, PHONE, dtype=np.int64)
        if channel_kind is None
        else np.asarray(channel_kind, dtype=np.int64)
    )
    resolved = np.asarray(resolved, dtype=bool)
    precursor = np.asarray(precursor, dtype=bool)
    is_fail = sub > 0
    things = np.empty(n, dtype=object)
    for (t, lg), idx in _groups(top, lg_code):
        things[idx] = _pick(rng, v.things[TOPICS[t]][LANGS[lg]], idx.size)
    opener = np.full(n, "", dtype=object)
    core = np.full(n, "", dtype=object)
    detail = np.full(n, "", dtype=object)
    tail = np.full(n, "", dtype=object)
    quote = np.zeros(n, dtype=bool)

    # failures: (subtype, language, voice) ----------------------------------------------------------
    fidx = np.flatnonzero(is_fail)
    for (sk, lk, vk, ck), idx in _groups(sub[fidx], lg_code[fidx], voice[fidx], call[fidx]):
        idx = fidx[idx]
        lg = LANGS[lk]
        bank = v.failure_cores[_SUBTYPE_NAMES[sk]][lg][vk]
        core[idx] = _pick(rng, bank, idx.size)
        opener[idx] = _pick(
            rng, _openers(v.customer_openers[lg] if vk else v.agent_openers[lg], ck), idx.size
        )
        with_detail = rng.random(idx.size) < 0.35
        detail[idx[with_detail]] = _pick(
            rng, v.customer_details[lg] if vk else v.agent_details[lg], int(with_detail.sum())
        )
        if vk:
            quote[idx] = (opener[idx] != "") & (rng.random(idx.size) < 0.3)
    # ordinary contacts: (topic, language) ----------------------------------------------------------
    oidx = np.flatnonzero(~is_fail & ~precursor)
    for (tk, lk, ck), idx in _groups(top[oidx], lg_code[oidx], call[oidx]):
        idx = oidx[idx]
        lg, tp = LANGS[lk], TOPICS[tk]
        own_words = (voice[idx] == 1) & (rng.random(idx.size) < 0.5)
        on_topic = rng.random(idx.size) < 0.55
        core[idx] = np.where(
            own_words,
            _pick(rng, v.ordinary_customer[lg], idx.size),
            np.where(
                on_topic,
                _pick(rng, v.ordinary_by_topic[tp][lg], idx.size),
                _pick(rng, v.ordinary_generic[lg], idx.size),
            ),
        )
        opener[idx] = np.where(
            own_words,
            _pick(rng, v.customer_openers[lg], idx.size),
            _pick(rng, _openers(v.ordinary_openers[lg], ck), idx.size),
        )
        tail[idx] = np.where(
            own_words,
            "",
            np.where(
                resolved[idx],
                _pick(rng, v.resolved_tails[lg], idx.size),
                _pick(rng, v.pending_tails[lg], idx.size),
            ),
        )
    # the earlier, unresolved contact of a planted repeat contact --------------------------------------
    pidx = np.flatnonzero(precursor)
    for (lk,), idx in _groups(lg_code[pidx]):
        idx = pidx[idx]
        lg = LANGS[lk]
        core[idx] = _pick(rng, v.pending_cores[lg], idx.size)
        # NB ``ck`` is left over from the ordinary contacts' loop above (the last group's channel
        # kind), not this contact's: kept because fixing it changes every demo's notes (data/demo).
        opener[idx] = _pick(rng, _openers(v.ordinary_openers[lg], ck), idx.size)
        tail[idx] = _pick(rng, v.pending_tails[lg], idx.size)

    # failure resolution / recovery wording, exactly matching the flags
    apology = np.asarray(apology, dtype=bool)
    compensation = np.asarray(compensation, dtype=bool)
    follow_up = np.asarray(follow_up, dtype=bool)
    flags = (
        lg_code[fidx],
        resolved[fidx].astype(np.int64),
        apology[fidx].astype(np.int64),
        compensation[fidx].astype(np.int64),
        follow_up[fidx].astype(np.int64),
    )
    for (lk, r, a, c, f), idx in _groups(*flags):
        idx = fidx[idx]
        lg = LANGS[lk]
        if r and (a or c or f):
            tail[idx] = _recovery_texts(rng, v, lg, bool(a), bool(c), bool(f), idx.size)
            continue
        if r:
            bank = v.resolved_failure_tails[lg]
        elif a:
            bank = v.apology_only[lg]
        elif f:
            bank = v.follow_only[lg]
        elif c:
            bank = v.compensation_only[lg]
        else:
            bank = v.unresolved_failure_tails[lg]
        tail[idx] = _pick(rng, bank, idx.size)

    has_thing = np.flatnonzero([("{" in c) for c in core])
    core[has_thing] = [_contract(c.replace("{thing}", t)) for c, t in zip(core[has_thing], things[has_thing])]
    body = core + detail
    body = np.where(quote, '"' + body + '"', body)
    text = opener + body + tail
    bang = np.flatnonzero([("!!." in t) for t in text])
    text[bang] = [t.replace("!!.", "!!") for t in text[bang]]
    ticket = np.flatnonzero(rng.random(n) < 0.08)
    number = rng.integers(100000, 999999, size=ticket.size).astype(str).astype(object)
    label = np.where(lang[ticket] == "en", " Ticket ", " Caso ")
    stem = np.array([t if t.endswith((".", "!", '"')) else t + "." for t in text[ticket]], dtype=object)
    text[ticket] = stem + label + number + "."
    return roughen(rng, text, lang, vocab=v)


def churn_reason_texts(
    rng: np.random.Generator, stated: np.ndarray, lang: np.ndarray, *, vocab: Vocabulary | None = None
) -> list[str]:
    """What each leaving customer said, from the stated family (``price``, …, ``other``, ``none_given``)."""
    v = vocab or load_vocabulary()
    n = len(stated)
    out = np.full(n, "", dtype=object)
    for fam, banks in v.stated_reasons.items():
        for lg in LANGS:
            idx = np.flatnonzero((stated == fam) & (lang == lg))
            if idx.size:
                out[idx] = _pick(rng, banks[lg], idx.size)
    return roughen(rng, out, np.asarray(lang, dtype=object), p_typo=0.05, p_lower=0.3, p_upper=0.0, vocab=v)
