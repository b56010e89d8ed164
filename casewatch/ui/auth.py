"""Who is looking: Streamlit's native OIDC login (``st.login``) mapped to a role by the users table.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` every visitor signs in and gets the scope
the users table gives their e-mail (unknown e-mails see nothing). Without one the app is a local
analyst tool: it runs only when the server listens on loopback, and says so in the sidebar.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Collection, Sequence
from typing import NoReturn

import streamlit as st

from casewatch import access, users
from casewatch.access import SYSTEM, Scope
from casewatch.db import Database
from casewatch.i18n import t
from casewatch.ui.literal import literal

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# The link (path and query) a signed-out visitor followed, kept in the browser across the sign-in:
# Streamlit's login ends on the app's root, in a new session.
LINK_COOKIE = "casewatch_link"
_LINK_USED = "casewatch_link_used"
_LINK_SECONDS = 900


def auth_configured() -> bool:
    """Whether the secrets carry an ``[auth]`` section (then login is required)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def viewer_scope(
    db: Database, lang: str, url_paths: Sequence[str] = (), sidebar: Callable[[], object] | None = None
) -> Scope:
    """The scope for this run; ends the run on a login or refusal screen when there is none, shown
    at any of the app's ``url_paths`` too (a deep link keeps its address), with ``sidebar`` drawn
    first (what the run left out of the sidebar so far: the language switch)."""

    def gate(screen: Callable[[], None]) -> NoReturn:
        if sidebar is not None:
            sidebar()
        _gate(screen, url_paths)

    if not auth_configured():
        address = str(st.get_option("server.address") or "")
        if address not in LOOPBACK:
            # Without login the app shows everything; never serve that beyond this machine.
            message = t("auth.not_loopback", lang, address=address or "0.0.0.0")  # noqa: S104
            gate(lambda: _refusal(message, lang))
        st.sidebar.info(t("app.local_mode", lang), icon=":material/computer:")
        return SYSTEM
    if not st.user.get("is_logged_in"):
        gate(lambda: _login_screen(lang))
    email = str(st.user.get("email") or "")
    if st.user.get("email_verified") is False:
        # roles are keyed by e-mail: an address the provider has not verified proves nothing
        # (providers that do not send the claim are trusted to hand out verified addresses only)
        message = t("auth.unverified_email", lang, email=literal(email or "—"))
        gate(lambda: _refusal(message, lang, logout=True))
    scope = users.scope_for_email(db, email)
    if scope is None:
        gate(lambda: _refusal(t("auth.unknown_user", lang, email=literal(email or "—")), lang, logout=True))
    _signed_in(scope, lang)
    return scope


def _gate(screen: Callable[[], None], url_paths: Sequence[str]) -> NoReturn:
    """Shows only ``screen``, at the root and at every page's address: no page can be opened."""
    screens = [st.Page(screen, title="CaseWatch", url_path="signin", default=True)]
    screens += [st.Page(screen, title="CaseWatch", url_path=url) for url in url_paths if url != "signin"]
    st.navigation(screens, position="hidden").run()
    st.stop()


def _login_screen(lang: str) -> None:
    st.title(t("app.title", lang))
    st.caption(t("app.subtitle", lang))
    st.info(t("auth.login.body", lang), icon=":material/login:")
    st.button(t("auth.login.button", lang), on_click=st.login, type="primary", key="auth_login")
    _remember_link()


def _remember_link() -> None:
    """Keeps the address shown (path and query) in a short-lived cookie for after the sign-in."""
    # constant script: the address is read by the browser, nothing from the server goes into it
    st.html(
        "<script>document.cookie = "
        f"{json.dumps(LINK_COOKIE + '=')} + encodeURIComponent(location.pathname + location.search)"
        f" + '; path=/; max-age={_LINK_SECONDS}; samesite=lax';</script>",
        unsafe_allow_javascript=True,
    )


def link_before_sign_in(url_paths: Collection[str]) -> tuple[str, dict[str, str]] | None:
    """The page (one of ``url_paths``) and query of the link followed before signing in, once per
    session; None when there is none (or it names no such page)."""
    raw = st.context.cookies.get(LINK_COOKIE)
    if not raw or st.session_state.get(_LINK_USED):
        return None
    st.session_state[_LINK_USED] = True
    link = urllib.parse.urlsplit(urllib.parse.unquote(raw)[:4000])
    url = link.path.rstrip("/").rsplit("/", 1)[-1]
    if url not in url_paths:
        return None
    return url, dict(urllib.parse.parse_qsl(link.query))


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
        box.caption(t("auth.small_cells", lang, n=access.MIN_CELL_MEMBERS))
    if scope.sees_perturbed:
        box.caption(t("auth.perturbed", lang))
    box.button(t("auth.logout", lang), on_click=st.logout, key="auth_logout", icon=":material/logout:")
    if LINK_COOKIE in st.context.cookies:
        # used (or not wanted) once signed in: a later visit to the root must not jump there
        st.html(
            f"<script>document.cookie = {json.dumps(LINK_COOKIE + '=; path=/; max-age=0')};</script>",
            unsafe_allow_javascript=True,
        )
