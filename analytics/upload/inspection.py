"""What an upload page shows before anything is stored: how the file is written, its column
mapping and what is wrong with it, and its first rows as they would be stored.

Everything here calls the reader the ingest calls (:mod:`analytics.csvio`): the header step of
:func:`~analytics.csvio.sniff` (encoding, separator, header), then ``sniff`` itself with the
chosen mapping and date order (decimal mark, each date column's order), then
:func:`~analytics.csvio.read_table` over the first rows, checked against the stored customers,
so the preview rejects what the upload would reject, with the same reason codes. Only what needs
the stored rows of the same table — a row already stored, an id reused with other content — is
left to the upload itself.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import sqlalchemy as sa

from analytics import csvio
from analytics.contract import CONTRACTS, TableContract
from analytics.ingest import known_customers
from analytics.reasons import Message
from analytics.schema import uploads
from analytics.store import Store

PREVIEW_ROWS = 50
"""Rows the preview shows: the first records of the file, accepted or not."""

EXAMPLES_PER_COLUMN = 3
UNDECIDED = ""
"""In the choices of a mapping: nothing chosen for this header (yet)."""
WHOLE_ROW = "*"
"""In :attr:`Preview.marked`, a reason about the whole row (its number of fields, a quote)."""

_DM = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|[T\s])")


@dataclass(frozen=True)
class MappingRow:
    """One column of the file and where it goes.

    ``suggested``: the contract column its header names (None: not recognised, or named by an
    earlier header too). ``chosen``: the column it goes to, None to leave it out. ``decided``:
    whether ``chosen`` is settled — by the suggestion or by the user; a header nobody decided
    about stops the upload (nothing is left out without asking).
    """

    header: str
    suggested: str | None
    chosen: str | None
    decided: bool
    examples: tuple[str, ...]


@dataclass(frozen=True)
class DateExample:
    """A value from the file that reads as two dates: day first and month first."""

    value: str
    day_first: date
    month_first: date


@dataclass(frozen=True)
class DateQuestion:
    """Date columns whose values read either way (no day above 12 in the first part of the
    file): the order the reader would assume, why, and values from the file to decide by."""

    columns: tuple[tuple[str, str], ...]  # (header, contract column)
    assumed: str  # "dmy" or "mdy"
    because: str  # "spanish" or "english": what the assumption rests on
    examples: tuple[DateExample, ...]


@dataclass(frozen=True)
class Detection:
    """How the file is written, as the reader found it (with the chosen mapping and date order)."""

    encoding: str
    delimiter: str
    header_line: int  # the physical line the header ends on (1 unless blank lines come first)
    header: tuple[str, ...]
    decimal_comma: bool | None  # None until the mapping is complete
    date_orders: dict[str, str]  # contract column → dmy, mdy, ymd or excel
    date_order: str | None  # the order forced by the user, if any
    date_question: DateQuestion | None
    notes: tuple[Message | str, ...]


@dataclass
class Preview:
    """The first records of the file as they would be stored.

    ``frame``: one row per record, in file order, with ``line`` (where it starts), ``rejected``,
    ``reasons`` (the reject's reasons as ``[{"code": …, parameters…}]``, or None) and one column per
    contract column the mapping keeps: for an accepted row the typed value stored (dates as
    Timestamps, numbers, booleans, text), for a rejected one the text of its field as written.
    ``marked``: line → the columns whose values are the reason for rejecting it
    (:data:`WHOLE_ROW` for reasons about the row as a whole).
    """

    frame: pd.DataFrame
    columns: list[str]
    marked: dict[int, list[str]] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return int(self.frame["rejected"].sum()) if len(self.frame) else 0


@dataclass
class Inspection:
    """Everything the upload page shows about one file before it is stored.

    ``refused``: the file cannot be read at all (its message, with code and parameters).
    ``problems``: what keeps the mapping from being stored (undecided headers, a column chosen
    twice, a required column missing), as messages. ``empty``: a header and no rows (a valid empty
    export). ``already``: the earlier upload with the same content (``upload_id``, ``uploaded_at``,
    ``file_name``), when there is one.
    """

    table: str
    file_name: str
    size: int
    refused: Message | None = None
    detection: Detection | None = None
    mapping: list[MappingRow] = field(default_factory=list)
    problems: list[Message] = field(default_factory=list)
    preview: Preview | None = None
    empty: bool = False
    already: dict | None = None
    dialect: csvio.FileDialect | None = None  # as the ingest will read it (given to it: not sniffed again)

    @property
    def ready(self) -> bool:
        """Whether the file can be stored as mapped."""
        return self.refused is None and not self.problems and self.detection is not None

    def final_mapping(self) -> dict[str, str | None]:
        """``{header: column or None}`` for every header: what the ingest is given."""
        return {row.header: row.chosen for row in self.mapping}


def mapping_rows(
    header: list[str],
    records: list[list[str]],
    contract: TableContract,
    choices: Mapping[str, str | None] | None = None,
) -> list[MappingRow]:
    """Each header with its suggested and chosen column. ``choices`` override the suggestions:
    ``{header: column}``, None to leave the column out, :data:`UNDECIDED` to take the suggestion
    back; a header neither recognised nor chosen is undecided."""
    choices = dict(choices or {})
    suggested = contract.suggest_mapping(header)
    rows = []
    for i, h in enumerate(header):
        seen: list[str] = []
        for record in records:
            value = record[i].strip() if i < len(record) else ""
            if value and value not in seen:
                seen.append(value)
                if len(seen) == EXAMPLES_PER_COLUMN:
                    break
        if h in choices and choices[h] == UNDECIDED:
            chosen, decided = None, False
        elif h in choices:
            chosen, decided = choices[h], True
        else:
            chosen, decided = suggested[h], suggested[h] is not None
        rows.append(MappingRow(h, suggested[h], chosen, decided, tuple(seen)))
    return rows


def mapping_problems(rows: list[MappingRow], contract: TableContract) -> list[Message]:
    """What keeps a mapping from being used: headers nobody decided about, a column chosen for two
    headers, a required column no header goes to (named, with what would be accepted)."""
    problems: list[Message] = []
    undecided = [r.header for r in rows if not r.decided]
    if undecided:
        problems.append(Message("mapping_undecided", headers=undecided, table=contract.name))
    by_target: dict[str, list[str]] = {}
    for r in rows:
        if r.chosen is not None:
            if r.chosen not in contract.names:
                problems.append(
                    Message(
                        "mapping_unknown_column",
                        key=r.header,
                        target=r.chosen,
                        table=contract.name,
                        names=contract.names,
                        suggested=None,
                    )
                )
                continue
            by_target.setdefault(r.chosen, []).append(r.header)
    for target, headers in by_target.items():
        if len(headers) > 1:
            problems.append(Message("mapping_repeats_column", headers=headers, target=target))
    for column in contract.required:
        if column not in by_target:
            problems.append(Message("required_unmapped", column=column, table=contract.name))
    return problems


def date_question(dialect: csvio.FileDialect, records: list[list[str]]) -> DateQuestion | None:
    """The reader's assumption about dates that read either way, when the file's own dates could
    not decide it (another date column settling it counts as deciding): the page asks."""
    for note in dialect.notes:
        if getattr(note, "code", None) != "ambiguous_dates" or note.params["because"] == "column":
            continue
        columns = tuple((h, c) for h, c in note.params["columns"])
        positions = [dialect.header.index(h) for h, _ in columns if h in dialect.header]
        examples: list[DateExample] = []
        seen: set[str] = set()
        for record in records:
            for i in positions:
                value = record[i].strip() if i < len(record) else ""
                m = _DM.match(value)
                if not m or value in seen:
                    continue
                a, b, year = (int(g) for g in m.groups())
                if a == b or not (1 <= a <= 12 and 1 <= b <= 12):
                    continue
                seen.add(value)
                examples.append(DateExample(value, date(year, b, a), date(year, a, b)))
            if len(examples) >= 3:
                break
        return DateQuestion(columns, note.params["order"], note.params["because"], tuple(examples[:3]))
    return None


def known_with_pending(store: Store, pending: csvio.KnownCustomers | None) -> csvio.KnownCustomers:
    """The stored customers, and those of a customers file about to be stored with this one (its
    start dates win: the upload stores customers first)."""
    with store.read() as conn:
        stored = known_customers(conn)
    if pending is None or not len(pending.ids):
        return stored
    ids = pa.concat_arrays([pending.ids, stored.ids]).to_pandas()
    starts = np.concatenate([pending.start_ns, stored.start_ns])
    first = ~ids.duplicated(keep="first").to_numpy()
    return csvio.KnownCustomers(pa.array(ids[first], pa.string()), starts[first])


def pending_customers(
    path: Path, mapping: dict[str, str | None], date_order: str | None, *, today: date | None = None
) -> csvio.KnownCustomers:
    """The customers a customers file would store (its accepted rows' ids and start dates)."""
    contract = CONTRACTS["customers"]
    dialect = csvio.sniff(path, contract, mapping=mapping, date_order=date_order)
    ids: list[pa.Array] = []
    starts: list[np.ndarray] = []
    for chunk in csvio.read_table(path, contract, dialect=dialect, today=today):
        if chunk.rows.empty:
            continue
        ids.append(pa.array(chunk.rows["customer_id"].astype(object), pa.string()))
        starts.append(chunk.rows["start_date"].to_numpy("datetime64[ns]").view(np.int64))
    if not ids:
        return csvio.KnownCustomers(pa.array([], pa.string()), np.zeros(0, np.int64))
    return csvio.KnownCustomers(pa.concat_arrays(ids), np.concatenate(starts))


def _fields(raw: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter, quotechar='"'), [])
    except csv.Error:
        return raw.split(delimiter)


def preview(
    path: Path,
    contract: TableContract,
    dialect: csvio.FileDialect,
    *,
    customers: csvio.KnownCustomers | None = None,
    rows: int = PREVIEW_ROWS,
    today: date | None = None,
) -> Preview:
    """The first ``rows`` records of the file as :func:`~analytics.csvio.read_table` reads them
    for the upload, rejected ones with their reasons and the values at fault marked."""
    columns = [c for c in contract.names if c in set(dialect.mapping.values())]
    positions = {c: dialect.header.index(h) for h, c in dialect.mapping.items() if c is not None}
    accepted: list[pd.DataFrame] = []
    rejected: list[pd.DataFrame] = []
    seen = 0
    chunks = csvio.read_table(
        path, contract, dialect=dialect, customers=customers, chunk_bytes=1 << 16, today=today
    )
    try:
        for chunk in chunks:
            accepted.append(chunk.rows)
            rejected.append(chunk.rejected)
            seen += len(chunk.rows) + len(chunk.rejected)
            if seen >= rows:
                break
    finally:
        chunks.close()
    good = pd.concat(accepted, ignore_index=True) if accepted else pd.DataFrame(columns=["line", *columns])
    bad = (
        pd.concat(rejected, ignore_index=True)
        if rejected
        else pd.DataFrame(columns=["line", "raw", "params"])
    )
    records: list[dict] = []
    for row in good.to_dict("records"):
        records.append(
            {"line": int(row["line"]), "rejected": False, "reasons": None} | {c: row.get(c) for c in columns}
        )
    marked: dict[int, list[str]] = {}
    for row in bad.to_dict("records"):
        fields = _fields(row["raw"], dialect.delimiter)
        reasons = json.loads(row["params"]) if row.get("params") else []
        line = int(row["line"])
        marked[line] = sorted({r.get("column") or WHOLE_ROW for r in reasons}, key=str)
        values = {c: (fields[i] if i < len(fields) else None) for c, i in positions.items()}
        records.append({"line": line, "rejected": True, "reasons": reasons} | values)
    records.sort(key=lambda r: r["line"])
    records = records[:rows]
    kept = {r["line"] for r in records}
    frame = pd.DataFrame(records, columns=["line", "rejected", "reasons", *columns])
    return Preview(frame, columns, {k: v for k, v in marked.items() if k in kept})


def earlier_upload(store: Store, table: str, content_hash: str) -> dict | None:
    """The first upload (not removed) of a file with this content into ``table``, if any."""
    u = uploads
    query = (
        sa.select(u.c.upload_id, u.c.uploaded_at, u.c.file_name)
        .where(u.c.content_hash == content_hash, u.c.table_name == table, u.c.removed_at.is_(None))
        .order_by(u.c.upload_id)
        .limit(1)
    )
    with store.read() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def inspect_file(
    store: Store,
    path: str | Path,
    table: str,
    *,
    choices: Mapping[str, str | None] | None = None,
    date_order: str | None = None,
    pending: csvio.KnownCustomers | None = None,
    content_hash: str | None = None,
    file_name: str | None = None,
    rows: int = PREVIEW_ROWS,
    today: date | None = None,
) -> Inspection:
    """Everything the upload page shows about one staged file before it is stored.

    Parameters
    ----------
    choices:
        ``{header: column or None}`` the user chose in the mapping table (None: ignore it).
    date_order:
        ``"dmy"``, ``"mdy"`` or ``"ymd"`` chosen by the user for every date column.
    pending:
        For an interactions file, the customers of a customers file uploaded with it
        (:func:`pending_customers`): its rows are checked against them as well as the stored ones.
    content_hash:
        The file's SHA-256 (staging computes it): an earlier upload of the same content is named.
    """
    if table not in CONTRACTS:
        raise ValueError(f"table must be one of {sorted(CONTRACTS)}. Got {table!r} instead.")
    contract = CONTRACTS[table]
    path = Path(path)
    out = Inspection(table=table, file_name=file_name or path.name, size=path.stat().st_size)
    if content_hash:
        out.already = earlier_upload(store, table, content_hash)
    try:
        head = csvio.sniff_header(path, contract)
    except csvio.FileRefused as exc:
        out.refused = exc.message
        return out
    out.mapping = mapping_rows(head.header, head.records, contract, choices)
    out.problems = mapping_problems(out.mapping, contract)
    detection = Detection(
        encoding=head.encoding,
        delimiter=head.delimiter,
        header_line=head.header_lines,
        header=tuple(head.header),
        decimal_comma=None,
        date_orders={},
        date_order=date_order,
        date_question=None,
        notes=tuple(head.notes),
    )
    out.detection = detection
    if out.problems:
        return out
    try:
        # The question about dates is the reader's own; asked without the user's answer, so that
        # the page can keep showing it (and the answer) once answered.
        dialect = csvio.sniff(path, contract, mapping=out.final_mapping())
        question = date_question(dialect, head.records)
        if date_order is not None:
            dialect = csvio.sniff(path, contract, mapping=out.final_mapping(), date_order=date_order)
    except csvio.FileRefused as exc:
        if exc.code == "header_only":
            out.empty = True
            return out
        out.refused = exc.message
        return out
    out.detection = Detection(
        encoding=dialect.encoding,
        delimiter=dialect.delimiter,
        header_line=dialect.header_lines,
        header=tuple(dialect.header),
        decimal_comma=dialect.decimal_comma,
        date_orders=dict(dialect.date_orders),
        date_order=date_order,
        date_question=question,
        notes=tuple(dialect.notes),
    )
    out.dialect = dialect
    customers = None
    if "customer_id" in contract.names and "timestamp" in contract.names:
        customers = known_with_pending(store, pending)
    try:
        out.preview = preview(path, contract, dialect, customers=customers, rows=rows, today=today)
    except csvio.FileRefused as exc:  # damage found further in (a quote that never ends)
        out.refused = exc.message
    return out
