"""The reader: a file streamed as typed, validated chunks with the rows it rejects."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analytics.contract import Column, TableContract
from analytics.csvio.arrays import lengths_of, table_column
from analytics.csvio.dates import NAT, NS_PER_DAY, parse_dates
from analytics.csvio.dialect import FileDialect
from analytics.csvio.encoding import Utf8Stream, decode_text, open_bytes, transcoded, utf8_native
from analytics.csvio.lines import LineFetcher, line_breaks, text_breaks
from analytics.csvio.numbers import parse_numbers
from analytics.csvio.parser import (
    ARROW_BLOCK,
    MIN_BLOCK,
    InvalidRows,
    arrow_reader,
    arrow_refusal,
    block_size,
    gathered,
)
from analytics.csvio.sniffing import check_date_order, sniff, spanish_signals
from analytics.csvio.strings import as_strings, clean_strings, to_object
from analytics.csvio.vocabulary import BOOLEAN, ESCALATION, ESCALATION_LABELS
from analytics.reasons import Message, prepared, render, shorten
from analytics.taxonomy import parse_failure_type
from analytics.threads import Ahead

# A quote that is never closed swallows the rest of the file into one value; Arrow cannot tell
# that from a long note, so a record spanning this many lines is rejected rather than stored.
_MAX_RECORD_LINES = 500

# A promised date may lie ahead (a delivery due next week); every other date records something
# that already happened, so a date after today is a typing or export error.
_FUTURE_ALLOWED = frozenset({"promised_date"})
# (earlier, later): the later one may be empty but not before the earlier one.
_ORDERED_PAIRS: tuple[tuple[str, str], ...] = (("start_date", "end_date"),)


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

        ns = pc.cast(array(starts, pa.date32()).cast(pa.timestamp("ns")), pa.int64()).fill_null(NAT)
        return cls(array(ids, pa.string()), ns.to_numpy(zero_copy_only=False))


@dataclass
class Chunk:
    """One chunk of a file.

    ``rows``: accepted rows, typed, with canonical column names (only the columns the file has)
    and ``line`` (int64, the physical line the record starts on; the header is line 1).
    ``rejected``: ``line`` (int64), ``raw`` (the record's exact text), ``reason`` (every reason in
    English, joined with "; "), ``code`` (the first reason's code) and ``params`` (JSON: a list of
    every reason as ``{"code": …, parameters…}``; :mod:`analytics.reasons` renders it in either
    language). Across all chunks ``len(rows) + len(rejected)`` is the number of records in the
    file; ``blank_lines`` counts the blank records skipped.
    """

    rows: pd.DataFrame
    rejected: pd.DataFrame
    blank_lines: int = 0
    bytes_read: int = 0  # approximate bytes of the file read so far, for progress bars
    # Remarks found while reading this chunk; when read_table sniffed the file itself, the first
    # chunk also carries the dialect's notes (which the caller did not otherwise see).
    notes: list[str] = field(default_factory=list)


@dataclass
class _Field:
    index: int  # position in the file
    header: str
    column: Column
    accepts: dict = field(default_factory=dict)  # column.accepts_spec, kept with every reject

    def __post_init__(self) -> None:
        self.accepts = self.column.accepts_spec


class _Reasons:
    """Reasons collected for the rows of a chunk, as reason codes with their parameters
    (:mod:`analytics.reasons`), added column by column: each with its English text and its JSON,
    kept in flat lists (a file of rejects has hundreds of thousands) and joined per row at the end,
    in the contract's column order (reasons about the whole row last)."""

    def __init__(self, order_of: Callable[[str | None], int]) -> None:
        self._order_of = order_of
        self._rows: list[np.ndarray] = []  # row index of each reason, call by call
        self._order: list[np.ndarray] = []  # its column's place in the contract
        self._codes: list[str] = []
        self._texts: list[str] = []
        self._blobs: list[str] = []  # {"code": …, parameters…} as JSON

    def _extend(
        self, idx: np.ndarray, column: str | None, codes: list[str], texts: list[str], blobs: list[str]
    ) -> None:
        self._rows.append(idx)
        self._order.append(np.full(idx.size, self._order_of(column), np.int64))
        self._codes += codes
        self._texts += texts
        self._blobs += blobs

    def add(
        self, mask: np.ndarray, values: pa.Array | np.ndarray | None, code: str, **params: object
    ) -> None:
        """``code`` for every row in ``mask``, with ``params`` and the row's value (when given)."""
        idx = np.flatnonzero(mask)
        if not idx.size:
            return
        column: str | None = params.get("column")  # type: ignore[assignment]
        n = idx.size
        if values is None:
            blob = json.dumps({"code": code, **params}, ensure_ascii=False)
            self._extend(idx, column, [code] * n, [render(code, params)] * n, [blob] * n)
            return
        if isinstance(values, pa.Array):
            shown = values.take(pa.array(idx)).to_pylist()
        else:
            shown = values[idx].tolist()
        many = prepared(code, params)
        if many is None:
            self.add_rows(idx, [{"code": code, **params, "value": shorten(v)} for v in shown])
            return
        texts, blobs = many(shown)
        self._extend(idx, column, [code] * n, texts, blobs)

    def add_rows(self, idx: np.ndarray, reasons: list[dict]) -> None:
        """One reason per row, each with its own parameters (``{"code": …, parameters…}``, all about
        one column)."""
        if not len(reasons):
            return
        texts = [render(r["code"], {k: v for k, v in r.items() if k != "code"}) for r in reasons]
        blobs = [json.dumps(r, ensure_ascii=False) for r in reasons]
        self._extend(
            np.asarray(idx, np.int64), reasons[0].get("column"), [r["code"] for r in reasons], texts, blobs
        )

    def mask(self, n: int) -> np.ndarray:
        out = np.zeros(n, bool)
        for idx in self._rows:
            out[idx] = True
        return out

    def rendered(self, rows: np.ndarray) -> tuple[list[str], list[str], list[str]]:
        """(English text, first reason's code, every reason as a JSON list) of each given row."""
        if not rows.size:
            return [], [], []
        all_rows = np.concatenate(self._rows)
        by = np.lexsort((np.arange(all_rows.size), np.concatenate(self._order), all_rows))
        sorted_rows = all_rows[by]
        first = np.searchsorted(sorted_rows, rows, side="left")
        count = np.searchsorted(sorted_rows, rows, side="right") - first
        texts = np.array(self._texts, dtype=object)[by]
        codes = np.array(self._codes, dtype=object)[by]
        blobs = np.array(self._blobs, dtype=object)[by]
        out_texts = texts[first].tolist()
        out_blobs = ["[" + b + "]" for b in blobs[first].tolist()]
        for k in np.flatnonzero(count > 1).tolist():  # rows with several reasons
            span = slice(int(first[k]), int(first[k] + count[k]))
            out_texts[k] = "; ".join(texts[span])
            out_blobs[k] = "[" + ", ".join(blobs[span]) + "]"
        return out_texts, codes[first].tolist(), out_blobs


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


_MAX_RESTARTS = 1_000  # unclosed quotes read past in one file; a file with more is refused


def _record_like(lines: list[str], sep: str, width: int) -> int:
    """How many of the lines are, each on its own, a record of ``width`` fields."""
    count = 0
    for line in lines:
        if line.count(sep) < width - 1:
            continue
        try:
            fields = next(csv.reader([line], delimiter=sep, quotechar='"', doublequote=True), [])
        except csv.Error:
            continue
        count += len(fields) == width
    return count


def _fallback_dm_order(dialect: FileDialect) -> str:
    """Order for dd/mm vs mm/dd values in a column decided "ymd" or "excel"."""
    orders = {o for o in dialect.date_orders.values() if o in ("dmy", "mdy")}
    if len(orders) == 1:
        return orders.pop()
    signals = spanish_signals(dialect.delimiter, dialect.encoding, dialect.header, dialect.decimal_comma)
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
        self.end_of_today = (np.datetime64(today, "D").astype(np.int64).item() + 1) * NS_PER_DAY
        self.chunk_bytes = max(int(chunk_bytes), MIN_BLOCK)
        self.fields = [
            _Field(i, h, contract.column(dialect.mapping[h]))  # type: ignore[arg-type]
            for i, h in enumerate(dialect.header)
            if dialect.mapping.get(h) is not None
        ]
        self.column_order = {name: i for i, name in enumerate(contract.names)}
        self.fields.sort(key=lambda f: self.column_order[f.column.name])
        self.dm_fallback = _fallback_dm_order(dialect)
        self.validated = transcoded(dialect)
        self.invalid = InvalidRows()
        self.next_ordinal = dialect.header_lines + 1
        self.next_line = dialect.header_lines + 1
        self.bytes_read = 0
        self.fetcher: LineFetcher | None = None
        self.seen = {f.column.name: _SeenKeys() for f in self.fields if f.column.unique}
        self.failure_ok: dict[str, bool] = {}
        self.fallback_noted = False
        self.mixed_noted = False
        self.restart_at: int | None = None  # after an unclosed quote: the line to read again from
        self.blank_at: int | None = None  # the line that opened a quote Arrow could not finish
        self.restarts = 0
        self.quote_fetcher: LineFetcher | None = None
        self.arrow_text = arrow_text
        self.customers = customers
        self.pending_notes: list[str] = list(notes or [])
        self.source = open_bytes(path, dialect) if not utf8_native(dialect) else str(path)
        self.transcoder = self.source if isinstance(self.source, Utf8Stream) else None
        try:
            self.reader = arrow_reader(self.source, dialect, block_size(self.chunk_bytes), self.invalid)
        except pa.ArrowInvalid as exc:
            self.close()
            raise arrow_refusal(exc, dialect.header_lines) from None

    def _reason_order(self, column: str | None) -> int:
        """Reasons are listed in the contract's column order (those about the whole row last)."""
        return self.column_order.get(column, len(self.column_order))  # type: ignore[arg-type]

    def close(self) -> None:
        if not isinstance(self.source, str):
            self.source.close()
        for fetcher in (self.fetcher, self.quote_fetcher):
            if fetcher is not None:
                fetcher.close()

    def chunks(self) -> Iterator[Chunk]:
        try:
            while True:
                yield from self._pass()
                if self.restart_at is None:
                    break
                self._reopen(self.restart_at)
        finally:
            self.close()

    def _pass(self) -> Iterator[Chunk]:
        """The chunks Arrow's reader gives, up to the end or to an unclosed quote (``restart_at``)."""
        # Arrow parses (without the GIL) one table ahead of the validation: 2.6 against 2.95 s
        # for a 1 M-row upload, median of eight interleaved pairs (bench/README.md).
        with Ahead(gathered(self.reader, self.chunk_bytes), depth=1, name="csv-parser") as tables:
            parsed = iter(tables)
            while True:
                try:
                    table = next(parsed)
                except StopIteration:
                    break
                except pa.ArrowInvalid as exc:
                    # A quoted value longer than Arrow's block: usually a quote left open. Find the
                    # line that opened it, and read again from here with that line emptied.
                    opened = self._open_quote_line(self.next_line) if "straddl" in str(exc) else None
                    if opened is None or opened == self.blank_at or self.restarts >= _MAX_RESTARTS:
                        raise arrow_refusal(exc, self.next_line - 1) from None
                    self.blank_at, self.restart_at = opened, self.next_line
                    return
                chunk = self._process(table)
                if chunk is not None:
                    yield chunk
                if self.restart_at is not None:
                    return
        while self.invalid.rows:  # wrong-width rows after the last good one
            chunk = self._process(None)
            if chunk is not None:
                yield chunk
            if self.restart_at is not None:
                return

    def _reopen(self, line: int) -> None:
        """Parse again from the start of ``line``: a quote left open on the line before swallowed
        the lines after it into one value, and each of them is a record of its own. (Or a quote
        opened further on, at ``blank_at``, ran past Arrow's block: that line comes empty.)"""
        if not isinstance(self.source, str):
            self.source.close()
        self.restarts += 1
        stream = open_bytes(self.path, self.dialect)
        self.transcoder = stream if isinstance(stream, Utf8Stream) else None
        self.source = LineFetcher(stream).rest_from(line, blank=self.blank_at)  # type: ignore[assignment]
        self.invalid = InvalidRows()
        self.reader = arrow_reader(
            self.source, self.dialect, block_size(self.chunk_bytes), self.invalid, skip_rows=0
        )
        self.next_line, self.next_ordinal, self.restart_at = line, 1, None

    def _unclosed_quote(
        self,
        raw_cols: list[pa.Array],
        col_breaks: list[np.ndarray | None],
        newlines: np.ndarray,
        lines: np.ndarray,
        invalid: list[tuple[int, str, int]],
        invalid_lines: np.ndarray,
    ) -> int | None:
        """The line of the first record whose quote was never closed, if any in this chunk.

        Arrow reads everything after an unclosed '"' as one value, up to the next '"' or the end of
        the file. Such a record spans lines that are complete records themselves. Only records with
        line breaks in a value holding at least a record's worth of separators are looked at: at
        least two of their continuation lines must split into the header's number of fields, or
        one, when the record also has the wrong number of fields or an odd number of '"' (a quote
        that never closed at the end of the file).
        """
        if not newlines.any() and not invalid:
            return None
        width, sep = len(self.dialect.header), self.dialect.delimiter
        found: list[int] = []
        suspect = np.zeros(len(newlines), bool)
        for arr, breaks in zip(raw_cols, col_breaks):
            if breaks is not None:
                seps = pc.fill_null(pc.count_substring(arr, sep), 0).to_numpy(zero_copy_only=False)
                suspect |= (breaks > 0) & (seps >= width - 1)
        for i in np.flatnonzero(suspect).tolist():
            values = [arr[i].as_py() for arr, b in zip(raw_cols, col_breaks) if b is not None and b[i] > 0]
            follow = [line for v in values for line in decode_text(v).splitlines()[1:]]
            like = _record_like(follow, sep, width)
            if like >= 2 or (like == 1 and self._odd_quotes(int(lines[i]), 1 + int(newlines[i]))):
                found.append(int(lines[i]))
                break
        for (_, text, _), line in zip(invalid, invalid_lines.tolist()):
            if text_breaks(text) and _record_like(text.splitlines()[1:], sep, width) >= 1:
                found.append(line)
                break
        return min(found) if found else None

    def _open_quote_line(self, start: int) -> int | None:
        """The first line from ``start`` on that opens a quote not closed within Arrow's block (or
        before the end of the file), counting '"' by line; None if there is none."""
        opened, size = None, 0
        fetcher = LineFetcher(open_bytes(self.path, self.dialect))
        try:
            for number, raw in fetcher.lines_from(start):
                if raw.count(b'"') % 2:
                    opened, size = (number, 0) if opened is None else (None, 0)
                if opened is not None:
                    size += len(raw)
                    if size > ARROW_BLOCK:
                        break
        finally:
            fetcher.close()
        return opened

    def _odd_quotes(self, line: int, span: int) -> bool:
        """Whether the record's own text has an odd number of '"' (read back from the file)."""
        if self.quote_fetcher is None:
            self.quote_fetcher = LineFetcher(open_bytes(self.path, self.dialect))
        text = self.quote_fetcher.texts(np.array([line]), np.array([span]))[0]
        return text.count('"') % 2 == 1

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
        spans[pos_invalid] = [1 + text_breaks(text) for _, text, _ in invalid]
        starts = self.next_line + np.cumsum(spans) - spans
        self.next_line += int(spans.sum())
        self.next_ordinal += n + k
        return starts[pos_valid], starts[pos_invalid]

    def _process(self, table: pa.Table | None) -> Chunk | None:
        n = table.num_rows if table is not None else 0
        if table is None:
            raw_cols = [pa.array([], pa.binary())] * len(self.dialect.header)
        else:
            raw_cols = [table_column(table, i) for i in range(table.num_columns)]
        newlines = np.zeros(n, np.int64)
        any_value = np.zeros(n, bool)
        col_breaks: list[np.ndarray | None] = []
        for arr in raw_cols:
            lengths = lengths_of(arr)
            any_value |= lengths > 0
            breaks = line_breaks(arr)
            col_breaks.append(breaks)
            if breaks is not None:
                newlines += breaks
            self.bytes_read += int(lengths.sum()) + n
        invalid = self.invalid.take(self.next_ordinal, n)
        self.bytes_read += sum(len(t) + 1 for _, t, _ in invalid)
        lines, invalid_lines = self._positions(n, newlines, invalid)
        unclosed: list[int] = []  # lines that opened a quote never closed, rejected as such
        # The line that opened a quote running past Arrow's block was read again as an empty line.
        emptied = (lines == self.blank_at) & ~any_value if self.blank_at is not None else np.zeros(n, bool)
        if emptied.any():
            unclosed.append(int(self.blank_at))  # type: ignore[arg-type]
        swallowing = self._unclosed_quote(raw_cols, col_breaks, newlines, lines, invalid, invalid_lines)
        if swallowing is not None:
            # The records from the line that opened the quote on are read again, from the next line.
            unclosed.append(swallowing)
            self.restart_at = swallowing + 1
            n = int(np.searchsorted(lines, swallowing))
            raw_cols = [arr.slice(0, n) for arr in raw_cols]
            newlines, lines, any_value, emptied = newlines[:n], lines[:n], any_value[:n], emptied[:n]
            before = [k for k, line in enumerate(invalid_lines.tolist()) if line < swallowing]
            invalid, invalid_lines = [invalid[k] for k in before], invalid_lines[before]
        blank = ~any_value & ~emptied
        notes, self.pending_notes = self.pending_notes, []
        if not self.mixed_noted and self.transcoder is not None and self.transcoder.first_utf8_line:
            self.mixed_noted = True
            line = self.transcoder.first_utf8_line
            notes.append(
                Message("mixed_encodings", encoding="Windows-1252", other_encoding="UTF-8", line=line)
            )

        reasons = _Reasons(self._reason_order)
        values: dict[str, object] = {}
        texts: dict[str, pa.Array] = {}
        parsed_ns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for f in self.fields:
            s, fell_back = as_strings(raw_cols[f.index], self.validated)
            if fell_back is not None and fell_back.size and not self.fallback_noted:
                self.fallback_noted = True
                notes.append(Message("values_read_as_cp1252", line=int(lines[fell_back[0]]), header=f.header))
            clean, nonempty = clean_strings(s)
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
                            {
                                "code": "before_other_column",
                                "column": later,
                                "value": shorten(b),
                                "other_column": earlier,
                                "other_value": shorten(a),
                            }
                            for b, a in pairs
                        ],
                    )

        if self.customers is not None:
            self._check_customers(texts, parsed_ns, reasons)

        too_long = np.flatnonzero(newlines >= _MAX_RECORD_LINES)
        reasons.add_rows(
            too_long,
            [
                {"code": "record_too_long", "lines": k + 1, "limit": _MAX_RECORD_LINES}
                for k in newlines[too_long].tolist()
            ],
        )
        rejected_mask = reasons.mask(n) & ~blank & ~emptied
        for f in self.fields:
            if f.column.unique:
                self._check_unique(f, values[f.column.name], lines, blank, rejected_mask, reasons)
        rejected_mask = reasons.mask(n) & ~blank & ~emptied
        keep = ~rejected_mask & ~blank & ~emptied

        data: dict[str, object] = {}
        for f in self.fields:
            v = values[f.column.name]
            data[f.column.name] = v if keep.all() else v[keep]  # type: ignore[index]
        data["line"] = lines if keep.all() else lines[keep]
        rows = pd.DataFrame(data, copy=False)

        idx = np.flatnonzero(rejected_mask)
        rej_lines = [lines[idx]]
        rej_spans = [1 + newlines[idx]]
        rej_texts, rej_codes, rej_params = reasons.rendered(idx)
        blank_count = int(blank.sum())
        width = len(self.dialect.header)
        for (_, text, count), line in zip(invalid, invalid_lines.tolist()):
            if not text.strip(self.dialect.delimiter + " \t\r\n"):
                blank_count += 1
                continue
            rej_lines.append(np.array([line], np.int64))
            rej_spans.append(np.array([1 + text_breaks(text)], np.int64))
            wrong = {"fields": count, "expected": width, "separator": self.dialect.delimiter}
            rej_texts.append(render("wrong_field_count", wrong))
            rej_codes.append("wrong_field_count")
            rej_params.append(json.dumps([{"code": "wrong_field_count", **wrong}]))
        for line in unclosed:
            rej_lines.append(np.array([line], np.int64))
            rej_spans.append(np.array([1], np.int64))
            rej_texts.append(render("unclosed_quote", {"line": line}))
            rej_codes.append("unclosed_quote")
            rej_params.append(json.dumps([{"code": "unclosed_quote", "line": line}]))
        all_lines = np.concatenate(rej_lines)
        order = np.argsort(all_lines, kind="stable")
        all_lines = all_lines[order]
        raw: list[str] = []
        if all_lines.size:
            # Arrow's text of a wrong-width row is not byte-exact (it drops the "\n" of a quoted
            # "\r\n"), so every rejected record is read back from the file itself.
            if self.fetcher is None:
                self.fetcher = LineFetcher(open_bytes(self.path, self.dialect))
            raw = self.fetcher.texts(all_lines, np.concatenate(rej_spans)[order])
        by_line = order.tolist()
        rejected = pd.DataFrame(
            {
                "line": all_lines.astype(np.int64),
                "raw": np.array(raw, dtype=object),
                "reason": np.array([rej_texts[i] for i in by_line], dtype=object),
                "code": np.array([rej_codes[i] for i in by_line], dtype=object),
                "params": np.array([rej_params[i] for i in by_line], dtype=object),
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
            reasons.add(~nonempty, None, "required_empty", column=name, accepts=accepts)

        if kind in ("id", "text"):
            if name == "failure_type":
                self._check_failure_type(clean, reasons, col)
            if self.arrow_text:
                return pd.arrays.ArrowExtensionArray(pc.cast(clean, pa.string()))
            return to_object(clean)

        if kind in ("date", "datetime"):
            order = self.dialect.date_orders.get(name, self.dm_fallback)
            dm_order = order if order in ("dmy", "mdy") else self.dm_fallback
            ns, ok, contradicts = parse_dates(
                clean, nonempty, dm_order, self.dialect.decimal_comma, excel_first=order == "excel"
            )
            other = "mdy" if dm_order == "dmy" else "dmy"
            bad = nonempty & ~ok & ~contradicts
            code = "not_a_date" if kind == "date" else "not_a_datetime"
            reasons.add(bad, clean, code, column=name, accepts=accepts)
            reasons.add(
                contradicts, clean, "contradicts_date_order", column=name, order=dm_order, other=other
            )
            if kind == "date":
                ns = np.where(ok, ns - ns % NS_PER_DAY, NAT)
            if name not in _FUTURE_ALLOWED:
                future = ok & (ns >= self.end_of_today)
                reasons.add(future, clean, "in_future", column=name, today=self.today.isoformat())
            parsed_ns[name] = (ns, ok)
            return ns.view("datetime64[ns]")

        if kind == "bool":
            codes = BOOLEAN.codes(clean, nonempty)
            reasons.add(nonempty & (codes < 0), clean, "not_yes_no", column=name, accepts=accepts)
            return pd.arrays.BooleanArray(codes == 0, codes < 0)

        if kind == "escalation":
            codes = ESCALATION.codes(clean, nonempty)
            reasons.add(nonempty & (codes < 0), clean, "not_escalation", column=name, accepts=accepts)
            return ESCALATION_LABELS[codes]

        # int / float
        numbers = parse_numbers(clean, self.dialect.decimal_comma)
        finite = np.isfinite(numbers)
        bad = nonempty & ~finite
        reasons.add(bad, clean, "not_a_number", column=name, accepts=accepts)
        if kind == "int":
            with np.errstate(invalid="ignore"):
                fractional = finite & (np.floor(numbers) != numbers)
                # The store keeps whole numbers in 32 bits (SQL INTEGER on every backend).
                huge = finite & ~fractional & (np.abs(numbers) >= 2**31)
            reasons.add(fractional, clean, "not_whole_number", column=name, accepts=accepts)
            reasons.add(huge, clean, "too_large", column=name, accepts=accepts)
            finite &= ~(fractional | huge)
        if col.min_value is not None:
            low = finite & (numbers < col.min_value)
            reasons.add(low, clean, "below_minimum", column=name, minimum=col.min_value, accepts=accepts)
        if col.max_value is not None:
            high = finite & (numbers > col.max_value)
            reasons.add(high, clean, "above_maximum", column=name, maximum=col.max_value, accepts=accepts)
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
            "unknown_failure_type",
            column=col.name,
            accepts=col.accepts_spec,
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
        reasons.add(nonempty & ~known, ids, "unknown_customer", column="customer_id")
        if "timestamp" not in parsed_ns or not known.any():
            return
        ns, ok = parsed_ns["timestamp"]
        start = self.customers.start_ns[found.fill_null(0).to_numpy(zero_copy_only=False)]
        before = np.flatnonzero(known & ok & (start != NAT) & (ns < start))
        if before.size:
            shown = texts["timestamp"].take(pa.array(before)).to_pylist()
            starts = start[before].astype("datetime64[ns]").astype("datetime64[D]").astype(str)
            reasons.add_rows(
                before,
                [
                    {"code": "before_customer_start", "column": "timestamp", "value": shorten(v), "start": d}
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
                    {"code": "duplicate_id", "column": name, "value": shorten(v), "first_line": line}
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
    check_date_order(date_order, "read_table")
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


def raw_lines(
    path: str | Path, dialect: FileDialect, starts: list[int], counts: list[int] | None = None
) -> list[str]:
    """The exact text of the records starting on the given physical lines (in increasing order)
    and spanning ``counts`` lines (default one each), as the reader keeps its rejected records."""
    if not len(starts):
        return []
    fetcher = LineFetcher(open_bytes(Path(path), dialect))
    try:
        spans = np.ones(len(starts), np.int64) if counts is None else np.asarray(counts, np.int64)
        return fetcher.texts(np.asarray(starts, np.int64), spans)
    finally:
        fetcher.close()
