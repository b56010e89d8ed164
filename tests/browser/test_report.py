"""The HTML brief in headless chromium with every network request blocked: it still draws its
charts (plotly.js is inside the file) and asks for nothing outside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from casewatch import report
from tests.support.browser import block_outside
from tests.unit.test_report import feb, report_db  # noqa: F401 - fixtures: the February 2024 brief

pytestmark = pytest.mark.browser


def test_html_brief_draws_its_charts_offline(
    browser: object,
    feb: report.MonthlyBrief,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    html = tmp_path / "brief.html"
    html.write_bytes(report.render(feb, "html", "zh"))
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    blocked = block_outside(context, (html.as_uri(),))  # everything but the file itself is aborted
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(html.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5")
        plots = page.locator(".js-plotly-plot")
        assert plots.count() == 5  # the trend and the four movers
        # the trend drew 13 monthly bars and the line of cases; each mover chart its bars
        assert plots.nth(0).locator("g.trace.bars g.point path").count() == 13
        assert plots.nth(0).locator("g.trace.scatter path.js-line").count() == 1
        for index in range(1, 5):
            assert plots.nth(index).locator("g.trace.bars g.point path").count() >= 1
        assert page.locator('[data-kpi="cases"] .value').inner_text() == "2"
        assert page.locator("h1").inner_text() == "CaseWatch 月度简报 · 2024年2月"
        assert errors == []
        assert blocked == []
    finally:
        context.close()  # type: ignore[attr-defined]
