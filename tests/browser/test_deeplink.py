"""A link straight to a page works as the very first request a fresh server sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from casewatch.db import Database
from tests.support.browser import block_outside, start_app, wait_ready
from tests.support.databases import FIXTURES, load_csv_tables

pytestmark = pytest.mark.browser


def test_first_request_deep_link_runs_through_the_entry_script(browser: object, tmp_path: Path) -> None:
    path = str(tmp_path / "tiny.duckdb")
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    db.close()
    with start_app(path) as app:
        context = browser.new_context()  # type: ignore[attr-defined]
        blocked = block_outside(context, (app.url, f"http://127.0.0.1:{app.port}"))
        page = context.new_page()
        page.goto(f"{app.url}/regions?from=2024-01-01&to=2024-03-31&lang=en")
        # the page ran inside dashboard.py: its sidebar filters and caption are there
        page.wait_for_function(
            "document.querySelectorAll('[data-testid=stSidebar] [data-testid=stMultiSelect]').length >= 8"
        )
        wait_ready(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Filed 2024-01-01 to 2024-03-31" in page.inner_text('[data-testid="stMain"]')
        assert blocked == []
        context.close()
