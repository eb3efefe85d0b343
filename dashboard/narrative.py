"""The answer in words: the sentences the Overview and the Attribution page open with, from the
attribution's figures. Pure functions (data in, text out), in the interface's language; figures
are formatted for it and bold where the eye should land first (Markdown)."""

from __future__ import annotations

import math

import pandas as pd

from dashboard import formatting as fmt
from dashboard.strings import t
from models.exit_reasons import CHECK_BELOW

FIELD_CLAIM = (0.60, 0.70)
"""What customer-service writing has claimed for decades: 60–70 % of the customers who leave do
so for attitude and process reasons, not price or quality."""

SERVICE = ("attitude", "process")
COMMERCIAL = ("price", "quality")


def _triple(row: pd.Series, lang: str) -> dict[str, str]:
    return {
        "value": fmt.percent(row["estimate"], lang),
        "interval": fmt.percent_range(row["low"], row["high"], lang),
    }


def headline(shares: pd.DataFrame, lang: str) -> list[str]:
    """The answer first: the attitude-and-process share with its interval, then price and quality,
    then what no failure explains (``shares``: the attribution's ``attributable_share``)."""
    service = shares.loc["attitude_and_process"]
    commercial = shares.loc["price_and_quality"]
    every = shares.loc["all_failures"]
    unrelated = pd.Series(
        {"estimate": 1 - every["estimate"], "low": 1 - every["high"], "high": 1 - every["low"]}
    )
    return [
        t("narrative.headline", lang, **_triple(service, lang)),
        t(
            "narrative.rest",
            lang,
            commercial=fmt.percent(commercial["estimate"], lang),
            commercial_interval=fmt.percent_range(commercial["low"], commercial["high"], lang),
            unrelated=fmt.percent(unrelated["estimate"], lang),
            unrelated_interval=fmt.percent_range(unrelated["low"], unrelated["high"], lang),
        ),
    ]


def contrast(shares: pd.DataFrame, stated: dict[str, float], lang: str) -> list[str]:
    """What leaving customers said beside what the data shows, and where they differ. Empty when
    nobody left in the window (nothing was said)."""
    if not stated:
        return []
    named = {f: float(stated.get(f, 0.0)) for f in (*SERVICE, *COMMERCIAL)}
    top = max(named, key=named.get)
    said_service = named["attitude"] + named["process"]
    service = shares.loc["attitude_and_process"]
    lines = [
        t(
            "narrative.said",
            lang,
            family=t(f"family.{top}", lang).lower(),
            top=fmt.percent(named[top], lang),
            service=fmt.percent(said_service, lang),
        ),
        t(
            "narrative.shows",
            lang,
            service=fmt.percent(service["estimate"], lang),
            commercial=fmt.percent(shares.loc["price_and_quality", "estimate"], lang),
        ),
    ]
    if said_service < service["low"]:
        lines.append(t("narrative.understated", lang))
    elif said_service > service["high"]:
        lines.append(t("narrative.overstated", lang))
    else:
        lines.append(t("narrative.agree", lang))
    return lines


def field_claim(service_share: pd.Series, lang: str) -> str | None:
    """The share of failure-driven churn that is attitude and process, held against the field's
    60–70 % claim (None when no churn is explained by failures)."""
    est, low, high = (float(service_share[k]) for k in ("estimate", "low", "high"))
    if math.isnan(est):
        return None
    lo, hi = FIELD_CLAIM
    if not math.isnan(low) and low > hi:
        where = "above"
    elif not math.isnan(high) and high < lo:
        where = "below"
    else:
        where = "within"
    return t(
        "narrative.field_claim",
        lang,
        value=fmt.percent(est, lang),
        interval=fmt.percent_range(low, high, lang),
        claim=fmt.percent_range(lo, hi, lang, 0),
        where=t(f"narrative.claim_{where}", lang),
    )


def model_sentence(model: str, customers: int, lang: str) -> str:
    """Which model gave the hazard ratios, and why, in ``lang`` (``model``: the report's
    ``model``: ``cox_time_varying``, ``piecewise_exponential`` or a discrete-time model)."""
    from models.survival import COX_MAX_SUBJECTS

    if model.startswith("cox"):
        kind = "cox"
    elif model == "piecewise_exponential":
        kind = "piecewise_exponential"
    else:
        kind = "discrete"
    return t(
        f"attribution.model.{kind}",
        lang,
        customers=fmt.number(customers, lang),
        limit=fmt.number(COX_MAX_SUBJECTS, lang),
    )


def p_value(p: float, lang: str) -> str:
    """``p = 0.20`` / ``p = 0,20``; ``p < 0.001`` below that."""
    if p is None or math.isnan(p):
        return fmt.DASH
    if p < 0.001:
        return f"p < {fmt.number(0.001, lang, 3)}"
    return f"p = {fmt.number(p, lang, 3 if p < 0.01 else 2)}"


def recovery_effect(hr: pd.Series, lang: str) -> str | None:
    """The recovery effect in one plain sentence, from the hazard ratio of a recovered failure
    (``hr``: estimate, low, high). None when the model could not estimate it."""
    est, low, high = (float(hr[k]) for k in ("estimate", "low", "high"))
    if math.isnan(est):
        return None
    key = "narrative.recovery_lower" if est < 1 else "narrative.recovery_higher"
    text = t(
        key,
        lang,
        ratio=fmt.ratio(est, lang),
        change=fmt.percent(abs(1 - est), lang, 0),
        low=fmt.ratio(low, lang),
        high=fmt.ratio(high, lang),
    )
    if not math.isnan(low) and low <= 1 <= high:
        text += " " + t("narrative.recovery_unclear", lang)
    return text


def _recovery_rows(at: pd.DataFrame) -> pd.Series | None:
    """The share still customers by group (``recovered``, ``not recovered``) of a
    ``survival_at`` frame of the recovered-vs-not curves; None unless both groups are there."""
    rows = at.set_index(at["group"].astype(str))["survival"]
    return rows if {"recovered", "not recovered"} <= set(rows.index) else None


def recovery_figures_disagree(hr: pd.Series, at: pd.DataFrame, p: float | None, alpha: float = 0.05) -> bool:
    """Whether the adjusted recovery effect (``hr``: estimate, low, high of the hazard ratio) and
    the raw comparison a year after the first failure (``at``: ``survival_at([365])`` of the
    recovered-vs-not curves; ``p``: their log-rank p-value) tell a reader different things: one
    is clear and the other is not, or both are clear in opposite directions."""
    est, low, high = (float(hr[k]) for k in ("estimate", "low", "high"))
    rows = _recovery_rows(at)
    if rows is None or math.isnan(est) or p is None or math.isnan(p):
        return False
    adjusted_clear = high < 1 or low > 1
    raw_clear = p < alpha
    if adjusted_clear != raw_clear:
        return True
    # both clear: a lower hazard should come with more customers staying
    return adjusted_clear and (est < 1) != (rows["recovered"] > rows["not recovered"])


def recovery_after_a_year(at: pd.DataFrame, p: float | None, lang: str) -> str | None:
    """A year after the first failure, the share still customers among the recovered and the
    others (``at``: ``survival_at([365])`` of the recovered-vs-not curves)."""
    rows = _recovery_rows(at)
    if rows is None:
        return None
    return t(
        "narrative.recovery_year",
        lang,
        recovered=fmt.percent(rows["recovered"], lang, 0),
        others=fmt.percent(rows["not recovered"], lang, 0),
        p=p_value(p, lang) if p is not None else fmt.DASH,
    )


def stated_unsure(share: float, lang: str) -> str | None:
    """How far the stated-reason shares can still move: the share of leavers whose reason the
    model read under :data:`~models.exit_reasons.CHECK_BELOW` (or could not read) and no one has
    checked (``AttributionReport.stated_unsure``). None when there is none, or the report was kept
    before it was measured (NaN)."""
    if share is None or math.isnan(share) or share <= 0:
        return None
    return t(
        "overview.stated_unsure",
        lang,
        share=fmt.percent(share, lang, 0 if share >= 0.1 else 1),
        threshold=fmt.percent(CHECK_BELOW, lang, 0),
    )
