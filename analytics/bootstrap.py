"""First start of the dashboard: load the shipped demo dataset into an empty default database.

Only the dashboard calls this, and only for the embedded default database; the command line never
loads demo data by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analytics import store as store_module
from analytics.ingest import ingest_files
from analytics.store import Store

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"


def needs_demo(store: Store) -> bool:
    """True for the embedded default database when it holds no customers yet."""
    if store.path is None or store.path.resolve() != store_module.DEFAULT_DB_PATH.resolve():
        return False
    return store.counts()["customers"] == 0


def load_demo(store: Store, progress: Callable[[float, str], None] | None = None) -> None:
    """Ingest ``data/demo`` (customers, then interactions) through the normal upload path."""
    ingest_files(
        store,
        customers_path=DEMO_DIR / "customers.csv",
        interactions_path=DEMO_DIR / "interactions.csv",
        uploaded_by="demo",
        progress=progress,
    )
