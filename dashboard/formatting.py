"""Numbers and dates for the interface language: 12,8 % and 1.234 in Spanish, 12.8% and 1,234 in
English, month names written out (plotly does not localise dates, so charts get them as text).

Pure functions; no Streamlit. Missing values (None, NaN) are shown as an en dash.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

DASH = "–"
NBSP = "\u00a0"

MONTHS_SHORT = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}
MONTHS_LONG = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}

_MARKS = {"en": (".", ","), "es": (",", ".")}  # (decimal mark, thousands separator)


def _lang(lang: str) -> str:
    return lang if lang in _MARKS else "en"


def _missing(x) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def number(x, lang: str, decimals: int = 0) -> str:
    """``1234.5`` → ``"1,234.5"`` (en) / ``"1.234,5"`` (es), with ``decimals`` places."""
    if _missing(x):
        return DASH
    dec, thou = _MARKS[_lang(lang)]
    text = f"{float(x):,.{decimals}f}" if decimals else f"{round(float(x)):,d}"
    return text.replace(",", "\x00").replace(".", dec).replace("\x00", thou)


def percent(x, lang: str, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.128`` → ``"12.8%"`` (en) / ``"12,8 %"`` (es, with the space
    Spanish style puts before the sign, unbreakable)."""
    if _missing(x):
        return DASH
    body = number(100 * float(x), lang, decimals)
    return f"{body}{NBSP}%" if _lang(lang) == "es" else f"{body}%"


def percent_range(low, high, lang: str, decimals: int = 1) -> str:
    """An interval of fractions: ``"19.8–27.3%"`` / ``"19,8–27,3 %"``."""
    if _missing(low) or _missing(high):
        return DASH
    return f"{number(100 * float(low), lang, decimals)}{DASH}{percent(high, lang, decimals)}"


def points(x, lang: str, decimals: int = 1) -> str:
    """A difference of two percentages in percentage points, signed: ``"+1.2 pts"`` / ``"+1,2 p. p."``."""
    if _missing(x):
        return DASH
    unit = "p.\u00a0p." if _lang(lang) == "es" else "pts"
    sign = "+" if x > 0 else ("−" if x < 0 else "±")
    return f"{sign}{number(abs(100 * float(x)), lang, decimals)}{NBSP}{unit}"


def ratio(x, lang: str, decimals: int = 2) -> str:
    """A hazard ratio or any plain decimal: ``2.36`` / ``2,36``."""
    return number(x, lang, decimals)


def _as_date(d) -> date | None:
    if _missing(d):
        return None
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    return pd.Timestamp(d).date()


def day(d, lang: str) -> str:
    """``"31 Dec 2025"`` / ``"31 dic 2025"``."""
    d = _as_date(d)
    if d is None:
        return DASH
    return f"{d.day} {MONTHS_SHORT[_lang(lang)][d.month - 1]} {d.year}"


def day_time(ts, lang: str) -> str:
    """A timestamp to the minute: ``"31 Dec 2025 14:05"``."""
    if _missing(ts):
        return DASH
    ts = pd.Timestamp(ts)
    return f"{day(ts, lang)} {ts:%H:%M}"


def month(d, lang: str) -> str:
    """``"Jan 2024"`` / ``"ene 2024"``: chart axes and short labels."""
    d = _as_date(d)
    if d is None:
        return DASH
    return f"{MONTHS_SHORT[_lang(lang)][d.month - 1]} {d.year}"


def month_long(d, lang: str) -> str:
    """``"January 2024"`` / ``"enero de 2024"``: sentences."""
    d = _as_date(d)
    if d is None:
        return DASH
    name = MONTHS_LONG[_lang(lang)][d.month - 1]
    return f"{name} de {d.year}" if _lang(lang) == "es" else f"{name} {d.year}"


def plotly_separators(lang: str) -> str:
    """plotly's ``layout.separators``: the decimal mark, then the thousands separator."""
    dec, thou = _MARKS[_lang(lang)]
    return dec + thou


def short_hash(text, length: int = 12) -> str:
    """A content hash cut to its first characters (enough to tell uploads apart on screen)."""
    if _missing(text):
        return DASH
    text = str(text)
    return text if len(text) <= length else text[:length] + "…"


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$"})


def md_escape(text) -> str:
    """Text from a file (a file name, a header) made inert in Markdown: every character Markdown or
    HTML could read as markup is escaped, so it shows as written."""
    return str(text).translate(_MARKDOWN).replace("\n", " ")
