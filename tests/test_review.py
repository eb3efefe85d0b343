"""The review loop behind the Review notes and reasons page (models/review.py, dashboard/reviewing.py): the
notes the classifier was unsure of, the user's choices turned into corrections, the next
labelling learning them, and how the counts by family and source changed."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from analytics.ingest import ingest_file
from analytics.schema import interaction_labels, interactions
from dashboard.reviewing import (
    editor_frame,
    probability_format,
    reasons_check_text,
    reasons_editor_frame,
    save,
)
from dashboard.uploading import CHOOSE
from models.labels import ensure_labels, label_interactions, signal_rules
from models.review import CHECK_BELOW, corrections_from, count_changes, reasons_to_check, review_page
from tests.spanish_export import NOTES_HEADER, write_spanish_export


def test_corrections_from_an_edited_table():
    edited = pd.DataFrame(
        {
            "text": ["a", "b", "c", "d", "e"],
            "family": [None, "process", None, "price", "nonsense"],
            "subtype": [None, "handoff", "rude", "handoff", None],
        }
    )
    out, problems = corrections_from(edited)
    # an empty row says nothing; a subtype alone gives its family
    assert out.values.tolist() == [["b", "process", "handoff"], ["c", "attitude", "rude"]]
    assert [(p.text, p.kind, p.expected) for p in problems] == [
        ("d", "subtype_of_other_family", "process"),
        ("e", "unknown", None),
    ]


@pytest.mark.quick
def test_reasons_to_check_are_the_models_unsure_readings():
    reasons = pd.DataFrame(
        {
            "text": ["Mudanza", "Mal trato", "Motivo 17", "N/A", "Cobro indebido", "Precio", "Otro"],
            "customers": [40, 25, 9, 30, 12, 20, 4],
            "family": ["none", "attitude", "unclassified", "not_stated", "process", "price", "price"],
            "probability": [0.97, 0.899, 0.166, 1.0, 0.62, 0.9, 1.0],
            "source": ["model", "model", "model", "placeholder", "correction", "model", "correction"],
        }
    )
    out = reasons_to_check(reasons)
    # under 0.9 or unclassified, read by the model: "Mal trato" (25) and "Motivo 17" (9); a
    # placeholder and a person's choice are not the model's readings whatever their probability,
    # and 0.9 itself is not under the threshold
    assert (out.reasons, out.customers, out.listed_customers, out.chosen) == (2, 34, 140, 2)
    assert out.share == pytest.approx(34 / 140)
    assert reasons_to_check(reasons, below=0.98).reasons == 4
    assert CHECK_BELOW == 0.9
    empty = reasons_to_check(reasons.iloc[:0])
    assert (empty.reasons, empty.customers, empty.share) == (0, 0, 0.0)
    with pytest.raises(ValueError, match="below must be a probability"):
        reasons_to_check(reasons, below=0.0)


@pytest.mark.quick
def test_the_reasons_table_says_what_to_check_first_and_can_show_it_first():
    reasons = pd.DataFrame(
        {
            "text": ["Mudanza", "Mal trato", "Motivo 17", "N/A", "Precio"],
            "customers": [40, 25, 9, 30, 20],
            "family": ["none", "attitude", "unclassified", "not_stated", "price"],
            "probability": [0.97, 0.899, 0.166, 1.0, 0.5],
            "source": ["model", "model", "model", "placeholder", "correction"],
        }
    )
    es = reasons_check_text(reasons, "es")
    assert "2 de estos motivos" in es and "34 clientes" in es and "(27\u00a0% de los listados)" in es
    assert "menos de 90\u00a0%" in es
    assert es.endswith("1 motivo ya tiene una familia elegida por una persona.")
    en = reasons_check_text(reasons, "en")
    assert "2 of these reasons, given by 34 customers (27% of those listed)" in en
    sure = reasons.assign(
        probability=[0.97, 0.95, 0.91, 1.0, 0.5], family=["none", "attitude", "price", "not_stated", "price"]
    )
    assert reasons_check_text(sure, "en") == (
        "Every reason listed is read with at least 90% probability or was chosen by a person. "
        "1 reason already has a family chosen by a person."
    )
    # nothing chosen yet: no sentence about choices
    assert reasons_check_text(reasons.assign(source="model"), "en").endswith("nine in ten.")

    assert reasons_editor_frame(reasons, "es")["text"].tolist() == reasons["text"].tolist()
    # the model's least sure readings first; a placeholder and a person's choice last
    first = reasons_editor_frame(reasons, "es", unsure_first=True)
    assert first["text"].tolist() == ["Motivo 17", "Mal trato", "Mudanza", "Precio", "N/A"]
    # whole percentage points, cut: 0.899 is 89, under the 90 the line above counts it against
    assert first["probability"].tolist() == [16, 89, 97, 50, 100]
    assert probability_format("es") == "%d\u00a0%%" and probability_format("en") == "%d%%"


def test_count_changes_between_two_labellings():
    before = {"text": {"process": 10, "unclassified": 5}}
    after = {"text": {"process": 12, "unclassified": 3}, "coded": {"price": 1}}
    frame = count_changes(before, after)
    assert frame.values.tolist() == [
        ["coded", "price", 0, 1, 1],
        ["text", "process", 10, 12, 2],
        ["text", "unclassified", 5, 3, -2],
    ]


@pytest.mark.slow
def test_a_correction_saved_on_the_page_is_learnt_by_the_next_labelling(duck_store, tmp_path):
    customers, inter = write_spanish_export(tmp_path, customers=300)
    ingest_file(duck_store, "customers", customers)
    ingest_file(duck_store, "interactions", inter, mapping={NOTES_HEADER: "notes"})
    label_interactions(duck_store)
    page = review_page(duck_store)
    assert not page.notes.empty and page.previous is None
    assert page.rules == signal_rules(duck_store)

    # the editor's rows start with nothing chosen ("choose"), which saves nothing
    edited = editor_frame(page.notes, "es")
    assert (edited["family"] == CHOOSE).all()
    assert save(duck_store, edited) == (0, [])

    note = page.notes["text"].iloc[0]
    carried = int(page.notes["interactions"].iloc[0])
    edited.loc[0, "family"] = "process"
    edited.loc[0, "subtype"] = "policy_refusal"
    version = duck_store.data_version()
    stored, problems = save(duck_store, edited, by="ana")
    assert (stored, problems) == (1, [])
    assert duck_store.data_version() > version  # labels stale: the next view labels again

    assert ensure_labels(duck_store)
    after = review_page(duck_store)
    assert note not in set(after.notes["text"])  # learnt: no longer unsure
    assert after.previous is not None and after.corrections == 1
    # the contacts carrying the corrected note are labelled with it now (a note carried by a
    # contact with a structured signal keeps that as its primary label: trusted first)
    i, lab = interactions, interaction_labels
    q = (
        sa.select(lab.c.family, lab.c.subtype, lab.c.source)
        .select_from(i.join(lab, lab.c.interaction_key == i.c.interaction_key))
        .where(i.c.notes == note, lab.c.source == "text")
    )
    labels = duck_store.read_frame(q)
    assert len(labels) == carried
    assert set(zip(labels["family"], labels["subtype"])) == {("process", "policy_refusal")}
    # the page's before/after counts show the notes read as process failures grew
    changes = after.changes.set_index(["source", "family"])
    assert changes.loc[("text", "process"), "change"] > 0
