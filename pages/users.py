"""Users and contacts (analysts): who may sign in with which role and member, and the association
contact people shown to members on My cases."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from casewatch.access import ROLES
from casewatch.i18n import t
from casewatch.ui import context, users_views
from casewatch.ui.context import PageContext
from casewatch.users import list_users

ctx = context.current()
lang = ctx.lang
st.title(t("users.title", lang))
st.caption(t("users.caption", lang))
users_views.show_outcome()

users = list_users(ctx.db)
st.dataframe(users.rename(columns=lambda c: t(f"users.col.{c}", lang)), hide_index=True)
members = ctx.query("auth/member_names")
with st.form("users_add", clear_on_submit=True, border=True):
    st.markdown(f"**{t('users.add', lang)}**")
    left, middle, right = st.columns(3)
    left.text_input(t("users.col.email", lang), max_chars=254, key="user_email")
    middle.selectbox(
        t("users.col.role", lang), ROLES, format_func=lambda r: t(f"auth.role.{r}", lang), key="user_role"
    )
    right.selectbox(
        t("users.col.member_id", lang), [None, *members["member_id"]], help=t("users.member_help", lang),
        key="user_member",
    )  # fmt: skip
    st.text_input(t("users.col.note", lang), max_chars=200, key="user_note")
    st.form_submit_button(
        t("users.save", lang), icon=":material/person_add:", on_click=users_views.save_user, args=(ctx,)
    )


def remove_form(form: str, label: str, options: list[str], key: str, action: Callable[[PageContext], None]) -> None:
    """Pick one of ``options`` and remove it (``action`` reads the choice from ``key``)."""
    with st.form(form, border=True):
        st.selectbox(label, options, index=None, key=key)
        st.form_submit_button(
            t("users.remove_button", lang), icon=":material/person_remove:", on_click=action, args=(ctx,)
        )


if not users.empty:
    remove_form("users_remove", t("users.remove", lang), users["email"].tolist(), "user_gone", users_views.remove_user)

st.header(t("users.contacts", lang))
contacts = ctx.db.query("auth/contacts_list", scope=ctx.scope)
st.dataframe(contacts.rename(columns=lambda c: t(f"users.contact_col.{c}", lang)), hide_index=True)
with st.form("contacts_add", clear_on_submit=True, border=True):
    st.markdown(f"**{t('users.contact_add', lang)}**")
    for column, name in zip(st.columns(5), ("contact_id", "name_zh", "name_en", "email", "phone"), strict=True):
        key = name if name == "contact_id" else f"contact_{name}"  # the keys users_views reads
        column.text_input(t(f"users.contact_col.{name}", lang), max_chars=254 if name == "email" else 80, key=key)
    st.checkbox(t("users.contact_col.is_default", lang), key="contact_default")
    st.form_submit_button(t("users.save", lang), on_click=users_views.save_contact, args=(ctx,))
if not contacts.empty:
    with st.form("contacts_assign", clear_on_submit=True, border=True):
        st.markdown(f"**{t('users.assign', lang)}**")
        left, right = st.columns(2)
        left.text_input(
            t("cases.col.case_id", lang), max_chars=120, placeholder="ilnd:1:24-cv-01234", key="assign_case"
        )
        right.selectbox(t("users.contact_col.contact_id", lang), contacts["contact_id"].tolist(), key="assign_contact")
        st.form_submit_button(t("users.assign_button", lang), on_click=users_views.assign_contact, args=(ctx,))
    # a contact who left: its cases fall back to the default contact
    remove_form("contacts_remove", t("users.contact_remove", lang), contacts["contact_id"].tolist(), "contact_gone",
                users_views.remove_contact)  # fmt: skip
