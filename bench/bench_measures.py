"""The dashboard's measures (analytics/measures.py) at scale: SQL in the database against pandas.

Builds a store with 100,000 customers and 2,000,000 interactions (agents, teams, channels,
topics, notes; a third of the contacts labelled as failures, a few with a second label or a
promise not yet due), then times every measure a page asks for:

* **first call**: the measure on the whole window, no filter;
* **filter change**: the median of 5 calls with a team filter, then a segment filter (what a
  page re-renders after a manager picks a filter; the dashboard caches per filter).

Baseline, in the same run: the obvious way — read the contacts with their labels and customers
into pandas (one query) and compute failures per 100 contacts by team and first-contact
resolution there. Printed beside the project's time for the same two answers, with the ratio.

Usage: python bench/bench_measures.py [--customers 100000] [--interactions 2000000] [--db URL]
(``--db`` a PostgreSQL URL to run on PostgreSQL; its tables are dropped and refilled.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analytics import measures
from analytics.ingest import bulk_insert
from analytics.schema import customers, interaction_labels, interactions, metadata
from analytics.scope import Scope
from analytics.store import Store

SUBTYPES = {
    "attitude": ["rude", "not_listening", "scripted_refusal", "lack_of_knowledge"],
    "process": ["policy_refusal", "handoff", "repeat_contact", "long_wait", "broken_promise"],
    "price": ["price_too_high", "unexpected_charges"],
    "quality": ["outage", "product_defect"],
}
NOTES = [
    "Cliente llama por su factura, se le explica el cargo",
    "no estamos autorizados a hacer el cambio, me dijeron",
    "Eso lo maneja otra área, lo transfieren",
    "the agent hung up on me",
    "Quería saber mi saldo",
    "sin señal desde el lunes, se agenda visita técnica",
    "They said their policy won't let them do it",
    "Se bonifica el 20 % de la cuota y se agenda seguimiento",
]


def make_data(n_customers: int, n_interactions: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 900, n_customers), unit="D")
    churned = rng.random(n_customers) < 0.3
    end = start + pd.to_timedelta(rng.integers(30, 700, n_customers), unit="D")
    cust = pd.DataFrame(
        {
            "customer_id": [f"C{i:07d}" for i in range(n_customers)],
            "start_date": start.date,
            "end_date": pd.Series(end.date).where(churned, None),
            "segment": rng.choice(["residential", "business"], n_customers),
            "plan": rng.choice(["basic", "plus", "premium"], n_customers),
            "region": rng.choice(["north", "south", "east", "west", "centre"], n_customers),
        }
    )
    ci = rng.integers(0, n_customers, n_interactions)
    life = (pd.to_datetime(cust["end_date"]).fillna(pd.Timestamp("2025-12-31")) - start).dt.days.to_numpy()
    offset = (rng.random(n_interactions) * np.maximum(life[ci], 1) * 86400).astype("int64")
    ts = start.values[ci] + offset.astype("timedelta64[s]")
    n = n_interactions
    note_ix = rng.integers(0, len(NOTES), n)
    notes = np.array(NOTES, dtype=object)[note_ix] + " #" + rng.integers(0, 10**6, n).astype(str)
    inter = pd.DataFrame(
        {
            "interaction_key": [f"I{i:08d}" for i in range(n)],
            "customer_id": cust["customer_id"].to_numpy()[ci],
            "timestamp": ts,
            "channel": rng.choice(["phone", "chat", "email", "store"], n),
            "team": rng.choice(["billing", "technical support", "sales", "retention", "store"], n),
            "agent_id": np.char.add("AG", rng.integers(0, 150, n).astype(str)),
            "topic": rng.choice(["billing", "internet", "tv", "mobile", "device", "contract"], n),
            "resolved": rng.random(n) < 0.7,
            "apology": rng.random(n) < 0.2,
            "compensation": rng.random(n) < 0.1,
            "follow_up": rng.random(n) < 0.15,
            "escalated": rng.choice(["no", "yes", "denied", None], n, p=[0.5, 0.04, 0.01, 0.45]),
            "notes": notes,
        }
    )
    failed = rng.random(n) < 0.3
    keys = inter["interaction_key"].to_numpy()[failed]
    fam = rng.choice(list(SUBTYPES), failed.sum(), p=[0.3, 0.4, 0.15, 0.15])
    sub = [SUBTYPES[f][k % len(SUBTYPES[f])] for k, f in zip(rng.integers(0, 10, fam.size), fam)]
    labels = pd.DataFrame(
        {
            "interaction_key": keys,
            "family": fam,
            "subtype": sub,
            "source": rng.choice(["coded", "structured", "text"], fam.size),
            "probability": 1.0,
            "is_primary": True,
            "known_after": None,
        }
    )
    second = labels.sample(frac=0.05, random_state=seed).assign(
        family="attitude", subtype="rude", source="text", probability=0.7, is_primary=False
    )
    labels = pd.concat([labels, second], ignore_index=True)
    return cust, inter, labels


def build(store: Store, n_customers: int, n_interactions: int) -> float:
    t0 = time.perf_counter()
    cust, inter, labels = make_data(n_customers, n_interactions)
    with store.engine().begin() as conn:
        metadata.drop_all(conn)
        if store.dialect == "postgresql":
            conn.execute(sa.text("DROP SEQUENCE IF EXISTS upload_id_seq"))
    store.create_all()
    with store.write() as conn:
        for table, frame in ((customers, cust), (interactions, inter), (interaction_labels, labels)):
            for lo in range(0, len(frame), 500_000):
                bulk_insert(conn, table, frame.iloc[lo : lo + 500_000])
    if store.dialect == "postgresql":
        with store.engine().connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("ANALYZE"))
    return time.perf_counter() - t0


CALLS = {
    "failures_per_100": lambda s, sc: measures.failures_per_100(s, sc),
    "failures_per_100 by team": lambda s, sc: measures.failures_per_100(s, sc, by="team"),
    "failures_per_100 by subtype": lambda s, sc: measures.failures_per_100(s, sc, by="subtype"),
    "monthly_failures": lambda s, sc: measures.monthly_failures(s, sc),
    "first_contact_resolution": lambda s, sc: measures.first_contact_resolution(s, sc),
    "recovery_rate by family": lambda s, sc: measures.recovery_rate(s, sc, by="family"),
    "commercial_resilience": lambda s, sc: measures.commercial_resilience(s, sc),
    "escalation_access": lambda s, sc: measures.escalation_access(s, sc),
    "label_sources": lambda s, sc: measures.label_sources(s, sc),
    "agent_volume": lambda s, sc: measures.agent_volume(s, sc),
    "example_notes": lambda s, sc: measures.example_notes(s, sc, "policy_refusal"),
    "search_notes": lambda s, sc: measures.search_notes(s, sc, "eso lo maneja otra area"),
}


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def baseline(store: Store, scope: Scope) -> tuple[float, pd.DataFrame, float]:
    """pandas: one query for the contacts with their stored primary label, then group by."""
    t0 = time.perf_counter()
    i, lab = interactions, interaction_labels
    primary = sa.select(lab.c.interaction_key, lab.c.family).where(lab.c.is_primary).subquery()
    q = (
        sa.select(
            i.c.interaction_key,
            i.c.customer_id,
            i.c.timestamp,
            i.c.team,
            i.c.topic,
            i.c.resolved,
            primary.c.family,
        )
        .select_from(i.outerjoin(primary, primary.c.interaction_key == i.c.interaction_key))
        .where(i.c.timestamp < pd.Timestamp(scope.as_of) + pd.Timedelta(days=1))
    )
    frame = store.read_frame(q)
    frame["timestamp"] = pd.to_datetime(frame["timestamp"])
    window = frame[frame["timestamp"] >= pd.Timestamp(scope.start)]
    failed = window["family"].isin(["attitude", "process", "price", "quality"])
    per_team = window.assign(failed=failed).groupby("team")["failed"].agg(["size", "sum"])
    per_team["per_100"] = 100 * per_team["sum"] / per_team["size"]
    # FCR: same-topic neighbours by customer, 7 days.
    f = frame.sort_values(["customer_id", "topic", "timestamp"])
    same = (f["customer_id"] == f["customer_id"].shift()) & (f["topic"] == f["topic"].shift())
    gap_prev = (f["timestamp"] - f["timestamp"].shift()).dt.total_seconds() / 86400
    nxt = (f["customer_id"] == f["customer_id"].shift(-1)) & (f["topic"] == f["topic"].shift(-1))
    gap_next = (f["timestamp"].shift(-1) - f["timestamp"]).dt.total_seconds() / 86400
    end = pd.Timestamp(scope.as_of) + pd.Timedelta(days=1)
    issue = ~(same & (gap_prev <= 7)) & (f["timestamp"] + pd.Timedelta(days=7) <= end)
    issue &= f["timestamp"] >= pd.Timestamp(scope.start)
    solved = issue & f["resolved"].fillna(False).astype(bool) & ~(nxt & (gap_next <= 7))
    fcr = solved.sum() / issue.sum()
    return time.perf_counter() - t0, per_team, float(fcr)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--interactions", type=int, default=2_000_000)
    ap.add_argument("--db", default=None, help="a PostgreSQL URL (default: a DuckDB file in a temp folder)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(args.db or f"duckdb:///{Path(tmp) / 'bench.duckdb'}")
        built = build(store, args.customers, args.interactions)
        print(
            f"{store.dialect}: {args.customers:,} customers, {args.interactions:,} interactions, built in {built:.1f} s"
        )
        scope = Scope(as_of=date(2025, 12, 31), start=date(2024, 1, 1))
        filters = [
            Scope(as_of=scope.as_of, start=scope.start, team=("billing",)),
            Scope(as_of=scope.as_of, start=scope.start, segment=("business",)),
        ]
        print(f"{'measure':32s} {'first call':>11s} {'filter change (median of 5)':>28s}")
        firsts = {}
        for name, call in CALLS.items():
            first, _ = timed(lambda call=call: call(store, scope))
            again = [timed(lambda call=call, f=f: call(store, f))[0] for f in filters for _ in range(5)]
            firsts[name] = first
            print(f"{name:32s} {first:10.3f}s {statistics.median(again):27.3f}s")
        t_base, per_team, fcr_base = baseline(store, scope)
        t_proj, proj_team = timed(lambda: measures.failures_per_100(store, scope, by="team"))
        t_fcr, proj_fcr = timed(lambda: measures.first_contact_resolution(store, scope))
        t_proj += t_fcr
        mine = proj_team[proj_team["family"] == "any"].set_index("team")["per_100"]
        assert np.allclose(mine.sort_index(), per_team["per_100"].sort_index()), "baseline disagrees"
        assert abs(proj_fcr["rate"].iloc[0] - fcr_base) < 1e-9, "baseline FCR disagrees"
        print(
            f"failures per 100 by team + FCR: project {t_proj:.2f} s, baseline (pandas) {t_base:.2f} s, "
            f"baseline / project {t_base / t_proj:.1f}x"
        )
        store.dispose()


if __name__ == "__main__":
    main()
