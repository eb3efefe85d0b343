"""The scope resolved once, labelling as an explicit step with its own record, and results kept in
the database per data version.

* A resolved :class:`Scope` never reads the database again, and every step of a run receives it.
* Labelling records the data version it read *before* reading the data, in the same transaction
  as the labels, so an upload that lands while it labels leaves them stale (issue 19, item 2):
  tested with two real processes, the second ingesting while the first is inside labelling.
* Labelling does not move the data version (a cached read that wrote moved its own cache key).
* Attribution and survival are computed once per data version and parameters: the command line
  stores them, a later call (another process, an app restart) reads them back, an upload makes
  them stale.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import demo
from analytics import periods
from analytics.ingest import ingest_file, ingest_files
from analytics.schema import customers, interaction_labels, interactions, label_runs
from analytics.scope import Scope
from analytics.store import Store
from models import report
from models.labels import ensure_labels, label_interactions, labels_are_current, last_label_run
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


class _NoReads(Store):
    """A store that fails on any read: a resolved scope must not need one."""

    def read(self):  # type: ignore[override]
        raise AssertionError("the database was read")


@pytest.mark.quick
def test_a_resolved_scope_reads_nothing_and_hashes_by_value(tmp_path):
    scope = Scope(as_of=date(2024, 12, 31), start=date(2024, 1, 1), segment=["b", "a", "a"])
    assert scope.resolved(_NoReads(f"duckdb:///{tmp_path / 'never.duckdb'}")) is scope
    assert scope.segment == ("a", "b")
    assert hash(scope) == hash(Scope(as_of=date(2024, 12, 31), start=date(2024, 1, 1), segment=("a", "b")))
    assert scope.customer_filters() == {"segment": ("a", "b")} and scope.contact_filters() == {}
    with pytest.raises(ValueError, match="not resolved yet"):
        _ = Scope().window
    with pytest.raises(ValueError, match="starts on 2025-01-01 after its end"):
        Scope(as_of=date(2024, 12, 31), start=date(2025, 1, 1)).validate()


@pytest.mark.quick
def test_scope_resolves_from_the_data_once(duck_store):
    with duck_store.write() as conn:
        conn.execute(
            sa.insert(customers),
            [
                {"customer_id": "A", "start_date": date(2024, 1, 5), "end_date": date(2024, 6, 1)},
                {"customer_id": "B", "start_date": date(2024, 2, 1), "end_date": None},
            ],
        )
    scope = Scope().resolved(duck_store)
    assert (scope.start, scope.as_of) == (date(2024, 1, 5), date(2024, 6, 1))
    # A customer filter is a bound parameter: a value with quotes selects nothing, breaks nothing.
    odd = Scope(segment=["x' OR '1'='1"]).resolved(duck_store)
    assert periods.customer_frame(duck_store, odd).empty


@pytest.mark.quick
def test_a_contact_filter_is_refused_by_a_customer_level_model(duck_store):
    with pytest.raises(
        ValueError, match="channel filter selects contacts, but this model's unit is the customer"
    ):
        report.run_survival(
            duck_store, Scope(as_of=date(2024, 1, 1), start=date(2024, 1, 1), channel=["chat"])
        )


def _store_with_promise(tmp_path) -> Store:
    """One customer with a promise due on 2024-04-01 and never kept; data up to 2024-12-31."""
    store = Store(f"duckdb:///{tmp_path / 'promise.duckdb'}")
    store.create_all()
    with store.write() as conn:
        conn.execute(
            sa.insert(customers), [{"customer_id": "C1", "start_date": date(2024, 1, 1), "end_date": None}]
        )
        conn.execute(
            sa.insert(interactions),
            [
                {
                    "interaction_key": "p",
                    "customer_id": "C1",
                    "timestamp": pd.Timestamp("2024-03-01 10:00"),
                    "promised_date": date(2024, 4, 1),
                },
                {
                    "interaction_key": "last",
                    "customer_id": "C1",
                    "timestamp": pd.Timestamp("2024-12-31 10:00"),
                    "promised_date": None,
                },
            ],
        )
    return store


def test_a_broken_promise_is_judged_at_the_runs_as_of_date_without_relabelling(tmp_path):
    """Labelling once serves every as-of date: the promise is a failure in an analysis after its
    date and not in one before it (labels used to be judged at the stored as-of date instead)."""
    store = _store_with_promise(tmp_path)
    label_interactions(store)
    runs = last_label_run(store)["run_id"]
    before = periods.failure_frame(store, Scope(as_of=date(2024, 3, 20)))
    after = periods.failure_frame(store, Scope(as_of=date(2024, 4, 2)))
    assert before.empty
    assert len(after) == 1 and int(after["f_proc"].iloc[0]) == 1
    assert last_label_run(store)["run_id"] == runs  # no relabelling in between


def test_labelling_records_its_run_and_leaves_the_data_version(tmp_path):
    store = _store_with_promise(tmp_path)
    version = store.data_version()
    assert not labels_are_current(store)
    assert ensure_labels(store) is True
    assert store.data_version() == version  # labels are derived data: the cache key stays
    run = last_label_run(store)
    assert run["data_version"] == version and run["counts"] == {"structured": {"process": 1}}
    assert labels_are_current(store) and ensure_labels(store) is False
    # A change of the data makes them stale.
    with store.write() as conn:
        from analytics.schema import bump_data_version

        bump_data_version(conn)
    assert not labels_are_current(store)


# The labelling process: a classifier stand-in that, on its first call (inside labelling, after
# the data version and the rows were read), signals the test and waits until the other process
# has ingested. Deterministic: no sleeps racing each other.
LABELLER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import pandas as pd
    from analytics.store import Store
    from models.classify import default_classifier
    from models.labels import label_interactions

    inside, landed = Path({inside!r}), Path({landed!r})
    real = default_classifier()

    class Pausing:
        def predict(self, texts, **kw):
            if not inside.exists():
                inside.touch()
                deadline = time.monotonic() + 120
                while not landed.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
            return real.predict(texts, **kw)

    store = Store({url!r}, lock_timeout=60)
    label_interactions(store, classifier=Pausing(), use_text=True)
    print("labelled")
    """
)


@pytest.mark.slow
def test_an_upload_while_labelling_leaves_the_labels_stale(tmp_path):
    """Issue 19, item 2, with two real processes: an ingest lands while another process labels.
    The labelling used to record the version after its own write as labelled, so the upload's
    coded interactions stayed unlabelled for good."""
    first, second = tmp_path / "first", tmp_path / "second"
    demo.write_demo(first, 400, 3, coded=False)
    demo.write_demo(second, 400, 4, coded=True)
    url = f"duckdb:///{tmp_path / 'race.duckdb'}"
    store = Store(url)
    ingest_files(store, customers_path=first / "customers.csv", interactions_path=first / "interactions.csv")
    # The second world's customers too, under other ids, so its interactions are accepted later.
    cust = pd.read_csv(second / "customers.csv", dtype=str)
    inter = pd.read_csv(second / "interactions.csv", dtype=str)
    for frame in (cust, inter):
        frame["customer_id"] = "S-" + frame["customer_id"]
    inter["interaction_id"] = "S-" + inter["interaction_id"]
    cust.to_csv(tmp_path / "c2.csv", index=False)
    inter.to_csv(tmp_path / "i2.csv", index=False)
    ingest_file(store, "customers", tmp_path / "c2.csv")
    store.dispose()

    inside, landed = tmp_path / "inside", tmp_path / "landed"
    labeller = subprocess.Popen(
        [
            sys.executable,
            "-c",
            LABELLER.format(root=str(ROOT), url=url, inside=str(inside), landed=str(landed)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not inside.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert inside.exists(), (
        labeller.stderr.read() if labeller.poll() is not None else "labeller never got inside"
    )
    ingest = run_cli("ingest", "--interactions", str(tmp_path / "i2.csv"), "--db", url, "--json")
    assert ingest.returncode == 0, ingest.stderr
    landed.touch()
    _, err = labeller.communicate(timeout=300)
    assert labeller.returncode == 0, err

    store = Store(url)
    coded_keys = store.read_frame(
        sa.select(interactions.c.interaction_key).where(interactions.c.failure_type.is_not(None))
    )["interaction_key"]
    assert len(coded_keys) > 20
    labelled = set(store.read_frame(sa.select(interaction_labels.c.interaction_key))["interaction_key"])
    assert not set(coded_keys) <= labelled  # the labelling ran on the data before the upload
    assert not labels_are_current(store)  # ...and says so
    assert ensure_labels(store) is True
    labelled = set(store.read_frame(sa.select(interaction_labels.c.interaction_key))["interaction_key"])
    assert set(coded_keys) <= labelled
    with store.read() as conn:
        runs = conn.execute(sa.select(sa.func.count()).select_from(label_runs)).scalar()
    assert runs == 2


@pytest.mark.slow
def test_reports_are_kept_per_data_version_and_shared_with_the_command_line(tmp_path, monkeypatch):
    data = tmp_path / "demo"
    demo.write_demo(data, 800, 7, coded=True)
    url = f"duckdb:///{tmp_path / 'kept.duckdb'}"
    store = Store(url)
    ingest_files(store, customers_path=data / "customers.csv", interactions_path=data / "interactions.csv")
    store.dispose()

    # The command line computes and keeps it...
    cli = run_cli("attribute", "--db", url, "--json", "--bootstrap", "20")
    assert cli.returncode == 0, cli.stderr
    from_cli = json.loads(cli.stdout)
    version = Store(url).data_version()

    # ...and this process reads it back without computing anything.
    def no_fit(*a, **k):
        raise AssertionError("recomputed a stored report")

    monkeypatch.setattr(report, "run_attribution", no_fit)
    store = Store(url)
    kept = report.attribution_report(store, n_bootstrap=20)
    assert kept.to_json()["attributable_share"] == from_cli["attributable_share"]
    assert store.data_version() == version  # reading it wrote nothing that moves the key

    # Another parameter is another result; an upload makes the kept one stale.
    monkeypatch.undo()
    store.dispose()
    extra = tmp_path / "more.csv"
    row = pd.read_csv(data / "customers.csv", dtype=str, keep_default_na=False).head(1)
    row.assign(customer_id="NEW-1").to_csv(extra, index=False)
    store = Store(url)
    ingest_file(store, "customers", extra)
    assert store.data_version() > version
    calls = []
    real = report.run_attribution
    monkeypatch.setattr(report, "run_attribution", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = report.attribution_report(store, n_bootstrap=20)
    assert calls == [1] and again.customers == kept.customers + 1
