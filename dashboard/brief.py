"""The brief a manager keeps or forwards: the Overview's and the Attribution's answer as one
self-contained HTML file (charts, figures with their intervals, the method, the data window and
the date), in the interface's language. A pure function: report in, HTML out (plotly's library
is written into the file once, so it opens offline)."""

from __future__ import annotations

import html
import re
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting as fmt
from dashboard import narrative, results, tables, tiles
from dashboard.figures import attribution as figures
from dashboard.strings import t

_STYLE = """
body { font-family: 'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif; color: #262730;
       max-width: 980px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { font-size: 2rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.meta { color: #666; font-size: .95rem; } .headline { font-size: 1.45rem; font-weight: 600; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .95rem; }
th, td { border: 1px solid #ddd; padding: .3rem .7rem; text-align: left; } th { background: #f5f5f7; }
.caption { color: #666; font-size: .9rem; } .method p { margin: .6rem 0; }
"""


def _md(text: str) -> str:
    """The little Markdown the strings use (bold, paragraphs) as HTML, everything else escaped."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return "".join(f"<p>{part}</p>" for part in out.split("\n\n"))


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0, na_rep=fmt.DASH)


def _figure(fig: go.Figure, first: bool) -> str:
    return fig.to_html(
        full_html=False, include_plotlyjs=first, config={"displaylogo": False, "responsive": True}
    )


def _subgroup_part(report, subgroup, group: str, lang: str) -> list[str]:
    """The subgroup the filters chose, read from the fit on every customer, beside every customer."""
    shares = report.attributable_share
    service = subgroup.attributable_share.loc["attitude_and_process"]
    headline = t(
        "attribution.subgroup_headline",
        lang,
        group=group,
        value=fmt.percent(service["estimate"], lang),
        interval=fmt.percent_range(service["low"], service["high"], lang),
        all=fmt.percent(shares.loc["attitude_and_process", "estimate"], lang),
    )
    how = t(
        "attribution.subgroup_how",
        lang,
        customers=fmt.number(subgroup.customers, lang),
        churned=fmt.number(subgroup.churned, lang),
        n=fmt.number(report.n_bootstrap, lang),
    )
    compared = results.subgroup_vs_all(subgroup.attributable_share, shares)
    return [
        f"<h2>{html.escape(t('attribution.subgroup', lang, group=group))}</h2>",
        f"<div class='headline'>{_md(headline)}</div>",
        f"<p class='caption'>{html.escape(how)}</p>",
        _figure(figures.subgroup_vs_all(compared, lang, group), first=True),  # the brief's first chart
        _table(tables.subgroup_shares(compared, lang)),
        f"<p class='caption'>{html.escape(t('attribution.subgroup_caption', lang))}</p>",
        f"<h2>{html.escape(t('attribution.all_customers', lang))}</h2>",
    ]


def attribution_brief(
    report,
    lang: str,
    *,
    overview: results.OverviewData | None = None,
    generated: datetime,
    subgroup=None,
    group: str | None = None,
) -> str:
    """The brief for an attribution ``report`` (``models.report.AttributionReport``), with the
    Overview's key measures when ``overview`` is given; ``generated``: the time written on it.
    ``subgroup`` (:class:`models.attribution.SubgroupShares`) and ``group`` (its filters in
    words): the subgroup the view's filters chose, first, then every customer's figures."""
    shares = report.attributable_share
    first, rest = narrative.headline(shares, lang)
    parts = [
        f"<h1>{html.escape(t('app_title', lang))}</h1>",
        f"<p class='meta'>{html.escape(t('brief.subtitle', lang))}</p>",
        "<p class='meta'>"
        + html.escape(
            t(
                "brief.meta",
                lang,
                start=fmt.day(report.window.start, lang),
                end=fmt.day(report.window.end, lang),
                customers=fmt.number(report.customers, lang),
                churned=fmt.number(report.churned, lang),
                generated=fmt.day_time(generated, lang),
            )
        )
        + "</p>",
    ]
    if subgroup is not None:
        parts += _subgroup_part(report, subgroup, group or "", lang)
    parts += [
        f"<div class='headline'>{_md(first)}</div>",
        _md(rest),
    ]
    claim = narrative.field_claim(report.service_share, lang)
    if claim:
        parts.append(_md(claim))
    parts.append(_md("\n\n".join(narrative.contrast(shares, report.stated_reasons, lang))))

    parts.append(f"<h2>{html.escape(t('attribution.shares', lang))}</h2>")
    parts.append(_figure(figures.cause_bars(results.cause_shares(shares), lang), first=subgroup is None))
    parts.append(_table(tables.attributable_shares(shares, lang)))
    parts.append(f"<p class='caption'>{html.escape(t('attribution.shares_caption', lang))}</p>")

    if report.stated_reasons:
        compared = results.stated_vs_attributed(shares, report.stated_reasons)
        parts.append(f"<h2>{html.escape(t('attribution.stated', lang))}</h2>")
        parts.append(_figure(figures.stated_vs_attributed(compared, lang), first=False))
        parts.append(f"<p class='caption'>{html.escape(t('overview.stated_caption', lang))}</p>")
        unsure = narrative.stated_unsure(report.stated_unsure, lang)
        if unsure:
            parts.append(_md(unsure))

    if overview is not None:
        parts.append(f"<h2>{html.escape(t('brief.measures', lang))}</h2>")
        rows = [(tile.label, tile.value, tile.help) for tile in tiles.overview_tiles(overview, lang)]
        frame = pd.DataFrame(
            rows, columns=[t("brief.measure", lang), t("brief.value", lang), t("brief.definition", lang)]
        )
        parts.append(_table(frame))

    parts.append(f"<h2>{html.escape(t('attribution.hazard', lang))}</h2>")
    parts.append(_figure(figures.hazard_ratios(report.hazard_ratio, lang), first=False))
    parts.append(_table(tables.hazard_ratios(report.hazard_ratio, lang)))
    why = narrative.model_sentence(report.model, report.customers, lang)
    caption = t("attribution.hazard_caption", lang, days=report.scope.window_days, why=why)
    parts.append(f"<p class='caption'>{html.escape(caption)}</p>")

    parts.append(f"<h2>{html.escape(t('attribution.method', lang))}</h2>")
    method = t(
        "attribution.method_text", lang, days=report.scope.window_days, n=fmt.number(report.n_bootstrap, lang)
    )
    parts.append(f"<div class='method'>{_md(method)}</div>")

    return document(f"{t('app_title', lang)} — {t('brief.subtitle', lang)}", parts, lang)


def document(title: str, parts: list[str], lang: str) -> str:
    """One self-contained HTML page: ``parts`` (HTML) under the briefs' shared style."""
    body = "\n".join(parts)
    return (
        f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


# The pieces other briefs (dashboard/scenario_brief.py) are built from, so every brief looks alike.
markdown_html = _md
table_html = _table
figure_html = _figure


def file_name(report, lang: str) -> str:
    return f"{t('brief.file', lang)}_{report.window.end:%Y-%m-%d}.html"
