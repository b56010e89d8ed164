"""Roles and row-level scope.

Every query file declares who may run it in a header line ``-- access: analyst leadership member``;
``bind`` refuses a scope whose role is not listed, so a page that is hidden from a role is also
closed to it in the data layer. Queries that return member-level rows take ``$viewer_member``
(bound from the scope) and restrict or mask rows by it; aggregates shown to a member suppress
cells of fewer than ``MIN_CELL_MEMBERS`` members and perturb the others (cell-key noise,
docs/privacy.md), which the pages mark as approximate (``Scope.sees_perturbed``).

Who signs in with which scope is ``casewatch.users``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from casewatch import errors
from casewatch.sql import load_sql

ROLES = ("analyst", "leadership", "member")
_ACCESS = re.compile(r"^--\s*access:\s*(.+)$", re.MULTILINE)
# Aggregates shown to a member hide every cell built from fewer members than this (in SQL as a
# literal 3 next to each `$viewer_member` test; tests/queries/test_access.py checks the two agree).
MIN_CELL_MEMBERS = 3


class AccessDenied(errors.CaseWatchError):
    key = "error.access_denied"


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
    """Raises AccessDenied when the header of query ``name`` (text ``sql``) leaves out the scope's role."""
    if scope.role not in allowed_roles(sql):
        raise AccessDenied(f"role {scope.role} may not run query {name}", role=scope.role, name=name)


def bind(name: str, scope: Scope, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The text of queries/<name>.sql and the parameters to run it with for ``scope``: refuses a
    role the header does not list and adds ``viewer_member`` when the query uses it.

    A page query with a twin in queries/cells/ (``<folder>_<name>.sql``) that gives its answer from
    the monthly cells of table fact_cells is answered by the twin while ``cells_serve`` holds, with
    the parameters the twin names (the others are empty there)."""
    text = load_sql(name)
    check(text, name, scope)
    twin = CELLS_TWIN.get(name)
    if twin is not None and cells_serve(scope, params):
        cells = load_sql(twin)
        check(cells, twin, scope)
        named = set(_PARAM.findall(cells))
        return cells, {key: value for key, value in params.items() if key in named}
    if "$viewer_member" in text:
        return text, {**params, "viewer_member": scope.viewer_member}
    return text, params


# Page queries answered from the monthly cells (fact_cells) when they apply -> their twin there.
CELLS_TWIN = {
    name: "cells/" + name.replace("/", "_")
    for name in (
        "overview/kpis",
        "overview/monthly",
        "overview/top_cities",
        "overview/top_sectors",
        "overview/top_brands",
        "sectors/tree",
        "sectors/ip_matrix",
        "sectors/monthly",
    )
}
_PARAM = re.compile(r"\$([a-z_]+)")
# The filters the cells cannot apply: any of them set sends a query to the fact table.
_NOT_IN_CELLS = ("cities", "sectors", "platforms", "kinds", "courts", "brands", "firms", "members_only")


def cells_serve(scope: Scope, params: dict[str, Any]) -> bool:
    """Whether the monthly cells answer a page query with these filter parameters: for staff (a
    member's aggregates are suppressed and perturbed per cell of rows), with dates from the first
    of a month to the last of a month (the cells are whole months) and no filter but IP types (the
    cells' other dimensions are not filters, and filters on rows within cases would make their
    case counts overlap)."""
    start, end = params.get("date_from"), params.get("date_to")
    if scope.viewer_member or not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return False
    if isinstance(start, dt.datetime) or isinstance(end, dt.datetime):
        return False  # a time of day: not whole days
    whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    return whole_months and not any(params.get(key) for key in _NOT_IN_CELLS)


def require_analyst(by: Scope, action: str) -> None:
    """Raises AccessDenied unless ``by`` is an analyst (``action`` names what was refused)."""
    if by.role != "analyst":
        raise AccessDenied(f"role {by.role} may not {action}", role=by.role, name=action)
