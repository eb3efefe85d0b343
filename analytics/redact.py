"""Contact details hidden in note text before it is shown: e-mail addresses, phone numbers and
long account or document numbers.

Notes are typed by agents and carry whatever the customer dictated. The pages that quote them
(example notes, note search, their CSV downloads) are browsed by managers and shown to clients in
meetings, where a customer's phone number or e-mail has no business; the customer id beside a
note is masked for the same reason (``analytics.measures``). The failure is in the words around
the number, so masking the number loses nothing the page is for.

What is masked, keeping the shape so a reader still sees what was there:

* an e-mail address keeps its first character and its domain: ``ana.perez@mail.com`` →
  ``a•••@mail.com``;
* a number of 7 digits or more (spaces, dashes, dots and brackets between digit groups allowed,
  a leading ``+`` too), and a run of 6 digits or more inside a code (``C004416``), keep their last
  two digits: ``+34 612 345 678`` → ``+•• ••• ••• •78``.

What is not: dates (``15/03/2025``, ``2025-03-14``), amounts written with thousands separators
(``1.250.000``, ``1,250.50``) or next to a currency (``$ 45 990``, ``120 000 pesos``), and short
numbers (a ticket ``#4521``, ``3 días``). The rules are deliberately simple: a phone written with
dots as thousands separators reads as an amount and stays.
"""

from __future__ import annotations

import re

import pandas as pd

DOT = "•"

_EMAIL = re.compile(r"(?<![\w.+-])([\w][\w.+-]*)@([\w-]+(?:\.[\w-]+)+)")
# A number: digits, with single separators (space, dash, dot, slash, brackets) between groups.
_NUMBER = re.compile(r"\+?\(?\d(?:[ \-./()]{0,2}\d)+\)?")
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_AMOUNT = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?")
_CURRENCY_BEFORE = re.compile(
    r"(?:[$€£]|\b(?:usd|eur|cop|mxn|ars|clp|pen|uyu|s/|us\$|r\$))\s*$", re.IGNORECASE
)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:[$€£]|(?:euros?|pesos?|soles?|d[oó]lares|dollars?|usd|eur|cop|mxn|ars|clp|pen|uyu)\b)",
    re.IGNORECASE,
)
_MIN_DIGITS = 7
_MIN_DIGITS_IN_CODE = 6


def _mask_digits(number: str, keep: int = 2) -> str:
    total = sum(ch.isdigit() for ch in number)
    out, seen = [], 0
    for ch in number:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else DOT)
        else:
            out.append(ch)
    return "".join(out)


def _mask_number(match: re.Match[str]) -> str:
    number = match.group()
    digits = sum(ch.isdigit() for ch in number)
    text, start, end = match.string, match.start(), match.end()
    glued = (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())
    if digits < (_MIN_DIGITS_IN_CODE if glued else _MIN_DIGITS):
        return number
    core = number.strip("+()")
    if _DATE.fullmatch(core) or _AMOUNT.fullmatch(core):
        return number
    if _CURRENCY_BEFORE.search(text[max(0, start - 5) : start]) or _CURRENCY_AFTER.match(
        text[end : end + 10]
    ):
        return number
    return _mask_digits(number)


def redact_contact_details(text: object) -> object:
    """``text`` with e-mail addresses, phone numbers and long account numbers masked (module
    docstring); anything that is not a string (None, NaN) comes back as it was."""
    if not isinstance(text, str) or not text:
        return text
    text = _EMAIL.sub(lambda m: f"{m.group(1)[0]}{DOT * 3}@{m.group(2)}", text)
    return _NUMBER.sub(_mask_number, text)


def redact_notes(notes: pd.Series) -> pd.Series:
    """:func:`redact_contact_details` over a column of notes."""
    return notes.map(redact_contact_details)
