"""The brief a consultant leaves with the client: one scenario as a self-contained HTML file (the
projection chart, the figures with their intervals, the levers, the value of every lever, the
assumptions, the data window and the method in plain language), in the interface's language.
Built from the same pieces as the attribution's brief (:mod:`dashboard.brief`). A pure function."""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd

from dashboard import brief
from dashboard import formatting as fmt
from dashboard import scenarios as sc
from dashboard.figures import scenarios as figures
from dashboard.sidebar import filters_text
from dashboard.strings import t


def _h2(key: str, lang: str) -> str:
    return f"<h2>{html.escape(t(key, lang))}</h2>"


def _list(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


def scenario_brief(
    result: sc.ScenarioResult, lang: str, *, generated: datetime, name: str | None = None
) -> str:
    """The brief of ``result`` (the Scenarios page's result object); ``name``: the scenario's saved
    name, if any; ``generated``: the time written on it."""
    p = result.projection
    title = t("scenarios.brief_subtitle", lang) + (f" — {name}" if name else "")
    parts = [
        f"<h1>{html.escape(t('app_title', lang))}</h1>",
        f"<p class='meta'>{html.escape(title)}</p>",
        "<p class='meta'>"
        + html.escape(
            t(
                "scenarios.brief_meta",
                lang,
                start=fmt.day(result.window_start, lang),
                end=fmt.day(result.window_end, lang),
                as_of=fmt.day(p.as_of, lang),
                months=p.horizon_months,
                customers=fmt.number(p.customers_active, lang),
                filters=filters_text(result.scope, lang),
                generated=fmt.day_time(generated, lang),
            )
        )
        + "</p>",
        f"<div class='headline'>{brief.markdown_html(sc.headline(result, lang))}</div>",
    ]
    for _kind, note in sc.filter_notes(result.scope, lang):
        parts.append(f"<p class='caption'>{html.escape(note)}</p>")

    parts.append(_h2("scenarios.brief_levers", lang))
    parts.append(_list(sc.levers_text(result.scenario, lang)))

    parts.append(_h2("scenarios.brief_figures", lang))
    tiles = pd.DataFrame(
        [(h.label, f"{h.value} ({h.interval})", h.note) for h in sc.headline_figures(result, lang)],
        columns=[t("brief.measure", lang), t("brief.value", lang), t("brief.definition", lang)],
    )
    parts.append(brief.table_html(tiles))

    parts.append(_h2("scenarios.projection", lang))
    parts.append(
        brief.figure_html(figures.projection(p.curve, lang, p.as_of, p.customers_active), first=True)
    )
    caption = t("scenarios.chart_caption", lang, customers=fmt.number(p.customers_active, lang))
    parts.append(f"<p class='caption'>{html.escape(caption)}</p>")
    parts.append(brief.table_html(_rounded(sc.figures_frame(result, lang), lang)))

    parts.append(_h2("scenarios.ranking", lang))
    parts.append(brief.markdown_html(t("scenarios.ranking_text", lang, months=p.horizon_months)))
    bars = figures.lever_bars(result.lever_table, lang)
    if bars is not None:
        parts.append(brief.figure_html(bars, first=False))
    parts.append(
        brief.table_html(
            _rounded(sc.lever_table(result, lang), lang, money=(t("scenarios.col.revenue_kept", lang),))
        )
    )

    parts.append(_h2("scenarios.assumptions", lang))
    parts.append(_list(sc.assumptions(result, lang)))

    parts.append(_h2("scenarios.method", lang))
    method = t("scenarios.method_text", lang, days=result.window_days, n=fmt.number(result.n_bootstrap, lang))
    parts.append(f"<div class='method'>{brief.markdown_html(method)}</div>")
    return brief.document(f"{t('app_title', lang)} — {title}", parts, lang)


def _rounded(frame: pd.DataFrame, lang: str, money: tuple[str, ...] = ()) -> pd.DataFrame:
    """Numbers written the language's way for the brief's tables: counts with one decimal below
    100, whole numbers as they are, the ``money`` columns in whole units."""

    def cell(v, col):
        if pd.isna(v):
            return fmt.DASH
        if col in money or float(v).is_integer():
            return fmt.number(v, lang, 0)
        return sc.count(v, lang)

    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = [cell(v, col) for v in out[col]]
    return out


def file_name(result: sc.ScenarioResult, lang: str) -> str:
    return f"{t('scenarios.brief_file', lang)}_{result.projection.as_of:%Y-%m-%d}.html"
