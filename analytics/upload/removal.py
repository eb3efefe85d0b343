"""Removing an upload of interactions: its rows go, its record stays, marked removed.

In one transaction: the upload's rows are deleted — from the stored table, and from its Parquet
part on the embedded database (the part is unlisted; its file is deleted once the transaction has
committed) —, their labels with them, the record is marked ``removed_at``/``removed_by``, and the
data version moves, so every cached result is recomputed. The record and its rejected rows stay,
so the history says what was loaded and removed, by whom and when.

Rows are stored once, by the first upload that brought them: a later upload of the same rows
counted them as already stored. Removing the first upload removes them, whichever later upload
held them too; uploading such a file again stores them again (an upload that was removed is not
"already uploaded").

A part file whose unlisting committed but whose deletion was cut short (a crash in between) is
an orphan that the next connection that may write removes; :func:`analytics.parts.repair` reads
the removal mark and does not mistake it for the only copy of a committed upload.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from analytics import parts
from analytics.schema import (
    bump_data_version,
    interaction_labels,
    interaction_parts,
    interactions,
    uploads,
)
from analytics.store import Store


class CannotRemove(ValueError):
    """The upload cannot be removed: it does not exist, is not of interactions, or is removed already.
    ``reason`` is ``missing``, ``not_interactions`` or ``removed``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Removal:
    """What a removal did: the upload, the rows deleted (``from_table`` stored in the table,
    ``from_part`` in its Parquet part) and the data version it moved to."""

    upload_id: int
    file_name: str
    from_table: int
    from_part: int
    data_version: int

    @property
    def rows(self) -> int:
        return self.from_table + self.from_part


def removable(record: dict | None) -> str | None:
    """Why an upload record cannot be removed (a :class:`CannotRemove` reason), or None."""
    if record is None:
        return "missing"
    if record["table_name"] != "interactions":
        return "not_interactions"
    if record.get("removed_at") is not None:
        return "removed"
    return None


def remove_upload(store: Store, upload_id: int, *, by: str | None = None) -> Removal:
    """Delete the rows of an upload of interactions and mark its record removed, in one transaction
    (see the module's docstring). Raises :class:`CannotRemove` for an upload that does not exist,
    is not of interactions, or was removed already; nothing changes then."""
    upload_id = int(upload_id)
    store.create_all()  # a database made before removals existed gets the columns
    part_file: Path | None = None
    with store.write() as conn:
        record = conn.execute(sa.select(uploads).where(uploads.c.upload_id == upload_id)).mappings().first()
        why = removable(dict(record) if record is not None else None)
        if why is not None:
            text = {
                "missing": f"there is no upload #{upload_id}",
                "not_interactions": f"upload #{upload_id} is of customers; only uploads of interactions can be removed",
                "removed": f"upload #{upload_id} was removed already",
            }[why]
            raise CannotRemove(text, why)
        # Their labels first, while the view still reads the part.
        mine = sa.select(interactions.c.interaction_key).where(interactions.c.upload_id == upload_id)
        conn.execute(sa.delete(interaction_labels).where(interaction_labels.c.interaction_key.in_(mine)))
        from_part = 0
        if store.is_duckdb and store.path is not None:
            raw = conn.connection.driver_connection
            listed = conn.execute(
                sa.select(interaction_parts.c.file_name, interaction_parts.c.rows).where(
                    interaction_parts.c.upload_id == upload_id
                )
            ).first()
            if listed is not None:
                conn.execute(sa.delete(interaction_parts).where(interaction_parts.c.upload_id == upload_id))
                part_file = parts.parts_dir(store.path.absolute()) / listed.file_name
                from_part = int(listed.rows)
            # The stored table by its full name: `interactions` is the view that also reads the parts.
            from_table = int(
                raw.execute(
                    f"DELETE FROM {parts.stored_table_sql(raw)} WHERE upload_id = ?", [upload_id]
                ).fetchone()[0]
            )
            parts.install_view(raw, store.path)
        else:
            from_table = conn.execute(
                sa.delete(interactions).where(interactions.c.upload_id == upload_id)
            ).rowcount
        conn.execute(
            sa.update(uploads)
            .where(uploads.c.upload_id == upload_id)
            .values(removed_at=datetime.now(UTC).replace(tzinfo=None), removed_by=by or _whoami())
        )
        version = bump_data_version(conn)
    if part_file is not None:
        # Committed: nothing lists the file any more. Cut short here, it is an orphan the next
        # connection that may write removes (the removal mark tells it so).
        part_file.unlink(missing_ok=True)
    return Removal(upload_id, record["file_name"], int(from_table), from_part, version)


def _whoami() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
