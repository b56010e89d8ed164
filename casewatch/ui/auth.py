"""Who is looking: Streamlit's native OIDC login (``st.login``) mapped to a role by the users table.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` every visitor signs in and gets the scope
the users table gives their e-mail (unknown e-mails see nothing). Without one the app is a local
analyst tool: it runs only when the server listens on loopback, and says so in the sidebar.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

import streamlit as st

from casewatch import auth
from casewatch.auth import SYSTEM, Scope
from casewatch.db import Database
from casewatch.i18n import t
from casewatch.ui.literal import literal

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def auth_configured() -> bool:
    """Whether the secrets carry an ``[auth]`` section (then login is required)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def viewer_scope(db: Database, lang: str) -> Scope:
    """The scope for this run; ends the run on a login or refusal screen when there is none."""
    if not auth_configured():
        address = str(st.get_option("server.address") or "")
        if address not in LOOPBACK:
            # Without login the app shows everything; never serve that beyond this machine.
            _gate(lambda: _refusal(t("auth.not_loopback", lang, address=address or "0.0.0.0"), lang))  # noqa: S104
        st.sidebar.info(t("app.local_mode", lang), icon=":material/computer:")
        return SYSTEM
    if not st.user.get("is_logged_in"):
        _gate(lambda: _login_screen(lang))
    email = str(st.user.get("email") or "")
    if st.user.get("email_verified") is False:
        # roles are keyed by e-mail: an address the provider has not verified proves nothing
        # (providers that do not send the claim are trusted to hand out verified addresses only)
        _gate(lambda: _refusal(t("auth.unverified_email", lang, email=literal(email or "—")), lang, logout=True))
    scope = auth.scope_for_email(db, email)
    if scope is None:
        _gate(lambda: _refusal(t("auth.unknown_user", lang, email=literal(email or "—")), lang, logout=True))
    _signed_in(scope, lang)
    return scope


def _gate(screen: Callable[[], None]) -> NoReturn:
    """Shows only ``screen``: the navigation offers no page at all, so no page can be opened."""
    st.navigation([st.Page(screen, title="CaseWatch", url_path="signin", default=True)], position="hidden").run()
    st.stop()


def _login_screen(lang: str) -> None:
    st.title(t("app.title", lang))
    st.caption(t("app.subtitle", lang))
    st.info(t("auth.login.body", lang), icon=":material/login:")
    st.button(t("auth.login.button", lang), on_click=st.login, type="primary", key="auth_login")


def _refusal(message: str, lang: str, *, logout: bool = False) -> None:
    st.title(t("app.title", lang))
    st.error(message, icon=":material/lock:")
    if logout:
        st.button(t("auth.logout", lang), on_click=st.logout, key="auth_logout_refused")


def _signed_in(scope: Scope, lang: str) -> None:
    role = t(f"auth.role.{scope.role}", lang)
    who = t("auth.signed_in", lang, email=literal(scope.email or "—"), role=role)
    if scope.member_id:
        who += " · " + t("auth.signed_in_member", lang, member=literal(scope.member_id))
    box = st.sidebar.container(border=True)
    box.caption(who)
    if scope.role == "member":
        box.caption(t("auth.small_cells", lang, n=auth.MIN_CELL_MEMBERS))
    box.button(t("auth.logout", lang), on_click=st.logout, key="auth_logout", icon=":material/logout:")
