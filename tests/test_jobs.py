"""The report worker process (analytics/jobs.py): one per database however many callers, a killed
worker's place taken over, its progress and its failure read back by another process; and the
dashboard serving the last kept results under an "updating" banner while a real worker runs."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from analytics import jobs

ROOT = Path(__file__).resolve().parent.parent
FAKE = (sys.executable, str(ROOT / "tests" / "fake_worker.py"))

pytestmark = pytest.mark.quick


@pytest.fixture
def url(tmp_path, monkeypatch):
    monkeypatch.setenv(jobs.JOBS_DIR, str(tmp_path / "jobs"))
    monkeypatch.setattr(jobs, "WORKER_COMMAND", FAKE)
    yield f"duckdb:///{tmp_path / 'x.duckdb'}"
    status = jobs.read_status(f"duckdb:///{tmp_path / 'x.duckdb'}")
    if status is not None and jobs.process_alive(status.pid, status.ticks):
        os.kill(status.pid, signal.SIGKILL)  # a slow fake still running


def _wait_for(check, timeout: float = 90.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_two_callers_start_one_worker(url):
    job = {"sleep": 3}
    out: list[jobs.Status] = []
    callers = [threading.Thread(target=lambda: out.append(jobs.ensure_worker(url, 1, job))) for _ in range(4)]
    for th in callers:
        th.start()
    for th in callers:
        th.join(10)
    assert len({s.pid for s in out}) == 1
    assert all(s.alive() for s in out)
    # asked again (another page, another job) while it runs: still that one
    assert jobs.ensure_worker(url, 2, {"sleep": 0}).pid == out[0].pid


def test_a_killed_worker_is_taken_over(url):
    first = jobs.ensure_worker(url, 1, {"sleep": 30})
    _wait_for(lambda: (s := jobs.read_status(url)) and s.message != "starting")
    os.kill(first.pid, signal.SIGKILL)  # no chance to clean up: the status still says "running"
    _wait_for(lambda: not jobs.process_alive(first.pid, first.ticks))
    assert jobs.read_status(url).state == jobs.RUNNING
    second = jobs.ensure_worker(url, 1, {"sleep": 30})
    assert second.pid != first.pid and second.alive()
    # the new worker gets the worker lock the dead one held (the kernel released it)
    _wait_for(lambda: (s := jobs.read_status(url)) and s.pid == second.pid and s.message != "starting")


def test_progress_and_the_end_are_read_back(url):
    started = jobs.ensure_worker(url, 7, {"sleep": 0.6})
    seen = _wait_for(lambda: (s := jobs.read_status(url)) and s.fraction >= 0.5 and s)
    assert seen.message == "attribution with 200 bootstrap replicates"
    assert seen.pid == started.pid and seen.version == 7 and seen.job == {"sleep": 0.6}
    done = _wait_for(lambda: (s := jobs.read_status(url)) and s.state == jobs.DONE and s)
    assert done.fraction == 1.0 and done.stored == ("labels",) and not done.alive()


def test_a_failed_worker_says_why_and_waits_for_a_retry(url):
    job = {"sleep": 0.05, "fail": "No failure is labelled in the observation window"}
    jobs.ensure_worker(url, 3, job)
    failed = _wait_for(lambda: (s := jobs.read_status(url)) and s.state == jobs.FAILED and s)
    assert failed.error == job["fail"]
    assert jobs.ensure_worker(url, 3, job).pid == failed.pid  # not started again by itself
    again = jobs.ensure_worker(url, 3, job, retry=True)
    assert again.pid != failed.pid
    # a new data version is a new job: started without asking
    _wait_for(lambda: (s := jobs.read_status(url)) and s.state == jobs.FAILED and s.pid == again.pid)
    assert jobs.ensure_worker(url, 4, job).pid != again.pid
