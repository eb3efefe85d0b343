"""What the store holds, for the interface: the record of uploads and the values each filter can
take. Small reads by SQL; the pages show them, the command line can print them.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from analytics.schema import customers, interactions, uploads
from analytics.scope import CONTACT_FILTERS, CUSTOMER_FILTERS
from analytics.store import Store

UPLOAD_COLUMNS = (
    "upload_id",
    "uploaded_at",
    "uploaded_by",
    "table_name",
    "file_name",
    "rows",
    "accepted",
    "rejected",
    "duplicates",
    "updated",
    "encoding",
    "delimiter",
    "content_hash",
    "removed_at",
    "removed_by",
)


def upload_history(store: Store, limit: int | None = None) -> pd.DataFrame:
    """The uploads, latest first, with the columns of :data:`UPLOAD_COLUMNS`."""
    q = sa.select(*(uploads.c[name] for name in UPLOAD_COLUMNS)).order_by(uploads.c.upload_id.desc())
    if limit is not None:
        q = q.limit(limit)
    frame = store.read_frame(q)
    if frame.empty:
        return pd.DataFrame(columns=list(UPLOAD_COLUMNS))
    return frame


def filter_values(store: Store, max_values: int = 500) -> dict[str, list[str]]:
    """The distinct values of each filter column (segment, plan, region from the customers; channel
    and team from the interactions), sorted, at most ``max_values`` each (the commonest first when
    there are more, then sorted)."""
    out: dict[str, list[str]] = {}
    with store.read() as conn:
        for names, table in ((CUSTOMER_FILTERS, customers), (CONTACT_FILTERS, interactions)):
            for name in names:
                col = table.c[name]
                rows = conn.execute(
                    sa.select(col, sa.func.count().label("n"))
                    .where(col.is_not(None))
                    .group_by(col)
                    .order_by(sa.func.count().desc(), col)
                    .limit(max_values)
                ).all()
                out[name] = sorted(str(r[0]) for r in rows)
    return out
