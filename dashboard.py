"""CaseWatch entry point: page config, language, data context, global filters, navigation."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

import streamlit as st

from casewatch.errors import CaseWatchError
from casewatch.i18n import t
from casewatch.ui import auth as ui_auth
from casewatch.ui import context, failures, first_paint, freshness, navigation, runlog, sidebar
from casewatch.ui.literal import literal

run_started = runlog.start()  # the opt-in run log (CASEWATCH_RUN_LOG) times the run from here

# The icon is a local file: a material icon name would be fetched from a font CDN.
st.set_page_config(page_title="CaseWatch", page_icon="data/icon.png", layout="wide")

# (file, locale key, icon, url path). Every page is at its url path for every role; the menu offers
# a role the pages casewatch.access.PAGE_ROLES gives it, the others say they are closed to it (and
# each query checks the role again). "/" opens the first (casewatch/ui/navigation.py).
PAGES = [
    ("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
    ("pages/regions.py", "nav.regions", ":material/map:", "regions"),
    ("pages/sectors.py", "nav.sectors", ":material/category:", "sectors"),
    ("pages/trends.py", "nav.trends", ":material/trending_up:", "trends"),
    ("pages/parties.py", "nav.parties", ":material/groups:", "parties"),
    ("pages/lifecycle.py", "nav.lifecycle", ":material/timeline:", "lifecycle"),
    ("pages/herding.py", "herding.nav", ":material/hub:", "herding"),
    ("pages/cases.py", "cases.nav", ":material/gavel:", "cases"),
    ("pages/my_cases.py", "mycases.nav", ":material/event_upcoming:", "my_cases"),
    ("pages/alerts.py", "alerts.nav", ":material/notifications:", "alerts"),
    ("pages/users.py", "users.nav", ":material/manage_accounts:", "users"),
    ("pages/monthly.py", "report.nav", ":material/summarize:", "monthly"),
    ("pages/data.py", "nav.data", ":material/upload_file:", "data"),
]

# a fresh session's page comes in stages (casewatch.ui.first_paint): its first screen draws the
# page's figures before the sidebar's language switch, menu, demo banner, data caption and filter
# widgets - but a sign-in or error screen, which has no next run, draws the switch
screen = first_paint.Screen(first_paint.stage())
lang = sidebar.language(draw=not screen.first_screen)
path = context.current_path()


def stop_on(exc: CaseWatchError) -> NoReturn:
    """Ends the run on the error, with the language switch (an error screen is all it shows)."""
    if screen.first_screen:
        sidebar.language()
    failures.show_error(exc, lang)
    st.stop()


def stop_unexpected(exc: Exception) -> NoReturn:
    """Ends the run on an error no one planned for: a reference to the server's log, no details
    (.streamlit/config.toml hides the details of anything that escapes this too)."""
    if screen.first_screen:
        sidebar.language()
    failures.show_unexpected(exc, lang)
    st.stop()


try:
    # the login screen stops the run here, at whichever page's address was asked for
    scope = ui_auth.viewer_scope(
        context.database(path),
        lang,
        [url for *_, url in PAGES],
        sidebar=sidebar.language if screen.first_screen else None,
    )
except CaseWatchError as exc:
    stop_on(exc)
except Exception as exc:
    stop_unexpected(exc)

# AppTest (streamlit 1.67) skips this entry script after switch_page(), so page tests instead name
# the page to open as the default through session state; a browser user cannot set this key.
pages = navigation.pages(PAGES, scope, lang, start=st.session_state.get("casewatch_start_page"))
current = st.navigation(list(pages.values()), position="hidden" if screen.first_screen else "sidebar")
navigation.forward_from_root(current, pages)

today = dt.date.today()
try:
    db = context.database(path)
    data_version = db.data_version()  # read once per run: every query of this run uses it
    vocabulary = context.vocabulary(path, data_version)
    status = context.cached_status(path, data_version)
    options = context.filter_options(path, data_version)
except CaseWatchError as exc:
    stop_on(exc)
except Exception as exc:
    stop_unexpected(exc)

filters = sidebar.filter_sidebar(vocabulary, options, today, lang, defer=screen.partial)
ctx = context.PageContext(path, data_version, lang, filters, vocabulary, today, scope, screen)
context.set_current(ctx)

for name, value in sidebar.notices():
    st.warning(t("filters.notice_bad_value", lang, name=name, value=literal(value)), icon=":material/link_off:")
if not screen.first_screen:
    if status["demo"]:
        st.sidebar.info(t("app.demo_banner", lang), icon=":material/science:")
    # to the minute: Streamlit's markdown loads its emoji plugin (260 KB, on every fresh page) for
    # any text with a ":word:", and "21:41:09" has one
    st.sidebar.caption(t("app.data_version", lang, version=data_version, updated=status["updated"][:16]))
failures.read_only_notice(db, lang)

# a fresh session's charts come in the next runs, asked for by the browser once it drew this one
# (asked for before the page runs: a page that ends in st.stop() draws nothing after)
first_paint.ask_for_next_stage(screen)
with runlog.page_run(run_started, navigation.url_of(current, pages), data_version):
    try:
        current.run()
    except CaseWatchError as exc:
        stop_on(exc)
    except Exception as exc:  # st.stop() and st.rerun() are BaseExceptions: they pass
        stop_unexpected(exc)
    freshness.run_complete(data_version, first_paint=screen.partial)  # hidden: marks a finished page
