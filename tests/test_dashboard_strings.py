"""The interface strings: every key a page or the dashboard asks for exists in both languages, and
a missing one is loud."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analytics.catalog import UPLOAD_COLUMNS
from analytics.scope import FILTERS
from analytics.taxonomy import FAMILIES, SUBTYPES
from dashboard import strings
from dashboard.strings import LANGUAGES, STRINGS, missing_translations, t

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.quick


def _sources() -> list[Path]:
    return [
        ROOT / "app.py",
        *sorted((ROOT / "pages").rglob("*.py")),
        *sorted((ROOT / "dashboard").rglob("*.py")),
    ]


def _keys_used() -> tuple[set[str], set[str]]:
    """Literal keys passed to ``t(...)`` anywhere in the interface, and the literal prefixes of
    keys built with an f-string (``t(f"filter.{name}", …)`` → ``filter.``)."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"):
                continue
            if not node.args:
                continue
            key = node.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                literal.add(key.value)
            elif isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                prefixes.add(key.values[0].value)
    return literal, prefixes


def test_every_key_the_interface_uses_exists_in_both_languages():
    literal, prefixes = _keys_used()
    assert len(literal) > 40, "the checker found suspiciously few keys"
    missing = sorted(k for k in literal if k not in STRINGS)
    assert missing == []
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in STRINGS), f"no string starts with {prefix!r}"
    assert missing_translations() == []


def test_keys_built_at_run_time_exist():
    """The f-string keys above, expanded over every value they can take."""
    built = [
        *(f"filter.{name}" for name in FILTERS),
        *(f"col.{c}" for c in UPLOAD_COLUMNS),
        *(f"col.{c}" for c in ("line", "reason", "raw")),
        *(f"uploads.table.{name}" for name in ("customers", "interactions")),
        *(f"what.{kind}" for kind in ("attribution", "survival")),
        *(f"family.{f}" for f in (*FAMILIES, "none", "unclassified")),
        *(f"subtype.{s.key}" for s in SUBTYPES),
        *(f"subtype_help.{s.key}" for s in SUBTYPES),
    ]
    assert [k for k in built if k not in STRINGS] == []


def test_taxonomy_labels_come_from_the_taxonomy():
    assert t("family.attitude", "es") == "Actitud"
    assert t("subtype.policy_refusal", "es") == "Negativa por política"
    assert t("subtype.handoff", "en") == "Hand-off / transfer"


def test_unknown_key_raises_under_tests_and_shows_the_key_otherwise(monkeypatch):
    monkeypatch.setenv("CHURN_STRICT_STRINGS", "1")
    with pytest.raises(KeyError, match="no_such_key"):
        t("no_such_key", "es")
    monkeypatch.setenv("CHURN_STRICT_STRINGS", "0")
    assert t("no_such_key", "es") == "no_such_key"


def test_values_fill_the_fields_in_either_language():
    assert t("uploads.rejects_caption", "es", n="1.234").startswith("1.234 filas")
    assert t("uploads.rejects_caption", "en", n="1,234").startswith("1,234 rows")


def test_two_modules_defining_one_key_fail():
    with pytest.raises(ValueError, match="defined twice"):
        strings._merge({"a": {"k": {"en": "x", "es": "x"}}, "b": {"k": {"en": "y", "es": "y"}}})


def test_every_module_of_the_package_is_read():
    modules = {p.stem for p in (ROOT / "dashboard" / "strings").glob("*.py")} - {"__init__"}
    read = {name.rsplit(".", 1)[-1] for name in strings._page_tables()}
    assert modules == read
    assert set(LANGUAGES) == {"en", "es"}
