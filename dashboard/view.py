"""What a page is asked to show: the language, the database and its data version, and the scope
(window and filters) chosen in the sidebar. The sidebar makes one per run; pages read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.scope import Scope
from analytics.store import Store


@dataclass(frozen=True)
class View:
    """One run's request. ``scope`` is resolved (dates filled) when the database holds customers,
    else None; ``default_scope`` is the data's own window with no filter."""

    lang: str
    store: Store
    version: int
    scope: Scope | None
    default_scope: Scope | None
    served: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    """What the loaders served this run: per report kind, the data version it was computed from
    (a report of an older version is shown while the worker computes the new one)."""

    @property
    def url(self) -> str:
        return self.store.url

    @property
    def has_data(self) -> bool:
        return self.scope is not None
