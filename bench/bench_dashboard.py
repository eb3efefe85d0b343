"""The dashboard at 100,000 customers and about 2,000,000 contacts, in a real browser.

What it measures (figures go to ``bench/README.md``):

1. **First computation after an upload**: the data ingested by the command line, then the
   dashboard opened on it — the page starts the report worker (``python -m analytics refresh``:
   labels, the contact rollup, the attribution fit, the survival curves) and shows its progress
   bar (a screenshot of the bar is saved); then the Survival page; then the worker's own times
   (when each kind of result was kept). Skipped with ``--prepared`` (a database whose results are
   already computed).
2. **Every page, results computed**: a fresh server, each page opened in a new browser session
   (first render), then five filter changes made in the sidebar (a team, then a segment, each value
   new to the server), and the way back to no filter. Two clocks: the browser (from the click to
   the app's ``notRunning`` state) and the server's own script-run time (``CHURN_RUN_LOG``).
3. **Ten sessions while the command line ingests**: ten browser sessions open pages at once on
   the same embedded database while ``python -m analytics ingest`` writes new contacts into it;
   each reports its render time, whether it showed an error or a lock message, and whether it
   showed the last kept results (charts) under the "updating" banner; then the worker that the
   new data version started is waited for, and its times reported.

Baseline, in the same run: the pages' measures computed by the SQL measures of
``analytics/measures.py`` for one filter change (what a re-render would cost without the rollup),
beside the rollup's sums for the same filter, with the ratio.

Usage:
  python bench/bench_dashboard.py --data /work/big --work /tmp/benchdash     # ingest, then measure
  python bench/bench_dashboard.py --prepared /tmp/benchdash/churn.duckdb    # results computed
``--data`` is a folder with customers.csv and interactions.csv (``python -m analytics demo
--customers 100000 --seed 9 --out DIR --contact-rate 1.9 --contact-shape 10`` writes one).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The browser tests' launch settings and server command, so the benches measure the same set-up.
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _free_port, streamlit_argv  # noqa: E402

PAGES = tuple(
    os.environ.get("BENCH_PAGES", "overview,failures,survival,attribution,agents,uploads").split(",")
)
STATE_JS = """
() => {
  window.__states = window.__states || [];
  const app = document.querySelector('.stApp');
  if (!app || window.__observing) return;
  window.__observing = true;
  const push = () => window.__states.push([performance.now(), app.getAttribute('data-test-script-state')]);
  push();
  new MutationObserver(push).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}
"""


def start_server(db: Path, run_log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "CHURN_DEFAULT_DB": str(db), "CHURN_RUN_LOG": str(run_log)}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        streamlit_argv(port),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_idle(page, since: float, timeout: float = 120.0) -> float:
    """Seconds from ``since`` (page clock, ms) until the script ran and stopped after it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.evaluate(STATE_JS)
        states = page.evaluate("() => window.__states")
        ran = [t for t, s in states if t >= since and s == "running"]
        if ran:
            done = [t for t, s in states if t >= ran[0] and s == "notRunning"]
            if done:
                return (done[0] - since) / 1000.0
        page.wait_for_timeout(50)
    page.screenshot(path="/tmp/bench_dashboard_stuck.png")
    raise TimeoutError(
        f"the app did not finish running: states {page.evaluate('() => window.__states')[-5:]}"
    )


def first_render(browser, url: str, path: str) -> tuple[float, object]:
    """A new session opening ``url/path``: seconds from navigation start to the end of the run."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(f"{url}/{path}")
    page.wait_for_selector(".stApp")
    page.evaluate(STATE_JS)
    while True:
        states = page.evaluate("() => window.__states")
        if states and states[-1][1] == "notRunning" and page.locator("h1").count():
            break
        page.wait_for_timeout(50)
    return time.perf_counter() - t0, page


def _problems(page) -> list[str]:
    found = []
    if page.get_by_test_id("stException").count():
        found.append("exception")
    for alert in page.get_by_test_id("stAlertContainer").all():
        text = alert.inner_text()
        if "another process" in text or "otro proceso" in text or "locked" in text or "could not" in text:
            found.append(text[:80])
    return found


def change_filter(page, label: str, option: str | None) -> float:
    """Pick ``option`` in the sidebar's ``label`` multiselect (None: clear it); seconds to idle."""
    sidebar = page.get_by_test_id("stSidebar")
    # Close a dropdown left open by the last choice: a click on the page's title (while the
    # dropdown is open, a click elsewhere in the sidebar only closes it).
    page.locator("h1").first.click()
    page.wait_for_timeout(400)  # the filters' expander may be folding after the last run
    for _ in range(3):
        if sidebar.get_by_role("combobox", name=label).is_visible():
            break
        sidebar.get_by_text("Filters", exact=True).click()
        page.wait_for_timeout(400)
    page.evaluate(STATE_JS)
    if option is None:
        box = sidebar.get_by_test_id("stMultiSelect").filter(has_text=label)
        since = page.evaluate("() => performance.now()")
        box.get_by_label("Clear all").click()
    else:
        combo = sidebar.get_by_role("combobox", name=label)
        combo.scroll_into_view_if_needed()
        combo.click()
        page.keyboard.type(option, delay=15)
        page.get_by_role("option").filter(has_text=option).first.wait_for(timeout=10_000)
        since = page.evaluate("() => performance.now()")  # the moment the value is chosen
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
    return wait_idle(page, since)


def read_run_log(path: Path, since: float) -> list[tuple[str, float]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        t, page, secs = line.split("\t")
        if float(t) >= since:
            out.append((page, float(secs)))
    return out


def measure_pages(db: Path, work: Path, teams: list[str], segments: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    run_log = work / "runs.tsv"
    proc, url = start_server(db, run_log)
    out: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name in PAGES:
                t_log = time.time()
                first, page = first_render(browser, url, name)
                server_first = [s for _, s in read_run_log(run_log, t_log)]
                changes, server = [], []
                plan = [("Team", v) for v in teams[:3]] + [("Segment", v) for v in segments[:2]]
                back = []
                for label, value in plan:
                    t_log = time.time()
                    changes.append(change_filter(page, label, value))
                    server += [s for _, s in read_run_log(run_log, t_log)][-1:]
                    back.append(change_filter(page, label, None))
                problems = _problems(page)
                page.screenshot(path=str(work / f"{name}.png"))
                page.context.close()
                out[name] = {
                    "first_render_s": round(first, 2),
                    "first_render_server_s": [round(s, 2) for s in server_first],
                    "filter_change_s": [round(c, 3) for c in changes],
                    "filter_change_median_s": round(statistics.median(changes), 3),
                    "filter_change_server_s": [round(s, 3) for s in server],
                    "filter_change_server_median_s": round(statistics.median(server), 3) if server else None,
                    "back_to_no_filter_s": [round(c, 3) for c in back],
                    "problems": problems,
                }
                print(name, json.dumps(out[name]), flush=True)
            browser.close()
    finally:
        stop(proc)
    return out


SESSION_SCRIPT = r"""
import json, sys, time
from playwright.sync_api import sync_playwright
url, path, shot = sys.argv[1], sys.argv[2], sys.argv[3]
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"])
    page = b.new_page(viewport={"width": 1400, "height": 1000})
    t0 = time.perf_counter()
    # "commit": the server answered. Ten chromiums parsing Streamlit's bundle at once on two cores
    # take longer than the default 30 s to fire "load" (measured: 7 of 10 timed out with no
    # ingest and no worker, while the server answered "/" in 0.1-6 s), which is the client's
    # time, not the server's; the render is timed to the app's own notRunning state below.
    page.goto(url + "/" + path, wait_until="commit", timeout=300_000)
    served = time.perf_counter() - t0
    page.wait_for_selector(".stApp", timeout=600_000)
    while True:
        state = page.locator(".stApp").get_attribute("data-test-script-state")
        if state == "notRunning" and page.locator("h1").count():
            break
        page.wait_for_timeout(50)
    took = time.perf_counter() - t0
    problems, banner = [], None
    if page.get_by_test_id("stException").count():
        problems.append("exception")
    for a in page.get_by_test_id("stAlertContainer").all():
        text = a.inner_text()
        if "another process" in text or "locked" in text or "could not" in text or "failed" in text:
            problems.append(text[:80])
        if "data version" in text:
            banner = text[:160]
    # Charts mount after the run ends, once the browser has loaded plotly's own script: on ten
    # loaded chromiums that takes longer than the run. Wait for them (pages with charts) and say when.
    charts_s = None
    if path != "uploads":
        try:
            page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=300_000)
            charts_s = round(time.perf_counter() - t0, 2)
        except Exception:
            pass
    page.wait_for_timeout(1000)
    charts = page.locator(".js-plotly-plot").count()
    bar = page.get_by_test_id("stProgress").count()
    page.screenshot(path=shot)
    print(json.dumps({"page": path, "seconds": round(took, 2), "served_s": round(served, 2),
                      "problems": problems, "banner": banner,
                      "charts": charts, "charts_s": charts_s, "progress_bars": bar}))
    b.close()
"""


def new_contacts(source: Path, out: Path, n: int) -> Path:
    """``n`` contacts of ``source`` under new interaction ids (a later export of the same CRM). The
    ids carry the time of the run: a database prepared by an earlier run already holds that run's
    (its ingest stored nothing, which is not what the sessions are meant to meet)."""
    tag = time.strftime("%Y%m%d%H%M%S")
    with source.open(encoding="utf-8", newline="") as f, out.open("w", encoding="utf-8", newline="") as g:
        reader, writer = csv.reader(f), csv.writer(g)
        writer.writerow(next(reader))
        for k, row in enumerate(reader):
            if k >= n:
                break
            row[0] = f"NEW{tag}-{k:08d}"
            writer.writerow(row)
    return out


def wait_worker(url: str, timeout: float = 1800.0) -> dict | None:
    """Wait for the report worker the pages started (analytics/jobs.py) to end; its status, with
    how long it ran and when each kind of result was kept (seconds from its start)."""
    from analytics import jobs

    end = time.monotonic() + timeout
    status = jobs.read_status(url)
    while status is not None and status.alive() and time.monotonic() < end:
        time.sleep(1.0)
        status = jobs.read_status(url)
    if status is None:
        return None
    return {
        "state": status.state,
        "version": status.version,
        "seconds": round(status.updated - status.started, 1),
        "stored_at": status.stored_at,
        "error": status.error,
    }


def ten_sessions(db: Path, work: Path, data: Path, n_new: int) -> dict:
    script = work / "session.py"
    script.write_text(SESSION_SCRIPT)
    extra = new_contacts(data / "interactions.csv", work / "more_interactions.csv", n_new)
    proc, url = start_server(db, work / "runs_sessions.tsv")
    try:
        t0 = time.perf_counter()
        ingest = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "analytics",
                "ingest",
                "--db",
                f"duckdb:///{db}",
                "--interactions",
                str(extra),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(1.0)  # the ingest is reading and writing when the sessions arrive
        sessions = [
            subprocess.Popen(
                [sys.executable, str(script), url, PAGES[k % len(PAGES)], str(work / f"session_{k}.png")],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for k in range(10)
        ]
        results = []
        for s in sessions:
            text, _ = s.communicate(timeout=900)
            line = [x for x in text.splitlines() if x.startswith("{")]
            results.append(json.loads(line[-1]) if line else {"error": text[-300:]})
        ingest_out, _ = ingest.communicate(timeout=900)
        ingest_s = time.perf_counter() - t0
        worker = wait_worker(f"duckdb:///{db}")
    finally:
        stop(proc)
    return {
        "worker": worker,
        "sessions": results,
        "ingest_returncode": ingest.returncode,
        "ingest_output": ingest_out[-400:],
        "ingest_and_sessions_s": round(ingest_s, 1),
        "new_contacts": n_new,
    }


def first_computation(data: Path, work: Path) -> tuple[Path, dict]:
    """Ingest from scratch, then open the Overview and the Survival page: the dashboard computes
    labels, the attribution, the rollup and the survival curves behind its progress bar."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    db = work / "churn.duckdb"
    for p in (db, Path(f"{db}.parts"), Path(f"{db}.wal")):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    out: dict = {}
    t0 = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analytics",
            "ingest",
            "--db",
            f"duckdb:///{db}",
            "--customers",
            str(data / "customers.csv"),
            "--interactions",
            str(data / "interactions.csv"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out["ingest_s"] = round(time.perf_counter() - t0, 1)
    proc, url = start_server(db, work / "runs_first.tsv")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url)
            shot = False
            texts = []
            while True:
                bar = page.get_by_test_id("stProgress")
                if bar.count():
                    try:  # the bar may be gone between the count and the read
                        text = bar.first.inner_text(timeout=1000)
                    except PlaywrightTimeout:
                        text = ""
                    if text and (not texts or texts[-1][1] != text):
                        texts.append((round(time.perf_counter() - t0, 1), text))
                    if not shot and "model" in text:
                        page.screenshot(path=str(work / "progress_bar.png"))
                        shot = True
                if (
                    page.locator(".stApp").get_attribute("data-test-script-state") == "notRunning"
                    and page.locator("h1").count()
                ):
                    break
                page.wait_for_timeout(200)
            out["overview_first_computation_s"] = round(time.perf_counter() - t0, 1)
            out["progress_steps"] = texts
            t1 = time.perf_counter()
            page.goto(f"{url}/survival")
            while not (
                page.locator(".stApp").get_attribute("data-test-script-state") == "notRunning"
                and page.locator("h1").count()
            ):
                page.wait_for_timeout(200)
            out["survival_first_computation_s"] = round(time.perf_counter() - t1, 1)
            browser.close()
        out["worker"] = wait_worker(f"duckdb:///{db}")
    finally:
        stop(proc)
    print("first computation", json.dumps(out), flush=True)
    return db, out


def baseline(db: Path, team: str) -> dict:
    """One filter change the way it cost before the rollup: every measure the Overview, Failures
    and Agents pages read, by the SQL measures, against the rollup's sums."""
    from analytics import measures, rollup
    from analytics.scope import Scope
    from analytics.store import Store

    store = Store(f"duckdb:///{db}")
    scope = replace(Scope().resolved(store), team=(team,))
    t0 = time.perf_counter()
    measures.overview(store, scope)
    measures.monthly_churn(store, scope)
    measures.first_contact_resolution(store, scope)
    measures.recovery_rate(store, scope)
    measures.commercial_resilience(store, scope)
    for by in (None, "subtype", "channel", "team", "month"):
        measures.failures_per_100(store, scope, by=by)
    measures.label_sources(store, scope)
    measures.recovery_rate(store, scope, by="family")
    measures.agent_volume(store, scope)
    measures.agent_volume(store, scope, level="team")
    measures.escalation_access(store, scope)
    sql_s = time.perf_counter() - t0
    r = rollup.rollup(store, scope)
    t0 = time.perf_counter()
    rollup.overview(r, scope)
    rollup.monthly_churn(r, scope)
    rollup.first_contact_resolution(r, scope)
    rollup.recovery_rate(r, scope)
    rollup.commercial_resilience(r, scope)
    for by in (None, "subtype", "channel", "team", "month"):
        rollup.failures_per_100(r, scope, by)
    rollup.label_sources(r, scope)
    rollup.recovery_rate(r, scope, "family")
    rollup.agent_volume(r, scope)
    rollup.agent_volume(r, scope, "team")
    rollup.escalation_access(r, scope)
    fast_s = time.perf_counter() - t0
    store.dispose()
    out = {"sql_measures_s": round(sql_s, 2), "rollup_s": round(fast_s, 3), "ratio": round(sql_s / fast_s, 1)}
    print("baseline", json.dumps(out), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="folder with customers.csv and interactions.csv")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench_dashboard"))
    ap.add_argument("--prepared", type=Path, help="a database with the results already computed")
    ap.add_argument(
        "--new-contacts", type=int, default=100_000, help="contacts ingested during the ten sessions"
    )
    ap.add_argument("--skip-sessions", action="store_true")
    ap.add_argument("--skip-pages", action="store_true")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    report: dict = {"load_average_start": os.getloadavg()}
    if args.prepared:
        db = args.work / "churn.duckdb"
        if db.resolve() != args.prepared.resolve():
            shutil.copy(args.prepared, db)
            parts = Path(f"{args.prepared}.parts")
            if parts.exists():
                shutil.rmtree(Path(f"{db}.parts"), ignore_errors=True)
                shutil.copytree(parts, Path(f"{db}.parts"))
    else:
        db, report["first_computation"] = first_computation(args.data, args.work)
    from analytics.catalog import filter_values
    from analytics.store import Store

    store = Store(f"duckdb:///{db}")
    options = filter_values(store)
    store.dispose()
    report["baseline"] = baseline(db, options["team"][0])
    if not args.skip_pages:
        report["pages"] = measure_pages(db, args.work, options["team"], options["segment"])
    if not args.skip_sessions and args.data:
        report["ten_sessions"] = ten_sessions(db, args.work, args.data, args.new_contacts)
        print("ten sessions", json.dumps(report["ten_sessions"]), flush=True)
    report["load_average_end"] = os.getloadavg()
    (args.work / "report.json").write_text(json.dumps(report, indent=2, default=str))
    print(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
