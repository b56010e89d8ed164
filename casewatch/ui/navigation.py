"""The navigation: every page at one address, for every role.

Each page of ``dashboard.PAGES`` is registered under its own url path (``/overview``, ``/cases``,
...) whatever the role, so no link ends on Streamlit's own English "Page not found": a page the
role may not open is registered hidden and says so in the user's language (its data is closed to
the role in the data layer anyway). The root ``/`` is a hidden page that forwards to the overview,
or, right after signing in, to the link the person followed (casewatch/ui/auth.py).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import NoReturn

import streamlit as st

from casewatch import access
from casewatch.access import Scope
from casewatch.i18n import t
from casewatch.ui import auth as ui_auth

# (file, locale key, icon, url path), as dashboard.PAGES lists them; the first is the home page
PageRow = tuple[str, str, str, str]
ROOT = ""  # the key of the root page in pages()


def pages(table: Sequence[PageRow], scope: Scope, lang: str, start: str | None = None) -> dict[str, st.Page]:
    """Every page by url path, the home page first; the root page under ROOT. ``start`` (a page
    file, named by AppTest runs only) makes that page the default instead of the root page."""
    found: dict[str, st.Page] = {}
    for file, key, icon, url in table:
        title = t(key, lang)
        if access.may_open(scope, url):
            found[url] = st.Page(file, title=title, icon=icon, url_path=url, default=file == start)
        else:
            found[url] = st.Page(
                functools.partial(_closed, title, scope, lang),
                title=title,
                icon=icon,
                url_path=url,
                default=file == start,
                visibility="hidden",
            )
    if start is None:
        home = found[table[0][3]]
        found[ROOT] = st.Page(_forward, title=home.title, url_path="start", default=True, visibility="hidden")
    return found


def url_of(page: st.Page, found: Mapping[str, st.Page]) -> str:
    """The url path of a page of pages() (the home page's for the root)."""
    return next((url for url, candidate in found.items() if candidate is page), ROOT) or next(iter(found))


def forward_from_root(current: st.Page, found: Mapping[str, st.Page]) -> None:
    """On the root page, opens the link followed before signing in, else the home page (with the
    query string given); elsewhere does nothing."""
    if current is not found.get(ROOT):
        return
    known = [url for url in found if url != ROOT]
    link = ui_auth.link_before_sign_in(known)
    url, query = link if link else (known[0], st.query_params.to_dict())
    _open(found[url], query)


def _open(page: st.Page, query: dict[str, str]) -> NoReturn:
    language = query.get("lang")
    if language and language != st.session_state.get("lang"):
        st.session_state.pop("lang", None)  # the language switch seeds itself from ?lang= again
    st.switch_page(page, query_params=query)


def _forward() -> None:
    """Never drawn: forward_from_root() leaves the root page before the page runs."""


def _closed(title: str, scope: Scope, lang: str) -> None:
    st.title(t("nav.closed.title", lang))
    role = t(f"auth.role.{scope.role}", lang)
    st.warning(t("nav.closed.body", lang, page=title, role=role), icon=":material/lock:")
