"""The survival report at scale: the project's path against the obvious pandas + lifelines way.

Data: the demo generator's planted world, 100,000 customers (1.9 contacts a month, as in
``bench_attribution.py``), ingested and labelled before timing.

* project: ``models.report.run_survival`` — follow-up tables by SQL in DuckDB, Kaplan–Meier
  overall and by segment, plan and revenue band (with delayed entry), log-rank tests, curves from
  each family's first failure recovered vs not with their tests, and Aalen–Johansen incidence by
  classified exit reason.
* baseline: the same figures the way a user would get them — the customers, interactions and
  labels read into pandas, first failures found with ``groupby``, lifelines'
  ``KaplanMeierFitter`` per group, ``multivariate_logrank_test`` and ``AalenJohansenFitter``
  (exit reasons classified with the same model, so both pay that cost).

Usage: python bench/bench_survival.py [--customers 100000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics.schema import customers, interaction_labels, interactions
from analytics.scope import Scope
from analytics.store import Store
from bench.bench_attribution import build_store
from models.report import exit_reasons, run_survival


def baseline(store: Store) -> float:
    from lifelines import AalenJohansenFitter, KaplanMeierFitter
    from lifelines.statistics import multivariate_logrank_test

    t0 = time.perf_counter()
    cust = store.read_frame(sa.select(customers))
    inter = store.read_frame(
        sa.select(
            interactions.c.interaction_key,
            interactions.c.customer_id,
            interactions.c.timestamp,
            interactions.c.resolved,
            interactions.c.apology,
            interactions.c.compensation,
            interactions.c.follow_up,
        )
    )
    labels = store.read_frame(sa.select(interaction_labels.c.interaction_key, interaction_labels.c.family))
    as_of = max(cust["start_date"].max(), cust["end_date"].dropna().max())
    start = pd.to_datetime(cust["start_date"])
    end = pd.to_datetime(cust["end_date"])
    churned = end.notna()
    exit_day = np.where(churned, (end - start).dt.days + 1, (pd.Timestamp(as_of) - start).dt.days + 1)
    tenure = pd.DataFrame(
        {
            "customer_id": cust["customer_id"],
            "T": exit_day,
            "E": churned.astype(int),
            "segment": cust["segment"].fillna("unknown"),
            "plan": cust["plan"].fillna("unknown"),
            "revenue_band": pd.qcut(cust["monthly_revenue"], 4).astype(str),
        }
    )
    KaplanMeierFitter().fit(tenure["T"], tenure["E"])
    for col in ("segment", "plan", "revenue_band"):
        for _, rows in tenure.groupby(col):
            KaplanMeierFitter().fit(rows["T"], rows["E"])
        multivariate_logrank_test(tenure["T"], tenure[col], tenure["E"])

    fails = inter.merge(labels[labels["family"] != "unclassified"], on="interaction_key")
    fails["recovered"] = fails["resolved"].fillna(False) & (
        fails["apology"].fillna(False)
        | fails["compensation"].fillna(False)
        | fails["follow_up"].fillna(False)
    )
    fails = fails.merge(tenure[["customer_id", "E"]], on="customer_id").merge(
        cust[["customer_id", "start_date"]], on="customer_id"
    )
    fails = fails.sort_values("timestamp")
    exit_by_id = dict(zip(tenure["customer_id"], tenure["T"]))
    groups = {fam: fails[fails["family"] == fam] for fam in fails["family"].unique()}
    groups["any"] = fails
    for rows in groups.values():
        first = rows.groupby("customer_id").first().reset_index()
        t_fail = (
            pd.to_datetime(first["timestamp"]) - pd.to_datetime(first["start_date"])
        ).dt.total_seconds() / 86400
        duration = first["customer_id"].map(exit_by_id) - t_fail
        ok = duration > 0
        first, duration = first[ok], duration[ok]
        for _, idx in first.groupby("recovered").groups.items():
            KaplanMeierFitter().fit(duration.loc[idx], first.loc[idx, "E"])
        multivariate_logrank_test(duration, first["recovered"], first["E"])

    causes = exit_reasons(store, Scope().resolved(store)).set_index("customer_id")["cause"]
    event = tenure["customer_id"].map(causes).fillna("not_stated")
    for cause in event[tenure["E"] == 1].unique():
        code = np.where(tenure["E"] == 1, (event == cause).astype(int) + (event != cause).astype(int) * 2, 0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            AalenJohansenFitter(seed=0).fit(tenure["T"], code, event_of_interest=1)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        store, truth, setup = build_store(Path(tmpdir), args.customers, "full")
        counts = truth["counts"]
        print(
            f"data: {counts['customers']:,} customers, {counts['interactions']:,} interactions, "
            f"{counts['churned']:,} churned (ingest + labels {setup:.1f} s, not timed below)"
        )
        t0 = time.perf_counter()
        report = run_survival(store)
        project = time.perf_counter() - t0
        print(
            f"project run_survival: {project:6.1f} s  "
            + ", ".join(f"{k} {v:.1f}" for k, v in report.seconds.items())
        )
        base = baseline(store)
        print(
            f"baseline pandas + lifelines (same figures): {base:6.1f} s; ratio baseline / project {base / project:.1f}x"
        )
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
