"""The database's tables, written once with SQLAlchemy 2 Core from the data contract.

Everything that reads or writes the database names its tables through this module: the store
(connections and locks), the Parquet parts beside the embedded file, the ingest, the measures and
the models' queries. It imports nothing of the project but the contract, so every other module
of the data side can import it without a cycle.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateColumn

from analytics.contract import CUSTOMERS, INTERACTIONS, Column, TableContract

_SA_TYPES = {
    "id": sa.Text,
    "text": sa.Text,
    "date": sa.Date,
    "datetime": sa.DateTime,
    "bool": sa.Boolean,
    "int": sa.Integer,
    "float": sa.Double,
    "escalation": sa.Text,
}

metadata = sa.MetaData()

# Text columns whose values are nearly all distinct (keys, free text). DuckDB's automatic choice
# of compression analyses a dictionary for every column segment; on these it never wins, and the
# analysis cost 0.8 CPU-seconds of a 1 M-row upload's 7 (bench/README.md). The automatic choice
# ends with FSST on them anyway, so the file and the queries are the same. `USING COMPRESSION` is
# DuckDB's column option for exactly this (a choice for speed over the analyser's). Columns with
# few values (channel, team, topic, agent) keep the automatic choice: dictionaries make GROUP BY fast.
_DUCKDB_COMPRESSION = "duckdb_compression"
_DISTINCT_TEXT = {_DUCKDB_COMPRESSION: "fsst"}


@compiles(CreateColumn, "duckdb")
def _duckdb_column(element: CreateColumn, compiler, **kw) -> str:
    text = compiler.visit_create_column(element, **kw)
    method = element.element.info.get(_DUCKDB_COMPRESSION)
    if method and text:
        text += f" USING COMPRESSION {method}"
    return text


upload_id_seq = sa.Sequence("upload_id_seq", metadata=metadata)

uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column(
        "upload_id", sa.Integer, upload_id_seq, primary_key=True, server_default=upload_id_seq.next_value()
    ),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("content_hash", sa.Text, nullable=False),
    sa.Column("uploaded_at", sa.DateTime, nullable=False),
    sa.Column("uploaded_by", sa.Text),
    sa.Column("encoding", sa.Text),
    sa.Column("delimiter", sa.Text),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("accepted", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("duplicates", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("notes", sa.Text),
    # An upload of interactions removed from the browser: its rows are deleted, its record (and its
    # rejected rows) kept with when and by whom (analytics/upload/removal.py).
    sa.Column("removed_at", sa.DateTime),
    sa.Column("removed_by", sa.Text),
)

rejected_rows = sa.Table(
    "rejected_rows",
    metadata,
    sa.Column("upload_id", sa.Integer, nullable=False),
    sa.Column("line", sa.BigInteger, nullable=False),
    sa.Column("raw", sa.Text),
    sa.Column("reason", sa.Text, nullable=False),  # every reason in English, "; "-joined
    # The first reason's code, and every reason as JSON ([{"code": …, parameters…}, …]), so that an
    # interface renders them in its language and counts them by kind (analytics/reasons.py).
    # Empty in rows stored before reasons had codes.
    sa.Column("code", sa.Text),
    sa.Column("params", sa.Text),
)


def distinct_text_columns(table: sa.Table) -> set[str]:
    """The text columns of ``table`` whose values are nearly all distinct (keys, free text)."""
    return {c.name for c in table.columns if c.info.get(_DUCKDB_COMPRESSION) == "fsst"}


def contract_columns(
    contract: TableContract,
    skip: tuple[str, ...] = (),
    *,
    all_nullable: bool = False,
    distinct_text: tuple[str, ...] = (),
) -> list[sa.Column]:
    """SQLAlchemy columns for a contract's columns (types from the column kinds).

    ``distinct_text`` names text columns whose values are nearly all distinct; on DuckDB they skip
    the dictionary compression that never pays on them.
    """
    out = []
    for col in contract.columns:
        if col.name in skip:
            continue
        info = dict(_DISTINCT_TEXT) if col.name in distinct_text else {}
        out.append(
            sa.Column(col.name, _SA_TYPES[col.kind](), nullable=all_nullable or not col.required, info=info)
        )
    return out


customers = sa.Table(
    "customers",
    metadata,
    sa.Column("customer_id", sa.Text, primary_key=True),
    *contract_columns(CUSTOMERS, skip=("customer_id",)),
    sa.Column("upload_id", sa.Integer),
)

# Every change an upload made to a stored customer, one row per column changed: a later export
# may fill in an end date (the customer left), clear one (the customer came back), or move a start
# date, and what was stored before is kept here rather than overwritten silently.
customer_changes = sa.Table(
    "customer_changes",
    metadata,
    sa.Column("upload_id", sa.Integer, nullable=False),  # the upload that made the change
    sa.Column("customer_id", sa.Text, nullable=False),
    sa.Column("column_name", sa.Text, nullable=False),
    sa.Column("old_value", sa.Text),  # as stored before, as text (dates as YYYY-MM-DD)
    sa.Column("new_value", sa.Text),
    sa.Column("kind", sa.Text, nullable=False),  # analytics.ingest.CHANGE_KINDS
    sa.Column("previous_upload_id", sa.Integer),  # the upload that had stored the old value
)

interactions = sa.Table(
    "interactions",
    metadata,
    # interaction_id when the file has one, else a hash of the row's parsed values: the key that
    # makes a second upload of the same rows store nothing.
    sa.Column("interaction_key", sa.Text, nullable=False, info=dict(_DISTINCT_TEXT)),
    *contract_columns(INTERACTIONS, distinct_text=("customer_id", "interaction_id", "notes")),
    sa.Column("upload_id", sa.Integer),
    # The line of the uploaded file the row came from (the header is line 1): where to look when a
    # figure needs checking against the export, and which of two rows with one key came first.
    sa.Column("source_line", sa.BigInteger),
)

# Row-store indexes for PostgreSQL. DuckDB answers these joins with hash joins over its columnar
# storage, and maintaining ART indexes made a 1 M-row upload several times slower there.
for _name, _col in (
    ("ix_interactions_customer", interactions.c.customer_id),
    ("ix_interactions_key", interactions.c.interaction_key),
):
    sa.Index(_name, _col).ddl_if(dialect="postgresql")

# Failure labels: one row per (interaction, family) found, from the most trusted source available.
interaction_labels = sa.Table(
    "interaction_labels",
    metadata,
    sa.Column("interaction_key", sa.Text, nullable=False),
    sa.Column("family", sa.Text, nullable=False),
    sa.Column("subtype", sa.Text),
    sa.Column("source", sa.Text, nullable=False),  # coded | structured | text
    sa.Column("probability", sa.Double),
    sa.Column("is_primary", sa.Boolean, nullable=False),
    # The failure is known at an as-of date after this one: a promise is only broken once its date has
    # passed. NULL = known at the contact. Reads at an as-of date keep labels known by then, so
    # labels need no relabelling when the as-of date changes.
    sa.Column("known_after", sa.Date),
)

# One row per labelling: which data it labelled (the data version read at its start, written in
# the same transaction as the labels), with which rules, and what it found.
label_runs = sa.Table(
    "label_runs",
    metadata,
    sa.Column("run_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("data_version", sa.Integer, nullable=False),
    sa.Column("rules", sa.Text, nullable=False),  # JSON of the structured-signal thresholds
    sa.Column("labelled_at", sa.DateTime, nullable=False),
    sa.Column("seconds", sa.Double),
    sa.Column("counts", sa.Text),  # JSON {source: {family: primary labels}}
    sa.Column("found", sa.Text),  # JSON {source: {family: contacts it found}}, before one is primary
)

# Results that take seconds (labels' successors: attribution, survival curves), computed once per
# data version and parameters and kept for every session, the command line and app restarts.
results = sa.Table(
    "results",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("params", sa.Text, primary_key=True),  # canonical JSON of the parameters
    sa.Column("data_version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("seconds", sa.Double),
    sa.Column("payload", sa.LargeBinary, nullable=False),
)

label_corrections = sa.Table(
    "label_corrections",
    metadata,
    sa.Column("text", sa.Text, nullable=False),  # the note or exit reason as written
    sa.Column("family", sa.Text, nullable=False),  # attitude | process | price | quality | none
    sa.Column("subtype", sa.Text),
    sa.Column("corrected_at", sa.DateTime, nullable=False),
    sa.Column("corrected_by", sa.Text),
)

# Scenarios a consultant saved under a name (the Scenarios page): the settings as JSON (levers,
# horizon, value of a customer-month, word-of-mouth assumptions), the scope they were run on, and
# the figures as they were when saved (a later upload changes the data, not what was shown then).
saved_scenarios = sa.Table(
    "saved_scenarios",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.Column("data_version", sa.Integer, nullable=False),
    sa.Column("settings", sa.Text, nullable=False),  # JSON: levers, horizon, value, word of mouth
    sa.Column("scope", sa.Text, nullable=False),  # JSON: Scope.key()
    sa.Column("figures", sa.Text, nullable=False),  # JSON: the projection's figures when saved
)

sa.Index("ix_labels_key", interaction_labels.c.interaction_key).ddl_if(dialect="postgresql")
sa.Index("ix_rejected_upload", rejected_rows.c.upload_id).ddl_if(dialect="postgresql")

# Uploads of interactions kept as Parquet files beside the embedded database (analytics/parts.py).
interaction_parts = sa.Table(
    "interaction_parts",
    metadata,
    sa.Column("upload_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("file_name", sa.Text, nullable=False),  # inside the folder <database file>.parts
    sa.Column("rows", sa.BigInteger, nullable=False),
    sa.Column("bytes", sa.BigInteger, nullable=False),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text),
)

CONTRACT_TABLES: dict[str, sa.Table] = {"customers": customers, "interactions": interactions}


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Upsert one meta value inside the caller's transaction."""
    conn.execute(sa.delete(meta).where(meta.c.key == key))
    conn.execute(sa.insert(meta).values(key=key, value=value))


def set_as_of(conn: Connection, as_of: str) -> None:
    """Store the as-of date (ISO) inside the caller's transaction. Every kept result depends on it,
    so the data version moves — but only when the date changes: the same ingest command run again
    with the same ``--as-of`` leaves the kept results current."""
    current = conn.execute(sa.select(meta.c.value).where(meta.c.key == "as_of")).scalar()
    if current != as_of:
        set_meta(conn, "as_of", as_of)
        bump_data_version(conn)


def bump_data_version(conn: Connection) -> int:
    current = conn.execute(sa.select(meta.c.value).where(meta.c.key == "data_version")).scalar()
    new = int(current or 0) + 1
    set_meta(conn, "data_version", str(new))
    return new


def contract_column(table: str, name: str) -> Column:
    return (CUSTOMERS if table == "customers" else INTERACTIONS).column(name)
