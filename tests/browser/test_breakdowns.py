"""The regional map in headless chromium with every request outside the app blocked: 21 city shapes
drawn, a click on a city filters to it, and page links (?measure=, ?party=) reproduce views."""

from __future__ import annotations

import pytest

from tests.support.browser import LiveApp, unexpected_errors, wait_ready

pytestmark = pytest.mark.browser
Q1 = "from=2024-01-01&to=2024-03-31"
SHAPES = "path.choroplethlocation"


def open_view(page: object, live_app: LiveApp, path_and_query: str) -> None:
    # The entry page first: on a fresh server Streamlit runs a deep link as a bare pages/ script
    # until dashboard.py has called st.navigation once (see the lead's notes on deep links).
    page.goto(f"{live_app.url}/?{Q1}")  # type: ignore[attr-defined]
    wait_ready(page, timeout=90_000)
    page.goto(f"{live_app.url}/{path_and_query}")  # type: ignore[attr-defined]
    wait_ready(page, timeout=90_000)


def test_map_draws_21_cities_offline_and_a_click_filters(page: object, live_app: LiveApp) -> None:
    open_view(page, live_app, f"regions?{Q1}")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length >= 21")  # type: ignore[attr-defined]
    assert page.locator(SHAPES).count() == 21  # type: ignore[attr-defined]
    assert unexpected_errors(page) == 0
    assert page.context.blocked == []  # type: ignore[attr-defined] - no tiles, no topojson, no fonts fetched

    # Shenzhen is the first location (most defendant instances); click the middle of its shape
    shenzhen = page.locator(SHAPES).first  # type: ignore[attr-defined]
    box = shenzhen.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # type: ignore[attr-defined]
    page.wait_for_function("document.location.search.includes('city=440300')")  # type: ignore[attr-defined]
    wait_ready(page)
    page.get_by_text("深圳：区县与月度趋势").wait_for()  # type: ignore[attr-defined]
    assert unexpected_errors(page) == 0


def test_page_links_reproduce_views(page: object, live_app: LiveApp) -> None:
    open_view(page, live_app, f"regions?{Q1}&measure=location_quotient&lang=en")
    page.wait_for_function(f"document.querySelectorAll('{SHAPES}').length >= 21")  # type: ignore[attr-defined]
    assert page.locator(".colorbar .cbtitle").first.text_content() == "Location quotient"  # type: ignore[attr-defined]

    open_view(page, live_app, f"parties?{Q1}&by=law_firm&party=Firm%20B")
    page.get_by_text("律所档案：Firm B").wait_for()  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelectorAll('[data-testid=stMetricValue]').length >= 3")  # type: ignore[attr-defined]
    wait_ready(page)
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()  # type: ignore[attr-defined]
    assert metrics[:3] == ["2", "2", "2"]  # Firm B in Q1: C2 and C5, 2 defendants, members M1 M2
    assert page.context.blocked == []  # type: ignore[attr-defined]
