"""Reason codes: every code renders in both languages with its parameters, names each interface's
own controls, and travels with rejected rows, refused files and notes."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

from analytics import csvio, reasons
from analytics.contract import CUSTOMERS, INTERACTIONS
from analytics.reasons import INTERFACES, LANGS, TEMPLATES, Message, render, render_all, render_stored

pytestmark = pytest.mark.quick

ROOT = Path(__file__).resolve().parent.parent
FLOAT = INTERACTIONS.column("wait_seconds").accepts_spec

# One set of parameters per code, as the code that raises it passes them.
EXAMPLES: dict[str, dict] = {
    "required_empty": {"column": "customer_id", "accepts": {"kind": "id"}},
    "not_a_date": {"column": "start_date", "value": "31/02/2024", "accepts": {"kind": "date"}},
    "not_a_datetime": {"column": "timestamp", "value": "ayer", "accepts": {"kind": "datetime"}},
    "contradicts_date_order": {"column": "start_date", "value": "01/25/2024", "order": "dmy", "other": "mdy"},
    "in_future": {"column": "timestamp", "value": "2031-01-01", "today": "2024-12-31"},
    "before_other_column": {
        "column": "end_date",
        "value": "2024-01-01",
        "other_column": "start_date",
        "other_value": "2024-02-01",
    },
    "not_yes_no": {"column": "resolved", "value": "quizás", "accepts": {"kind": "bool"}},
    "not_escalation": {"column": "escalated", "value": "tal vez", "accepts": {"kind": "escalation"}},
    "not_a_number": {"column": "wait_seconds", "value": "diez", "accepts": FLOAT},
    "not_whole_number": {"column": "transferred", "value": "1,5", "accepts": {"kind": "int", "min": 0}},
    "too_large": {"column": "transferred", "value": "9999999999", "accepts": {"kind": "int", "min": 0}},
    "below_minimum": {"column": "wait_seconds", "value": "-5", "minimum": 0, "accepts": FLOAT},
    "above_maximum": {
        "column": "csat",
        "value": "11",
        "maximum": 10,
        "accepts": {"kind": "float", "max": 10},
    },
    "unknown_failure_type": {
        "column": "failure_type",
        "value": "grosero",
        "accepts": {"kind": "failure_type"},
    },
    "unknown_customer": {"column": "customer_id", "value": "C9"},
    "before_customer_start": {"column": "timestamp", "value": "28/02/2024 09:00", "start": "2024-03-01"},
    "duplicate_id": {"column": "customer_id", "value": "C1", "first_line": 2},
    "wrong_field_count": {"fields": 4, "expected": 3, "separator": ";"},
    "record_too_long": {"lines": 612, "limit": 500},
    "empty_file": {},
    "excel_file": {},
    "old_office_file": {},
    "pdf_file": {},
    "gzip_file": {},
    "web_page": {},
    "binary_file": {},
    "single_column": {"header": "customer_id start_date", "required": ["customer_id", "start_date"]},
    "missing_columns": {
        "missing": ["start_date"],
        "present": ["cliente", "ingreso"],
        "example": "ingreso",
        "single_column": False,
    },
    "mapping_unknown_header": {
        "key": "fecha de alta",
        "present": ["cliente", "alta"],
        "suggested": {"header": "alta", "column": "start_date"},
    },
    "mapping_unknown_column": {
        "key": "alta",
        "target": "strat_date",
        "table": "customers",
        "names": CUSTOMERS.names,
        "suggested": {"name": "start_date"},
    },
    "mapping_repeats_column": {"headers": ["alta", "inicio"], "target": "start_date"},
    "header_only": {},
    "quote_never_ends": {"line": 41},
    "wrong_fields_not_utf8": {"line": 41},
    "unparseable": {"line": 41, "detail": "CSV parse error"},
    "read_as_cp1252": {},
    "read_as_utf16": {},
    "values_read_as_cp1252": {"line": 70002, "header": "motivo"},
    "cr_line_ends": {},
    "unnamed_column": {"position": 3, "name": "column_3"},
    "repeated_header": {"header": "fecha", "position": 4, "name": "fecha_2"},
    "trailing_separator": {},
    "mixed_decimal_marks": {"comma": 12, "point": 3, "mark": "comma"},
    "mixed_date_orders": {
        "header": "alta",
        "column": "start_date",
        "day_first": 4,
        "month_first": 2,
        "order": "dmy",
    },
    "ambiguous_dates": {
        "columns": [["alta", "start_date"]],
        "order": "dmy",
        "other": "mdy",
        "because": "spanish",
        "signals": ["semicolon", "spanish_headers"],
    },
    "file_not_found": {},
    "is_directory": {},
    "unreadable": {"error": "Permission denied"},
    "line_too_long": {"line": 1, "limit_mb": 1},
    "too_many_columns": {
        "columns": 100_000,
        "at_least": False,
        "limit": 2_000,
        "required": ["customer_id", "start_date"],
    },
    "read_as_utf16_without_bom": {"byte_order": "little_endian"},
    "repeated_header_many": {"header": "x", "count": 39_999, "position": 2, "last": 40_000},
    "unnamed_columns_many": {"count": 120, "position": 3},
    "header_too_long": {"line": 1, "chars": 200_000, "limit": 131_072},
    "mixed_encodings": {"encoding": "Windows-1252", "other_encoding": "UTF-8", "line": 52},
    "unclosed_quote": {"line": 6},
    "conflicting_id": {
        "column": "interaction_id",
        "value": "I7",
        "upload_id": 3,
        "stored_line": 17,
        "differences": [{"column": "channel", "stored": "phone", "new": "chat"}],
    },
    "conflicting_id_in_file": {
        "column": "interaction_id",
        "value": "I7",
        "first_line": 4,
        "differences": [{"column": "notes", "stored": None, "new": "me colgó"}],
    },
    "already_uploaded": {"upload_id": 7},
    "empty_export": {},
    "customers_changed": {"kind": "reactivated", "count": 4, "examples": [["C2", "2024-09-01", None]]},
    "interactions_before_new_start": {"interactions": 1200, "customers": 3},
    "not_a_csv_name": {"name": "clientes.xlsx"},
    "zip_without_csv": {"name": "export.zip", "members": ["leeme.pdf"]},
    "zip_several_csv": {"name": "export.zip", "count": 2, "members": ["clientes.csv", "llamadas.csv"]},
    "not_gzip": {"name": "clientes.csv.gz", "error": "Not a gzipped file"},
    "not_zip": {"name": "clientes.zip", "error": "File is not a zip file"},
    "mapping_undecided": {"headers": ["sucursal"], "table": "interactions"},
    "required_unmapped": {"column": "timestamp", "table": "interactions"},
}


def test_every_code_has_an_example():
    assert set(EXAMPLES) == set(TEMPLATES)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_code_renders_in_both_languages_with_its_parameters(code):
    params = EXAMPLES[code]
    texts = {
        (lang, interface): render(code, params, lang, interface=interface)
        for lang in LANGS
        for interface in INTERFACES
    }
    for (lang, interface), text in texts.items():
        assert text.strip() and "\n" not in text, (lang, interface)
        assert not re.search(r"\{[a-z_]+\}", text), f"unfilled field in {text!r}"
    for lang in LANGS:
        text = texts[lang, "python"]
        # Every value the user wrote, and every column named, appears as given.
        for key in ("value", "other_value", "key", "target", "header"):
            if key in params:
                assert repr(str(params[key])) in text, (lang, key, text)
        for key in ("column", "other_column", "line", "first_line", "upload_id"):
            if key in params:
                assert str(params[key]) in text, (lang, key, text)
    assert texts["en", "python"] != texts["es", "python"]


def test_spanish_templates_say_everything_the_english_ones_say():
    for code, template in TEMPLATES.items():
        fields = {re.sub(r"[:!].*", "", f) for f in re.findall(r"\{([^{}]+)\}", template.en)}
        fields_es = {re.sub(r"[:!].*", "", f) for f in re.findall(r"\{([^{}]+)\}", template.es)}
        assert fields <= fields_es, code


def test_every_code_is_used_by_the_data_side():
    source = "".join(p.read_text() for p in (ROOT / "analytics").rglob("*.py") if p.name != "reasons.py")
    unused = [code for code in TEMPLATES if f'"{code}"' not in source]
    assert not unused


def test_what_a_column_accepts_renders_in_the_message_language():
    params = EXAMPLES["below_minimum"]
    assert render("below_minimum", params) == (
        "wait_seconds: '-5' is below the minimum 0 (expected a number (decimal point or decimal comma) ≥ 0)"
    )
    assert render("below_minimum", params, "es") == (
        "wait_seconds: '-5' es menor que el mínimo 0 (se esperaba un número (con punto o coma decimal) ≥ 0)"
    )


def test_each_interface_names_its_own_date_order_control():
    params = EXAMPLES["ambiguous_dates"]
    assert render("ambiguous_dates", params).endswith("If that is wrong, pass date_order='mdy'.")
    assert render("ambiguous_dates", params, interface="cli").endswith(
        "If that is wrong, pass --date-order mdy."
    )
    page = render("ambiguous_dates", params, interface="page")
    assert "date_order" not in page and "--date-order" not in page and "'month first'" in page
    assert render("ambiguous_dates", params, "es", interface="cli").endswith("use --date-order mdy.")
    assert "separador ';'" in render("ambiguous_dates", params, "es")


def test_long_values_and_header_lists_are_bounded():
    text = render(
        "not_a_number", {"column": "csat", "value": reasons.shorten("9" * 10_000), "accepts": FLOAT}
    )
    assert len(text) < 200 and "…" in text
    present = [f"col{i}" for i in range(100_000)]
    text = render("missing_columns", {**EXAMPLES["missing_columns"], "present": present})
    assert len(text) < 600 and "(100,000 columns in all)" in text


def test_messages_keep_their_code_through_pickling():
    """Streamlit's cache pickles results: notes and refusals must come back whole."""
    note = Message("already_uploaded", upload_id=7)
    back = pickle.loads(pickle.dumps(note))
    assert back == note and back.code == "already_uploaded" and back.text("es").startswith("Este archivo")
    refused = csvio.FileRefused("header_only")
    again = pickle.loads(pickle.dumps(refused))
    assert isinstance(again, csvio.FileRefused) and again.code == "header_only" and str(again) == str(refused)


def test_a_row_with_two_reasons_renders_both_in_order(tmp_path):
    path = tmp_path / "i.csv"
    path.write_text("cliente;fecha;espera\nC1;ayer;-4\n", encoding="utf-8")
    chunks = list(csvio.read_table(path, INTERACTIONS))
    rejected = chunks[0].rejected
    assert rejected["code"].tolist() == ["not_a_datetime"]
    stored = json.loads(rejected["params"].iloc[0])
    assert [r["code"] for r in stored] == ["not_a_datetime", "below_minimum"]
    assert render_all(stored) == rejected["reason"].iloc[0]
    spanish = render_stored(rejected["params"].iloc[0], "es")
    assert spanish.startswith("timestamp: 'ayer' no es una fecha/hora válida (se esperaba una fecha")
    assert "; wait_seconds: '-4' es menor que el mínimo 0" in spanish


def test_every_reject_code_has_a_short_title_in_both_languages():
    """The upload summary counts rejects by kind under a short name in the interface's language."""
    from analytics.reasons import TITLES, title

    rejects = {code for code, template in TEMPLATES.items() if template.kind == "reject"}
    assert rejects == set(TITLES)
    for code in rejects:
        assert title(code, "en") != title(code, "es")
    assert title(None, "es").startswith("motivo sin código")


def test_changed_customers_read_in_spanish():
    params = EXAMPLES["customers_changed"]
    assert render("customers_changed", params).startswith(
        "4 customers had their end date cleared and count as active again: C2 (2024-09-01 → none), …"
    )
    assert render("customers_changed", params, "es").startswith(
        "Clientes con la fecha de baja borrada, que vuelven a contar como activos: 4 (C2: 2024-09-01 → ninguna, …)"
    )
