"""Ingest speed and memory: the project's upload path against the obvious pandas way.

* project: ``analytics.ingest.ingest_file`` into the embedded DuckDB store — streaming read,
  per-row validation, unknown-customer and before-start checks, de-duplication, one transaction,
  the rows written while the file is still being read, as a Parquet part beside the database
  file (``analytics/parts.py``). The later merge of that part into DuckDB's own table (done
  automatically once several uploads wait, or by ``python -m analytics merge``) is timed apart,
  after the upload, and printed beside it.
* baseline: ``pandas.read_csv`` + ``DataFrame.to_sql`` into SQLite (no validation at all).
* reference: DuckDB's own parallel CSV reader inserting into the same table (``INSERT … BY NAME
  SELECT … FROM read_csv``, types auto-detected): no validation, no line numbers, no rejects,
  no de-duplication. Not a way to upload, but the floor set by DuckDB's storage on this machine:
  how far above it the validated path is. Run alternately with the project, for the same noise.

Both read the same interactions CSV (realistic rows from the demo generator, all 20 contract
columns) in the same run, and the ratio is printed. ``--memory-rows N`` also ingests a file of N
rows (the 1 M file repeated with new interaction ids) in a child process and reports its peak RSS.

Also times the dashboard's kinds of query on the uploaded rows, read from the part and, after the
merge, from DuckDB's table (``--skip-queries`` leaves them out).

Usage: python bench/bench_ingest.py [--rows 1000000] [--repeat 3] [--memory-rows 10000000] [--skip-baseline]
       [--skip-queries]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from analytics.store import Store
from analytics.ingest import ingest_file
store = Store("duckdb:///" + {db!r})
ingest_file(store, "customers", {customers!r})
t0 = time.perf_counter()
s = ingest_file(store, "interactions", {interactions!r})
el = time.perf_counter() - t0
# VmHWM is this process's own peak: ru_maxrss would start from the parent's RSS at the fork.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
merge = 0.0
if {merge!r}:
    t0 = time.perf_counter()
    store.merge_parts()
    merge = time.perf_counter() - t0
print("RESULT", s.rows, s.accepted, s.rejected, round(el, 2), hwm, round(merge, 2))
"""

FLOOR = """
import sys, time, duckdb
sys.path.insert(0, {root!r})
from analytics.store import Store
Store("duckdb:///" + {db!r}).create_all()
con = duckdb.connect({db!r})
t0 = time.perf_counter()
con.execute(
    "INSERT INTO interactions BY NAME SELECT *, interaction_id AS interaction_key, 1 AS upload_id "
    "FROM read_csv(?)", [{interactions!r}]
)
con.close()
print("RESULT", round(time.perf_counter() - t0, 2))
"""


def make_files(out: Path, rows: int) -> tuple[Path, Path]:
    import demo

    # 0.6 contacts a month is the demo's rate; 1.0 gets ~1 M interactions from ~90 k customers.
    world = dataclasses.replace(demo.PlantedWorld(), contact_rate_per_month=1.0)
    n_customers = max(int(rows / 10.8), 100)
    demo.write_demo(out, n_customers, 3, coded=True, world=world)
    return out / "customers.csv", out / "interactions.csv"


def repeat_file(src: Path, dst: Path, times: int) -> int:
    """Write ``src`` ``times`` times with fresh interaction ids (first column), streaming."""
    n = 0
    with open(src, encoding="utf-8") as fin, open(dst, "w", encoding="utf-8") as fout:
        header = fin.readline()
        fout.write(header)
        body = fin.readlines()
        for k in range(times):
            prefix = f"R{k}-"
            for line in body:
                fout.write(prefix + line)
                n += 1
    return n


QUERIES = {
    "customers join with aggregates": (
        "SELECT c.segment, count(*), count(DISTINCT i.customer_id), "
        "sum(CASE WHEN i.failure_type IS NOT NULL THEN 1 ELSE 0 END) "
        "FROM interactions i JOIN customers c USING (customer_id) GROUP BY 1"
    ),
    "one customer": (
        "SELECT count(*) FROM interactions WHERE customer_id = (SELECT min(customer_id) FROM customers)"
    ),
    "per-customer counts": (
        "SELECT customer_id, count(*), max(timestamp) FROM interactions GROUP BY 1 ORDER BY 2 DESC LIMIT 5"
    ),
    "team x month": "SELECT team, date_trunc('month', timestamp), count(*) FROM interactions GROUP BY ALL",
    "repeat-contact window": (
        "SELECT count(*) FROM (SELECT timestamp - lag(timestamp) OVER "
        "(PARTITION BY customer_id, topic ORDER BY timestamp) AS d FROM interactions) WHERE d < INTERVAL 7 DAY"
    ),
    "notes ILIKE": "SELECT count(*) FROM interactions WHERE notes ILIKE '%factura%'",
}


def time_queries(customers: Path, interactions: Path, tmp: Path) -> None:
    """The dashboard's kinds of query on the same rows: right after an upload (a Parquet part, read
    through the view) and after the merge into DuckDB's table. Best of 3, two rounds each."""
    from analytics.ingest import ingest_file
    from analytics.store import Store

    stores = {}
    for name in ("part", "table"):
        store = Store(f"duckdb:///{tmp / f'queries_{name}.duckdb'}")
        ingest_file(store, "customers", customers)
        ingest_file(store, "interactions", interactions)
        if name == "table":
            store.merge_parts()
        stores[name] = store
    best: dict[str, dict[str, list[float]]] = {q: {"part": [], "table": []} for q in QUERIES}
    for _ in range(2):
        for name, store in stores.items():
            with store.read() as conn:
                raw = conn.connection.driver_connection
                for label, sql in QUERIES.items():
                    times = []
                    for _ in range(3):
                        t0 = time.perf_counter()
                        raw.execute(sql).fetchall()
                        times.append(time.perf_counter() - t0)
                    best[label][name].append(min(times) * 1000)
    for store in stores.values():
        store.dispose()
    print("queries (best of 3, two rounds), DuckDB table vs Parquet part:")
    for label, by in best.items():
        table = "–".join(f"{v:.0f}" for v in sorted(by["table"]))
        part = "–".join(f"{v:.0f}" for v in sorted(by["part"]))
        print(f"  {label:32s} table {table:>9s} ms   part {part:>9s} ms")


def count_rows(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh) - 1


def run_project(
    customers: Path, interactions: Path, tmp: Path, merge: bool = True
) -> tuple[float, int, float]:
    """One upload into a fresh database: (seconds, peak RSS in kB, seconds of the later merge)."""
    db = tmp / "project.duckdb"
    code = CHILD.format(
        root=str(ROOT), db=str(db), customers=str(customers), interactions=str(interactions), merge=merge
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rows, accepted, rejected, seconds, rss_kb, merge_s = out.stdout.split()[-6:]
    assert int(accepted) + int(rejected) == int(rows), out.stdout
    os.remove(db)
    shutil.rmtree(tmp / "project.duckdb.parts", ignore_errors=True)
    return float(seconds), int(rss_kb), float(merge_s)


def run_floor(interactions: Path, tmp: Path) -> float:
    db = tmp / "floor.duckdb"
    code = FLOOR.format(root=str(ROOT), db=str(db), interactions=str(interactions))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    os.remove(db)
    return float(out.stdout.split()[-1])


def run_baseline(interactions: Path, tmp: Path) -> float:
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp / 'baseline.sqlite'}")
    t0 = time.perf_counter()
    frame = pd.read_csv(interactions)
    frame.to_sql("interactions", engine, if_exists="replace", index=False, chunksize=50_000)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--memory-rows", type=int, default=0)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="project runs (the median is compared)")
    ap.add_argument(
        "--skip-queries", action="store_true", help="skip the query times on a part and the table"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        customers, interactions = make_files(tmp / "data", args.rows)
        # The files were just written: flush them, or the kernel writes them back while the
        # first runs are being timed.
        os.sync()
        n = count_rows(interactions)
        print(f"file: {n:,} interaction rows, {interactions.stat().st_size / 1e6:.0f} MB, 20 columns")
        # This machine's timings vary by ±20 % from run to run, so the project runs several times
        # (each into a fresh database) and the median is compared with the baseline.
        times, floors, merges = [], [], []
        for _ in range(args.repeat):
            project, rss, merge = run_project(customers, interactions, tmp)
            times.append(project)
            merges.append(merge)
            print(
                f"project (ingest_file -> DuckDB, validated): {project:7.2f} s  {n / project:>10,.0f} rows/s  "
                f"peak RSS {rss / 1024:.0f} MB  (later merge of the part into the table: {merge:.2f} s)"
            )
            floor = run_floor(interactions, tmp)
            floors.append(floor)
            print(f"reference (DuckDB read_csv, no checks):     {floor:7.2f} s  {n / floor:>10,.0f} rows/s")
        project = statistics.median(times)
        floor = statistics.median(floors)
        print(f"project median of {len(times)}: {project:.2f} s  {n / project:,.0f} rows/s")
        print(f"merge of the part into DuckDB's table, median: {statistics.median(merges):.2f} s")
        print(
            f"reference median of {len(floors)}: {floor:.2f} s  {n / floor:,.0f} rows/s "
            f"(project / reference: {project / floor:.2f})"
        )
        if not args.skip_baseline:
            base = run_baseline(interactions, tmp)
            print(f"baseline (read_csv + to_sql -> SQLite):    {base:7.2f} s  {n / base:>10,.0f} rows/s")
            print(f"ratio baseline / project median: {base / project:.1f}x")
            print(f"ratio baseline / reference median: {base / floor:.1f}x")
        if not args.skip_queries:
            time_queries(customers, interactions, tmp)
        if args.memory_rows:
            copies = max(args.memory_rows // n, 1)
            big = tmp / "big.csv"
            m = repeat_file(interactions, big, copies)
            seconds, rss, _ = run_project(customers, big, tmp, merge=False)
            print(
                f"memory: {m:,} rows ({big.stat().st_size / 1e9:.2f} GB) in {seconds:.1f} s "
                f"({m / seconds:,.0f} rows/s), peak RSS {rss / 1024:.0f} MB"
            )
    print(f"machine: {os.cpu_count()} cores; {resource.getpagesize()} B pages")


if __name__ == "__main__":
    main()
