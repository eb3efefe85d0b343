"""How a file is written (:class:`FileDialect`) and the refusal of a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.reasons import Message

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
DATE_ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")


class FileRefused(Exception):
    """A file that cannot be read at all. ``str(e)`` is one line: what was wrong and what would
    be accepted. Raised by :func:`sniff`, by :func:`read_table` when called, and — for damage
    found further into the file, such as a quote that never closes — while iterating.

    ``code`` and ``params`` say the same as data (:mod:`analytics.reasons`): :meth:`text` renders
    it in Spanish, or naming the command line's or the upload page's controls.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.message = Message(code, **params)
        super().__init__(str(self.message))

    @property
    def code(self) -> str:
        return self.message.code

    @property
    def params(self) -> dict:
        return self.message.params

    def text(self, lang: str = "en", interface: str = "python") -> str:
        return self.message.text(lang, interface)

    def __reduce__(self):
        return (_refused, (self.code, self.params))


def _refused(code: str, params: dict) -> FileRefused:
    return FileRefused(code, **params)


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

    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "utf-16" (with its mark), "utf-16-le" or "utf-16-be"
    delimiter: str
    header: list[str]  # the file's column names, whitespace stripped, blanks/repeats made unique
    mapping: dict[str, str | None]
    unmapped_columns: list[str]
    date_orders: dict[str, str]
    decimal_comma: bool
    notes: list[str] = field(default_factory=list)  # Messages: English text, with code and parameters
    newline: str = "\n"  # "\r" for old-Mac files whose lines end in CR only (read like any other)
    header_lines: int = 1  # physical lines up to the end of the header (blank lines above it included)
