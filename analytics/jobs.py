"""Long computations in a worker process of their own: at most one per database, its progress
readable by any process.

The dashboard's reports (labels, the attribution fit, the rollup, the survival curves) take minutes
at 100,000 customers. Run inside the Streamlit server they held its one Python interpreter, and the
server stopped serving pages while they ran. So a page that finds its result missing or stale starts
a worker (``python -m analytics refresh``) and reads its progress from a small status file; the
worker stores the results in the database, in one transaction each (``analytics/results.py``).

One worker per database at a time, however many sessions and server threads ask: the start is
decided under an exclusive ``flock`` on the database's job folder, and a worker counts as running
only while its process lives (its PID exists, is not a zombie, and started when the status says:
a PID reused by another process does not count). A worker killed with ``kill -9`` leaves a status
saying "running" that nobody honours: the next caller starts a new one.

The status file is JSON, replaced atomically (written beside, then renamed), so a reader never sees
half of it: ``state`` (running, done, failed), ``pid``, ``version`` (the data version asked for),
``job`` (what it computes), ``fraction`` and ``message`` (the engine's step, in English; the pages
translate it), ``stored`` (the kinds stored so far), ``error`` (one line, when failed).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

JOBS_DIR = "CHURN_JOBS_DIR"
"""Environment variable: where the job folders live (default: ``<temp dir>/churn-jobs``)."""

WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "analytics", "refresh")
"""The worker's command line; ``--db URL --version N --job JSON`` are appended."""

RUNNING, DONE, FAILED = "running", "done", "failed"


@dataclass(frozen=True)
class Status:
    """What a worker is doing or did (see the module docstring)."""

    state: str
    pid: int
    version: int
    job: dict
    fraction: float = 0.0
    message: str = "starting"
    stored: tuple[str, ...] = ()
    stored_at: dict = field(default_factory=dict)
    """Seconds from the start at which each kind in ``stored`` was kept."""
    error: str | None = None
    started: float = 0.0
    updated: float = 0.0
    ticks: int | None = field(default=None, compare=False)
    """The process's start time (clock ticks since boot, ``/proc/<pid>/stat``): guards against a
    reused PID."""

    def alive(self) -> bool:
        """True while the worker's process still runs (a killed worker's status is not)."""
        return self.state == RUNNING and process_alive(self.pid, self.ticks)

    def is_for(self, version: int, job: dict) -> bool:
        return self.version == version and _canonical(self.job) == _canonical(job)


def _canonical(job: dict) -> str:
    return json.dumps(job, sort_keys=True, default=str, separators=(",", ":"))


def job_dir(url: str) -> Path:
    """The folder of ``url``'s worker: its status, its lock and its log."""
    root = Path(os.environ.get(JOBS_DIR) or Path(tempfile.gettempdir()) / "churn-jobs")
    path = root / hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
    path.mkdir(parents=True, exist_ok=True)
    return path


def _start_ticks(pid: int) -> int | None:
    """The process's start time in clock ticks, None when there is no such process (or no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
    if fields[0] in ("Z", "X"):  # a zombie has finished: its parent has not collected it yet
        return None
    return int(fields[19])


def process_alive(pid: int, ticks: int | None = None) -> bool:
    """True when process ``pid`` runs (not a zombie) and, with ``ticks``, is the one that started then."""
    if pid <= 0:
        return False
    found = _start_ticks(pid)
    if found is None:
        if Path("/proc").is_dir():
            return False
        try:  # no /proc: existence only
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return ticks is None or found == ticks


def read_status(url: str) -> Status | None:
    """The latest worker's status for ``url``, None when no worker ever ran."""
    return read_status_file(job_dir(url) / "status.json")


def read_status_file(path: Path) -> Status | None:
    """The status kept in ``path`` (a job folder's ``status.json``), None when there is none."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    raw["stored"] = tuple(raw.get("stored") or ())
    known = {f.name for f in fields(Status)}
    return Status(**{k: v for k, v in raw.items() if k in known})


def write_status(url: str, status: Status, *, locked: bool = False) -> None:
    """Replace the status file atomically (a reader sees the old one or the new one, whole).
    ``locked``: under the start lock, so that a worker's own writes never come before the one its
    starter makes (a worker that fails at once would otherwise be reported as still running)."""
    folder = job_dir(url)
    if locked:
        with _locked(folder / "start.lock"):
            write_status(url, status)
        return
    tmp = folder / f"status.{os.getpid()}.{threading.get_ident()}.tmp"
    payload = asdict(status)
    payload["stored"] = list(status.stored)
    tmp.write_text(json.dumps(payload, default=str), encoding="utf-8")
    os.replace(tmp, folder / "status.json")


@contextmanager
def _locked(path: Path, *, blocking: bool = True) -> Iterator[bool]:
    """An exclusive ``flock`` on ``path`` for the block (yields False when not blocking and taken).
    The kernel releases it when the holder dies, however it dies."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def ensure_worker(
    url: str,
    version: int,
    job: dict,
    *,
    retry: bool = False,
    command: Sequence[str] | None = None,
) -> Status:
    """Start the worker computing ``job`` for data version ``version`` of ``url``, unless one runs.

    Returns the status to show: the running worker's (whatever it computes: one worker per database;
    ask again when it ends), a failed worker's for this very version and job (not retried by itself:
    the page offers ``retry=True``), or the new worker's. ``command``: the worker's command line
    (default :data:`WORKER_COMMAND`).
    """
    folder = job_dir(url)
    with _locked(folder / "start.lock"):
        found = read_status(url)
        if found is not None and found.alive():
            return found
        if found is not None and found.state == FAILED and found.is_for(version, job) and not retry:
            return found
        argv = [
            *(command or WORKER_COMMAND),
            "--db",
            url,
            "--version",
            str(version),
            "--job",
            _canonical(job),
        ]
        log = open(folder / "worker.log", "ab")  # noqa: SIM115 - handed to the child, closed below
        try:
            proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True
            )
        finally:
            log.close()
        # Collect the child when it ends (a zombie would look alive to nobody, but wastes a slot).
        threading.Thread(target=proc.wait, daemon=True, name=f"worker-{proc.pid}").start()
        now = time.time()
        status = Status(
            state=RUNNING,
            pid=proc.pid,
            version=version,
            job=job,
            started=now,
            updated=now,
            ticks=_start_ticks(proc.pid),
        )
        write_status(url, status)
        return status


class Reporter:
    """The worker's side: ``reporter(fraction, message)`` is an engine progress callback that writes
    the status file (at most every ``every`` seconds, and at each new message)."""

    def __init__(self, url: str, version: int, job: dict, *, every: float = 0.25) -> None:
        now = time.time()
        self.url = url
        self.every = every
        self._last = 0.0
        self.status = Status(
            state=RUNNING,
            pid=os.getpid(),
            version=version,
            job=job,
            started=now,
            updated=now,
            ticks=_start_ticks(os.getpid()),
        )
        write_status(url, self.status, locked=True)

    def __call__(self, fraction: float, message: str) -> None:
        now = time.time()
        changed = message != self.status.message
        self.status = replace(
            self.status, fraction=min(max(float(fraction), 0.0), 1.0), message=message, updated=now
        )
        if changed or now - self._last >= self.every:
            self._last = now
            write_status(self.url, self.status, locked=True)

    def stored(self, kind: str) -> None:
        """Say that results of ``kind`` are in the database (a waiting page may read them now)."""
        now = time.time()
        self.status = replace(
            self.status,
            stored=(*self.status.stored, kind),
            stored_at={**self.status.stored_at, kind: round(now - self.status.started, 2)},
            updated=now,
        )
        write_status(self.url, self.status, locked=True)

    def finish(self, error: str | None = None) -> None:
        self.status = replace(
            self.status,
            state=FAILED if error else DONE,
            error=error,
            fraction=self.status.fraction if error else 1.0,
            message=self.status.message if error else "done",
            updated=time.time(),
        )
        write_status(self.url, self.status, locked=True)


def run_worker(url: str, version: int, job: dict, body: Callable[[Reporter], None]) -> int:
    """The worker process's main: hold the database's worker lock for the whole run (a second worker
    started by a race exits at once), run ``body(reporter)``, record done or the error's one line.
    Returns the exit code."""
    folder = job_dir(url)
    with _locked(folder / "worker.lock", blocking=False) as mine:
        if not mine:
            return 0  # another worker holds the database's lock; its status is the one shown
        reporter = Reporter(url, version, job)
        try:
            body(reporter)
        except BaseException as exc:
            reporter.finish(" ".join(str(exc).split()) or type(exc).__name__)
            raise
        reporter.finish()
        return 0
