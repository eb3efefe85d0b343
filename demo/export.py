"""Writing a generated demo as the files a company would export, in English or a Spanish system's style.

``style="en"``: UTF-8, ``,``, ISO dates, true/false, LF. ``style="es"``: Spanish headers and
category values (from ``demo/vocab/export_es.json``; failure codes as the taxonomy's Spanish
labels), ``;``, decimal comma, dd/mm/yyyy, sí/no, Windows-1252, CRLF. Large demos are written in
chunks with table look-ups for dates and quoting, so a million rows take seconds.
"""

from __future__ import annotations

import json
import math
import re
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.contract import CUSTOMERS, INTERACTIONS
from analytics.taxonomy import FAMILIES, FAMILY_LABELS, SUBTYPES
from demo.simulate import DemoData, generate
from demo.vocabulary import load_vocabulary
from demo.world import PlantedWorld

STYLES = ("en", "es")

SPANISH_HEADERS: dict[str, dict[str, str]] = load_vocabulary().headers_es
"""A Spanish system's header for each contract column, by table."""

SPANISH_VALUES: dict[str, dict[str, str]] = {
    **load_vocabulary().values_es,
    # A Spanish system codes failures with Spanish names: families as the taxonomy's Spanish
    # labels, subtypes as their Spanish labels (both read back to the same family and subtype).
    "failure_type": {
        **{f: FAMILY_LABELS[f]["es"].lower() for f in FAMILIES},
        **{s.key: s.label_es for s in SUBTYPES},
    },
}
"""What a Spanish system's export (``style="es"``) calls the demo's categories, by column; values
not listed (ids, free text, Spanish family names already) are written as they are."""


def _day_strings(first: np.datetime64, count: int, es: bool) -> np.ndarray:
    """The ``count`` calendar days from ``first`` as text (the span of a column: a few hundred days)."""
    start = first.astype(object)
    fmt = "%d/%m/%Y" if es else "%Y-%m-%d"
    return np.array([(start + timedelta(days=k)).strftime(fmt) for k in range(count)])


_CLOCK = np.char.add(
    np.char.add(
        np.char.add(
            np.char.add(np.char.zfill((np.arange(86400) // 3600).astype(str), 2), ":"),
            np.char.zfill((np.arange(86400) // 60 % 60).astype(str), 2),
        ),
        ":",
    ),
    np.char.zfill((np.arange(86400) % 60).astype(str), 2),
).astype(object)
"""'HH:MM:SS' for every second of a day."""


def _format_dates(col: pd.Series, es: bool, with_time: bool) -> np.ndarray:
    """Dates (and times) as text by table look-up; '' for NaT."""
    values = col.to_numpy(dtype="datetime64[s]")
    ok = ~np.isnat(values)
    out = np.full(values.size, "", dtype=object)
    if not ok.any():
        return out
    days = values[ok].astype("datetime64[D]")
    first = days.min()
    idx = (days - first).astype(np.int64)
    text = _day_strings(first, int(idx.max()) + 1, es).astype(object)[idx]
    if with_time:
        seconds = (values[ok] - days.astype("datetime64[s]")).astype(np.int64)
        text = text + " " + _CLOCK[seconds]
    out[ok] = text
    return out


def _format_columns(frame: pd.DataFrame, table: str, style: str) -> dict[str, np.ndarray]:
    """Every column as text (object array) in the style's conventions, '' for missing, keyed by the
    style's header."""
    es = style == "es"
    contract = CUSTOMERS if table == "customers" else INTERACTIONS
    out = {}
    for name in frame.columns:
        col = frame[name]
        kind = contract.column(name).kind
        if kind in ("date", "datetime"):
            out[name] = _format_dates(col, es, kind == "datetime")
        elif kind == "bool":
            yes, no = ("sí", "no") if es else ("true", "false")
            out[name] = np.where(col.to_numpy(dtype=bool), yes, no).astype(object)
        elif kind in ("float", "int"):
            vals = col.to_numpy(dtype=float)
            missing = np.isnan(vals)
            if name != "monthly_revenue" and np.array_equal(vals[~missing], np.round(vals[~missing])):
                text = np.round(np.nan_to_num(vals)).astype(np.int64).astype(str).astype(object)
            else:
                text = np.char.mod("%.2f", vals).astype(object)
                if es:
                    text = np.char.replace(text.astype(str), ".", ",").astype(object)
            text[missing] = ""
            out[name] = text
        else:
            values = col.to_numpy(dtype=object)
            if es and name in SPANISH_VALUES:
                spanish = pd.Series(values).map(SPANISH_VALUES[name]).to_numpy(dtype=object)
                values = np.where(pd.isna(spanish), values, spanish)
            out[name] = values
    if es:
        out = {SPANISH_HEADERS[table][k]: v for k, v in out.items()}
    return out


_NEEDS_QUOTES = re.compile(r'[;,"\r\n]')


def _csv_cells(values: np.ndarray) -> np.ndarray:
    """Quote the cells that hold a separator, a quote or a line break (RFC 4180, as Excel does)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    search = _NEEDS_QUOTES.search
    quoted = np.array(['"' + v.replace('"', '""') + '"' if search(v) else v for v in uniques], dtype=object)
    return quoted[codes]


def _write_csv(frame: pd.DataFrame, table: str, style: str, path: Path, *, chunk_rows: int = 100_000) -> None:
    """Write ``frame`` as text in ``style``: a header line, then one line per row, in chunks of
    ``chunk_rows`` (memory stays bounded for big demos). Only free-text columns can hold
    separators or quotes; the others are ids, codes, numbers and dates."""
    sep, encoding, newline = (";", "cp1252", "\r\n") if style == "es" else (",", "utf-8", "\n")
    contract = CUSTOMERS if table == "customers" else INTERACTIONS
    free = {c.name for c in contract.columns if c.kind == "text"}
    if style == "es":
        free = {SPANISH_HEADERS[table][c] for c in free}
    with open(path, "w", encoding=encoding, newline="") as fh:
        for start in range(0, max(len(frame), 1), chunk_rows):
            columns = _format_columns(frame.iloc[start : start + chunk_rows], table, style)
            if start == 0:
                fh.write(sep.join(_csv_cells(np.array(list(columns), dtype=object)).tolist()) + newline)
            cells = [_csv_cells(v) if k in free else v for k, v in columns.items()]
            rows = [sep.join(row) for row in zip(*cells)]
            if rows:
                fh.write(newline.join(rows) + newline)


def write_tables(data: DemoData, out_dir: str | Path, *, style: str = "en") -> dict[str, Path]:
    """Write ``customers.csv`` and ``interactions.csv`` of ``data`` in ``style``; returns the paths.

    ``style="en"``: UTF-8, ``,``, ISO dates, true/false, LF. ``style="es"``: Spanish headers and
    category values (:data:`SPANISH_VALUES`), ``;``, decimal comma, dd/mm/yyyy, sí/no, Windows-1252,
    CRLF.
    """
    if style not in STYLES:
        raise ValueError(
            f"The 'style' parameter of write_demo must be one of {list(STYLES)}. Got {style!r} instead."
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for table, frame in (("customers", data.customers), ("interactions", data.interactions)):
        paths[table] = out / f"{table}.csv"
        _write_csv(frame, table, style, paths[table])
    return paths


def _json_ready(obj):
    if isinstance(obj, dict):
        return {str(k): _json_ready(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_json_ready(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def write_demo(
    out_dir: str | Path,
    n_customers: int,
    seed: int,
    *,
    coded: bool = True,
    style: str = "en",
    world: PlantedWorld | None = None,
) -> dict:
    """Generate the demo and write ``customers.csv``, ``interactions.csv`` and ``truth.json`` to ``out_dir``.

    ``style="en"``: UTF-8, ``,``, ISO dates, true/false. ``style="es"``: a Spanish system's export
    (Spanish headers and category values, ``;``, decimal comma, dd/mm/yyyy, sí/no, Windows-1252,
    CRLF). Returns the truth dict (also written, UTF-8, as ``truth.json``; for ``"es"`` it carries
    the category translations as ``values_es``).
    """
    if style not in STYLES:
        raise ValueError(
            f"The 'style' parameter of write_demo must be one of {list(STYLES)}. Got {style!r} instead."
        )
    data = generate(n_customers, seed, coded=coded, world=world)
    write_tables(data, out_dir, style=style)
    truth = _json_ready(
        {
            **data.truth,
            "style": style,
            **({"values_es": SPANISH_VALUES} if style == "es" else {}),
            "files": {"customers": "customers.csv", "interactions": "interactions.csv"},
        }
    )
    with open(Path(out_dir) / "truth.json", "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return truth
