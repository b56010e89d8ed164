"""Pure chart builders of the breakdown pages, without Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from casewatch import geo, lifecycle
from casewatch.charts import breakdowns as cb


def cities() -> pd.DataFrame:
    collection = geo.guangdong_cities()
    codes = [feature["id"] for feature in collection["features"]]
    return pd.DataFrame(
        {
            "city_code": codes,
            "name": [f"c{i}" for i in range(len(codes))],
            "lat": [23.0] * len(codes),
            "lon": [113.0] * len(codes),
            "defendant_instances": range(len(codes)),
            "location_quotient": [1.0] * len(codes),
        }
    )


def test_choropleth_draws_offline_and_carries_codes() -> None:
    frame = cities()
    fig = cb.choropleth(frame, geo.guangdong_cities(), value="defendant_instances", lang="zh", title="t",
                        selected=("440300",))
    # a lat/lon trace first, so plotly.js does not fetch its world topojson from cdn.plot.ly
    assert [trace.type for trace in fig.data] == ["scattergeo", "choropleth"]
    shapes = fig.data[1]
    assert len(shapes.locations) == 21 and list(shapes.customdata) == list(frame["city_code"])
    assert fig.layout.geo.fitbounds == "locations" and fig.layout.geo.visible is False
    assert "mapbox" not in fig.to_plotly_json()["layout"]
    widths = dict(zip(shapes.locations, shapes.marker.line.width, strict=True))
    assert widths["440300"] == 3 and widths["440100"] < 3
    quotient = cb.choropleth(frame, geo.guangdong_cities(), value="location_quotient", lang="en", title="t")
    assert quotient.data[1].zmid == 1.0  # diverging around "as expected by size"


def test_clicked_reads_selection_events() -> None:
    event = {"selection": {"points": [{"customdata": ["440300", 5], "location": "440300"}]}}
    assert cb.clicked(event) == "440300"
    assert cb.clicked(event, "location") == "440300"
    assert cb.clicked({"selection": {"points": []}}) is None
    assert cb.clicked(None) is None
    assert cb.treemap_code("S02/S0201") == "S0201" and cb.treemap_code("S02") == "S02"
    assert cb.treemap_code("?/?") is None and cb.treemap_code(None) is None


def test_display_and_group_names() -> None:
    frame = pd.DataFrame({"code": ["a", "", "_other", "b"], "name_zh": ["甲", None, None, None],
                          "name_en": ["A", None, None, "B"]})
    assert cb.display_names(frame, "code", "zh")["name"].tolist() == ["甲", "未知", "其他", "B"]
    assert cb.display_names(frame, "code", "en")["name"].tolist() == ["A", "Unknown", "Other", "B"]
    names = cb.group_names(["", "ilnd", "_other"], "en", str.upper, everything="All")
    assert names == {"": "All", "ilnd": "ILND", "_other": "Other"}


def test_km_and_incidence_charts() -> None:
    counts = pd.DataFrame({"grp": ["", "", ""], "days": [5, 10, 20], "events": [1, 1, 0], "censored": [0, 0, 2]})
    curves = lifecycle.kaplan_meier_groups(counts, ["grp"]).rename(columns={"grp": "group"}).assign(name="all")
    fig = cb.km_curves(curves, lang="en", title="t")
    assert len(fig.data) == 3  # band top, band bottom (filled), the step line
    assert fig.data[2].line.shape == "hv" and list(fig.data[2].y)[:3] == pytest.approx([0, 0.25, 0.5])
    cif = lifecycle.cumulative_incidence(pd.DataFrame({"days": [3, 9], "cause": ["settled", None], "matters": [1, 1]}))
    areas = cb.incidence_areas(cif, lang="zh", title="t", causes=lifecycle.CAUSES)
    assert [trace.name for trace in areas.data] == ["缺席判决", "和解", "撤诉/驳回", "胜诉", "未决"]
    assert {trace.stackgroup for trace in areas.data} == {"outcomes"}
