"""One common check over every estimator of the project (scikit-learn's ``check_estimator`` idea).

Each estimator class is one entry of ``CASES``: the class, how to fit it on a tiny frame, and one
method that needs a fitted model. Every entry then gets the same checks: default construction
without logic in ``__init__``, ``get_params``/``repr``, ``fit`` returning self without touching
the parameters, use before ``fit`` raising :class:`models.base.NotFittedError`, and every
parameter refused with the one message template when it holds a value no constraint accepts.

``test_every_estimator_has_a_case`` scans ``MODULES`` (packages with all their submodules) for
:class:`models.base.Estimator` subclasses, so a new estimator cannot skip these checks. Adding
one is one ``Case`` with its tiny fit, plus its module in ``MODULES`` if it lives elsewhere
(e.g. the notes classifier: ``"models.classify"``).
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analytics.periods import ActiveCustomers
from analytics.taxonomy import FAMILIES
from models.attribution import ChurnAttribution
from models.base import Estimator, NotFittedError
from models.classify import NoteClassifier
from models.funnel import FunnelLimits, ShrunkRates
from models.scenarios import Levers, ScenarioEngine
from models.survival import (
    AalenJohansen,
    DiscreteTimeHazard,
    HazardModel,
    KaplanMeier,
    PiecewiseExponential,
    TimeVaryingCox,
)

MODULES = ("models.survival", "models.attribution", "models.scenarios", "models.funnel", "models.classify")
"""Modules whose Estimator subclasses must all have a case below."""


# ----------------------------------------------------------------------------------------------
# tiny data, built once (seeded)
# ----------------------------------------------------------------------------------------------
@cache
def subjects() -> pd.DataFrame:
    """One row per customer: duration (days), event, stated cause of the leavers, plan."""
    rng = np.random.default_rng(0)
    n = 80
    plan = rng.integers(0, 2, n)
    time = np.ceil(rng.exponential(300.0 / (1 + plan), n))
    event = (time < 365).astype(int)
    return pd.DataFrame(
        {
            "duration": np.minimum(time, 365.0),
            "event": event,
            "cause": np.where(event == 1, rng.choice([*FAMILIES, "none"], n), None),
            "plan": np.where(plan == 1, "premium", "basic"),
        }
    )


@cache
def long_frame() -> pd.DataFrame:
    """Counting-process rows: a failure switches ``exposed`` on during the customer's life."""
    rng = np.random.default_rng(1)
    rows = []
    for i, (duration, event) in enumerate(subjects()[["duration", "event"]].itertuples(index=False)):
        plan = int(rng.integers(0, 2))
        onset = float(np.ceil(rng.uniform(0.0, 400.0)))
        if onset < duration:
            rows.append((i, 0.0, onset, 0, 0, plan))
            rows.append((i, onset, duration, event, 1, plan))
        else:
            rows.append((i, 0.0, duration, event, 0, plan))
    return pd.DataFrame(rows, columns=["id", "start", "stop", "event", "exposed", "plan"])


@cache
def patterns() -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Aggregated (band × exposed) patterns with events and days at risk."""
    x = pd.DataFrame({"early": [1, 1, 0, 0], "late": [0, 0, 1, 1], "exposed": [0, 1, 0, 1]})
    return x, np.array([12.0, 9.0, 6.0, 7.0]), np.array([9000.0, 3000.0, 8000.0, 2500.0])


@cache
def attribution_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The four frames ``ChurnAttribution.fit`` reads (as analytics.periods builds them), for 200
    customers with at most one failure each; a failure counts for 90 days."""
    rng = np.random.default_rng(2)
    n, window_end, bands = 200, 730.0, np.array([30.0, 90.0, 180.0, 365.0, 730.0])
    customers, failures, states = [], [], []
    for i in range(n):
        cid = f"C{i:03d}"
        t_fail = float(rng.uniform(0.0, window_end)) if rng.random() < 0.7 else np.inf
        family = int(rng.integers(0, len(FAMILIES)))
        recovered = int(rng.random() < 0.3)
        # churn at 1/900 a day, three times that in the 90 days after a failure (memoryless draws)
        exit_ = float(rng.exponential(900.0))
        if exit_ > t_fail:
            exit_ = t_fail + float(rng.exponential(300.0))
            if exit_ > t_fail + 90.0:
                exit_ = t_fail + 90.0 + float(rng.exponential(900.0))
        exit_ = float(np.ceil(exit_))
        exit_ = min(exit_, window_end)
        churned = int(exit_ < window_end)
        customers.append(
            (cid, 0.0, exit_, window_end, churned, rng.choice(["home", "business"]), "basic", 30.0)
        )
        if t_fail < exit_:
            flags = [int(k == family) for k in range(len(FAMILIES))]
            failures.append((cid, t_fail, *flags, recovered))
        cuts = sorted({0.0, exit_, *(c for c in (t_fail, t_fail + 90.0) if c < exit_)})
        for a, b in itertools.pairwise(cuts):
            active = t_fail <= a < t_fail + 90.0
            fmask = (1 << family) if active else 0
            rmask = fmask if active and recovered else 0
            band = int(np.searchsorted(bands, a, side="right"))
            states.append((cid, band, fmask, rmask, b - a, int(churned and b >= exit_)))
    cust = pd.DataFrame(
        customers,
        columns=[
            "customer_id",
            "entry",
            "exit",
            "window_end",
            "churned",
            "segment",
            "plan",
            "monthly_revenue",
        ],
    )
    fails = pd.DataFrame(
        failures, columns=["customer_id", "t", "f_att", "f_proc", "f_price", "f_qual", "recovered"]
    )
    st = (
        pd.DataFrame(states, columns=["customer_id", "band", "fmask", "rmask", "exposure", "events"])
        .groupby(["customer_id", "band", "fmask", "rmask"], as_index=False)
        .sum()
    )
    contacts = pd.DataFrame(
        {
            "customer_id": cust["customer_id"],
            "contacts": rng.poisson(4.0, n)
            + fails.groupby("customer_id").size().reindex(cust["customer_id"], fill_value=0).to_numpy(),
        }
    )
    return st, cust, fails, contacts


@cache
def fitted_attribution() -> ChurnAttribution:
    return ChurnAttribution(n_bootstrap=5).fit(*attribution_frames())


@cache
def active_customers() -> ActiveCustomers:
    """The tiny attribution's customers still there at the window's end, as analytics.periods.active_at
    gives them (no failure still exposing them)."""
    _, cust, _, contacts = attribution_frames()
    alive = cust[cust["churned"] == 0].merge(contacts, on="customer_id")
    customers = pd.DataFrame(
        {
            "customer_id": alive["customer_id"],
            "tenure": alive["exit"],
            "band": np.searchsorted([30.0, 90.0, 180.0, 365.0, 730.0], alive["exit"], side="right"),
            "segment": alive["segment"],
            "plan": alive["plan"],
            "region": "north",
            "monthly_revenue": alive["monthly_revenue"],
            "contacts": alive["contacts"],
            "days": alive["exit"] - alive["entry"],
        }
    )
    failures = pd.DataFrame({"customer_id": [], "on": [], "off": [], "smask": [], "recovered": []})
    return ActiveCustomers(date(2025, 12, 31), 90, 1, customers, failures)


@cache
def notes() -> tuple[list[str], list[str]]:
    """A few labelled notes per family, enough for the classifier's calibration folds."""
    by_family = {
        "attitude": ["me colgó el teléfono", "the agent was rude to me", "me atendió de mala gana"],
        "process": ["eso lo maneja otra área", "nobody called me back", "no estamos autorizados"],
        "price": ["the price is too high", "me subieron la cuota", "unexpected extra charge"],
        "quality": ["el servicio se cae todo el tiempo", "the product arrived broken", "no funciona"],
        "none": ["consulta de saldo", "wanted to update my address", "pregunta por horarios"],
    }
    texts = [t for family in by_family.values() for t in family] * 2
    families = [f for f, items in by_family.items() for _ in items] * 2
    return texts, families


@cache
def units() -> pd.DataFrame:
    """Agents with a volume of contacts and failures among them (a common rate near 30 %)."""
    rng = np.random.default_rng(3)
    trials = rng.integers(40, 400, 25)
    return pd.DataFrame(
        {"unit": [f"A{k:02d}" for k in range(25)], "trials": trials, "events": rng.binomial(trials, 0.3)}
    )


# ----------------------------------------------------------------------------------------------
# the estimators: one entry each
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    cls: type[Estimator]
    fit: Callable[[Any], Any]
    """Fit the given instance on tiny data and return what ``fit`` returned."""
    use: Callable[[Any], Any]
    """Call one method that needs a fitted model."""


CASES = [
    Case(KaplanMeier, lambda e: e.fit(subjects(), group_cols="plan"), lambda e: e.survival_at([90, 180])),
    Case(AalenJohansen, lambda e: e.fit(subjects()), lambda e: e.cif_at([180])),
    Case(TimeVaryingCox, lambda e: e.fit(long_frame(), ["exposed", "plan"]), lambda e: e.summary()),
    Case(
        DiscreteTimeHazard,
        lambda e: e.fit(long_frame(), ["exposed", "plan"]),
        lambda e: e.predict_hazard(long_frame()),
    ),
    Case(
        PiecewiseExponential,
        lambda e: e.fit(*patterns(), baseline_columns=["early", "late"]),
        lambda e: e.predict(patterns()[0]),
    ),
    Case(HazardModel, lambda e: e.fit(long_frame(), ["exposed", "plan"]), lambda e: e.summary()),
    Case(
        ChurnAttribution,
        lambda e: e.fit(*attribution_frames()),
        lambda e: e.scenario({"attitude": 0.5}),
    ),
    Case(
        ScenarioEngine,
        lambda e: e.fit(fitted_attribution(), active_customers()),
        lambda e: e.point(Levers.of(reduce={"attitude": 0.5})),
    ),
    Case(NoteClassifier, lambda e: e.fit(*notes()), lambda e: e.predict(["me colgó el teléfono"])),
    Case(FunnelLimits, lambda e: e.fit(units(), "events", "trials", "unit"), lambda e: e.limits()),
    Case(ShrunkRates, lambda e: e.fit(units(), "events", "trials", "unit"), lambda e: e.board(top=3)),
]
IDS = [c.cls.__name__ for c in CASES]

# Values tried on every parameter; each one that all of the parameter's constraints refuse is
# checked (out of range, wrong type, a string where a number goes, decreasing band edges, ...).
BAD_CANDIDATES: tuple[Any, ...] = (-1, -0.5, 0, 1.5, 1e12, "not-a-valid-value", None, True, [3.0, 1.0])


def _estimator_classes(module_name: str) -> set[type]:
    """Estimator subclasses defined in a module or anywhere in a package."""
    module = importlib.import_module(module_name)
    found = {
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Estimator) and obj is not Estimator
    }
    for sub in pkgutil.iter_modules(getattr(module, "__path__", [])):
        found |= _estimator_classes(f"{module_name}.{sub.name}")
    return found


def _init_params(cls: type) -> list[str]:
    return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]


def _bad_values(constraints: list[Any]) -> list[Any]:
    return [v for v in BAD_CANDIDATES if not any(c.accepts(v) for c in constraints)]


def _quiet(call: Callable[[], Any]) -> Any:
    # Tiny data trip the estimators' honest warnings (empty tenure bands, ...); they are not under test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


# ----------------------------------------------------------------------------------------------
# the common checks
# ----------------------------------------------------------------------------------------------
@pytest.mark.quick
def test_every_estimator_has_a_case():
    found = set().union(*(_estimator_classes(name) for name in MODULES))
    assert {c.__name__ for c in found} == set(IDS)
    assert found == {c.cls for c in CASES}


@pytest.mark.quick
def test_one_not_fitted_error():
    import models.attribution
    import models.survival

    assert models.survival.NotFittedError is NotFittedError
    assert models.attribution.NotFittedError is NotFittedError
    assert issubclass(NotFittedError, ValueError) and issubclass(NotFittedError, AttributeError)


@pytest.mark.quick
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_default_construction_params_and_repr(case):
    est = case.cls()
    params = est.get_params()
    assert list(params) == _init_params(case.cls)
    assert repr(est) == f"{case.cls.__name__}()"
    # get_params gives back what the constructor took: a clone has the same parameters.
    assert case.cls(**params).get_params().keys() == params.keys()
    for name, value in case.cls(**params).get_params().items():
        assert value is params[name] or value == params[name]
    # Every parameter is validated: none escapes the constraints table.
    assert set(case.cls._parameter_constraints) == set(params)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_fit_returns_self_and_leaves_parameters_alone(case):
    est = case.cls()
    before = repr(est)
    assert _quiet(lambda: case.fit(est)) is est
    assert repr(est) == before
    _quiet(lambda: case.use(est))  # usable once fitted


@pytest.mark.quick
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_use_before_fit_raises_not_fitted(case):
    with pytest.raises(
        NotFittedError, match=rf"This {case.cls.__name__} instance is not fitted yet\. Call 'fit'"
    ):
        case.use(case.cls())


@pytest.mark.quick
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_bad_parameter_refused_in_fit_with_the_one_message(case):
    defaults = case.cls().get_params()
    checked = 0
    for name, constraints in case.cls._parameter_constraints.items():
        bad_values = _bad_values(constraints)
        assert bad_values, f"no value in BAD_CANDIDATES breaks {name}'s constraints {constraints}; add one"
        for bad in bad_values:
            est = case.cls(**{name: bad})  # no logic in __init__: the value is only checked in fit
            if bad != defaults[name]:
                assert f"{name}={bad!r}" in repr(est)
            with pytest.raises(ValueError) as refused:
                case.fit(est)
            allowed = " or ".join(c.describe() for c in constraints)
            assert str(refused.value) == (
                f"The {name!r} parameter of {case.cls.__name__} must be {allowed}. Got {bad!r} instead."
            )
            checked += 1
    assert checked >= len(defaults)
