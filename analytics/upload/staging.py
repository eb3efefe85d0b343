"""An uploaded file, written to disk as the CSV the ingest reads.

A browser upload arrives as bytes in the server's memory. It is copied, block by block, into a
private temporary folder — decompressed on the way when it is a ``.gz`` or a ``.zip`` holding one
export — and hashed as it goes (the hash the ingest records, so a file uploaded again, compressed
or not, is recognised before anything is stored). The ingest then reads the file from disk like
any other, and the server can let the uploaded bytes go.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from analytics.csvio import FileRefused

CSV_SUFFIXES: tuple[str, ...] = (".csv", ".txt", ".tsv")
"""Names of exports the upload takes as they are."""

COMPRESSED_SUFFIXES: tuple[str, ...] = (".gz", ".zip")
"""Compressed exports: a .gz of one export, or a .zip holding exactly one."""

ACCEPTED_TYPES: tuple[str, ...] = tuple(s.lstrip(".") for s in (*CSV_SUFFIXES, *COMPRESSED_SUFFIXES))
"""What a file picker offers (extensions without their dot)."""

BLOCK = 1 << 22
MAX_NAME = 120


@dataclass(frozen=True)
class StagedFile:
    """An uploaded export on disk, ready for :func:`analytics.upload.inspect_file` and the ingest.

    ``name`` is the file's name as uploaded (cleaned of any folder and control characters);
    ``path`` the CSV the ingest reads, named after the export itself (``clientes.csv`` for
    ``clientes.csv.gz``), which is the name the upload's record keeps; ``size`` its bytes;
    ``sent`` the bytes as uploaded; ``content_hash`` the SHA-256 of the CSV, as the ingest records it.
    """

    table: str
    name: str
    path: Path
    size: int
    sent: int
    content_hash: str

    @property
    def compressed(self) -> bool:
        return self.sent != self.size or self.name != self.path.name

    def discard(self) -> None:
        """Delete the staged copy (and its private folder)."""
        shutil.rmtree(self.path.parent, ignore_errors=True)


def clean_name(name: str) -> str:
    """A file name as a browser sent it, made safe to show and to create: the last part of any
    path (either slash), without control characters, at most :data:`MAX_NAME` characters."""
    base = PureWindowsPath(PurePosixPath(str(name)).name).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(base) > MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: MAX_NAME - len(suffix) - 2] + "…" + dot + suffix) if dot else base[:MAX_NAME]
    return base or "upload.csv"


def _kind(name: str) -> str:
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix):
            return suffix
    if lower.endswith(CSV_SUFFIXES):
        return "csv"
    raise FileRefused("not_a_csv_name", name=name)


def _copy(source: BinaryIO, target: Path) -> tuple[int, str]:
    """Copy a stream to ``target`` block by block; (bytes written, SHA-256 of them)."""
    digest = hashlib.sha256()
    size = 0
    with open(target, "xb") as out:
        while block := source.read(BLOCK):
            digest.update(block)
            out.write(block)
            size += len(block)
    return size, digest.hexdigest()


def _zip_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    files = [
        m
        for m in archive.infolist()
        if not m.is_dir()
        and not m.filename.startswith("__MACOSX/")
        and not PurePosixPath(m.filename).name.startswith(".")
    ]
    exports = [m for m in files if m.filename.lower().endswith(CSV_SUFFIXES)]
    if not exports:
        raise FileRefused("zip_without_csv", name=name, members=[m.filename for m in files] or ["—"])
    if len(exports) > 1:
        raise FileRefused(
            "zip_several_csv", name=name, count=len(exports), members=[m.filename for m in exports]
        )
    return exports[0]


def stage_file(source: BinaryIO, name: str, table: str, *, folder: Path | None = None) -> StagedFile:
    """Write an uploaded file (a readable binary stream) to a private temporary folder as the CSV
    the ingest will read; decompress a ``.gz`` or a ``.zip`` on the way.

    Raises :class:`~analytics.csvio.FileRefused` for a name that is not an export's
    (``not_a_csv_name``), a ``.gz`` or ``.zip`` that cannot be opened, a zip without an export
    or with several. Nothing is left on disk when it raises.
    """
    shown = clean_name(name)
    kind = _kind(shown)
    where = Path(tempfile.mkdtemp(prefix="churn-upload-", dir=folder))
    start = source.tell() if source.seekable() else 0
    try:
        if kind == "csv":
            target = where / shown
            size, digest = _copy(source, target)
            sent = size
        elif kind == ".gz":
            inner = shown[: -len(".gz")]
            if not inner.lower().endswith(CSV_SUFFIXES):
                inner += ".csv"
            target = where / clean_name(inner)
            try:
                with gzip.GzipFile(fileobj=source, mode="rb") as unpacked:
                    size, digest = _copy(unpacked, target)
            except (OSError, EOFError, zlib.error) as exc:
                raise FileRefused("not_gzip", name=shown, error=str(exc) or type(exc).__name__) from None
            sent = (source.tell() - start) if source.seekable() else size
        else:
            try:
                archive = zipfile.ZipFile(source)
            except (zipfile.BadZipFile, OSError) as exc:
                raise FileRefused("not_zip", name=shown, error=str(exc) or type(exc).__name__) from None
            with archive:
                member = _zip_member(archive, shown)
                target = where / clean_name(PurePosixPath(member.filename).name)
                try:
                    with archive.open(member) as unpacked:
                        size, digest = _copy(unpacked, target)
                except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
                    raise FileRefused("not_zip", name=shown, error=str(exc) or type(exc).__name__) from None
            source.seek(0, 2)
            sent = source.tell() - start
    except BaseException:
        shutil.rmtree(where, ignore_errors=True)
        raise
    return StagedFile(table=table, name=shown, path=target, size=size, sent=sent, content_hash=digest)
