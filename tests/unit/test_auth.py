"""Roles, the users table, sign-in in the app (simulated st.user), local mode, and the users CLI."""

from __future__ import annotations

import duckdb
import pytest

from casewatch import access, users
from casewatch.__main__ import main
from casewatch.access import SYSTEM, AccessDenied, Scope
from casewatch.db import Database
from casewatch.i18n import t
from casewatch.ui import first_paint
from casewatch.ui.literal import literal
from casewatch.users import InvalidUser
from tests.support import roles
from tests.support.apptest import errors, open_page, rerun
from tests.support.roles import open_as

role_db = roles.role_db  # a fixture


def test_scope_rules() -> None:
    assert Scope("member", member_id="M1").viewer_member == "M1"
    assert Scope("analyst").viewer_member == "" and Scope("leadership").viewer_member == ""
    with pytest.raises(ValueError, match="member_id"):
        Scope("member")
    with pytest.raises(ValueError, match="unknown role"):
        Scope("admin")


def test_emails_are_normalised_and_checked() -> None:
    assert users.normalise_email("  M1@Example.COM ") == "m1@example.com"
    for bad in ("", "m1", "m1@example", "a b@example.com", "x@y.z" + "z" * 300):
        with pytest.raises(InvalidUser):
            users.normalise_email(bad)


def test_users_round_trip(tiny_db: Database) -> None:
    assert users.scope_for_email(tiny_db, "m1@example.com") is None
    scope = users.save_user(tiny_db, "M1@Example.com", "member", "M1", by=SYSTEM, note="owner")
    assert scope == Scope("member", member_id="M1", email="m1@example.com")
    assert users.scope_for_email(tiny_db, " m1@EXAMPLE.com") == scope
    users.save_user(tiny_db, "boss@assoc.example", "leadership", None, by=SYSTEM)
    users.save_user(tiny_db, "m1@example.com", "analyst", "", by=SYSTEM)  # a change of role
    listed = users.list_users(tiny_db)
    assert listed[["email", "role", "note"]].fillna("").values.tolist() == [
        ["m1@example.com", "analyst", "owner"],  # a change without a note keeps it (found in review)
        ["boss@assoc.example", "leadership", ""],
    ]
    assert users.scope_for_email(tiny_db, "m1@example.com") == Scope("analyst", email="m1@example.com")
    assert users.remove_user(tiny_db, "m1@example.com", by=SYSTEM)
    assert not users.remove_user(tiny_db, "m1@example.com", by=SYSTEM)
    assert users.scope_for_email(tiny_db, "not an email") is None


@pytest.mark.parametrize(
    ("role", "member", "field"),
    [
        ("member", None, "member_id"),  # a member user belongs to a member
        ("member", "M99", "member_id"),  # ... that is in the register
        ("analyst", "M1", "member_id"),  # staff belong to none
        ("root", None, "role"),
    ],
)
def test_bad_users_are_refused(tiny_db: Database, role: str, member: str | None, field: str) -> None:
    with pytest.raises(InvalidUser) as caught:
        users.save_user(tiny_db, "x@example.com", role, member, by=SYSTEM)
    assert caught.value.fmt["field"] == field
    assert users.list_users(tiny_db).empty


def test_only_analysts_manage_users_and_not_themselves(tiny_db: Database) -> None:
    for by in (Scope("member", member_id="M1"), Scope("leadership")):
        with pytest.raises(AccessDenied):
            users.save_user(tiny_db, "x@example.com", "analyst", None, by=by)
        with pytest.raises(AccessDenied):
            users.remove_user(tiny_db, "x@example.com", by=by)
    me = users.save_user(tiny_db, "a1@example.com", "analyst", None, by=SYSTEM)
    with pytest.raises(InvalidUser):
        users.remove_user(tiny_db, "a1@example.com", by=me)
    # nor demote themselves (the only analyst then locked everyone out; found in review)
    with pytest.raises(InvalidUser, match="own role"):
        users.save_user(tiny_db, " A1@example.com", "leadership", None, by=me)
    assert users.scope_for_email(tiny_db, "a1@example.com") == me
    users.save_user(tiny_db, "a1@example.com", "analyst", None, by=me, note="still an analyst")  # same role: fine


def test_users_table_constraints_hold_in_the_database(tiny_db: Database) -> None:
    with pytest.raises(duckdb.ConstraintException), tiny_db.write() as con:
        con.execute("INSERT INTO users (email, role) VALUES ('y@example.com', 'member')")
    with pytest.raises(duckdb.ConstraintException), tiny_db.write() as con:
        con.execute("INSERT INTO users (email, role) VALUES ('y@example.com', 'superuser')")


def test_pages_offered_per_role() -> None:
    member = Scope("member", member_id="M1")
    assert (
        access.may_open(member, "cases") and access.may_open(member, "my_cases") and access.may_open(member, "overview")
    )
    assert not access.may_open(member, "users") and not access.may_open(member, "monthly")
    assert not access.may_open(member, "some_new_page")  # unknown pages: analysts only
    leadership = Scope("leadership")
    assert access.may_open(leadership, "monthly") and access.may_open(leadership, "overview")
    assert not access.may_open(leadership, "cases") and not access.may_open(leadership, "users")
    assert access.may_open(SYSTEM, "some_new_page")


def test_cli_users(tiny_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = tiny_db.path
    tiny_db.close()
    assert main(["users", "--db", path, "add", "M2@example.com", "--role", "member", "--member-id", "M2"]) == 0
    assert main(["users", "--db", path, "add", "a1@example.com", "--role", "analyst"]) == 0
    assert main(["users", "--db", path, "list"]) == 0
    out = capsys.readouterr().out
    assert "a1@example.com\tanalyst\t\nm2@example.com\tmember\tM2\n" in out
    assert main(["users", "--db", path, "add", "x@example.com", "--role", "member", "--member-id", "M99"]) == 2
    assert "member_id 'M99'" in capsys.readouterr().err
    assert main(["users", "--db", path, "add", "not-an-email", "--role", "analyst"]) == 2
    assert main(["users", "--db", path, "remove", "m2@example.com"]) == 0
    assert main(["users", "--db", path, "remove", "m2@example.com"]) == 2
    with Database(path) as db:
        assert users.list_users(db)["email"].tolist() == ["a1@example.com"]


# --- in the app ------------------------------------------------------------------------------------


def test_local_mode_is_an_analyst_and_says_so(role_db: str) -> None:
    at = open_page("pages/users.py")
    assert not errors(at)
    assert at.title[0].value == t("users.title", "zh")  # the analyst-only page opens
    assert t("app.local_mode", "zh") in [i.value for i in at.sidebar.info]


def test_a_contact_who_left_is_removed_on_the_users_page(role_db: str) -> None:
    """Contacts could be added and assigned but not removed (found in review); their cases then
    fall back to the default contact."""

    db = Database(role_db)
    users.save_contact(db, "C-1", "王秘书", by=SYSTEM, is_default=True)
    users.save_contact(db, "C-2", "李律师", by=SYSTEM)
    users.assign_contact(db, "ilnd:1:24-cv-00002", "C-2", by=SYSTEM)
    db.close()
    at = open_page("pages/users.py", lang="en")
    at.selectbox(key="contact_gone").set_value("C-2")
    next(b for b in at.button if b.form_id == "contacts_remove").click()
    rerun(at)
    assert not errors(at)
    assert [s.value for s in at.success] == ["Contact removed."]
    db = Database(role_db)  # as the app opened it (one configuration per file in a process)
    try:
        assert db.query("auth/contacts_list")["contact_id"].tolist() == ["C-1"]
    finally:
        db.close()


def test_local_mode_refuses_to_serve_beyond_loopback(role_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    real = st.get_option
    monkeypatch.setattr(st, "get_option", lambda key: "0.0.0.0" if key == "server.address" else real(key))  # noqa: S104
    at = open_page("pages/cases.py")
    assert [e.value for e in at.error] == [t("auth.not_loopback", "zh", address="0.0.0.0")]  # noqa: S104
    assert not at.dataframe and not at.sidebar.multiselect  # nothing else ran


def test_signed_out_visitors_see_only_the_login(role_db: str) -> None:
    at = open_as("pages/cases.py", None)
    assert [b.label for b in at.button] == [t("auth.login.button", "zh")]
    assert not at.dataframe and not at.sidebar.multiselect and not at.metric


@pytest.mark.parametrize("email", [None, "stranger@example.com"])
def test_a_sign_in_screen_has_the_language_switch_from_the_first_run(role_db: str, email: str | None) -> None:
    # a fresh session's first screen leaves the switch for its next run (dashboard.py), but a
    # sign-in or refusal screen has no next run: it draws the switch, in the link's language
    at = open_as("pages/cases.py", email, stage=first_paint.FIRST_SCREEN, lang="en")
    assert at.segmented_control(key="lang").value == "en"
    assert t("auth.login.button" if email is None else "auth.logout", "en") in [b.label for b in at.button]
    at.segmented_control(key="lang").set_value("zh")
    at = rerun(at)
    assert t("auth.login.button" if email is None else "auth.logout", "zh") in [b.label for b in at.button]


def test_unknown_accounts_see_nothing(role_db: str) -> None:
    at = open_as("pages/overview.py", "stranger@example.com")
    # the address shown as typed: escaped, no mailto link (tests/app/test_markdown_text.py)
    assert [e.value for e in at.error] == [t("auth.unknown_user", "zh", email=literal("stranger@example.com"))]
    assert not at.metric and not at.dataframe
    assert [b.label for b in at.button] == [t("auth.logout", "zh")]


def test_an_address_the_provider_has_not_verified_is_refused(role_db: str) -> None:
    """Roles are keyed by e-mail, so an unverified address (a provider letting anyone register
    m1@example.com) must not open M1's cases; a verified one, or a provider without the claim, may."""
    at = open_as("pages/my_cases.py", "m1@example.com", claims={"email_verified": False})
    assert [e.value for e in at.error] == [t("auth.unverified_email", "zh", email=literal("m1@example.com"))]
    assert not at.dataframe and not at.metric and not at.sidebar.multiselect
    assert [b.label for b in at.button] == [t("auth.logout", "zh")]
    for claims in ({"email_verified": True}, {}):
        at = open_as("pages/my_cases.py", "m1@example.com", claims=claims, lang="en")
        assert not at.exception and not at.error
        assert at.title[0].value == "My cases"
        assert set(at.dataframe[0].value["Case ID"]) == {"ilnd:1:24-cv-00002"}  # M1's open matter


@pytest.mark.parametrize(
    ("email", "page", "opens"),
    [
        ("m1@example.com", "pages/cases.py", True),
        ("m1@example.com", "pages/my_cases.py", True),
        ("m1@example.com", "pages/users.py", False),
        ("l1@example.com", "pages/overview.py", True),
        ("l1@example.com", "pages/cases.py", False),
        ("l1@example.com", "pages/users.py", False),
        ("a1@example.com", "pages/users.py", True),
    ],
)
def test_signed_in_roles_get_their_pages(role_db: str, email: str, page: str, opens: bool) -> None:
    at = open_as(page, email, lang="en")
    assert not at.exception
    titles = {
        "pages/cases.py": "Cases",
        "pages/my_cases.py": "My cases",
        "pages/users.py": "Users and contacts",
        "pages/overview.py": "Overview",
    }
    assert (at.title[0].value == titles[page]) is opens
    if not opens:  # the page's own address says it is closed to the role
        assert at.title[0].value == "Page not available"
        role = t("auth.role.member" if email.startswith("m") else "auth.role.leadership", "en")
        menu = {"pages/cases.py": "cases.nav", "pages/users.py": "users.nav"}[page]
        assert [w.value for w in at.warning] == [t("nav.closed.body", "en", page=t(menu, "en"), role=role)]
        assert not at.dataframe and not at.metric
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert literal(email) in sidebar


def test_member_my_cases_ignores_a_member_link(role_db: str) -> None:
    at = open_as("pages/my_cases.py", "m1@example.com", member="M2", lang="en")
    assert not at.exception and not at.selectbox  # no member picker for a member
    shown = at.dataframe[0].value
    assert set(shown["Case ID"]) == {"ilnd:1:24-cv-00002"}  # M1's only open matter; not M2's
    assert shown["Store name"].tolist() == ["JiaYi Direct"]
