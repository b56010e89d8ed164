"""Who may sign in and whom members call: the ``users`` table (e-mail -> role, member_id) and the
association's contact people, managed by analysts on the Users page and by
``python -m casewatch users``.
"""

from __future__ import annotations

import re

import pandas as pd

from casewatch import errors
from casewatch.access import ROLES, Scope, require_analyst
from casewatch.db import Cursor, Database
from casewatch.sql import load_sql

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidUser(errors.CaseWatchError):
    """A user or contact that cannot be saved: bad e-mail, role or member id."""

    key = "auth.error.invalid"


def normalise_email(email: str) -> str:
    """The e-mail as stored and compared: trimmed, lower-case; raises InvalidUser when malformed."""
    cleaned = (email or "").strip().lower()
    if not _EMAIL.match(cleaned) or len(cleaned) > 254:
        raise InvalidUser(f"not an e-mail address: {email!r}", field="email", value=email)
    return cleaned


def scope_for_email(db: Database, email: str) -> Scope | None:
    """The scope of the user signed in as ``email``; None when the users table does not know it."""
    try:
        cleaned = normalise_email(email)
    except InvalidUser:
        return None
    found = db.query("auth/user_by_email", email=cleaned)
    if found.empty:
        return None
    row = found.iloc[0]
    member_id = None if pd.isna(row["member_id"]) else str(row["member_id"])
    return Scope(str(row["role"]), member_id=member_id, email=cleaned)


def list_users(db: Database) -> pd.DataFrame:
    """Everyone who may sign in (columns of queries/auth/users_list.sql)."""
    return db.query("auth/users_list")


def save_user(
    db: Database, email: str, role: str, member_id: str | None, *, by: Scope, note: str | None = None
) -> Scope:
    """Adds or updates a user; returns the scope they will sign in with. Only analysts may."""
    require_analyst(by, "manage users")
    cleaned = normalise_email(email)
    if by.email is not None and cleaned == by.email and role != by.role:
        # as with removing themselves: an analyst demoting the only analyst locks everyone out
        raise InvalidUser("analysts cannot change their own role", field="role", value=role)
    if role not in ROLES:
        raise InvalidUser(f"unknown role {role!r}", field="role", value=role)
    member_id = (member_id or "").strip() or None
    if role == "member":
        if member_id is None:
            raise InvalidUser("a member user needs a member_id", field="member_id", value="")
        if not bool(db.query("auth/member_exists", member_id=member_id).iloc[0]["found"]):
            raise InvalidUser(f"no member {member_id!r} in the register", field="member_id", value=member_id)
    elif member_id is not None:
        raise InvalidUser(f"a {role} user has no member_id", field="member_id", value=member_id)
    with db.write() as con:
        con.execute(
            load_sql("auth/user_save"),
            {"email": cleaned, "role": role, "member_id": member_id, "note": note, "added_by": by.email or "local"},
        )
        if role != "analyst":
            _forget_staff_alerts(con, cleaned)
    return Scope(role, member_id=member_id, email=cleaned)


def remove_user(db: Database, email: str, *, by: Scope) -> bool:
    """Removes a user; False when there was none with that e-mail. Only analysts may."""
    require_analyst(by, "manage users")
    cleaned = normalise_email(email)
    if by.email is not None and cleaned == by.email:
        raise InvalidUser("analysts cannot remove themselves", field="email", value=email)
    with db.write() as con:
        removed = con.execute(load_sql("auth/user_remove"), {"email": cleaned}).fetchall()
        _forget_staff_alerts(con, cleaned)
    return bool(removed)


def _forget_staff_alerts(con: Cursor, email: str) -> None:
    """A user who is no longer an analyst keeps no staff channel or watch list: staff alerts name
    members, and a removed user's address with a channel would count as staff who do not sign in
    (queries/alerts/analysts.sql). Their waiting staff alerts are cancelled by the next run of the
    rules (cancel_obsolete.sql), which every send and import starts with."""
    recipient = f"staff:{email}"
    for name in ("auth/staff_channels_remove", "auth/staff_watch_remove"):
        con.execute(load_sql(name), {"recipient": recipient})


def save_contact(
    db: Database,
    contact_id: str,
    name_zh: str,
    *,
    by: Scope,
    name_en: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    is_default: bool = False,
) -> None:
    """Adds or updates an association contact person (the default one answers for cases without
    an assigned contact). Only analysts may."""
    require_analyst(by, "manage contacts")
    contact_id = (contact_id or "").strip()
    if not contact_id or not (name_zh or "").strip():
        raise InvalidUser("a contact needs an id and a name", field="contact_id", value=contact_id)
    if email:
        email = normalise_email(email)
    with db.write() as con:
        con.execute(
            load_sql("auth/contact_save"),
            {
                "contact_id": contact_id,
                "name_zh": name_zh.strip(),
                "name_en": (name_en or "").strip() or None,
                "email": email or None,
                "phone": (phone or "").strip() or None,
                "is_default": is_default,
            },
        )
        if is_default:
            con.execute(load_sql("auth/contact_clear_default"), {"contact_id": contact_id})


def remove_contact(db: Database, contact_id: str, *, by: Scope) -> None:
    """Removes a contact and its case assignments. Only analysts may."""
    require_analyst(by, "manage contacts")
    with db.write() as con:
        con.execute(load_sql("auth/contact_unassign"), {"contact_id": contact_id})
        con.execute(load_sql("auth/contact_remove"), {"contact_id": contact_id})


def assign_contact(db: Database, case_id: str, contact_id: str, *, by: Scope) -> None:
    """Makes ``contact_id`` the association contact of case ``case_id``. Only analysts may."""
    require_analyst(by, "manage contacts")
    if not bool(db.query("cases/exists", case_id=case_id).iloc[0]["found"]):
        raise InvalidUser(f"no case {case_id!r}", field="case_id", value=case_id)
    if not bool(db.query("auth/contact_exists", contact_id=contact_id).iloc[0]["found"]):
        raise InvalidUser(f"no contact {contact_id!r}", field="contact_id", value=contact_id)
    with db.write() as con:
        con.execute(load_sql("auth/case_contact_assign"), {"case_id": case_id, "contact_id": contact_id})
