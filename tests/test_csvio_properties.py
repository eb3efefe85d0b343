"""Property tests of the CSV reader: tables written in every supported dialect read back as written.

Each example draws a small interactions table and a way of writing it (encoding × separator ×
decimal comma × date style × boolean language × header language × line ends), writes it with
Python's csv module, reads it back and checks that
- accepted + rejected == records written, with the planted bad rows (and only those) rejected;
- every accepted row equals what was written, after typing, at the physical line it was written;
- every rejected row carries the exact text that was written.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import csvio
from analytics.contract import CUSTOMERS, INTERACTIONS
from analytics.reasons import render_stored

TODAY = date(2025, 1, 1)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = {
    "en": {
        "interaction_id": "interaction_id", "customer_id": "customer_id", "timestamp": "timestamp",
        "wait_seconds": "wait_seconds", "transferred": "transferred", "resolved": "resolved",
        "escalated": "escalated", "promised_date": "promised_date", "notes": "notes",
    },
    "es": {
        "interaction_id": "Id Interacción", "customer_id": "Cliente", "timestamp": "Fecha", "wait_seconds": "Espera",
        "transferred": "Transferencias", "resolved": "Resuelto", "escalated": "Escalado",
        "promised_date": "Fecha Prometida", "notes": "Observaciones",
    },
}  # fmt: skip
COLUMNS = list(HEADERS["en"])

BOOLEAN_WORDS = {
    "es": {True: "sí", False: "no", None: ""},
    "en": {True: "yes", False: "no", None: ""},
    "tf": {True: "TRUE", False: "false", None: ""},
    "num": {True: "1", False: "0", None: ""},
    "x": {True: "x", False: "", None: ""},  # a tick column: empty is unknown, never False
}
ESCALATION_WORDS = {
    "es": {"yes": "escalado", "no": "no", "denied": "no concedido", None: ""},
    "en": {"yes": "yes", "no": "no", "denied": "denied", None: ""},
    "tf": {"yes": "Sí", "no": "NO", "denied": "Solicitado", None: ""},
    "num": {"yes": "1", "no": "0", "denied": "denegado", None: ""},
    "x": {"yes": "X", "no": "no", "denied": "rechazado", None: ""},
}
# Letters with accents that Windows-1252 can hold, the four separators, quotes, and line breaks
# inside values (written quoted, and counted in the line numbers).
TEXT = st.text(alphabet="abcxyz ñáéíóúÁÉÜ,;|\t'\"-.\n", max_size=25) | st.sampled_from(["", "ok", " a\r\nb "])
BAD = {
    "wait_seconds": "abc",
    "timestamp": "32/13/2024",
    "transferred": "-1",
    "resolved": "maybe",
    "fields": None,  # one field too many
}


def fmt_number(x: float, decimal_comma: bool, thousands: bool) -> str:
    text = f"{x:,.2f}" if thousands else f"{x:.2f}"
    if decimal_comma:
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def fmt_when(value: datetime | date | None, style: dict, with_time: bool) -> str:
    if value is None:
        return ""
    if style["kind"] == "excel":
        days = (datetime(value.year, value.month, value.day) - datetime(1899, 12, 30)).days
        if with_time:
            assert isinstance(value, datetime)
            fraction = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
            text = f"{days + fraction:.10f}"
            return text.replace(".", ",") if style["decimal_comma"] else text
        return str(days)
    sep = style["sep"]
    if style["kind"] == "iso":
        text = value.strftime("%Y-%m-%d")
    else:
        day, month = (
            (f"{value.day:02d}", f"{value.month:02d}") if style["pad"] else (str(value.day), str(value.month))
        )
        parts = (day, month) if style["kind"] == "dmy" else (month, day)
        text = f"{parts[0]}{sep}{parts[1]}{sep}{value.year}"
    if with_time:
        assert isinstance(value, datetime)
        text += ("T" if style["kind"] == "iso" and style["t"] else " ") + value.strftime("%H:%M:%S")
    return text


@st.composite
def tables(draw):
    style = {
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])),
        "delimiter": draw(st.sampled_from([",", ";", "\t", "|"])),
        "decimal_comma": draw(st.booleans()),
        "thousands": draw(st.booleans()),
        "kind": draw(st.sampled_from(["iso", "dmy", "mdy", "excel"])),
        "sep": draw(st.sampled_from(["/", "-", "."])),
        "pad": draw(st.booleans()),
        "t": draw(st.booleans()),
        "bool_words": draw(st.sampled_from(sorted(BOOLEAN_WORDS))),
        "header": draw(st.sampled_from(["en", "es"])),
        "newline": draw(st.sampled_from(["\n", "\r\n"])),
        "pass_order": draw(st.booleans()),
    }
    if style["kind"] == "iso":
        style["sep"] = "-"
    n = draw(st.integers(1, 12))
    rows = []
    # The first row settles the day/month order (day 25) and the decimal separator (12.5).
    first_when = datetime(2023, 3, 25, 8, 30, 0)
    for k in range(n + 1):
        when = (
            first_when
            if k == 0
            else draw(st.datetimes(datetime(2000, 1, 1), datetime(2024, 12, 31, 23, 59, 59)))
        )
        rows.append({
            "interaction_id": f"I{k}",
            "customer_id": f"C{draw(st.integers(0, 30))}",
            "timestamp": when.replace(microsecond=0),
            "wait_seconds": 12.5 if k == 0 else draw(st.none() | st.floats(0, 99_999, allow_nan=False).map(
                lambda x: round(x, 2))),
            "transferred": 0 if k == 0 else draw(st.none() | st.integers(0, 5)),
            "resolved": draw(st.sampled_from([True, False, None])),
            "escalated": draw(st.sampled_from(["yes", "no", "denied", None])),
            "promised_date": None if k == 0 else draw(st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1))),
            "notes": draw(TEXT),
            "bad": None if k == 0 else draw(st.none() | st.none() | st.sampled_from(sorted(BAD))),
        })  # fmt: skip
    return style, rows


def render(style: dict, rows: list[dict]) -> tuple[bytes, list[str], list[int]]:
    """The file's bytes, each record's exact text and the line each record starts on."""
    newline = style["newline"]

    def line_of(fields: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, delimiter=style["delimiter"], lineterminator=newline).writerow(fields)
        return buf.getvalue()

    header = line_of([HEADERS[style["header"]][c] for c in COLUMNS])
    records, starts = [], []
    line = 2
    for row in rows:
        fields = [
            row["interaction_id"],
            row["customer_id"],
            fmt_when(row["timestamp"], style, with_time=True),
            "" if row["wait_seconds"] is None else fmt_number(row["wait_seconds"], style["decimal_comma"], style["thousands"]),
            "" if row["transferred"] is None else str(row["transferred"]),
            BOOLEAN_WORDS[style["bool_words"]][row["resolved"]],
            ESCALATION_WORDS[style["bool_words"]][row["escalated"]],
            fmt_when(row["promised_date"], style, with_time=False),
            row["notes"],
        ]  # fmt: skip
        if row["bad"] == "fields":
            fields.append("extra")
        elif row["bad"] is not None:
            fields[COLUMNS.index(row["bad"])] = BAD[row["bad"]]
        text = line_of(fields)
        starts.append(line)
        line += text.count("\n")
        records.append(text[: -len(newline)])
    data = (header + "".join(r + newline for r in records)).encode(style["encoding"])
    return data, records, starts


def expected_row(row: dict, style: dict) -> dict:
    resolved = row["resolved"]
    if style["bool_words"] == "x" and resolved is False:
        resolved = None  # an empty tick is unknown
    notes = row["notes"].strip(" \t\r\n")
    return {
        "customer_id": row["customer_id"],
        "timestamp": pd.Timestamp(row["timestamp"]),
        "wait_seconds": row["wait_seconds"],
        "transferred": row["transferred"],
        "resolved": resolved,
        "escalated": row["escalated"],
        "promised_date": None if row["promised_date"] is None else pd.Timestamp(row["promised_date"]),
        "notes": notes or None,
    }


def plain(value):
    return (
        None if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)) else value
    )


@SETTINGS
@given(tables(), st.sampled_from([600, 32 << 20]))
def test_every_dialect_reads_back_what_was_written(tmp_path_factory, table, chunk_bytes):
    style, rows = table
    data, records, starts = render(style, rows)
    path = tmp_path_factory.mktemp("prop") / "upload.csv"
    path.write_bytes(data)
    order = {"iso": "ymd", "excel": None}.get(style["kind"], style["kind"]) if style["pass_order"] else None

    chunks = list(
        csvio.read_table(path, INTERACTIONS, date_order=order, today=TODAY, chunk_bytes=chunk_bytes)
    )
    accepted = pd.concat([c.rows for c in chunks], ignore_index=True)
    rejected = pd.concat([c.rejected for c in chunks], ignore_index=True)

    assert len(accepted) + len(rejected) == len(rows)
    assert sum(c.blank_lines for c in chunks) == 0
    bad_lines = {starts[k]: row["bad"] for k, row in enumerate(rows) if row["bad"] is not None}
    assert sorted(rejected["line"]) == sorted(bad_lines)
    for line, raw, reason, code, params in rejected[["line", "raw", "reason", "code", "params"]].itertuples(
        index=False
    ):
        k = starts.index(line)
        assert raw == records[k]
        # The codes and parameters kept beside the text render to the same text.
        assert render_stored(params) == reason and json.loads(params)[0]["code"] == code
        assert reason.startswith(
            "the row has 10 fields" if bad_lines[line] == "fields" else f"{bad_lines[line]}: "
        )

    by_id = {row["interaction_id"]: (k, row) for k, row in enumerate(rows)}
    for got in accepted.to_dict("records"):
        k, row = by_id[got["interaction_id"]]
        assert got["line"] == starts[k]
        want = expected_row(row, style)
        assert {c: plain(got[c]) for c in want} == want, (style, records[k])


@pytest.mark.quick
@SETTINGS
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=60),
    st.sets(st.integers(0, 59), max_size=8),
    st.sampled_from([512, 2048, 32 << 20]),
)
def test_duplicate_ids_keep_the_first_accepted_row_in_any_chunking(
    tmp_path_factory, ids, broken, chunk_bytes
):
    """Planted truth: rows with an impossible date are rejected for it; of the others, the first
    row of each id is kept and every later one is rejected, naming the line of the one kept."""
    lines = ["customer_id,start_date"]
    for k, i in enumerate(ids):
        lines.append(f"C{i:03d},{'2024-02-30' if k in broken else '2024-01-15'}")
    path = tmp_path_factory.mktemp("dups") / "customers.csv"
    path.write_text("\n".join(lines) + "\n")

    chunks = list(csvio.read_table(path, CUSTOMERS, today=TODAY, chunk_bytes=chunk_bytes))
    accepted = pd.concat([c.rows for c in chunks], ignore_index=True)
    rejected = pd.concat([c.rejected for c in chunks], ignore_index=True)

    kept: dict[int, int] = {}
    expected_rejects: dict[int, list[str]] = {}
    for k, i in enumerate(ids):
        line = k + 2
        reasons = []
        if k in broken:
            reasons.append("start_date: '2024-02-30' is not a valid date")
        if i in kept:
            reasons.append(f"customer_id: duplicate customer_id 'C{i:03d}' (first seen at line {kept[i]})")
        elif k not in broken:
            kept[i] = line
        if reasons:
            expected_rejects[line] = reasons
    assert sorted(accepted["line"]) == sorted(kept.values())
    assert len(accepted) + len(rejected) == len(ids)
    got = dict(zip(rejected["line"], rejected["reason"]))
    assert sorted(got) == sorted(expected_rejects)
    for line, reasons in expected_rejects.items():
        parts = got[line].split("; ")
        assert len(parts) == len(reasons)
        for part, want in zip(
            sorted(parts, key=lambda p: not p.startswith("customer_id")),
            sorted(reasons, key=lambda p: not p.startswith("customer_id")),
        ):
            assert part.startswith(want)
