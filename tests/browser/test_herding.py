"""The Herding page in headless chromium: the wave timeline is drawn offline and the coordination
roster downloads as a workbook whose formula-like cells are text (tests/fixtures/herding)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from casewatch import herding
from casewatch.db import Database
from tests.support.browser import LiveApp, offline_context, start_app, wait_ready, wait_settled
from tests.support.databases import FIXTURES, load_csv_tables

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def herding_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    path = str(Path(tmp_path_factory.mktemp("herding_live")) / "herding.duckdb")
    with Database(path) as db:
        load_csv_tables(db, FIXTURES / "herding", ("members", "member_stores", "cases", "defendants"))
        herding.refresh(db)
    with start_app(path) as app:
        yield app


def test_timeline_drawn_and_roster_downloads(browser: object, herding_app: LiveApp) -> None:
    context = offline_context(
        browser, (herding_app.url, f"http://127.0.0.1:{herding_app.port}"), viewport={"width": 1400, "height": 1100},
        accept_downloads=True,
    )
    blocked = context.blocked  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        # as tests/browser/test_breakdowns.py: the app's first load, then the page by its link
        page.goto(f"{herding_app.url}/?lang=en&from=2024-01-01&to=2024-06-30")
        wait_ready(page, timeout=90_000)
        page.goto(f"{herding_app.url}/herding?lang=en&from=2024-01-01&to=2024-06-30")
        wait_ready(page, timeout=90_000)
        assert page.locator("h1").first.inner_text() == "Herding radar"
        # the timeline: plotly drew its bars (SVG paths inside the chart)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg .bars path', timeout=30_000)
        wait_settled(page)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Download roster (XLSX)").click()
        workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        cells = [c.value for row in workbook.worksheets[0].iter_rows() for c in row]
        assert "M4" in cells and "M9" in cells
        assert "'=HYPERLINK(\"x\")" in cells
        assert blocked == [], f"requests left the machine: {blocked[:5]}"
    finally:
        context.close()
