"""Results that take seconds, computed once per data version and kept in the database.

The attribution fit and the survival curves at 100 k customers take tens of seconds. They are
stored in the ``results`` table, keyed on what they were computed from — a kind, the parameters
(as canonical JSON) and the data version — so every dashboard session, the command line and an
app restart reuse them, and a new upload (which moves the data version) makes them stale.

The payload is a pickle of the result object. It is read back only from this project's own
database, which holds the customers' data anyway: whoever can write the file can change every
figure without it.
"""

from __future__ import annotations

import json
import pickle
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import sqlalchemy as sa

from analytics.schema import results
from analytics.store import Store, StoreBusy, is_missing_table

T = TypeVar("T")


def params_key(params: dict) -> str:
    """Canonical JSON of ``params`` (sorted keys, dates as ISO text): equal parameters, equal key."""
    return json.dumps(params, sort_keys=True, default=str, separators=(",", ":"))


def _rows(store: Store, query: sa.Select) -> list | None:
    """The rows of ``query``, or None when the results table does not exist (a database made
    before it: nothing is kept there)."""
    try:
        with store.read() as conn:
            return conn.execute(query).all()
    except sa.exc.ProgrammingError as exc:
        if is_missing_table(exc):
            return None
        raise


def _one(kind: str, params: dict, data_version: int) -> tuple:
    """The conditions picking the kept result of ``kind`` for these parameters and data version."""
    r = results
    return r.c.kind == kind, r.c.params == params_key(params), r.c.data_version == data_version


def load(store: Store, kind: str, params: dict, data_version: int) -> Any | None:
    """The stored result of ``kind`` for these parameters and data version, or None."""
    rows = _rows(store, sa.select(results.c.payload).where(*_one(kind, params, data_version)))
    return pickle.loads(rows[0][0]) if rows else None


def exists(store: Store, kind: str, params: dict, data_version: int) -> bool:
    """True when a result of ``kind`` for these parameters and data version is kept (its payload
    is not read)."""
    return bool(_rows(store, sa.select(results.c.data_version).where(*_one(kind, params, data_version))))


def latest(
    store: Store, kind: str, accept: Callable[[dict], bool], *, before: int | None = None
) -> tuple[int, dict] | None:
    """The newest kept result of ``kind`` whose parameters ``accept`` takes (and, with ``before``,
    computed from a data version below it): ``(data_version, params)``, or None. Only keys are read
    (:func:`load` reads the payload): what a page shows while a newer one is computed."""
    r = results
    query = sa.select(r.c.data_version, r.c.params).where(r.c.kind == kind)
    if before is not None:
        query = query.where(r.c.data_version < before)
    rows = _rows(store, query.order_by(r.c.data_version.desc(), r.c.created_at.desc()))
    for version, key in rows or []:
        params = json.loads(key)
        if accept(params):
            return int(version), params
    return None


def save(store: Store, kind: str, params: dict, data_version: int, value: Any, seconds: float) -> bool:
    """Keep ``value``; results of the same kind for older data versions go (nothing can ask for
    them again: versions only grow). Returns False, keeping nothing, when the database stayed
    busy (another process writing): the caller still has its value, and the next view recomputes."""
    r = results
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    key = params_key(params)
    try:
        store.create_all()  # a database made before the results table existed gets it
        with store.write() as conn:
            conn.execute(sa.delete(r).where(r.c.kind == kind, r.c.data_version < data_version))
            conn.execute(sa.delete(r).where(*_one(kind, params, data_version)))
            conn.execute(
                sa.insert(r).values(
                    kind=kind,
                    params=key,
                    data_version=data_version,
                    created_at=datetime.now(UTC).replace(tzinfo=None),
                    seconds=seconds,
                    payload=blob,
                )
            )
    except StoreBusy:
        return False
    return True


def cached(store: Store, kind: str, params: dict, compute: Callable[[], T]) -> T:
    """The stored result for (kind, params, current data version), else ``compute()`` stored.

    The data version is read before computing, so a result computed while an upload lands is
    kept under the version it started from — stale at once, recomputed on the next use — and
    never passed off as a result of the new data.
    """
    version = store.data_version()
    found = load(store, kind, params, version)
    if found is not None:
        return found
    t0 = time.perf_counter()
    value = compute()
    save(store, kind, params, version, value, time.perf_counter() - t0)
    return value
