"""The review loop as a page shows it: the notes the classifier was unsure of, the user's
corrections stored, and what the next labelling changed.

:func:`review_page` gathers what the page draws once the labels are current
(:func:`models.labels.ensure_labels`): the notes to review with the classifier's best guess
(:func:`models.labels.review_list`), what the last labelling found by source and family, how its
counts differ from the labelling before it (``label_runs`` keeps each run's counts), and the
thresholds of the structured signals. :func:`save_corrections` stores what the user chose
(:func:`models.labels.add_corrections`); that moves the data version, so the next labelling
refits the classifier with them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from analytics.schema import customers, label_corrections
from analytics.store import Store, is_missing_table
from analytics.taxonomy import FAMILIES, SUBTYPES
from models.exit_reasons import CHECK_BELOW, read_exit_reasons, unsure_readings
from models.labels import (
    SignalRules,
    add_corrections,
    corrections,
    label_counts,
    label_run_history,
    review_list,
    shown_probability,
    signal_rules,
)

SOURCES = ("coded", "structured", "text")
CORRECTION_FAMILIES: tuple[str, ...] = (*FAMILIES, "none")
"""What a note can be corrected to: a failure family, or no failure at all."""

_FAMILY_OF = {s.key: s.family for s in SUBTYPES}


@dataclass(frozen=True)
class ReviewPage:
    """What the review page shows.

    ``notes``: the notes to review (``text``, ``interactions``, ``suggested_family``,
    ``suggested_subtype``, ``probability``), most frequent first. ``run`` / ``previous``: the last
    labelling and the one before it (see :func:`models.labels.label_run_history`), None when there
    is none. ``changes``: primary labels by ``source`` and ``family`` in both runs and the
    ``change``. ``sources``: what the last labelling found (:func:`models.labels.label_counts`).
    ``rules``: the structured-signal thresholds in force. ``corrections``: notes labelled by users so far.
    ``reasons``: the stated exit reasons of the customers who left, as the reports read them
    (:func:`exit_reason_list`).
    """

    notes: pd.DataFrame
    run: dict | None
    previous: dict | None
    changes: pd.DataFrame
    sources: pd.DataFrame
    rules: SignalRules
    corrections: int
    reasons: pd.DataFrame

    @property
    def unsure(self) -> int:
        """Contacts whose note the classifier was unsure of (those the listed notes carry)."""
        return int(self.notes["interactions"].sum()) if len(self.notes) else 0


def count_changes(before: dict | None, after: dict | None) -> pd.DataFrame:
    """Primary labels ``{source: {family: n}}`` of two labellings side by side: ``source``,
    ``family``, ``before``, ``after``, ``change`` (after − before), in source and family order;
    a pair absent from a run counts 0 there."""
    before, after = before or {}, after or {}
    families = (*FAMILIES, "unclassified")
    rows = []
    for source in SOURCES:
        for family in families:
            b = int(before.get(source, {}).get(family, 0))
            a = int(after.get(source, {}).get(family, 0))
            if a or b:
                rows.append((source, family, b, a, a - b))
    frame = pd.DataFrame(rows, columns=["source", "family", "before", "after", "change"])
    return frame.astype({c: "int64" for c in ("before", "after", "change")})


def corrections_stored(store: Store) -> int:
    """How many corrections users have stored (every one, also those a later one replaced)."""
    try:
        with store.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(label_corrections)).scalar() or 0)
    except sa.exc.ProgrammingError as exc:
        if is_missing_table(exc):
            return 0
        raise


REASON_COLUMNS = ("text", "customers", "family", "probability", "source")


def exit_reason_list(store: Store, *, limit: int | None = 200, classifier=None) -> pd.DataFrame:
    """The stated exit reasons of every customer who left, one row per reason (blank ones left
    out), most customers first: ``text``, ``customers`` (how many gave it), and how the reports
    read it — ``family`` (a failure family, ``none``, ``not_stated`` or ``unclassified``),
    ``probability`` and ``source`` (``correction``, ``placeholder`` or ``model``;
    :func:`models.exit_reasons.read_exit_reasons`). Counted by the database, per spelling.

    Spellings that differ only in case, accents or spacing, or a code written in CamelCase
    ("Precio muy alto", "PRECIO  MUY ALTO", "PrecioMuyAlto") are one row, shown as its most
    given spelling: the
    reports read them alike and a person's choice applies to all of them
    (:func:`models.classify.normalize_text`), so separate rows could only be given conflicting
    choices, of which the last would win. ``limit`` counts these rows."""
    from models.classify import normalize_texts

    c = customers
    reason = sa.func.trim(c.c.churn_reason)
    q = (
        sa.select(reason.label("text"), sa.func.count().label("customers"))
        .where(c.c.end_date.is_not(None), c.c.churn_reason.is_not(None), reason != "")
        .group_by(reason)
        .order_by(sa.func.count().desc(), reason)
    )
    frame = store.read_frame(q)
    if frame.empty:
        return pd.DataFrame(columns=list(REASON_COLUMNS))
    frame["customers"] = frame["customers"].astype("int64")
    # the rows come most given first, so each group's first row is its most given spelling
    key = pd.Series([n.strip() for n in normalize_texts(frame["text"])], index=frame.index)
    frame = (
        frame.assign(_key=key)
        .groupby("_key", sort=False)
        .agg(text=("text", "first"), customers=("customers", "sum"))
        .sort_values("customers", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    if limit is not None:
        frame = frame.head(limit)
    read = read_exit_reasons(frame["text"], corrections(store), classifier=classifier)
    out = frame.assign(
        family=read["family"].to_numpy(),
        probability=shown_probability(read["probability"]),
        source=read["source"].to_numpy(),
    )
    return out[list(REASON_COLUMNS)].reset_index(drop=True)


@dataclass(frozen=True)
class ReasonsToCheck:
    """The listed exit reasons worth a person's look first (:func:`reasons_to_check`).

    ``reasons`` and ``customers``: the reasons the model read with a probability under the
    threshold or left unclassified, and how many customers gave them; ``listed_customers``: the
    customers who gave any listed reason; ``chosen``: reasons whose family a person has chosen.
    """

    reasons: int
    customers: int
    listed_customers: int
    chosen: int

    @property
    def share(self) -> float:
        """The customers to check as a share of those who gave a listed reason (0 when none did)."""
        return self.customers / self.listed_customers if self.listed_customers else 0.0


def reasons_to_check(reasons: pd.DataFrame, below: float = CHECK_BELOW) -> ReasonsToCheck:
    """Which of ``reasons`` (:func:`exit_reason_list`'s frame) a person should check first: those
    the model read (``source`` ``model``: not a person's choice, not a placeholder such as a blank
    or "N/A") with a probability under ``below``, or left unclassified.

    Parameters
    ----------
    below : float
        The probability under which a reading is to check (default :data:`CHECK_BELOW`).
    """
    unsure = unsure_readings(reasons, below)
    if reasons.empty:
        return ReasonsToCheck(0, 0, 0, 0)
    return ReasonsToCheck(
        reasons=int(unsure.sum()),
        customers=int(reasons.loc[unsure, "customers"].sum()),
        listed_customers=int(reasons["customers"].sum()),
        chosen=int((reasons["source"] == "correction").sum()),
    )


def review_page(store: Store, *, limit: int | None = 200, classifier=None) -> ReviewPage:
    """What the review page shows (call once the labels are current)."""
    runs = label_run_history(store, 2)
    run = runs[0] if runs else None
    previous = runs[1] if len(runs) > 1 else None
    notes = review_list(store, classifier=classifier, limit=limit)
    return ReviewPage(
        notes=notes,
        run=run,
        previous=previous,
        changes=count_changes(previous["counts"] if previous else None, run["counts"] if run else None),
        sources=label_counts(store)
        if run
        else pd.DataFrame(columns=["source", "family", "found", "primary"]),
        rules=signal_rules(store),
        corrections=corrections_stored(store),
        reasons=exit_reason_list(store, limit=limit, classifier=classifier),
    )


@dataclass(frozen=True)
class CorrectionProblem:
    """A row the user edited that cannot be stored: ``kind`` is ``subtype_of_other_family`` (the
    subtype belongs to ``expected``, not to the family chosen) or ``unknown`` (a value that is not
    a family or subtype key)."""

    row: int
    text: str
    kind: str
    expected: str | None = None


def _key(value) -> str | None:
    """A chosen key, or None for a cell left empty (None, NaN, pd.NA, "")."""
    return value if isinstance(value, str) and value else None


def corrections_from(
    edited: pd.DataFrame, families: tuple[str, ...] = CORRECTION_FAMILIES
) -> tuple[pd.DataFrame, list[CorrectionProblem]]:
    """The rows of an edited review table that say something (``text``, ``family``, ``subtype``;
    family and subtype as keys, None where left empty): the corrections to store, and the rows that
    cannot be stored. A subtype chosen without a family gives its family. ``families``: what a
    row may be given (notes :data:`CORRECTION_FAMILIES`; exit reasons
    :data:`models.exit_reasons.REASON_FAMILIES`, which adds ``not_stated``); a table without a
    ``subtype`` column gives none."""
    out, problems = [], []
    for k, row in enumerate(edited.to_dict("records")):
        family = _key(row.get("family"))
        subtype = _key(row.get("subtype"))
        if family is None and subtype is None:
            continue
        text = str(row["text"])
        bad_family = family is not None and family not in families
        if bad_family or (subtype is not None and subtype not in _FAMILY_OF):
            problems.append(CorrectionProblem(k, text, "unknown"))
            continue
        if subtype is not None:
            if family is None:
                family = _FAMILY_OF[subtype]
            elif _FAMILY_OF[subtype] != family:
                problems.append(CorrectionProblem(k, text, "subtype_of_other_family", _FAMILY_OF[subtype]))
                continue
        out.append((text, family, subtype))
    return pd.DataFrame(out, columns=["text", "family", "subtype"]), problems


def save_corrections(store: Store, corrections: pd.DataFrame, *, by: str | None = None) -> int:
    """Store corrections (``text``, ``family``, ``subtype``, from :func:`corrections_from`); the
    data version moves, so the next labelling learns them. Returns how many were stored."""
    if corrections.empty:
        return 0
    subtypes = [s if isinstance(s, str) and s else None for s in corrections["subtype"]]
    return add_corrections(
        store, corrections["text"].tolist(), corrections["family"].tolist(), subtypes, by=by
    )
