"""Form actions of the Users page. They run as callbacks, before the page draws its tables, so a
change shows at once; the outcome (or the refusal, translated) is shown on that same run."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from casewatch import users
from casewatch.errors import CaseWatchError
from casewatch.i18n import t
from casewatch.ui.context import PageContext
from casewatch.ui.failures import message

_FLASH = "users_flash"


def _run(ctx: PageContext, done: str, change: Callable[[], object]) -> None:
    try:
        change()
    except CaseWatchError as exc:
        st.session_state[_FLASH] = ("error", message(exc, ctx.lang))
    else:
        st.session_state[_FLASH] = ("success", t(done, ctx.lang))


def show_outcome() -> None:
    """The message of the last form submitted, once."""
    kind, text = st.session_state.pop(_FLASH, (None, ""))
    if kind == "error":
        st.error(text)
    elif kind == "success":
        st.success(text)


def _value(key: str) -> str:
    return str(st.session_state.get(key) or "").strip()


def save_user(ctx: PageContext) -> None:
    _run(ctx, "users.saved", lambda: users.save_user(
        ctx.db, _value("user_email"), _value("user_role"), _value("user_member") or None, by=ctx.scope,
        note=_value("user_note") or None,
    ))  # fmt: skip


def remove_user(ctx: PageContext) -> None:
    if _value("user_gone"):
        _run(ctx, "users.removed", lambda: users.remove_user(ctx.db, _value("user_gone"), by=ctx.scope))


def save_contact(ctx: PageContext) -> None:
    _run(ctx, "users.contact_saved", lambda: users.save_contact(
        ctx.db, _value("contact_id"), _value("contact_name_zh"), by=ctx.scope, name_en=_value("contact_name_en"),
        email=_value("contact_email"), phone=_value("contact_phone"),
        is_default=bool(st.session_state.get("contact_default")),
    ))  # fmt: skip


def remove_contact(ctx: PageContext) -> None:
    if _value("contact_gone"):
        _run(ctx, "users.contact_removed", lambda: users.remove_contact(ctx.db, _value("contact_gone"), by=ctx.scope))


def assign_contact(ctx: PageContext) -> None:
    _run(ctx, "users.assigned", lambda: users.assign_contact(
        ctx.db, _value("assign_case"), _value("assign_contact"), by=ctx.scope
    ))  # fmt: skip
