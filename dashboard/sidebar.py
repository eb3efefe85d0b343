"""The sidebar: language, as-of date, window start and filters, each bound to a query parameter of
the same name (``?lang=es&as_of=2025-06-30&segment=pyme``), so a link opens the same view and a
reload keeps the language. A value equal to its default is left out of the link.

Filters come in two kinds (see :mod:`analytics.scope`): customer filters (segment, plan, region)
and contact filters (channel, team); pages say where a filter cannot apply.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from analytics.scope import CONTACT_FILTERS, CUSTOMER_FILTERS, Scope
from analytics.store import Store
from dashboard import formatting, loaders
from dashboard.strings import LANGUAGES, t
from dashboard.view import View

LANG = "lang"
AS_OF = "as_of"
START = "start"
FILTER_KEYS: tuple[str, ...] = (*CUSTOMER_FILTERS, *CONTACT_FILTERS)
_DATE_FORMAT = {"en": "YYYY-MM-DD", "es": "DD/MM/YYYY"}


def language() -> str:
    """The interface language for this run, before the switch is drawn: the switch's value, else
    the link's ``lang``, else English."""
    lang = st.session_state.get(LANG) or st.query_params.get(LANG)
    return lang if lang in LANGUAGES else "en"


def _language_switch() -> str:
    # Kept in the link by hand: a bound widget would write the option's label (?lang=Español).
    if st.session_state.get(LANG) not in LANGUAGES:
        st.session_state[LANG] = language()
    st.sidebar.segmented_control(
        "Language / Idioma",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        required=True,
        key=LANG,
    )
    lang = st.session_state.get(LANG) or "en"
    if lang == "en":
        st.query_params.pop(LANG, None)
    elif st.query_params.get(LANG) != lang:
        st.query_params[LANG] = lang
    return lang


def _dates(lang: str, default: Scope) -> tuple[date, date]:
    lo, hi = default.start, default.as_of
    fmt = _DATE_FORMAT.get(lang, _DATE_FORMAT["en"])
    as_of = st.sidebar.date_input(
        t("sidebar.as_of", lang),
        value=hi,
        min_value=lo,
        max_value=hi,
        format=fmt,
        key=AS_OF,
        help=t("sidebar.as_of_help", lang),
        bind="query-params",
    )
    start = st.sidebar.date_input(
        t("sidebar.start", lang),
        value=lo,
        min_value=lo,
        max_value=hi,
        format=fmt,
        key=START,
        help=t("sidebar.start_help", lang),
        bind="query-params",
    )
    as_of = as_of or hi
    start = start or lo
    if start > as_of:
        st.sidebar.caption(t("sidebar.start_after_as_of", lang))
        start = as_of
    return start, as_of


def _filters(lang: str, options: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    active = any(st.session_state.get(k) or st.query_params.get_all(k) for k in FILTER_KEYS)
    chosen: dict[str, tuple[str, ...]] = {}
    with st.sidebar.expander(t("sidebar.filters", lang), expanded=active):
        for name in FILTER_KEYS:
            values = options.get(name) or []
            if not values:
                continue
            help_key = (
                "sidebar.customer_filters_help"
                if name in CUSTOMER_FILTERS
                else "sidebar.contact_filters_help"
            )
            picked = st.multiselect(
                t(f"filter.{name}", lang),
                values,
                default=[],
                key=name,
                placeholder=t("sidebar.all", lang),
                help=t(help_key, lang),
                bind="query-params",
            )
            chosen[name] = tuple(picked)
    return chosen


def _database_caption(lang: str, store: Store) -> None:
    where = f" · {store.path.name}" if store.path else ""
    st.sidebar.caption(f"{t('database', lang)}: `{store.dialect}`{where}")


def build(store: Store) -> View:
    """Draw the sidebar and return this run's :class:`View` (call after ``st.navigation``: a widget
    created before it loses its value on every rerun in a real browser)."""
    lang = _language_switch()
    version = loaders.data_version(store)
    default = loaders.default_scope(store.url, version)
    scope = None
    if default is not None:
        start, as_of = _dates(lang, default)
        chosen = _filters(lang, loaders.filter_options(store.url, version))
        scope = Scope(as_of=as_of, start=start, window_days=default.window_days, **chosen)
    _database_caption(lang, store)
    return View(lang=lang, store=store, version=version, scope=scope, default_scope=default)


def filters_text(scope: Scope, lang: str, filters: dict[str, tuple[str, ...]] | None = None) -> str:
    """The filters in words for captions: ``"Segment: pyme · Channel: phone"`` (or "all …");
    ``filters``: only these (e.g. ``scope.contact_filters()``)."""
    chosen = scope.filters() if filters is None else filters
    if not chosen:
        return t("filters.none", lang)
    return " · ".join(f"{t(f'filter.{k}', lang)}: {', '.join(v)}" for k, v in chosen.items())


def window_caption(scope: Scope, lang: str) -> str:
    """``"Window 1 Jan 2024 – 31 Dec 2025 · all customers and contacts"``."""
    return t(
        "window_caption",
        lang,
        start=formatting.day(scope.start, lang),
        end=formatting.day(scope.as_of, lang),
        filters=filters_text(scope, lang),
    )
