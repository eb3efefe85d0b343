"""Survival and attribution at scale: the project's path against the obvious lifelines way.

Data: the demo generator's planted world, 100,000 customers with about 2,000,000 interactions
(contact rate raised to 1.9 a month), ingested and labelled (coded failures) before timing.

* project: ``models.report.run_attribution`` — the episode tables built by SQL in DuckDB, the
  hazard-ratio model chosen by size (above 20,000 customers the attribution's own exact-episode
  model), g-computation attribution with 200 bootstrap replicates. The monthly customer-period
  table is built too, as a step of its own: the discrete-time model uses it when requested.
* baseline: what a user would write with pandas and lifelines — ``add_covariate_to_timeline`` to
  build the time-varying table (failures in the last 90 days by family, recovered), then
  ``CoxTimeVaryingFitter``. It has no attribution at all, and is measured on a 20,000-customer
  sample because at 100,000 it runs for many minutes; the project runs on the same sample too,
  so the ratio compares like with like.

Also times a scenario: expected churn recomputed from the fitted model with families removed
(the dashboard's sliders need this in at most 100 ms).

Usage: python bench/bench_attribution.py [--customers 100000] [--sample 20000] [--bootstrap 200]
       [--skip-baseline]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import demo
from analytics import periods
from analytics.ingest import ingest_files
from analytics.store import Store
from models.labels import ensure_labels
from models.report import run_attribution


def build_store(tmp: Path, n: int, name: str) -> tuple[Store, dict, float]:
    world = dataclasses.replace(demo.PlantedWorld(), contact_rate_per_month=1.9, contact_rate_shape=10.0)
    out = tmp / name
    truth = demo.write_demo(out, n, 9, coded=True, world=world)
    store = Store(f"duckdb:///{out / 'store.duckdb'}")
    t0 = time.perf_counter()
    ingest_files(store, customers_path=out / "customers.csv", interactions_path=out / "interactions.csv")
    ensure_labels(store)
    return store, truth, time.perf_counter() - t0


def project(store: Store, bootstrap: int) -> tuple[float, dict]:
    t0 = time.perf_counter()
    per = periods.customer_periods(store)
    t_periods = time.perf_counter() - t0
    report = run_attribution(store, n_bootstrap=bootstrap)
    total = time.perf_counter() - t0
    steps = {"customer_periods": t_periods, **report.seconds}
    steps["rows_customer_periods"] = len(per)
    return total, {"steps": steps, "report": report}


def baseline(store: Store) -> float:
    """pandas + lifelines, the obvious way (timed from the store's frames to fitted hazard ratios)."""
    from lifelines import CoxTimeVaryingFitter
    from lifelines.utils import add_covariate_to_timeline, to_long_format

    t0 = time.perf_counter()
    cust = periods.customer_frame(store)
    fails = periods.failure_frame(store)
    base = to_long_format(
        pd.DataFrame({"id": cust["customer_id"], "duration": cust["exit"], "event": cust["churned"]}),
        duration_col="duration",
    )
    codes = ["f_att", "f_proc", "f_price", "f_qual"]
    on = fails[["customer_id", "t", *codes]].rename(columns={"customer_id": "id", "t": "duration"})
    on["rec"] = fails["recovered"] * (fails[codes].sum(axis=1) > 0)
    off = on.copy()
    off["duration"] = off["duration"] + 90.0
    off[[*codes, "rec"]] = -off[[*codes, "rec"]]
    cv = pd.concat([on, off])
    cv = cv[cv["duration"] > 0]
    long = add_covariate_to_timeline(
        base, cv, duration_col="duration", id_col="id", event_col="event", cumulative_sum=True
    )
    for c in [*codes, "rec"]:  # cumulative_sum names the running counts "cumsum_<column>"
        long[c] = (long[f"cumsum_{c}"] > 0).astype(int)
    long = long[long["stop"] > long["start"]]
    ctv = CoxTimeVaryingFitter()
    ctv.fit(
        long[["id", "start", "stop", "event", *codes, "rec"]],
        id_col="id",
        event_col="event",
        start_col="start",
        stop_col="stop",
    )
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=20_000)
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--skip-baseline", action="store_true", help="only the project's path (no sample run)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        store, truth, setup = build_store(tmp, args.customers, "full")
        counts = truth["counts"]
        print(
            f"data: {counts['customers']:,} customers, {counts['interactions']:,} interactions, "
            f"{counts['churned']:,} churned (ingest + labels {setup:.1f} s, not timed below)"
        )
        total, out = project(store, args.bootstrap)
        steps = out["steps"]
        print(
            f"project, {args.customers:,} customers: {total:6.1f} s  "
            + ", ".join(f"{k} {v:.1f}" for k, v in steps.items() if k != "rows_customer_periods")
            + f"; model: {out['report'].model}; customer-period rows {steps['rows_customer_periods']:,}"
        )
        share = out["report"].attributable_share
        print(
            "  attitude+process share {:.3f} (truth {:.3f}); all failures {:.3f} (truth {:.3f})".format(
                share.loc["attitude_and_process", "estimate"],
                truth["attributable_share"]["attitude_and_process"],
                share.loc["all_failures", "estimate"],
                truth["attributable_share"]["all_failures"],
            )
        )
        attr = out["report"].attribution
        timings = []
        for remove in (["attitude"], ["process"], ["attitude", "process"], ["price", "quality"]) * 5:
            t0 = time.perf_counter()
            attr.expected_churn(remove)
            timings.append(time.perf_counter() - t0)
        print(
            f"  scenario recompute from the fitted model (expected churn with families removed): "
            f"median {1000 * np.median(timings):.1f} ms, max {1000 * max(timings):.1f} ms over {len(timings)}"
        )
        slider = []
        for k in range(20):
            t0 = time.perf_counter()
            attr.scenario({"attitude": k / 20, "process": 0.5})
            slider.append(time.perf_counter() - t0)
        print(
            f"  partial-fix slider (scenario with fractions, with its bootstrap interval): "
            f"median {1000 * np.median(slider):.2f} ms, max {1000 * max(slider):.2f} ms over {len(slider)}"
        )
        if args.skip_baseline:
            print(f"machine: {os.cpu_count()} cores")
            return
        small, _, _ = build_store(tmp, args.sample, "sample")
        p_small, _ = project(small, args.bootstrap)
        b_small = baseline(small)
        print(
            f"sample of {args.sample:,} customers: project {p_small:.1f} s (with {args.bootstrap} bootstrap "
            f"replicates), baseline pandas + lifelines CoxTimeVaryingFitter {b_small:.1f} s (hazard ratios "
            f"only); ratio baseline / project {b_small / p_small:.1f}x"
        )
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
