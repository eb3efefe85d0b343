"""What the review page draws and does, as plain functions (no Streamlit): the notes to review as
an editable table, the user's choices as corrections, what the labelling found and how it changed,
the thresholds of the structured signals — in the interface's language."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from analytics.store import Store
from analytics.taxonomy import FAMILIES, SUBTYPES
from dashboard import formatting as fmt
from dashboard.strings import t
from dashboard.tables import headers
from dashboard.uploading import CHOOSE
from models.exit_reasons import REASON_FAMILIES
from models.labels import SignalRules, set_signal_rules
from models.review import (
    CHECK_BELOW,
    CORRECTION_FAMILIES,
    CorrectionProblem,
    ReviewPage,
    corrections_from,
    reasons_to_check,
    save_corrections,
)

SOURCES = ("coded", "structured", "text")
SUBTYPE_KEYS: tuple[str, ...] = tuple(s.key for s in SUBTYPES)
_FAMILY_OF = {s.key: s.family for s in SUBTYPES}

CLI_RULES = "python -m analytics classify --repeat-days {days} --long-wait-seconds {seconds}"
UNSURE_FIRST = "unsure"
"""The link parameter (``?unsure=1``) that opens the review page with its exit reasons least sure
first: the Overview and the Attribution page link with it, beside the share of leavers whose reason
is still unsure."""


def family_label(key: str | None, lang: str) -> str:
    if not key or key == CHOOSE:
        return t("upload.choose", lang)
    if key == "not_stated":  # an exit reason that gives none ("No sé")
        return t("cause.not_stated", lang)
    return t(f"family.{key}", lang)


def subtype_label(key: str | None, lang: str) -> str:
    """``Process › Hand-off / transfer``: the subtype with its family, so that the list reads by family."""
    if not key or key == CHOOSE:
        return t("upload.choose", lang)
    return f"{t(f'family.{_FAMILY_OF[key]}', lang)} › {t(f'subtype.{key}', lang)}"


def percent_points(probability: pd.Series) -> np.ndarray:
    """Probabilities as whole percentage points, cut (not rounded) like every probability a person
    reads here: 0.899 shows as 89, under the 90 % the page counts it against. Whole points because
    the grid formats numbers in the browser's locale or by a printf pattern, never in the
    interface's language: "98.8%" would show on a Spanish page, "89 %" shows right in both."""
    return np.floor(probability.astype(float).to_numpy() * 100 + 1e-9).astype("int64")


def probability_format(lang: str) -> str:
    """The grid's printf pattern for :func:`percent_points`: "89%" in English, "89 %" in Spanish
    (with the unbreakable space Spanish style puts before the sign, as :func:`fmt.percent`)."""
    return "%d\u00a0%%" if lang == "es" else "%d%%"


def editor_frame(notes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The notes to review as the editor's rows: the note, how many contacts carry it, the
    classifier's best guess and its probability, and the family and subtype to choose (empty)."""
    guess = [
        subtype_label(s, lang) if isinstance(s, str) and s in _FAMILY_OF else family_label(f, lang)
        for f, s in zip(notes["suggested_family"], notes["suggested_subtype"])
    ]
    # A "choose" value, not None: the grid writes "None" (in English) in an empty choice cell.
    empty = [CHOOSE] * len(notes)
    return pd.DataFrame(
        {
            "text": notes["text"].astype(str),
            "family": empty,
            "subtype": list(empty),
            "guess": guess,
            "probability": percent_points(notes["probability"]),
            "interactions": notes["interactions"].astype("int64"),
        }
    )


def family_options() -> list[str]:
    return [CHOOSE, *CORRECTION_FAMILIES]


def subtype_options() -> list[str]:
    return [CHOOSE, *SUBTYPE_KEYS]


def problems_text(problems: list[CorrectionProblem], lang: str) -> list[str]:
    """Rows that cannot be stored, said in ``lang`` (the note shortened)."""
    out = []
    for p in problems:
        note = p.text if len(p.text) <= 60 else p.text[:59] + "…"
        if p.kind == "subtype_of_other_family":
            out.append(t("review.problem_family", lang, note=note, family=family_label(p.expected, lang)))
        else:
            out.append(t("review.problem_unknown", lang, note=note))
    return out


def save(
    store: Store,
    edited: pd.DataFrame,
    *,
    by: str | None = None,
    families: tuple[str, ...] = CORRECTION_FAMILIES,
) -> tuple[int, list[CorrectionProblem]]:
    """Store the rows of the edited table that were given a family (one of ``families``) or
    subtype; a table without a subtype column (the exit reasons') gives families only. Nothing is
    stored when a row cannot be (its problems are returned): the user fixes it and saves again."""
    chosen = edited[[c for c in ("text", "family", "subtype") if c in edited]].replace({CHOOSE: None})
    corrections, problems = corrections_from(chosen, families)
    if problems:
        return 0, problems
    return save_corrections(store, corrections, by=by), []


def reason_label(family: str, source: str, lang: str) -> str:
    """How the reports read a reason: its family, or "unclassified", marked when a person chose it."""
    return family_label(family, lang) + (" ✓" if source == "correction" else "")


def reasons_editor_frame(reasons: pd.DataFrame, lang: str, *, unsure_first: bool = False) -> pd.DataFrame:
    """The stated exit reasons as the editor's rows: the reason, how many customers gave it, how
    the reports read it now (✓: a person's choice) and how sure the model was, and the family to
    choose (empty: keep the reading). Most customers first, or with ``unsure_first`` the model's
    least sure readings first (a person's choices and placeholders last), ties by customers."""
    if unsure_first:
        reasons = reasons.assign(_read=reasons["source"] != "model").sort_values(
            ["_read", "probability", "customers"], ascending=[True, True, False], kind="stable"
        )
    return pd.DataFrame(
        {
            "text": reasons["text"].astype(str),
            "family": [CHOOSE] * len(reasons),
            "read_as": [reason_label(f, s, lang) for f, s in zip(reasons["family"], reasons["source"])],
            "probability": percent_points(reasons["probability"]),
            "customers": reasons["customers"].astype("int64"),
        }
    )


def reasons_check_text(reasons: pd.DataFrame, lang: str) -> str:
    """The line above the reasons' table that says which to check first
    (:func:`models.review.reasons_to_check`): how many, given by how many customers, and how many
    a person has already chosen a family for."""
    check = reasons_to_check(reasons)
    threshold = fmt.percent(CHECK_BELOW, lang, decimals=0)
    if check.reasons:
        text = t(
            "review.reasons_check",
            lang,
            n=fmt.number(check.reasons, lang),
            customers=fmt.number(check.customers, lang),
            share=fmt.percent(check.share, lang, decimals=0),
            threshold=threshold,
        )
    else:
        text = t("review.reasons_check_none", lang, threshold=threshold)
    if check.chosen:
        key = "review.reasons_chosen_one" if check.chosen == 1 else "review.reasons_chosen_many"
        text += " " + t(key, lang, n=fmt.number(check.chosen, lang))
    return text


def reason_options() -> list[str]:
    return [CHOOSE, *REASON_FAMILIES]


def save_reasons(
    store: Store, edited: pd.DataFrame, *, by: str | None = None
) -> tuple[int, list[CorrectionProblem]]:
    """:func:`save` for the exit reasons' table: a reason may also be "not stated"."""
    return save(store, edited, by=by, families=REASON_FAMILIES)


def changes_frame(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Contacts by source and family in the labelling before and the last one, and the change."""
    out = changes.copy()
    out["source"] = [t(f"review.source.{s}", lang) for s in out["source"]]
    out["family"] = [family_label(f, lang) for f in out["family"]]
    out["change"] = [fmt.number(c, lang) if c <= 0 else "+" + fmt.number(c, lang) for c in out["change"]]
    return headers(out, lang, prefix="review.col.")


def sources_frame(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What the last labelling found, by source (coded, structured signals, notes) and family:
    contacts where the source found it, and those whose primary label it is."""
    order = {s: i for i, s in enumerate(SOURCES)}
    fam = {f: i for i, f in enumerate((*FAMILIES, "unclassified"))}
    out = sources.assign(_s=sources["source"].map(order), _f=sources["family"].map(fam))
    out = out.sort_values(["_s", "_f"]).drop(columns=["_s", "_f"]).reset_index(drop=True)
    out["source"] = [t(f"review.source.{s}", lang) for s in out["source"]]
    out["family"] = [family_label(f, lang) for f in out["family"]]
    return headers(out[["source", "family", "found", "primary"]], lang, prefix="review.col.")


def run_caption(page: ReviewPage, lang: str) -> str:
    if page.run is None:
        return t("review.no_run", lang)
    text = t(
        "review.run",
        lang,
        run=int(page.run["run_id"]),
        when=fmt.day_time(page.run["labelled_at"], lang),
        seconds=fmt.number(page.run["seconds"] or 0, lang, 1),
    )
    if page.previous is not None:
        text += " " + t(
            "review.run_before",
            lang,
            run=int(page.previous["run_id"]),
            when=fmt.day_time(page.previous["labelled_at"], lang),
        )
    return text


def rules_text(rules: SignalRules, lang: str) -> list[str]:
    """The structured signals and their thresholds, one line each."""
    minutes = rules.long_wait_seconds / 60
    return [
        t("review.rule.repeat", lang, days=fmt.number(rules.repeat_days, lang)),
        t(
            "review.rule.wait",
            lang,
            seconds=fmt.number(rules.long_wait_seconds, lang),
            minutes=fmt.number(minutes, lang, 0 if minutes.is_integer() else 1),
        ),
        t("review.rule.transfer", lang, n=fmt.number(rules.min_transfers, lang)),
        t("review.rule.promise", lang),
        t("review.rule.escalation", lang),
    ]


def rules_command(rules: SignalRules) -> str:
    return CLI_RULES.format(days=rules.repeat_days, seconds=f"{rules.long_wait_seconds:g}")


def change_rules(store: Store, rules: SignalRules, repeat_days: int, long_wait_seconds: float) -> SignalRules:
    """New thresholds, kept in the database (the data version moves: labels and every result are
    recomputed on their next view). Raises ValueError for a value out of range."""
    new = replace(rules, repeat_days=int(repeat_days), long_wait_seconds=float(long_wait_seconds))
    if new != rules:
        set_signal_rules(store, new)
    return new


def user() -> str:
    """Who corrects, as the record keeps it (the server's user: the dashboard has no login)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
