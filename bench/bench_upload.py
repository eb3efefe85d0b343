"""Uploading a large interactions export through the browser, against the command line.

* project: the Upload page in a real browser (Debian's chromium driven by Playwright) on
  ``streamlit run app.py``: the file picked, sent to the server, written to disk and released
  (``analytics/upload/staging.py``), inspected (detection, mapping, preview), then stored by the
  upload job with its progress bar (``analytics/upload/job.py`` → ``analytics.ingest.ingest_file``),
  until the summary shows. Timed from the file picked to the summary, with its parts.
* baseline: ``python -m analytics ingest --interactions FILE --db DB --json`` on the same file,
  into a database holding the same customers: what an analyst at a terminal waits for.

Both start from a database holding the customers (stored before the clock starts), and both must
store the same rows. The server's peak memory is its process's high-water mark (``VmHWM``, read
from /proc just before it stops), so it counts the upload held in memory, its copy to disk, the
inspection and the store.

Usage: python bench/bench_upload.py [--rows 1000000] [--source /work/big] [--repeat 3] [--keep DIR]

``--source`` holds ``customers.csv`` and ``interactions.csv`` (``python -m analytics demo
--customers 100000 --seed 9 --out /work/big --contact-rate 1.9 --contact-shape 10``); the first
``--rows`` interactions are cut from it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The browser tests' launch settings and server command, so the benches measure the same set-up.
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, streamlit_argv  # noqa: E402


def cut(source: Path, target: Path, rows: int) -> int:
    """The header and the first ``rows`` records of ``source`` (one record per line in the demo's files)."""
    n = 0
    with source.open("rb") as src, target.open("wb") as out:
        out.write(src.readline())
        for line in src:
            if n == rows:
                break
            out.write(line)
            n += 1
    return n


def store_customers(db: Path, customers: Path) -> None:
    from analytics.ingest import ingest_file
    from analytics.store import Store

    store = Store(f"duckdb:///{db}")
    ingest_file(store, "customers", customers)
    store.dispose()


def run_cli(db: Path, interactions: Path) -> tuple[float, dict]:
    t0 = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "ingest",
            "--interactions",
            str(interactions),
            "--db",
            str(db),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - t0, json.loads(done.stdout)["interactions"]


def _hwm_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


def run_browser(db: Path, interactions: Path, log: Path) -> tuple[dict, dict, int, int]:
    """Times (pick → staged → ready → stored), the counts the summary shows, and the server's peak
    and resting memory (KiB)."""
    import urllib.request

    from playwright.sync_api import expect, sync_playwright

    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"duckdb:///{db}"}
    proc = subprocess.Popen(
        streamlit_argv(port),
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
            page.goto(f"{url}/upload?lang=en")
            expect(page.get_by_role("heading", name="Upload exports")).to_be_visible(timeout=120_000)
            page.wait_for_timeout(2000)
            resting = _hwm_kib(proc.pid)
            times = {}
            t0 = time.perf_counter()
            page.get_by_role("region", name="Interactions export").locator(
                "input[type=file]"
            ).set_input_files(str(interactions))
            expect(page.get_by_text(f"{interactions.name} (")).to_be_visible(timeout=600_000)
            times["sent and staged"] = time.perf_counter() - t0
            store = page.get_by_role("button", name="Store", exact=True)
            expect(store).to_be_enabled(timeout=600_000)
            times["inspected (mapping, preview)"] = time.perf_counter() - t0 - times["sent and staged"]
            t1 = time.perf_counter()
            store.click()
            expect(page.get_by_role("button", name="Upload other files")).to_be_visible(timeout=1_200_000)
            times["stored (progress bar to summary)"] = time.perf_counter() - t1
            said = page.get_by_text("Stored, in ").inner_text()  # the upload job's own time
            times["  of which the upload job"] = float(
                said.split("in ", 1)[1].split(" s")[0].replace(",", "")
            )
            times["total"] = time.perf_counter() - t0
            with page.expect_download() as download:
                page.get_by_role("button", name="Download table (CSV)").first.click()
            import pandas as pd

            row = pd.read_csv(download.value.path(), encoding="utf-8-sig").iloc[0]
            counts = {
                "rows": int(row["Rows"]),
                "accepted": int(row["Stored"]),
                "rejected": int(row["Rejected"]),
                "duplicates": int(row["Duplicates"]),
                "updated": int(row["Updated"]),
            }
            page.screenshot(path=str(log.parent / "bench_upload_summary.png"))
            browser.close()
        peak = _hwm_kib(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return times, counts, peak, resting


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--source", type=Path, default=Path("/work/big"))
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temporary one)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, alternated; medians shown")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-upload-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        customers = args.source / "customers.csv"
        interactions = work / "interactions.csv"
        rows = cut(args.source / "interactions.csv", interactions, args.rows)
        size = interactions.stat().st_size
        print(f"file: {rows:,} interactions, {size / 1e6:.0f} MB; load average {os.getloadavg()[0]:.1f}")

        cli_db, page_db = work / "cli.duckdb", work / "page.duckdb"
        cli_runs, page_runs, peaks, resting_all = [], [], [], []
        for k in range(args.repeat):
            for db in (cli_db, page_db):
                for leftover in (db, Path(f"{db}.wal")):
                    leftover.unlink(missing_ok=True)
                shutil.rmtree(f"{db}.parts", ignore_errors=True)
                store_customers(db, customers)
            cli_seconds, cli_counts = run_cli(cli_db, interactions)
            times, page_counts, peak, resting = run_browser(page_db, interactions, work / "streamlit.log")
            if cli_counts != page_counts:
                raise SystemExit(
                    f"the browser and the command line stored different counts: {cli_counts} {page_counts}"
                )
            cli_runs.append(cli_seconds)
            page_runs.append(times)
            peaks.append(peak)
            resting_all.append(resting)
            print(
                f"run {k + 1}: command line {cli_seconds:.1f} s, browser {times['total']:.1f} s "
                f"({times['total'] / cli_seconds:.2f}×), load average {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        print()
        print(f"{'path (median of ' + str(args.repeat) + ')':<48}{'seconds':>10}")
        cli_median = statistics.median(cli_runs)
        print(f"{'baseline: python -m analytics ingest':<48}{cli_median:>10.1f}")
        for step in page_runs[0]:
            value = statistics.median(r[step] for r in page_runs)
            print(f"{'project: browser, ' + step:<48}{value:>10.1f}")
        page_median = statistics.median(r["total"] for r in page_runs)
        print(f"ratio browser / command line (medians): {page_median / cli_median:.2f}×")
        print(
            f"server memory: peak {max(peaks) / 1024:.0f} MiB (at rest before the upload {max(resting_all) / 1024:.0f} MiB)"
        )
        print(f"counts (both): {cli_counts}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
