"""Interaction ids reused with other content: conflicts, not duplicates.

An ``interaction_id`` is the key that makes a second upload of the same rows store nothing. The
same id with the same content is that: a duplicate. The same id with other content (another
system's ids, an export that reuses numbers) is a conflict: the row is rejected with the
difference named, never dropped as "already stored". Rows without an id are keyed on a hash of
their content, so they cannot conflict.

Both checks are SQL run by the database, on the columns the file has: against the rows other
uploads stored, and between the rows of one file (each repeat against the first occurrence, which
is the one kept). Python only formats the conflicting rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics.reasons import prepared, shorten
from analytics.schema import interactions

RawLines = Callable[[list[int], list[int]], list[str]]
"""(start lines, line counts) → the exact text of those records in the file."""

_NOT_COMPARED = frozenset({"interaction_id"})


def compared(present: list[str]) -> list[str]:
    """The contract columns whose values must agree for two rows with one id to be one row."""
    return [c for c in present if c not in _NOT_COMPARED]


def against_stored(new: sa.FromClause, line: str, upload_id: int, present: list[str]) -> sa.Select:
    """Rows of ``new`` (``line``: its line column) whose ``interaction_id`` another upload stored with
    other content, with both versions of each compared column."""
    s = interactions
    cols = compared(present)
    differs = [new.c[c].is_distinct_from(s.c[c]) for c in cols]
    return (
        sa.select(
            new.c[line].label("line"),
            new.c.interaction_id,
            s.c.upload_id.label("stored_upload"),
            s.c.source_line.label("stored_line"),
            *(new.c[c].label(f"new__{c}") for c in cols),
            *(s.c[c].label(f"old__{c}") for c in cols),
        )
        .select_from(new.join(s, s.c.interaction_key == new.c.interaction_key))
        .where(new.c.interaction_id.is_not(None), s.c.upload_id != upload_id, sa.or_(sa.false(), *differs))
        .order_by(new.c[line])
    )


def within_file(src: sa.FromClause, line: str, present: list[str], upload_id: int | None = None) -> sa.Select:
    """Rows of one file whose ``interaction_id`` appeared on an earlier line with other content,
    with the first occurrence's values (the one kept). With ``upload_id``, ids another upload
    stored are left out: :func:`against_stored` judges those rows."""
    cols = compared(present)
    window = {"partition_by": src.c.interaction_key, "order_by": src.c[line]}
    ranked = (
        sa.select(
            src.c[line].label("line"),
            src.c.interaction_id,
            sa.func.first_value(src.c[line]).over(**window).label("first_line"),
            *(src.c[c].label(f"new__{c}") for c in cols),
            *(sa.func.first_value(src.c[c]).over(**window).label(f"old__{c}") for c in cols),
        )
        .where(src.c.interaction_id.is_not(None), *_not_stored(src, upload_id))
        .subquery("ranked")
    )
    differs = [ranked.c[f"new__{c}"].is_distinct_from(ranked.c[f"old__{c}"]) for c in cols]
    return (
        sa.select(ranked)
        .where(ranked.c.line != ranked.c.first_line, sa.or_(sa.false(), *differs))
        .order_by(ranked.c.line)
    )


def repeats(conn: sa.Connection, src: sa.FromClause) -> bool:
    """Whether an interaction_id occurs more than once in ``src`` (an aggregate: cheaper than the
    window :func:`within_file` needs)."""
    ids = src.c.interaction_id
    query = sa.select(sa.func.count(ids) - sa.func.count(sa.distinct(ids)))
    return bool(conn.execute(query).scalar())


def _not_stored(src: sa.FromClause, upload_id: int | None) -> list:
    if upload_id is None:
        return []
    s = interactions
    return [~sa.exists().where(s.c.interaction_key == src.c.interaction_key, s.c.upload_id != upload_id)]


def _shown(value: object) -> str | None:
    """A stored or parsed value as the message names it (the file's text is not at hand)."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat(sep=" ").removesuffix(" 00:00:00").removesuffix(":00")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return shorten(value)


def _differences(row: dict, cols: list[str]) -> list[dict]:
    out = []
    for c in cols:
        old, new = _shown(row[f"old__{c}"]), _shown(row[f"new__{c}"])
        if old != new:
            out.append({"column": c, "stored": old, "new": new})
    return out


def rejects(found: pd.DataFrame, present: list[str], raw_lines: RawLines) -> pd.DataFrame:
    """The conflicting rows found by :func:`against_stored` or :func:`within_file`, as rejected rows
    (``line``, ``raw``, ``reason``, ``code``, ``params``)."""
    columns = ["line", "raw", "reason", "code", "params"]
    if found.empty:
        return pd.DataFrame(columns=columns)
    cols = compared(present)
    records = found.to_dict("records")
    reasons, params, codes, spans = [], [], [], []
    for row in records:
        diff = _differences(row, cols)
        # Both kinds may come in one frame (its columns the union of theirs): a stored conflict has
        # the stored row's upload.
        if _line(row.get("stored_upload")) is not None:
            code = "conflicting_id"
            # Rows stored before source_line existed do not know their line.
            where = {"upload_id": int(row["stored_upload"]), "stored_line": _line(row["stored_line"]) or "?"}
        else:
            code = "conflicting_id_in_file"
            where = {"first_line": int(row["first_line"])}
        reason = {"column": "interaction_id", **where, "differences": diff}
        (text,), (blob,) = prepared(code, reason)([row["interaction_id"]])  # type: ignore[misc]
        reasons.append(text)
        params.append(f"[{blob}]")
        codes.append(code)
        # A record spans the lines its values break over (notes written on several lines).
        spans.append(1 + sum(_breaks(row[f"new__{c}"]) for c in cols))
    lines = [int(r["line"]) for r in records]
    return pd.DataFrame(
        {"line": lines, "raw": raw_lines(lines, spans), "reason": reasons, "code": codes, "params": params},
        columns=columns,
    )


def _line(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def _breaks(value: object) -> int:
    if not isinstance(value, str):
        return 0
    return value.count("\n") + value.count("\r") - value.count("\r\n")
