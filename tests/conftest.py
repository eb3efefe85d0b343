"""Shared fixtures: a store on each backend.

``store`` is parametrised over the embedded DuckDB file and PostgreSQL. PostgreSQL comes from
``TEST_POSTGRES_URL`` (``.ci/run`` starts a server and sets it). Locally, without it, the
PostgreSQL cases are skipped; under CI (``CI_POSTGRES_REQUIRED=1``) a missing server is an error,
so the PostgreSQL tests can never be skipped silently.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

# Tests run in two processes at once (pytest-xdist, pyproject.toml) on a two-core machine: BLAS
# threads on top of them oversubscribe it, and small matrix products became 60x slower that way
# (bench/README.md). Set before numpy is first imported; subprocesses (the CLI, Streamlit) inherit it.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from analytics.schema import metadata  # noqa: E402
from analytics.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``python -m analytics ARGS`` from the project root, as a user runs it; output captured."""
    return subprocess.run(
        [sys.executable, "-m", "analytics", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def postgres_url() -> str | None:
    """The PostgreSQL database of this test process.

    Under pytest-xdist each worker gets its own database on the same server (``<name>_gw0``, …),
    created on first use: the tests drop and recreate every table, and two workers sharing one
    database would drop each other's.
    """
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI_POSTGRES_REQUIRED"):
        pytest.fail("CI_POSTGRES_REQUIRED is set but TEST_POSTGRES_URL is not: .ci/run must start PostgreSQL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if url and worker else url


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
            if found.scalar() is None:
                # CREATE DATABASE takes no bound parameter; the name is pytest's worker id, quoted.
                quoted = engine.dialect.identifier_preparer.quote(name)
                conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _fresh_postgres_store() -> Store:
    url = postgres_url()
    if not url:
        pytest.skip("no PostgreSQL server (set TEST_POSTGRES_URL; .ci/run does)")
    store = Store(url)
    with store.engine().begin() as conn:
        metadata.drop_all(conn)
        conn.execute(sa.text("DROP SEQUENCE IF EXISTS upload_id_seq"))
    store.create_all()
    return store


@pytest.fixture(autouse=True)
def _own_refresh_workers(tmp_path_factory, monkeypatch):
    """Each test's refresh workers (``python -m analytics refresh``, started by a page that finds a
    report missing) keep their status in a folder of the test's own, and are stopped when the test
    ends: left running, they computed for a database nobody would read again, on the cores the
    next tests need (and held PostgreSQL tables the next test drops)."""
    import signal

    from analytics import jobs

    folder = tmp_path_factory.mktemp("jobs")
    monkeypatch.setenv(jobs.JOBS_DIR, str(folder))
    yield
    for path in folder.glob("*/status.json"):
        status = jobs.read_status_file(path)
        if status is not None and status.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(status.pid, signal.SIGTERM)  # the worker leads its own session


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Store:
    if request.param == "duckdb":
        s = Store(f"duckdb:///{tmp_path / 'test.duckdb'}", lock_timeout=5)
        s.create_all()
    else:
        s = _fresh_postgres_store()
    yield s
    s.dispose()


@pytest.fixture
def duck_store(tmp_path) -> Store:
    s = Store(f"duckdb:///{tmp_path / 'test.duckdb'}", lock_timeout=5)
    s.create_all()
    yield s
    s.dispose()
