"""More lawsuits is bad news: on every page with KPI changes (overview and parties share
blocks.kpi_row; monthly) and in the brief, a rise shows in the warning colour and a fall in the good one."""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto

from casewatch import report
from casewatch.report import html, pdf
from tests.app.test_pages import app_db  # noqa: F401 - the fixture
from tests.support.apptest import open_page

RED, GREEN = MetricProto.MetricColor.RED, MetricProto.MetricColor.GREEN


def colours(page: str, **query: str) -> list[tuple[str, str, int]]:
    """(label, delta, colour) of every metric that shows a change."""
    at = open_page(page, lang="en", **query)
    assert not at.exception
    return [(m.label, m.proto.delta, m.proto.color) for m in at.metric if m.proto.delta]


# tiny: Jan-Mar 2024 holds 3 cases, 4 defendants (Oct-Dec 2023 before it: 1 case, 3 defendants);
# Jul-Dec 2024 holds none, so every count falls against Jan-Jun 2024
@pytest.mark.parametrize(
    ("page", "query", "direction"),
    [
        ("pages/overview.py", {"from": "2024-01-01", "to": "2024-03-31"}, "+"),
        ("pages/overview.py", {"from": "2024-07-01", "to": "2024-12-31"}, "-"),
        ("pages/monthly.py", {"month": "2024-03"}, None),
    ],
)
def test_a_rise_in_litigation_shows_as_bad_news(
    app_db: str,  # noqa: F811 - the fixture
    page: str,
    query: dict[str, str],
    direction: str | None,
) -> None:
    shown = colours(page, **query)
    assert shown, "no KPI change shown"
    for label, delta, colour in shown:
        rise = not delta.lstrip().startswith("-")
        assert colour == (RED if rise else GREEN), (label, delta, colour)
    if direction is not None:
        assert any(delta.lstrip().startswith("-") == (direction == "-") for _, delta, _ in shown), shown


def test_the_brief_colours_a_rise_as_bad_news() -> None:
    assert pdf._change_colour(0.5, 3, 2) == pdf.UP == (192, 57, 43)
    assert pdf._change_colour(-0.5, 1, 2) == pdf.DOWN
    assert html._change_class(0.5, 3, 2) == "up" and html._change_class(-0.5, 1, 2) == "down"
    assert "--up:#c0392b" in html.STYLE and "--down:#2e8b57" in html.STYLE
    assert report.format_change(0.5) != ""
