"""Stated exit reasons as the reports read them (models/exit_reasons.py, models/review.py): the
user's correction of a reason wins over the classifier and over the placeholder rule, matched
after normalisation; the Review page's list counts customers per reason in the database; a
correction saved there moves the stated-reason shares the Overview compares with attribution."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from analytics.ingest import ingest_file
from analytics.scope import Scope
from dashboard.reviewing import reasons_editor_frame, save_reasons
from dashboard.uploading import CHOOSE
from models.exit_reasons import REASON_FAMILIES, read_exit_reasons
from models.labels import shown_probability
from models.report import exit_reasons, stated_reasons, unsure_share
from models.review import exit_reason_list
from tests.conftest import run_cli

REASONS = {
    # reason as the export writes it: customers who gave it
    "Actitud del asesor": 5,  # staff attitude, worded as a code
    # an opaque code only the company can read; not "ZX-17 Baja voluntaria" as it once was: a
    # voluntary cancellation states no reason, and the model rightly reads it as not stated
    "ZX-17": 4,
    "Otro": 3,  # a placeholder: not stated
    "Precio muy alto": 2,
}


class _Fixed:
    """A stand-in classifier that reads every text as ``family`` at ``probability`` (so these
    tests are about precedence, not about the model)."""

    def __init__(self, family: str, probability: float = 0.8) -> None:
        self.family, self.probability = family, probability

    def predict(self, texts, threshold=None):
        texts = list(texts)
        return pd.DataFrame(
            {"family": [self.family] * len(texts), "subtype": None, "probability": self.probability}
        )


def test_a_correction_wins_over_the_model_and_the_placeholder_rule():
    corrections = pd.DataFrame(
        {"text": ["actitud del ASESOR ", "Otro", "Precio muy alto"], "family": ["attitude", "none", "price"]}
    )
    texts = ["Actitud del asesor", "Otro", "N/A", "Zona sin cobertura", "Precio muy alto"]
    out = read_exit_reasons(texts, corrections, classifier=_Fixed("quality", 0.7))
    assert out["text"].tolist() == texts
    assert out["family"].tolist() == ["attitude", "none", "not_stated", "quality", "price"]
    assert out["source"].tolist() == ["correction", "correction", "placeholder", "model", "correction"]
    assert out["probability"].tolist() == [1.0, 1.0, 1.0, 0.7, 1.0]
    # with no corrections the placeholder rule and the model decide
    plain = read_exit_reasons(texts, None, classifier=_Fixed("quality", 0.7))
    assert plain["source"].tolist() == ["model", "placeholder", "placeholder", "model", "model"]


def test_the_last_correction_of_a_text_wins():
    corrections = pd.DataFrame({"text": ["Baja", "BAJA"], "family": ["price", "process"]})
    out = read_exit_reasons(["baja"], corrections, classifier=_Fixed("quality"))
    assert out["family"].tolist() == ["process"]


# a leaver with a blank reason, and a customer still active who gave one
BLANK_AND_ACTIVE = ("C900,2023-01-01,2024-06-20,", "C901,2023-01-01,,Actitud del asesor")


def _customers_csv(
    tmp_path, reasons: dict[str, int] = REASONS, others: tuple[str, ...] = BLANK_AND_ACTIVE
) -> str:
    """A customers file: for each reason, that many leavers who gave it, then the ``others`` rows."""
    lines = ["customer_id,start_date,end_date,churn_reason"]
    k = 0
    for reason, n in reasons.items():
        for _ in range(n):
            k += 1
            lines.append(f"C{k:03d},2023-01-01,2024-06-{k:02d},{reason}")
    lines += others
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.quick
def test_spellings_of_one_reason_are_one_row_under_its_most_given_spelling(duck_store, tmp_path):
    """Reasons that differ only in case, accents or spacing are read alike and take the same
    choice, so the list shows them once, with every customer who gave any of them."""
    given = {
        "Atención pésima": 3,
        "Precio muy alto": 3,
        "PRECIO  MUY ALTO": 1,
        "precio muy alto": 1,
        "Atencion pesima": 1,
        "Precio muy alto.": 1,  # punctuation is not a spelling: another reason as far as reading goes
    }
    ingest_file(duck_store, "customers", _customers_csv(tmp_path, given, others=()))
    listed = exit_reason_list(duck_store, classifier=_Fixed("quality"))
    assert listed[["text", "customers"]].values.tolist() == [
        ["Precio muy alto", 5],
        ["Atención pésima", 4],
        ["Precio muy alto.", 1],
    ]
    assert exit_reason_list(duck_store, limit=1, classifier=_Fixed("quality"))["text"].tolist() == [
        "Precio muy alto"
    ]


@pytest.mark.quick
def test_a_reason_below_the_threshold_is_not_shown_at_it(duck_store, tmp_path):
    """The list shows probabilities cut to three decimals, never rounded up: a reason the model
    read at 0.4999 (below its 0.5 threshold, so unclassified) must not read 0.500."""
    ingest_file(duck_store, "customers", _customers_csv(tmp_path))
    listed = exit_reason_list(duck_store, classifier=_Fixed("quality", 0.4999)).set_index("text")
    assert listed.loc["ZX-17", "probability"] == 0.499
    assert shown_probability(pd.Series([0.29, 0.57, 1.0, 0.0])).tolist() == [0.29, 0.57, 1.0, 0.0]


@pytest.mark.slow
def test_a_reason_corrected_on_the_review_page_moves_the_stated_shares(store, tmp_path):
    ingest_file(store, "customers", _customers_csv(tmp_path))
    listed = exit_reason_list(store, classifier=_Fixed("quality"))
    # one row per reason given by a customer who left, most customers first, counted in SQL
    assert listed["text"].tolist() == list(REASONS)
    assert listed["customers"].tolist() == list(REASONS.values())
    assert listed.set_index("text").loc["Otro", "source"] == "placeholder"

    scope = Scope(start=date(2024, 1, 1), as_of=date(2024, 12, 31))
    before = stated_reasons(store, scope)
    left = sum(REASONS.values()) + 1  # the blank one counts, as not stated
    assert before["not_stated"] == pytest.approx(4 / left)

    # the analyst reads the opaque code as a refusal and the first as attitude; "Otro" untouched
    edited = reasons_editor_frame(listed, "es")
    assert (edited["family"] == CHOOSE).all()
    edited.loc[edited["text"] == "ZX-17", "family"] = "process"
    edited.loc[edited["text"] == "Actitud del asesor", "family"] = "attitude"
    version = store.data_version()
    assert save_reasons(store, edited, by="ana") == (2, [])
    assert store.data_version() > version  # every report made before is stale

    causes = exit_reasons(store, scope).set_index("customer_id")["cause"]
    assert (causes[[f"C{k:03d}" for k in range(1, 6)]] == "attitude").all()
    assert (causes[[f"C{k:03d}" for k in range(6, 10)]] == "process").all()
    after = stated_reasons(store, scope)
    assert after["attitude"] == pytest.approx(5 / left)
    assert after["process"] == pytest.approx(4 / left)
    assert after["not_stated"] == before["not_stated"]
    relisted = exit_reason_list(store, classifier=_Fixed("quality")).set_index("text")
    assert relisted.loc["ZX-17", ["family", "source"]].tolist() == ["process", "correction"]


@pytest.mark.quick
def test_the_share_of_leavers_whose_reason_is_still_unsure(duck_store, tmp_path):
    """How far the Overview's stated-reason shares can still move: the leavers whose reason the
    model read under 0.9 (or could not read) and nobody checked. Planted: every reading the model
    makes is at one probability, so the share is exactly the leavers with a reason the model reads
    (not a placeholder, a blank or a correction)."""
    ingest_file(duck_store, "customers", _customers_csv(tmp_path))
    scope = Scope(start=date(2024, 1, 1), as_of=date(2024, 12, 31))
    left = sum(REASONS.values()) + 1  # the blank one
    read_by_model = REASONS["Actitud del asesor"] + REASONS["ZX-17"] + REASONS["Precio muy alto"]

    unsure = exit_reasons(duck_store, scope, classifier=_Fixed("quality", 0.6))
    assert unsure.set_index("churn_reason").loc["Otro", "source"].tolist() == ["placeholder"] * 3
    assert unsure_share(unsure) == pytest.approx(read_by_model / left)
    assert unsure_share(exit_reasons(duck_store, scope, classifier=_Fixed("quality", 0.95))) == 0.0
    # unclassified is unsure at any probability the model gives it
    unread = exit_reasons(duck_store, scope, classifier=_Fixed("unclassified", 0.95))
    assert unsure_share(unread) == pytest.approx(read_by_model / left)

    # a person's choice settles a reason: its customers leave the unsure share
    edited = pd.DataFrame({"text": ["ZX-17"], "family": ["process"]})
    assert save_reasons(duck_store, edited, by="ana") == (1, [])
    checked = exit_reasons(duck_store, scope, classifier=_Fixed("quality", 0.6))
    assert unsure_share(checked) == pytest.approx((read_by_model - REASONS["ZX-17"]) / left)
    assert unsure_share(checked.iloc[:0]) == 0.0


def test_a_reason_can_be_marked_not_stated_but_a_note_cannot(duck_store):
    edited = pd.DataFrame({"text": ["No sé", "Mala atención"], "family": ["not_stated", CHOOSE]})
    assert save_reasons(duck_store, edited) == (1, [])
    assert "not_stated" in REASON_FAMILIES
    from dashboard.reviewing import save

    stored, problems = save(duck_store, edited.assign(subtype=CHOOSE))
    assert stored == 0 and [p.kind for p in problems] == ["unknown"]


@pytest.mark.slow
def test_the_command_line_lists_the_reasons_to_fill_in(duck_store, tmp_path):
    ingest_file(duck_store, "customers", _customers_csv(tmp_path))
    res = run_cli("classify", "--db", duck_store.url, "--reasons")
    assert res.returncode == 0, res.stderr
    listed = pd.read_csv(io.StringIO(res.stdout), keep_default_na=False)
    assert list(listed.columns) == ["text", "customers", "read_as", "probability", "source", "family"]
    assert listed["text"].tolist() == list(REASONS) and listed["customers"].tolist() == list(REASONS.values())
    assert (listed["family"] == "").all()  # for the analyst to fill in, then --corrections
    assert listed.set_index("text").loc["Otro", ["read_as", "source"]].tolist() == [
        "not_stated",
        "placeholder",
    ]


@pytest.mark.slow
def test_the_filled_in_list_goes_back_on_a_store_without_contacts(duck_store, tmp_path):
    """An export of customers alone (exit reasons, no contact log) is a common first upload: the
    filled-in --reasons list must be taken by --corrections, which has no contacts to relabel."""
    ingest_file(duck_store, "customers", _customers_csv(tmp_path))
    res = run_cli("classify", "--db", duck_store.url, "--reasons")
    listed = pd.read_csv(io.StringIO(res.stdout), keep_default_na=False)
    listed.loc[listed["text"] == "ZX-17", "family"] = "proceso"  # Spanish label
    filled = tmp_path / "reasons_filled.csv"
    listed.to_csv(filled, index=False)

    res = run_cli("classify", "--db", duck_store.url, "--corrections", str(filled))
    assert res.returncode == 0, res.stderr
    assert "stored 1 corrections" in res.stdout and "no contacts" in res.stdout
    res = run_cli("classify", "--db", duck_store.url, "--reasons")
    relisted = pd.read_csv(io.StringIO(res.stdout), keep_default_na=False).set_index("text")
    assert relisted.loc["ZX-17", ["read_as", "source"]].tolist() == ["process", "correction"]
