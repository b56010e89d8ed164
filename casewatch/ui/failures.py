"""How the UI shows a data-layer failure: the translated message, what the user can do about it,
and a retry button (errors are never cached, so the next run tries the database again)."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

from casewatch.db import Database
from casewatch.errors import CaseWatchError
from casewatch.i18n import strings, t
from casewatch.ui.literal import literal

LOG = logging.getLogger(__name__)


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


def show_unexpected(exc: Exception, lang: str) -> str:
    """An error no one planned for: its traceback goes to the server's log under a short reference,
    and the reader sees the reference and a translated note, never the exception's text or where
    in the code it came from (either may name a file, a query or another member's data). Returns
    the reference."""
    reference = secrets.token_hex(4)
    LOG.error("unexpected error, reference %s", reference, exc_info=exc)
    st.error(t("resilience.unexpected", lang, reference=reference), icon=":material/error:")
    st.button(t("resilience.retry", lang), icon=":material/refresh:", key="unexpected_retry")
    return reference


def read_only_notice(db: Database, lang: str) -> None:
    """A sidebar warning while this process could only open the database read-only."""
    if db.read_only:
        st.sidebar.warning(t("resilience.read_only_notice", lang), icon=":material/lock:")
