"""Physical lines: line breaks inside values, and the exact text of given lines read back."""

from __future__ import annotations

from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.csvio.arrays import bytes_of
from analytics.csvio.encoding import decode_text

# Line breaks are counted the way Arrow splits records: "\n", "\r\n" and a lone "\r" each end a
# line. The line numbers given to users, and the lines read back for raw text, follow the same rule.


def line_breaks(arr: pa.Array) -> np.ndarray | None:
    """Line breaks inside each value (None when the column has none at all)."""
    data = bytes_of(arr)
    if not data.size or data.min() > 13:
        return None
    counts = None
    if (data == 10).any():
        counts = pc.count_substring(arr, "\n").to_numpy(zero_copy_only=False)
    if (data == 13).any():
        lone = pc.subtract(pc.count_substring(arr, "\r"), pc.count_substring(arr, "\r\n"))
        lone = lone.to_numpy(zero_copy_only=False)
        counts = lone if counts is None else counts + lone
    return counts


def text_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _break_positions(buf: bytes, final: bool) -> np.ndarray:
    """Where lines end in buf: each "\n", and each "\r" not followed by "\n" (a "\r" at the very
    end counts only when no more data follows)."""
    data = np.frombuffer(buf, np.uint8)
    ends = data == 10
    cr = data == 13
    lone = cr[:-1] & ~ends[1:]
    ends[:-1] |= lone
    if data.size and cr[-1] and final:
        ends[-1] = True
    return np.flatnonzero(ends)


class LineFetcher:
    """The exact text of given physical lines, reading forward through the file once."""

    def __init__(self, stream: BinaryIO, block: int = 4 << 20) -> None:
        self._f = stream
        self._block = block
        self._buf = b""
        self._first = 1  # line number of the line _buf starts with
        self._nl = np.zeros(0, np.int64)
        self._eof = False

    def _fill(self) -> bool:
        data = self._f.read(self._block)
        if not data:
            self._eof = True
            self._nl = _break_positions(self._buf, final=True)
            return False
        self._buf += data
        self._nl = _break_positions(self._buf, final=False)
        return True

    def _drop(self, k: int) -> None:
        """Forget the first k lines of the buffer."""
        cut = int(self._nl[k - 1]) + 1
        self._first += k
        self._buf = self._buf[cut:]
        self._nl = self._nl[k:] - cut

    def texts(self, starts: np.ndarray, counts: np.ndarray) -> list[str]:
        """The text of each record starting on line starts[i] and spanning counts[i] lines.

        Calls must ask for increasing lines; everything before the first line asked is dropped.
        """
        first = int(starts[0])
        while first - self._first > len(self._nl):  # skip whole blocks before the first record
            if len(self._nl):
                self._drop(len(self._nl))
            if not self._fill():
                return [""] * len(starts)
        if first > self._first:
            self._drop(first - self._first)
        last = int((starts + counts).max()) - 1
        while last - self._first >= len(self._nl) and not self._eof:
            self._fill()
        buf = self._buf
        # Line i of the buffer runs from bounds[i] + 1 up to bounds[i + 1] (its newline, or the end).
        bounds = np.concatenate([[-1], self._nl, [len(buf)]])
        top = len(bounds) - 1
        k = starts - self._first
        begin = bounds[np.minimum(k, top)] + 1
        end = bounds[np.minimum(k + counts, top)]
        return [decode_text(buf[b:e].removesuffix(b"\r")) for b, e in zip(begin.tolist(), end.tolist())]

    def close(self) -> None:
        self._f.close()
