"""The scenario engine's inner loops, compiled (numba): which pieces of the hazard paths a set of
failures exposes, the subtype bits of a piece's exposing failures, and a piece's log hazard.

Each is a plain loop over a few million memberships (piece, failure atom). In numpy the same
work needed a ``reduceat`` per mask and a dozen temporary arrays the size of the memberships;
compiled, a slider move that changes every failure of the future takes tens of milliseconds at
100,000 customers. The arithmetic of :func:`log_rates` is numpy's ``_log_hr`` term by term, in
the same order, so the figures are the same to the last bit.

Compiled once per installation (``cache=True`` keeps the machine code beside this file, or in
numba's user cache where that folder is read-only); :func:`warm_up` compiles them on tiny arrays.
"""

from __future__ import annotations

import numba as nb
import numpy as np

__all__ = ["changed_hazard", "log_rates", "mark_pieces", "memberships_by_piece", "piece_masks", "warm_up"]


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
        p = pieces[i]
        bits = 0
        unrec = 0
        for j in range(ptr[p], ptr[p + 1]):
            a = atoms[j]
            if kept[a]:
                bits |= a_bit[a]
                if not rec[a]:
                    unrec |= a_bit[a]
        m[i] = bits
        mu[i] = unrec
    return m, mu


@nb.njit(cache=True, nogil=True)
def log_rates(
    static: np.ndarray,
    m: np.ndarray,
    mu: np.ndarray,
    static_log: np.ndarray,
    tables: np.ndarray,
    offsets: np.ndarray,
    shifts: np.ndarray,
    sizes: np.ndarray,
    beta_rec: float,
) -> np.ndarray:
    """Log hazard per day of each (static, m, mU): the static log rate plus, per family in order,
    its (monotone) table value, raised by the recovery's (never below 0) when all of the family's
    exposing failures were recovered. ``tables``: the families' tables end to end, family ``f``'s
    from ``offsets[f]``; its bits are ``(m >> shifts[f]) & sizes[f]``."""
    out = np.empty(m.size)
    for i in range(m.size):
        acc = 0.0
        for f in range(shifts.size):
            mf = (m[i] >> shifts[f]) & sizes[f]
            value = tables[offsets[f] + mf]
            if mf != 0 and ((mu[i] >> shifts[f]) & sizes[f]) == 0:
                value = max(value + beta_rec, 0.0)
            acc += value
        out[i] = static_log[static[i]] + acc
    return out


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
    static_log: np.ndarray,
    tables: np.ndarray,
    offsets: np.ndarray,
    shifts: np.ndarray,
    sizes: np.ndarray,
    beta_rec: float,
    n_customers: int,
    months: int,
    within: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A lever move in one pass: the pieces of the first ``within`` months exposed by the changed
    ``atoms`` (sorted), their customers (sorted: pieces are laid out customer by customer), and the
    change of each of those customers' cumulative hazard by month (customers × ``months``): each
    piece's days × its new rate (:func:`piece_masks`, :func:`log_rates`) minus its baseline ``c0``."""
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
        bits = 0
        unrec = 0
        for j in range(ptr[p], ptr[p + 1]):
            a = m_atom[j]
            if kept[a]:
                bits |= a_bit[a]
                if not rec[a]:
                    unrec |= a_bit[a]
        acc = 0.0  # log_rates, term by term
        for f in range(shifts.size):
            mf = (bits >> shifts[f]) & sizes[f]
            value = tables[offsets[f] + mf]
            if mf != 0 and ((unrec >> shifts[f]) & sizes[f]) == 0:
                value = max(value + beta_rec, 0.0)
            acc += value
        delta[n_cust - 1, p_month[p]] += p_len[p] * np.exp(static_log[p_static[p]] + acc) - c0[p]
    return pieces[:n].copy(), customers[:n_cust].copy(), delta[:n_cust].copy()


def warm_up() -> None:
    """Compile (or load from the cache) every kernel on tiny arrays."""
    lo, hi = np.array([0], np.int64), np.array([1], np.int64)
    ptr, atoms = memberships_by_piece(lo, hi, 1)
    one = np.array([0], np.int64)
    mark_pieces(lo, hi, one, 1)
    m, mu = piece_masks(ptr, atoms, one, np.array([True]), np.array([False]), np.array([1], np.int64))
    log_rates(one, m, mu, np.zeros(1), np.zeros(2), one, one, np.array([1], np.int64), 0.0)
    changed_hazard(
        one,
        lo,
        hi,
        ptr,
        atoms,
        np.array([True]),
        np.array([False]),
        one,
        one,
        one,
        one,
        np.ones(1),
        np.zeros(1),
        np.zeros(1),
        np.zeros(2),
        one,
        one,
        np.array([1], np.int64),
        0.0,
        1,
        1,
        1,
    )
