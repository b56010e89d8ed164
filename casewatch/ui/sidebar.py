"""The global filter sidebar, mirrored in the URL query string.

The URL is read once per browser session (so a shared link reproduces its view); after that the
widgets are the truth and every run writes them back to the URL. Other code changes a filter by
calling ``set_filter`` (e.g. a chart click), which takes effect on the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from casewatch.filters import LIST_FIELDS, Filters, Vocabulary
from casewatch.i18n import LANGS, normalise_lang, t

_INIT = "_filters_initialised"
_NOTICES = "_filters_notices"
_PENDING = "_filters_pending"
_LINKED = "_filters_linked"  # the link's filters, while the widgets wait (a fresh session's first runs)
FILTER_URL_NAMES = ("from", "to", *LIST_FIELDS.keys(), "members")
FREE_TEXT = ("brand", "firm")


def _key(name: str) -> str:
    return f"flt_{name}"


def language(*, draw: bool = True) -> str:
    """The interface language: the sidebar switch (session state "lang"), first seeded from ?lang=.
    With ``draw`` False this run leaves the switch out (a fresh session's first screen: its
    frontend module would be fetched before the figures'), with the same value; the next draws it."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = normalise_lang(st.query_params.get("lang"))
    if draw:
        lang = st.sidebar.segmented_control(
            "Language / 语言",
            options=list(LANGS),
            format_func=lambda code: {"zh": "中文", "en": "English"}[code],
            key="lang",
            required=True,
        )
    else:
        lang = st.session_state["lang"]
    lang = normalise_lang(lang)
    if lang == "zh":
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang
    return lang


def _seed(filters: Filters) -> None:
    st.session_state[_key("from")] = filters.date_from
    st.session_state[_key("to")] = filters.date_to
    for name, (attr, _domain) in LIST_FIELDS.items():
        st.session_state[_key(name)] = list(getattr(filters, attr))
    st.session_state[_key("members")] = filters.members_only


def set_filter(name: str, values: list[str] | bool | dt.date) -> None:
    """Ask for a filter change (URL name, e.g. 'city'); applied before the widgets next render."""
    pending: dict[str, Any] = st.session_state.setdefault(_PENDING, {})
    pending[name] = values


def reset(today: dt.date) -> None:
    _seed(Filters.default(today))


def filter_sidebar(
    vocabulary: Vocabulary, options: dict[str, list[str]], today: dt.date, lang: str, *, defer: bool = False
) -> Filters:
    """Render the filter widgets and return the Filters they describe. ``defer`` (a fresh
    session's first runs, casewatch.ui.first_paint): the filters come from the link and the widgets
    wait for a later run, so that the page's figures and first chart are drawn first."""
    if not st.session_state.get(_INIT):
        filters, notices = Filters.from_query(st.query_params.to_dict(), today, vocabulary)
        _seed(filters)
        st.session_state[_NOTICES] = notices
        st.session_state[_INIT] = True
        st.session_state[_LINKED] = filters
    if defer and _LINKED in st.session_state:
        st.sidebar.header(t("filters.header", lang))
        st.sidebar.caption(t("filters.coming", lang))
        return st.session_state[_LINKED]  # type: ignore[no-any-return]
    st.session_state.pop(_LINKED, None)  # from here on the widgets are the truth
    for name, value in st.session_state.pop(_PENDING, {}).items():
        st.session_state[_key(name)] = value

    side = st.sidebar
    side.header(t("filters.header", lang))
    col_from, col_to = side.columns(2)
    low, high = dt.date(2000, 1, 1), today + dt.timedelta(days=366)
    date_from = col_from.date_input(t("filters.from", lang), key=_key("from"), min_value=low, max_value=high)
    date_to = col_to.date_input(t("filters.to", lang), key=_key("to"), min_value=low, max_value=high)
    chosen: dict[str, tuple[str, ...]] = {}
    for name, (attr, domain) in LIST_FIELDS.items():
        choices = options.get(name, [])
        current = st.session_state.get(_key(name), [])
        # keep values that came from a link but are not among the offered options
        choices = choices + [value for value in current if value not in choices]
        picked = side.multiselect(
            t(f"filters.{name}", lang),
            options=choices,
            key=_key(name),
            format_func=_labeler(vocabulary, domain, lang),
            accept_new_options=name in FREE_TEXT,
            placeholder=t("filters.placeholder", lang),
        )
        chosen[attr] = tuple(picked)
    members_only = side.toggle(t("filters.members", lang), key=_key("members"))
    side.button(t("filters.reset", lang), on_click=reset, args=(today,), icon=":material/restart_alt:")

    if not isinstance(date_from, dt.date) or not isinstance(date_to, dt.date) or date_from > date_to:
        default = Filters.default(today)
        date_from, date_to = default.date_from, default.date_to
    filters = Filters(date_from=date_from, date_to=date_to, members_only=bool(members_only), **chosen)
    _mirror_to_url(filters, today)
    return filters


def _labeler(vocabulary: Vocabulary, domain: str | None, lang: str) -> Callable[[str], str]:
    def label(code: str) -> str:
        return vocabulary.label(domain, code, lang)

    return label


def notices() -> list[tuple[str, str]]:
    """Bad URL values found when the session started (shown once by the caller)."""
    return list(st.session_state.pop(_NOTICES, []))


def _mirror_to_url(filters: Filters, today: dt.date) -> None:
    wanted = filters.to_query(today)
    for name in FILTER_URL_NAMES:
        if name in wanted:
            if st.query_params.get(name) != wanted[name]:
                st.query_params[name] = wanted[name]
        elif name in st.query_params:
            del st.query_params[name]
