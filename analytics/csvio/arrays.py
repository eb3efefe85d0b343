"""Arrow string and binary arrays seen as numpy buffers: offsets, bytes, lengths."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def table_column(table: pa.Table, i: int) -> pa.Array:
    col = table.column(i)
    return (
        col.chunk(0) if col.num_chunks == 1 else pa.concat_arrays(col.chunks or [pa.array([], pa.binary())])
    )


def offsets_of(arr: pa.Array) -> np.ndarray:
    if arr.buffers()[1] is None:
        return np.zeros(1, np.int32)
    return np.frombuffer(arr.buffers()[1], np.int32)[arr.offset : arr.offset + len(arr) + 1]


def bytes_of(arr: pa.Array) -> np.ndarray:
    buf = arr.buffers()[2]
    return np.frombuffer(buf, np.uint8) if buf is not None else np.zeros(0, np.uint8)


def lengths_of(arr: pa.Array) -> np.ndarray:
    return np.diff(offsets_of(arr))


def has_byte(s: pa.Array, byte: int) -> bool:
    data = bytes_of(s)
    return bool(data.size) and bool((data == byte).any())


def count_true(mask: pa.Array) -> int:
    return int(pc.fill_null(mask, False).to_numpy(zero_copy_only=False).sum())
