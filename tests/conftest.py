"""Shared fixtures: a store on each backend.

``store`` is parametrised over the embedded DuckDB file and PostgreSQL. PostgreSQL comes from
``TEST_POSTGRES_URL`` (``.ci/run`` starts a server and sets it). Locally, without it, the
PostgreSQL cases are skipped; under CI (``CI_POSTGRES_REQUIRED=1``) a missing server is an error,
so the PostgreSQL tests can never be skipped silently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from analytics.schema import metadata
from analytics.store import Store

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
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI_POSTGRES_REQUIRED"):
        pytest.fail("CI_POSTGRES_REQUIRED is set but TEST_POSTGRES_URL is not: .ci/run must start PostgreSQL")
    return url


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
