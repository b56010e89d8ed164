"""How the UI shows a data-layer failure: the translated message, what the user can do about it,
and a retry button (errors are never cached, so the next run tries the database again)."""

from __future__ import annotations

import streamlit as st

from casewatch.db import Database
from casewatch.errors import CaseWatchError
from casewatch.i18n import strings, t
from casewatch.ui.literal import literal


def message(exc: CaseWatchError, lang: str) -> str:
    """The error's translated text, followed by its hint when the locale has one; its values (a
    path, a value typed into a form) shown as typed."""
    values = {name: literal(value) for name, value in exc.fmt.items()}
    text = t(exc.key, lang, **values)
    hint = f"resilience.hint.{exc.key}"
    if hint in strings(lang):
        text += "\n\n" + t(hint, lang, **{"pid": "?", "path": "", **values})
    return text


def show_error(exc: CaseWatchError, lang: str) -> None:
    st.error(message(exc, lang), icon=":material/error:")
    st.button(t("resilience.retry", lang), icon=":material/refresh:", key="resilience_retry")


def read_only_notice(db: Database, lang: str) -> None:
    """A sidebar warning while this process could only open the database read-only."""
    if db.read_only:
        st.sidebar.warning(t("resilience.read_only_notice", lang), icon=":material/lock:")
