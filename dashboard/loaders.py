"""The cached store and the cached loaders: the only place in the product with ``st.cache_*``.

Every loader is keyed on (database URL, data version, Scope): an upload moves the data version,
so the next view reads fresh figures, and two sessions asking for the same view share one result.
The data version itself is read on every run (one tiny query), never cached.

Two kinds of result:

* measures that take milliseconds (counts, the monthly churn rate, the upload history) are
  ``st.cache_data``: small frames, copied out to each session;
* reports that take seconds (labels, the attribution fit, the survival curves) come from
  :func:`models.report.attribution_report` / :func:`~models.report.survival_report`, which keep
  them in the database per data version (so the command line, other sessions and an app restart
  reuse them); here they are also held in memory, once per process, and computed behind a
  progress bar that says which step runs. Labelling is its own first step
  (:func:`models.labels.ensure_labels`). They are not ``st.cache_data``: a progress bar drawn
  inside a cached function cannot be replayed, and a report of several megabytes should not be
  copied on every rerun.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from analytics import catalog, jobs, measures, rollup
from analytics import results as results_store
from analytics.ingest import rejected_frame
from analytics.scope import Scope
from analytics.store import Store, resolve_url
from analytics.upload import Inspection, StagedFile, inspect_file, mapping_rows, pending_customers, rejects
from analytics.upload import reason_groups as count_reasons
from dashboard.formatting import number, percent
from dashboard.guard import FitFailed, NoData, RefreshFailed, show_refresh_failed
from dashboard.progress import StepProgress, step_text
from dashboard.results import (
    AgentsPage,
    AttributionPage,
    FailuresPage,
    OverviewData,
    OverviewPage,
    SurvivalPage,
    agents_page,
    failures_page,
    overall_rate,
    overview_data,
)
from dashboard.scenarios import ScenarioResult, engine_horizon, scenario_result
from dashboard.strings import t
from dashboard.view import View
from models.labels import ensure_labels
from models.report import (
    AttributionReport,
    FailedFit,
    SurvivalReport,
    attribution_params,
    rollup_params,
    survival_params,
)
from models.review import ReviewPage, review_page
from models.scenarios import Scenario

log = logging.getLogger(__name__)


# -- the store ---------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    """One Store per database URL for the whole server (its engines are reused across reruns)."""
    return Store(url)


def current_store() -> Store:
    return get_store(resolve_url())


def data_version(store: Store) -> int:
    """The data version, read fresh on every run: the key that makes cached results stale."""
    return store.data_version()


@st.cache_data(show_spinner=False, max_entries=64)
def counts(url: str, version: int) -> dict[str, int]:
    return get_store(url).counts()


@st.cache_data(show_spinner=False, max_entries=16)
def default_scope(url: str, version: int) -> Scope | None:
    """The data's own window (stored as-of date, earliest start), no filter; None with no customers."""
    store = get_store(url)
    if store.counts()["customers"] == 0:
        return None
    return Scope().resolved(store)


@st.cache_data(show_spinner=False, max_entries=16)
def filter_options(url: str, version: int) -> dict[str, list[str]]:
    return catalog.filter_values(get_store(url))


def require_data(view: View) -> Scope:
    """The view's scope, or :class:`NoData` (the guard shows the start page)."""
    if view.scope is None:
        raise NoData("the database holds no customers")
    return view.scope


# -- overview ----------------------------------------------------------------------------------
def _contact_measures(r: rollup.Rollup, scope: Scope) -> dict:
    """The Overview's contact tiles, from the rollup (the same numbers as the SQL measures of
    :mod:`analytics.measures`, which ``tests/test_rollup.py`` holds it to)."""
    per_100 = rollup.failures_per_100(r, scope)
    return {
        "fcr": overall_rate(rollup.first_contact_resolution(r, scope), "rate", "issues"),
        "recovery": overall_rate(rollup.recovery_rate(r, scope), "rate", "failures"),
        "resilience": overall_rate(rollup.commercial_resilience(r, scope), "rate", "customers"),
        "failures_per_100": overall_rate(per_100[per_100["family"] == "any"], "per_100", "contacts"),
        "fcr_days": r.fcr_days,
        "resilience_days": r.resilience_days,
    }


@st.cache_data(show_spinner=False, max_entries=64)
def _overview(url: str, version: int, scope: Scope, _r: rollup.Rollup) -> OverviewData:
    return overview_data(
        scope, rollup.overview(_r, scope), rollup.monthly_churn(_r, scope), **_contact_measures(_r, scope)
    )


def overview(view: View) -> OverviewPage:
    """The Overview's measures for the view's scope, and the attribution of churn (fitted on every
    customer of the window; computed once per data version behind a progress bar). The
    attribution runs first: labelling, its first step, is what the contact measures read."""
    scope = require_data(view)
    report, error = None, None
    try:
        report = attribution(view)
    except FitFailed as exc:
        error = exc.detail
    sub = None if report is None else _subgroup(view, report)[0]
    r = contact_rollup(view)
    return OverviewPage(_overview(view.url, _version_of(view, "rollup"), scope, r), report, error, sub)


# -- failures ----------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def _failures(url: str, version: int, scope: Scope, _r: rollup.Rollup) -> FailuresPage:
    return failures_page(_r, scope)


def failures(view: View) -> FailuresPage:
    """The Failures page's breakdowns for the view's scope (sums of the window's rollup)."""
    scope = require_data(view)
    r = contact_rollup(view)
    return _failures(view.url, _version_of(view, "rollup"), scope, r)


@st.cache_data(show_spinner=False, max_entries=64)
def _examples(url: str, version: int, scope: Scope, family: str, subtype: str | None) -> pd.DataFrame:
    return measures.example_notes(get_store(url), scope, subtype, family=family)


def example_notes(view: View, family: str, subtype: str | None) -> pd.DataFrame:
    """The latest notes of contacts labelled ``subtype`` (customer ids masked)."""
    return _examples(view.url, view.version, require_data(view), family, subtype)


@st.cache_data(show_spinner=False, max_entries=64)
def _search(url: str, version: int, scope: Scope, phrase: str) -> pd.DataFrame:
    return measures.search_notes(get_store(url), scope, phrase)


def search_notes(view: View, phrase: str) -> pd.DataFrame:
    """Contacts whose notes contain ``phrase`` (case and accents ignored); raises ValueError for a
    phrase too short to search for."""
    return _search(view.url, view.version, require_data(view), phrase)


# -- agents and teams ----------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def _agents(url: str, version: int, scope: Scope, min_volume: int, _r: rollup.Rollup) -> AgentsPage:
    return agents_page(_r, scope, min_volume=min_volume)


def agents(view: View, min_volume: int) -> AgentsPage:
    """Funnel plots, the recognition board and escalation access for the view's scope."""
    scope = require_data(view)
    r = contact_rollup(view)
    return _agents(view.url, _version_of(view, "rollup"), scope, int(min_volume), r)


# -- uploads -----------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=16)
def _uploads(url: str, version: int, latest: int | None) -> pd.DataFrame:
    return catalog.upload_history(get_store(url))


def uploads(view: View) -> pd.DataFrame:
    """The upload history, latest first (see :func:`analytics.catalog.upload_history`). Keyed on
    the latest upload too: an upload that changed no row leaves the data version as it was."""
    latest = view.store.latest_uploads(1)
    return _uploads(view.url, view.version, latest[0]["upload_id"] if latest else None)


@st.cache_data(show_spinner=False, max_entries=64)
def _rejects(url: str, version: int, upload_id: int) -> pd.DataFrame:
    return rejected_frame(get_store(url), upload_id)


def rejected_rows(view: View, upload_id: int) -> pd.DataFrame:
    """The rows of one upload that were set aside, with line numbers and reasons."""
    return _rejects(view.url, view.version, int(upload_id))


@st.cache_data(show_spinner=False, max_entries=16)
def _upload_rejects(url: str, version: int, upload_id: int, lang: str) -> pd.DataFrame:
    return rejects(get_store(url), upload_id, lang)


def upload_rejects(view: View, upload_id: int, lang: str) -> pd.DataFrame:
    """An upload's rejected rows (line, reason in ``lang``, raw text)."""
    return _upload_rejects(view.url, view.version, int(upload_id), lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _reason_groups(url: str, version: int, upload_id: int, lang: str) -> pd.DataFrame:
    return count_reasons(get_store(url), upload_id, lang)


def reason_groups(view: View, upload_id: int, lang: str) -> pd.DataFrame:
    """An upload's rejected rows counted by kind, in ``lang``."""
    return _reason_groups(view.url, view.version, int(upload_id), lang)


# -- the upload page ---------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=16)
def _mapping_base(path: str, content_hash: str, table: str, lang: str) -> pd.DataFrame | None:
    from analytics.contract import CONTRACTS
    from analytics.csvio import FileRefused, sniff_header
    from dashboard.uploading import mapping_frame

    try:
        head = sniff_header(path, CONTRACTS[table])
    except FileRefused:
        return None  # the inspection says why
    return mapping_frame(table, mapping_rows(head.header, head.records, CONTRACTS[table]), lang)


def mapping_base(view: View, file: StagedFile, lang: str) -> pd.DataFrame | None:
    """The mapping editor's rows for a staged file (its headers and the suggestions), None when the
    file cannot be read at all."""
    return _mapping_base(str(file.path), file.content_hash, file.table, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _pending(path: str, content_hash: str, mapping: tuple, date_order: str | None):
    return pending_customers(path, dict(mapping), date_order)


@st.cache_data(show_spinner=False, max_entries=32)
def _inspection(
    url: str,
    version: int,
    path: str,
    content_hash: str,
    table: str,
    file_name: str,
    choices: tuple | None,
    date_order: str | None,
    pending: tuple | None,
) -> Inspection:
    customers = _pending(*pending) if pending is not None else None
    return inspect_file(
        get_store(url),
        path,
        table,
        choices=dict(choices) if choices is not None else None,
        date_order=date_order,
        pending=customers,
        content_hash=content_hash,
        file_name=file_name,
    )


def inspection(
    view: View,
    file: StagedFile,
    choices: dict | None,
    date_order: str | None,
    pending: tuple[StagedFile, dict, str | None] | None = None,
) -> Inspection:
    """What the upload page shows about a staged file before it is stored, for the mapping and date
    order chosen; ``pending``: the customers file stored with it (file, mapping, date order), whose
    customers its rows are checked against."""
    given = None
    if pending is not None:
        customers, mapping, order = pending
        given = (str(customers.path), customers.content_hash, tuple(sorted(mapping.items())), order)
    return _inspection(
        view.url,
        view.version,
        str(file.path),
        file.content_hash,
        file.table,
        file.name,
        tuple(sorted(choices.items())) if choices is not None else None,
        date_order,
        given,
    )


# -- the review page ---------------------------------------------------------------------------------
def review(view: View) -> ReviewPage:
    """The notes to review and what the labelling found, after labelling the data when it changed
    (behind a progress bar: the classifier refits with the corrections stored)."""
    require_data(view)

    def compute():
        bar = StepProgress(view.lang, t("what.labels", view.lang))
        try:
            ensure_labels(view.store, progress=bar)
            return review_page(view.store)
        finally:
            bar.close()

    def waiting():
        return st.spinner(t("computing_elsewhere", view.lang))

    return _reports().get(("review", view.url, view.version), compute, waiting)


# -- reports that take seconds ---------------------------------------------------------------------
class _Memo:
    """Results held in memory for the whole server, newest ``size`` kept. One computation per key
    at a time: a second session asking for a result being computed waits for it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._running: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def _get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
            return False, None

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: Hashable, compute: Callable[[], Any], waiting: Callable[[], Any]) -> Any:
        found, value = self._get(key)
        if found:
            return value
        with self._lock:
            lock = self._running.setdefault(key, threading.Lock())
        if not lock.acquire(blocking=False):
            with waiting():
                lock.acquire()
        try:
            found, value = self._get(key)
            if found:
                return value
            value = compute()
            with self._lock:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value
        finally:
            lock.release()
            with self._lock:
                self._running.pop(key, None)


@st.cache_resource(show_spinner=False)
def _reports() -> _Memo:
    return _Memo(size=12)


@dataclass(frozen=True)
class _Failed:
    """A computation that failed on this data version and scope: kept, so a rerun does not retry."""

    detail: str


# -- reports computed by the worker process -----------------------------------------------------------
@dataclass(frozen=True)
class Served:
    """A report as a page got it: computed from data version ``version`` (``fresh`` when that is
    the current one; else the worker is bringing it up to date: ``status``)."""

    kind: str
    version: int
    fresh: bool
    status: jobs.Status | None = None
    stage: str | None = None
    """The worker's step after which the current result is kept (see :func:`_served`)."""


POLL_SECONDS = 0.5
"""How often a page waiting for its first results reads the worker's progress."""

BANNER_SECONDS = 2.0
"""How often the "updating" banner over older results looks whether the new ones have landed."""


def _version_of(view: View, kind: str) -> int:
    """The data version of the ``kind`` report this run served (the key of what is built from it)."""
    served = view.served.get(kind)
    return view.version if served is None else served.version


def _job(view: View) -> dict:
    """What the worker computes for this view: every report of its window (customer filters are
    answered from the fits, survival curves of one filter value ahead of time)."""
    return {"scope": require_data(view).without_filters().key()}


def _similar(kind: str, params: dict) -> Callable[[dict], bool]:
    """Which kept results of an older data version may stand in for ``params`` while the new ones
    are computed: the same parameters (the labelling run a rollup was counted after aside)."""

    def strip(p: dict) -> dict:
        return {k: v for k, v in p.items() if k != "labels"}

    want = results_store.params_key(strip(params))
    return lambda p: results_store.params_key(strip(p)) == want


class _Missing(LookupError):
    """Nothing kept under the key: not remembered, so the next run looks again."""


def _load(view: View, kind: str, params: dict, version: int) -> Any | None:
    """The kept result (memory first, then the database), None when there is none. Sessions
    asking at once for the same one (ten sessions opening a freshly started server) share one
    read: a report of megabytes unpickled ten times over holds the interpreter for seconds."""
    key = (kind, view.url, version, results_store.params_key(params))

    def read() -> Any:
        value = results_store.load(view.store, kind, params, version)
        if value is None:
            raise _Missing(kind)
        return value

    try:
        return _reports().get(key, read, contextlib.nullcontext)
    except _Missing:
        return None


def _served(view: View, kind: str, params: dict, job: dict, stage: str | None = None) -> Any:
    """The report ``kind`` with ``params`` for the view's data version if it is kept; else the worker
    (:mod:`analytics.jobs`) is asked to compute it, and meanwhile the page gets the newest kept
    report of an older data version (under a banner that follows the worker and reloads the page
    when it ends) or, with none, waits behind the worker's own progress bar. A model that could not
    be fitted raises :class:`FitFailed`; a worker that failed, :class:`RefreshFailed`. ``stage``: the
    worker's step after which the result is kept (default ``kind``)."""
    value = _load(view, kind, params, view.version)
    status = None
    if value is None:
        status = jobs.ensure_worker(view.url, view.version, job)
        older = results_store.latest(view.store, kind, _similar(kind, params), before=view.version)
        if older is not None:
            value = _load(view, kind, older[1], older[0])
        if value is not None:
            view.served[kind] = Served(kind, older[0], False, status, stage or kind)
            _banner(view, older[0], status, job)
        else:
            value = _wait(view, kind, params, job, status, stage or kind)
    if kind not in view.served:
        view.served[kind] = Served(kind, view.version, True)
    if isinstance(value, FailedFit):
        raise FitFailed(kind, value.detail)
    return value


def _wait(view: View, kind: str, params: dict, job: dict, status: jobs.Status, stage: str) -> Any:
    """With no older result to show: the worker's progress as this page's bar until ``kind`` lands.
    The wait sleeps in this session's script thread; the server goes on serving every other one."""
    bar = StepProgress(view.lang, t("refresh.computing", view.lang, what=t(f"what.{kind}", view.lang)))
    restarts = 0
    try:
        while True:
            mine = status.is_for(view.version, job)
            if (mine and stage in status.stored) or not status.alive():
                value = _load(view, kind, params, view.version)
                if value is not None:
                    return value
                if status.state == jobs.FAILED and mine:
                    raise RefreshFailed(status.error or "", view.version, job)
                if not status.alive():
                    restarts += 1
                    if restarts > 3:  # stored nothing three times over (the database stayed busy)
                        raise RefreshFailed(
                            status.error or "the results could not be stored", view.version, job
                        )
                    status = jobs.ensure_worker(view.url, view.version, job)
                    continue
            step = status.message if mine else t("refresh.waiting_other", view.lang)
            bar(status.fraction if mine else 0.0, step)
            time.sleep(POLL_SECONDS)
            status = jobs.read_status(view.url) or status
    finally:
        bar.close()


def _banner(view: View, version: int, status: jobs.Status, job: dict) -> None:
    """Once per run: older results are shown. While the worker runs, a fragment follows it every
    :data:`BANNER_SECONDS` and reruns the page when it has ended; a failed worker's error and a retry."""
    if view.served.get("_banner"):
        return
    view.served["_banner"] = True
    lang, url, pid = view.lang, view.url, status.pid
    if status.state == jobs.FAILED and not status.alive():
        show_refresh_failed(RefreshFailed(status.error or "", view.version, job), lang, url, version=version)
        return
    first = [True]

    def landed(now: jobs.Status) -> bool:
        """Every older result this page shows has its new one kept (the worker may go on)."""
        stages = {s.stage for s in view.served.values() if isinstance(s, Served) and not s.fresh}
        return now.is_for(view.version, job) and stages <= set(now.stored)

    @st.fragment(run_every=BANNER_SECONDS)
    def banner() -> None:
        now = jobs.read_status(url) or status
        ended = now.pid != pid or not now.alive() or landed(now)
        if ended and not first[0]:
            st.rerun()
        first[0] = False
        mine = now.is_for(view.version, job)
        step = step_text(now.message, lang) if mine else t("refresh.waiting_other", lang)
        frac = now.fraction if mine else 0.0
        text = t(
            "refresh.stale", lang, version=number(version, lang), step=step, percent=percent(frac, lang, 0)
        )
        st.info(text, icon=":material/update:")
        st.progress(min(max(frac, 0.0), 1.0))

    banner()


def contact_rollup(view: View) -> rollup.Rollup:
    """The counts of the view's window from which every contact measure of any filter is a sum
    (:mod:`analytics.rollup`): kept in the database per data version and labelling, computed by the
    worker after an upload."""
    scope = require_data(view).without_filters()
    known = _rollup_keys()
    key = (view.url, view.version, scope.start, scope.as_of)
    params = known.get(key) or rollup_params(view.store, scope)  # two reads: the rules, the labelling
    value = _served(view, "rollup", params, _job(view))
    if view.served["rollup"].fresh:  # labelled and counted for this version: the key cannot move
        known[key] = params
    return value


@st.cache_resource(show_spinner=False)
def _rollup_keys() -> dict:
    """The parameters of the kept rollup of each (database, data version, window), once found."""
    return {}


@st.cache_resource(show_spinner=False)
def _figures() -> _Memo:
    return _Memo(size=256)


def figure(view: View, key: tuple, build: Callable[[], Any]) -> Any:
    """The figure ``build()`` makes, built once per (database, data version, ``key``) and shared
    by every session. For charts a filter change does not alter — the attribution's (fitted on
    every customer), the survival curves under a channel or team filter — which would otherwise
    be rebuilt on every rerun (plotly's validation: a quarter of a second for the survival
    curves at 100,000 customers). ``key`` must name everything the figure depends on, the
    language included. The figure is shared: never change it after it is built."""
    versions = tuple(sorted((k, v.version) for k, v in view.served.items() if isinstance(v, Served)))
    return _figures().get((view.url, view.version, versions, *key), build, contextlib.nullcontext)


def attribution(view: View) -> AttributionReport:
    """The attribution fitted on every customer of the view's window (its filters do not refit
    the model: a page reads subgroups from the fitted model, or says the filters do not apply)."""
    scope = require_data(view).without_filters()
    return _served(view, "attribution", attribution_params(scope), _job(view))


def attribution_page(view: View) -> AttributionPage:
    """The attribution fitted on every customer of the window and, under a segment, plan or
    region filter, that subgroup's shares read from the same fit (sums kept at fit time:
    microseconds, so a filter change refits nothing)."""
    report = attribution(view)
    return AttributionPage(report, *_subgroup(view, report))


def _subgroup(view: View, report: AttributionReport) -> tuple[object | None, str | None]:
    """The subgroup the view's customer filters choose, read from ``report``'s fit, or why not."""
    scope = require_data(view).without_contact_filters()
    if not scope.customer_filters():
        return None, None
    try:
        return report.subgroup(scope), None
    except ValueError as exc:
        log.info("subgroup %s not read: %s", scope.customer_filters(), exc)
        return None, str(exc)


def survival(view: View) -> SurvivalReport:
    """The survival curves of the view's customers (customer filters apply; contact filters cannot,
    the unit being the customer)."""
    scope = require_data(view).without_contact_filters()
    job = _job(view)
    chosen = scope.customer_filters()
    if chosen:  # computed ahead for one value at 100k (models.report.single_filters), else on asking
        job["survival"] = [{k: list(v) for k, v in chosen.items()}]
    stage = "survival_filters" if chosen else "survival"
    return _served(view, "survival", survival_params(scope), job, stage)


def survival_page(view: View) -> SurvivalPage:
    """The survival curves of the view's customers, and the hazard ratios of the attribution's fit
    (on every customer: a failed fit there leaves the curves standing)."""
    curves = survival(view)
    report, error = None, None
    try:
        report = attribution(view)
    except FitFailed as exc:
        error = exc.detail
    return SurvivalPage(curves, report, error)


# -- scenarios ---------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _projections() -> _Memo:
    return _Memo(size=64)


def scenario(view: View, wanted: Scenario) -> ScenarioResult:
    """The Scenarios page's result: ``wanted`` projected from the view's as-of date for the active
    customers its customer filters select, on the attribution fitted on every customer of the
    window (contact filters cannot apply). The drawn future (:func:`engine_horizon`) is kept in
    memory with the reports; each scenario's projection and the ranked levers with the results of
    this data version, so moving back to a setting is instant."""
    report = attribution(view)
    scope = require_data(view).without_contact_filters()
    horizon = engine_horizon(int(wanted.horizon_months))  # a horizon slider seldom redraws the future
    version = _version_of(view, "attribution")

    def prepare():
        from analytics import periods
        from models.scenarios import ScenarioEngine

        try:
            # the attribution's own (resolved) window, with the customer filters chosen
            active = periods.active_at(view.store, replace(report.scope, **scope.customer_filters()))
            with st.spinner(
                t("scenarios.preparing", view.lang, months=horizon, customers=number(len(active), view.lang))
            ):
                return ScenarioEngine(horizon_months=horizon).fit(report.attribution, active)
        except ValueError as exc:
            log.warning("no scenario engine on %s: %s", scope, exc)
            return _Failed(str(exc))

    def waiting():
        return st.spinner(t("computing_elsewhere", view.lang))

    engine = _reports().get(("scenario_engine", view.url, version, scope, horizon), prepare, waiting)
    if isinstance(engine, _Failed):
        raise FitFailed("scenarios", engine.detail)
    base = (view.url, version, scope, horizon)
    table = _projections().get(
        ("levers", *base, wanted.horizon_months, wanted.value_per_month),
        lambda: engine.lever_values(
            horizon_months=wanted.horizon_months, value_per_month=wanted.value_per_month
        ),
        waiting,
    )
    projection = _projections().get(("projection", *base, wanted), lambda: wanted.project(engine), waiting)
    return scenario_result(report, engine, wanted, projection, table, require_data(view))
