"""Tables for the screen and for download, in the interface's language. Pure functions on
DataFrames; no Streamlit.

On screen: headers translated, numbers and dates formatted for the language through a pandas
Styler (the grid still sorts by the values underneath), long hashes shortened. For download:
the same headers, every value whole, cells a spreadsheet would run as a formula neutralised
(:func:`analytics.ingest.safe_for_spreadsheet`), and in Spanish the separators a Spanish
spreadsheet expects (``;`` between fields, decimal comma), with a byte-order mark so accents
open right.
"""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
from pandas.io.formats.style import Styler

from analytics.ingest import safe_for_spreadsheet
from dashboard import formatting as fmt
from dashboard.results import cause_label
from dashboard.strings import t


def headers(frame: pd.DataFrame, lang: str, prefix: str = "col.") -> pd.DataFrame:
    """``frame`` with each column renamed to its ``col.<name>`` string in ``lang``."""
    out = frame.rename(columns={c: t(f"{prefix}{c}", lang) for c in frame.columns})
    out.attrs = {}  # the window and other metadata are not for the grid (Arrow cannot carry them)
    return out


def _number_cell(v, *, lang: str, places: int) -> str:
    return fmt.number(v, lang, places)


def _percent_cell(v, *, lang: str, places: int) -> str:
    return fmt.percent(v, lang, places)


def styled(
    frame: pd.DataFrame,
    lang: str,
    *,
    decimals: dict[str, int] | None = None,
    percent: tuple[str, ...] = (),
) -> Styler:
    """A Styler showing ``frame``'s numbers in ``lang`` (``1.234``, ``12,8 %``); ``decimals`` per
    column (default 0 for integers, 2 for other numbers), ``percent`` columns as percentages of
    fractions."""
    decimals = decimals or {}
    formats = {}
    for col in frame.columns:
        places = decimals.get(col)
        if col in percent:
            formats[col] = partial(_percent_cell, lang=lang, places=1 if places is None else places)
        elif pd.api.types.is_bool_dtype(frame[col]):
            continue
        elif pd.api.types.is_integer_dtype(frame[col]):
            formats[col] = partial(_number_cell, lang=lang, places=0 if places is None else places)
        elif pd.api.types.is_float_dtype(frame[col]):
            formats[col] = partial(_number_cell, lang=lang, places=2 if places is None else places)
    return frame.style.format(formats, na_rep=fmt.DASH)


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """``frame`` as a CSV a spreadsheet in ``lang`` opens as it is, formula cells neutralised."""
    safe = safe_for_spreadsheet(frame.astype({c: object for c in frame.select_dtypes("string").columns}))
    sep, dec = (";", ",") if lang == "es" else (",", ".")
    return safe.to_csv(index=False, sep=sep, decimal=dec).encode("utf-8-sig")


def upload_history(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload history for the screen: the columns a reader needs first, the table's name
    translated, the time to the minute, the hash shortened, headers in ``lang``."""
    shown = history[
        [
            "upload_id",
            "uploaded_at",
            "table_name",
            "file_name",
            "rows",
            "accepted",
            "rejected",
            "duplicates",
            "updated",
            "uploaded_by",
            "encoding",
            "delimiter",
            "content_hash",
        ]
    ].copy()
    shown["uploaded_at"] = [fmt.day_time(v, lang) for v in shown["uploaded_at"]]
    shown["table_name"] = [t(f"uploads.table.{v}", lang) for v in shown["table_name"]]
    shown["content_hash"] = [fmt.short_hash(v) for v in shown["content_hash"]]
    return headers(shown, lang)


def upload_history_download(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload history for download: every column whole, headers and table names in ``lang``."""
    out = history.copy()
    out["table_name"] = [t(f"uploads.table.{v}", lang) for v in out["table_name"]]
    return headers(out, lang)


def rejected_rows(rejects: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected rows (line, raw, reason) with headers in ``lang``."""
    return headers(rejects[["line", "reason", "raw"]], lang)


def stated_vs_attributed(frame: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The causes of churn as a table: what leaving customers said and what the model attributes,
    with its interval. On screen as percentages; ``whole=True`` (download) as fractions."""
    out = frame.copy()
    out.insert(0, "cause", [cause_label(c, lang) for c in out.index])
    if not whole:
        for col in ("stated", "attributed", "low", "high"):
            out[col] = [fmt.percent(v, lang) for v in out[col]]
    out = out.rename(columns={"attributed": "estimate"})[["cause", "stated", "estimate", "low", "high"]]
    out = out.rename(columns={"estimate": "attributed"})
    return headers(out.reset_index(drop=True), lang)


SHARE_TABLE_ROWS = (
    "attitude",
    "process",
    "price",
    "quality",
    "attitude_and_process",
    "price_and_quality",
    "all_failures",
    "unrelated",
)


def attributable_shares(shares: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The attribution's shares (families, joint groups, all failures, and what no failure
    explains) with their intervals; percentages on screen, fractions for download."""
    every = shares.loc["all_failures"]
    out = shares[["estimate", "low", "high"]].astype(float).copy()
    out.loc["unrelated"] = [1 - every["estimate"], 1 - every["high"], 1 - every["low"]]
    out = out.loc[list(SHARE_TABLE_ROWS)]
    if not whole:
        out = pd.DataFrame(
            {
                "estimate": [fmt.percent(v, lang) for v in out["estimate"]],
                "interval": [fmt.percent_range(lo, hi, lang) for lo, hi in zip(out["low"], out["high"])],
            },
            index=out.index,
        )
    out.insert(0, "cause", [cause_label(c, lang) for c in out.index])
    return headers(out.reset_index(drop=True), lang)


def subgroup_shares(frame: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The subgroup's shares beside every customer's, with intervals (``frame``:
    :func:`dashboard.results.subgroup_vs_all`): on screen one cell per share, "26.4% (22.3–30.5%)"
    (narrow enough for half the page); for download the fractions, each in its column."""
    if whole:
        out = frame.rename(columns={"estimate": "subgroup", "low": "subgroup_low", "high": "subgroup_high"})
    else:

        def cell(est, lo, hi) -> str:
            return f"{fmt.percent(est, lang)} ({fmt.percent_range(lo, hi, lang)})"

        out = pd.DataFrame(
            {
                "subgroup": [cell(*v) for v in frame[["estimate", "low", "high"]].to_numpy()],
                "all": [cell(*v) for v in frame[["all", "all_low", "all_high"]].to_numpy()],
            },
            index=frame.index,
        )
    out.insert(0, "cause", [cause_label(c, lang) for c in out.index])
    return headers(out.reset_index(drop=True), lang)


def hazard_ratios(hr: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """Hazard ratios with their 95 % intervals, one row per exposure (rows the model could not
    estimate, a family absent from the data, left out)."""
    out = hr[["estimate", "low", "high"]].astype(float).dropna(subset=["estimate"]).copy()
    if not whole:
        out = pd.DataFrame(
            {
                "estimate": [fmt.ratio(v, lang) for v in out["estimate"]],
                "interval": [
                    f"{fmt.ratio(lo, lang)}{fmt.DASH}{fmt.ratio(hi, lang)}"
                    for lo, hi in zip(out["low"], out["high"])
                ],
            },
            index=out.index,
        )
    out.insert(0, "row", [t(f"hr.{name}", lang) for name in out.index])
    out = out.rename(columns={"estimate": "hazard_ratio"})
    return headers(out.reset_index(drop=True), lang)


SURVIVAL_DAYS = (90, 180, 365)
"""The horizons the survival tables give: three, six and twelve months."""


def survival_summary(km, lang: str, labels: dict[str, str], *, whole: bool = False) -> pd.DataFrame:
    """One row per curve of a fitted Kaplan–Meier (``km``): customers, those who left, the median
    time to leaving in months (or "not reached") and the share still customers at 3, 6 and 12
    months."""
    med = km.median_.copy()
    med["group"] = med["group"].astype(str)
    at = km.survival_at([float(d) for d in SURVIVAL_DAYS])
    at["group"] = at["group"].astype(str)
    wide = at.pivot(index="group", columns="time", values="survival")
    out = pd.DataFrame({"group": [labels.get(g, g) for g in med["group"]]})
    out["customers"] = med["n"].astype("int64").to_numpy()
    out["left"] = med["events"].astype("int64").to_numpy()
    months = med["median"].astype(float) / 30.4375
    if whole:
        out["median_months"] = months.where(months.map(math.isfinite)).to_numpy()
    else:
        out["median_months"] = [
            fmt.number(m, lang, 1) if math.isfinite(m) else t("survival.not_reached", lang) for m in months
        ]
    for d in SURVIVAL_DAYS:
        values = [wide.loc[g, float(d)] if g in wide.index else float("nan") for g in med["group"]]
        out[f"alive_{d}"] = values if whole else [fmt.percent(v, lang) for v in values]
    return headers(out, lang)


# -- failures --------------------------------------------------------------------------------------
def _family_name(f: str, lang: str) -> str:
    return t("failures.all_families", lang) if f == "any" else t(f"family.{f}", lang)


def failures_by_family(by_family: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """Failures per 100 contacts per family and in all: contacts, failures, the rate and its
    95 % interval (numbers as the language writes them on screen; whole for download)."""
    out = by_family[["family", "contacts", "failures", "per_100", "low", "high"]].copy()
    out["family"] = [_family_name(f, lang) for f in out["family"]]
    if not whole:
        out["interval"] = [
            f"{fmt.number(lo, lang, 1)}{fmt.DASH}{fmt.number(hi, lang, 1)}"
            for lo, hi in zip(out["low"], out["high"])
        ]
        out["per_100"] = [fmt.number(v, lang, 1) for v in out["per_100"]]
        out = out[["family", "contacts", "failures", "per_100", "interval"]]
    return headers(out.reset_index(drop=True), lang)


def pareto_table(frame: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The Pareto of subtypes as a table: family, subtype, failures, per 100 contacts, share of
    all failures and the cumulative share."""
    from dashboard.figures.failures import subtype_label

    out = frame[["family", "subtype", "failures", "per_100", "share", "cumulative"]].copy()
    out["subtype"] = [subtype_label(f, s, lang) for f, s in zip(out["family"], out["subtype"])]
    out["family"] = [_family_name(f, lang) for f in out["family"]]
    if not whole:
        out["per_100"] = [fmt.number(v, lang, 2) for v in out["per_100"]]
        out["share"] = [fmt.percent(v, lang) for v in out["share"]]
        out["cumulative"] = [fmt.percent(v, lang) for v in out["cumulative"]]
    return headers(out.reset_index(drop=True), lang)


def breakdown(frame: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """A heat map's or trend's numbers for download: ``by``, family, contacts, failures, per 100
    contacts and its interval."""
    out = frame[[by, "family", "contacts", "failures", "per_100", "low", "high"]].copy()
    out["family"] = [_family_name(f, lang) for f in out["family"]]
    if by == "month":
        out["month"] = [fmt.month(m, lang) for m in out["month"]]
    return headers(out.reset_index(drop=True), lang)


def notes(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Notes of contacts (customer masked): date, customer, channel, team, label, source, notes."""
    from dashboard.figures.failures import subtype_label

    out = frame[["date", "customer", "channel", "team", "family", "subtype", "source", "notes"]].copy()
    out["date"] = [fmt.day(d, lang) for d in out["date"]]
    out["subtype"] = [
        subtype_label(f, s, lang) if f not in ("none", "unclassified") else t(f"family.{f}", lang)
        for f, s in zip(out["family"], out["subtype"])
    ]
    out["source"] = [
        t(f"failures.source.{s}", lang) if s in ("coded", "structured", "text") else fmt.DASH
        for s in out["source"]
    ]
    out = out.drop(columns="family")[["date", "notes", "subtype", "channel", "team", "customer", "source"]]
    return headers(out.reset_index(drop=True), lang)


# -- agents and teams --------------------------------------------------------------------------------
def outside(fit, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The units outside a funnel's 95 % limits, farthest first: unit, volume, events, rate, where."""
    rows = fit.outside_
    out = pd.DataFrame(
        {
            "unit": rows["unit"].astype(str),
            "trials": rows["trials"].astype("int64"),
            "events": rows["events"].astype("int64"),
            "rate": rows["rate"].astype(float) if whole else [fmt.percent(v, lang) for v in rows["rate"]],
            "where": [t(f"agents.outside_where.{b}", lang) for b in rows["band"]],
        }
    )
    return headers(out, lang)


def board(frame: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """The recognition board: rank, agent, failures, recovered, observed and shrunk recovery rate."""
    out = pd.DataFrame(
        {
            "rank": frame["rank"].astype("int64"),
            "agent_id": frame["unit"].astype(str),
            "failures": frame["trials"].astype("int64"),
            "recovered": frame["events"].astype("int64"),
            "raw_rate": frame["raw_rate"].astype(float),
            "shrunk_rate": frame["shrunk_rate"].astype(float),
        }
    )
    if not whole:
        out["raw_rate"] = [fmt.percent(v, lang) for v in out["raw_rate"]]
        out["shrunk_rate"] = [fmt.percent(v, lang) for v in out["shrunk_rate"]]
    return headers(out, lang)


def volumes(frame: pd.DataFrame, level: str, lang: str) -> pd.DataFrame:
    """Per agent or team: contacts, failures, recovered and both rates (for download)."""
    out = frame[[level, "contacts", "failures", "recovered", "failure_rate", "recovery_rate"]]
    return headers(out.reset_index(drop=True), lang)


def escalation(frame: pd.DataFrame, lang: str, *, whole: bool = False) -> pd.DataFrame:
    """Escalation access by team: requests, granted, customers who asked and who got one, rate."""
    out = frame[
        [
            "team",
            "requests",
            "granted_requests",
            "customers_asked",
            "customers_granted",
            "rate",
            "low",
            "high",
        ]
    ].copy()
    if not whole:
        out["interval"] = [fmt.percent_range(lo, hi, lang) for lo, hi in zip(out["low"], out["high"])]
        out["rate"] = [fmt.percent(v, lang) for v in out["rate"]]
        out = out[
            [
                "team",
                "customers_asked",
                "customers_granted",
                "rate",
                "interval",
                "requests",
                "granted_requests",
            ]
        ]
    return headers(out.reset_index(drop=True), lang)
