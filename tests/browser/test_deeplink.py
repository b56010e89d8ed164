"""A link straight to a page works as the very first request a fresh server sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from casewatch.db import Database
from tests.support.browser import LiveApp, offline_context, start_app, unexpected_errors, wait_ready
from tests.support.databases import FIXTURES, load_csv_tables

pytestmark = pytest.mark.browser


def test_first_request_deep_link_runs_through_the_entry_script(browser: object, tmp_path: Path) -> None:
    path = str(tmp_path / "tiny.duckdb")
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    db.close()
    with start_app(path) as app:
        context = offline_context(browser, (app.url, f"http://127.0.0.1:{app.port}"))
        blocked = context.blocked  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(f"{app.url}/regions?from=2024-01-01&to=2024-03-31&lang=en")
        # the page ran inside dashboard.py: its sidebar filters and caption are there
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=stSidebar] [data-testid=stMultiSelect]').length >= 8"
        )
        wait_ready(page)
        assert unexpected_errors(page) == 0
        assert "Filed 2024-01-01 to 2024-03-31" in page.inner_text('[data-testid="stMain"]')
        assert blocked == []
        context.close()


def test_a_fresh_session_on_a_cases_own_page_gets_its_menu_filters_and_language_switch(
    page: object, live_app: LiveApp
) -> None:
    # a case's own page ends in st.stop(), after which Streamlit draws nothing in the run: the first
    # screen asks for its next run before the page runs (casewatch.ui.first_paint), else the session
    # stayed at its first screen, without its menu, filter widgets and language switch
    page.goto(f"{live_app.url}/cases?case=ilnd%3A1%3A24-cv-00002&lang=en")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelectorAll('[data-testid=stSidebar] [data-testid=stMultiSelect]').length >= 8"
    )
    assert page.get_by_role("radio", name="English").is_checked()  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1  # type: ignore[attr-defined]
    main = page.inner_text('[data-testid="stMain"]')  # type: ignore[attr-defined]
    assert "Beta LLC v. Schedule A" in main and "Back to the case list" in main
    assert unexpected_errors(page) == 0
