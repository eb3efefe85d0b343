"""What every estimator of the project shares: the not-fitted error, parameter validation against
one table of constraints with one message template, ``get_params`` and a readable ``repr``.

The survival models, the attribution and the notes classifier all derive from :class:`Estimator`,
so ``tests/test_estimators.py`` runs one common check over all of them (default construction,
``fit`` returns self, use before ``fit`` raises :class:`NotFittedError`, a bad parameter gives
the same message). Constraints are small objects with ``accepts`` and ``describe``::

    class PeriodBuilder(Estimator):
        _parameter_constraints = {"window_days": [Interval(int, 1, 3650)]}

    PeriodBuilder(window_days=-3).fit(...)
    # ValueError: The 'window_days' parameter of PeriodBuilder must be an int in [1, 3650]. Got -3 instead.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np


class NotFittedError(ValueError, AttributeError):
    """A method that needs a fitted model was called before ``fit``. The one such error of the
    project (like scikit-learn's, a ValueError and an AttributeError)."""


class ConvergenceError(RuntimeError):
    """An iterative fit could not converge (collinear covariates, complete separation, ...)."""


class ConvergenceWarning(UserWarning):
    """An iterative fit stopped before meeting its convergence criterion."""


@dataclass(frozen=True)
class Interval:
    """Numeric parameter constraint, e.g. ``Interval(float, 0, 1, "neither")`` = float in (0, 1)."""

    kind: type
    low: float | None
    high: float | None
    closed: str = "both"  # which ends are included: "both", "left", "right", "neither"

    def accepts(self, value: Any) -> bool:
        if isinstance(value, bool | np.bool_):
            return False
        if self.kind is int and not isinstance(value, int | np.integer):
            return False
        if not isinstance(value, int | float | np.integer | np.floating):
            return False
        v = float(value)
        if np.isnan(v):
            return False
        if self.low is not None and (v < self.low or (v == self.low and self.closed in ("right", "neither"))):
            return False
        return not (
            self.high is not None
            and (v > self.high or (v == self.high and self.closed in ("left", "neither")))
        )

    def describe(self) -> str:
        left = "[" if self.low is not None and self.closed in ("both", "left") else "("
        right = "]" if self.high is not None and self.closed in ("both", "right") else ")"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        article = "an" if self.kind is int else "a"
        return f"{article} {self.kind.__name__} in {left}{low}, {high}{right}"


@dataclass(frozen=True)
class Options:
    values: tuple[Any, ...]

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str | type(None)) and value in self.values

    def describe(self) -> str:
        return "one of {" + ", ".join(repr(v) for v in self.values) + "}"


@dataclass(frozen=True)
class Predicate:
    check: Callable[[Any], bool]
    description: str

    def accepts(self, value: Any) -> bool:
        try:
            return bool(self.check(value))
        except (TypeError, ValueError):
            return False

    def describe(self) -> str:
        return self.description


def _increasing_day_values(value: Any) -> bool:
    edges = np.asarray(value, dtype=float)
    return (
        edges.ndim == 1
        and edges.size >= 1
        and bool(np.all(np.isfinite(edges)))
        and bool(np.all(edges > 0))
        and bool(np.all(np.diff(edges) > 0))
    )


BOOL = Predicate(lambda v: isinstance(v, bool | np.bool_), "a bool")
NONE = Predicate(lambda v: v is None, "None")
ALPHA = Interval(float, 0.0, 1.0, "neither")
PENALIZER = Interval(float, 0.0, None, "left")
DAY_EDGES = Predicate(_increasing_day_values, "an increasing sequence of day values > 0")
"""Band boundaries in days (tenure bands of a baseline hazard), e.g. ``(30, 90, 180, 365)``."""


class Estimator:
    """Shared plumbing: parameter validation against one table, ``get_params``, fitted checks."""

    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {}

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters and their current values (as scikit-learn's ``get_params``)."""
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def _validate_params(self) -> None:
        for name, constraints in self._parameter_constraints.items():
            value = getattr(self, name)
            if not any(c.accepts(value) for c in constraints):
                allowed = " or ".join(c.describe() for c in constraints)
                raise ValueError(
                    f"The {name!r} parameter of {type(self).__name__} must be {allowed}. Got {value!r} instead."
                )

    def _check_fitted(self, method: str) -> None:
        if not getattr(self, "_is_fitted", False):
            raise NotFittedError(
                f"This {type(self).__name__} instance is not fitted yet. Call 'fit' with appropriate "
                f"arguments before using {method!r}."
            )

    def __repr__(self) -> str:
        defaults = {
            k: p.default for k, p in inspect.signature(type(self).__init__).parameters.items() if k != "self"
        }
        shown = [f"{k}={v!r}" for k, v in self.get_params().items() if not _same(v, defaults.get(k))]
        return f"{type(self).__name__}({', '.join(shown)})"


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b
