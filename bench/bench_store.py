"""SQLite against DuckDB for this product's workload: which one is the embedded default.

Same data, same SQLAlchemy Core queries, both databases, one run:

1. load 100,000 customers and 1,000,000 interactions (each database's best bulk path reachable
   from Python: executemany for SQLite, an Arrow scan for DuckDB);
2. the analytics queries the product runs all the time: failures per 100 contacts by team and
   month (join + group by), the repeat-contact signal (a window function over customer and topic),
   and per-customer contact and failure counts joined to churn (a customers × interactions join).

Usage: python bench/bench_store.py [--interactions 1000000] [--customers 100000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def make_data(n_customers: int, n_interactions: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, n_customers), unit="D")
    churned = rng.random(n_customers) < 0.3
    end = start + pd.to_timedelta(rng.integers(30, 700, n_customers), unit="D")
    cust = pd.DataFrame(
        {
            "customer_id": [f"C{i:07d}" for i in range(n_customers)],
            "start_date": start,
            "end_date": pd.Series(end).where(churned),
            "segment": rng.choice(["residential", "business"], n_customers),
            "plan": rng.choice(["basic", "plus", "premium"], n_customers),
        }
    )
    ci = rng.integers(0, n_customers, n_interactions)
    ts = start.values[ci] + pd.to_timedelta(rng.integers(0, 600 * 86400, n_interactions), unit="s").values
    fam = rng.choice(
        ["", "attitude", "process", "price", "quality"], n_interactions, p=[0.68, 0.1, 0.12, 0.05, 0.05]
    )
    inter = pd.DataFrame(
        {
            "interaction_id": [f"I{i:08d}" for i in range(n_interactions)],
            "customer_id": cust["customer_id"].values[ci],
            "timestamp": ts,
            "channel": rng.choice(["phone", "chat", "email", "store"], n_interactions),
            "team": rng.choice(["billing", "support", "sales", "retention", "store"], n_interactions),
            "topic": rng.choice(
                ["billing", "internet", "tv", "mobile", "device", "contract"], n_interactions
            ),
            "failure_type": pd.Series(fam).replace("", None),
            "wait_seconds": rng.exponential(200, n_interactions),
        }
    )
    return cust, inter


md = sa.MetaData()
customers = sa.Table(
    "customers",
    md,
    sa.Column("customer_id", sa.Text, primary_key=True),
    sa.Column("start_date", sa.DateTime),
    sa.Column("end_date", sa.DateTime),
    sa.Column("segment", sa.Text),
    sa.Column("plan", sa.Text),
)
interactions = sa.Table(
    "interactions",
    md,
    sa.Column("interaction_id", sa.Text),
    sa.Column("customer_id", sa.Text),
    sa.Column("timestamp", sa.DateTime),
    sa.Column("channel", sa.Text),
    sa.Column("team", sa.Text),
    sa.Column("topic", sa.Text),
    sa.Column("failure_type", sa.Text),
    sa.Column("wait_seconds", sa.Double),
)


def load(engine: sa.Engine, cust: pd.DataFrame, inter: pd.DataFrame) -> None:
    md.create_all(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "duckdb":
            raw = conn.connection.driver_connection
            for name, frame in (("customers", cust), ("interactions", inter)):
                raw.register("_src", frame)
                conn.exec_driver_sql(f"INSERT INTO {name} SELECT * FROM _src")
                raw.unregister("_src")
        else:
            for table, frame in ((customers, cust), (interactions, inter)):
                records = frame.astype(object).where(frame.notna(), None)
                for col in ("start_date", "end_date", "timestamp"):
                    if col in records:
                        records[col] = pd.Series(
                            [None if pd.isna(v) else pd.Timestamp(v).to_pydatetime() for v in records[col]],
                            dtype=object,
                            index=records.index,
                        )
                conn.execute(sa.insert(table), records.to_dict("records"))


def queries() -> dict[str, sa.Select]:
    i, c = interactions, customers
    month = sa.func.substr(sa.cast(i.c.timestamp, sa.Text), 1, 7)
    per_team = sa.select(
        i.c.team,
        month.label("month"),
        (100.0 * sa.func.count(i.c.failure_type) / sa.func.count()).label("failures_per_100"),
    ).group_by(i.c.team, month)
    prev = sa.func.lag(i.c.timestamp).over(partition_by=(i.c.customer_id, i.c.topic), order_by=i.c.timestamp)
    lagged = sa.select(i.c.interaction_id, i.c.timestamp, prev.label("prev")).subquery()
    repeats = sa.select(sa.func.count()).where(lagged.c.prev.is_not(None))
    per_customer = (
        sa.select(
            c.c.segment,
            (c.c.end_date.is_not(None)).label("churned"),
            sa.func.count(i.c.interaction_id).label("contacts"),
            sa.func.count(i.c.failure_type).label("failures"),
        )
        .select_from(c.outerjoin(i, i.c.customer_id == c.c.customer_id))
        .group_by(c.c.segment, c.c.end_date.is_not(None))
    )
    return {
        "failures per 100 contacts by team x month": per_team,
        "repeat-contact window function": repeats,
        "customers x interactions join": per_customer,
    }


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--interactions", type=int, default=1_000_000)
    args = ap.parse_args()
    cust, inter = make_data(args.customers, args.interactions)
    print(f"data: {len(cust):,} customers, {len(inter):,} interactions")
    with tempfile.TemporaryDirectory() as tmp:
        engines = {
            "sqlite": sa.create_engine(f"sqlite:///{os.path.join(tmp, 'b.sqlite')}"),
            "duckdb": sa.create_engine(f"duckdb:///{os.path.join(tmp, 'b.duckdb')}"),
        }
        results: dict[str, dict[str, float]] = {name: {} for name in engines}
        for name, eng in engines.items():
            results[name]["load"] = timed(lambda eng=eng: load(eng, cust, inter))
            for label, q in queries().items():
                with eng.connect() as conn:
                    results[name][label] = min(
                        timed(lambda q=q, conn=conn: conn.execute(q).fetchall()) for _ in range(3)
                    )
        print(f"{'step':45s} {'sqlite s':>10s} {'duckdb s':>10s} {'sqlite/duckdb':>14s}")
        for step in results["sqlite"]:
            a, b = results["sqlite"][step], results["duckdb"][step]
            print(f"{step:45s} {a:10.3f} {b:10.3f} {a / b:13.1f}x")


if __name__ == "__main__":
    main()
