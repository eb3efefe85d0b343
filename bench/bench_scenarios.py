"""Scenarios at scale: a slider move answered from the fitted model, against re-running the whole
attribution for each scenario.

Data: the demo generator's planted world (default parameters: about 0.6 contacts a month), 100,000
customers, ingested and labelled before timing. The attribution is fitted once with 200 bootstrap
replicates, as the dashboard and the command line keep it.

* project: numba's import, ``periods.active_at`` and ``ScenarioEngine.fit`` (the first preparation
  after a fit: the compiled kernels' first load, drawing the future paths, laying them out, the
  baseline under every replicate; compiling the kernels on a fresh installation is timed apart,
  in another process, as it happens once), then a
  consultant's session of slider moves (families, subtypes, presets, recovery, several at once,
  everything at once), each answered first as a point estimate (``engine.point``) and then with its
  interval (``engine.interval``), and the ranked table of levers.
* baseline: the obvious way — re-run the attribution for the scenario: the SQL tables and the
  model fit (``ChurnAttribution``), with no bootstrap for a point estimate and with the 200
  replicates for an interval. It is also slower than it looks: the attribution only answers whole
  families looking back over the window, not the forward projection with subtype and recovery
  levers, so the comparison favours it.

Prints both with their ratios, and the projection against the generator's planted future.

With ``--data DIR``, the world is read from DIR (``customers.csv``, ``interactions.csv`` and the
generator's ``truth.json``) instead of generated; a ``truth.json`` without a planted future skips
the comparison with it.

Usage: python bench/bench_scenarios.py [--customers 100000] [--bootstrap 200] [--seed 9] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import demo
from analytics import periods
from analytics.ingest import ingest_files
from analytics.scope import Scope
from analytics.store import Store
from models.attribution import ChurnAttribution
from models.labels import ensure_labels
from models.scenarios import Levers, ScenarioEngine

SESSION: list[tuple[str, Levers]] = [
    *((f"handoff −{q:.0%}", Levers.of(reduce={"handoff": q})) for q in (0.1, 0.3, 0.5, 1.0)),
    *((f"attitude −{q:.0%}", Levers.of(reduce={"attitude": q})) for q in (0.1, 0.3)),
    *((f"empowerment −{q:.0%}", Levers.of(presets={"empowerment": q})) for q in (0.2, 0.5, 1.0)),
    ("first-contact resolution −50%", Levers.of(presets={"first_contact_resolution": 0.5})),
    ("waits −50%", Levers.of(presets={"waits": 0.5})),
    *((f"recovery to {r:.0%}", Levers.of(recovery=r)) for r in (0.4, 0.6, 0.8)),
    ("price −30%", Levers.of(reduce={"price": 0.3})),
    (
        "empowerment −50%, fcr −40%, recovery 60%",
        Levers.of(presets={"empowerment": 0.5, "first_contact_resolution": 0.4}, recovery=0.6),
    ),
    (
        "every family −100%, recovery 100%",
        Levers.of(reduce={f: 1.0 for f in ("attitude", "process", "price", "quality")}, recovery=1.0),
    ),
]


def build(tmp: Path, n: int, seed: int, data: Path | None = None) -> tuple[Store, dict, float]:
    if data is None:
        data = tmp / "world"
        truth = demo.write_demo(data, n, seed, coded=True)
    else:
        truth = json.loads((data / "truth.json").read_text())
    store = Store(f"duckdb:///{tmp / 'store.duckdb'}")
    t0 = time.perf_counter()
    ingest_files(store, customers_path=data / "customers.csv", interactions_path=data / "interactions.csv")
    ensure_labels(store)
    return store, truth, time.perf_counter() - t0


def attribution(
    store: Store, scope: Scope, bootstrap: int, seed: int
) -> tuple[ChurnAttribution, float, float]:
    """The attribution as run_attribution fits it; returns it, the tables' and the fit's seconds."""
    t0 = time.perf_counter()
    frames = (
        periods.episode_states(store, scope),
        periods.customer_frame(store, scope),
        periods.failure_frame(store, scope),
        periods.contact_counts(store, scope),
    )
    t_tables = time.perf_counter() - t0
    t0 = time.perf_counter()
    attr = ChurnAttribution(
        n_bootstrap=bootstrap,
        window_days=float(scope.window_days),
        exposure_lag_days=float(scope.exposure_lag_days),
        seed=seed,
    ).fit(*frames)
    return attr, t_tables, time.perf_counter() - t0


def _warm_up_in_new_process(env: dict | None = None) -> float:
    """Seconds ``scenario_kernels.warm_up()`` takes in a new interpreter (with ``env``, if given)."""
    code = (
        "import time; t = time.perf_counter(); from models import scenario_kernels as k; k.warm_up(); "
        "print(time.perf_counter() - t)"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    return float(done.stdout.strip())


def cold_compile() -> float:
    """Seconds a fresh installation takes to compile the scenario kernels (an empty numba cache),
    measured in a new interpreter."""
    with tempfile.TemporaryDirectory() as cache:
        return _warm_up_in_new_process({**os.environ, "NUMBA_CACHE_DIR": cache})


def warm_cache() -> float:
    """Seconds the dashboard's refresh worker spends, after a data change, compiling the kernels
    into numba's cache on disk or finding them there (``models.report.refresh``); a page's first
    preparation then only loads them. In a new interpreter, as the worker is one."""
    return _warm_up_in_new_process()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--data", type=Path, help="read the world from this folder instead of generating it")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        store, truth, setup = build(Path(tmpdir), args.customers, args.seed, args.data)
        counts = truth["counts"]
        print(
            f"data: {counts['customers']:,} customers, {counts['interactions']:,} interactions, "
            f"{counts['churned']:,} churned (ingested and labelled in {setup:.1f} s; none of the data preparation is timed below)"
        )
        scope = Scope().resolved(store)
        attr, t_tables, t_fit = attribution(store, scope, args.bootstrap, args.seed)
        print(f"attribution with {args.bootstrap} replicates: tables {t_tables:.1f} s + fit {t_fit:.1f} s")

        print(
            f"compiling the engine's kernels on a fresh installation (once; numba then keeps them on disk): "
            f"{cold_compile():.2f} s, in another process"
        )
        print(f"the refresh worker's warm-up of the kernels (after every data change): {warm_cache():.2f} s")
        t0 = time.perf_counter()
        from models import scenario_kernels  # noqa: F401  numba, imported by a process's first preparation

        t_import = time.perf_counter() - t0
        t0 = time.perf_counter()
        active = periods.active_at(store, scope)
        t_active = time.perf_counter() - t0
        t0 = time.perf_counter()
        engine = ScenarioEngine(horizon_months=12, seed=args.seed).fit(attr, active)
        t_prepare = time.perf_counter() - t0
        print(
            f"project: first preparation after the fit {t_import + t_active + t_prepare:.2f} s (numba's import "
            f"{t_import:.2f} s, active customers {t_active:.2f} s, drawing and laying out the paths with the "
            f"kernels' first load {t_prepare:.2f} s): {engine.customers_:,} customers active, "
            f"{engine.future_failures_:,} failures drawn over 12 months"
        )
        points, intervals = [], []
        for label, levers in SESSION:
            t0 = time.perf_counter()
            point = engine.point(levers)
            points.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            full = engine.interval(levers)
            intervals.append(time.perf_counter() - t0)
            assert full.churn_avoided.estimate == point.churn_avoided.estimate
            a = full.churn_avoided
            print(
                f"  {label:44s} point {1000 * points[-1]:6.1f} ms, interval {intervals[-1]:5.2f} s: churn avoided "
                f"{a.estimate:7.1f} ({a.low:.1f} – {a.high:.1f})"
            )
        print(
            f"  slider moves: point median {1000 * np.median(points):.1f} ms, max {1000 * max(points):.1f} ms; "
            f"interval median {np.median(intervals):.2f} s, max {max(intervals):.2f} s over {len(SESSION)} moves"
        )
        t0 = time.perf_counter()
        engine.lever_values()
        print(
            f"  the ranked table of levers (every family, subtype, preset and recovery): {time.perf_counter() - t0:.2f} s"
        )

        _, b_tables, b_fit = attribution(store, scope, 0, args.seed)
        obvious_point = b_tables + b_fit
        obvious_interval = t_tables + t_fit
        print(
            f"baseline, re-running the attribution per scenario: point {obvious_point:.1f} s (tables "
            f"{b_tables:.1f} s + fit {b_fit:.1f} s), interval {obvious_interval:.1f} s (with {args.bootstrap} replicates)"
        )
        print(
            f"ratio baseline / project: point {obvious_point / np.median(points):,.0f}x (median move), "
            f"interval {obvious_interval / np.median(intervals):,.0f}x (median move)"
        )

        future = truth.get("future", {}).get("scenarios", {})
        if not future:
            print("no planted future in truth.json: the comparison with it is skipped")
        else:
            print("projection against the planted future (expected numbers; engine 95 % interval):")
        for name, planted in future.items():
            lv = planted["levers"]
            levers = Levers.of(reduce=lv["reduce"], recovery=lv["recovery"], presets=lv["presets"])
            got = engine.interval(levers)
            if name == "baseline":
                e, t = got.baseline_churn, planted["churn_expected"]
            else:
                e, t = got.churn_avoided, planted["churn_avoided_expected"]
            print(f"  {name:18s} truth {t:8.1f}   engine {e.estimate:8.1f} ({e.low:.1f} – {e.high:.1f})")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
