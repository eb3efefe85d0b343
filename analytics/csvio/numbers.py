"""Numbers written with a decimal point or a decimal comma, with or without thousands separators."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.csvio.arrays import has_byte

# A number written with decimal separator D and (optional, well-formed) thousands separator G.
_NUMBER_COMMA = r"^[+-]?(?:(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$"
_NUMBER_POINT = r"^[+-]?(?:(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
# Unambiguous evidence of one convention, for sniffing: a lone separator not followed by exactly
# three digits, both separators, or repeated thousands groups.
EVIDENCE_COMMA = r"^[+-]?(?:\d*,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})$"
EVIDENCE_POINT = r"^[+-]?(?:\d*\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})$"
_CURRENCY = r"^[€$£]\s*|\s*[€$£]$"


def parse_numbers(s: pa.Array, decimal_comma: bool) -> np.ndarray:
    """Float64 values (NaN where empty or unreadable). Both conventions are accepted when a value
    is unambiguous; ``decimal_comma`` decides the ambiguous ones (``1.234``, ``1,234``)."""
    try:
        fast = s
        if decimal_comma:
            if has_byte(s, ord(".")):
                raise ValueError("thousands separators: the general path handles them")
            if has_byte(s, ord(",")):
                fast = pc.replace_substring(s, ",", ".")
        return pc.cast(fast, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, ValueError):
        pass
    text = pc.replace_substring_regex(s, _CURRENCY, "")
    first, second = (_NUMBER_COMMA, _NUMBER_POINT) if decimal_comma else (_NUMBER_POINT, _NUMBER_COMMA)

    def normalised(pattern: str) -> pa.Array:
        if pattern is _NUMBER_COMMA:
            return pc.replace_substring(pc.replace_substring(text, ".", ""), ",", ".")
        return pc.replace_substring(text, ",", "")

    chosen = pc.if_else(
        pc.match_substring_regex(text, first),
        normalised(first),
        pc.if_else(pc.match_substring_regex(text, second), normalised(second), pa.scalar(None, pa.string())),
    )
    return pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False)
