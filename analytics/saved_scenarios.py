"""Scenarios saved under a name (the Scenarios page keeps them for the next meeting).

A saved scenario is its settings (levers, horizon, value of a customer-month, word-of-mouth
assumptions), the scope it was run on and the figures it showed, each as JSON; saving under a
name already used replaces that scenario. The data side knows nothing of what the settings mean:
``models.scenarios.Scenario`` writes and reads them. SQLAlchemy Core with bound parameters only:
a name is user text and never becomes SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from analytics.schema import saved_scenarios
from analytics.store import Store, is_missing_table

__all__ = [
    "MAX_NAME",
    "SavedScenario",
    "delete_scenario",
    "list_scenarios",
    "load_scenarios",
    "save_scenario",
]

MAX_NAME = 80
"""Longest name kept (characters)."""


@dataclass(frozen=True)
class SavedScenario:
    name: str
    saved_at: datetime
    data_version: int
    settings: dict
    scope: dict
    figures: dict


def clean_name(name: str) -> str:
    """The name as stored: surrounding spaces removed, inner runs of white space made one space.
    An empty name or one longer than :data:`MAX_NAME` is refused with what was wrong."""
    text = " ".join(str(name or "").split())
    if not text:
        raise ValueError("A saved scenario needs a name: type one (e.g. 'Empowerment 50%').")
    if len(text) > MAX_NAME:
        raise ValueError(f"A scenario's name has at most {MAX_NAME} characters; this one has {len(text)}.")
    return text


def save_scenario(
    store: Store, name: str, *, settings: dict, scope: dict, figures: dict, data_version: int
) -> str:
    """Keep the scenario under ``name`` (replacing one of the same name); returns the stored name."""
    name = clean_name(name)
    row = {
        "name": name,
        "saved_at": datetime.now(UTC).replace(tzinfo=None),
        "data_version": int(data_version),
        "settings": json.dumps(settings, sort_keys=True, default=str),
        "scope": json.dumps(scope, sort_keys=True, default=str),
        "figures": json.dumps(figures, sort_keys=True, default=str),
    }
    store.create_all()  # a database made before this table existed gets it
    with store.write() as conn:
        conn.execute(sa.delete(saved_scenarios).where(saved_scenarios.c.name == name))
        conn.execute(sa.insert(saved_scenarios).values(**row))
    return name


def _rows(store: Store, where=None) -> list[SavedScenario]:
    s = saved_scenarios
    q = sa.select(s).order_by(s.c.saved_at.desc(), s.c.name)
    if where is not None:
        q = q.where(where)
    try:
        with store.read() as conn:
            rows = conn.execute(q).mappings().all()
    except sa.exc.DBAPIError as exc:
        if is_missing_table(exc):
            return []
        raise
    return [
        SavedScenario(
            name=r["name"],
            saved_at=r["saved_at"],
            data_version=int(r["data_version"]),
            settings=json.loads(r["settings"]),
            scope=json.loads(r["scope"]),
            figures=json.loads(r["figures"]),
        )
        for r in rows
    ]


def load_scenarios(store: Store, names: list[str] | tuple[str, ...] | None = None) -> list[SavedScenario]:
    """The saved scenarios (latest first), or those named, in the order named."""
    if names is None:
        return _rows(store)
    found = {s.name: s for s in _rows(store, saved_scenarios.c.name.in_(list(names)))}
    return [found[n] for n in names if n in found]


def list_scenarios(store: Store) -> pd.DataFrame:
    """Name, when saved and on which data version, latest first."""
    rows = _rows(store)
    return pd.DataFrame(
        [(s.name, s.saved_at, s.data_version) for s in rows], columns=["name", "saved_at", "data_version"]
    )


def delete_scenario(store: Store, name: str) -> bool:
    """Forget the scenario ``name``; False when there was none."""
    s = saved_scenarios
    name = clean_name(name)
    with store.write() as conn:  # DuckDB's rowcount is not the rows deleted: count them first
        found = conn.execute(sa.select(sa.func.count()).select_from(s).where(s.c.name == name)).scalar()
        conn.execute(sa.delete(s).where(s.c.name == name))
    return bool(found)
