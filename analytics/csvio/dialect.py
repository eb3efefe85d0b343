"""How a file is written (:class:`FileDialect`) and the refusal of a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")

ORDER_TEXT = {
    "dmy": "day first (dd/mm/yyyy, e.g. 31/03/2024)",
    "mdy": "month first (mm/dd/yyyy, e.g. 03/31/2024)",
    "ymd": "year first (yyyy-mm-dd, e.g. 2024-03-31)",
    "excel": "Excel serial day numbers (e.g. 45382)",
}


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
