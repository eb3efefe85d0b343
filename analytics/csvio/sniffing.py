"""Sniffing: how a file is written, from its head and its first part."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.contract import TableContract, is_spanish_header
from analytics.csvio.arrays import count_true, lengths_of, table_column
from analytics.csvio.dates import date_evidence
from analytics.csvio.dialect import DATE_ORDERS, DELIMITERS, FileDialect, FileRefused
from analytics.csvio.encoding import decode_head, detect_encoding, open_bytes, transcoded, utf8_native
from analytics.csvio.numbers import EVIDENCE_COMMA, EVIDENCE_POINT
from analytics.csvio.parser import MIN_BLOCK, InvalidRows, arrow_reader, arrow_refusal, block_size
from analytics.csvio.strings import as_strings, clean_strings
from analytics.reasons import Message
from analytics.taxonomy import normalize_token

_HEAD_BYTES = 1 << 20  # read for encoding, separator and header
_HEAD_RECORDS = 200  # records of the head parsed per candidate separator
_MAX_COLUMNS = 2_000  # columns a header may have: wider exports are refused, not read
# Python's csv module refuses longer fields; a header this long names no columns anyone uses.
_MAX_HEADER_CHARS = csv.field_size_limit()
_NOTED_ONE_BY_ONE = 3  # repeated names or unnamed columns noted one by one; more get one note

_NOT_CSV = (  # (signature, reason code)
    (b"PK\x03\x04", "excel_file"),
    (b"PK\x05\x06", "excel_file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_office_file"),
    (b"%PDF", "pdf_file"),
    (b"\x1f\x8b", "gzip_file"),
)


def check_date_order(date_order: str | None, where: str) -> None:
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(
            f"The 'date_order' parameter of {where} must be one of {list(DATE_ORDERS)} or None. "
            f"Got {date_order!r} instead."
        )


def _read_head(path: Path) -> tuple[bytes, bool]:
    """The first bytes of the file, and whether there are more; a path that is not a readable file
    is refused with what it is."""
    if path.is_dir():
        raise FileRefused("is_directory")
    if not path.exists():
        raise FileRefused("file_not_found")
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD_BYTES)
            truncated = bool(fh.read(1))
    except OSError as exc:
        raise FileRefused("unreadable", error=exc.strerror or type(exc).__name__) from None
    return head, truncated


def _refuse_huge_header(text: str, truncated: bool, contract: TableContract) -> None:
    """A first line that never ends, or a header far wider or longer than any export's: refused
    before it is parsed (a header of 40,000 repeated names once took minutes)."""
    body = text.lstrip("\r\n")
    end = min((i for i in (body.find("\n"), body.find("\r")) if i >= 0), default=-1)
    line = text[: len(text) - len(body)].count("\n") + 1
    header = body if end < 0 else body[:end]
    unended = end < 0 and truncated
    columns = max(header.count(d) for d in DELIMITERS) + 1
    if columns > _MAX_COLUMNS:
        raise FileRefused(
            "too_many_columns",
            columns=columns,
            at_least=unended,
            limit=_MAX_COLUMNS,
            required=contract.required,
        )
    if unended:
        raise FileRefused("line_too_long", line=line, limit_mb=_HEAD_BYTES >> 20)
    if len(header) > _MAX_HEADER_CHARS:
        raise FileRefused("header_too_long", line=line, chars=len(header), limit=_MAX_HEADER_CHARS)


def _refuse_non_csv(head: bytes, encoding: str) -> None:
    if not head.strip() or head in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise FileRefused("empty_file")
    for signature, code in _NOT_CSV:
        if head.startswith(signature):
            raise FileRefused(code)
    if encoding.startswith("utf-16"):  # NUL bytes are half its text
        return
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        raise FileRefused("web_page")
    control = sum(head.count(bytes([b])) for b in (*range(0, 9), *range(14, 32)) if b != 0x1A)
    if b"\x00" in head or control > max(8, len(head) // 100):
        raise FileRefused("binary_file")


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
        recognised = len({contract.canonical(h) for h in header[:_MAX_COLUMNS]} - {None})
        score = (width > 1, recognised, round(consistent, 2), width)
        if best is None or score > best[0]:
            best = (score, delimiter, header, header_lines, records)
    return best


def _unique_headers(raw: list[str], extra: bool = False) -> tuple[list[str], list[str]]:
    """Strip names; name blank columns by position; number repeated names. Returns (names, notes).

    ``extra``: the last column is the empty field data lines end with (its note says so). A name
    repeated, or columns left unnamed, more than a few times get one note, not one each.
    """
    names: list[str] = []
    seen: set[str] = set()
    next_number: dict[str, int] = {}  # the next number to try for a repeated name: linear, not quadratic
    unnamed: list[int] = []
    repeats: dict[str, list[tuple[int, str]]] = {}
    for i, h in enumerate(raw):
        name = h.strip().lstrip("\ufeff").strip()
        if not name:
            name = f"column_{i + 1}"
            if not (extra and i == len(raw) - 1):
                unnamed.append(i + 1)
        if name in seen:
            k = next_number.get(name, 2)
            while f"{name}_{k}" in seen:
                k += 1
            next_number[name] = k + 1
            repeats.setdefault(name, []).append((i + 1, f"{name}_{k}"))
            name = f"{name}_{k}"
        seen.add(name)
        names.append(name)
    notes: list[tuple[int, Message]] = []
    if len(unnamed) > _NOTED_ONE_BY_ONE:
        notes.append((unnamed[0], Message("unnamed_columns_many", count=len(unnamed), position=unnamed[0])))
    else:
        notes += [(i, Message("unnamed_column", position=i, name=f"column_{i}")) for i in unnamed]
    for name, found in repeats.items():
        if len(found) > _NOTED_ONE_BY_ONE:
            last = int(found[-1][1].rsplit("_", 1)[1])
            notes.append(
                (
                    found[0][0],
                    Message(
                        "repeated_header_many", header=name, count=len(found), position=found[0][0], last=last
                    ),
                )
            )
        else:
            notes += [(i, Message("repeated_header", header=name, position=i, name=new)) for i, new in found]
    out = [note for _, note in sorted(notes, key=lambda n: n[0])]
    if extra:
        out.append(Message("trailing_separator"))
    return names, out


def _find_header(key: str, header: list[str]) -> str | None:
    if key in header:
        return key
    token = normalize_token(key)
    for h in header:
        if normalize_token(h) == token:
            return h
    return None


def _closest(word: str, names: list[str]) -> str | None:
    """The name most like ``word`` (ignoring case, accents and punctuation), if any is close."""
    tokens = {normalize_token(n): n for n in names[:_MAX_COLUMNS]}
    found = difflib.get_close_matches(normalize_token(word), list(tokens), n=1, cutoff=0.6)
    return tokens[found[0]] if found else None


def _resolve_mapping(
    header: list[str], contract: TableContract, user: dict[str, str | None] | None
) -> dict[str, str | None]:
    mapping = contract.suggest_mapping(header)
    if not user:
        return mapping
    chosen: dict[str, str | None] = {}
    # Targets first: a suggestion to map a header must name a column that exists.
    for key, target in user.items():
        if target is not None and target not in contract.names:
            closest = _closest(target, contract.names)
            raise FileRefused(
                "mapping_unknown_column",
                key=key,
                target=target,
                table=contract.name,
                names=contract.names,
                suggested={"name": closest} if closest else None,
            )
    for key, target in user.items():
        h = _find_header(key, header)
        if h is None:
            closest = _closest(key, header)
            raise FileRefused(
                "mapping_unknown_header",
                key=key,
                present=header,
                suggested={"header": closest, "column": target} if closest and target else None,
            )
        chosen[h] = target
    targets = [t for t in chosen.values() if t is not None]
    for t in set(targets):
        if targets.count(t) > 1:
            both = [h for h, v in chosen.items() if v == t]
            raise FileRefused("mapping_repeats_column", headers=both, target=t)
    for h, target in chosen.items():
        if target is not None:
            for other, current in mapping.items():
                if current == target and other not in chosen:
                    mapping[other] = None
        mapping[h] = target
    return mapping


def spanish_signals(
    delimiter: str, encoding: str, header: list[str], decimal_comma: bool | None
) -> list[str]:
    """What makes a file look like a Spanish export (codes of :mod:`analytics.reasons`' signals)."""
    signals = []
    if delimiter == ";":
        signals.append("semicolon")
    if encoding == "cp1252":
        signals.append("cp1252")
    if any(is_spanish_header(h) for h in header):
        signals.append("spanish_headers")
    if decimal_comma:
        signals.append("decimal_comma")
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


def _gather_evidence(
    path: Path, contract: TableContract, dialect: FileDialect, sample_bytes: int
) -> _Evidence:
    """Read the first ``sample_bytes`` of the file (less once the date orders are settled)."""
    ev = _Evidence()
    fields = [(i, contract.column(t)) for i, h in enumerate(dialect.header) if (t := dialect.mapping[h])]
    for _, col in fields:
        if col.kind in ("date", "datetime"):
            ev.dates[col.name] = dict(_NO_EVIDENCE)
    handler = InvalidRows()
    source = str(path) if utf8_native(dialect) else open_bytes(path, dialect)
    read = 0
    try:
        reader = arrow_reader(source, dialect, block_size(sample_bytes), handler)
        for batch in reader:
            table = pa.Table.from_batches([batch])
            any_value = np.zeros(batch.num_rows, bool)
            for i in range(batch.num_columns):
                any_value |= lengths_of(table_column(table, i)) > 0
            ev.records += int(any_value.sum())
            for i, col in fields:
                if col.kind not in ("date", "datetime", "float", "int"):
                    continue
                s = clean_strings(as_strings(table_column(table, i), transcoded(dialect))[0])[0]
                if col.kind in ("float", "int"):
                    ev.comma += count_true(pc.match_substring_regex(s, EVIDENCE_COMMA))
                    ev.point += count_true(pc.match_substring_regex(s, EVIDENCE_POINT))
                else:
                    for key, value in date_evidence(s).items():
                        ev.dates[col.name][key] += value
            read += batch.nbytes
            if read >= sample_bytes or ev.settled():
                break
    except pa.ArrowInvalid as exc:
        raise arrow_refusal(exc, dialect.header_lines) from None
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
                    Message(
                        "mixed_date_orders",
                        header=header,
                        column=name,
                        day_first=first,
                        month_first=second,
                        order=settled[name],
                    )
                )
        elif ev["dm"]:
            ambiguous.append(name)
        elif ev["iso"] or ev["excel"]:
            orders[name] = "ymd" if ev["iso"] >= ev["excel"] else "excel"
        else:
            empty.append(name)
    orders.update(settled)
    because: dict = {"because": "spanish" if hint == "dmy" else "english", "signals": hint_reasons}
    if len(set(settled.values())) == 1:
        order = next(iter(settled.values()))
        because = {"because": "column", "settled_by": found[next(iter(settled))][0]}
    else:
        order = hint
    orders.update(dict.fromkeys(ambiguous + empty, order))
    if ambiguous:
        notes.append(
            Message(
                "ambiguous_dates",
                columns=[[found[n][0], n] for n in ambiguous],
                order=order,
                other="mdy" if order == "dmy" else "dmy",
                **because,
            )
        )
    return {name: orders[name] for name in found}, notes


@dataclass
class HeaderSniff:
    """How a file's head is written, found before any column is judged: what the upload page shows
    while the user maps columns (:func:`sniff` goes on from here to dates and numbers)."""

    encoding: str
    delimiter: str
    header: list[str]  # the file's column names, stripped, blanks and repeats made unique
    header_lines: int  # physical lines up to the end of the header
    newline: str
    width: int  # fields of the header as written (before a trailing separator is named)
    notes: list[str]  # Messages about the encoding, line ends and the header's names
    records: list[list[str]]  # the first data records of the head, as parsed with ``delimiter``


def sniff_header(path: str | Path, contract: TableContract) -> HeaderSniff:
    """The encoding, separator and header of a file (the first step of :func:`sniff`), whatever
    columns it names: a file missing a required column is described, not refused, so that the
    columns can be mapped.

    Raises
    ------
    FileRefused
        Empty file, not a CSV file, a header beyond reason, or a single unrecognised column.
    """
    path = Path(path)
    head, truncated = _read_head(path)
    encoding = detect_encoding(head, truncated)
    _refuse_non_csv(head, encoding)
    text = decode_head(head, encoding, truncated)
    if not text.strip():
        raise FileRefused("empty_file")
    _refuse_huge_header(text, truncated, contract)
    notes: list[str] = []
    if encoding == "cp1252":
        notes.append(Message("read_as_cp1252"))
    elif encoding == "utf-16":
        notes.append(Message("read_as_utf16"))
    elif encoding in ("utf-16-le", "utf-16-be"):
        notes.append(
            Message(
                "read_as_utf16_without_bom",
                byte_order=f"{'little' if encoding[-2:] == 'le' else 'big'}_endian",
            )
        )
    newline = "\n"
    if "\r" in text and "\n" not in text:
        newline = "\r"
        text = text.replace("\r", "\n")
        notes.append(Message("cr_line_ends"))

    best = _choose_delimiter(text, truncated, contract)
    if best is None:
        raise FileRefused("empty_file")
    (_, recognised, _, width), delimiter, raw_header, header_lines, records = best
    trailing = [len(r) == width + 1 and not r[-1].strip() for r in records]
    extra = bool(records) and sum(trailing) >= 0.9 * len(records)
    # Some exports end every data line with a separator but not the header: read the empty last
    # field as an unnamed column rather than reject every row for having one too many.
    header, header_notes = _unique_headers([*raw_header, ""] if extra else raw_header, extra)
    notes.extend(header_notes)
    if width == 1 and not recognised:
        raise FileRefused("single_column", header=header[0], required=contract.required)
    return HeaderSniff(
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        header_lines=header_lines,
        newline=newline,
        width=width,
        notes=notes,
        records=records,
    )


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
    check_date_order(date_order, "sniff")
    path = Path(path)
    head = sniff_header(path, contract)
    encoding, delimiter, header = head.encoding, head.delimiter, head.header
    notes: list[str] = list(head.notes)
    width = head.width
    resolved = _resolve_mapping(header, contract, mapping)
    present = {t for t in resolved.values() if t is not None}
    missing = [c for c in contract.required if c not in present]
    if missing:
        unmapped = [h for h in header if resolved[h] is None]
        example = unmapped[0] if unmapped else header[0]
        raise FileRefused(
            "missing_columns", missing=missing, present=header, example=example, single_column=width == 1
        )

    dialect = FileDialect(
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        mapping=resolved,
        unmapped_columns=[h for h in header if resolved[h] is None],
        date_orders={},
        decimal_comma=False,
        notes=notes,
        newline=head.newline,
        header_lines=head.header_lines,
    )
    ev = _gather_evidence(path, contract, dialect, max(int(sample_bytes), MIN_BLOCK))
    if ev.records == 0:
        raise FileRefused("header_only")
    comma, point = ev.comma, ev.point
    # With no unambiguous number in the sample, a ';' separator means the comma was taken.
    dialect.decimal_comma = comma > point if comma != point else delimiter == ";"
    if comma and point:
        notes.append(
            Message(
                "mixed_decimal_marks",
                comma=comma,
                point=point,
                mark="comma" if dialect.decimal_comma else "point",
            )
        )
    signals = spanish_signals(delimiter, encoding, header, dialect.decimal_comma)
    hint = "dmy" if signals else "mdy"
    found = {t: (h, ev.dates[t]) for h in header if (t := resolved[h]) in ev.dates}
    dialect.date_orders, date_notes = _decide_date_orders(found, date_order, hint, signals)
    notes.extend(date_notes)
    return dialect
