"""Text from the data shows as typed in charts too: plotly reads <a href>, <b>, <i> in axis labels,
hovers and legends as markup, so a brand named '<a href=...>x</a>' would be a link in the page."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go

from casewatch import charts
from casewatch.db import Database
from casewatch.facts import bump_data_version
from tests.app.test_pages import app_db  # noqa: F401 - the fixture
from tests.support.apptest import open_page

HOSTILE = '<a href="http://127.0.0.1:1/x">Alpha</a> <b>bold</b> & co'


def test_inert_escapes_shown_text_and_keeps_click_codes() -> None:
    figure = go.Figure(
        go.Bar(x=[3, 1], y=[HOSTILE, "Beta"], customdata=np.array([HOSTILE, "Beta"], dtype=object), name="<i>n</i>")
    )
    shown = charts.inert(figure).data[0]
    assert shown.y == ('&lt;a href="http://127.0.0.1:1/x"&gt;Alpha&lt;/a&gt; &lt;b&gt;bold&lt;/b&gt; &amp; co', "Beta")
    assert shown.name == "&lt;i&gt;n&lt;/i&gt;"
    assert list(shown.customdata) == [HOSTILE, "Beta"]  # only click events read it: the code as stored
    assert figure.data[0].y[0] == HOSTILE  # the builder's figure is left as it was (it may be cached)
    hovered = charts.inert(go.Figure(go.Bar(x=[1], y=[1], customdata=[HOSTILE], hovertemplate="%{customdata}")))
    assert "<a" not in str(hovered.data[0].customdata[0])


def test_a_brand_named_with_tags_is_text_in_the_overview_charts(app_db: str) -> None:  # noqa: F811
    db = Database(app_db)
    with db.write() as con:
        con.execute("UPDATE cases SET brand = $brand, plaintiff = $brand WHERE brand = 'Alpha'", {"brand": HOSTILE})
        bump_data_version(con)  # the fact table the pages read, rebuilt
    db.close()
    at = open_page(**{"from": "2024-01-01", "to": "2024-03-31"})
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert specs
    data = json.dumps([spec["data"] for spec in specs])
    assert "&lt;a href" in data  # the brand is there, as text
    shown = [json.dumps(trace.get(field)) for spec in specs for trace in spec["data"] for field in ("x", "y", "text")]
    assert not [text for text in shown if "<a href" in text or "<b>" in text]
