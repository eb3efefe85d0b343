"""Interface strings in English and Spanish; pages call :func:`t`. Code and docs stay in English.

The strings live in one module per page (``overview.py``, ``uploads.py``, …) plus ``common.py``
for what every page shares; each holds a ``STRINGS`` table and is found by name, so engineers
adding pages add a file and do not edit the same one. A page's keys
start with its name (``overview.headline``); common keys have no prefix. The labels of the failure
taxonomy are not copied here: ``family.<name>`` and ``subtype.<key>`` (and ``subtype_help.<key>``)
are read from :mod:`analytics.taxonomy`, the one bilingual source of that vocabulary.

A missing string is loud: two modules defining the same key fail at import, a test checks that
every key the pages and the dashboard use exists in both languages, and under tests
(``CHURN_STRICT_STRINGS=1``) :func:`t` raises on an unknown key instead of showing it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Mapping

from analytics.taxonomy import FAMILY_LABELS, SUBTYPES

LANGUAGES: dict[str, str] = {"en": "English", "es": "Español"}
"""Interface languages, code → name in that language (the language switch shows the names)."""


def _page_tables() -> dict[str, Mapping[str, Mapping[str, str]]]:
    """``STRINGS`` of every module in this package, found by name: a new page adds a file here and
    edits nothing else."""
    out = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        out[module.__name__] = module.STRINGS
    return out


def _taxonomy_strings() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {f"family.{k}": dict(v) for k, v in FAMILY_LABELS.items()}
    for s in SUBTYPES:
        out[f"subtype.{s.key}"] = {"en": s.label_en, "es": s.label_es}
        out[f"subtype_help.{s.key}"] = {"en": s.description_en, "es": s.description_es}
    return out


def _merge(sources: Mapping[str, Mapping[str, Mapping[str, str]]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for source, table in sources.items():
        for key, entry in table.items():
            if key in merged:
                raise ValueError(
                    f"The interface string {key!r} is defined twice: in {where[key]} and in {source}. "
                    "Keep one (page strings start with the page's name)."
                )
            merged[key], where[key] = dict(entry), source
    return merged


STRINGS: dict[str, dict[str, str]] = _merge({"analytics.taxonomy": _taxonomy_strings(), **_page_tables()})


def strict() -> bool:
    """True when an unknown key must raise (tests set ``CHURN_STRICT_STRINGS=1``)."""
    return os.environ.get("CHURN_STRICT_STRINGS", "") not in ("", "0")


def has(key: str) -> bool:
    return key in STRINGS


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The interface string ``key`` in ``lang``, with ``{name}`` fields filled from ``values``.

    An unknown key raises ``KeyError`` under tests; in the running product it shows the key itself
    (a visible gap, not a crash, for a user who cannot fix it).
    """
    entry = STRINGS.get(key)
    if entry is None:
        if strict():
            raise KeyError(f"No interface string {key!r}: add it to a module of dashboard/strings/.")
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def missing_translations() -> list[str]:
    """Keys lacking a non-empty text in one of :data:`LANGUAGES` (a test keeps this empty)."""
    return sorted(k for k, entry in STRINGS.items() if any(not entry.get(lang) for lang in LANGUAGES))
