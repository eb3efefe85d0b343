"""Streaming CSV reader and per-row validator for analysts' uploads.

:func:`sniff` looks at the start of a file and works out how it is written — encoding,
separator, which header is which contract column, the day/month order of each date column and
whether numbers use a decimal comma — and returns it as a :class:`FileDialect`.
:func:`read_table` streams the file in chunks of about ``chunk_bytes`` and yields, per chunk, the
typed rows that passed every per-row rule and the rows that did not, each with the physical line
it starts on, its raw text and every reason it was rejected. Given the stored customers
(:class:`KnownCustomers`), an interactions file is also checked against them: an unknown customer
or an interaction before the customer's start is a reason like any other, with the record's own
text. Rows already stored are the store's business (:mod:`analytics.ingest`), not the reader's.

How it stays fast and small
    pyarrow's CSV parser reads every column as raw bytes; typing is done column by column with
    pyarrow.compute and numpy. Python loops run only over rejected rows and over the distinct
    values of small vocabularies (failure types). Arrow reads blocks of at most 4 MiB — its
    background reader queues up to 32 blocks ahead, so bigger blocks would let a large file sit
    in memory — and the blocks are gathered into chunks of about ``chunk_bytes``. Windows-1252
    and UTF-16 files go through a streaming transcoder to UTF-8.

Line numbers and raw text
    Arrow numbers every record it parses, header included, and hands rows with the wrong number
    of fields to a callback with that number and their text; that places them among the other
    records. Every record spans 1 + (line breaks inside its fields) physical lines, so the line
    each record starts on is a running sum over the records in file order; blank lines are
    records of their own and keep the count exact. A line ends at LF, CR LF or a lone CR, as
    Arrow splits records. The raw text of a rejected record is the exact text of its lines, read
    back in a second, forward-only pass over the file that runs only for chunks with rejects.

Blank records (an empty line, or a line of separators only, as spreadsheets export after the
data) are not records: they are counted in :attr:`Chunk.blank_lines` and neither accepted nor
rejected.

Modules (what each holds)
    ``dialect`` how a file is written and the refusal of one that cannot be read; ``encoding``
    encodings and the streaming transcoder; ``parser`` Arrow's CSV parser as used here;
    ``arrays`` Arrow buffers seen as numpy arrays; ``lines`` line breaks and the raw text of given
    lines; ``strings``, ``numbers``, ``dates``, ``vocabulary`` the value parsers; ``sniffing``
    :func:`sniff`; ``reading`` :func:`read_table` and the per-row rules.
"""

from __future__ import annotations

from analytics.csvio.dialect import DATE_ORDERS, DELIMITERS, FileDialect, FileRefused
from analytics.csvio.reading import Chunk, KnownCustomers, raw_lines, read_table
from analytics.csvio.sniffing import HeaderSniff, sniff, sniff_header

__all__ = [
    "DATE_ORDERS",
    "DELIMITERS",
    "Chunk",
    "FileDialect",
    "FileRefused",
    "HeaderSniff",
    "KnownCustomers",
    "raw_lines",
    "read_table",
    "sniff",
    "sniff_header",
]
