"""What the upload page draws, as plain functions (no Streamlit): how a file was found to be
written, the column mapping as an editable table, the preview with the rejected values marked,
and the summary of what was stored — every text in the interface's language, every value from a
file kept as data (shown escaped by the grid, never as Markdown)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from analytics.contract import CONTRACTS
from analytics.ingest import CHANGE_KINDS, UploadSummary
from analytics.reasons import order_text, render_all, text_of
from analytics.upload import UNDECIDED, WHOLE_ROW, DateExample, Inspection, MappingRow, Preview
from dashboard import formatting as fmt
from dashboard.strings import t
from dashboard.tables import headers, upload_history

TABLES = ("customers", "interactions")
MAP_WIDTHS = (210, 260, 160)
"""Pixels of the mapping editor's first three columns (header, examples, recognised as); the
choice takes the rest."""
IGNORE = "—"
"""The mapping editor's value for a column left out of the upload."""
CHOOSE = "?"
"""The editors' value for a cell nothing was chosen in yet, shown as "— choose —" (the grid writes
an empty choice as "None", in English)."""

ROOT = Path(__file__).resolve().parent.parent

MARKED = "background-color: #f8d7d5; color: #7a1712; font-weight: 600"
REJECTED_ROW = "background-color: #fdf1f0"


def size_text(n_bytes: int, lang: str) -> str:
    """``1.2 MB`` / ``1,2 MB``."""
    if n_bytes < 1000:
        return f"{fmt.number(n_bytes, lang)} B"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if n_bytes < scale * 1000 or unit == "GB":
            value = n_bytes / scale
            return f"{fmt.number(value, lang, 1 if value < 100 else 0)} {unit}"
    return f"{n_bytes} B"  # pragma: no cover


def encoding_text(encoding: str, lang: str) -> str:
    key = {"cp1252": "cp1252", "utf-8-sig": "utf8_bom", "utf-8": "utf8"}.get(encoding)
    if key is None and encoding.startswith("utf-16"):
        key = "utf16"
    return t(f"upload.enc.{key}", lang) if key else encoding


def separator_text(delimiter: str, lang: str) -> str:
    key = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}.get(delimiter)
    return t(f"upload.sep.{key}", lang) if key else repr(delimiter)


def decimal_text(decimal_comma: bool | None, lang: str) -> str:
    if decimal_comma is None:
        return t("upload.after_mapping", lang)
    return t("upload.dec.comma" if decimal_comma else "upload.dec.point", lang)


def date_orders_text(inspection: Inspection, lang: str) -> str:
    """Each date column with the order it is read in: ``fecha (timestamp): day first (…)``."""
    detection = inspection.detection
    if detection is None or detection.decimal_comma is None:
        return t("upload.after_mapping", lang)
    if not detection.date_orders:
        return t("upload.no_dates", lang)
    header_of = {r.chosen: r.header for r in inspection.mapping if r.chosen}
    return "; ".join(
        f"{header_of.get(column, column)} ({column}): {order_text(order, lang)}"
        for column, order in detection.date_orders.items()
    )


def detection_table(inspection: Inspection, lang: str) -> pd.DataFrame:
    """What was found in the file, as two columns (what, found) in ``lang``."""
    detection = inspection.detection
    assert detection is not None
    rows = [
        ("encoding", encoding_text(detection.encoding, lang)),
        ("separator", separator_text(detection.delimiter, lang)),
        ("decimal", decimal_text(detection.decimal_comma, lang)),
        ("dates", date_orders_text(inspection, lang)),
        (
            "header",
            t(
                "upload.header_found",
                lang,
                line=detection.header_line,
                n=fmt.number(len(detection.header), lang),
            ),
        ),
    ]
    frame = pd.DataFrame([(t(f"upload.det.{k}", lang), v) for k, v in rows], columns=["what", "found"])
    return headers(frame, lang, prefix="upload.col.")


def tab_label(inspection: Inspection, lang: str) -> str:
    """A file's tab: its table and name (Markdown, name escaped). The same on every run, so that the
    tab chosen stays chosen while the mapping is edited."""
    return f"{t(f'upload.table_title.{inspection.table}', lang)} · {fmt.md_escape(inspection.file_name)}"


def rejected_lines(preview: Preview, lang: str, most: int = 5) -> list[str]:
    """The preview's rows set aside, one line each: ``line 41: start_date: '31/02/2025' is not…``."""
    out = []
    for line, reasons in zip(preview.frame["line"], preview.frame["reasons"]):
        if isinstance(reasons, list) and reasons:
            out.append(
                t(
                    "upload.rejected_line",
                    lang,
                    line=int(line),
                    reason=render_all(reasons, lang, interface="page"),
                )
            )
    if len(out) > most:
        out = [*out[:most], t("upload.more_rejected", lang, n=fmt.number(len(out) - most, lang))]
    return out


def problems_lines(inspections: dict[str, Inspection], lang: str) -> list[str]:
    """What keeps each file from being stored, one line each, naming the file (Markdown-escaped)."""
    out = []
    for table, found in inspections.items():
        where = f"{t(f'upload.table_title.{table}', lang)} · {found.file_name}"
        if found.refused is not None:
            out.append(fmt.md_escape(f"{where}: {message_text(found.refused, lang)}"))
        for problem in found.problems:
            out.append(fmt.md_escape(f"{where}: {message_text(problem, lang)}"))
    return out


def grid_height(rows: int, *, most: int = 30) -> int:
    """Pixels for a grid showing ``rows`` rows (at most ``most``) with its header, without scrolling."""
    return 38 + 35 * min(max(rows, 1), most)


def message_text(message, lang: str) -> str:
    """A message of the data side (a refusal, a problem of the mapping, one line of text) in
    ``lang``, naming the upload page's controls."""
    return text_of(message, lang, "page") if message is not None else ""


def notes_text(notes, lang: str) -> list[str]:
    """The reader's notes about the file, in ``lang``, naming the page's controls."""
    return [text_of(n, lang, "page") for n in notes]


def date_example_text(example: DateExample, lang: str) -> str:
    return t(
        "upload.date_example",
        lang,
        value=example.value,
        day_first=fmt.day(example.day_first, lang),
        month_first=fmt.day(example.month_first, lang),
    )


def date_order_label(order: str, lang: str) -> str:
    return order_text(order, lang)


# -- the column mapping ---------------------------------------------------------------------------
def column_label(key: str | None, table: str, lang: str) -> str:
    """How a contract column is offered in the mapping: its name, whether required, what it means."""
    if key is None or key in (UNDECIDED, CHOOSE):
        return t("upload.choose", lang)
    if key == IGNORE:
        return t("upload.ignore", lang)
    col = CONTRACTS[table].column(key)
    required = t("upload.required_mark", lang) if col.required else ""
    description = col.description_es if lang == "es" else col.description
    return f"{key}{required} · {description}"


def mapping_options(table: str) -> list[str]:
    return [CHOOSE, IGNORE, *CONTRACTS[table].names]


def mapping_frame(table: str, rows: list[MappingRow], lang: str) -> pd.DataFrame:
    """The mapping editor's rows: the file's header, examples of its values, what the contract
    suggests, and where it goes (a contract column, :data:`IGNORE`, or None while undecided).
    Built from the suggestions only (``rows`` from :func:`analytics.upload.mapping_rows` without
    choices), so the editor's input stays the same and keeps the user's edits across reruns."""
    out = []
    for r in rows:
        out.append(
            {
                "header": r.header,
                "examples": " · ".join(r.examples),
                "suggested": r.suggested or t("upload.not_recognised", lang),
                "maps_to": r.suggested or CHOOSE,
            }
        )
    return pd.DataFrame(out, columns=["header", "examples", "suggested", "maps_to"])


def _choice(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value in ("", CHOOSE):
        return UNDECIDED
    if value == IGNORE:
        return None
    return str(value)


def choices_from(edited: pd.DataFrame) -> dict[str, str | None]:
    """The mapping editor's values as :func:`analytics.upload.inspect_file` takes them: a column,
    None to leave it out, :data:`~analytics.upload.UNDECIDED` when the cell is empty."""
    return {header: _choice(value) for header, value in zip(edited["header"], edited["maps_to"])}


def choices_with_edits(base: pd.DataFrame, state: dict | None) -> dict[str, str | None]:
    """The choices of a mapping editor built on ``base`` (:func:`mapping_frame`) after the edits its
    widget state holds (``{"edited_rows": {row: {"maps_to": value}}}``): read at the start of a
    run, so the page inspects the file with them before drawing the editor."""
    edited = base.copy()
    for row, change in ((state or {}).get("edited_rows") or {}).items():
        if "maps_to" in change and 0 <= int(row) < len(edited):
            edited.iloc[int(row), edited.columns.get_loc("maps_to")] = change["maps_to"]
    return choices_from(edited)


# -- the preview ----------------------------------------------------------------------------------
def _cell(value, kind: str, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if kind == "date":
        return fmt.day(value, lang)
    if kind == "datetime":
        ts = pd.Timestamp(value)
        return fmt.day(ts, lang) + ("" if ts == ts.normalize() else f" {ts:%H:%M:%S}")
    if kind == "bool":
        return t("upload.yes" if bool(value) else "upload.no", lang)
    if kind == "int":
        return fmt.number(value, lang)
    if kind == "float":
        places = 0 if float(value).is_integer() else 2
        return fmt.number(value, lang, places)
    return str(value)


def preview_frame(preview: Preview, inspection: Inspection, lang: str) -> pd.DataFrame:
    """The preview as text: line, status, the reasons in ``lang``, then each stored column headed
    ``column (file header)``; accepted values as they will be stored (dates written out, so that
    the day and the month cannot be mistaken), rejected ones as written in the file."""
    contract = CONTRACTS[inspection.table]
    header_of = {r.chosen: r.header for r in inspection.mapping if r.chosen}
    out = pd.DataFrame(
        {
            t("upload.col.line", lang): preview.frame["line"].astype("int64"),
            t("upload.col.status", lang): [
                t("upload.status.rejected" if r else "upload.status.ok", lang)
                for r in preview.frame["rejected"]
            ],
        }
    )
    for column in preview.columns:
        kind = contract.column(column).kind
        values = [
            v if rejected else _cell(v, kind, lang)
            for v, rejected in zip(preview.frame[column], preview.frame["rejected"])
        ]
        out[f"{column} ({header_of.get(column, column)})"] = [
            "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values
        ]
    # The reasons last: the values come first, and the list above the table says the reasons in full.
    out[t("upload.col.reasons", lang)] = [
        render_all(r, lang, interface="page") if isinstance(r, list) and r else ""
        for r in preview.frame["reasons"]
    ]
    return out


def preview_styled(preview: Preview, inspection: Inspection, lang: str) -> Styler:
    """The preview with rejected rows tinted and the values at fault marked."""
    frame = preview_frame(preview, inspection, lang)
    header_of = {r.chosen: r.header for r in inspection.mapping if r.chosen}
    shown = {c: f"{c} ({header_of.get(c, c)})" for c in preview.columns}
    reasons_col = t("upload.col.reasons", lang)

    def style(table: pd.DataFrame) -> pd.DataFrame:
        css = pd.DataFrame("", index=table.index, columns=table.columns)
        for i, (line, rejected) in enumerate(zip(preview.frame["line"], preview.frame["rejected"])):
            if not rejected:
                continue
            css.iloc[i, :] = REJECTED_ROW
            marked = preview.marked.get(int(line), [])
            targets = [reasons_col] if WHOLE_ROW in marked else []
            targets += [shown[c] for c in marked if c in shown]
            for col in targets:
                css.loc[table.index[i], col] = MARKED
        return css

    return frame.style.apply(style, axis=None)


# -- the summary ----------------------------------------------------------------------------------
def counts_frame(summaries: dict[str, UploadSummary], lang: str) -> pd.DataFrame:
    """One row per file stored: the table, the file, the upload and its counts, headers in ``lang``."""
    rows = [
        {
            "table_name": t(f"uploads.table.{table}", lang),
            "file_name": s.file_name,
            "upload_id": s.upload_id if s.upload_id is not None else pd.NA,
            "rows": s.rows,
            "accepted": s.accepted,
            "duplicates": s.duplicates,
            "updated": s.updated,
            "rejected": s.rejected,
        }
        for table, s in summaries.items()
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "table_name",
            "file_name",
            "upload_id",
            "rows",
            "accepted",
            "duplicates",
            "updated",
            "rejected",
        ],
    )
    frame = frame.astype({c: "int64" for c in ("rows", "accepted", "duplicates", "updated", "rejected")})
    frame["upload_id"] = frame["upload_id"].astype("Int64")
    return headers(frame, lang)


def changes_frame(summary: UploadSummary, lang: str) -> pd.DataFrame:
    """Stored customers a customers file changed, by kind, in ``lang``."""
    rows = [
        (t(f"upload.change.{k}", lang), int(summary.changes[k]))
        for k in CHANGE_KINDS
        if summary.changes.get(k)
    ]
    frame = pd.DataFrame(rows, columns=["kind", "customers"]).astype({"customers": "int64"})
    return headers(frame, lang, prefix="upload.col.")


def reasons_frame(groups: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected rows counted by kind (from :func:`analytics.upload.reason_groups`), for the screen."""
    shown = groups[["reason", "rows", "first_line", "example"]].copy()
    return headers(shown, lang, prefix="upload.col.")


def summary_line(summary: UploadSummary, lang: str) -> str:
    """One sentence per file: what was stored of it (Markdown, the file's name escaped)."""
    if summary.upload_id is None and summary.rows == 0:
        return t("upload.empty_stored", lang, file=fmt.md_escape(summary.file_name))
    return t(
        "upload.stored_line",
        lang,
        file=fmt.md_escape(summary.file_name),
        rows=fmt.number(summary.rows, lang),
        accepted=fmt.number(summary.accepted, lang),
        rejected=fmt.number(summary.rejected, lang),
    )


STALE_PAGES: tuple[tuple[str, str, str], ...] = (
    ("pages/overview.py", "page.overview", ":material/dashboard:"),
    ("pages/failures.py", "page.failures", ":material/report:"),
    ("pages/survival.py", "page.survival", ":material/monitoring:"),
    ("pages/attribution.py", "page.attribution", ":material/donut_small:"),
    ("pages/agents.py", "page.agents", ":material/groups:"),
    ("pages/review.py", "page.review", ":material/rate_review:"),
)
"""The pages whose results an upload makes stale (each recomputes on its next view), in the
navigation's order; pages not in this build are left out."""


def stale_pages(root: Path = ROOT) -> list[tuple[str, str, str]]:
    return [p for p in STALE_PAGES if (root / p[0]).exists()]


# -- the uploads page -----------------------------------------------------------------------------
def history_frame(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload history for the screen (:func:`dashboard.tables.upload_history`), with each
    upload's status: stored, or removed (when, by whom)."""
    shown = upload_history(history, lang)
    status = [
        t("uploads.status.stored", lang)
        if pd.isna(at)
        else t("uploads.status.removed", lang, when=fmt.day_time(at, lang), who=by or fmt.DASH)
        for at, by in zip(
            history.get("removed_at", pd.Series([None] * len(history))),
            history.get("removed_by", pd.Series([None] * len(history))),
        )
    ]
    shown.insert(1, t("uploads.col.status", lang), status)
    return shown


def removable_uploads(history: pd.DataFrame) -> pd.DataFrame:
    """The uploads that can be removed: of interactions, not removed yet, latest first."""
    removed = history["removed_at"] if "removed_at" in history else pd.Series([None] * len(history))
    return history[(history["table_name"] == "interactions") & removed.isna().to_numpy()]


def upload_label(record, lang: str) -> str:
    """``#7 · interacciones.csv · 3 Dec 2026 10:31 · 1,957 rows stored`` (plain text)."""
    return t(
        "uploads.upload_label",
        lang,
        id=int(record.upload_id),
        name=record.file_name,
        when=fmt.day_time(record.uploaded_at, lang),
        rows=fmt.number(record.accepted, lang),
    )
