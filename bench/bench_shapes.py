"""Ingest time and peak memory by the shape of the file: the 1.5 GB bound must hold for every one.

The same demo rows (all 20 contract columns) are written in several shapes, each uploaded in a
fresh child process whose own peak RSS (VmHWM) is read at the end:

* sorted     ids in increasing order (what most exports look like; no key can repeat)
* shuffled   the same rows in random order (no repeats, but the upload cannot know it)
* repeats    shuffled, with 20 % of the rows appearing a second time further on
* twice      every row twice, shuffled (half the file is repeats)
* re-upload  the repeats file into a database already holding it (every row already stored)

The baseline is the sorted file, the shape the upload was tuned on: each line prints its ratio to
it. ``--copies K`` repeats the demo file K times with new ids (K = 10: about 11 M rows, 2 GB).

Usage: python bench/bench_shapes.py [--rows 1000000] [--copies 1] [--shapes sorted,shuffled,...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

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
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("RESULT", s.rows, s.accepted, s.duplicates, round(el, 1), hwm // 1024)
"""

SHAPES = ("sorted", "shuffled", "repeats", "twice", "re-upload")


def write_shape(body: list[str], header: str, shape: str, copies: int, out: Path) -> int:
    """The rows of ``body`` (``copies`` times, ids made unique per copy) in the given shape."""
    n = len(body)
    rng = np.random.default_rng(7)
    idx = np.arange(n * copies, dtype=np.int64)
    if shape in ("repeats", "re-upload"):
        idx = np.concatenate([idx, rng.choice(idx, size=len(idx) // 5, replace=False)])
    elif shape == "twice":
        idx = np.concatenate([idx, idx])
    if shape != "sorted":
        rng.shuffle(idx)
    with open(out, "w", encoding="utf-8") as f:
        f.write(header)
        for i in idx:
            k, j = divmod(int(i), n)
            f.write(f"R{k}-" + body[j])
    return len(idx)


def run(customers: Path, interactions: Path, tmp: Path, before: list[Path]) -> tuple[float, int, str]:
    """One upload in a fresh child process (its own peak memory); what must be stored before it is
    stored by another child first, so its peak is not counted."""
    db = tmp / "shape.duckdb"

    def child(path: Path) -> subprocess.CompletedProcess:
        code = CHILD.format(root=str(ROOT), db=str(db), customers=str(customers), interactions=str(path))
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    for path in before:
        child(path).check_returncode()
    out = child(interactions)
    for p in tmp.glob("shape.duckdb*"):
        if p.is_dir():
            for f in p.iterdir():
                f.unlink()
            p.rmdir()
        else:
            p.unlink()
    if out.returncode != 0:
        return float("nan"), 0, out.stderr.strip().splitlines()[-1][:120]
    rows, accepted, dup, seconds, peak_mb = out.stdout.split()[-5:]
    return float(seconds), int(peak_mb), f"{int(rows):,} rows, {int(accepted):,} new, {int(dup):,} duplicates"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the demo file (before copies)")
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    args = ap.parse_args()
    from bench.bench_ingest import make_files

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        customers, demo = make_files(tmp / "data", args.rows)
        with open(demo, encoding="utf-8") as f:
            header, body = f.readline(), f.readlines()
        results = {}
        for shape in args.shapes.split(","):
            path = tmp / f"{shape}.csv"
            source = "repeats" if shape == "re-upload" else shape
            n = write_shape(body, header, source, args.copies, path)
            size = path.stat().st_size / 1e9
            before = [path] if shape == "re-upload" else []
            seconds, peak, what = run(customers, path, tmp, before)
            results[shape] = (seconds, peak)
            base = results.get("sorted")
            ratio = (
                f"  ({seconds / base[0]:.1f}x the time, {peak / base[1]:.2f}x the memory of sorted)"
                if base
                else ""
            )
            print(
                f"{shape:10s} {n:>11,} rows {size:5.2f} GB  {seconds:7.1f} s  peak RSS {peak:5,} MB  {what}{ratio}"
            )
            path.unlink()
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
