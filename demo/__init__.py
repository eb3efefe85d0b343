"""Demo data with a planted truth: a simulated provider's customers, contacts and churn, and the
share of that churn each kind of failure caused.

Not part of the product: the tests, the benches, ``python -m analytics demo`` and ``data/demo``
use it; ``analytics/`` and ``models/`` never import it (``tests/test_layout.py`` checks), and it
imports only the vocabulary at the bottom of the product (``analytics.contract``,
``analytics.taxonomy``).

* :mod:`demo.world` — :class:`PlantedWorld`, every parameter of the simulated world;
* :mod:`demo.simulate` — :func:`generate`, the simulation (:class:`DemoData`);
* :mod:`demo.hazard` — the churn hazard, one function for the factual run and every counterfactual;
* :mod:`demo.truth` — attributable shares, Shapley and Owen values and the ``truth.json`` report;
* :mod:`demo.future` — twelve months past the window under the baseline and scenarios;
* :mod:`demo.notes` — notes and churn reasons, put together from :mod:`demo.vocabulary`, which
  reads the words from the JSON files in ``demo/vocab/``;
* :mod:`demo.export` — :func:`write_demo`: the CSV files (English or a Spanish system's style)
  and ``truth.json``.
"""

from demo.export import SPANISH_HEADERS, SPANISH_VALUES, STYLES, write_demo, write_tables
from demo.future import FUTURE_SCENARIOS, FutureScenario
from demo.hazard import Counterfactual, HazardPaths
from demo.simulate import DemoData, generate
from demo.truth import attribution_summary, shapley, subset_label
from demo.world import DAYS_PER_MONTH, PlantedWorld

__all__ = [
    "DAYS_PER_MONTH",
    "FUTURE_SCENARIOS",
    "SPANISH_HEADERS",
    "SPANISH_VALUES",
    "STYLES",
    "Counterfactual",
    "DemoData",
    "FutureScenario",
    "HazardPaths",
    "PlantedWorld",
    "attribution_summary",
    "generate",
    "shapley",
    "subset_label",
    "write_demo",
    "write_tables",
]
