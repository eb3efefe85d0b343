"""Encodings: Windows-1252 decoding, detection from the head of a file, and the streaming
transcoder that lets Arrow read Windows-1252 and UTF-16 files as UTF-8."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import BinaryIO

import numpy as np

from analytics.csvio.dialect import FileDialect

# Windows-1252 leaves five bytes undefined; Windows itself maps them to the C1 controls, as
# Latin-1 does, so a stray one never makes a file unreadable.
_CP1252_TABLE = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def decode_cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0]


def decode_text(data: bytes) -> str:
    """UTF-8 when it is valid, else Windows-1252 (files that mix the two exist)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_cp1252(data)


_MAX_CARRY = 16 << 20  # a "line" longer than this is decoded without waiting for its end

TRANSCODED = ("cp1252", "utf-16", "utf-16-le", "utf-16-be")
"""Encodings read through the transcoder (Arrow reads UTF-8 only)."""


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without its byte-order mark: text of Latin letters has a NUL in every other byte
    (the high byte of each character), on the odd bytes for little-endian, the even for big."""
    sample = head[: 1 << 14]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    for codec, high, low in (("utf-16-le", zeros_odd, zeros_even), ("utf-16-be", zeros_even, zeros_odd)):
        if high > 0.9 and low < 0.02:
            try:
                sample.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def detect_encoding(head: bytes, truncated: bool) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return _utf16_without_bom(head) or "cp1252"  # else binary: the sniffer refuses it
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=not truncated)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    # Not all UTF-8. Files that mix lines of both encodings exist: the majority of the lines that
    # are not plain ASCII decides which reader takes the file; both read every line in its own.
    utf8 = cp1252 = 0
    for line in head.splitlines()[: -1 if truncated else None]:
        if not line.isascii():
            try:
                line.decode("utf-8")
                utf8 += 1
            except UnicodeDecodeError:
                cp1252 += 1
    return "utf-8" if utf8 > cp1252 else "cp1252"


def decode_head(head: bytes, encoding: str, truncated: bool) -> str:
    if encoding == "cp1252":
        return decode_lines(head)
    if encoding == "utf-8":  # perhaps with some Windows-1252 lines (see detect_encoding)
        try:
            return codecs.getincrementaldecoder("utf-8")().decode(head, final=not truncated)
        except UnicodeDecodeError:
            return "".join(decode_text(line) for line in head.splitlines(keepends=True))
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=not truncated)


def _may_hold_utf8(data: bytes) -> bool:
    """Whether Windows-1252 bytes contain what would be UTF-8 for a non-ASCII character: a lead
    byte (C2-F4) followed by a continuation byte (80-BF). In Spanish Windows-1252 text an accented
    letter is followed by a plain one, so two high bytes in a row are rare: that cheap test runs
    first (2 ms per 4 MB), the exact one only on those pairs."""
    a = np.frombuffer(data, np.uint8)
    high = a >= 0x80
    pairs = np.flatnonzero(high[:-1] & high[1:])
    if not pairs.size:
        return False
    lead, follow = a[pairs], a[pairs + 1]
    return bool(((lead >= 0xC2) & (lead <= 0xF4) & (follow <= 0xBF)).any())


def decode_lines(data: bytes) -> str:
    """Windows-1252 text in which some lines may be UTF-8: each line read in its own encoding."""
    return _decode_lines_noting(data, 1)[0]


def _decode_lines_noting(data: bytes, first_line: int) -> tuple[str, int | None]:
    """(text, the number of the first line read as UTF-8, or None)."""
    if not _may_hold_utf8(data):
        return decode_cp1252(data), None
    out: list[str] = []
    found: int | None = None
    for k, line in enumerate(data.splitlines(keepends=True)):
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(decode_cp1252(line))
        else:
            if found is None:
                found = first_line + k
    return "".join(out), found


class Utf8Stream(io.RawIOBase):
    """A Windows-1252 or UTF-16 file read as UTF-8, transcoded while it is read (constant memory).

    Windows-1252 is decoded whole lines at a time, and a line that is valid UTF-8 (files that mix
    the two exist) is kept as UTF-8 rather than turned into mojibake ("PeÃ±alolÃ©n");
    :attr:`first_utf8_line` is the first such line (the header is line 1), for a note.
    """

    def __init__(self, path: Path, encoding: str, newline: str = "\n") -> None:
        super().__init__()
        self._raw = open(path, "rb")  # noqa: SIM115 - closed by close()
        self._encoding = encoding
        self._decoder = (
            codecs.getincrementaldecoder(encoding)(errors="replace")
            if encoding.startswith("utf-16")
            else None
        )
        self._buf = bytearray()
        self._eof = False
        self._carry = b""  # the end of the last block read: a line not yet complete
        self._break = b"\r" if newline == "\r" else b"\n"
        self._line = 1  # the line the carry starts on
        self.first_utf8_line: int | None = None

    def readable(self) -> bool:
        return True

    def _more(self, size: int) -> bytes:
        raw = self._raw.read(size)
        if not raw:
            self._eof = True
        if self._decoder is not None:
            return self._decoder.decode(raw, final=not raw).encode("utf-8")
        data = self._carry + raw
        cut = data.rfind(self._break) + 1 if raw else len(data)
        if cut == 0 and len(data) < _MAX_CARRY:
            self._carry = data
            return b""
        cut = cut or len(data)
        data, self._carry = data[:cut], data[cut:]
        text, found = _decode_lines_noting(data, self._line)
        if found is not None and self.first_utf8_line is None:
            self.first_utf8_line = found
        self._line += data.count(self._break)
        return text.encode("utf-8")

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            while not self._eof:
                self._buf += self._more(1 << 20)
            size = len(self._buf)
        while len(self._buf) < size and not self._eof:
            self._buf += self._more(max(size, 1 << 16))
        out = bytes(self._buf[:size])
        del self._buf[:size]
        return out

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def transcoded(dialect: FileDialect) -> bool:
    """Whether the bytes Arrow sees were written by the transcoder (so are valid UTF-8)."""
    return dialect.encoding in TRANSCODED


def utf8_native(dialect: FileDialect) -> bool:
    """Whether Arrow can read the file itself (no transcoding needed)."""
    return dialect.encoding in ("utf-8", "utf-8-sig")


def open_bytes(path: Path, dialect: FileDialect) -> BinaryIO:
    if utf8_native(dialect):
        return open(path, "rb")
    return Utf8Stream(path, dialect.encoding, dialect.newline)  # type: ignore[return-value]
