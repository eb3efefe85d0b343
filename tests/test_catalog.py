"""What the store holds, for the interface: the upload history and the filter values (both
databases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.catalog import UPLOAD_COLUMNS, filter_values, upload_history
from analytics.ingest import ingest_files

pytestmark = pytest.mark.quick


def _files(tmp_path: Path) -> tuple[Path, Path]:
    customers = tmp_path / "c.csv"
    customers.write_text(
        "customer_id,start_date,end_date,segment,plan,region\n"
        "C1,2024-01-01,,pyme,basic,norte\n"
        "C2,2024-01-01,2024-03-01,hogar,basic,sur\n"
        "C3,2024-02-01,,hogar,plus,\n",
        encoding="utf-8",
    )
    interactions = tmp_path / "i.csv"
    interactions.write_text(
        "interaction_id,customer_id,timestamp,channel,team\n"
        "I1,C1,2024-01-05 10:00,phone,billing\n"
        "I2,C2,2024-01-06 10:00,chat,\n"
        "I3,C9,2024-01-07 10:00,phone,billing\n",
        encoding="utf-8",
    )
    return customers, interactions


def test_upload_history_latest_first(store, tmp_path):
    assert list(upload_history(store).columns) == list(UPLOAD_COLUMNS)
    assert upload_history(store).empty
    customers, interactions = _files(tmp_path)
    ingest_files(store, customers_path=customers, interactions_path=interactions, uploaded_by="ana")
    history = upload_history(store)
    assert list(history.columns) == list(UPLOAD_COLUMNS)
    assert history["file_name"].tolist() == ["i.csv", "c.csv"]
    assert history["table_name"].tolist() == ["interactions", "customers"]
    assert history["rejected"].tolist() == [1, 0]  # the contact of an unknown customer
    assert history["uploaded_by"].tolist() == ["ana", "ana"]
    assert len(history["content_hash"].iloc[0]) == 64
    assert len(upload_history(store, limit=1)) == 1


def test_filter_values_are_the_distinct_values_of_each_filter(store, tmp_path):
    customers, interactions = _files(tmp_path)
    ingest_files(store, customers_path=customers, interactions_path=interactions)
    values = filter_values(store)
    assert values == {
        "segment": ["hogar", "pyme"],
        "plan": ["basic", "plus"],
        "region": ["norte", "sur"],
        "channel": ["chat", "phone"],
        "team": ["billing"],
    }
    assert filter_values(store, max_values=1)["segment"] == ["hogar"]  # the commonest
