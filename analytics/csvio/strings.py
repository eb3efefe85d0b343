"""Text values: bytes to strings (with the Windows-1252 fallback) and trimming."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.csvio.arrays import bytes_of, lengths_of, offsets_of
from analytics.csvio.encoding import decode_cp1252


def as_strings(arr: pa.Array, validated: bool) -> tuple[pa.Array, np.ndarray | None]:
    """Binary column → string column. Values that are not UTF-8 are read as Windows-1252.

    Returns the strings and the row indices that needed the fallback (None when none did).
    """
    if validated:
        return arr.view(pa.string()), None
    data = bytes_of(arr)
    if not data.size or data.max() < 0x80:  # pure ASCII is valid UTF-8: skip Arrow's check
        return arr.view(pa.string()), None
    try:
        return arr.cast(pa.string()), None
    except pa.ArrowInvalid:
        pass
    offsets, data = offsets_of(arr), bytes_of(arr)
    high = np.flatnonzero(data[offsets[0] : offsets[-1]] >= 0x80) + offsets[0]
    rows = np.unique(np.searchsorted(offsets, high, side="right") - 1)
    fixed, fell_back = [], []
    for i, value in zip(rows.tolist(), arr.take(pa.array(rows)).to_pylist()):
        try:
            fixed.append(value.decode("utf-8"))
        except UnicodeDecodeError:
            fixed.append(decode_cp1252(value))
            fell_back.append(i)
    mask = np.zeros(len(arr), bool)
    mask[rows] = True
    # Every value left unreplaced is pure ASCII, so the result is valid UTF-8.
    out = pc.replace_with_mask(arr.view(pa.string()), pa.array(mask), pa.array(fixed, pa.string()))
    return out, np.array(fell_back, np.int64)


def clean_strings(s: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Strip surrounding whitespace and make empty values null. Returns (strings, non-empty mask)."""
    data = bytes_of(s)
    if data.size and (data.min() <= 0x20 or data.max() >= 0x80):  # else nothing can need trimming
        s = pc.utf8_trim_whitespace(s)
    nonempty = lengths_of(s) > 0
    if not nonempty.all():
        if s.offset == 0 and s.null_count == 0:
            validity = pa.py_buffer(np.packbits(nonempty, bitorder="little"))
            s = pa.Array.from_buffers(pa.string(), len(s), [validity, s.buffers()[1], s.buffers()[2]])
        else:
            s = pc.if_else(pa.array(nonempty), s, pa.scalar(None, pa.string()))
    return s, nonempty


def to_object(s: pa.Array) -> np.ndarray:
    """Object array of str with None for nulls (what pandas users expect from text columns)."""
    # Sharing one str object per distinct value is a large win for vocabularies (channel, team)
    # and a loss for identifiers, so decide from the first values.
    dedup = len(s) >= 1000 and pc.count_distinct(s.slice(0, 1000)).as_py() <= 100
    return s.to_pandas(deduplicate_objects=dedup).to_numpy(dtype=object)
