"""Failure labels for stored interactions, in order of trust: coded, structured signals, notes.

* **coded** — an explicit ``failure_type`` (family or subtype, English or Spanish).
* **structured** — signals in the interaction's own columns, found by SQL in the database:
  a transfer, a repeat contact on the same topic within ``repeat_days``, a wait above
  ``long_wait_seconds``, a promise missed, an escalation asked for and not given.
* **text** — the notes, read by the bilingual classifier (:mod:`models.classify`).

An interaction can carry several failures (a transfer *and* a rude agent): every (interaction,
family) found is kept as a row of ``interaction_labels``. The **primary** family of an interaction
is the one from the most trusted source; within a source, the most probable; ties follow the
taxonomy order attitude > process > price > quality.

Where a channel's contacts are coded, an empty ``failure_type`` means "no failure" (the
contract's definition) and the notes are not asked to second-guess it; structured signals still
apply, because they are facts about the contact. Channels where no contact is coded — often
chat or e-mail when only the phone system has a failure code — have their notes classified, and
so does everything when nothing is coded. ``use_text=True`` reads every note, ``False`` none.

The notes classifier learns from the user's own labels when there are any: the corrections made
in the review loop (:func:`add_corrections`, for notes listed by :func:`review_list`), and the
notes of coded contacts (the phone agents' codes teach it to read the chat notes). It is then
the shipped model refitted with those examples added (:func:`models.classify.refine`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa

from analytics import measures
from analytics.ingest import bulk_insert
from analytics.schema import (
    bump_data_version,
    interaction_labels,
    interactions,
    label_corrections,
    label_runs,
    set_meta,
)
from analytics.scope import Scope
from analytics.store import Store, is_missing_table
from analytics.taxonomy import FAMILIES, parse_failure_type

_DAY = 86400.0
_FAMILY_RANK = {f: i for i, f in enumerate((*FAMILIES, "unclassified"))}
_SOURCE_RANK = {"coded": 0, "structured": 1, "text": 2}


@dataclass(frozen=True)
class SignalRules:
    """Thresholds of the structured signals.

    Parameters
    ----------
    repeat_days:
        A contact by the same customer on the same topic within this many days of an earlier one is
        a repeat contact (process/repeat_contact). Int in [1, 90]; default 7.
    long_wait_seconds:
        A wait above this many seconds is a process/long_wait failure. Default 900 (15 minutes).
    min_transfers:
        At least this many transfers is a process/handoff failure. Default 1.
    """

    repeat_days: int = 7
    long_wait_seconds: float = 900.0
    min_transfers: int = 1

    def validate(self) -> None:
        if not 1 <= self.repeat_days <= 90:
            raise ValueError(
                f"The 'repeat_days' parameter must be an int in [1, 90]. Got {self.repeat_days} instead."
            )
        if self.long_wait_seconds <= 0:
            raise ValueError(
                f"The 'long_wait_seconds' parameter must be a positive number. Got {self.long_wait_seconds} instead."
            )
        if self.min_transfers < 1:
            raise ValueError(
                f"The 'min_transfers' parameter must be an int ≥ 1. Got {self.min_transfers} instead."
            )

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> SignalRules:
        return cls(**json.loads(text)) if text else cls()


def _epoch_days(expr):
    return sa.cast(sa.extract("epoch", sa.cast(expr, sa.DateTime)), sa.Double) / _DAY


def signal_rules(store: Store) -> SignalRules:
    """The structured-signal thresholds in force for this database (the defaults until changed)."""
    return SignalRules.from_json(store.get_meta("signal_rules"))


def set_signal_rules(store: Store, rules: SignalRules) -> None:
    """Change the thresholds. The labels they produce change, so this is a change of the data: the
    data version moves and every cached result and label is recomputed on its next use."""
    rules.validate()
    with store.write() as conn:
        set_meta(conn, "signal_rules", rules.to_json())
        bump_data_version(conn)


def structured_signal_query(rules: SignalRules) -> sa.Select:
    """(interaction_key, subtype, known_after) for every structured signal, as one UNION query.

    A promise not fulfilled on its date is broken once that date has passed: ``known_after`` is
    the promised date, and an analysis at an as-of date keeps the label only when the as-of date
    is later (see :func:`known_by`). Every other signal is known at the contact (NULL).
    """
    i = interactions
    s = _epoch_days(i.c.timestamp)
    prev_same_topic = sa.func.lag(s).over(partition_by=(i.c.customer_id, i.c.topic), order_by=s)
    with_prev = sa.select(
        i.c.interaction_key, i.c.topic, s.label("s"), prev_same_topic.label("prev_s")
    ).subquery()
    at_contact = sa.null().cast(sa.Date).label("known_after")
    repeat = sa.select(
        with_prev.c.interaction_key, sa.literal("repeat_contact").label("subtype"), at_contact
    ).where(
        with_prev.c.topic.is_not(None),
        with_prev.c.prev_s.is_not(None),
        with_prev.c.s - with_prev.c.prev_s <= float(rules.repeat_days),
    )
    handoff = sa.select(i.c.interaction_key, sa.literal("handoff"), at_contact).where(
        i.c.transferred >= rules.min_transfers
    )
    wait = sa.select(i.c.interaction_key, sa.literal("long_wait"), at_contact).where(
        i.c.wait_seconds > rules.long_wait_seconds
    )
    broken = sa.select(i.c.interaction_key, sa.literal("broken_promise"), i.c.promised_date).where(
        i.c.promised_date.is_not(None),
        sa.or_(i.c.fulfilled_date > i.c.promised_date, i.c.fulfilled_date.is_(None)),
    )
    blocked = sa.select(i.c.interaction_key, sa.literal("escalation_blocked"), at_contact).where(
        i.c.escalated == "denied"
    )
    return sa.union_all(repeat, handoff, wait, broken, blocked)


def _has_note() -> sa.ColumnElement[bool]:
    """The interaction carries a note with something in it (not NULL, not blanks)."""
    notes = interactions.c.notes
    return sa.and_(notes.is_not(None), sa.func.length(sa.func.trim(notes)) > 0)


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The non-empty frames of ``parts`` stacked, or an empty frame with ``columns``."""
    filled = [p for p in parts if not p.empty]
    return pd.concat(filled, ignore_index=True) if filled else pd.DataFrame(columns=columns)


def _code_table(store: Store) -> sa.Values | None:
    """The stored ``failure_type`` values that name a family or subtype, as a VALUES table
    (code, family, subtype) to join on: each distinct code is parsed once, in Python."""
    i = interactions
    with store.read() as conn:
        values = [
            r[0]
            for r in conn.execute(sa.select(i.c.failure_type).where(i.c.failure_type.is_not(None)).distinct())
        ]
    parsed = {v: parse_failure_type(v) for v in values}
    known = {v: p for v, p in parsed.items() if p is not None and p[0] in FAMILIES}
    if not known:
        return None
    return sa.values(
        sa.column("code", sa.Text), sa.column("family", sa.Text), sa.column("subtype", sa.Text), name="codes"
    ).data([(v, f, s) for v, (f, s) in known.items()])


def _coded_labels(store: Store) -> pd.DataFrame:
    i = interactions
    codes = _code_table(store)
    if codes is None:
        return pd.DataFrame(columns=["interaction_key", "family", "subtype"])
    q = sa.select(i.c.interaction_key, codes.c.family, codes.c.subtype).select_from(
        i.join(codes, codes.c.code == i.c.failure_type)
    )
    return store.read_frame(q)


def coded_notes(store: Store, per_family: int = 1000) -> pd.DataFrame:
    """Notes of coded interactions as labelled examples for the classifier: ``text``, ``family``,
    ``subtype``. At most ``per_family`` distinct notes per family, a deterministic spread (ordered
    by a hash of the text), so a large export refits in seconds.

    Uncoded interactions are not used as "none" examples, although the contract reads them as
    no failure: notes are only read on coded data to second-guess that reading, and teaching the
    model that every uncoded note is "none" would answer the question before asking it.
    """
    i = interactions
    codes = _code_table(store)
    if codes is None:
        return pd.DataFrame(columns=["text", "family", "subtype"])
    distinct = (
        sa.select(i.c.notes.label("text"), codes.c.family, sa.func.min(codes.c.subtype).label("subtype"))
        .select_from(i.join(codes, codes.c.code == i.c.failure_type))
        .where(_has_note())
        .group_by(i.c.notes, codes.c.family)
        .subquery("distinct_examples")
    )
    ranked = sa.select(
        distinct,
        sa.func.row_number()
        .over(partition_by=distinct.c.family, order_by=(sa.func.md5(distinct.c.text), distinct.c.text))
        .label("rn"),
    ).subquery("ranked")
    q = (
        sa.select(ranked.c.text, ranked.c.family, ranked.c.subtype)
        .where(ranked.c.rn <= per_family)
        .order_by(ranked.c.family, ranked.c.rn)
    )
    return store.read_frame(q)


def corrections(store: Store) -> pd.DataFrame:
    """The user's corrections (``text``, ``family``, ``subtype``), the latest one per text."""
    c = label_corrections
    try:
        frame = store.read_frame(
            sa.select(c.c.text, c.c.family, c.c.subtype, c.c.corrected_at).order_by(c.c.corrected_at)
        )
    except sa.exc.ProgrammingError as exc:  # a store made before the review loop existed
        if not is_missing_table(exc):
            raise
        return pd.DataFrame(columns=["text", "family", "subtype"])
    from models.classify import normalize_texts

    frame["_norm"] = normalize_texts(frame["text"])
    latest = frame.drop_duplicates("_norm", keep="last")
    return latest[["text", "family", "subtype"]].reset_index(drop=True)


def add_corrections(
    store: Store,
    texts: Sequence[str],
    families: Sequence[str],
    subtypes: Sequence[str | None] | None = None,
    *,
    by: str | None = None,
) -> int:
    """Store the user's labels for notes (typically from :func:`review_list`) and mark the labels
    stale, so the next labelling refits the classifier with them. Families and subtypes may be
    given in English or Spanish (``actitud``, ``proceso``, ``precio``, ``calidad``, ``ninguno``);
    a wrong one raises ``ValueError`` naming every bad row, and nothing is stored. A later
    correction of the same text replaces an earlier one. Returns the number stored."""
    from models.classify import parse_labels

    texts = [str(t) for t in texts]
    fam, sub = parse_labels(families, subtypes)
    if len(fam) != len(texts):
        raise ValueError(f"texts has {len(texts)} rows but families has {len(fam)}; they must match.")
    blank = [k for k, t in enumerate(texts) if not t.strip()]
    if blank:
        raise ValueError(f"Corrections need the text they label; rows {blank[:8]} are empty.")
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {"text": t, "family": f, "subtype": s or None, "corrected_at": now, "corrected_by": by}
        for t, f, s in zip(texts, fam, sub)
    ]
    store.create_all()
    with store.write() as conn:
        if rows:
            conn.execute(sa.insert(label_corrections), rows)
        bump_data_version(conn)
    return len(rows)


def review_list(store: Store, classifier=None, limit: int | None = None) -> pd.DataFrame:
    """Notes the classifier was not sure of, for a person to label: one row per distinct note,
    most frequent first, with ``interactions`` (how many carry it) and the classifier's best guess
    (``suggested_family``, ``suggested_subtype``, ``probability``). Label them with
    :func:`add_corrections`. Reflects the last labelling (run :func:`label_interactions` first)."""
    i, lab = interactions, interaction_labels
    q = (
        sa.select(i.c.notes.label("text"), sa.func.count().label("interactions"))
        .select_from(i.join(lab, lab.c.interaction_key == i.c.interaction_key))
        .where(lab.c.is_primary, lab.c.family == "unclassified", lab.c.source == "text")
        .group_by(i.c.notes)
        .order_by(sa.func.count().desc(), i.c.notes)
    )
    if limit is not None:
        q = q.limit(limit)
    frame = store.read_frame(q)
    if frame.empty:
        return frame.assign(suggested_family=[], suggested_subtype=[], probability=[])
    if classifier is None:
        from models.classify import default_classifier

        classifier = default_classifier()
    guess = classifier.predict(frame["text"].tolist(), threshold=0.0)
    frame["suggested_family"] = guess["family"].to_numpy()
    frame["suggested_subtype"] = guess["subtype"].to_numpy()
    frame["probability"] = shown_probability(guess["probability"])
    return frame


def shown_probability(probability: pd.Series) -> np.ndarray:
    """Probabilities cut (not rounded) to three decimals for lists a person reads: a note the
    model left below its 0.5 threshold at 0.4999 must not be shown as 0.500."""
    # the small nudge keeps 0.29 (stored as 0.28999…) from showing as 0.289
    return np.floor(probability.to_numpy(dtype=float) * 1000 + 1e-9) / 1000


def _training_examples(store: Store, coded_present: bool) -> pd.DataFrame:
    """The user's labelled notes for the classifier: corrections first (they win over a coded
    note with the same text), then coded notes when the export is coded."""
    parts = [corrections(store)]
    if coded_present:
        parts.append(coded_notes(store))
    frame = _concat(parts, ["text", "family", "subtype"])
    return frame.drop_duplicates("text", keep="first").reset_index(drop=True)


def _any_coded(store: Store) -> bool:
    i = interactions
    with store.read() as conn:
        return (
            conn.execute(sa.select(i.c.interaction_key).where(i.c.failure_type.is_not(None)).limit(1)).first()
            is not None
        )


def _notes_to_read(all_channels: bool) -> sa.Select:
    """(interaction_key, notes) of the non-blank notes to classify: every one, or only those in
    channels where no contact carries a coded ``failure_type`` (a missing channel is a channel)."""
    i = interactions
    q = sa.select(i.c.interaction_key, i.c.notes).where(_has_note())
    if all_channels:
        return q
    channel = sa.func.coalesce(i.c.channel, sa.literal(""))
    coded_channels = sa.select(channel).where(i.c.failure_type.is_not(None)).distinct()
    return q.where(channel.not_in(coded_channels.scalar_subquery()))


def _text_labels(
    classifier,
    frame: pd.DataFrame,
    batch: int,
    progress: Callable[[float, str], None] | None,
) -> pd.DataFrame:
    """Failure families read from the notes in ``frame`` (interaction_key, notes); notes the
    classifier is unsure of come back as family "unclassified" so they can be listed for review."""
    if frame.empty:
        return pd.DataFrame(columns=["interaction_key", "family", "subtype", "probability"])
    # Real logs repeat templates: classify each distinct note once.
    distinct = pd.Series(frame["notes"].unique())
    parts = []
    for start in range(0, len(distinct), batch):
        texts = distinct.iloc[start : start + batch]
        pred = classifier.predict(texts.tolist())
        pred.index = texts.values
        parts.append(pred)
        if progress is not None:
            progress(
                min((start + batch) / len(distinct), 1.0), f"{min(start + batch, len(distinct)):,} notes read"
            )
    preds = pd.concat(parts)
    preds = preds[~preds.index.duplicated()]
    out = frame.join(preds, on="notes")
    out = out[out["family"].isin([*FAMILIES, "unclassified"])]
    return out[["interaction_key", "family", "subtype", "probability"]]


def label_interactions(
    store: Store,
    *,
    rules: SignalRules | None = None,
    classifier=None,
    use_text: bool | None = None,
    batch: int = 50_000,
    progress: Callable[[float, str], None] | None = None,
) -> dict[str, dict[str, int]]:
    """Relabel every stored interaction: replace ``interaction_labels`` and record the run in
    ``label_runs``, in one transaction.

    The run records the data version read *before* anything is read, so an upload that lands
    while it labels leaves the labels stale (seen by :func:`labels_are_current`), never marked
    current. Labelling does not change the data version: labels are derived from the data.

    Parameters
    ----------
    rules:
        The structured-signal thresholds; default the database's (:func:`signal_rules`).
    classifier:
        A fitted :class:`models.classify.NoteClassifier`; default the one trained on the shipped
        corpus. Either way, when the store holds the user's labelled notes (corrections, or coded
        interactions' notes) the classifier is refitted with them added before it reads the notes.
    use_text:
        Classify notes: True every note, False none. Default: the notes of channels where no
        contact carries a coded ``failure_type`` (all of them when nothing is coded).

    Returns counts of primary labels ``{source: {family: n}}``; text labels the classifier was
    not sure of are stored and counted with family ``"unclassified"`` (listed for review).
    """
    started = time.perf_counter()
    version = store.data_version()  # before reading anything: what these labels are of
    rules = rules or signal_rules(store)
    rules.validate()
    coded = _coded_labels(store)
    coded["source"], coded["probability"] = "coded", 1.0
    signals = store.read_frame(structured_signal_query(rules))
    signals.columns = ["interaction_key", "subtype", "known_after"]
    signals["family"], signals["source"], signals["probability"] = "process", "structured", 1.0
    coded_present = _any_coded(store)
    parts = [coded, signals]
    notes = (
        store.read_frame(_notes_to_read(all_channels=bool(use_text) or not coded_present))
        if use_text is not False
        else pd.DataFrame()
    )
    if not notes.empty:
        from models.classify import default_classifier, refine

        examples = _training_examples(store, coded_present)
        if not examples.empty:
            if progress is not None:
                progress(0.0, f"learning from {len(examples):,} notes labelled by you")
            subtypes = examples["subtype"].where(examples["subtype"].notna(), None)
            if classifier is None:
                classifier = refine(examples["text"], examples["family"], subtypes)
            else:
                classifier = classifier.with_corrections(examples["text"], examples["family"], subtypes)
        elif classifier is None:
            classifier = default_classifier()
        text = _text_labels(classifier, notes, batch, progress)
        text["source"] = "text"
        parts.append(text)
    labels = _concat(parts, ["interaction_key", "family", "subtype", "source", "probability", "known_after"])
    # Counted as seen at the data's as-of date: a promise not yet due is not (yet) a failure.
    as_of = Scope().resolved(store).as_of if store.counts()["customers"] else None
    found = found_by_source(_known(labels, as_of))  # before one row per (contact, family) is kept
    labels = choose_primary(labels)
    primary = _known(labels[labels["is_primary"]], as_of)
    counts: dict[str, dict[str, int]] = {}
    for (source, family), n in primary.groupby(["source", "family"]).size().items():
        counts.setdefault(source, {})[family] = int(n)
    store.create_all()  # a database labelled by an older version gets the newer columns
    with store.write() as conn:
        conn.execute(sa.delete(interaction_labels))
        bulk_insert(conn, interaction_labels, labels)
        run_id = (
            int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(label_runs.c.run_id), 0))).scalar()) + 1
        )
        conn.execute(
            sa.insert(label_runs).values(
                run_id=run_id,
                data_version=version,
                rules=rules.to_json(),
                labelled_at=datetime.now(UTC).replace(tzinfo=None),
                seconds=time.perf_counter() - started,
                counts=json.dumps(counts, sort_keys=True),
                found=json.dumps(found, sort_keys=True),
            )
        )
    return counts


def _known(labels: pd.DataFrame, as_of) -> pd.DataFrame:
    """The labels known at ``as_of`` (all of them when it is None, or when none waits on a date)."""
    if as_of is None or "known_after" not in labels:
        return labels
    due = pd.to_datetime(labels["known_after"])
    return labels[due.isna() | (due < pd.Timestamp(as_of))]


def last_label_run(store: Store) -> dict | None:
    """The latest labelling: ``run_id``, ``data_version``, ``rules`` (SignalRules), ``labelled_at``,
    ``seconds``, ``counts``, ``found``; None before the first."""
    runs = label_run_history(store, 1)
    return runs[0] if runs else None


def label_run_history(store: Store, n: int = 2) -> list[dict]:
    """The ``n`` latest labellings, newest first, each as :func:`last_label_run` gives it (``counts``:
    primary labels ``{source: {family: n}}`` at the data's as-of date): what changed between two
    runs — after corrections, an upload or new thresholds — is the difference of their counts."""
    r = label_runs
    try:
        rows = store.read_frame(sa.select(r).order_by(r.c.run_id.desc()).limit(int(n)))
    except sa.exc.ProgrammingError as exc:
        if is_missing_table(exc):  # a database labelled before runs were recorded: label again
            return []
        raise
    out = []
    for row in rows.to_dict("records"):
        row["rules"] = SignalRules.from_json(row["rules"])
        row["counts"] = json.loads(row["counts"] or "{}")
        row["found"] = json.loads(row.get("found") or "{}")
        out.append(row)
    return out


def labels_are_current(store: Store) -> bool:
    """True when the stored labels are of the current data under the current signal rules."""
    run = last_label_run(store)
    return (
        run is not None
        and int(run["data_version"]) == store.data_version()
        and run["rules"] == signal_rules(store)
    )


_LABELLING = threading.Lock()
"""One labelling at a time in a process: two dashboard sessions computing results after an upload
both label first, and two labellings at once delete and number each other's rows (DuckDB:
"Conflict on tuple deletion", a duplicate run id). Other processes are kept out by the database."""


def ensure_labels(store: Store, progress: Callable[[float, str], None] | None = None) -> bool:
    """Label the interactions unless the stored labels are current (:func:`labels_are_current`).
    Returns True if it labelled. An explicit step: the reports call it first, the dashboard
    behind its progress bar. A second caller in the same process waits for a labelling under way
    and then finds the labels current."""
    if labels_are_current(store):
        return False
    with _LABELLING:
        if labels_are_current(store):
            return False
        label_interactions(store, progress=progress)
    return True


def primary_label_query(scope: Scope | None = None) -> sa.Select:
    """One row per stored interaction with its primary label (known at the scope's as-of date):
    :func:`analytics.measures.primary_label_query`, where the SQL lives so the measures share it."""
    return measures.primary_label_query(scope)


def choose_primary(labels: pd.DataFrame) -> pd.DataFrame:
    """Keep one row per (interaction, family) from its most trusted source, and mark the primary family."""
    if labels.empty:
        return labels.assign(is_primary=pd.Series(dtype=bool))
    if "known_after" not in labels:
        labels = labels.assign(known_after=None)
    ranked = labels.assign(
        _src=labels["source"].map(_SOURCE_RANK),
        # Within a source, a failure known at the contact before one known only later (a promise).
        _late=labels["known_after"].notna(),
        _fam=labels["family"].map(_FAMILY_RANK),
        _p=-labels["probability"].astype(float),
    ).sort_values(["interaction_key", "_src", "_late", "_p", "_fam"], kind="stable")
    per_family = ranked.drop_duplicates(["interaction_key", "family"])
    # "Not sure" from the notes means nothing when another source found a failure.
    has_family = per_family.loc[per_family["family"] != "unclassified", "interaction_key"].unique()
    per_family = per_family[
        ~((per_family["family"] == "unclassified") & per_family["interaction_key"].isin(has_family))
    ]
    primary_idx = per_family.drop_duplicates("interaction_key").index
    out = per_family.assign(is_primary=per_family.index.isin(primary_idx))
    return out[
        ["interaction_key", "family", "subtype", "source", "probability", "is_primary", "known_after"]
    ].reset_index(drop=True)


def found_by_source(labels: pd.DataFrame) -> dict[str, dict[str, int]]:
    """``{source: {family: contacts}}``: the contacts in which each source found each family,
    counted before :func:`choose_primary` keeps one row per (contact, family) — so a transfer on a
    contact coded "process" counts for the structured signals too."""
    if labels.empty:
        return {}
    distinct = labels.drop_duplicates(["interaction_key", "family", "source"])
    out: dict[str, dict[str, int]] = {}
    for (source, family), n in distinct.groupby(["source", "family"]).size().items():
        out.setdefault(str(source), {})[str(family)] = int(n)
    return out


def label_counts(store: Store) -> pd.DataFrame:
    """What the last labelling found, by source and family: ``source``, ``family``, ``found``
    (contacts in which that source found the family, see :func:`found_by_source`) and
    ``primary`` (contacts whose primary label it is). A contact can carry several families (a
    transfer and a rude agent), and two sources can find the same one (a transfer on a contact
    coded "process"): every source that found a failure shows. Counted at the data's as-of date
    (a promise not yet due is not yet a failure), like the labelling's own counts."""
    lab = interaction_labels
    q = sa.select(
        lab.c.source,
        lab.c.family,
        sa.func.count().label("stored"),
        sa.func.sum(sa.case((lab.c.is_primary, 1), else_=0)).label("primary"),
    ).group_by(lab.c.source, lab.c.family)
    if store.counts()["customers"]:
        q = q.where(Scope().resolved(store).labels_known(lab))
    frame = store.read_frame(q).astype({"stored": "int64", "primary": "int64"})
    run = last_label_run(store)
    if run is None or not run.get("found"):  # labelled before the counts were recorded
        return frame.rename(columns={"stored": "found"})[["source", "family", "found", "primary"]]
    found = pd.DataFrame(
        [(src, fam, n) for src, fams in run["found"].items() for fam, n in fams.items()],
        columns=["source", "family", "found"],
    )
    out = found.merge(frame[["source", "family", "primary"]], on=["source", "family"], how="outer")
    return out.fillna({"found": 0, "primary": 0}).astype({"found": "int64", "primary": "int64"})
