"""Labels of stored interactions: coded, structured signals and notes, on both databases; the
review loop (unsure notes listed, the user's labels stored, the classifier refitted with them);
and the ``classify`` command line."""

from __future__ import annotations

import io
import json
import random
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from analytics.schema import customers, interaction_labels, interactions
from analytics.scope import Scope
from analytics.store import Store
from models.labels import (
    SignalRules,
    add_corrections,
    coded_notes,
    corrections,
    label_counts,
    label_interactions,
    primary_label_query,
    review_list,
)
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2024, 3, 1, 10)


def _interaction(key: str, day: float, **cols) -> dict:
    row = dict(
        interaction_key=key,
        customer_id=cols.pop("customer_id", "C1"),
        timestamp=T0 + timedelta(days=day),
        topic=cols.pop("topic", f"topic-{key}"),  # distinct topics: no accidental repeat contacts
    )
    return {**row, **cols}


def _insert(store: Store, rows: list[dict], n_customers: int = 1) -> None:
    cols = {c.name for c in interactions.c}
    full = [{c: r.get(c) for c in cols} for r in rows]
    with store.write() as conn:
        conn.execute(
            sa.insert(customers),
            [
                {"customer_id": f"C{k}", "start_date": date(2024, 1, 1), "end_date": None}
                for k in range(1, n_customers + 1)
            ],
        )
        conn.execute(sa.insert(interactions), full)


def _labels(store: Store) -> pd.DataFrame:
    return store.read_frame(sa.select(interaction_labels))


# Hand-built contacts, each meant to trip exactly the signals named in the comment.
SIGNAL_ROWS = [
    _interaction("coded_es", 0, failure_type="actitud", transferred=2),  # coded attitude + hand-off
    _interaction("coded_sub", 1, failure_type="espera larga"),  # a Spanish subtype name
    _interaction("first", 10, topic="billing"),  # nothing
    _interaction("repeat", 15, topic="billing"),  # same topic 5 days later: repeat contact
    _interaction("later", 30, topic="billing"),  # 15 days after the repeat: no longer a repeat
    _interaction("long", 40, wait_seconds=1200.0),  # long wait
    _interaction("short", 41, wait_seconds=600.0),  # below the default 900 s
    _interaction("late", 50, promised_date=date(2024, 4, 1), fulfilled_date=date(2024, 4, 5)),  # broken
    _interaction("never", 51, promised_date=date(2024, 4, 1)),  # not kept by the as-of date: broken
    _interaction("kept", 52, promised_date=date(2024, 4, 1), fulfilled_date=date(2024, 4, 1)),  # nothing
    _interaction("pending", 53, promised_date=date(2026, 1, 1)),  # not due by the as-of date
    _interaction("denied", 60, escalated="denied"),  # escalation blocked
    _interaction("given", 61, escalated="yes"),  # nothing
    _interaction("plain", 70, failure_type=None),  # nothing
]


def test_coded_and_structured_labels(store):
    _insert(store, SIGNAL_ROWS)
    counts = label_interactions(store)
    every_label = _labels(store)
    # A promise is broken once its date has passed: the pending one is stored as a failure known
    # only after 2026-01-01, so an analysis at the data's as-of date (2024-05-10) does not see it.
    as_of = Scope().resolved(store).as_of
    assert as_of == date(2024, 5, 10)
    due = pd.to_datetime(every_label["known_after"])
    assert due[every_label["interaction_key"] == "pending"].tolist() == [pd.Timestamp(2026, 1, 1)]
    lab = every_label[due.isna() | (due < pd.Timestamp(as_of))]
    found = {(r.interaction_key, r.family, r.subtype, r.source) for r in lab.itertuples()}
    assert found == {
        ("coded_es", "attitude", None, "coded"),
        ("coded_es", "process", "handoff", "structured"),
        ("coded_sub", "process", "long_wait", "coded"),
        ("repeat", "process", "repeat_contact", "structured"),
        ("long", "process", "long_wait", "structured"),
        ("late", "process", "broken_promise", "structured"),
        ("never", "process", "broken_promise", "structured"),
        ("denied", "process", "escalation_blocked", "structured"),
    }
    # The primary label of a contact with two failures comes from the most trusted source.
    primary = lab[lab["is_primary"]].set_index("interaction_key")
    assert primary.loc["coded_es", "family"] == "attitude" and len(primary) == 7
    assert counts == {"coded": {"attitude": 1, "process": 1}, "structured": {"process": 5}}

    # Every interaction has exactly one primary label; no failure found reads as "none".
    every = store.read_frame(primary_label_query(Scope().resolved(store))).set_index("interaction_key")
    assert len(every) == len(SIGNAL_ROWS) and every.index.is_unique
    assert tuple(every.loc["coded_es", ["family", "source"]]) == ("attitude", "coded")
    assert tuple(every.loc["plain", ["family", "subtype", "source", "probability"]]) == (
        "none",
        None,
        "none",
        1.0,
    )
    assert (every["family"] == "none").sum() == len(SIGNAL_ROWS) - 7
    # An analysis after the promised date sees the pending promise broken, with no relabelling.
    later = store.read_frame(primary_label_query(Scope(as_of=date(2026, 1, 2)).resolved(store)))
    assert later.set_index("interaction_key").loc["pending", "subtype"] == "broken_promise"

    # Thresholds are parameters: a 20-day repeat window and a 500 s wait catch two more.
    label_interactions(store, rules=SignalRules(repeat_days=20, long_wait_seconds=500))
    keys = set(_labels(store)["interaction_key"])
    assert {"later", "short"} <= keys


@pytest.mark.quick
def test_label_counts_show_every_source(store):
    """Every source that found a failure shows (issue 17: on the demo the structured signals read
    0 because only primary labels were counted). A contact coded attitude and transferred: the
    code is its primary label and the hand-off still counts for the structured signals. A contact
    coded process and transferred: the label table keeps one (contact, process) row, from the
    code, yet the structured signals found it too."""
    _insert(store, [*SIGNAL_ROWS, _interaction("coded_xfer", 80, failure_type="proceso", transferred=1)])
    label_interactions(store)
    counts = {(r.source, r.family): (r.found, r.primary) for r in label_counts(store).itertuples()}
    assert counts == {
        ("coded", "attitude"): (1, 1),
        ("coded", "process"): (2, 2),
        ("structured", "process"): (7, 5),  # five primary; coded_es's and coded_xfer's hand-offs
    }
    # The table itself still holds one row per (contact, family), the promise not yet due included.
    assert len(_labels(store)) == 10


@pytest.mark.quick
def test_signal_rules_are_validated():
    with pytest.raises(ValueError, match=r"'repeat_days' parameter must be an int in \[1, 90\]\. Got 0"):
        SignalRules(repeat_days=0).validate()
    with pytest.raises(ValueError, match="'long_wait_seconds' parameter must be a positive number"):
        SignalRules(long_wait_seconds=-5).validate()


# Company shorthand the shipped corpus has never seen (see test_classify's jargon test).
JARGON = {
    "process": ["pelotazo a N2 tkt {n}", "tkt {n}: pelotazo N2", "PELOTAZO N2 / tkt {n}"],
    "price": ["tarifazo cta {n}", "cta {n}: tarifazo", "TARIFAZO / cta {n}"],
    "quality": ["nodo {n} en rojo", "cta {n}: nodo rojo", "NODO ROJO / {n}"],
    "attitude": ["modo ogro, cta {n}", "cta {n}: modo ogro", "MODO OGRO / {n}"],
}
SPANISH = {"process": "proceso", "price": "precio", "quality": "calidad", "attitude": "actitud"}


def _jargon(rng: random.Random, k: int) -> list[tuple[str, str]]:
    return [
        (rng.choice(templates).format(n=rng.randrange(100, 999)), fam)
        for fam, templates in JARGON.items()
        for _ in range(k)
    ]


def _accuracy(store: Store, truth: dict[str, str]) -> float:
    lab = _labels(store)
    primary = lab[lab["is_primary"] & lab["interaction_key"].isin(list(truth))].set_index("interaction_key")
    got = primary["family"].reindex(list(truth)).fillna("none")
    return float(np.mean(got.to_numpy() == np.array(list(truth.values()))))


@pytest.mark.slow
def test_review_loop_through_the_store(duck_store):
    """Notes-only data in a company's shorthand: the review list offers unsure notes, the user
    labels 12 of them (family names in Spanish), and the relabelled store gets the 48 notes
    nobody labelled right."""
    rng = random.Random(3)
    taught, held_out = _jargon(rng, 3), _jargon(rng, 12)
    rows = [_interaction(f"t{k}", k * 0.1, notes=text) for k, (text, _) in enumerate(taught)]
    rows += [_interaction(f"h{k}", 5 + k * 0.1, notes=text) for k, (text, _) in enumerate(held_out)]
    rows += [_interaction("blank", 9, notes="   ")]  # nothing to read: not a review item
    _insert(duck_store, rows)
    truth = {f"h{k}": fam for k, (_, fam) in enumerate(held_out)}

    label_interactions(duck_store)
    before = _accuracy(duck_store, truth)
    review = review_list(duck_store)
    assert list(review.columns) == [
        "text",
        "interactions",
        "suggested_family",
        "suggested_subtype",
        "probability",
    ]
    assert len(review) > 0 and not review["text"].str.strip().eq("").any()
    assert (review["probability"] < 0.5).all()  # listed because the model was below its threshold
    assert "blank" not in set(_labels(duck_store)["interaction_key"])

    stored = add_corrections(
        duck_store, [t for t, _ in taught], [SPANISH[f] for _, f in taught], by="analyst"
    )
    assert stored == 12 and set(corrections(duck_store)["family"]) == set(JARGON)
    label_interactions(duck_store)
    after = _accuracy(duck_store, truth)
    assert before < 0.6, before
    assert after >= 0.9, after

    # A second correction of the same text replaces the first.
    add_corrections(duck_store, [taught[0][0]], ["ninguno"])
    latest = corrections(duck_store).set_index("text")
    assert latest.loc[taught[0][0], "family"] == "none" and len(latest) == 12
    with pytest.raises(ValueError, match="not failure labels: 'banana split'"):
        add_corrections(duck_store, ["x"], ["banana split"])
    assert len(corrections(duck_store)) == 12  # nothing stored from the bad call


@pytest.mark.slow
def test_coded_notes_teach_the_notes_classifier(store):
    """A partly coded export read with notes: the coded interactions' notes are the user's own
    labelled examples, so uncoded notes in the same shorthand get the right family."""
    rng = random.Random(5)
    taught, held_out = _jargon(rng, 4), _jargon(rng, 10)
    rows = [
        _interaction(f"c{k}", k * 0.1, notes=text, failure_type=fam) for k, (text, fam) in enumerate(taught)
    ]
    rows += [_interaction(f"u{k}", 5 + k * 0.1, notes=text) for k, (text, _) in enumerate(held_out)]
    _insert(store, rows)
    examples = coded_notes(store)
    assert len(examples) == 16 and set(examples["family"]) == set(JARGON)
    assert len(coded_notes(store, per_family=2)) == 8

    from models.classify import default_classifier

    truth = {f"u{k}": fam for k, (_, fam) in enumerate(held_out)}
    plain = default_classifier().predict([t for t, _ in held_out])["family"].to_numpy()
    assert np.mean(plain == np.array(list(truth.values()))) < 0.6
    label_interactions(store, use_text=True)
    assert _accuracy(store, truth) >= 0.9


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory) -> Store:
    d = tmp_path_factory.mktemp("cli")
    store = Store(f"duckdb:///{d / 'store.duckdb'}")
    store.create_all()
    rng = random.Random(9)
    rows = [_interaction(f"n{k}", k * 0.1, notes=text) for k, (text, _) in enumerate(_jargon(rng, 3))]
    rows += [
        _interaction("rude", 3, notes="el asesor me colgó la llamada y se burló de mí"),
        _interaction("xfer", 3.1, notes="cliente llama por factura", transferred=1),
    ]
    _insert(store, rows)
    store.dispose()
    return store


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return run_cli("classify", *args, stdin=stdin)


@pytest.mark.slow
def test_classify_texts_from_stdin_prints_json_lines():
    lines = [
        "me colgaron en la cara",
        "too expensive compared with the competitor",
        "me mudé a otro país",
        "",
        "el técnico nunca vino y nadie me avisó",
    ]
    res = _cli("--texts", "-", stdin="\n".join(lines) + "\n")
    assert res.returncode == 0, res.stderr
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["text"] for o in out] == [t for t in lines if t]  # blank lines skipped, order kept
    for o in out:
        assert set(o) == {"text", "family", "subtype", "probability"}
        assert o["family"] in {
            "attitude",
            "process",
            "price",
            "quality",
            "none",
            "not_stated",
            "unclassified",
        }
        assert 0.0 <= o["probability"] <= 1.0
    assert [o["family"] for o in out[:3]] == ["attitude", "price", "none"]


@pytest.mark.slow
def test_classify_db_counts_review_and_corrections(cli_store, tmp_path):
    res = _cli("--db", cli_store.url, "--json")
    assert res.returncode == 0, res.stderr
    counts = json.loads(res.stdout)
    assert counts["structured"] == {"process": 1}
    assert counts["text"]["attitude"] >= 1  # the plain-language rude note, at least, was read

    table = _cli("--db", cli_store.url).stdout
    lines = table.splitlines()
    assert lines[0].split() == ["source", "attitude", "process", "price", "quality", "unclassified"]
    rows = {
        " ".join(line.split()[:-5]): [int(n.replace(",", "")) for n in line.split()[-5:]]
        for line in lines[1:5]
    }
    assert list(rows) == ["found by coded", "found by structured", "found by text", "primary label"]
    assert rows["found by structured"] == [0, 1, 0, 0, 0]  # the transfer
    assert rows["found by text"][0] >= 1  # the rude note
    assert sum(rows["primary label"]) <= sum(sum(r) for k, r in rows.items() if k.startswith("found"))
    assert "found by: contacts in which the source found the family" in table  # says what it counts

    review = _cli("--db", cli_store.url, "--review")
    assert review.returncode == 0, review.stderr
    listed = pd.read_csv(io.StringIO(review.stdout), keep_default_na=False)
    assert list(listed.columns) == [
        "text",
        "interactions",
        "suggested_family",
        "suggested_subtype",
        "probability",
        "family",
        "subtype",
    ]
    assert (listed["family"] == "").all()  # for the reviewer to fill in

    fixes = tmp_path / "fixes.csv"
    rng = random.Random(9)
    pd.DataFrame(
        [{"texto": t, "familia": SPANISH[f]} for t, f in _jargon(rng, 3)]  # the same 12 notes, labelled
    ).to_csv(fixes, index=False)
    res = _cli("--db", cli_store.url, "--corrections", str(fixes), "--json")
    assert res.returncode == 0, res.stderr
    after = json.loads(res.stdout)
    assert after["text"].get("unclassified", 0) == 0
    assert {k: v for k, v in after["text"].items()} == {"attitude": 4, "process": 3, "price": 3, "quality": 3}

    bad = tmp_path / "bad.csv"
    pd.DataFrame({"texto": ["x"], "familia": ["banana split"]}).to_csv(bad, index=False)
    res = _cli("--db", cli_store.url, "--corrections", str(bad))
    assert res.returncode == 1 and "banana split" in res.stderr

    empty = Store(cli_store.url.replace("store.duckdb", "empty.duckdb"))
    empty.create_all()
    res = _cli("--db", empty.url)
    assert res.returncode == 1 and "holds no interactions" in res.stderr


@pytest.mark.slow
def test_uncoded_channels_are_read_and_learn_from_the_coded_ones(store):
    """Only the phone system codes failures: by default the phone's empty codes mean "no failure",
    while the chat notes are read — by a classifier refitted on the phone agents' coded notes."""
    rng = random.Random(11)
    phone, chat = _jargon(rng, 4), _jargon(rng, 10)
    rows = [
        _interaction(f"p{k}", k * 0.1, channel="phone", notes=text, failure_type=fam)
        for k, (text, fam) in enumerate(phone)
    ]
    rows += [
        _interaction("p_plain", 3, channel="phone", notes="modo ogro cta 321")
    ]  # coded channel, empty code
    rows += [
        _interaction(f"c{k}", 5 + k * 0.1, channel="chat", notes=text) for k, (text, _) in enumerate(chat)
    ]
    _insert(store, rows)
    counts = label_interactions(store)
    truth = {f"c{k}": fam for k, (_, fam) in enumerate(chat)}
    assert _accuracy(store, truth) >= 0.9
    lab = _labels(store)
    assert "p_plain" not in set(lab["interaction_key"])  # the code says no failure; notes not asked
    assert counts["coded"] == {fam: 4 for fam in JARGON}
    assert set(lab.loc[lab["source"] == "text", "interaction_key"]) <= set(truth)

    label_interactions(store, use_text=False)
    assert "text" not in set(_labels(store)["source"])
