"""Physical lines: line breaks inside values, and the exact text of given lines read back."""

from __future__ import annotations

import io
from collections.abc import Iterator
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

    def _advance(self, line: int) -> bool:
        """Drop the lines before ``line``; False when the file has fewer lines."""
        while line - self._first > len(self._nl):
            if len(self._nl):
                self._drop(len(self._nl))  # whole lines before it: memory stays one block
            elif not self._fill():
                break
        if line - self._first > len(self._nl):
            return False
        if line > self._first:
            self._drop(line - self._first)
        return True

    def _take(self, line: int) -> bytes:
        """The exact bytes from the current line up to the start of ``line``, dropped from the buffer."""
        parts = []
        while line - self._first > len(self._nl):
            if len(self._nl):
                parts.append(self._buf[: int(self._nl[-1]) + 1])
                self._drop(len(self._nl))
            elif not self._fill():
                break
        k = min(line - self._first, len(self._nl))
        if k > 0:
            parts.append(self._buf[: int(self._nl[k - 1]) + 1])
            self._drop(k)
        return b"".join(parts)

    def rest_from(self, line: int, blank: int | None = None) -> BinaryIO:
        """The stream from the start of ``line`` to the end; the fetcher is used up. With ``blank``,
        that later line comes empty (its line break kept, so later lines keep their numbers)."""
        if not self._advance(line):
            return Resumed(b"", self._f)  # type: ignore[return-value]
        if blank is None or blank < line:
            return Resumed(self._buf, self._f)  # type: ignore[return-value]
        before = self._take(blank)
        while not len(self._nl) and self._fill():
            pass
        if not len(self._nl):  # the last line, without a line break
            return Resumed(before, self._f)  # type: ignore[return-value]
        end = int(self._nl[0])
        crlf = end > 0 and self._buf[end - 1 : end + 1] == b"\r\n"
        eol = self._buf[end - 1 : end + 1] if crlf else self._buf[end : end + 1]
        self._drop(1)
        return Resumed(before + eol + self._buf, self._f)  # type: ignore[return-value]

    def lines_from(self, line: int) -> Iterator[tuple[int, bytes]]:
        """(number, exact bytes with its line break) of each line from ``line`` on."""
        if not self._advance(line):
            return
        while True:
            while not len(self._nl) and self._fill():
                pass
            if not len(self._nl):
                if self._buf:
                    yield self._first, self._buf
                    self._buf = b""
                return
            bounds = [0, *(int(e) + 1 for e in self._nl)]
            for k in range(len(self._nl)):
                yield self._first + k, self._buf[bounds[k] : bounds[k + 1]]
            self._drop(len(self._nl))

    def close(self) -> None:
        self._f.close()


class Resumed(io.RawIOBase):
    """Bytes already read, then the rest of the stream they came from."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if len(self._prefix):
            n = min(len(b), len(self._prefix))
            b[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()
