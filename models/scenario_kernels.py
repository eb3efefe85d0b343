"""The scenario engine's inner loops, compiled (numba): the atoms of the failures, the cut points of
the hazard paths in order, which pieces a failure exposes, the subtype bits of a piece's exposing
failures, a lever move's change of hazard, and the patterns' rates under every replicate.

Each is a plain loop over a few million memberships (piece, failure atom). In numpy the same
work needed a ``reduceat`` per mask and a dozen temporary arrays the size of the memberships;
compiled, a slider move that changes every failure of the future takes tens of milliseconds at
100,000 customers. A piece's rate is a product of looked-up factors rather than the exponential of
a sum: the same number to about 1e-16 (relative), and no exponential per piece.

Compiled once per installation (``cache=True`` keeps the machine code beside this file, or in
numba's user cache where that folder is read-only); :func:`warm_up` compiles them on tiny arrays.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = [
    "changed_hazard",
    "mark_pieces",
    "memberships_by_piece",
    "piece_masks",
    "replicate_log_rates",
    "sort_cuts",
    "split_atoms",
    "warm_up",
]


@nb.njit(cache=True, nogil=True)
def split_atoms(masks: np.ndarray, n_slots: int) -> tuple[np.ndarray, np.ndarray]:
    """One atom per subtype bit of each failure's mask: (failure, slot) of every atom, failure by
    failure and slot by slot (``np.nonzero`` of the failures × slots bit matrix, without it)."""
    n = 0
    for i in range(masks.size):
        for k in range(n_slots):
            n += (masks[i] >> k) & 1
    fail = np.empty(n, np.int64)
    slot = np.empty(n, np.int64)
    j = 0
    for i in range(masks.size):
        for k in range(n_slots):
            if (masks[i] >> k) & 1:
                fail[j] = i
                slot[j] = k
                j += 1
    return fail, slot


@nb.njit(cache=True, nogil=True)
def sort_cuts(customer: np.ndarray, time: np.ndarray, n_customers: int) -> tuple[np.ndarray, np.ndarray]:
    """The cut points (customer, time) sorted by customer, then time: a counting sort by customer
    and a small sort within each (the same arrays as ``np.lexsort((time, customer))`` gives)."""
    start = np.zeros(n_customers + 1, np.int64)
    for c in customer:
        start[c + 1] += 1
    for c in range(n_customers):
        start[c + 1] += start[c]
    fill = start[:-1].copy()
    out_c = np.empty(customer.size, np.int64)
    out_t = np.empty(time.size)
    for i in range(customer.size):
        c = customer[i]
        out_c[fill[c]] = c
        out_t[fill[c]] = time[i]
        fill[c] += 1
    for c in range(n_customers):
        out_t[start[c] : start[c + 1]].sort()
    return out_c, out_t


@nb.njit(cache=True, nogil=True)
def memberships_by_piece(a_lo: np.ndarray, a_hi: np.ndarray, n_pieces: int) -> tuple[np.ndarray, np.ndarray]:
    """Atom ``a`` exposes pieces ``a_lo[a]:a_hi[a]``; returns the same memberships by piece (CSR):
    the atoms exposing piece ``p`` are ``atoms[ptr[p]:ptr[p + 1]]``, in increasing order."""
    ptr = np.zeros(n_pieces + 1, np.int64)
    for a in range(a_lo.size):
        for p in range(a_lo[a], a_hi[a]):
            ptr[p + 1] += 1
    for p in range(n_pieces):
        ptr[p + 1] += ptr[p]
    fill = ptr[:-1].copy()
    atoms = np.empty(ptr[n_pieces], np.int32)
    for a in range(a_lo.size):
        for p in range(a_lo[a], a_hi[a]):
            atoms[fill[p]] = a
            fill[p] += 1
    return ptr, atoms


@nb.njit(cache=True, nogil=True)
def mark_pieces(a_lo: np.ndarray, a_hi: np.ndarray, atoms: np.ndarray, n_pieces: int) -> np.ndarray:
    """The pieces exposed by any of ``atoms`` (a boolean mask over the pieces)."""
    mark = np.zeros(n_pieces, np.bool_)
    for a in atoms:
        for p in range(a_lo[a], a_hi[a]):
            mark[p] = True
    return mark


@nb.njit(cache=True, nogil=True, inline="always")
def _piece_bits(ptr, atoms, p, kept, rec, a_bit):
    """(m, mU) of piece ``p``: the OR of its kept atoms' bits, and of the kept ones not recovered."""
    bits = 0
    unrec = 0
    for j in range(ptr[p], ptr[p + 1]):
        a = atoms[j]
        if kept[a]:
            bits |= a_bit[a]
            if not rec[a]:
                unrec |= a_bit[a]
    return bits, unrec


@nb.njit(cache=True, nogil=True)
def piece_masks(
    ptr: np.ndarray,
    atoms: np.ndarray,
    pieces: np.ndarray,
    kept: np.ndarray,
    rec: np.ndarray,
    a_bit: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(m, mU) of each of ``pieces``: the subtype bits of the kept atoms exposing it, and of the
    kept ones not recovered."""
    m = np.zeros(pieces.size, np.int64)
    mu = np.zeros(pieces.size, np.int64)
    for i in range(pieces.size):
        m[i], mu[i] = _piece_bits(ptr, atoms, pieces[i], kept, rec, a_bit)
    return m, mu


@nb.njit(cache=True, nogil=True)
def changed_hazard(
    atoms: np.ndarray,
    a_lo: np.ndarray,
    a_hi: np.ndarray,
    ptr: np.ndarray,
    m_atom: np.ndarray,
    kept: np.ndarray,
    rec: np.ndarray,
    a_bit: np.ndarray,
    p_cust: np.ndarray,
    p_month: np.ndarray,
    p_static: np.ndarray,
    p_len: np.ndarray,
    c0: np.ndarray,
    exp_static: np.ndarray,
    exp_plain: np.ndarray,
    exp_recovered: np.ndarray,
    offsets: np.ndarray,
    shifts: np.ndarray,
    sizes: np.ndarray,
    n_customers: int,
    months: int,
    within: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A lever move in one pass: the pieces of the first ``within`` months exposed by the changed
    ``atoms`` (sorted), their customers (sorted: pieces are laid out customer by customer), and the
    change of each of those customers' cumulative hazard by month (customers × ``months``): each
    piece's days × its new rate minus its baseline ``c0``. The rate is a product of looked-up
    factors, no exponential: the static rate ``exp_static``, and per family with failures exposing
    the piece (:func:`piece_masks`) its hazard ratio, ``exp_recovered`` while all of them were
    recovered, else ``exp_plain`` (the families' tables end to end, family ``f``'s from
    ``offsets[f]``, its bits ``(m >> shifts[f]) & sizes[f]``)."""
    mark = mark_pieces(a_lo, a_hi, atoms, p_len.size)
    pieces = np.empty(p_len.size, np.int64)
    customers = np.empty(n_customers, np.int64)
    delta = np.zeros((n_customers, months))
    n = 0
    n_cust = 0
    last = -1
    for p in range(p_len.size):
        if not mark[p] or p_month[p] >= within:
            continue
        pieces[n] = p
        n += 1
        if p_cust[p] != last:
            last = p_cust[p]
            customers[n_cust] = last
            n_cust += 1
        bits, unrec = _piece_bits(ptr, m_atom, p, kept, rec, a_bit)
        rate = exp_static[p_static[p]]
        for f in range(shifts.size):
            mf = (bits >> shifts[f]) & sizes[f]
            if mf != 0:  # the family's hazard ratio, softened while all its failures were recovered
                recovered = ((unrec >> shifts[f]) & sizes[f]) == 0
                rate *= exp_recovered[offsets[f] + mf] if recovered else exp_plain[offsets[f] + mf]
        delta[n_cust - 1, p_month[p]] += p_len[p] * rate - c0[p]
    return pieces[:n].copy(), customers[:n_cust].copy(), delta[:n_cust].copy()


@nb.njit(cache=True, nogil=True)
def replicate_log_rates(
    patterns: np.ndarray,
    static_t: np.ndarray,
    tables_t: np.ndarray,
    offsets: np.ndarray,
    shifts: np.ndarray,
    sizes: np.ndarray,
    rec: np.ndarray,
) -> np.ndarray:
    """Log hazard per day of each (static, m, mU) pattern (rows of ``patterns``) under every
    replicate (patterns × replicates), in single precision: the static log rate plus, per family
    with failures, its table entry, raised by the recovery's (never below 0) when all of them were
    recovered — numpy's ``_pattern_rates`` term by term, in the same order; the tables transposed (``static_t``: static code × replicate, ``tables_t``: the
    families' table entries end to end × replicate, ``rec``: per replicate)."""
    reps = rec.size
    zero = np.float32(0.0)
    out = np.empty((patterns.shape[0], reps), np.float32)
    for i in range(patterns.shape[0]):
        s = patterns[i, 0]
        m = patterns[i, 1]
        mu = patterns[i, 2]
        for r in range(reps):
            out[i, r] = static_t[s, r]
        for f in range(shifts.size):
            mf = (m >> shifts[f]) & sizes[f]
            if mf == 0:  # the table's entry for no failure is 0
                continue
            row = offsets[f] + mf
            recovered = ((mu >> shifts[f]) & sizes[f]) == 0
            for r in range(reps):
                value = tables_t[row, r]
                if recovered:
                    value = max(value + rec[r], zero)
                out[i, r] += value
    return out


def warm_up() -> None:
    """Compile (or load from the cache) every kernel on tiny arrays."""
    lo, hi = np.array([0], np.int64), np.array([1], np.int64)
    split_atoms(hi, 1)
    sort_cuts(lo, np.zeros(1), 1)
    ptr, atoms = memberships_by_piece(lo, hi, 1)
    one = np.array([0], np.int64)
    mark_pieces(lo, hi, one, 1)
    piece_masks(ptr, atoms, one, np.array([True]), np.array([False]), np.array([1], np.int64))
    replicate_log_rates(
        np.zeros((1, 3), np.int64),
        np.zeros((1, 1), np.float32),
        np.zeros((2, 1), np.float32),
        one,
        one,
        np.array([1], np.int64),
        np.zeros(1, np.float32),
    )
    flags = np.array([True]), np.array([False])
    pieces = one, one, one, np.ones(1), np.zeros(1)  # customer, month, static code, days, baseline
    factors = np.ones(1), np.ones(2), np.ones(2), one, one, np.array([1], np.int64)
    changed_hazard(one, lo, hi, ptr, atoms, *flags, one, *pieces, *factors, 1, 1, 1)
