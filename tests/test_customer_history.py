"""A later customers export changes stored customers: the change is applied, what was stored
before is kept (``customer_changes``), and the summary says what kind of change it was — an end
date filled in is the normal course of things, one cleared un-churns a customer, a start date
moved shifts everything measured from it (issue 19, item 5). On DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from analytics import ingest
from analytics.ingest import ingest_file
from analytics.schema import customer_changes, customers
from tests.test_ingest import CUSTOMERS_CSV, write

LATER = (
    CUSTOMERS_CSV.replace("C1,2024-01-05,,,", "C1,2024-01-05,2024-10-01,me mudo,")  # left
    .replace("C2,2024-02-10,2024-09-01,muy caro,", "C2,2024-02-10,,,")  # back again
    .replace("C3,2024-03-15,", "C3,2024-05-01,")  # start moved later
)


def _changes(store) -> list[tuple]:
    h = customer_changes
    with store.read() as conn:
        rows = conn.execute(
            sa.select(h.c.customer_id, h.c.column_name, h.c.old_value, h.c.new_value, h.c.kind).order_by(
                h.c.customer_id, h.c.column_name
            )
        ).all()
    return [tuple(r) for r in rows]


@pytest.mark.quick
def test_changes_are_kept_and_counted_by_kind(store, tmp_path):
    first = ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    s = ingest_file(store, "customers", write(tmp_path, "c2.csv", LATER))
    assert (s.accepted, s.updated, s.duplicates) == (0, 3, 0)
    assert s.changes == {"ended": 1, "reactivated": 1, "start_moved": 1, "updated": 2}
    assert _changes(store) == [
        ("C1", "churn_reason", None, "me mudo", "updated"),
        ("C1", "end_date", None, "2024-10-01", "ended"),
        ("C2", "churn_reason", "muy caro", None, "updated"),
        ("C2", "end_date", "2024-09-01", None, "reactivated"),
        ("C3", "start_date", "2024-03-15", "2024-05-01", "start_moved"),
    ]
    with store.read() as conn:
        uploads_of = set(
            conn.execute(sa.select(customer_changes.c.upload_id, customer_changes.c.previous_upload_id)).all()
        )
        c2 = conn.execute(sa.select(customers).where(customers.c.customer_id == "C2")).mappings().one()
    assert uploads_of == {(s.upload_id, first.upload_id)}
    assert c2["end_date"] is None and c2["churn_reason"] is None  # applied: the latest export rules
    notes = "\n".join(s.notes)
    assert "1 customer had their end date cleared and count as active again: C2 (2024-09-01 → none)" in notes
    assert "1 customer had their start date moved: C3 (2024-03-15 → 2024-05-01)" in notes
    assert "ended" not in notes  # an end date filled in is normal: counted, not flagged
    # The same export again changes nothing and records nothing.
    again = ingest_file(store, "customers", write(tmp_path, "c3.csv", LATER))
    assert (again.updated, again.changes) == (0, {}) and len(_changes(store)) == 5


@pytest.mark.quick
def test_interactions_before_a_moved_start_are_flagged(store, tmp_path):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    text = "interaction_id,customer_id,timestamp,channel\nI1,C3,2024-04-01 10:00,phone\nI2,C3,2024-06-01 10:00,chat\n"
    assert ingest_file(store, "interactions", write(tmp_path, "i.csv", text)).accepted == 2
    s = ingest_file(store, "customers", write(tmp_path, "c2.csv", LATER))
    assert any(
        "1 stored interaction(s) of 1 customer(s) now fall before their customer's new start date" in n
        for n in s.notes
    ), s.notes


@pytest.mark.quick
def test_an_end_date_moved_is_its_own_kind(store, tmp_path):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))
    moved = CUSTOMERS_CSV.replace("C2,2024-02-10,2024-09-01,", "C2,2024-02-10,2024-08-15,")
    s = ingest_file(store, "customers", write(tmp_path, "c2.csv", moved))
    assert s.changes == {"end_moved": 1}
    assert any("end date moved: C2 (2024-09-01 → 2024-08-15)" in n for n in s.notes)


@pytest.mark.quick
def test_a_failed_upload_keeps_no_history(store, tmp_path, monkeypatch):
    ingest_file(store, "customers", write(tmp_path, "c.csv", CUSTOMERS_CSV))

    def failing(*args, **kwargs):
        raise RuntimeError("lost the connection")

    monkeypatch.setattr(ingest, "_close_upload", failing)
    with pytest.raises(RuntimeError):
        ingest_file(store, "customers", write(tmp_path, "c2.csv", LATER))
    assert _changes(store) == []
    with store.read() as conn:
        c2 = conn.execute(sa.select(customers.c.end_date).where(customers.c.customer_id == "C2")).scalar()
    assert str(c2)[:10] == "2024-09-01"
