"""The demo's words, read from the JSON files in ``demo/vocab/`` and checked once.

The files hold only text (see ``demo/vocab/README.md`` for what each one holds); this module
reads them into one immutable :class:`Vocabulary` and refuses a file that would make bad data: a
missing language, topic or subtype, a subtype with fewer than eight phrasings, a character the
Spanish export's encoding (Windows-1252) cannot write, a header for a column the contract does
not have. Phrases are picked by position, so their order is part of the data: reordering or
adding one changes the text generated for a seed (never the world, whose draws are separate).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from analytics.contract import CUSTOMERS, INTERACTIONS
from analytics.taxonomy import SUBTYPES
from demo.world import STATED_FAMILIES, TOPICS

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"
LANGS: tuple[str, ...] = ("es", "en")
MIN_PHRASINGS = 8
"""Distinct core phrasings (agent's and customer's voice together) every subtype needs per language."""
RECOVERY_ACTIONS: tuple[str, ...] = ("apology", "compensation", "follow_up")

Phrases = tuple[str, ...]
ByLang = dict[str, Phrases]


@dataclass(frozen=True)
class Vocabulary:
    """Every phrase bank of the demo, by language (``"es"``, ``"en"``) where it has one."""

    things: dict[str, ByLang]
    """The object of a contact by topic ("la factura", "the router"), filling ``{thing}`` slots."""
    failure_cores: dict[str, dict[str, tuple[Phrases, Phrases]]]
    """Subtype → language → (agent's voice, customer's voice): what a failure note says."""
    ordinary_generic: ByLang
    ordinary_by_topic: dict[str, ByLang]
    ordinary_customer: ByLang
    pending_cores: ByLang
    """The earlier, unresolved contact of a planted repeat contact."""
    resolved_tails: ByLang
    pending_tails: ByLang
    agent_openers: ByLang
    customer_openers: ByLang
    ordinary_openers: ByLang
    agent_details: ByLang
    customer_details: ByLang
    unresolved_failure_tails: ByLang
    resolved_failure_tails: ByLang
    apology_only: ByLang
    follow_only: ByLang
    compensation_only: ByLang
    recovery_parts: dict[str, ByLang]
    """Recovery action (apology, compensation, follow_up) → its wording."""
    recovery_resolved: ByLang
    abbreviations: dict[str, tuple[tuple[str, str], ...]]
    """Language → (word, how it is typed in a hurry)."""
    stated_reasons: dict[str, ByLang]
    """Stated family (price, …, other, none_given) → what leaving customers say; in file order."""
    headers_es: dict[str, dict[str, str]]
    """Table → contract column → a Spanish system's header."""
    values_es: dict[str, dict[str, str]]
    """Column → category → a Spanish system's value (failure codes come from the taxonomy)."""


def load_vocabulary(directory: str | Path | None = None) -> Vocabulary:
    """The vocabulary in ``directory`` (default ``demo/vocab/``), read once per directory.

    Raises ValueError naming the file and the entry that is wrong.
    """
    return _load(Path(directory or VOCAB_DIR).resolve())


@cache
def _load(directory: Path) -> Vocabulary:
    things = _read(directory, "things.json")
    failures = _read(directory, "failures.json")
    ordinary = _read(directory, "ordinary.json")
    framing = _read(directory, "framing.json")
    roughening = _read(directory, "roughening.json")
    stated = _read(directory, "stated_reasons.json")
    export = _read(directory, "export_es.json")

    openers = _field(framing, "openers", "framing.json")
    details = _field(framing, "details", "framing.json")
    tails = _field(framing, "failure_tails", "framing.json")
    recovery = _field(framing, "recovery", "framing.json")
    vocab = Vocabulary(
        things=_keyed(things, TOPICS, "things.json", _by_lang),
        failure_cores=_keyed(failures, [s.key for s in SUBTYPES], "failures.json", _voices),
        ordinary_generic=_by_lang(_field(ordinary, "generic", "ordinary.json"), "ordinary.json: generic"),
        ordinary_by_topic=_keyed(
            _field(ordinary, "by_topic", "ordinary.json"), TOPICS, "ordinary.json: by_topic", _by_lang
        ),
        ordinary_customer=_by_lang(_field(ordinary, "customer", "ordinary.json"), "ordinary.json: customer"),
        pending_cores=_by_lang(_field(ordinary, "pending", "ordinary.json"), "ordinary.json: pending"),
        resolved_tails=_by_lang(
            _field(ordinary, "resolved_tails", "ordinary.json"), "ordinary.json: resolved_tails"
        ),
        pending_tails=_by_lang(
            _field(ordinary, "pending_tails", "ordinary.json"), "ordinary.json: pending_tails"
        ),
        agent_openers=_by_lang(
            _field(openers, "agent", "framing.json: openers"), "framing.json: openers.agent"
        ),
        customer_openers=_by_lang(
            _field(openers, "customer", "framing.json: openers"), "framing.json: openers.customer"
        ),
        ordinary_openers=_by_lang(
            _field(openers, "ordinary", "framing.json: openers"), "framing.json: openers.ordinary"
        ),
        agent_details=_by_lang(
            _field(details, "agent", "framing.json: details"), "framing.json: details.agent"
        ),
        customer_details=_by_lang(
            _field(details, "customer", "framing.json: details"), "framing.json: details.customer"
        ),
        unresolved_failure_tails=_by_lang(
            _field(tails, "unresolved", "framing.json: failure_tails"),
            "framing.json: failure_tails.unresolved",
        ),
        resolved_failure_tails=_by_lang(
            _field(tails, "resolved", "framing.json: failure_tails"), "framing.json: failure_tails.resolved"
        ),
        apology_only=_by_lang(
            _field(tails, "apology_only", "framing.json: failure_tails"),
            "framing.json: failure_tails.apology_only",
        ),
        follow_only=_by_lang(
            _field(tails, "follow_up_only", "framing.json: failure_tails"),
            "framing.json: failure_tails.follow_up_only",
        ),
        compensation_only=_by_lang(
            _field(tails, "compensation_only", "framing.json: failure_tails"),
            "framing.json: failure_tails.compensation_only",
        ),
        recovery_parts=_keyed(
            _field(recovery, "actions", "framing.json: recovery"),
            RECOVERY_ACTIONS,
            "framing.json: recovery.actions",
            _by_lang,
        ),
        recovery_resolved=_by_lang(
            _field(recovery, "resolved", "framing.json: recovery"), "framing.json: recovery.resolved"
        ),
        abbreviations=_keyed(
            _field(roughening, "abbreviations", "roughening.json"),
            LANGS,
            "roughening.json: abbreviations",
            _pairs,
        ),
        stated_reasons=_keyed(stated, STATED_FAMILIES, "stated_reasons.json", _by_lang),
        headers_es=_headers(_field(export, "headers", "export_es.json")),
        values_es=_values(_field(export, "values", "export_es.json")),
    )
    for key, langs in vocab.failure_cores.items():
        for lang, (agent, customer) in langs.items():
            if len(set(agent) | set(customer)) < MIN_PHRASINGS:
                raise ValueError(
                    f"failures.json: subtype {key!r} has {len(set(agent) | set(customer))} distinct {lang} "
                    f"phrasings; it needs at least {MIN_PHRASINGS} (agent's and customer's voice together)."
                )
    return vocab


# --- reading and checking ----------------------------------------------------------------------------
def _read(directory: Path, name: str) -> Any:
    path = directory / name
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise ValueError(f"The demo vocabulary file {path} is missing.") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"The demo vocabulary file {path} is not valid JSON: {exc}.") from None


def _field(obj: Any, key: str, where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise ValueError(f"{where}: expected an object with the key {key!r}.")
    return obj[key]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a text, got {value!r}.")
    try:
        value.encode("cp1252")
    except UnicodeEncodeError:
        raise ValueError(
            f"{where}: {value!r} holds a character Windows-1252 cannot encode (the Spanish export is "
            "written in it); use another character."
        ) from None
    return value


def _phrases(value: Any, where: str) -> Phrases:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: expected a non-empty list of texts, got {value!r}.")
    return tuple(_text(v, f"{where}[{k}]") for k, v in enumerate(value))


def _keyed(obj: Any, keys: Collection[str], where: str, each: Callable[[Any, str], Any]) -> dict[str, Any]:
    """``obj`` as a dict with exactly ``keys`` (in the file's order), each value read by ``each``."""
    if not isinstance(obj, dict):
        raise ValueError(f"{where}: expected an object keyed by {list(keys)}.")
    missing = [k for k in keys if k not in obj]
    unknown = [k for k in obj if k not in set(keys)]
    if missing or unknown:
        raise ValueError(f"{where}: missing {missing}, unknown {unknown}; expected exactly {list(keys)}.")
    sep = "." if ":" in where else ": "
    return {k: each(v, f"{where}{sep}{k}") for k, v in obj.items()}


def _by_lang(obj: Any, where: str) -> ByLang:
    return _keyed(obj, LANGS, where, _phrases)


def _voices(obj: Any, where: str) -> dict[str, tuple[Phrases, Phrases]]:
    def voices(value: Any, at: str) -> tuple[Phrases, Phrases]:
        return (
            _phrases(_field(value, "agent", at), f"{at}.agent"),
            _phrases(_field(value, "customer", at), f"{at}.customer"),
        )

    return _keyed(obj, LANGS, where, voices)


def _pairs(obj: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(obj, list) or not all(isinstance(p, list) and len(p) == 2 for p in obj):
        raise ValueError(f"{where}: expected a list of [word, abbreviation] pairs, got {obj!r}.")
    return tuple((_text(a, where), _text(b, where)) for a, b in obj)


def _headers(obj: Any) -> dict[str, dict[str, str]]:
    where = "export_es.json: headers"
    tables = {"customers": CUSTOMERS.names, "interactions": INTERACTIONS.names}
    checked = _keyed(obj, tables, where, lambda value, _: value)
    return {table: _keyed(v, tables[table], f"{where}.{table}", _text) for table, v in checked.items()}


def _values(obj: Any) -> dict[str, dict[str, str]]:
    where = "export_es.json: values"
    columns = {*CUSTOMERS.names, *INTERACTIONS.names}
    if not isinstance(obj, dict) or not set(obj) <= columns:
        raise ValueError(f"{where}: expected an object keyed by contract columns {sorted(columns)}.")
    out = {}
    for column, table in obj.items():
        if not isinstance(table, dict):
            raise ValueError(f"{where}.{column}: expected an object of category → Spanish value.")
        out[column] = {
            _text(k, f"{where}.{column}"): _text(v, f"{where}.{column}.{k}") for k, v in table.items()
        }
    return out


__all__ = ["LANGS", "VOCAB_DIR", "Vocabulary", "load_vocabulary"]
