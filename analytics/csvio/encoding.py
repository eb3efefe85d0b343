"""Encodings: Windows-1252 decoding, detection from the head of a file, and the streaming
transcoder that lets Arrow read Windows-1252 and UTF-16 files as UTF-8."""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import BinaryIO

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
        return "cp1252"
    return "utf-8"


def decode_head(head: bytes, encoding: str, truncated: bool) -> str:
    if encoding == "cp1252":
        return decode_cp1252(head)
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=not truncated)


class _Utf8Stream(io.RawIOBase):
    """A Windows-1252 or UTF-16 file read as UTF-8, transcoded while it is read (constant memory)."""

    def __init__(self, path: Path, encoding: str) -> None:
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

    def readable(self) -> bool:
        return True

    def _more(self, size: int) -> bytes:
        raw = self._raw.read(size)
        if not raw:
            self._eof = True
        if self._decoder is not None:
            return self._decoder.decode(raw, final=not raw).encode("utf-8")
        return decode_cp1252(raw).encode("utf-8")

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
    return _Utf8Stream(path, dialect.encoding)  # type: ignore[return-value]
