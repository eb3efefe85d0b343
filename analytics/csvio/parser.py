"""Arrow's CSV parser as the reader uses it: every column as raw bytes, rows with the wrong
number of fields handed to a callback, blocks gathered into chunks."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.csvio.dialect import FileDialect, FileRefused

ARROW_BLOCK = 4 << 20  # Arrow reads up to 32 blocks ahead (see analytics.csvio)
MIN_BLOCK = 1 << 9


class InvalidRows:
    """Arrow's callback for rows with the wrong number of fields: keep them, skip them.

    Arrow calls it from the parsing thread, which runs ahead of the validation: the parser may
    already be reporting rows of the next table while the current one is validated, hence the lock.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[int, str, int]] = []  # (record ordinal, text, field count)
        self.lock = threading.Lock()

    def __call__(self, row) -> str:
        if row.number is None:  # only known when Arrow parses serially (use_threads=False)
            raise RuntimeError("pyarrow did not report the row number of an invalid row")
        with self.lock:
            self.rows.append((row.number, row.text, row.actual_columns))
        return "skip"

    def take(self, first_ordinal: int, n_valid: int) -> list[tuple[int, str, int]]:
        """The invalid rows that come before the (n_valid+1)-th valid row from first_ordinal."""
        with self.lock:
            self.rows.sort()
            taken = []
            for k, row in enumerate(self.rows):
                if row[0] - first_ordinal - k > n_valid:
                    break
                taken.append(row)
            del self.rows[: len(taken)]
        return taken


def arrow_reader(
    source, dialect: FileDialect, block_size: int, handler: InvalidRows, skip_rows: int | None = None
):
    """Arrow's reader of the file's records; ``skip_rows``: the header's lines unless given (0 for a
    source that starts after the header)."""
    names = [f"c{i}" for i in range(len(dialect.header))]
    return pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            # Serial parsing is what makes Arrow report row numbers to the handler.
            use_threads=False,
            block_size=block_size,
            column_names=names,
            skip_rows=dialect.header_lines if skip_rows is None else skip_rows,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=dialect.delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            # Blank lines stay records (all fields empty) so that line numbers stay exact.
            ignore_empty_lines=False,
            invalid_row_handler=handler,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.binary()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def arrow_refusal(exc: Exception, after_line: int) -> FileRefused:
    text = str(exc)
    if "straddl" in text:
        return FileRefused("quote_never_ends", line=after_line)
    if "Expected" in text and "columns" in text:
        return FileRefused("wrong_fields_not_utf8", line=after_line)
    return FileRefused("unparseable", line=after_line, detail=text.splitlines()[0])


def block_size(chunk_bytes: int) -> int:
    return max(MIN_BLOCK, min(int(chunk_bytes), ARROW_BLOCK))


def gathered(reader, chunk_bytes: int) -> Iterator[pa.Table]:
    """Arrow's batches gathered into tables of about chunk_bytes, one contiguous chunk each."""
    batches: list[pa.RecordBatch] = []
    size = 0
    for batch in reader:
        batches.append(batch)
        size += batch.nbytes
        if size >= chunk_bytes:
            yield pa.Table.from_batches(batches).combine_chunks()
            batches, size = [], 0
    if batches:
        yield pa.Table.from_batches(batches).combine_chunks()
