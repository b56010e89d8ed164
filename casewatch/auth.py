"""Roles and row-level scope.

Every query file declares who may run it in a header line ``-- access: analyst leadership member``;
``Database.query(..., scope=...)`` refuses a scope whose role is not listed, so a page that is
hidden from a role is also closed to it in the data layer. Queries that return member-level rows
take ``$viewer_member`` (bound from the scope) and restrict or mask rows by it; aggregates shown to
a member suppress cells of fewer than ``MIN_CELL_MEMBERS`` members and perturb the others
(cell-key noise, docs/privacy.md), which the pages mark as approximate (``Scope.sees_perturbed``).

Who may sign in is the ``users`` table (e-mail -> role, member_id), managed by analysts on the
Users page and by ``python -m casewatch users``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from casewatch import errors

if TYPE_CHECKING:
    from casewatch.db import Database

ROLES = ("analyst", "leadership", "member")
_ACCESS = re.compile(r"^--\s*access:\s*(.+)$", re.MULTILINE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Aggregates shown to a member hide every cell built from fewer members than this (in SQL as a
# literal 3 next to each `$viewer_member` test; tests/test_auth_access.py checks the two agree).
MIN_CELL_MEMBERS = 3


class AccessDenied(errors.CaseWatchError):
    key = "error.access_denied"


class InvalidUser(errors.CaseWatchError):
    """A user or contact that cannot be saved: bad e-mail, role or member id."""

    key = "auth.error.invalid"


@dataclass(frozen=True)
class Scope:
    role: str
    member_id: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")
        if self.role == "member" and not self.member_id:
            raise ValueError("a member scope needs a member_id")

    @property
    def viewer_member(self) -> str:
        """Bound as $viewer_member: the member's id, '' for staff (analyst/leadership)."""
        return self.member_id or "" if self.role == "member" else ""

    @property
    def sees_perturbed(self) -> bool:
        """Whether the overview's aggregates reach this scope perturbed (members; docs/privacy.md)."""
        return self.viewer_member != ""


# Command-line tools and internal jobs run with the analyst's full view; so does the app when no
# login is configured (a local analyst tool bound to 127.0.0.1).
SYSTEM = Scope("analyst")

ALL_ROLES = frozenset(ROLES)
STAFF = frozenset({"analyst", "leadership"})
# Navigation: url path of a page (dashboard.PAGES) -> roles offered the page. A page missing here is
# offered to analysts only. This only decides what the menu offers; the data a page reads is
# guarded again by each query's access header and $viewer_member.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": ALL_ROLES,
    "cases": frozenset({"analyst", "member"}),
    "my_cases": frozenset({"analyst", "member"}),
    "alerts": frozenset({"analyst", "member"}),  # a member sees its own alerts and settings only
    "monthly": STAFF,
    "regions": STAFF,
    "sectors": STAFF,
    "trends": STAFF,
    "parties": STAFF,
    "lifecycle": STAFF,
    "herding": frozenset({"analyst"}),  # rosters, cohorts and late followers name members
    "users": frozenset({"analyst"}),
    "data": frozenset({"analyst"}),
}


def may_open(scope: Scope, url_path: str) -> bool:
    """Whether the navigation offers the page at ``url_path`` to the scope's role."""
    return scope.role in PAGE_ROLES.get(url_path, frozenset({"analyst"}))


def allowed_roles(sql: str) -> frozenset[str]:
    """Roles named in the query's ``-- access:`` header; analyst only when there is none."""
    match = _ACCESS.search(sql)
    if not match:
        return frozenset({"analyst"})
    roles = frozenset(match.group(1).replace(",", " ").split())
    unknown = roles - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in access header: {sorted(unknown)}")
    return roles


def check(sql: str, name: str, scope: Scope) -> None:
    if scope.role not in allowed_roles(sql):
        raise AccessDenied(f"role {scope.role} may not run query {name}", role=scope.role, name=name)


def bind(sql: str, name: str, scope: Scope, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters to run query ``name`` for ``scope``: refuses a role the header does not list
    and adds ``viewer_member`` when the query uses it."""
    check(sql, name, scope)
    if "$viewer_member" in sql:
        return {**params, "viewer_member": scope.viewer_member}
    return params


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


def require_analyst(by: Scope, action: str) -> None:
    if by.role != "analyst":
        raise AccessDenied(f"role {by.role} may not {action}", role=by.role, name=action)


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
    from casewatch.db import load_sql  # db imports this module

    with db.write() as con:
        con.execute(
            load_sql("auth/user_save"),
            {"email": cleaned, "role": role, "member_id": member_id, "note": note, "added_by": by.email or "local"},
        )
    return Scope(role, member_id=member_id, email=cleaned)


def remove_user(db: Database, email: str, *, by: Scope) -> bool:
    """Removes a user; False when there was none with that e-mail. Only analysts may."""
    require_analyst(by, "manage users")
    cleaned = normalise_email(email)
    if by.email is not None and cleaned == by.email:
        raise InvalidUser("analysts cannot remove themselves", field="email", value=email)
    from casewatch.db import load_sql  # db imports this module

    with db.write() as con:
        removed = con.execute(load_sql("auth/user_remove"), {"email": cleaned}).fetchall()
    return bool(removed)
