"""What an upload did, for the page that reports it: the counts per file, the rejected rows
counted by kind, and the rejected rows themselves, their reasons in the interface's language."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from analytics.ingest import CHANGE_KINDS, UploadSummary, rejected_frame
from analytics.reasons import render_all, render_stored, title
from analytics.schema import rejected_rows
from analytics.store import Store

COUNT_COLUMNS = ("rows", "accepted", "duplicates", "updated", "rejected")


def counts_table(summaries: dict[str, UploadSummary]) -> pd.DataFrame:
    """One row per file stored: ``table``, ``file_name``, ``upload_id`` and the counts
    (``rows = accepted + duplicates + updated + rejected``)."""
    rows = [
        {"table": table, "file_name": s.file_name, "upload_id": s.upload_id}
        | {c: int(getattr(s, c)) for c in COUNT_COLUMNS}
        for table, s in summaries.items()
    ]
    frame = pd.DataFrame(rows, columns=["table", "file_name", "upload_id", *COUNT_COLUMNS])
    return frame.astype({c: "int64" for c in COUNT_COLUMNS})


def changes_table(summary: UploadSummary) -> pd.DataFrame:
    """The stored customers a customers file changed, by kind (``kind``, ``customers``), in the
    order of :data:`analytics.ingest.CHANGE_KINDS`."""
    rows = [(k, int(summary.changes[k])) for k in CHANGE_KINDS if summary.changes.get(k)]
    return pd.DataFrame(rows, columns=["kind", "customers"]).astype({"customers": "int64"})


def reason_groups(store: Store, upload_id: int, lang: str = "en") -> pd.DataFrame:
    """An upload's rejected rows counted by kind: one row per (reason code, column), most
    frequent first, with ``rows`` (a row with two reasons counts under both), ``reason`` (the
    kind's short name in ``lang``), ``first_line`` and ``example`` (that line's reason of this
    kind, in full, in ``lang``). Rows stored before reasons had codes count under code None."""
    q = (
        sa.select(rejected_rows.c.line, rejected_rows.c.params, rejected_rows.c.reason)
        .where(rejected_rows.c.upload_id == upload_id)
        .order_by(rejected_rows.c.line)
    )
    groups: dict[tuple[str | None, str | None], dict] = {}
    with store.read() as conn:
        for line, params, english in conn.execute(q):
            reasons = json.loads(params) if params else [{"code": None}]
            kinds: set[tuple[str | None, str | None]] = set()
            for r in reasons:
                kind = (r.get("code"), r.get("column"))
                if kind in kinds:
                    continue
                kinds.add(kind)
                group = groups.get(kind)
                if group is None:
                    example = render_all([r], lang, interface="page") if r.get("code") else english
                    groups[kind] = {"rows": 1, "first_line": int(line), "example": example}
                else:
                    group["rows"] += 1
    frame = pd.DataFrame(
        [
            {
                "code": code,
                "column": column,
                "reason": title(code, lang) + (f" · {column}" if column else ""),
                **g,
            }
            for (code, column), g in groups.items()
        ],
        columns=["code", "column", "reason", "rows", "first_line", "example"],
    )
    return frame.sort_values(["rows", "first_line"], ascending=[False, True], ignore_index=True).astype(
        {"rows": "int64", "first_line": "int64"}
    )


def rejects(store: Store, upload_id: int, lang: str = "en") -> pd.DataFrame:
    """An upload's rejected rows in line order: ``line``, ``reason`` (in ``lang``, naming the upload
    page's controls; the stored English text for rows stored before reasons had codes), ``raw``
    (the record as written in the file)."""
    frame = rejected_frame(store, upload_id)
    frame["reason"] = [
        render_stored(p, lang, interface="page") or r for p, r in zip(frame["params"], frame["reason"])
    ]
    return frame[["line", "reason", "raw"]].astype({"line": "int64"})
