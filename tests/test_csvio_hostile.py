"""Files shaped to hurt the reader (issue 19): headers built to take quadratic time, lines with no
end, encodings without their mark, paths that are not files. Each shape is generated here; each
ends in a file read correctly or a one-line message that says what is wrong, never a hang, a
traceback or a message the size of the file."""

from __future__ import annotations

import codecs
import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analytics import csvio
from analytics.contract import CUSTOMERS
from tests.conftest import run_cli

TODAY = date(2024, 12, 31)


def write(tmp_path: Path, data: str | bytes, name: str = "upload.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refused(path: Path, contract=CUSTOMERS, **kwargs) -> csvio.FileRefused:
    with pytest.raises(csvio.FileRefused) as info:
        csvio.sniff(path, contract, **kwargs)
    assert "\n" not in str(info.value)
    return info.value


def read(path: Path, contract=CUSTOMERS, **kwargs):
    chunks = list(csvio.read_table(path, contract, today=TODAY, **kwargs))
    rows = pd.concat([c.rows for c in chunks], ignore_index=True)
    rejected = pd.concat([c.rejected for c in chunks], ignore_index=True)
    return rows, rejected, chunks


# --- headers (issue 19, items 3 and 10) ------------------------------------------------------


@pytest.mark.quick
@pytest.mark.timeout(30)
def test_header_repeating_one_name_40_000_times_is_refused_at_once(tmp_path):
    """40,000 repeats of one name (a 160 KB file) took 199 s: every repeat searched for a free number."""
    header = "customer_id,start_date," + ",".join(["x"] * 40_000)
    exc = refused(write(tmp_path, header + "\nC1,2024-01-02\n"))
    assert exc.code == "too_many_columns"
    assert str(exc).startswith("the header has 40,002 columns; at most 2,000 are read.")
    assert len(str(exc)) < 300


@pytest.mark.quick
def test_repeated_names_within_the_limit_get_numbers_and_one_note(tmp_path):
    header = "customer_id,start_date,x,x_3," + ",".join(["x"] * 1_500)
    dialect = csvio.sniff(write(tmp_path, header + "\nC1,2024-01-02\n"), CUSTOMERS)
    names = dialect.header
    assert len(set(names)) == len(names) == 1_504
    assert names[:6] == ["customer_id", "start_date", "x", "x_3", "x_2", "x_4"]
    assert names[-1] == "x_1502"
    repeats = [n for n in dialect.notes if "repeats" in n]
    assert repeats == [
        "The header repeats 'x' 1,500 times (first repeat at column 5); the repeats are called 'x_2' to 'x_1502'."
    ]


@pytest.mark.quick
def test_many_unnamed_columns_get_one_note(tmp_path):
    header = "customer_id,start_date" + "," * 300
    dialect = csvio.sniff(write(tmp_path, header + "\nC1,2024-01-02\n"), CUSTOMERS)
    assert dialect.header[-1] == "column_302"
    assert [n for n in dialect.notes if "no name" in n] == [
        "300 columns have no name in the header (the first is column 3); they are called column_N here, N being "
        "their position."
    ]


@pytest.mark.quick
def test_100_000_column_header_gives_a_short_message(tmp_path):
    """A 100,000-column header without the required columns produced a 1.2 MB message listing them all."""
    header = ",".join(f"c{i}" for i in range(100_000))
    exc = refused(write(tmp_path, header + "\n" + ",".join("1" * 100_000) + "\n"))
    assert exc.code == "too_many_columns" and len(str(exc)) < 300
    assert str(exc) == (
        "the header has 100,000 columns; at most 2,000 are read. Export only the columns the upload needs "
        "(e.g. customer_id, start_date)"
    )
    # A header longer than the first megabyte is counted as far as it was read.
    longer = ",".join(f"campo_numero_{i}" for i in range(100_000))
    exc = refused(write(tmp_path, longer + "\n1\n", name="longer.csv"))
    assert exc.code == "too_many_columns" and str(exc).startswith("the header has at least 55,773 columns;")


@pytest.mark.quick
def test_missing_column_message_lists_at_most_twenty_headers(tmp_path):
    header = ",".join(f"campo_{i}" for i in range(1_500))
    exc = refused(write(tmp_path, header + "\n" + ",".join("1" * 1_500) + "\n"))
    assert exc.code == "missing_columns"
    assert "'campo_19', …] (1,500 columns in all)." in str(exc) and len(str(exc)) < 700


@pytest.mark.quick
@pytest.mark.timeout(60)
def test_a_long_line_with_no_line_break_is_named_not_called_empty(tmp_path):
    """A 50 MB line with no newline was 'the file is empty'. (3 MB here: anything beyond the 1 MB head.)"""
    for body in ("x" * (3 << 20), '"' + "y" * (3 << 20), "texto sin fin " * (1 << 18)):
        exc = refused(write(tmp_path, body))
        assert exc.code == "line_too_long"
        assert str(exc) == (
            "line 1 is longer than 1 MB and has no line break, so it is not a CSV record; expected a CSV file "
            "with one record per line"
        )


# --- encodings (item 10) -----------------------------------------------------------------------


@pytest.mark.quick
@pytest.mark.parametrize("codec, order", [("utf-16-le", "little_endian"), ("utf-16-be", "big_endian")])
def test_utf16_without_its_byte_order_mark_is_read(tmp_path, codec, order):
    """UTF-16 without a BOM was refused as 'binary data'."""
    text = "cliente\tfecha_alta\tmotivo\r\nC1\t25/03/2024\tpésimo trato\r\nC2\t26/03/2024\tprecio\r\n"
    path = write(tmp_path, text.encode(codec))
    assert not path.read_bytes().startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    dialect = csvio.sniff(path, CUSTOMERS)
    assert (dialect.encoding, dialect.delimiter) == (codec, "\t")
    assert any(getattr(n, "code", None) == "read_as_utf16_without_bom" for n in dialect.notes)
    rows, rejected, _ = read(path, dialect=dialect)
    assert rejected.empty
    assert rows["churn_reason"].tolist() == ["pésimo trato", "precio"]
    assert rows["start_date"].tolist() == [pd.Timestamp("2024-03-25"), pd.Timestamp("2024-03-26")]


@pytest.mark.quick
def test_binary_with_nul_bytes_is_still_binary(tmp_path):
    exc = refused(write(tmp_path, bytes(range(256)) * 64))
    assert exc.code == "binary_file"


# --- paths that are not readable files (items 9 and 10) ----------------------------------------


def test_a_directory_is_called_a_directory(tmp_path):
    exc = refused(tmp_path)
    assert exc.code == "is_directory" and str(exc).startswith("it is a directory, not a file")
    out = run_cli("ingest", "--customers", str(tmp_path), "--db", f"duckdb:///{tmp_path / 'x.duckdb'}")
    assert out.returncode != 0
    message = out.stderr.strip()
    assert "\n" not in message and str(tmp_path) in message and "not found" not in message
    assert "directory" in message or "folder" in message


@pytest.mark.quick
def test_a_missing_file_is_called_missing(tmp_path):
    exc = refused(tmp_path / "nope.csv")
    assert exc.code == "file_not_found"


def test_an_unreadable_file_is_one_line_not_a_traceback(tmp_path):
    """Reading /proc/self/mem fails with an I/O error even for root: a file that opens but cannot be read."""
    exc = refused(Path("/proc/self/mem"))
    assert exc.code == "unreadable" and "Input/output error" in str(exc)
    out = run_cli("ingest", "--customers", "/proc/self/mem", "--db", f"duckdb:///{tmp_path / 'x.duckdb'}")
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: customers file /proc/self/mem was not read: the file cannot be read")


@pytest.mark.quick
@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_one_line(tmp_path):
    path = write(tmp_path, "customer_id,start_date\nC1,2024-01-02\n")
    path.chmod(0)
    exc = refused(path)
    assert exc.code == "unreadable" and "Permission denied" in str(exc)


# --- the column mapping (item 10) ---------------------------------------------------------------


@pytest.mark.quick
def test_mapping_to_a_misspelt_column_suggests_a_real_one(tmp_path):
    """The error for --map 'fecha alta=strat_date' suggested '--map cliente=strat_date': an invalid target."""
    path = write(tmp_path, "cliente,alta\nC1,2024-01-02\n")
    exc = refused(path, mapping={"fecha alta": "strat_date"})
    assert exc.code == "mapping_unknown_column"
    assert str(exc).endswith("(did you mean 'start_date'?)")
    assert "=strat_date" not in exc.text("en", "cli") and "strat_date'}" not in str(exc)


@pytest.mark.quick
def test_mapping_a_misspelt_header_suggests_the_closest_header(tmp_path):
    path = write(tmp_path, "cliente,fecha_de_alta\nC1,2024-01-02\n")
    exc = refused(path, mapping={"fecha de altaa": "start_date"})
    assert exc.code == "mapping_unknown_header"
    assert str(exc).endswith("Map one of those (e.g. mapping={'fecha_de_alta': 'start_date'})")
    assert exc.text("en", "cli").endswith("Map one of those (e.g. --map fecha_de_alta=start_date)")


# --- mixed encodings (item 7) -----------------------------------------------------------------


def _mixed_file(tmp_path: Path, n: int = 100, utf8_every: int = 2, first_cp1252: bool = True) -> Path:
    """Customers whose lines alternate between Windows-1252 and UTF-8, as an export stitched from two
    systems: every ``utf8_every``-th data line is UTF-8 (with ``first_cp1252=False``, every one but
    the second of each ``utf8_every``)."""
    out = [b"cliente;fecha_alta;zona;motivo\r\n"]
    for i in range(n):
        line = f"C{i};02/01/2024;Peñalolén;atención pésima {i}\r\n"
        utf8 = (i % utf8_every == utf8_every - 1) if first_cp1252 else (i % utf8_every != 1)
        out.append(line.encode("utf-8" if utf8 else "cp1252"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"".join(out))
    return path


@pytest.mark.quick
def test_lines_in_utf8_inside_a_windows_1252_file_are_read_as_utf8(tmp_path):
    """Half the lines UTF-8, half Windows-1252: the UTF-8 half was stored as 'PeÃ±alolÃ©n'."""
    path = _mixed_file(tmp_path)
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.encoding == "cp1252"
    rows, rejected, chunks = read(path, dialect=dialect)
    assert rejected.empty and len(rows) == 100
    assert set(rows["region"]) == {"Peñalolén"}
    assert rows["churn_reason"].str.startswith("atención pésima").all()
    notes = [n for c in chunks for n in c.notes]
    assert (
        "The file mixes encodings: most lines are Windows-1252, but some are UTF-8 (first at line 3); each line "
        "was read in its own encoding." in notes
    )


@pytest.mark.quick
def test_mostly_utf8_file_with_windows_1252_lines_is_read_line_by_line(tmp_path):
    path = _mixed_file(tmp_path, utf8_every=4, first_cp1252=False)  # 3 of 4 lines UTF-8
    dialect = csvio.sniff(path, CUSTOMERS)
    assert dialect.encoding == "utf-8"
    rows, rejected, chunks = read(path, dialect=dialect)
    assert rejected.empty and set(rows["region"]) == {"Peñalolén"}
    assert any("not valid UTF-8 (first at line 3" in n for c in chunks for n in c.notes)


@pytest.mark.quick
@pytest.mark.parametrize("read_size", [1, 7, 64, 1 << 16])
def test_transcoder_keeps_utf8_lines_whatever_the_read_size(tmp_path, read_size):
    """A UTF-8 character split between two reads is still one character."""
    path = _mixed_file(tmp_path, n=40, utf8_every=3)
    stream = csvio.encoding.Utf8Stream(path, "cp1252")
    parts = []
    while chunk := stream.read(read_size):
        parts.append(chunk)
    stream.close()
    text = b"".join(parts).decode("utf-8")
    assert text.count("Peñalolén") == 40 and "Ã" not in text
    assert stream.first_utf8_line == 4


@pytest.mark.quick
def test_rejected_rows_of_a_mixed_file_keep_their_text_readable(tmp_path):
    path = _mixed_file(tmp_path, n=6)
    path.write_bytes(path.read_bytes() + "C9;31/02/2024;Ñuñoa;también\r\n".encode())
    rows, rejected, _ = read(path)
    assert len(rows) == 6
    assert rejected["raw"].tolist() == ["C9;31/02/2024;Ñuñoa;también"]


# --- a quote that is never closed (item 8) ---------------------------------------------------


def _lines(n: int, first: int = 2, quoted_at: int | None = None, style: str = "last") -> str:
    """Data lines ``first``..``n`` of a customers file; the one at ``quoted_at`` opens a quote it
    never closes, in its last field or in the middle one."""
    out = []
    for line in range(first, n + 1):
        if line == quoted_at and style == "last":
            out.append(f'C{line},2024-01-02,"never closed\n')
        elif line == quoted_at:
            out.append(f'C{line},"never closed,2024-01-02\n')
        elif style == "mid":
            out.append(f"C{line},ok,2024-01-02\n")
        else:
            out.append(f"C{line},2024-01-02,ok\n")
    return "".join(out)


@pytest.mark.quick
@pytest.mark.parametrize("style", ["last", "mid"])
@pytest.mark.parametrize("chunk_bytes", [600, 32 << 20])
def test_unclosed_quote_in_a_100_line_file(tmp_path, style, chunk_bytes):
    """The 100-line file of issue 19: once 'five rows' with 95 valid ones hidden in one reject or in
    one value. Now the line that opens the quote is named and every other line is a row."""
    header = (
        "customer_id,start_date,churn_reason\n"
        if style == "last"
        else "customer_id,churn_reason,start_date\n"
    )
    path = write(tmp_path, header + _lines(100, quoted_at=6, style=style))
    rows, rejected, _ = read(path, chunk_bytes=chunk_bytes)
    assert len(rows) + len(rejected) == 99  # lines 2..100, one record each
    assert rows["line"].tolist() == [2, 3, 4, 5, *range(7, 101)]
    assert rows["customer_id"].tolist() == [f"C{i}" for i in (2, 3, 4, 5, *range(7, 101))]
    assert rejected["line"].tolist() == [6]
    assert rejected["code"].tolist() == ["unclosed_quote"]
    assert rejected["raw"].iloc[0] in ('C6,2024-01-02,"never closed', 'C6,"never closed,2024-01-02')


@pytest.mark.quick
def test_unclosed_quote_closed_by_a_later_quoted_value(tmp_path):
    """The open quote runs to the next '"' (a properly quoted value further down): every line
    between, and the quoted one, are rows of their own."""
    body = (
        _lines(49, quoted_at=6, style="mid")
        + 'C50,"quoted, fine",2024-01-02\n'
        + _lines(60, first=51, style="mid")
    )
    path = write(tmp_path, "customer_id,churn_reason,start_date\n" + body)
    rows, rejected, _ = read(path)
    assert rejected["line"].tolist() == [6]
    assert len(rows) == 58 and rows.set_index("line").loc[50, "churn_reason"] == "quoted, fine"


@pytest.mark.quick
def test_unclosed_quote_on_the_line_before_the_last(tmp_path):
    """One line swallowed at the end of the file: the odd number of quotes gives it away."""
    path = write(
        tmp_path,
        "customer_id,start_date,churn_reason\n"
        + _lines(9)
        + 'C10,2024-01-02,"never closed\nC11,2024-01-02,ok\n',
    )
    rows, rejected, _ = read(path)
    assert rejected["line"].tolist() == [10]
    assert rows["line"].tolist() == [*range(2, 10), 11]


@pytest.mark.quick
def test_multi_line_notes_stay_one_value(tmp_path):
    """Notes with line breaks (and commas) inside quotes are values, not unclosed quotes."""
    text = (
        "customer_id,start_date,churn_reason\n"
        'C1,2024-01-02,"llamó tres veces\nnadie le devolvió la llamada, dice"\n'
        'C2,2024-01-02,"primera línea\nC9,2024-01-02,ok"\n'  # one line that looks like a row, quotes even
        "C3,2024-01-02,ok\n"
    )
    rows, rejected, _ = read(write(tmp_path, text))
    assert rejected.empty
    assert rows["line"].tolist() == [2, 4, 6]
    assert rows["churn_reason"].tolist()[:2] == [
        "llamó tres veces\nnadie le devolvió la llamada, dice",
        "primera línea\nC9,2024-01-02,ok",
    ]


@pytest.mark.quick
def test_unclosed_quote_in_a_windows_1252_file_with_bad_rows_after_it(tmp_path):
    """Read again through the transcoder; rows after the quote keep their line numbers and reasons."""
    text = "cliente;fecha_alta;motivo\r\n" + "".join(f"C{i};02/01/2024;atención\r\n" for i in range(2, 6))
    text += 'C6;02/01/2024;"sin cerrar\r\n' + "C7;31/02/2024;mal\r\nC8;02/01/2024;a;b;c\r\n"
    text += "".join(f"C{i};02/01/2024;señal\r\n" for i in range(9, 30))
    path = write(tmp_path, text.encode("cp1252"))
    rows, rejected, _ = read(path)
    assert rejected["line"].tolist() == [6, 7, 8]
    assert rejected["code"].tolist() == ["unclosed_quote", "not_a_date", "wrong_field_count"]
    assert rows["line"].tolist() == [2, 3, 4, 5, *range(9, 30)]
    assert set(rows["churn_reason"]) == {"atención", "señal"}


@pytest.mark.quick
def test_ingest_counts_every_line_of_a_file_with_an_unclosed_quote(duck_store, tmp_path):
    from analytics.ingest import ingest_file

    path = write(tmp_path, "customer_id,start_date,churn_reason\n" + _lines(100, quoted_at=6))
    s = ingest_file(duck_store, "customers", path)
    assert (s.rows, s.accepted, s.rejected) == (99, 98, 1)


@pytest.mark.quick
def test_unclosed_quote_swallowing_more_than_a_block_is_read_past(tmp_path):
    """Past Arrow's 4 MB block the open quote made the whole file fail ('a quoted field that starts
    after line 1 never ends'); the line that opened it is now found, emptied and rejected."""
    body = (
        _lines(5)
        + 'C6,2024-01-02,"never closed\n'
        + "".join(f"C{i},2024-01-02,nota {i}\n" for i in range(7, 300_001))
    )
    path = write(tmp_path, "customer_id,start_date,churn_reason\n" + body)
    assert path.stat().st_size > 5 << 20
    rows, rejected, _ = read(path)
    assert rejected[["line", "code"]].values.tolist() == [[6, "unclosed_quote"]]
    assert len(rows) == 299_998 and rows["line"].iloc[-1] == 300_000
