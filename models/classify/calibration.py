"""Calibration of the family probabilities on held-out folds, aware of how familiar a text is.

A classifier trained on one corpus is over-confident on wording it has never met: its linear
scores stay large even when most of a text's words are unknown to it. :class:`FamiliarityTemperature`
corrects both at once. It rescales the model's log-probabilities by a temperature that grows as
the text's *coverage* (the idf-weighted share of its words the vocabulary knows,
:func:`models.classify.tfidf.coverage`) falls::

    p_calibrated ∝ p ** (1 / T),    T = exp(a + b · (1 − coverage)),   b ≥ 0

Both numbers are fitted by maximum likelihood on out-of-fold predictions: the training texts
are split in folds (grouped by the hand-written clause they were built from, so a held-out fold
holds wording the model has not seen), each fold is predicted by a model trained on the others,
and (a, b) are chosen to make those held-out probabilities honest. A temperature never changes
which family is the most probable; it only changes how sure the model says it is — so a text
that shares little with anything known comes out flat, below the threshold, "unclassified".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax

_EPS = 1e-12


@dataclass(frozen=True)
class FamiliarityTemperature:
    """Temperature scaling whose temperature depends on the text's word coverage.

    ``a = b = 0`` is the identity (no calibration).
    """

    a: float = 0.0
    b: float = 0.0

    def temperature(self, coverage: np.ndarray) -> np.ndarray:
        return np.exp(self.a + self.b * (1.0 - np.clip(coverage, 0.0, 1.0)))

    def apply(self, proba: np.ndarray, coverage: np.ndarray) -> np.ndarray:
        """Calibrated probabilities (same shape and column order as ``proba``)."""
        if self.a == 0.0 and self.b == 0.0:
            return proba
        logits = np.log(np.clip(proba, _EPS, 1.0)) / self.temperature(coverage)[:, None]
        return np.exp(log_softmax(logits, axis=1))

    @classmethod
    def fit(
        cls, proba: np.ndarray, y: np.ndarray, coverage: np.ndarray, weight: np.ndarray | None = None
    ) -> FamiliarityTemperature:
        """Maximum-likelihood (a, b) on held-out probabilities ``proba`` with true columns ``y``."""
        logp = np.log(np.clip(proba, _EPS, 1.0))
        w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
        args = (logp, np.asarray(y), w / w.sum(), 1.0 - np.clip(coverage, 0.0, 1.0))
        res = minimize(
            _nll, x0=np.zeros(2), args=args, jac=True, method="L-BFGS-B", bounds=[(-3.0, 3.0), (0.0, 6.0)]
        )
        return cls(a=float(res.x[0]), b=float(res.x[1]))


def _nll(
    theta: np.ndarray, logp: np.ndarray, y: np.ndarray, w: np.ndarray, unfamiliar: np.ndarray
) -> tuple[float, np.ndarray]:
    """Weighted negative log-likelihood of the tempered probabilities, and its gradient in (a, b)."""
    a, b = theta
    rows = np.arange(len(y))
    inv_t = np.exp(-(a + b * unfamiliar))
    logq = log_softmax(logp * inv_t[:, None], axis=1)
    nll = -float(np.sum(w * logq[rows, y]))
    # d logq[y] / d inv_t = logp[y] − Σ q · logp, and d inv_t / d(a + b·u) = −inv_t
    slope = w * (logp[rows, y] - np.sum(np.exp(logq) * logp, axis=1)) * inv_t
    return nll, np.array([float(np.sum(slope)), float(np.sum(slope * unfamiliar))])
