"""Survival estimators for customer loss: Kaplan–Meier, log-rank, time-varying Cox, discrete-time
hazard, piecewise-exponential Poisson and Aalen–Johansen cumulative incidence.

Every estimator takes plain pandas DataFrames (or arrays), so it does not depend on how the
customer-period table is built. Times are in **days** throughout.

Input formats
-------------
**One row per subject** (``KaplanMeier``, ``logrank_test``, ``AalenJohansen``)

    ``duration``   float > 0, days from the subject's time origin to churn or censoring. The
                   origin is whatever the question needs: the start of the contract ("how long do
                   customers stay?") or the date of a failure ("how fast do they leave after a
                   process failure, recovered vs not?") — the caller measures durations from it.
    ``event``      0/1, 1 = the customer left at ``duration``, 0 = still a customer (censored).
    ``cause``      (``AalenJohansen`` only) the stated exit family of a leaver, e.g. ``attitude``,
                   ``process``, ``price``, ``quality`` or ``none``; ignored where ``event`` is 0.
    group columns  optional (segment, plan, failure family, recovered yes/no, ...).

**Long / counting-process format** (``TimeVaryingCox``, ``DiscreteTimeHazard``,
``fit_hazard_model``) — what the customer-period table produces::

    id  start  stop  event  failures_attitude  recovered  plan_premium
    17      0     30      0                  0          0             1
    17     30     44      0                  1          0             1   <- failure on day 30
    17     44     61      1                  1          1             1   <- left on day 61

    ``id``         subject identifier.
    ``start``      days since the subject's time origin at which the interval opens (>= 0).
    ``stop``       days at which it closes; ``start < stop``. Intervals of one subject must not
                   overlap (gaps are allowed: the subject is simply not at risk then).
    ``event``      1 only on the subject's last interval and only if the subject left at ``stop``.
    covariates     numeric, constant within an interval (time-varying covariates change between
                   rows). Encode categories as 0/1 columns (one-hot) first.

**Aggregated patterns** (``PiecewiseExponential``): one row per covariate pattern (time band ×
covariates) with the total time at risk (``exposure``, days) and the number of events
(``events``) spent in that pattern. This is the sufficient statistic of the piecewise-exponential
model; the attribution builds it by SQL and refits it in a few milliseconds per bootstrap.

Conventions
-----------
Hyper-parameters go to ``__init__``, data to ``fit(...)``, which returns ``self``; fitted
results end in ``_``. Hazard-ratio tables (``hazard_ratios_``) have one row per covariate and the
columns ``estimate``, ``low``, ``high`` (a ``1 - alpha`` Wald interval, 95 % by default) and ``p``.
Tidy curve tables can be plotted directly: ``group, time, survival, low, high, at_risk`` for
Kaplan–Meier and ``group, cause, time, cif, low, high, at_risk`` for cumulative incidence.

Layout
------
One estimator per module: ``kaplan_meier`` (``KaplanMeier``), ``logrank`` (``logrank_test``),
``cox`` (``TimeVaryingCox``), ``discrete`` (``DiscreteTimeHazard``), ``piecewise``
(``PiecewiseExponential``), ``hazard_model`` (``HazardModel``, ``fit_hazard_model``: Cox or
discrete-time chosen by size), ``aalen_johansen`` (``AalenJohansen``). ``checks`` holds the input
checks they share, ``glm`` the Newton / Fisher-scoring fitter of the discrete-time and Poisson
models, ``tables`` the hazard-ratio tables. Parameter validation, ``get_params`` and the
not-fitted error come from :mod:`models.base`. Import the public names from this package.
"""

from __future__ import annotations

from models.base import ConvergenceError, ConvergenceWarning, NotFittedError
from models.survival.aalen_johansen import AalenJohansen
from models.survival.cox import TimeVaryingCox
from models.survival.discrete import DiscreteTimeHazard
from models.survival.hazard_model import COX_MAX_ROWS, COX_MAX_SUBJECTS, HazardModel, fit_hazard_model
from models.survival.kaplan_meier import KaplanMeier
from models.survival.logrank import LogRankResult, logrank_test
from models.survival.piecewise import PiecewiseExponential

__all__ = [
    "COX_MAX_ROWS",
    "COX_MAX_SUBJECTS",
    "AalenJohansen",
    "ConvergenceError",
    "ConvergenceWarning",
    "DiscreteTimeHazard",
    "HazardModel",
    "KaplanMeier",
    "LogRankResult",
    "NotFittedError",
    "PiecewiseExponential",
    "TimeVaryingCox",
    "fit_hazard_model",
    "logrank_test",
]
