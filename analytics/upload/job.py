"""Storing staged files in a thread of its own, with progress and a cancel.

A page cannot run an upload in its own script run: any click elsewhere in the page would stop the
run half-way (rolled back, but not asked for). :class:`UploadJob` runs
:func:`analytics.ingest.ingest_file` for each file — customers first, each in its own transaction —
in a thread; the page reads :meth:`UploadJob.snapshot` to draw the bar (rows read, of the file's
bytes) and calls :meth:`UploadJob.cancel`, which the ingest checks between batches of rows: the
file being stored is rolled back and the files not yet started are not touched. A file already
stored when the cancel comes stays stored (its own transaction committed), and the snapshot says so.
"""

from __future__ import annotations

import getpass
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from analytics.csvio import FileDialect, FileRefused
from analytics.errors import StoreError
from analytics.ingest import UploadCancelled, UploadSummary, ingest_file
from analytics.reasons import Message
from analytics.store import Store

log = logging.getLogger(__name__)

ORDER = ("customers", "interactions")
"""Customers first: interactions are checked against them."""


@dataclass(frozen=True)
class FilePlan:
    """One file to store, as the user mapped it; ``dialect`` and ``content_hash``, when known (the
    inspection and the staging found them), are given to the ingest rather than found again."""

    table: str
    path: Path
    mapping: dict[str, str | None]
    date_order: str | None = None
    size: int = 0
    dialect: FileDialect | None = None
    content_hash: str | None = None


@dataclass(frozen=True)
class JobState:
    """What an upload job has done so far.

    ``status``: ``running``, ``done``, ``cancelled`` or ``failed``. ``fraction``: of all the files'
    bytes read. ``table`` and ``rows``: the file being read and its rows read so far.
    ``summaries``: the files stored, by table. ``error``: why it failed (a :class:`Message` for a
    file refused, else one line of text). ``failed_table``: the file it failed or was cancelled on.
    """

    status: str = "running"
    fraction: float = 0.0
    table: str | None = None
    rows: int = 0
    step: str = ""
    summaries: dict[str, UploadSummary] = field(default_factory=dict)
    error: Message | str | None = None
    failed_table: str | None = None
    seconds: float = 0.0

    @property
    def finished(self) -> bool:
        return self.status != "running"


class UploadJob:
    """Stores files in a thread; see the module's docstring.

    Parameters
    ----------
    store:
        Where to store them.
    plans:
        The files, any order (customers are stored first).
    uploaded_by:
        Recorded with each upload (default: the server's user, marked as the dashboard's).
    """

    def __init__(
        self,
        store: Store,
        plans: list[FilePlan],
        *,
        uploaded_by: str | None = None,
        today: date | None = None,
    ) -> None:
        if not plans:
            raise ValueError("An upload job needs at least one file.")
        unknown = [p.table for p in plans if p.table not in ORDER]
        if unknown:
            raise ValueError(f"Tables must be among {list(ORDER)}. Got {unknown} instead.")
        self.store = store
        self.plans = sorted(plans, key=lambda p: ORDER.index(p.table))
        self.uploaded_by = uploaded_by or f"{_whoami()} (dashboard)"
        self.today = today
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._state = JobState()
        self._thread = threading.Thread(target=self._run, name="upload-job", daemon=True)
        self._started = 0.0

    # -- control -------------------------------------------------------------------------------
    def start(self) -> UploadJob:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop: the file being stored is rolled back at its next batch."""
        self._cancel.set()

    @property
    def cancelling(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float | None = None) -> JobState:
        self._thread.join(timeout)
        return self.snapshot()

    def snapshot(self) -> JobState:
        with self._lock:
            state = self._state
        if state.status == "running" and self._started:
            state = replace(state, seconds=time.monotonic() - self._started)
        return state

    # -- the thread ----------------------------------------------------------------------------
    def _update(self, **changes) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)

    def _run(self) -> None:
        total = sum(max(p.size, 1) for p in self.plans)
        done = 0
        summaries: dict[str, UploadSummary] = {}
        for plan in self.plans:
            share = max(plan.size, 1) / total
            before = done / total

            def progress(frac: float, message: str, before=before, share=share, table=plan.table) -> None:
                rows = _rows_in(message)
                self._update(
                    fraction=min(before + share * max(0.0, min(frac, 1.0)), 1.0),
                    table=table,
                    rows=rows if rows is not None else self._state.rows,
                    step=message,
                )

            self._update(table=plan.table, rows=0, step="")
            try:
                summaries[plan.table] = ingest_file(
                    self.store,
                    plan.table,
                    plan.path,
                    mapping=plan.mapping,
                    date_order=plan.date_order,
                    uploaded_by=self.uploaded_by,
                    today=self.today,
                    progress=progress,
                    cancel=self._cancel,
                    dialect=plan.dialect,
                    content_hash=plan.content_hash,
                )
            except UploadCancelled:
                self._finish("cancelled", summaries, failed_table=plan.table)
                return
            except FileRefused as exc:
                self._finish("failed", summaries, error=exc.message, failed_table=plan.table)
                return
            except StoreError as exc:
                self._finish("failed", summaries, error=str(exc), failed_table=plan.table)
                return
            except Exception as exc:  # shown to the user in one line; the traceback goes to the log
                log.exception("upload of %s failed", plan.path)
                self._finish(
                    "failed", summaries, error=f"{type(exc).__name__}: {exc}", failed_table=plan.table
                )
                return
            done += max(plan.size, 1)
            self._update(summaries=dict(summaries), fraction=done / total)
        self._finish("done", summaries)

    def _finish(self, status: str, summaries: dict, **extra) -> None:
        self._update(
            status=status,
            summaries=dict(summaries),
            seconds=time.monotonic() - self._started,
            fraction=1.0 if status == "done" else self._state.fraction,
            **extra,
        )


def _rows_in(message: str) -> int | None:
    head = message.split(" ", 1)[0].replace(",", "")
    return int(head) if head.isdigit() else None


def _whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user database in some containers
        return "unknown"
