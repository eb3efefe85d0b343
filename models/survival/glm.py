"""Newton / Fisher scoring for binomial (logit, cloglog) and Poisson (log) models, shared by
``DiscreteTimeHazard`` and ``PiecewiseExponential``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import linalg


def _solve_pd(h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Solve h x = g for a symmetric positive-definite h (Cholesky); raises LinAlgError if singular."""
    c, low = linalg.cho_factor(h, check_finite=False)
    return linalg.cho_solve((c, low), g, check_finite=False)


def dependent_columns(x: np.ndarray, w: np.ndarray, names: Sequence[str]) -> list[str]:
    """Columns that are (numerically) linear combinations of earlier ones, by pivoted QR of √w·X."""
    xs = x * np.sqrt(w)[:, None]
    scale = np.linalg.norm(xs, axis=0)
    scale[scale == 0] = 1.0
    _, r, piv = linalg.qr(xs / scale, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > 1e-9 * diag[0]).sum()) if diag.size else 0
    return [names[i] for i in sorted(piv[rank:])]


def _binomial_terms(link: str, y: np.ndarray, w: np.ndarray, eta: np.ndarray):
    """Log-likelihood, score and Fisher weights w.r.t. eta for the binomial model."""
    if link == "logit":
        mu = 0.5 * (1.0 + np.tanh(0.5 * eta))  # stable expit
        ll = float(w @ (y * eta - np.logaddexp(0.0, eta)))
        score = w * (y - mu)
        fisher = w * mu * (1.0 - mu)
        return ll, score, fisher
    u = np.exp(np.clip(eta, -700.0, 30.0))  # keeps log(1 - e^{-u}) finite and e^u from overflowing
    em1 = np.expm1(u)
    ratio = np.where(u > 1e-12, u / np.where(em1 == 0, 1.0, em1), 1.0)  # u / (e^u - 1) → 1 as u → 0
    log_mu = np.log(-np.expm1(-u))
    ll = float(w @ (y * log_mu - (1.0 - y) * u))
    score = w * (y * ratio - (1.0 - y) * u)
    fisher = w * u * ratio  # expected information: u² / (e^u - 1)
    return ll, score, fisher


def _cloglog_observed(y: np.ndarray, w: np.ndarray, eta: np.ndarray) -> np.ndarray:
    """Observed information weights -d²ℓ/dη² for the cloglog link (differs from Fisher's)."""
    u = np.exp(np.clip(eta, -700.0, 30.0))
    em1 = np.expm1(u)
    safe = np.where(em1 == 0, 1.0, em1)
    ratio = np.where(u > 1e-12, u / safe, 1.0)
    second = ratio - np.where(u > 1e-12, u * u * np.exp(np.minimum(u, 700.0)) / safe**2, 1.0)
    return -w * (y * second - (1.0 - y) * u)


@dataclass
class GlmFit:
    beta: np.ndarray
    cov: np.ndarray
    loglik: float
    n_iter: int
    converged: bool


def fit_glm(
    family: str,
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    offset: np.ndarray,
    penalty: np.ndarray,
    beta0: np.ndarray | None,
    max_iter: int,
    tol: float,
) -> GlmFit:
    """Penalised maximum likelihood by Newton / Fisher scoring with step halving.

    family: "poisson" (log link; ``y`` counts, ``offset`` log exposure), "logit" or "cloglog"
    (binomial 0/1 ``y``). ``w`` are frequency weights; ``penalty`` the diagonal of the L2 penalty
    ½ Σ penalty_j β_j². The covariance is the inverse observed information at the optimum.
    """
    p = x.shape[1]
    pen = np.diag(penalty)
    if family == "poisson":
        xtwy = x.T @ (w * y)  # sufficient statistic, constant across iterations

        def evaluate(beta: np.ndarray):
            eta = x @ beta + offset
            mu = np.exp(np.minimum(eta, 700.0))
            ll = float(xtwy @ beta - w @ mu) - 0.5 * float(penalty @ beta**2)
            grad = xtwy - x.T @ (w * mu) - penalty * beta
            info = (x.T * (w * mu)) @ x + pen
            return ll, grad, info, eta

        if beta0 is None:
            # glm()'s start: mu = y + 0.1, one weighted least-squares step on the working response.
            mu0 = y + 0.1
            z = np.log(mu0) - offset
            a = (x.T * (w * mu0)) @ x + pen
            try:
                beta0 = _solve_pd(a, x.T @ (w * mu0 * z))
            except linalg.LinAlgError:
                beta0 = np.zeros(p)
    else:

        def evaluate(beta: np.ndarray):
            eta = x @ beta + offset
            ll, score, fisher = _binomial_terms(family, y, w, eta)
            ll -= 0.5 * float(penalty @ beta**2)
            grad = x.T @ score - penalty * beta
            info = (x.T * fisher) @ x + pen
            return ll, grad, info, eta

        if beta0 is None:
            # Start from the Poisson (piecewise-exponential) fit with the same offset: for rare
            # events it is nearly the answer, whereas beta = 0 puts every row at P ≈ length·1/day ≈ 1
            # and Newton for the logit wanders off from there.
            beta0 = fit_glm("poisson", x, y, w, offset, penalty, None, max_iter, tol).beta

    beta = np.asarray(beta0, dtype=float).copy()
    ll, grad, info, eta = evaluate(beta)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - `it` is reported after the loop
        step = _solve_pd(info, grad)
        if float(np.max(np.abs(step), initial=0.0)) < tol:
            # Newton converges quadratically: a step this small is the last one worth taking.
            beta = beta + step
            ll, grad, info, eta = evaluate(beta)
            converged = True
            break
        t = 1.0
        while True:
            cand = beta + t * step
            ll_c, grad_c, info_c, eta_c = evaluate(cand)
            if np.isfinite(ll_c) and ll_c >= ll - 1e-10 * (1.0 + abs(ll)):
                break
            t *= 0.5
            if t < 1e-6:
                break
        if t < 1e-6:  # no ascent along the Newton direction: at the optimum up to rounding
            converged = float(np.max(np.abs(step))) < np.sqrt(tol)
            break
        beta, ll, grad, info, eta = cand, ll_c, grad_c, info_c, eta_c
    if family == "cloglog":
        obs = _cloglog_observed(y, w, eta)
        info = (x.T * obs) @ x + pen
    try:
        cov = linalg.cho_solve(linalg.cho_factor(info, check_finite=False), np.eye(p), check_finite=False)
    except linalg.LinAlgError:
        cov = np.linalg.pinv(info)
    return GlmFit(beta=beta, cov=cov, loglik=ll, n_iter=it, converged=converged)
