"""The overview in headless chromium: charts drawn, language switch, no errors, links reproduce views."""

from __future__ import annotations

import pytest

from tests.support.browser import LiveApp, unexpected_errors, wait_count, wait_ready

pytestmark = pytest.mark.browser
Q1 = "from=2024-01-01&to=2024-03-31"


def metric_values(page: object) -> list[str]:
    """The five KPI values once the run has finished drawing them."""
    page.wait_for_function("document.querySelectorAll('[data-testid=stMetricValue]').length == 5")  # type: ignore[attr-defined]
    wait_ready(page)
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # type: ignore[attr-defined]


def test_overview_draws_charts_and_switches_language(page: object, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/?{Q1}")  # type: ignore[attr-defined]
    wait_ready(page)
    wait_count(page, ".js-plotly-plot", 4)  # monthly trend, cities, sectors, brands
    page.wait_for_selector(".js-plotly-plot .main-svg")  # type: ignore[attr-defined]
    plots = page.locator(".js-plotly-plot")  # type: ignore[attr-defined]
    assert plots.count() == 4
    # each chart drew its bars: at least one bar path per chart
    for index in range(plots.count()):
        assert plots.nth(index).locator("g.trace.bars path, g.point path").count() > 0
    assert page.locator("h1").first.inner_text() == "总览"  # type: ignore[attr-defined]
    assert metric_values(page) == ["4", "6", "3", "$2,100", "40.0%"]
    assert unexpected_errors(page) == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0  # type: ignore[attr-defined]

    page.get_by_role("radio", name="English").click()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').innerText == 'Overview'")  # type: ignore[attr-defined]
    wait_ready(page)
    assert "lang=en" in page.url  # type: ignore[attr-defined]
    assert unexpected_errors(page) == 0
    assert page.context.blocked == []  # type: ignore[attr-defined] - nothing tried to leave the machine


def test_link_with_filters_equals_filters_set_by_hand(page: object, live_app: LiveApp) -> None:
    page.goto(f"{live_app.url}/?{Q1}")  # type: ignore[attr-defined]
    wait_ready(page)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="平台")  # type: ignore[attr-defined]
    box.locator("input").click()
    page.keyboard.type("亚马逊")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.wait_for_function("document.location.search.includes('platform=amazon')")  # type: ignore[attr-defined]
    wait_ready(page)
    by_hand = metric_values(page)
    shared_url = page.url  # type: ignore[attr-defined]

    page.goto(f"{live_app.url}/?{Q1}&platform=amazon")  # type: ignore[attr-defined]
    wait_ready(page)
    by_link = metric_values(page)
    assert by_link == by_hand == ["2", "3", "2", "$1,300", "50.0%"]
    page.goto(shared_url)  # type: ignore[attr-defined]
    wait_ready(page)
    assert metric_values(page) == by_hand


FIRST_SEEN = """
window.__firstSeen = {};
new MutationObserver(() => {
  const kpis = document.querySelectorAll('[data-testid=stMetricValue]').length;
  const charts = document.querySelectorAll('.js-plotly-plot').length;
  const seen = window.__firstSeen;
  const widgets = document.querySelectorAll('[data-testid=stSidebar] [data-testid=stMultiSelect]').length;
  if (kpis && !('chartsAtFirstKpi' in seen)) seen.chartsAtFirstKpi = charts;
  if (!charts) seen.kpisBeforeCharts = kpis;
  // the page's charts (drawn or coming) and filter widgets when the first chart is drawn
  if (charts && !('chartsWithTheFirst' in seen)) {
    seen.chartsWithTheFirst = document.querySelectorAll('[data-testid=stPlotlyChart]').length;
    seen.widgetsWithTheFirstChart = widgets;
  }
}).observe(document, {childList: true, subtree: true});
"""


def test_first_paint_draws_the_figures_then_the_charts_and_keeps_the_first_change(
    page: object, live_app: LiveApp
) -> None:
    """A fresh session's first run draws the KPIs with the charts as placeholders and no filter
    widgets yet; the browser then asks by itself (a component, once it has painted a run) for the
    run with the first chart alone, then for the run with the others and the filters, so the
    reader's first widget change is kept (Streamlit drops a change made in a session's first
    rerun)."""
    # in the page, as the document changes: the KPIs and charts when the first KPI appears, and
    # the KPIs there were before the first chart (a check from the test itself can come late)
    page.add_init_script(FIRST_SEEN)  # type: ignore[attr-defined]
    response = page.goto(f"{live_app.url}/?{Q1}")  # type: ignore[attr-defined]
    # the chart module is hinted in the page's own answer (fetched while the page loads)
    assert "/PlotlyChart." in response.headers.get("link", ""), response.headers
    wait_count(page, ".js-plotly-plot", 4)
    wait_ready(page)
    seen = page.evaluate("window.__firstSeen")  # type: ignore[attr-defined]
    # the figures came with the first run, the monthly trend after it (the others as placeholders,
    # no filter widget yet), then the rest
    first = {"chartsAtFirstKpi": 0, "kpisBeforeCharts": 5, "chartsWithTheFirst": 1, "widgetsWithTheFirstChart": 0}
    assert seen == first, seen
    # the preloaded chart module is the one the charts used: fetched once
    fetched = page.evaluate(  # type: ignore[attr-defined]
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/PlotlyChart.')).length"
    )
    assert fetched == 1
    # the first change after the fresh load: the members-only switch
    page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').first.click()  # type: ignore[attr-defined]
    page.wait_for_function("document.location.search.includes('members=1')")  # type: ignore[attr-defined]
    wait_ready(page)
    # Q1 2024, member stores only: flsd 00003 #1 (M1, settled, $100), ilnd 00001 #1 (M1, default
    # judgment, $1,000) and #2 (M3, settled, $500), ilnd 00002 #1 (M2, dismissed, $0) and #2 (M1,
    # pending, $300): 3 cases, 5 defendants, 3 members, $1,900, 1 default of 4 decided
    assert metric_values(page) == ["3", "5", "3", "$1,900", "25.0%"]
