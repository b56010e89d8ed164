"""The query door: Database.query reads queries/<name>.sql by name, refuses a scope whose role the
file's ``-- access:`` header leaves out (access.check / access.bind), binds ``$viewer_member`` from
the scope and never from the caller's parameters, and lets DuckDB refuse a missing or unknown
parameter. Which role each query file admits is tests/queries/test_access.py."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from casewatch import access, errors
from casewatch.access import SYSTEM, AccessDenied, Scope
from casewatch.db import Database
from casewatch.sql import load_sql

M1 = Scope("member", member_id="M1")
C2 = "ilnd:1:24-cv-00002"  # defendant 1 is M2's, defendant 2 is M1's


def pd_isna(value: object) -> bool:
    return bool(pd.isna(value))


def test_access_header() -> None:
    assert access.allowed_roles("-- access: analyst, member\nSELECT 1") == {"analyst", "member"}
    assert access.allowed_roles("SELECT 1") == {"analyst"}
    with pytest.raises(ValueError, match="unknown roles"):
        access.allowed_roles("-- access: analyst root\nSELECT 1")
    with pytest.raises(AccessDenied):
        access.check("-- access: analyst leadership\nSELECT 1", "q", Scope("member", member_id="M1"))
    text, bound = access.bind("alerts/channels_of", Scope("member", member_id="M7"), {"a": 1})
    assert text == load_sql("alerts/channels_of") and bound == {"a": 1, "viewer_member": "M7"}
    assert access.bind("auth/users_list", SYSTEM, {"a": 1})[1] == {"a": 1}  # no $viewer_member in it
    with pytest.raises(AccessDenied):
        access.bind("auth/users_list", Scope("member", member_id="M7"), {})


def test_database_binds_the_viewer_and_refuses_roles(tiny_db: Database) -> None:
    member = Scope("member", member_id="M1")
    with pytest.raises(AccessDenied):
        tiny_db.query("auth/users_list", scope=member)
    with pytest.raises(AccessDenied):
        tiny_db.query("cases/defendants", scope=Scope("leadership"), case_id="x")
    # a caller cannot pass its own $viewer_member: the scope's wins
    rows = tiny_db.query("cases/defendants", scope=member, case_id="ilnd:1:24-cv-00002")
    assert rows["member_id"].tolist()[1] == "M1" and pd_isna(rows["member_id"].tolist()[0])


def test_a_refusal_names_the_role_and_the_query(tiny_db: Database) -> None:
    with pytest.raises(AccessDenied, match=r"^role member may not run query auth/users_list$") as refused:
        tiny_db.query("auth/users_list", scope=M1)
    assert refused.value.key == "error.access_denied"
    assert refused.value.fmt == {"role": "member", "name": "auth/users_list"}
    with pytest.raises(AccessDenied, match=r"^role leadership may not run query cases/defendants$"):
        tiny_db.query("cases/defendants", scope=Scope("leadership"), case_id=C2)


def test_a_header_without_a_role_is_for_analysts_only() -> None:
    check = access.check
    check("SELECT 1", "q", SYSTEM)  # no header: the analyst may
    for scope in (Scope("leadership"), M1):
        with pytest.raises(AccessDenied):
            check("SELECT 1", "q", scope)


def test_viewer_member_comes_from_the_scope_not_the_caller(tiny_db: Database) -> None:
    # the member M1 passing viewer_member="M2" still sees only its own row of C2 named
    _, bound = access.bind("cases/defendants", M1, {"case_id": C2, "viewer_member": "M2"})
    assert bound == {"case_id": C2, "viewer_member": "M1"}
    rows = tiny_db.query("cases/defendants", scope=M1, case_id=C2, viewer_member="M2")
    assert rows["member_id"].tolist()[1] == "M1" and pd_isna(rows["member_id"].tolist()[0])
    # staff are bound '' whatever they pass
    assert access.bind("cases/defendants", SYSTEM, {"case_id": C2, "viewer_member": "M2"})[1]["viewer_member"] == ""
    assert access.bind("overview/kpis", Scope("leadership"), {"viewer_member": "M1"})[1]["viewer_member"] == ""


def test_unknown_or_missing_parameters_are_refused(tiny_db: Database) -> None:
    with pytest.raises(duckdb.InvalidInputException, match="bogus"):
        tiny_db.query("cases/defendants", case_id=C2, bogus=1)
    with pytest.raises(duckdb.InvalidInputException, match="case_id"):
        tiny_db.query("cases/defendants")


@pytest.mark.parametrize("name", ["no/such_query", "../casewatch/db", "cases/Defendants", "cases/defendants.sql"])
def test_only_query_files_by_name(tiny_db: Database, name: str) -> None:
    with pytest.raises(errors.UnknownQuery):
        tiny_db.query(name)
