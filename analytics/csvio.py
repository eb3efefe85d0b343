"""Streaming CSV reader and per-row validator for analysts' uploads.

:func:`sniff` looks at the start of a file and works out how it is written — encoding,
separator, which header is which contract column, the day/month order of each date column and
whether numbers use a decimal comma — and returns it as a :class:`FileDialect`.
:func:`read_table` streams the file in chunks of about ``chunk_bytes`` and yields, per chunk, the
typed rows that passed every per-row rule and the rows that did not, each with the physical line
it starts on, its raw text and every reason it was rejected. Given the stored customers
(:class:`KnownCustomers`), an interactions file is also checked against them: an unknown customer
or an interaction before the customer's start is a reason like any other, with the record's own
text. Rows already stored are the store's business (:mod:`analytics.ingest`), not the reader's.

How it stays fast and small
    pyarrow's CSV parser reads every column as raw bytes; typing is done column by column with
    pyarrow.compute and numpy. Python loops run only over rejected rows and over the distinct
    values of small vocabularies (failure types). Arrow reads blocks of at most 4 MiB — its
    background reader queues up to 32 blocks ahead, so bigger blocks would let a large file sit
    in memory — and the blocks are gathered into chunks of about ``chunk_bytes``. Windows-1252
    and UTF-16 files go through a streaming transcoder to UTF-8.

Line numbers and raw text
    Arrow numbers every record it parses, header included, and hands rows with the wrong number
    of fields to a callback with that number and their text; that places them among the other
    records. Every record spans 1 + (line breaks inside its fields) physical lines, so the line
    each record starts on is a running sum over the records in file order; blank lines are
    records of their own and keep the count exact. A line ends at LF, CR LF or a lone CR, as
    Arrow splits records. The raw text of a rejected record is the exact text of its lines, read
    back in a second, forward-only pass over the file that runs only for chunks with rejects.

Blank records (an empty line, or a line of separators only, as spreadsheets export after the
data) are not records: they are counted in :attr:`Chunk.blank_lines` and neither accepted nor
rejected.
"""

from __future__ import annotations

import codecs
import csv
import io
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analytics.contract import Column, TableContract
from analytics.taxonomy import normalize_token, parse_failure_type
from analytics.threads import Ahead

__all__ = [
    "DATE_ORDERS",
    "DELIMITERS",
    "Chunk",
    "FileDialect",
    "FileRefused",
    "KnownCustomers",
    "read_table",
    "sniff",
]

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")

_HEAD_BYTES = 1 << 20  # read for encoding, separator and header
_HEAD_RECORDS = 200  # records of the head parsed per candidate separator
_ARROW_BLOCK = 4 << 20  # see the module docstring: Arrow reads up to 32 blocks ahead
_MIN_BLOCK = 1 << 9
_MIN_YEAR, _MAX_YEAR = 1900, 2200
_NS_PER_SECOND = 10**9
_NS_PER_DAY = 86_400 * _NS_PER_SECOND
_NAT = np.iinfo(np.int64).min
_EXCEL_UNIX_EPOCH = 25_569  # Excel's serial day number of 1970-01-01 (its day 0 is 1899-12-30)
_MAX_SHOWN = 60  # characters of a value quoted in a message
# A quote that is never closed swallows the rest of the file into one value; Arrow cannot tell
# that from a long note, so a record spanning this many lines is rejected rather than stored.
_MAX_RECORD_LINES = 500

# A promised date may lie ahead (a delivery due next week); every other date records something
# that already happened, so a date after today is a typing or export error.
_FUTURE_ALLOWED = frozenset({"promised_date"})
# (earlier, later): the later one may be empty but not before the earlier one.
_ORDERED_PAIRS: tuple[tuple[str, str], ...] = (("start_date", "end_date"),)

# Header words that mark a Spanish-language export. The contract's synonyms mix both languages
# and carry no language tag, so the Spanish ones are listed here for the day/month hint only.
# fmt: off
_SPANISH_HEADER_WORDS = frozenset((
    "cliente", "fecha", "alta", "baja", "motivo", "canal", "agente", "asesor", "equipo", "tema",
    "espera", "observaciones", "resuelto", "escalado", "escalamiento", "disculpa", "compensacion",
    "seguimiento", "satisfaccion", "cuota", "ingreso", "segmento", "tarifa", "zona",
    "transferencias", "notas", "comentarios", "interaccion", "cumplimiento", "prometida",
))
# fmt: on

_ORDER_TEXT = {
    "dmy": "day first (dd/mm/yyyy, e.g. 31/03/2024)",
    "mdy": "month first (mm/dd/yyyy, e.g. 03/31/2024)",
    "ymd": "year first (yyyy-mm-dd, e.g. 2024-03-31)",
    "excel": "Excel serial day numbers (e.g. 45382)",
}

_NOT_CSV = (
    (
        b"PK\x03\x04",
        "the file looks like an Excel/zip file; export it as CSV (in Excel: File > Save As > CSV UTF-8)",
    ),
    (
        b"PK\x05\x06",
        "the file looks like an Excel/zip file; export it as CSV (in Excel: File > Save As > CSV UTF-8)",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "the file looks like an old Excel (.xls) or other Office file; export it as CSV (File > Save As > CSV UTF-8)",
    ),
    (b"%PDF", "the file is a PDF document, not a CSV file; export the data itself as CSV"),
    (b"\x1f\x8b", "the file is gzip-compressed; decompress it and upload the .csv file inside"),
)


class FileRefused(Exception):
    """A file that cannot be read at all. ``str(e)`` is one line: what was wrong and what would
    be accepted. Raised by :func:`sniff`, by :func:`read_table` when called, and — for damage
    found further into the file, such as a quote that never closes — while iterating."""


@dataclass
class FileDialect:
    """How a file is written, as found by :func:`sniff` (or adjusted by the caller).

    ``mapping`` sends each header to a contract column or to None; ``unmapped_columns`` are the
    headers mapped to None, offered to the user for mapping (never silently dropped).
    ``date_orders`` gives, per contract date column, ``"ymd"``, ``"dmy"``, ``"mdy"`` or
    ``"excel"``; year-first and Excel-serial values are accepted in every date column, and
    dd/mm vs mm/dd values are read in the column's order (in a ``"ymd"``/``"excel"`` column, in
    the order the file's other date columns use, else the file-level hint). ``notes`` are
    user-facing remarks about assumptions made.
    """

    encoding: str  # "utf-8", "utf-8-sig", "cp1252" or "utf-16"
    delimiter: str
    header: list[str]  # the file's column names, whitespace stripped, blanks/repeats made unique
    mapping: dict[str, str | None]
    unmapped_columns: list[str]
    date_orders: dict[str, str]
    decimal_comma: bool
    notes: list[str] = field(default_factory=list)
    newline: str = "\n"  # "\r" for old-Mac files whose lines end in CR only (read like any other)
    header_lines: int = 1  # physical lines up to the end of the header (blank lines above it included)


@dataclass(frozen=True)
class KnownCustomers:
    """The stored customers an interactions file is checked against.

    ``ids``: customer ids (Arrow strings, unique). ``start_ns``: each one's start date as
    nanoseconds since the epoch at midnight (int64), in the same order.
    """

    ids: pa.Array
    start_ns: np.ndarray

    @classmethod
    def from_columns(
        cls,
        ids: list[str] | pa.Array | pa.ChunkedArray,
        starts: list[date | None] | pa.Array | pa.ChunkedArray,
    ) -> KnownCustomers:
        """From ids and start dates, as Arrow arrays or lists (``None`` for a customer without a
        start date)."""

        def array(values, kind: pa.DataType) -> pa.Array:
            if isinstance(values, pa.ChunkedArray):
                values = values.combine_chunks()
            return values.cast(kind) if isinstance(values, pa.Array) else pa.array(values, kind)

        ns = pc.cast(array(starts, pa.date32()).cast(pa.timestamp("ns")), pa.int64()).fill_null(_NAT)
        return cls(array(ids, pa.string()), ns.to_numpy(zero_copy_only=False))


@dataclass
class Chunk:
    """One chunk of a file.

    ``rows``: accepted rows, typed, with canonical column names (only the columns the file has)
    and ``line`` (int64, the physical line the record starts on; the header is line 1).
    ``rejected``: ``line`` (int64), ``raw`` (the record's exact text) and ``reason`` (every
    reason, joined with "; "). Across all chunks ``len(rows) + len(rejected)`` is the number of
    records in the file; ``blank_lines`` counts the blank records skipped.
    """

    rows: pd.DataFrame
    rejected: pd.DataFrame
    blank_lines: int = 0
    bytes_read: int = 0  # approximate bytes of the file read so far, for progress bars
    # Remarks found while reading this chunk; when read_table sniffed the file itself, the first
    # chunk also carries the dialect's notes (which the caller did not otherwise see).
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------

# Windows-1252 leaves five bytes undefined; Windows itself maps them to the C1 controls, as
# Latin-1 does, so a stray one never makes a file unreadable.
_CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def _decode_cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]


def _decode_text(data: bytes) -> str:
    """UTF-8 when it is valid, else Windows-1252 (files that mix the two exist)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(data)


def _detect_encoding(head: bytes, truncated: bool) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=not truncated)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _decode_head(head: bytes, encoding: str, truncated: bool) -> str:
    if encoding == "cp1252":
        return _decode_cp1252(head)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=not truncated)


class _Utf8Stream(io.RawIOBase):
    """A Windows-1252 or UTF-16 file read as UTF-8, transcoded while it is read (constant memory)."""

    def __init__(self, path: Path, encoding: str) -> None:
        super().__init__()
        self._raw = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._encoding = encoding
        self._decoder = (
            codecs.getincrementaldecoder(encoding)(errors="replace") if encoding == "utf-16" else None
        )
        self._buf = bytearray()
        self._eof = False

    def readable(self) -> bool:
        return True

    def _more(self, size: int) -> bytes:
        raw = self._raw.read(size)
        if not raw:
            self._eof = True
        if self._decoder is not None:
            return self._decoder.decode(raw, final=not raw).encode("utf-8")
        return _decode_cp1252(raw).encode("utf-8")

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            while not self._eof:
                self._buf += self._more(1 << 20)
            size = len(self._buf)
        while len(self._buf) < size and not self._eof:
            self._buf += self._more(max(size, 1 << 16))
        out = bytes(self._buf[:size])
        del self._buf[:size]
        return out

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _transcoded(dialect: FileDialect) -> bool:
    """Whether the bytes Arrow sees were written by the transcoder (so are valid UTF-8)."""
    return dialect.encoding in ("cp1252", "utf-16")


def _utf8_native(dialect: FileDialect) -> bool:
    """Whether Arrow can read the file itself (no transcoding needed)."""
    return dialect.encoding in ("utf-8", "utf-8-sig")


def _open_bytes(path: Path, dialect: FileDialect) -> BinaryIO:
    if _utf8_native(dialect):
        return open(path, "rb")
    return _Utf8Stream(path, dialect.encoding)  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Arrow reading
# --------------------------------------------------------------------------------------------


class _InvalidRows:
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


def _arrow_reader(source, dialect: FileDialect, block_size: int, handler: _InvalidRows):
    names = [f"c{i}" for i in range(len(dialect.header))]
    return pacsv.open_csv(
        source,
        read_options=pacsv.ReadOptions(
            # Serial parsing is what makes Arrow report row numbers to the handler.
            use_threads=False,
            block_size=block_size,
            column_names=names,
            skip_rows=dialect.header_lines,
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


def _arrow_refusal(exc: Exception, after_line: int) -> FileRefused:
    text = str(exc)
    if "straddl" in text:
        return FileRefused(
            f"a quoted field that starts after line {after_line} never ends (a '\"' without its closing "
            "quote, or a field longer than 4 MB); close the quote or export the file again with text quoted"
        )
    if "Expected" in text and "columns" in text:
        return FileRefused(
            f"a row after line {after_line} has the wrong number of fields and bytes that are not valid "
            "UTF-8; save the file as CSV UTF-8 and upload it again"
        )
    return FileRefused(
        f"could not parse the file after line {after_line} ({text.splitlines()[0]}); "
        "expected a CSV file with one record per line"
    )


def _block_size(chunk_bytes: int) -> int:
    return max(_MIN_BLOCK, min(int(chunk_bytes), _ARROW_BLOCK))


def _gathered(reader, chunk_bytes: int) -> Iterator[pa.Table]:
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


def _column(table: pa.Table, i: int) -> pa.Array:
    col = table.column(i)
    return (
        col.chunk(0) if col.num_chunks == 1 else pa.concat_arrays(col.chunks or [pa.array([], pa.binary())])
    )


def _offsets(arr: pa.Array) -> np.ndarray:
    if arr.buffers()[1] is None:
        return np.zeros(1, np.int32)
    return np.frombuffer(arr.buffers()[1], np.int32)[arr.offset : arr.offset + len(arr) + 1]


def _data(arr: pa.Array) -> np.ndarray:
    buf = arr.buffers()[2]
    return np.frombuffer(buf, np.uint8) if buf is not None else np.zeros(0, np.uint8)


def _lengths(arr: pa.Array) -> np.ndarray:
    return np.diff(_offsets(arr))


# Line breaks are counted the way Arrow splits records: "\n", "\r\n" and a lone "\r" each end a
# line. The line numbers given to users, and the lines read back for raw text, follow the same rule.


def _line_breaks(arr: pa.Array) -> np.ndarray | None:
    """Line breaks inside each value (None when the column has none at all)."""
    data = _data(arr)
    if not data.size or data.min() > 13:
        return None
    counts = None
    if (data == 10).any():
        counts = pc.count_substring(arr, "\n").to_numpy(zero_copy_only=False)
    if (data == 13).any():
        lone = pc.subtract(pc.count_substring(arr, "\r"), pc.count_substring(arr, "\r\n"))
        lone = lone.to_numpy(zero_copy_only=False)
        counts = lone if counts is None else counts + lone
    return counts


def _text_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _break_positions(buf: bytes, final: bool) -> np.ndarray:
    """Where lines end in buf: each "\n", and each "\r" not followed by "\n" (a "\r" at the very
    end counts only when no more data follows)."""
    data = np.frombuffer(buf, np.uint8)
    ends = data == 10
    cr = data == 13
    lone = cr[:-1] & ~ends[1:]
    ends[:-1] |= lone
    if data.size and cr[-1] and final:
        ends[-1] = True
    return np.flatnonzero(ends)


# --------------------------------------------------------------------------------------------
# Strings
# --------------------------------------------------------------------------------------------


def _as_strings(arr: pa.Array, validated: bool) -> tuple[pa.Array, np.ndarray | None]:
    """Binary column → string column. Values that are not UTF-8 are read as Windows-1252.

    Returns the strings and the row indices that needed the fallback (None when none did).
    """
    if validated:
        return arr.view(pa.string()), None
    data = _data(arr)
    if not data.size or data.max() < 0x80:  # pure ASCII is valid UTF-8: skip Arrow's check
        return arr.view(pa.string()), None
    try:
        return arr.cast(pa.string()), None
    except pa.ArrowInvalid:
        pass
    offsets, data = _offsets(arr), _data(arr)
    high = np.flatnonzero(data[offsets[0] : offsets[-1]] >= 0x80) + offsets[0]
    rows = np.unique(np.searchsorted(offsets, high, side="right") - 1)
    fixed, fell_back = [], []
    for i, value in zip(rows.tolist(), arr.take(pa.array(rows)).to_pylist()):
        try:
            fixed.append(value.decode("utf-8"))
        except UnicodeDecodeError:
            fixed.append(_decode_cp1252(value))
            fell_back.append(i)
    mask = np.zeros(len(arr), bool)
    mask[rows] = True
    # Every value left unreplaced is pure ASCII, so the result is valid UTF-8.
    out = pc.replace_with_mask(arr.view(pa.string()), pa.array(mask), pa.array(fixed, pa.string()))
    return out, np.array(fell_back, np.int64)


def _clean(s: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Strip surrounding whitespace and make empty values null. Returns (strings, non-empty mask)."""
    data = _data(s)
    if data.size and (data.min() <= 0x20 or data.max() >= 0x80):  # else nothing can need trimming
        s = pc.utf8_trim_whitespace(s)
    nonempty = _lengths(s) > 0
    if not nonempty.all():
        if s.offset == 0 and s.null_count == 0:
            validity = pa.py_buffer(np.packbits(nonempty, bitorder="little"))
            s = pa.Array.from_buffers(pa.string(), len(s), [validity, s.buffers()[1], s.buffers()[2]])
        else:
            s = pc.if_else(pa.array(nonempty), s, pa.scalar(None, pa.string()))
    return s, nonempty


def _to_object(s: pa.Array) -> np.ndarray:
    """Object array of str with None for nulls (what pandas users expect from text columns)."""
    # Sharing one str object per distinct value is a large win for vocabularies (channel, team)
    # and a loss for identifiers, so decide from the first values.
    dedup = len(s) >= 1000 and pc.count_distinct(s.slice(0, 1000)).as_py() <= 100
    return s.to_pandas(deduplicate_objects=dedup).to_numpy(dtype=object)


def _shown(value: object) -> str:
    text = str(value)
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    return repr(text)


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

# A number written with decimal separator D and (optional, well-formed) thousands separator G.
_NUMBER_COMMA = r"^[+-]?(?:(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$"
_NUMBER_POINT = r"^[+-]?(?:(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
# Unambiguous evidence of one convention, for sniffing: a lone separator not followed by exactly
# three digits, both separators, or repeated thousands groups.
_EVIDENCE_COMMA = r"^[+-]?(?:\d*,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})$"
_EVIDENCE_POINT = r"^[+-]?(?:\d*\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})$"
_CURRENCY = r"^[€$£]\s*|\s*[€$£]$"


def _has_byte(s: pa.Array, byte: int) -> bool:
    data = _data(s)
    return bool(data.size) and bool((data == byte).any())


def _parse_numbers(s: pa.Array, decimal_comma: bool) -> np.ndarray:
    """Float64 values (NaN where empty or unreadable). Both conventions are accepted when a value
    is unambiguous; ``decimal_comma`` decides the ambiguous ones (``1.234``, ``1,234``)."""
    try:
        fast = s
        if decimal_comma:
            if _has_byte(s, ord(".")):
                raise ValueError("thousands separators: the general path handles them")
            if _has_byte(s, ord(",")):
                fast = pc.replace_substring(s, ",", ".")
        return pc.cast(fast, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, ValueError):
        pass
    text = pc.replace_substring_regex(s, _CURRENCY, "")
    first, second = (_NUMBER_COMMA, _NUMBER_POINT) if decimal_comma else (_NUMBER_POINT, _NUMBER_COMMA)

    def normalised(pattern: str) -> pa.Array:
        if pattern is _NUMBER_COMMA:
            return pc.replace_substring(pc.replace_substring(text, ".", ""), ",", ".")
        return pc.replace_substring(text, ",", "")

    chosen = pc.if_else(
        pc.match_substring_regex(text, first),
        normalised(first),
        pc.if_else(pc.match_substring_regex(text, second), normalised(second), pa.scalar(None, pa.string())),
    )
    return pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False)


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_DATE_PATTERN = (
    r"^(?P<a>\d{1,4})(?P<s1>[-/.])(?P<b>\d{1,2})(?P<s2>[-/.])(?P<c>\d{1,4})"
    r"(?:(?:T|\s+)(?P<H>\d{1,2})(?::(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?)?"
    r"\s*(?P<P>[aApP]\.?\s?[mM]\.?)?)?Z?$"
)
_SERIAL_PATTERN = r"^\d{1,6}(?:[.,]\d+)?$"
_DM_PATTERN = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.]\d{4}(?:$|[T\s])"
_ISO_PATTERN = r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:$|[T\s])"
_MIN_NS = (np.datetime64(f"{_MIN_YEAR}-01-01", "ns").astype(np.int64)).item()
_MAX_NS = (np.datetime64(f"{_MAX_YEAR + 1}-01-01", "ns").astype(np.int64)).item()
# Excel serials are accepted from 1950 on: smaller numbers in a date column are far more often a
# typing error than a date before 1950.
_MIN_SERIAL_NS = (np.datetime64("1950-01-01", "ns").astype(np.int64)).item()
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = _MONTH_DAYS[np.clip(m - 1, 0, 11)] + ((m == 2) & leap)
    return (y >= _MIN_YEAR) & (y <= _MAX_YEAR) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= month_days)


def _digits(mat: np.ndarray, cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The number written in the given byte columns, and whether they were all digits."""
    d = mat[:, cols[0]] - np.uint8(48)  # wraps around: anything but a digit becomes ≥ 10
    ok = d <= 9
    value = d.astype(np.int32)
    for c in cols[1:]:
        d = mat[:, c] - np.uint8(48)
        ok &= d <= 9
        value *= 10
        value += d
    return value, ok


def _is_sep(col: np.ndarray) -> np.ndarray:
    return (col == ord("-")) | (col == ord("/")) | (col == ord("."))


def _fixed_width_dates(s: pa.Array, nonempty: np.ndarray, dm_order: str) -> tuple[np.ndarray, np.ndarray]:
    """Fast path for the common zero-padded layouts (yyyy-mm-dd / dd/mm/yyyy, optionally with
    hh:mm or hh:mm:ss): the values become a byte matrix and are parsed with numpy.
    Returns (ns, ok); rows not ok go to the general path, which also explains rejects."""
    n = len(s)
    ns = np.full(n, _NAT, np.int64)
    ok = np.zeros(n, bool)
    lengths = _lengths(s)
    for width in (10, 16, 19):
        idx = np.flatnonzero(nonempty & (lengths == width))
        if idx.size == 0:
            continue
        raw = s.view(pa.binary())
        sub = (raw if idx.size == n and not s.null_count else raw.take(pa.array(idx))).cast(pa.binary(width))
        mat = np.frombuffer(sub.buffers()[1], np.uint8)[: idx.size * width].reshape(idx.size, width)
        iso = _is_sep(mat[:, 4]) & (mat[:, 4] == mat[:, 7])
        dm = _is_sep(mat[:, 2]) & (mat[:, 2] == mat[:, 5])
        y = np.zeros(idx.size, np.int32)
        m = np.zeros(idx.size, np.int32)
        d = np.zeros(idx.size, np.int32)
        for layout, (yc, first, second) in (
            (iso, ([0, 1, 2, 3], [5, 6], [8, 9])),
            (dm, ([6, 7, 8, 9], [0, 1], [3, 4])),
        ):
            if not layout.any():  # a column is nearly always one layout: skip the other
                continue
            yy, ok_y = _digits(mat, yc)
            aa, ok_a = _digits(mat, first)
            bb, ok_b = _digits(mat, second)
            layout &= ok_y & ok_a & ok_b
            if layout is iso or dm_order == "mdy":
                mm, dd = aa, bb
            else:
                mm, dd = bb, aa
            y = np.where(layout, yy, y)
            m = np.where(layout, mm, m)
            d = np.where(layout, dd, d)
        good = (iso | dm) & _valid_date(y, m, d)
        seconds = np.zeros(idx.size, np.int32)
        if width >= 16:
            hh, ok_h = _digits(mat, [11, 12])
            mm, ok_mi = _digits(mat, [14, 15])
            good &= ((mat[:, 10] == ord(" ")) | (mat[:, 10] == ord("T"))) & (mat[:, 13] == ord(":"))
            good &= ok_h & ok_mi & (hh < 24) & (mm < 60)
            seconds = hh * 3600 + mm * 60
        if width == 19:
            ss, ok_s = _digits(mat, [17, 18])
            good &= (mat[:, 16] == ord(":")) & ok_s & (ss < 60)
            seconds = seconds + ss
        days = _days_from_civil(y, m, d).astype(np.int64)
        ns[idx] = np.where(good, days * _NS_PER_DAY + seconds.astype(np.int64) * _NS_PER_SECOND, _NAT)
        ok[idx] = good
    return ns, ok


def _field_ints(res: pa.StructArray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """An extracted group as int64 (-1 where absent) and its length in characters."""
    f = res.field(name)
    length = pc.fill_null(pc.utf8_length(f), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    present = pc.if_else(pc.equal(f, ""), pa.scalar(None, pa.string()), f)
    return pc.fill_null(pc.cast(present, pa.int64()), -1).to_numpy(zero_copy_only=False), length


def _general_dates(
    s: pa.Array, dm_order: str, decimal_comma: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every accepted spelling, on non-empty values: returns (ns, ok, contradicts_order)."""
    res = pc.extract_regex(s, _DATE_PATTERN)
    matched = res.is_valid().to_numpy(zero_copy_only=False)
    a, len_a = _field_ints(res, "a")
    b, _ = _field_ints(res, "b")
    c, len_c = _field_ints(res, "c")
    same_sep = pc.fill_null(pc.equal(res.field("s1"), res.field("s2")), False).to_numpy(zero_copy_only=False)
    ymd = matched & same_sep & (len_a == 4) & (len_c <= 2)
    dm = matched & same_sep & (len_a <= 2) & (len_c == 4)
    day_dm, month_dm = (a, b) if dm_order == "dmy" else (b, a)
    y = np.where(ymd, a, c)
    m = np.where(ymd, b, month_dm)
    d = np.where(ymd, c, day_dm)
    good_date = (ymd | dm) & _valid_date(y, m, d)
    contradicts = dm & ~good_date & _valid_date(c, day_dm, month_dm)

    hh, _ = _field_ints(res, "H")
    mi, _ = _field_ints(res, "M")
    ss, _ = _field_ints(res, "S")
    frac, len_f = _field_ints(res, "F")
    ampm = pc.fill_null(pc.utf8_lower(res.field("P")), "").to_numpy(zero_copy_only=False).astype(str)
    has_ampm = np.char.str_len(ampm) > 0
    pm = np.char.startswith(ampm, "p")
    time_ok = (hh < 0) | (np.where(has_ampm, (hh >= 1) & (hh <= 12), hh < 24) & (mi < 60) & (ss < 60))
    hour = np.where(has_ampm, hh % 12 + np.where(pm, 12, 0), hh)
    seconds = np.maximum(hour, 0) * 3600 + np.maximum(mi, 0) * 60 + np.maximum(ss, 0)
    frac_ns = np.where(len_f > 0, np.maximum(frac, 0) * 10 ** np.clip(9 - len_f, 0, 9), 0)
    ok = good_date & time_ok
    with np.errstate(over="ignore"):
        ns = np.where(ok, _days_from_civil(y, m, d) * _NS_PER_DAY + seconds * _NS_PER_SECOND + frac_ns, _NAT)

    # Excel serial day numbers (45382 or 45382.5), accepted in every date column.
    serial = ~matched & pc.fill_null(pc.match_substring_regex(s, _SERIAL_PATTERN), False).to_numpy(
        zero_copy_only=False
    )
    if serial.any():
        idx = np.flatnonzero(serial)
        text = s.take(pa.array(idx))
        if decimal_comma or _has_byte(text, ord(",")):
            text = pc.replace_substring(text, ",", ".")
        days = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False) - _EXCEL_UNIX_EPOCH
        in_range = (days * _NS_PER_DAY >= _MIN_SERIAL_NS) & (days * _NS_PER_DAY < _MAX_NS)
        ns[idx] = np.where(in_range, np.round(days * 86_400).astype(np.int64) * _NS_PER_SECOND, _NAT)
        ok[idx] = in_range
    return ns, ok, contradicts


def _looks_iso(s: pa.Array, nonempty: np.ndarray) -> bool:
    """Whether every value has the dashes of yyyy-mm-dd where Arrow's ISO parser wants them."""
    starts = _offsets(s)[:-1][nonempty]
    if not starts.size:
        return False
    data = _data(s)
    lengths = _lengths(s)[nonempty]
    if lengths.min() < 10:
        return False
    return bool(((data[starts + 4] == ord("-")) & (data[starts + 7] == ord("-"))).all())


def _parse_dates(
    s: pa.Array, nonempty: np.ndarray, dm_order: str, decimal_comma: bool, excel_first: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns (ns as int64 with NaT, ok, contradicts_order) for a cleaned string column."""
    n = len(s)
    contradicts = np.zeros(n, bool)
    ns = ok = None
    if excel_first:
        try:
            text = pc.replace_substring(s, ",", ".") if decimal_comma else s
            days = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False) - _EXCEL_UNIX_EPOCH
            ok = nonempty & (days * _NS_PER_DAY >= _MIN_SERIAL_NS) & (days * _NS_PER_DAY < _MAX_NS)
            ns = np.where(ok, np.round(np.nan_to_num(days) * 86_400).astype(np.int64) * _NS_PER_SECOND, _NAT)
            if not ok[nonempty].all():
                ns = ok = None  # a few are dates written out: the general path reads everything
        except pa.ArrowInvalid:
            ns = ok = None
    if ns is None and _looks_iso(s, nonempty):
        try:
            # Arrow's own ISO-8601 parser validates and is the fastest, but it fails as a whole,
            # and slowly, hence the look at the separators first.
            ns = pc.cast(s, pa.timestamp("ns")).to_numpy(zero_copy_only=False).view(np.int64).copy()
            ok = nonempty.copy()
        except pa.ArrowInvalid:
            pass
    if ns is None:
        ns, ok = _fixed_width_dates(s, nonempty, dm_order)
        rest = np.flatnonzero(nonempty & ~ok)
        if rest.size:
            g_ns, g_ok, g_contra = _general_dates(s.take(pa.array(rest)), dm_order, decimal_comma)
            ns[rest] = g_ns
            ok[rest] = g_ok
            contradicts[rest] = g_contra
    ok &= (ns >= _MIN_NS) & (ns < _MAX_NS)
    ns[~ok] = _NAT
    return ns, ok, contradicts & ~ok


def _date_evidence(s: pa.Array) -> dict[str, int]:
    """Counts, over a sample of a date column, of the forms that decide its order."""
    s = s.drop_null()
    iso = pc.fill_null(pc.match_substring_regex(s, _ISO_PATTERN), False)
    rest = s.filter(pc.invert(iso))
    dm = pc.extract_regex(rest, _DM_PATTERN)
    is_dm = dm.is_valid().to_numpy(zero_copy_only=False)
    a, _ = _field_ints(dm, "a")
    b, _ = _field_ints(dm, "b")
    return {
        "dm": int(is_dm.sum()),
        "day_first": int((is_dm & (a > 12) & (b <= 12)).sum()),
        "month_first": int((is_dm & (b > 12) & (a <= 12)).sum()),
        "iso": _count(iso),
        "excel": _count(pc.match_substring_regex(rest, _SERIAL_PATTERN)),
    }


# --------------------------------------------------------------------------------------------
# Vocabularies (booleans, escalation)
# --------------------------------------------------------------------------------------------


class _Vocabulary:
    """Maps the spellings of a small closed vocabulary to codes, vectorised."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        self.labels = list(words)
        spellings: list[str] = []
        codes: list[int] = []
        for code, variants in enumerate(words.values()):
            for word in variants:
                for spelling in dict.fromkeys((word, word.upper(), word.capitalize(), word.title())):
                    if spelling not in spellings:
                        spellings.append(spelling)
                        codes.append(code)
        self._normalised = {w: code for code, variants in enumerate(words.values()) for w in variants}
        self._set = pa.array(spellings, pa.string())
        self._codes = np.array([*codes, -1], np.int64)
        self._norm_set = pa.array(list(self._normalised), pa.string())
        self._norm_codes = np.array([*self._normalised.values(), -1], np.int64)

    def codes(self, s: pa.Array, nonempty: np.ndarray) -> np.ndarray:
        """Code per value; -1 for empty or unknown."""
        idx = pc.fill_null(pc.index_in(s, value_set=self._set), -1).to_numpy(zero_copy_only=False)
        out = self._codes[idx]
        miss = np.flatnonzero(nonempty & (out < 0))
        if miss.size:  # odd case or spacing: normalise only those values
            sub = pc.utf8_lower(s.take(pa.array(miss)))
            sub = pc.replace_substring_regex(sub, r"[\s_]+", " ")
            j = pc.fill_null(pc.index_in(sub, value_set=self._norm_set), -1).to_numpy(zero_copy_only=False)
            out[miss] = self._norm_codes[j]
        return out


_BOOLEAN = _Vocabulary(
    {
        "true": ("true", "t", "yes", "y", "sí", "si", "s", "verdadero", "v", "1", "x"),
        "false": ("false", "f", "no", "n", "falso", "0"),
    }
)
_ESCALATION = _Vocabulary(
    {
        "yes": ("yes", "y", "sí", "si", "s", "true", "t", "1", "x", "escalado", "escalada", "escalated"),
        "no": ("no", "n", "false", "f", "0", "no escalado", "no escalada", "not escalated"),
        "denied": (
            "denied",
            "denegado",
            "denegada",
            "rechazado",
            "rechazada",
            "requested",
            "solicitado",
            "solicitada",
            "pedido",
            "pedida",
            "no concedido",
            "no concedida",
            "not granted",
            "refused",
        ),
    }
)
_ESCALATION_LABELS = np.array([*_ESCALATION.labels, None], dtype=object)


# --------------------------------------------------------------------------------------------
# Sniffing
# --------------------------------------------------------------------------------------------


def _check_date_order(date_order: str | None, where: str) -> None:
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(
            f"The 'date_order' parameter of {where} must be one of {list(DATE_ORDERS)} or None. "
            f"Got {date_order!r} instead."
        )


def _refuse_non_csv(head: bytes) -> None:
    if not head.strip() or head in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise FileRefused(
            "the file is empty; expected a CSV export with a header row and at least one data row"
        )
    for signature, message in _NOT_CSV:
        if head.startswith(signature):
            raise FileRefused(message)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        raise FileRefused(
            "the file looks like a web page or XML (some systems save those with an .xls name), not CSV; "
            "open it in Excel and save it as CSV UTF-8"
        )
    control = sum(head.count(bytes([b])) for b in (*range(0, 9), *range(14, 32)) if b != 0x1A)
    if b"\x00" in head or control > max(8, len(head) // 100):
        raise FileRefused(
            "the file contains binary data (NUL or control bytes), so it is not a text CSV file; export the data as "
            "CSV (text with columns separated by , ; tab or |)"
        )


def _head_records(
    text: str, delimiter: str, truncated: bool
) -> tuple[list[str] | None, int, list[list[str]]]:
    """Parse the head with one separator: (header, physical lines up to its end, data records)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    header: list[str] | None = None
    header_lines = 0
    records: list[list[str]] = []
    complete = False
    try:
        for record in reader:
            if not any(f.strip() for f in record):
                continue  # blank lines (above the header too: they count in reader.line_num)
            if header is None:
                header, header_lines = record, reader.line_num
                continue
            records.append(record)
            if len(records) >= _HEAD_RECORDS:
                complete = True
                break
    except csv.Error:
        return header, header_lines, records[:-1]
    if truncated and not complete and records:
        records = records[:-1]  # the last record may be cut off by the end of the head
    return header, header_lines, records


def _choose_delimiter(text: str, truncated: bool, contract: TableContract):
    """The separator that splits the head best: (score, separator, header, header lines, records).

    A header that splits into more than one column beats one that does not; then the number of
    headers the contract recognises (a ';' file's decimal commas can make ',' look consistent,
    its header cannot); then how many data lines have as many fields as the header.
    """
    best = None
    for delimiter in DELIMITERS:
        header, header_lines, records = _head_records(text, delimiter, truncated)
        if header is None:
            continue
        width = len(header)
        consistent = sum(len(r) == width for r in records) / len(records) if records else 1.0
        recognised = len({contract.canonical(h) for h in header} - {None})
        score = (width > 1, recognised, round(consistent, 2), width)
        if best is None or score > best[0]:
            best = (score, delimiter, header, header_lines, records)
    return best


def _unique_headers(raw: list[str]) -> tuple[list[str], list[str]]:
    """Strip names; name blank columns by position; number repeated names. Returns (names, notes)."""
    names: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    for i, h in enumerate(raw):
        name = h.strip().lstrip("\ufeff").strip()
        if not name:
            name = f"column_{i + 1}"
            notes.append(f"Column {i + 1} has no name in the header; it is called {name!r} here.")
        if name in seen:
            k = 2
            while f"{name}_{k}" in seen:
                k += 1
            notes.append(f"The header repeats {name!r}; the repeat (column {i + 1}) is called '{name}_{k}'.")
            name = f"{name}_{k}"
        seen.add(name)
        names.append(name)
    return names, notes


def _find_header(key: str, header: list[str]) -> str | None:
    if key in header:
        return key
    token = normalize_token(key)
    for h in header:
        if normalize_token(h) == token:
            return h
    return None


def _resolve_mapping(
    header: list[str], contract: TableContract, user: dict[str, str | None] | None
) -> dict[str, str | None]:
    mapping = contract.suggest_mapping(header)
    if not user:
        return mapping
    chosen: dict[str, str | None] = {}
    for key, target in user.items():
        h = _find_header(key, header)
        if h is None:
            raise FileRefused(
                f"the mapping names column {key!r}, which is not in the file. Columns present: {header}. "
                f"Map one of those (e.g. --map {header[0]}={target or 'COLUMN'})"
            )
        if target is not None and target not in contract.names:
            raise FileRefused(
                f"the mapping sends {key!r} to {target!r}, which is not a column of the {contract.name} "
                f"table; expected one of {contract.names}"
            )
        chosen[h] = target
    targets = [t for t in chosen.values() if t is not None]
    for t in set(targets):
        if targets.count(t) > 1:
            both = [h for h, v in chosen.items() if v == t]
            raise FileRefused(f"the mapping sends {both} all to {t!r}; map one header per column")
    for h, target in chosen.items():
        if target is not None:
            for other, current in mapping.items():
                if current == target and other not in chosen:
                    mapping[other] = None
        mapping[h] = target
    return mapping


def _spanish_signals(
    delimiter: str, encoding: str, header: list[str], decimal_comma: bool | None
) -> list[str]:
    signals = []
    if delimiter == ";":
        signals.append("';' separator")
    if encoding == "cp1252":
        signals.append("Windows-1252 text")
    if any(set(normalize_token(h).split("_")) & _SPANISH_HEADER_WORDS for h in header):
        signals.append("Spanish column names")
    if decimal_comma:
        signals.append("decimal commas")
    return signals


_NO_EVIDENCE = {"dm": 0, "day_first": 0, "month_first": 0, "iso": 0, "excel": 0}


@dataclass
class _Evidence:
    """What the first part of a file says about its dates and numbers (counts add up by batch)."""

    records: int = 0  # non-blank records, wrong-width ones included
    dates: dict[str, dict[str, int]] = field(default_factory=dict)
    comma: int = 0
    point: int = 0

    def settled(self) -> bool:
        """Every date column either has no ambiguous dates or has seen a day or month above 12."""
        return self.records > 0 and all(
            not ev["dm"] or ev["day_first"] or ev["month_first"] for ev in self.dates.values()
        )


def _count(mask: pa.Array) -> int:
    return int(pc.fill_null(mask, False).to_numpy(zero_copy_only=False).sum())


def _gather_evidence(
    path: Path, contract: TableContract, dialect: FileDialect, sample_bytes: int
) -> _Evidence:
    """Read the first ``sample_bytes`` of the file (less once the date orders are settled)."""
    ev = _Evidence()
    fields = [(i, contract.column(t)) for i, h in enumerate(dialect.header) if (t := dialect.mapping[h])]
    for _, col in fields:
        if col.kind in ("date", "datetime"):
            ev.dates[col.name] = dict(_NO_EVIDENCE)
    handler = _InvalidRows()
    source = str(path) if _utf8_native(dialect) else _open_bytes(path, dialect)
    read = 0
    try:
        reader = _arrow_reader(source, dialect, _block_size(sample_bytes), handler)
        for batch in reader:
            table = pa.Table.from_batches([batch])
            any_value = np.zeros(batch.num_rows, bool)
            for i in range(batch.num_columns):
                any_value |= _lengths(_column(table, i)) > 0
            ev.records += int(any_value.sum())
            for i, col in fields:
                if col.kind not in ("date", "datetime", "float", "int"):
                    continue
                s = _clean(_as_strings(_column(table, i), _transcoded(dialect))[0])[0]
                if col.kind in ("float", "int"):
                    ev.comma += _count(pc.match_substring_regex(s, _EVIDENCE_COMMA))
                    ev.point += _count(pc.match_substring_regex(s, _EVIDENCE_POINT))
                else:
                    for key, value in _date_evidence(s).items():
                        ev.dates[col.name][key] += value
            read += batch.nbytes
            if read >= sample_bytes or ev.settled():
                break
    except pa.ArrowInvalid as exc:
        raise _arrow_refusal(exc, dialect.header_lines) from None
    finally:
        if not isinstance(source, str):
            source.close()
    ev.records += sum(1 for _, text, _ in handler.rows if text.strip(dialect.delimiter + " \t\r\n"))
    return ev


def _decide_date_orders(
    found: dict[str, tuple[str, dict[str, int]]],
    forced: str | None,
    hint: str,
    hint_reasons: list[str],
) -> tuple[dict[str, str], list[str]]:
    """Per date column: its order, and notes explaining any assumption.

    A column's own dates decide (a first part above 12 → dmy, a second → mdy). Columns whose
    dd/mm values are all ambiguous, or that had no dates yet, follow the order the other columns'
    dates settled, else the file-level hint; only the ambiguous ones get a note.
    """
    if forced is not None:
        return dict.fromkeys(found, forced), []
    orders: dict[str, str] = {}
    notes: list[str] = []
    settled: dict[str, str] = {}
    ambiguous: list[str] = []
    empty: list[str] = []
    for name, (header, ev) in found.items():
        first, second = ev["day_first"], ev["month_first"]
        if first or second:
            settled[name] = hint if first == second else ("dmy" if first > second else "mdy")
            if first and second:
                notes.append(
                    f"Column {header!r} ({name}) mixes day-first and month-first dates ({first} can only be "
                    f"day-first, {second} only month-first); it is read {_ORDER_TEXT[settled[name]]} and "
                    f"the dates that contradict that are rejected."
                )
        elif ev["dm"]:
            ambiguous.append(name)
        elif ev["iso"] or ev["excel"]:
            orders[name] = "ymd" if ev["iso"] >= ev["excel"] else "excel"
        else:
            empty.append(name)
    orders.update(settled)
    if len(set(settled.values())) == 1:
        order = next(iter(settled.values()))
        because = f"like column {found[next(iter(settled))][0]!r}, whose dates settle it"
    else:
        order = hint
        because = (
            "because the file looks like a Spanish export (" + ", ".join(hint_reasons) + ")"
            if hint == "dmy"
            else "because nothing in the file suggests a Spanish export"
        )
    orders.update(dict.fromkeys(ambiguous + empty, order))
    if ambiguous:
        columns = ", ".join(f"{found[n][0]!r} ({n})" for n in ambiguous)
        other = "mdy" if order == "dmy" else "dmy"
        notes.append(
            f"Dates in {columns} could be day-first or month-first (no day above 12 in the first part of "
            f"the file); read them {_ORDER_TEXT[order]} {because}. If that is wrong, pass "
            f"date_order='{other}' (or choose the date order when uploading)."
        )
    return {name: orders[name] for name in found}, notes


def sniff(
    path: str | Path,
    contract: TableContract,
    *,
    mapping: dict[str, str | None] | None = None,
    date_order: str | None = None,
    sample_bytes: int = 32 << 20,
) -> FileDialect:
    """Work out how a CSV file is written, from its head and its first ``sample_bytes``.

    Parameters
    ----------
    mapping:
        ``{file header: contract column or None}``, overriding the suggested mapping for those
        headers (headers are matched exactly, then ignoring case, accents and punctuation).
    date_order:
        ``"dmy"``, ``"mdy"`` or ``"ymd"``: read every date column in that order instead of
        deciding from the data.

    Raises
    ------
    FileRefused
        Empty file, not a CSV file (binary, Excel, PDF…), a single unrecognised column, a
        required column missing, a mapping that does not fit the file, or a header with no rows.
    """
    _check_date_order(date_order, "sniff")
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(_HEAD_BYTES)
        truncated = bool(fh.read(1))
    _refuse_non_csv(head)
    encoding = _detect_encoding(head, truncated)
    text = _decode_head(head, encoding, truncated)
    if not text.strip():
        raise FileRefused(
            "the file is empty; expected a CSV export with a header row and at least one data row"
        )
    notes: list[str] = []
    if encoding == "cp1252":
        notes.append(
            "The file is not UTF-8; it was read as Windows-1252 (Latin-1), as Excel saves CSV in Spanish."
        )
    elif encoding == "utf-16":
        notes.append("The file is UTF-16 text (Excel's 'Unicode text'); it was read as such.")
    newline = "\n"
    if "\r" in text and "\n" not in text:
        newline = "\r"
        text = text.replace("\r", "\n")
        notes.append("Lines end in CR only (old Mac style); each CR was read as a line break.")

    best = _choose_delimiter(text, truncated, contract)
    if best is None:
        raise FileRefused(
            "the file is empty; expected a CSV export with a header row and at least one data row"
        )
    (_, recognised, _, width), delimiter, raw_header, header_lines, records = best
    trailing = [len(r) == width + 1 and not r[-1].strip() for r in records]
    extra = bool(records) and sum(trailing) >= 0.9 * len(records)
    header, header_notes = _unique_headers([*raw_header, ""] if extra else raw_header)
    if extra:
        # Some exports end every data line with a separator but not the header: read the empty
        # last field as an unnamed column rather than reject every row for having one too many.
        header_notes[-1] = (
            "Data lines end with an extra separator that the header lacks; that empty field is ignored."
        )
    notes.extend(header_notes)
    if width == 1 and not recognised:
        raise FileRefused(
            f"the file has a single column ({_shown(header[0])}) and no recognised column names; expected a "
            f"CSV file with columns separated by , ; tab or | and a header naming them (e.g. "
            f"{', '.join(contract.required)})"
        )
    resolved = _resolve_mapping(header, contract, mapping)
    present = {t for t in resolved.values() if t is not None}
    missing = [c for c in contract.required if c not in present]
    if missing:
        unmapped = [h for h in header if resolved[h] is None]
        example = unmapped[0] if unmapped else header[0]
        word = "column" if len(missing) == 1 else "columns"
        message = (
            f"{word} {', '.join(repr(m) for m in missing)} not found. Columns present: {header}. "
            f"Rename a column or pass a mapping (e.g. --map {example}={missing[0]})"
        )
        if width == 1:
            message += (
                ". The file has a single column: if its values are separated by something other than "
                ", ; tab or |, save it again as CSV"
            )
        raise FileRefused(message)

    dialect = FileDialect(
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        mapping=resolved,
        unmapped_columns=[h for h in header if resolved[h] is None],
        date_orders={},
        decimal_comma=False,
        notes=notes,
        newline=newline,
        header_lines=header_lines,
    )
    ev = _gather_evidence(path, contract, dialect, max(int(sample_bytes), _MIN_BLOCK))
    if ev.records == 0:
        raise FileRefused(
            "the file has a header but no data rows; export it again with the data (expected at least "
            "one line after the header)"
        )
    comma, point = ev.comma, ev.point
    # With no unambiguous number in the sample, a ';' separator means the comma was taken.
    dialect.decimal_comma = comma > point if comma != point else delimiter == ";"
    if comma and point:
        notes.append(
            f"Numbers use both decimal commas ({comma}) and decimal points ({point}); values like 1.234 or "
            f"1,234 are read with the decimal {'comma' if dialect.decimal_comma else 'point'}."
        )
    signals = _spanish_signals(delimiter, encoding, header, dialect.decimal_comma)
    hint = "dmy" if signals else "mdy"
    found = {t: (h, ev.dates[t]) for h in header if (t := resolved[h]) in ev.dates}
    dialect.date_orders, date_notes = _decide_date_orders(found, date_order, hint, signals)
    notes.extend(date_notes)
    return dialect


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


class _LineFetcher:
    """The exact text of given physical lines, reading forward through the file once."""

    def __init__(self, stream: BinaryIO, block: int = 4 << 20) -> None:
        self._f = stream
        self._block = block
        self._buf = b""
        self._first = 1  # line number of the line _buf starts with
        self._nl = np.zeros(0, np.int64)
        self._eof = False

    def _fill(self) -> bool:
        data = self._f.read(self._block)
        if not data:
            self._eof = True
            self._nl = _break_positions(self._buf, final=True)
            return False
        self._buf += data
        self._nl = _break_positions(self._buf, final=False)
        return True

    def _drop(self, k: int) -> None:
        """Forget the first k lines of the buffer."""
        cut = int(self._nl[k - 1]) + 1
        self._first += k
        self._buf = self._buf[cut:]
        self._nl = self._nl[k:] - cut

    def texts(self, starts: np.ndarray, counts: np.ndarray) -> list[str]:
        """The text of each record starting on line starts[i] and spanning counts[i] lines.

        Calls must ask for increasing lines; everything before the first line asked is dropped.
        """
        first = int(starts[0])
        while first - self._first > len(self._nl):  # skip whole blocks before the first record
            if len(self._nl):
                self._drop(len(self._nl))
            if not self._fill():
                return [""] * len(starts)
        if first > self._first:
            self._drop(first - self._first)
        last = int((starts + counts).max()) - 1
        while last - self._first >= len(self._nl) and not self._eof:
            self._fill()
        buf = self._buf
        # Line i of the buffer runs from bounds[i] + 1 up to bounds[i + 1] (its newline, or the end).
        bounds = np.concatenate([[-1], self._nl, [len(buf)]])
        top = len(bounds) - 1
        k = starts - self._first
        begin = bounds[np.minimum(k, top)] + 1
        end = bounds[np.minimum(k + counts, top)]
        return [_decode_text(buf[b:e].removesuffix(b"\r")) for b, e in zip(begin.tolist(), end.tolist())]

    def close(self) -> None:
        self._f.close()


@dataclass
class _Field:
    index: int  # position in the file
    header: str
    column: Column
    accepts: str = ""  # column.accepts, computed once: it is quoted in every reject message

    def __post_init__(self) -> None:
        self.accepts = self.column.accepts


class _Reasons:
    """Reasons collected per row: added column by column, joined at the end."""

    def __init__(self) -> None:
        self.by_row: dict[int, list[str]] = {}

    def add(
        self, mask: np.ndarray, values: pa.Array | np.ndarray | None, message: Callable[[object], str]
    ) -> None:
        idx = np.flatnonzero(mask)
        if not idx.size:
            return
        if values is None:
            shown: list[object] = [None] * idx.size
        elif isinstance(values, pa.Array):
            shown = values.take(pa.array(idx)).to_pylist()
        else:
            shown = values[idx].tolist()
        for i, v in zip(idx.tolist(), shown):
            self.by_row.setdefault(i, []).append(message(v))

    def add_rows(self, idx: np.ndarray, messages: list[str]) -> None:
        for i, message in zip(idx.tolist(), messages):
            self.by_row.setdefault(i, []).append(message)

    def mask(self, n: int) -> np.ndarray:
        out = np.zeros(n, bool)
        if self.by_row:
            out[np.fromiter(self.by_row, np.int64, len(self.by_row))] = True
        return out


class _SeenKeys:
    """Values of a unique column seen in earlier chunks, as 64-bit hashes with their first line.

    Hashes keep memory at 16 bytes a row; with 10 million ids the chance that any two distinct
    ids share a hash is about 3 in a million."""

    def __init__(self) -> None:
        self.hashes = np.zeros(0, np.uint64)
        self.lines = np.zeros(0, np.int64)

    def first_lines(self, hashes: np.ndarray) -> np.ndarray:
        if not self.hashes.size:
            return np.full(hashes.size, -1, np.int64)
        pos = np.minimum(np.searchsorted(self.hashes, hashes), self.hashes.size - 1)
        return np.where(self.hashes[pos] == hashes, self.lines[pos], -1)

    def add(self, hashes: np.ndarray, lines: np.ndarray) -> None:
        h = np.concatenate([self.hashes, hashes])
        order = np.argsort(h, kind="stable")
        self.hashes = h[order]
        self.lines = np.concatenate([self.lines, lines])[order]


def _fallback_dm_order(dialect: FileDialect) -> str:
    """Order for dd/mm vs mm/dd values in a column decided "ymd" or "excel"."""
    orders = {o for o in dialect.date_orders.values() if o in ("dmy", "mdy")}
    if len(orders) == 1:
        return orders.pop()
    signals = _spanish_signals(dialect.delimiter, dialect.encoding, dialect.header, dialect.decimal_comma)
    return "dmy" if signals else "mdy"


class _TableReader:
    def __init__(
        self,
        path: Path,
        contract: TableContract,
        dialect: FileDialect,
        today: date,
        chunk_bytes: int,
        *,
        arrow_text: bool = False,
        customers: KnownCustomers | None = None,
        notes: list[str] | None = None,
    ):
        self.path = path
        self.contract = contract
        self.dialect = dialect
        self.today = today
        self.end_of_today = (np.datetime64(today, "D").astype(np.int64).item() + 1) * _NS_PER_DAY
        self.chunk_bytes = max(int(chunk_bytes), _MIN_BLOCK)
        self.fields = [
            _Field(i, h, contract.column(dialect.mapping[h]))  # type: ignore[arg-type]
            for i, h in enumerate(dialect.header)
            if dialect.mapping.get(h) is not None
        ]
        self.column_order = {name: i for i, name in enumerate(contract.names)}
        self.fields.sort(key=lambda f: self.column_order[f.column.name])
        self.dm_fallback = _fallback_dm_order(dialect)
        self.validated = _transcoded(dialect)
        self.invalid = _InvalidRows()
        self.next_ordinal = dialect.header_lines + 1
        self.next_line = dialect.header_lines + 1
        self.bytes_read = 0
        self.fetcher: _LineFetcher | None = None
        self.seen = {f.column.name: _SeenKeys() for f in self.fields if f.column.unique}
        self.failure_ok: dict[str, bool] = {}
        self.fallback_noted = False
        self.arrow_text = arrow_text
        self.customers = customers
        self.pending_notes: list[str] = list(notes or [])
        self.source = _open_bytes(path, dialect) if not _utf8_native(dialect) else str(path)
        try:
            self.reader = _arrow_reader(self.source, dialect, _block_size(self.chunk_bytes), self.invalid)
        except pa.ArrowInvalid as exc:
            self.close()
            raise _arrow_refusal(exc, dialect.header_lines) from None

    def _reason_order(self, message: str) -> int:
        """Reasons are listed in the contract's column order (each starts with its column)."""
        return self.column_order.get(message.split(":", 1)[0], len(self.column_order))

    def close(self) -> None:
        if not isinstance(self.source, str):
            self.source.close()
        if self.fetcher is not None:
            self.fetcher.close()

    def chunks(self) -> Iterator[Chunk]:
        try:
            # Arrow parses (without the GIL) one table ahead of the validation: 2.6 against 2.95 s
            # for a 1 M-row upload, median of eight interleaved pairs (bench/README.md).
            with Ahead(_gathered(self.reader, self.chunk_bytes), depth=1, name="csv-parser") as tables:
                parsed = iter(tables)
                while True:
                    try:
                        table = next(parsed)
                    except StopIteration:
                        break
                    except pa.ArrowInvalid as exc:
                        raise _arrow_refusal(exc, self.next_line - 1) from None
                    chunk = self._process(table)
                    if chunk is not None:
                        yield chunk
            while self.invalid.rows:  # wrong-width rows after the last good one
                chunk = self._process(None)
                if chunk is not None:
                    yield chunk
        finally:
            self.close()

    # -- one chunk -------------------------------------------------------------------------

    def _positions(self, n: int, newlines: np.ndarray, invalid: list[tuple[int, str, int]]):
        """Physical start line of each valid row and of each invalid row, in this chunk."""
        if not invalid and not newlines.any():
            lines = self.next_line + np.arange(n, dtype=np.int64)
            self.next_line += n
            self.next_ordinal += n
            return lines, np.zeros(0, np.int64)
        k = len(invalid)
        before = np.array([o - self.next_ordinal - j for j, (o, _, _) in enumerate(invalid)], np.int64)
        shift = np.searchsorted(before, np.arange(n), side="right")
        pos_valid = np.arange(n) + shift
        pos_invalid = before + np.arange(k)
        spans = np.ones(n + k, np.int64)
        spans[pos_valid] = 1 + newlines
        spans[pos_invalid] = [1 + _text_breaks(text) for _, text, _ in invalid]
        starts = self.next_line + np.cumsum(spans) - spans
        self.next_line += int(spans.sum())
        self.next_ordinal += n + k
        return starts[pos_valid], starts[pos_invalid]

    def _process(self, table: pa.Table | None) -> Chunk | None:
        n = table.num_rows if table is not None else 0
        if table is None:
            raw_cols = [pa.array([], pa.binary())] * len(self.dialect.header)
        else:
            raw_cols = [_column(table, i) for i in range(table.num_columns)]
        newlines = np.zeros(n, np.int64)
        any_value = np.zeros(n, bool)
        for arr in raw_cols:
            lengths = _lengths(arr)
            any_value |= lengths > 0
            breaks = _line_breaks(arr)
            if breaks is not None:
                newlines += breaks
            self.bytes_read += int(lengths.sum()) + n
        invalid = self.invalid.take(self.next_ordinal, n)
        self.bytes_read += sum(len(t) + 1 for _, t, _ in invalid)
        lines, invalid_lines = self._positions(n, newlines, invalid)
        blank = ~any_value
        notes, self.pending_notes = self.pending_notes, []

        reasons = _Reasons()
        values: dict[str, object] = {}
        texts: dict[str, pa.Array] = {}
        parsed_ns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for f in self.fields:
            s, fell_back = _as_strings(raw_cols[f.index], self.validated)
            if fell_back is not None and fell_back.size and not self.fallback_noted:
                self.fallback_noted = True
                notes.append(
                    f"Some values are not valid UTF-8 (first at line {int(lines[fell_back[0]])}, column "
                    f"{f.header!r}); they were read as Windows-1252. Saving the file as CSV UTF-8 avoids the guess."
                )
            clean, nonempty = _clean(s)
            texts[f.column.name] = clean
            values[f.column.name] = self._typed(f, clean, nonempty, reasons, parsed_ns)

        for earlier, later in _ORDERED_PAIRS:
            if earlier in parsed_ns and later in parsed_ns:
                (ns_a, ok_a), (ns_b, ok_b) = parsed_ns[earlier], parsed_ns[later]
                bad = np.flatnonzero(ok_a & ok_b & (ns_b < ns_a))
                if bad.size:
                    taken = pa.array(bad)
                    pairs = zip(texts[later].take(taken).to_pylist(), texts[earlier].take(taken).to_pylist())
                    reasons.add_rows(
                        bad,
                        [
                            f"{later}: {_shown(b)} is before {earlier} {_shown(a)} "
                            f"(expected empty or a date on or after {earlier})"
                            for b, a in pairs
                        ],
                    )

        if self.customers is not None:
            self._check_customers(texts, parsed_ns, reasons)

        too_long = np.flatnonzero(newlines >= _MAX_RECORD_LINES)
        reasons.add_rows(
            too_long,
            [
                f"the record spans {k + 1} lines, so a quoted value probably misses its closing '\"' "
                f"(expected records of fewer than {_MAX_RECORD_LINES} lines)"
                for k in newlines[too_long].tolist()
            ],
        )
        rejected_mask = reasons.mask(n) & ~blank
        for f in self.fields:
            if f.column.unique:
                self._check_unique(f, values[f.column.name], lines, blank, rejected_mask, reasons)
        rejected_mask = reasons.mask(n) & ~blank
        keep = ~rejected_mask & ~blank

        data: dict[str, object] = {}
        for f in self.fields:
            v = values[f.column.name]
            data[f.column.name] = v if keep.all() else v[keep]  # type: ignore[index]
        data["line"] = lines if keep.all() else lines[keep]
        rows = pd.DataFrame(data, copy=False)

        idx = np.flatnonzero(rejected_mask)
        rej_lines = [lines[idx]]
        rej_spans = [1 + newlines[idx]]
        rej_reason = [
            "; ".join(sorted(found, key=self._reason_order) if len(found) > 1 else found)
            for found in (reasons.by_row[i] for i in idx.tolist())
        ]
        blank_count = int(blank.sum())
        width = len(self.dialect.header)
        sep = "tab" if self.dialect.delimiter == "\t" else repr(self.dialect.delimiter)
        for (_, text, count), line in zip(invalid, invalid_lines.tolist()):
            if not text.strip(self.dialect.delimiter + " \t\r\n"):
                blank_count += 1
                continue
            rej_lines.append(np.array([line], np.int64))
            rej_spans.append(np.array([1 + _text_breaks(text)], np.int64))
            rej_reason.append(
                f"the row has {count} fields but the header has {width} (separator {sep}): expected {width} "
                f"fields, with any value that contains the separator or a line break in double quotes"
            )
        all_lines = np.concatenate(rej_lines)
        order = np.argsort(all_lines, kind="stable")
        all_lines = all_lines[order]
        raw: list[str] = []
        if all_lines.size:
            # Arrow's text of a wrong-width row is not byte-exact (it drops the "\n" of a quoted
            # "\r\n"), so every rejected record is read back from the file itself.
            if self.fetcher is None:
                self.fetcher = _LineFetcher(_open_bytes(self.path, self.dialect))
            raw = self.fetcher.texts(all_lines, np.concatenate(rej_spans)[order])
        rejected = pd.DataFrame(
            {
                "line": all_lines.astype(np.int64),
                "raw": np.array(raw, dtype=object),
                "reason": np.array([rej_reason[i] for i in order.tolist()], dtype=object),
            }
        )
        if not len(rows) and not len(rejected) and not blank_count and not notes:
            return None
        return Chunk(
            rows=rows, rejected=rejected, blank_lines=blank_count, bytes_read=self.bytes_read, notes=notes
        )

    def _typed(
        self,
        f: _Field,
        clean: pa.Array,
        nonempty: np.ndarray,
        reasons: _Reasons,
        parsed_ns: dict[str, tuple[np.ndarray, np.ndarray]],
    ) -> object:
        """The column's typed values; adds a reason for every value that breaks a rule."""
        col = f.column
        name = col.name
        kind = col.kind
        accepts = f.accepts
        if col.required:
            reasons.add(~nonempty, None, lambda _v: f"{name}: required but empty (expected {accepts})")

        if kind in ("id", "text"):
            if name == "failure_type":
                self._check_failure_type(clean, reasons, col)
            if self.arrow_text:
                return pd.arrays.ArrowExtensionArray(pc.cast(clean, pa.string()))
            return _to_object(clean)

        if kind in ("date", "datetime"):
            order = self.dialect.date_orders.get(name, self.dm_fallback)
            dm_order = order if order in ("dmy", "mdy") else self.dm_fallback
            ns, ok, contradicts = _parse_dates(
                clean, nonempty, dm_order, self.dialect.decimal_comma, excel_first=order == "excel"
            )
            what = "date" if kind == "date" else "date/time"
            other = "mdy" if dm_order == "dmy" else "dmy"
            bad = nonempty & ~ok & ~contradicts
            reasons.add(
                bad, clean, lambda v: f"{name}: {_shown(v)} is not a valid {what} (expected {accepts})"
            )
            reasons.add(
                contradicts,
                clean,
                lambda v: (
                    f"{name}: {_shown(v)} contradicts the date order of this column (expected "
                    f"{_ORDER_TEXT[dm_order].replace(' (', ', ').rstrip(')')}): it is a valid date only "
                    f"if read {_ORDER_TEXT[other].split(' (')[0]}. Fix the value, or pass "
                    f"date_order='{other}' if the whole column is written that way"
                ),
            )
            if kind == "date":
                ns = np.where(ok, ns - ns % _NS_PER_DAY, _NAT)
            if name not in _FUTURE_ALLOWED:
                future = ok & (ns >= self.end_of_today)
                reasons.add(
                    future,
                    clean,
                    lambda v: (
                        f"{name}: {_shown(v)} is in the future (expected a date on or before today, "
                        f"{self.today.isoformat()})"
                    ),
                )
            parsed_ns[name] = (ns, ok)
            return ns.view("datetime64[ns]")

        if kind == "bool":
            codes = _BOOLEAN.codes(clean, nonempty)
            reasons.add(
                nonempty & (codes < 0),
                clean,
                lambda v: f"{name}: {_shown(v)} is not a yes/no value (expected {accepts})",
            )
            return pd.arrays.BooleanArray(codes == 0, codes < 0)

        if kind == "escalation":
            codes = _ESCALATION.codes(clean, nonempty)
            reasons.add(
                nonempty & (codes < 0),
                clean,
                lambda v: f"{name}: {_shown(v)} is not an escalation value (expected {accepts})",
            )
            return _ESCALATION_LABELS[codes]

        # int / float
        numbers = _parse_numbers(clean, self.dialect.decimal_comma)
        finite = np.isfinite(numbers)
        bad = nonempty & ~finite
        reasons.add(bad, clean, lambda v: f"{name}: {_shown(v)} is not a valid number (expected {accepts})")
        if kind == "int":
            with np.errstate(invalid="ignore"):
                fractional = finite & (np.floor(numbers) != numbers)
                # The store keeps whole numbers in 32 bits (SQL INTEGER on every backend).
                huge = finite & ~fractional & (np.abs(numbers) >= 2**31)
            reasons.add(
                fractional,
                clean,
                lambda v: f"{name}: {_shown(v)} is not a whole number (expected {accepts})",
            )
            reasons.add(
                huge,
                clean,
                lambda v: (
                    f"{name}: {_shown(v)} is too large to store (expected {accepts} below 2,147,483,648)"
                ),
            )
            finite &= ~(fractional | huge)
        if col.min_value is not None:
            low = finite & (numbers < col.min_value)
            reasons.add(
                low,
                clean,
                lambda v: f"{name}: {_shown(v)} is below the minimum {col.min_value:g} (expected {accepts})",
            )
        if col.max_value is not None:
            high = finite & (numbers > col.max_value)
            reasons.add(
                high,
                clean,
                lambda v: f"{name}: {_shown(v)} is above the maximum {col.max_value:g} (expected {accepts})",
            )
        if kind == "int":
            ints = np.where(finite, numbers, 0).astype(np.int64)
            return pd.arrays.IntegerArray(ints, ~finite)
        return np.where(finite, numbers, np.nan)

    def _check_failure_type(self, clean: pa.Array, reasons: _Reasons, col: Column) -> None:
        # The taxonomy's parser is Python; run it once per distinct value, remembered across chunks.
        for value in pc.unique(clean.drop_null()).to_pylist():
            if value not in self.failure_ok:
                self.failure_ok[value] = parse_failure_type(value) is not None
        unknown = [v for v, ok in self.failure_ok.items() if not ok]
        if not unknown:
            return
        bad = pc.fill_null(pc.is_in(clean, value_set=pa.array(unknown, pa.string())), False)
        reasons.add(
            bad.to_numpy(zero_copy_only=False),
            clean,
            lambda v, accepts=col.accepts: (
                f"{col.name}: {_shown(v)} is not a known failure type (expected {accepts})"
            ),
        )

    def _check_customers(
        self,
        texts: dict[str, pa.Array],
        parsed_ns: dict[str, tuple[np.ndarray, np.ndarray]],
        reasons: _Reasons,
    ) -> None:
        """Unknown customers, and interactions dated before their customer's start."""
        ids = texts.get("customer_id")
        if ids is None:
            return
        if ids.type != pa.string():
            ids = ids.cast(pa.string())
        assert self.customers is not None
        found = pc.index_in(ids, value_set=self.customers.ids)
        known = found.is_valid().to_numpy(zero_copy_only=False)
        nonempty = ids.is_valid().to_numpy(zero_copy_only=False)
        reasons.add(
            nonempty & ~known,
            ids,
            lambda v: (
                f"customer_id: {_shown(v)} is not a known customer (upload the customers file first, or fix the id)"
            ),
        )
        if "timestamp" not in parsed_ns or not known.any():
            return
        ns, ok = parsed_ns["timestamp"]
        start = self.customers.start_ns[found.fill_null(0).to_numpy(zero_copy_only=False)]
        before = np.flatnonzero(known & ok & (start != _NAT) & (ns < start))
        if before.size:
            shown = texts["timestamp"].take(pa.array(before)).to_pylist()
            starts = start[before].astype("datetime64[ns]").astype("datetime64[D]").astype(str)
            reasons.add_rows(
                before,
                [
                    f"timestamp: {_shown(v)} is before the customer's start_date {d} (expected a date on or after it)"
                    for v, d in zip(shown, starts.tolist())
                ],
            )

    def _check_unique(
        self,
        f: _Field,
        ids: np.ndarray,
        lines: np.ndarray,
        blank: np.ndarray,
        rejected: np.ndarray,
        reasons: _Reasons,
    ) -> None:
        """A repeated id is rejected; the first accepted occurrence is the one kept."""
        name = f.column.name
        present = np.flatnonzero(~blank & pd.notna(ids))
        if not present.size:
            return
        hashes = pd.util.hash_array(ids[present].astype(object), categorize=False)
        first = self.seen[name].first_lines(hashes)
        frame = pd.DataFrame({"h": hashes, "line": lines[present], "good": ~rejected[present]})
        firsts = frame[frame["good"]].drop_duplicates("h")
        first_here = frame["h"].map(pd.Series(firsts["line"].to_numpy(), index=firsts["h"].to_numpy()))
        first_here = first_here.fillna(-1).astype(np.int64).to_numpy()
        earlier_here = (first_here >= 0) & (first_here < frame["line"].to_numpy())
        first = np.where(first >= 0, first, np.where(earlier_here, first_here, -1))
        dup = first >= 0
        if dup.any():
            shown = ids[present[dup]].tolist()
            reasons.add_rows(
                present[dup],
                [
                    f"{name}: duplicate {name} {_shown(v)} (first seen at line {line})"
                    for v, line in zip(shown, first[dup].tolist())
                ],
            )
        new = ~dup & frame["good"].to_numpy()
        new_idx = np.flatnonzero(new)
        if new_idx.size:
            _, keep = np.unique(hashes[new_idx], return_index=True)
            chosen = new_idx[keep]
            self.seen[name].add(hashes[chosen], lines[present][chosen])


def read_table(
    path: str | Path,
    contract: TableContract,
    *,
    dialect: FileDialect | None = None,
    mapping: dict[str, str | None] | None = None,
    date_order: str | None = None,
    today: date | None = None,
    chunk_bytes: int = 32 << 20,
    arrow_text: bool = False,
    customers: KnownCustomers | None = None,
) -> Iterator[Chunk]:
    """Stream a CSV file as typed, validated chunks of about ``chunk_bytes``.

    Parameters
    ----------
    dialect:
        From :func:`sniff` (perhaps adjusted by the user). Without it the file is sniffed here,
        its first ``chunk_bytes`` deciding date orders and the decimal separator; ``mapping``
        and ``date_order`` are then passed to :func:`sniff` (give them there when passing a
        dialect).
    today:
        Dates after this day are rejected as future dates (default: the current date).
    arrow_text:
        Return text columns as Arrow-backed pandas arrays (``pd.ArrowDtype(pa.string())``, nulls
        as ``pd.NA``) instead of object arrays of ``str``: no Python string is built, which the
        upload path uses to hand the rows to the database without copying them.
    customers:
        The stored customers: when given, an interaction whose ``customer_id`` is not among them,
        or whose ``timestamp`` is before that customer's start date, is rejected.

    Raises
    ------
    FileRefused
        When the file cannot be read at all — at the call, or while iterating for damage found
        further into the file.
    """
    _check_date_order(date_order, "read_table")
    path = Path(path)
    sniffed = dialect is None
    if dialect is None:
        dialect = sniff(path, contract, mapping=mapping, date_order=date_order, sample_bytes=chunk_bytes)
    elif mapping is not None or date_order is not None:
        raise ValueError(
            "read_table got a dialect and also mapping/date_order; pass those to sniff() instead, "
            "which puts them in the dialect"
        )
    unknown = sorted({t for t in dialect.mapping.values() if t is not None} - set(contract.names))
    if unknown:
        raise ValueError(
            f"The dialect maps headers to {unknown}, which are not columns of {contract.name}. "
            f"Sniff the file with the {contract.name} contract."
        )
    if isinstance(today, datetime):
        today = today.date()
    checkable = "customer_id" in contract.names and "timestamp" in contract.names
    reader = _TableReader(
        path,
        contract,
        dialect,
        today or date.today(),
        chunk_bytes,
        arrow_text=arrow_text,
        customers=customers if checkable else None,
        notes=dialect.notes if sniffed else None,
    )
    return reader.chunks()
