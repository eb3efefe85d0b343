"""The CSV reader: one test per kind of bad input, each ending in a rejected row or a refused file
whose message names the column, the value and what would be accepted.

Expected values are written out by hand from the files built in each test.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import csvio
from analytics.contract import CUSTOMERS, INTERACTIONS, is_spanish_header

FIXTURES = Path(__file__).parent / "fixtures" / "csv"
TODAY = date(2024, 12, 31)

pytestmark = pytest.mark.quick


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "upload.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, contract=CUSTOMERS, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame, list[csvio.Chunk]]:
    """All chunks of a file: (accepted rows, rejected rows, chunks)."""
    kwargs.setdefault("today", TODAY)
    chunks = list(csvio.read_table(path, contract, **kwargs))
    rows = pd.concat([c.rows for c in chunks], ignore_index=True)
    rejected = pd.concat([c.rejected for c in chunks], ignore_index=True)
    return rows, rejected, chunks


def reason_at(rejected: pd.DataFrame, line: int) -> str:
    match = rejected.loc[rejected["line"] == line, "reason"]
    assert len(match) == 1, f"expected one rejected row at line {line}, got {rejected[['line', 'reason']]}"
    return match.iloc[0]


def refusal(path: Path, contract=CUSTOMERS, **kwargs) -> str:
    with pytest.raises(csvio.FileRefused) as info:
        csvio.sniff(path, contract, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    return message


# --- encodings ------------------------------------------------------------------------------


def test_cp1252_spanish_export_read_with_accents_and_decimal_commas():
    path = FIXTURES / "clientes_es_cp1252.csv"
    dialect = csvio.sniff(path, CUSTOMERS)
    assert (dialect.encoding, dialect.delimiter, dialect.decimal_comma) == ("cp1252", ";", True)
    assert dialect.date_orders == {"start_date": "dmy", "end_date": "dmy"}
    assert any("Windows-1252" in note for note in dialect.notes)
    rows, rejected, _ = read(path, dialect=dialect)
    by_id = rows.set_index("customer_id")
    assert by_id.loc["C002", "churn_reason"] == "atención pésima, me colgó"
    assert by_id.loc["C003", "region"] == "Castilla y León"
    assert by_id.loc["C002", "monthly_revenue"] == pytest.approx(1055.25)
    assert by_id.loc["C003", "monthly_revenue"] == pytest.approx(19.9)
    assert by_id.loc["C002", "start_date"] == pd.Timestamp("2024-02-13")
    # 31/02 does not exist; the row after it keeps its own line number.
    assert "start_date: '31/02/2024' is not a valid date (expected a date:" in reason_at(rejected, 5)
    assert "'-10,00' is below the minimum 0" in reason_at(rejected, 6)
    assert (
        rejected.loc[rejected["line"] == 5, "raw"].iloc[0]
        == "C004;31/02/2024;;;residencial;básico;Galicia;25"
    )


def test_utf8_bom_is_not_part_of_the_first_header(tmp_path):
    path = write(tmp_path, "customer_id,start_date\nC1,2024-01-02\n", "utf-8-sig")
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.encoding == "utf-8-sig"
    assert dialect.header == ["customer_id", "start_date"]
    rows, _, _ = read(path)
    assert rows["customer_id"].tolist() == ["C1"]


def test_utf8_file_with_windows_1252_bytes_further_down(tmp_path):
    """The first megabyte is plain ASCII (so 'UTF-8'), then a value saved as Windows-1252."""
    body = "".join(f"C{i},2024-01-01,ok\n" for i in range(70_000))
    data = ("customer_id,start_date,churn_reason\n" + body).encode() + "C_last,2024-01-01,atención\n".encode(
        "cp1252"
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    assert csvio.sniff(path, CUSTOMERS).encoding == "utf-8"
    rows, rejected, chunks = read(path)
    assert rejected.empty
    assert rows["churn_reason"].iloc[-1] == "atención"
    notes = [n for c in chunks for n in c.notes]
    assert any("not valid UTF-8" in n and "line 70002" in n for n in notes)


def test_utf16_tab_separated_unicode_text(tmp_path):
    path = write(tmp_path, "cliente\tfecha_alta\tmotivo\nC1\t25/03/2024\tpésimo trato\n", "utf-16")
    dialect = csvio.sniff(path, CUSTOMERS)
    assert (dialect.encoding, dialect.delimiter) == ("utf-16", "\t")
    rows, _, _ = read(path)
    assert rows.loc[0, "churn_reason"] == "pésimo trato"
    assert rows.loc[0, "start_date"] == pd.Timestamp("2024-03-25")


def test_cr_only_line_ends(tmp_path):
    path = write(tmp_path, "customer_id,start_date\rC1,2024-01-02\rC2,bad\r")
    rows, rejected, _ = read(path)
    assert rows["line"].tolist() == [2]
    assert reason_at(rejected, 3).startswith("start_date: 'bad' is not a valid date")
    assert rejected["raw"].tolist() == ["C2,bad"]


# --- separators and numbers -----------------------------------------------------------------


def test_semicolon_file_with_decimal_commas(tmp_path):
    text = (
        "customer_id;timestamp;wait_seconds;csat\n"
        "C1;2024-03-01 10:00;12,5;4\n"
        "C2;2024-03-02 11:00;1.234,50;3,5\n"
        "C3;2024-03-03 12:00;7;5\n"
    )
    path = write(tmp_path, text)
    dialect = csvio.sniff(path, INTERACTIONS)
    assert (dialect.delimiter, dialect.decimal_comma) == (";", True)
    rows, rejected, _ = read(path, INTERACTIONS)
    assert rejected.empty
    assert rows["wait_seconds"].tolist() == [12.5, 1234.5, 7.0]
    assert rows["csat"].tolist() == [4.0, 3.5, 5.0]


@pytest.mark.parametrize("sep", ["\t", "|"])
def test_tab_and_pipe_separators(tmp_path, sep):
    path = write(
        tmp_path, sep.join(["cliente", "alta", "motivo"]) + "\n" + sep.join(["C1", "2024-01-02", "a, b; c"])
    )
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.delimiter == sep
    rows, _, _ = read(path)
    assert rows.loc[0, "churn_reason"] == "a, b; c"


def test_quoted_thousands_with_decimal_point_in_comma_file(tmp_path):
    path = write(
        tmp_path, 'customer_id,start_date,monthly_revenue\nC1,2024-01-02,"1,234.50"\nC2,2024-01-02,99.9\n'
    )
    rows, rejected, _ = read(path)
    assert rejected.empty
    assert rows["monthly_revenue"].tolist() == [1234.5, 99.9]


def test_single_column_without_recognised_header_is_refused(tmp_path):
    path = write(tmp_path, "id cliente fecha alta\nC1 2024-01-02\n")
    message = refusal(path)
    assert "single column" in message and "'id cliente fecha alta'" in message
    assert ", ; tab or |" in message


def test_other_separator_leaves_one_recognised_column(tmp_path):
    path = write(
        tmp_path, "cliente:alta\nC1:2024-01-02\n".replace(":", "#").replace("cliente#alta", "cliente")
    )
    message = refusal(path)
    assert "column 'start_date' not found" in message and "['cliente']" in message
    assert "single column" in message


def test_unnumeric_value_rejected_with_column_value_and_expectation(tmp_path):
    path = write(tmp_path, "customer_id,start_date,monthly_revenue\nC1,2024-01-02,12 euros\n")
    _, rejected, _ = read(path)
    reason = reason_at(rejected, 2)
    assert reason.startswith("monthly_revenue: '12 euros' is not a valid number (expected a number")


# --- columns and mapping --------------------------------------------------------------------


def test_unknown_columns_are_reported_not_dropped(tmp_path):
    path = write(tmp_path, "cliente,alta,color favorito,nps\nC1,2024-01-02,azul,9\n")
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.unmapped_columns == ["color favorito", "nps"]
    assert dialect.mapping["color favorito"] is None
    # Offered for mapping: the caller can send one of them to a contract column.
    mapped = csvio.sniff(path, CUSTOMERS, mapping={"color favorito": "segment"})
    assert mapped.unmapped_columns == ["nps"]
    rows, _, _ = read(path, mapping={"color favorito": "segment"})
    assert rows.loc[0, "segment"] == "azul"


def test_missing_required_column_names_it_and_lists_present_columns(tmp_path):
    path = write(tmp_path, "cliente,ingreso\nC1,2024-01-02\n")
    message = refusal(path)
    assert message.startswith("column 'start_date' not found. Columns present: ['cliente', 'ingreso'].")
    # Each interface names its own control: the Python API its parameter, the command line --map.
    assert "pass a mapping (e.g. mapping={'ingreso': 'start_date'})" in message
    with pytest.raises(csvio.FileRefused) as info:
        csvio.sniff(path, CUSTOMERS)
    assert info.value.code == "missing_columns" and info.value.params["missing"] == ["start_date"]
    assert "pass a mapping (e.g. --map ingreso=start_date)" in info.value.text("en", "cli")
    assert info.value.text("es", "cli").startswith(
        "columna 'start_date' no se encuentra. Columnas presentes:"
    )


def test_mapping_names_a_header_that_is_not_there(tmp_path):
    path = write(tmp_path, "cliente,alta\nC1,2024-01-02\n")
    message = refusal(path, mapping={"fecha de alta": "start_date"})
    assert "'fecha de alta'" in message and "['cliente', 'alta']" in message


def test_mapping_to_an_unknown_contract_column(tmp_path):
    path = write(tmp_path, "cliente,alta\nC1,2024-01-02\n")
    message = refusal(path, mapping={"alta": "strat_date"})
    assert "'strat_date'" in message and "start_date" in message


def test_explicit_mapping_overrides_the_suggestion(tmp_path):
    path = write(tmp_path, "cliente,alta,fecha_inicio_real\nC1,2024-01-02,2024-01-09\n")
    dialect = csvio.sniff(path, CUSTOMERS, mapping={"fecha_inicio_real": "start_date"})
    assert dialect.mapping == {"cliente": "customer_id", "alta": None, "fecha_inicio_real": "start_date"}
    assert dialect.unmapped_columns == ["alta"]


# --- per-row rules --------------------------------------------------------------------------


def test_duplicate_customer_ids_within_and_across_chunks(tmp_path):
    body = "".join(f"C{i},2024-01-02\n" for i in range(400))
    path = write(tmp_path, "customer_id,start_date\n" + body + "C1,2024-02-02\nC399,2024-02-02\n")
    rows, rejected, chunks = read(path, chunk_bytes=1024)
    assert len(chunks) > 2  # the repeats are found across chunks
    assert len(rows) == 400
    assert reason_at(rejected, 402) == "customer_id: duplicate customer_id 'C1' (first seen at line 3)"
    assert "duplicate customer_id 'C399' (first seen at line 401)" in reason_at(rejected, 403)


def test_first_accepted_occurrence_is_the_one_kept(tmp_path):
    path = write(tmp_path, "customer_id,start_date\nC1,not a date\nC1,2024-01-02\nC1,2024-01-03\n")
    rows, rejected, _ = read(path)
    assert rows["line"].tolist() == [3]
    assert "not a valid date" in reason_at(rejected, 2) and "duplicate" not in reason_at(rejected, 2)
    assert "(first seen at line 3)" in reason_at(rejected, 4)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("31/02/2024", "'31/02/2024' is not a valid date"),
        ("2024-13-01", "'2024-13-01' is not a valid date"),
        ("mañana", "'mañana' is not a valid date"),
        ("31/03/24", "'31/03/24' is not a valid date"),
        ("1899-12-31", "'1899-12-31' is not a valid date"),
    ],
)
def test_unparseable_dates(tmp_path, value, expected):
    path = write(tmp_path, f"customer_id,start_date\nC0,25/01/2024\nC1,{value}\n")
    _, rejected, _ = read(path)
    reason = reason_at(rejected, 3)
    assert reason.startswith(f"start_date: {expected}")
    assert "(expected a date: 2024-03-31, 31/03/2024, 03/31/2024 or an Excel serial number)" in reason


def test_unparseable_timestamp(tmp_path):
    path = write(tmp_path, "customer_id,timestamp\nC1,2024-03-01 25:00\n")
    _, rejected, _ = read(path, INTERACTIONS)
    assert reason_at(rejected, 2).startswith(
        "timestamp: '2024-03-01 25:00' is not a valid date/time (expected"
    )


def test_date_contradicting_the_decided_order(tmp_path):
    path = write(
        tmp_path, "customer_id,start_date\nC1,25/01/2024\nC2,26/01/2024\nC3,01/02/2024\nC4,01/25/2024\n"
    )
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.date_orders["start_date"] == "dmy"
    assert any("mixes day-first and month-first" in note for note in dialect.notes)
    rows, rejected, _ = read(path, dialect=dialect)
    assert rows["start_date"].tolist()[-1] == pd.Timestamp("2024-02-01")
    reason = reason_at(rejected, 5)
    assert reason.startswith("start_date: '01/25/2024' contradicts the date order of this column")
    assert "dd/mm/yyyy" in reason and "date_order='mdy'" in reason


def test_ambiguous_dates_get_an_assumed_order_and_a_note(tmp_path):
    english = write(tmp_path, "customer_id,start_date\nC1,03/04/2024\n", name="en.csv")
    dialect = csvio.sniff(english, CUSTOMERS)
    assert dialect.date_orders["start_date"] == "mdy"
    assert any("date_order='dmy'" in note and "month first" in note for note in dialect.notes)
    spanish = write(tmp_path, "cliente;alta\nC1;03/04/2024\n", name="es.csv")
    dialect = csvio.sniff(spanish, CUSTOMERS)
    assert dialect.date_orders["start_date"] == "dmy"
    assert any("date_order='mdy'" in note and "';' separator" in note for note in dialect.notes)
    rows, _, _ = read(spanish, dialect=dialect)
    assert rows.loc[0, "start_date"] == pd.Timestamp("2024-04-03")


def test_spanish_header_hint_reads_the_contract(tmp_path):
    """The Spanish headers that hint dd/mm dates are the contract's own Spanish synonyms (listed once):
    'provincia' and 'tipificacion' are Spanish spellings of region and topic; 'area' and 'ticket' are
    used in both languages and say nothing."""
    assert is_spanish_header("Provincia") and is_spanish_header("tipificación")
    assert not is_spanish_header("area") and not is_spanish_header("ticket") and not is_spanish_header("id")
    path = write(tmp_path, "customer_id,start_date,provincia\nC1,03/04/2024,Lugo\n")
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.date_orders["start_date"] == "dmy"
    assert any("Spanish column names" in note for note in dialect.notes)
    english = write(tmp_path, "customer_id,start_date,area\nC1,03/04/2024,North\n", name="en.csv")
    assert csvio.sniff(english, CUSTOMERS).date_orders["start_date"] == "mdy"


def test_date_order_parameter_overrides_the_data(tmp_path):
    path = write(tmp_path, "customer_id,start_date\nC1,03/04/2024\n")
    rows, _, _ = read(path, date_order="dmy")
    assert rows.loc[0, "start_date"] == pd.Timestamp("2024-04-03")
    with pytest.raises(ValueError, match="'date_order' parameter of sniff must be one of"):
        csvio.sniff(path, CUSTOMERS, date_order="ydm")


def test_excel_serial_dates(tmp_path):
    path = write(tmp_path, "customer_id,timestamp\nC1,45382.5\nC2,45383\nC3,12\n")
    dialect = csvio.sniff(path, INTERACTIONS)
    assert dialect.date_orders["timestamp"] == "excel"
    rows, rejected, _ = read(path, INTERACTIONS, dialect=dialect)
    assert rows["timestamp"].tolist() == [pd.Timestamp("2024-03-31 12:00"), pd.Timestamp("2024-04-01")]
    assert reason_at(rejected, 4).startswith("timestamp: '12' is not a valid date/time")


def test_negative_waits_and_transfers(tmp_path):
    path = write(
        tmp_path, "customer_id,timestamp,wait_seconds,transferred\nC1,2024-03-01,-5,0\nC2,2024-03-01,5,-1\n"
    )
    _, rejected, _ = read(path, INTERACTIONS)
    assert reason_at(rejected, 2).startswith("wait_seconds: '-5' is below the minimum 0 (expected a number")
    assert reason_at(rejected, 3).startswith(
        "transferred: '-1' is below the minimum 0 (expected a whole number"
    )


def test_fractional_transfer_count(tmp_path):
    path = write(tmp_path, "customer_id,timestamp,transferred\nC1,2024-03-01,1.5\n")
    _, rejected, _ = read(path, INTERACTIONS)
    assert reason_at(rejected, 2).startswith(
        "transferred: '1.5' is not a whole number (expected a whole number"
    )


def test_transfer_count_too_large_for_the_store(tmp_path):
    """Whole numbers are stored in 32 bits: a larger one is a rejected row, not a failed upload."""
    path = write(
        tmp_path, "customer_id,timestamp,transferred\nC1,2024-03-01,2147483647\nC2,2024-03-01,3000000000\n"
    )
    rows, rejected, _ = read(path, INTERACTIONS)
    assert rows["transferred"].tolist() == [2147483647]
    assert reason_at(rejected, 3).startswith("transferred: '3000000000' is too large to store")


def test_dates_in_the_future(tmp_path):
    text = (
        "customer_id,timestamp,promised_date\n"
        "C1,2025-01-01 00:00,2025-02-01\n"  # tomorrow: rejected
        "C2,2024-12-31 23:59,2025-02-01\n"  # today, late: fine; a promise may lie ahead
    )
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS)
    assert rows["line"].tolist() == [3]
    assert reason_at(rejected, 2) == (
        "timestamp: '2025-01-01 00:00' is in the future (expected a date on or before today, 2024-12-31)"
    )


def test_end_before_start(tmp_path):
    path = write(
        tmp_path, "customer_id,start_date,end_date\nC1,2024-03-15,2024-03-01\nC2,2024-03-15,2024-03-15\n"
    )
    rows, rejected, _ = read(path)
    assert rows["customer_id"].tolist() == ["C2"]
    assert reason_at(rejected, 2) == (
        "end_date: '2024-03-01' is before start_date '2024-03-15' (expected empty or a date on or after start_date)"
    )


def test_required_value_empty(tmp_path):
    path = write(tmp_path, "customer_id,start_date,segment\n  ,2024-03-15,x\n")
    _, rejected, _ = read(path)
    assert reason_at(rejected, 2) == "customer_id: required but empty (expected non-empty text)"


def test_all_reasons_of_a_row_are_listed_in_column_order(tmp_path):
    path = write(tmp_path, "customer_id,start_date,end_date,monthly_revenue\nC1,2024-02-30,2025-06-01,-3\n")
    _, rejected, _ = read(path)
    parts = reason_at(rejected, 2).split("; ")
    assert [p.split(":")[0] for p in parts] == ["start_date", "end_date", "monthly_revenue"]


def test_booleans_in_both_languages(tmp_path):
    values = [
        "sí",
        "SI",
        "s",
        "No",
        "n",
        "verdadero",
        "FALSO",
        "true",
        "f",
        "yes",
        "Y",
        "1",
        "0",
        "x",
        "",
        "quizás",
    ]
    text = "customer_id,timestamp,resolved\n" + "".join(
        f"C{i},2024-03-01,{v}\n" for i, v in enumerate(values)
    )
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS)
    expected = [True, True, True, False, False, True, False, True, False, True, True, True, False, True, None]
    assert [None if pd.isna(v) else bool(v) for v in rows["resolved"]] == expected
    assert str(rows["resolved"].dtype) == "boolean"
    assert reason_at(rejected, 17).startswith(
        "resolved: 'quizás' is not a yes/no value (expected yes/no: sí/no"
    )


def test_escalation_vocabulary(tmp_path):
    values = [
        "sí",
        "escalado",
        "X",
        "no",
        "0",
        "denegado",
        "No concedido",
        "solicitado",
        "requested",
        "",
        "tal vez",
    ]
    text = "customer_id,timestamp,escalated\n" + "".join(
        f"C{i},2024-03-01,{v}\n" for i, v in enumerate(values)
    )
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS)
    assert rows["escalated"].tolist() == [
        "yes",
        "yes",
        "yes",
        "no",
        "no",
        "denied",
        "denied",
        "denied",
        "denied",
        None,
    ]
    assert reason_at(rejected, 12).startswith("escalated: 'tal vez' is not an escalation value (expected yes")


def test_unknown_failure_type_lists_the_accepted_values(tmp_path):
    text = "customer_id,timestamp,failure_type\nC1,2024-03-01,Espera larga\nC2,2024-03-01,\nC3,2024-03-01,mala suerte\n"
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS)
    assert rows["failure_type"].tolist() == ["Espera larga", None]  # kept as written; classified later
    reason = reason_at(rejected, 4)
    assert reason.startswith("failure_type: 'mala suerte' is not a known failure type (expected empty")
    assert "attitude" in reason and "long_wait" in reason


def test_wrong_number_of_fields_keeps_the_raw_text(tmp_path):
    path = write(
        tmp_path, "customer_id,start_date,segment\nC1,2024-01-02,a,b\nC2,2024-01-02\nC3,2024-01-02,x\n"
    )
    rows, rejected, _ = read(path)
    assert rows["customer_id"].tolist() == ["C3"]
    assert rejected["raw"].tolist() == ["C1,2024-01-02,a,b", "C2,2024-01-02"]
    assert reason_at(rejected, 2).startswith(
        "the row has 4 fields but the header has 3 (separator ','): expected 3"
    )


# --- line numbers, raw text, chunking --------------------------------------------------------


def test_line_numbers_and_raw_text_with_quoted_newlines_and_blank_lines(tmp_path):
    text = (
        "customer_id,start_date,churn_reason\r\n"  # 1
        'C1,2024-01-02,"dos\r\nlíneas"\r\n'  # 2-3
        "\r\n"  # 4 (blank)
        'C2,bad,"tres\nlíneas\ny más"\r\n'  # 5-7
        ",,\r\n"  # 8 (blank: separators only)
        'C3,2024-01-02,"x",extra\r\n'  # 9
        "C4,2024-13-01,ok\r\n"  # 10
    )
    rows, rejected, chunks = read(write(tmp_path, text))
    assert rows["line"].tolist() == [2]
    assert rows.loc[0, "churn_reason"] == "dos\r\nlíneas"
    assert rejected["line"].tolist() == [5, 9, 10]
    assert rejected["raw"].tolist() == [
        'C2,bad,"tres\nlíneas\ny más"',
        'C3,2024-01-02,"x",extra',
        "C4,2024-13-01,ok",
    ]
    assert sum(c.blank_lines for c in chunks) == 2


def test_header_with_a_line_break_and_blank_lines_above_it(tmp_path):
    path = write(tmp_path, '\n\n"customer\nid",start_date\nC1,2024-01-02\nC2,bad\n')
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.header_lines == 4 and dialect.mapping["customer\nid"] == "customer_id"
    rows, rejected, _ = read(path, dialect=dialect)
    assert rows["line"].tolist() == [5] and rejected["line"].tolist() == [6]


def test_extra_separator_at_the_end_of_every_data_line(tmp_path):
    """Some exports end each data line (not the header) with a separator; rows are not rejected for it."""
    path = write(tmp_path, "customer_id,start_date\nC1,2024-01-02,\nC2,2024-01-03,\n")
    dialect = csvio.sniff(path, CUSTOMERS)
    assert any("extra separator" in note for note in dialect.notes)
    rows, rejected, _ = read(path, dialect=dialect)
    assert rows["customer_id"].tolist() == ["C1", "C2"] and rejected.empty


def test_progress_bytes_grow_to_about_the_file_size(tmp_path):
    path = write(tmp_path, "customer_id,start_date\n" + "".join(f"C{i},2024-01-02\n" for i in range(3000)))
    _, _, chunks = read(path, chunk_bytes=4096)
    progress = [c.bytes_read for c in chunks]
    assert progress == sorted(progress)
    assert 0.8 < progress[-1] / path.stat().st_size <= 1.0


def test_chunking_does_not_change_the_result(tmp_path):
    rng = np.random.default_rng(3)
    lines = ["customer_id,start_date,churn_reason,monthly_revenue"]
    for i in range(600):
        note = '"a\nb"' if rng.random() < 0.1 else "x"
        when = "2024-02-30" if rng.random() < 0.05 else "2024-02-01"
        lines.append(
            f"C{i},{when},{note},{rng.integers(-2, 100)}" + (",extra" if rng.random() < 0.03 else "")
        )
    path = write(tmp_path, "\n".join(lines) + "\n")
    whole_rows, whole_rej, _ = read(path)
    small_rows, small_rej, chunks = read(path, chunk_bytes=700)
    assert len(chunks) > 5
    pd.testing.assert_frame_equal(whole_rows, small_rows)
    pd.testing.assert_frame_equal(whole_rej, small_rej)
    assert len(whole_rows) + len(whole_rej) == 600


def test_output_types(tmp_path):
    text = (
        "customer_id,timestamp,interaction_id,resolved,transferred,escalated,wait_seconds,promised_date,notes\n"
        "C1,2024-03-01 10:05:30,I1,sí,2,denegado,12.5,2024-03-09,hola\n"
        "C2,2024-03-02,,,,,,,\n"
    )
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS)
    assert rejected.empty
    dtypes = {c: str(t) for c, t in rows.dtypes.items()}
    assert dtypes == {
        "customer_id": "object", "timestamp": "datetime64[ns]", "interaction_id": "object", "resolved": "boolean",
        "transferred": "Int64", "escalated": "object", "wait_seconds": "float64", "promised_date": "datetime64[ns]",
        "notes": "object", "line": "int64",
    }  # fmt: skip
    assert rows.loc[0, "timestamp"] == pd.Timestamp("2024-03-01 10:05:30")
    assert rows.loc[1, "interaction_id"] is None and rows.loc[1, "notes"] is None
    assert pd.isna(rows.loc[1, "transferred"]) and pd.isna(rows.loc[1, "resolved"])
    assert pd.isna(rows.loc[1, "promised_date"]) and np.isnan(rows.loc[1, "wait_seconds"])


def test_unclosed_quote_does_not_swallow_rows_silently(tmp_path):
    """The line that opens the quote is rejected, saying so; the 698 rows after it are read as rows
    (they were once one reject, then one accepted value). More shapes in test_csvio_hostile.py."""
    rows = "".join(f"C{i},2024-01-02,ok\n" for i in range(2, 700))
    path = write(tmp_path, 'customer_id,start_date,churn_reason\nC1,2024-01-02,"never closed\n' + rows)
    accepted, rejected, _ = read(path)
    assert accepted["line"].tolist() == list(range(3, 701))
    assert rejected["line"].tolist() == [2]
    assert reason_at(rejected, 2).startswith(
        "a quoted value opens on this line and its closing '\"' is missing"
    )
    assert rejected["raw"].tolist() == ['C1,2024-01-02,"never closed']


def test_a_record_longer_than_500_lines_is_still_rejected(tmp_path):
    """A quoted value of 600 lines of prose is no export's note: rejected, not stored."""
    note = "\n".join(f"linea {i} del texto" for i in range(600))
    path = write(tmp_path, f'customer_id,start_date,churn_reason\nC1,2024-01-02,"{note}"\nC2,2024-01-02,ok\n')
    accepted, rejected, _ = read(path)
    assert accepted["line"].tolist() == [602]
    assert reason_at(rejected, 2).startswith("the record spans 600 lines, so a quoted value probably misses")


# --- files that cannot be read ---------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n  \t", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert refusal(path).startswith("the file is empty; expected a CSV export with a header row")


def test_header_only_file_is_refused(tmp_path):
    """A header with no rows is almost always a wrong export filter, so it is refused, not stored as 0 rows."""
    message = refusal(write(tmp_path, "customer_id,start_date\n\n,\n"))
    assert message.startswith("the file has a header but no data rows")


def test_random_binary_is_refused(tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(np.random.default_rng(0).integers(0, 256, 4096, dtype=np.uint8).tobytes())
    message = refusal(path)
    assert "binary data" in message and "export the data as CSV" in message


def test_xlsx_is_refused(tmp_path):
    path = tmp_path / "clientes.csv"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert refusal(path).startswith("the file looks like an Excel/zip file; export it as CSV")


def test_html_saved_as_xls_is_refused(tmp_path):
    message = refusal(write(tmp_path, "<html><table><tr><td>cliente</td></tr></table></html>"))
    assert "web page" in message and "CSV" in message


def test_read_table_refuses_at_the_call_not_at_the_first_chunk(tmp_path):
    path = write(tmp_path, "")
    with pytest.raises(csvio.FileRefused):
        csvio.read_table(path, CUSTOMERS)


def test_dialect_and_overrides_together_is_a_usage_error(tmp_path):
    path = write(tmp_path, "customer_id,start_date\nC1,2024-01-02\n")
    dialect = csvio.sniff(path, CUSTOMERS)
    with pytest.raises(ValueError, match="pass those to sniff"):
        csvio.read_table(path, CUSTOMERS, dialect=dialect, date_order="dmy")


def test_interactions_checked_against_known_customers(tmp_path):
    """Given the stored customers, an unknown id and an interaction dated before the customer's
    start are rejected with the value as written; other rules still apply to the same row."""
    known = csvio.KnownCustomers.from_columns(["C1", "C2"], [date(2024, 3, 1), None])
    text = (
        "cliente;fecha;espera\n"
        "C1;15/03/2024;10\n"  # fine
        "C9;16/03/2024;10\n"  # unknown customer
        "C1;28/02/2024 09:00;10\n"  # before C1's start
        "C2;01/01/2020;10\n"  # C2 has no start date: nothing to be before
        "C9;17/03/2024;-4\n"  # unknown and a negative wait: both reasons
    )
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS, customers=known)
    assert rows["line"].tolist() == [2, 5]
    assert reason_at(rejected, 3) == (
        "customer_id: 'C9' is not a known customer (upload the customers file first, or fix the id)"
    )
    assert reason_at(rejected, 4) == (
        "timestamp: '28/02/2024 09:00' is before the customer's start_date 2024-03-01 "
        "(expected a date on or after it)"
    )
    both = reason_at(rejected, 6)
    assert both.startswith("customer_id: 'C9' is not a known customer") and "wait_seconds: '-4'" in both
    # Without the stored customers the reader has nothing to check against.
    rows, rejected, _ = read(write(tmp_path, text), INTERACTIONS)
    assert len(rows) == 4 and rejected["line"].tolist() == [6]
