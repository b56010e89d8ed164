"""Per-run page context: the database, the data version read once per rerun, language, filters.

``dashboard.py`` builds a PageContext at the top of every run and stores it in session state;
pages fetch it with ``current()``. Query results are cached per (database, data version, query,
params), bounded, so an import (which bumps the version) makes every page read fresh data. Each
query runs in a snapshot that must still be at the run's version: when an import committed
meanwhile, the run starts again at the new version instead of mixing old and new data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from casewatch.access import SYSTEM, Scope
from casewatch.db import Database, db_path, open_for_app
from casewatch.errors import CaseWatchError, DataChanged
from casewatch.facts import last_updated
from casewatch.filters import Filters, Vocabulary
from casewatch.ui.first_paint import Screen
from casewatch.ui.literal import literal
from casewatch.ui.streamlit_private import leave_pages_folder_mode

_CTX_KEY = "casewatch_ctx"
_T = TypeVar("_T")


# how often a database opened read-only beside another process looks whether it may write again
WRITE_RETRY_SECONDS = 5.0


def _usable(db: Database) -> bool:
    """On every use of the cached database: one opened read-only beside another process becomes
    read-write once that process has let go (looked at most every WRITE_RETRY_SECONDS); one that
    could not be reopened is dropped, and the next use opens the file afresh (or shows why not)."""
    try:
        db.regain_write(every=WRITE_RETRY_SECONDS)
    except CaseWatchError:
        return False
    return True


@st.cache_resource(max_entries=4, validate=_usable)
def database(path: str) -> Database:
    """One shared connection per database file for the whole server (cursors per query); read-only
    while another process reads the file. Errors are not cached: the next run tries again."""
    return open_for_app(path)


@st.cache_data(max_entries=1024, ttl=3600, show_spinner=False)
def _cached_query(path: str, data_version: int, scope: Scope, name: str, params: dict[str, Any]) -> pd.DataFrame:
    return database(path).query_at(data_version, name, scope=scope, **params)


def rerun_on_change(load: Callable[..., _T], *args: Any) -> _T:
    """load(*args), or a fresh run of the script when an import changed the data meanwhile
    (load raised DataChanged)."""
    try:
        return load(*args)
    except DataChanged:
        st.rerun()


@dataclass(frozen=True)
class PageContext:
    path: str
    data_version: int
    lang: str
    filters: Filters
    vocabulary: Vocabulary
    today: dt.date
    scope: Scope = SYSTEM
    # what of the page this run draws: a fresh session's page comes in stages (casewatch.ui.first_paint)
    screen: Screen = field(default_factory=Screen, compare=False)

    @property
    def db(self) -> Database:
        return database(self.path)

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """A cached query at this run's data version; callers get a copy they may change."""
        return rerun_on_change(_cached_query, self.path, self.data_version, self.scope, name, params).copy()

    def filtered(self, name: str, filters: Filters | None = None, **params: Any) -> pd.DataFrame:
        """A query that takes the global filters (or the given ones) plus its own params."""
        return self.query(name, **(filters or self.filters).params(), **params)

    def caption(self, *, plain: bool = False) -> str:
        """The filters in force, in one line: escaped for Streamlit's markdown elements (a
        ``?brand=`` value is free text from the URL), or ``plain`` for files."""
        text = self.filters.caption(self.lang, self.vocabulary)
        return text if plain else literal(text)


def current_path() -> str:
    return db_path()


def set_current(ctx: PageContext) -> None:
    st.session_state[_CTX_KEY] = ctx


def current() -> PageContext:
    """The context dashboard.py built for this run.

    A fresh server that sees a ``pages/`` folder runs its first request in Streamlit's legacy
    folder mode, which executes a deep-linked page file without dashboard.py. Then there is no
    context yet: switch Streamlit to this app's st.navigation and rerun the same URL.
    """
    if _CTX_KEY not in st.session_state:
        leave_pages_folder_mode()
        st.rerun()
    return st.session_state[_CTX_KEY]  # type: ignore[no-any-return]


def vocabulary(path: str, data_version: int) -> Vocabulary:
    return rerun_on_change(_vocabulary, path, data_version)


def cached_status(path: str, data_version: int) -> dict[str, Any]:
    """Demo flag and freshness for the sidebar footer."""
    return rerun_on_change(_status, path, data_version)


def filter_options(path: str, data_version: int) -> dict[str, list[str]]:
    """Offered values per filter (URL name -> codes), in display order."""
    return rerun_on_change(_filter_options, path, data_version)


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _vocabulary(path: str, data_version: int) -> Vocabulary:
    rows = database(path).query_at(data_version, "reference/vocabulary")
    return Vocabulary.from_rows(rows.itertuples(index=False, name=None))


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _status(path: str, data_version: int) -> dict[str, Any]:
    row = database(path).query_at(data_version, "meta/data_status").iloc[0]
    return {"demo": bool(row["demo"]), "updated": last_updated(row)}


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _filter_options(path: str, data_version: int) -> dict[str, list[str]]:
    vocab = _vocabulary(path, data_version)
    codes = {domain: sorted(names) for domain, names in vocab.names.items()}
    picks = database(path).query_at(data_version, "filters/options", limit=2000)
    return {
        "city": codes.get("city", []),
        "sector": codes.get("sector", []),
        "platform": codes.get("platform", []),
        "ip": codes.get("ip_type", []),
        "kind": codes.get("case_kind", []),
        "court": codes.get("court", []),
        "brand": picks.loc[picks["field"] == "brand", "value"].tolist(),
        "firm": picks.loc[picks["field"] == "firm", "value"].tolist(),
    }
