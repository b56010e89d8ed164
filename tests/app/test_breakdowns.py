"""AppTest for the breakdown pages on the tiny fixture (Q1 2024; answers in tests/queries/test_breakdowns.py):
each page draws its charts in zh and en, switches work, and clicking a chart element sets the
matching global filter and the URL; page choices (?measure=, ?party= ...) are links too.
Interactions run in Chinese: under AppTest a ?lang= link only seeds the first run."""

from __future__ import annotations

import base64
import json
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import app_db  # noqa: F401 - the fixture: tiny database, caches cleared
from tests.support.apptest import errors, open_page, rerun

Q1 = {"from": "2024-01-01", "to": "2024-03-31"}
PAGES = {
    "pages/regions.py": ("地区分布", "Regions", 2),  # map, bars of the unknown location
    "pages/sectors.py": ("行业分布", "Sectors", 4),  # treemap, heat map, brands, small multiples
    "pages/trends.py": ("趋势", "Trends", 3),  # monthly, stacked, newcomers
    "pages/parties.py": ("原告、品牌与律所", "Plaintiffs, brands and law firms", 1),  # leaderboard
    "pages/lifecycle.py": ("案件进程", "Case lifecycle", 2),  # Kaplan-Meier, cumulative incidence
}


def figures(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def values(data: object) -> list[Any]:
    """A trace array from the figure JSON; plotly ships numeric arrays as base64 typed arrays."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data)  # type: ignore[call-overload]


def click(at: AppTest, chart_key: str, **point: object) -> AppTest:
    """What the browser sends when a chart element is clicked, then the rerun it causes."""
    at.session_state[f"chart_{chart_key}"] = {
        "selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}
    }
    return rerun(at)


def medians_table(at: AppTest) -> Any:
    """The lifecycle page's grid of median days (group x milestone)."""
    return next(frame.value for frame in at.dataframe if "tro" in frame.value.columns)


def texts(at: AppTest) -> str:
    kinds = ("header", "subheader", "caption", "info", "markdown")
    return " ".join(str(element.value) for kind in kinds for element in at.get(kind))


@pytest.mark.parametrize(("page", "lang"), [*((page, "zh") for page in PAGES), ("pages/regions.py", "en")])
def test_page_draws_its_charts(app_db: str, page: str, lang: str) -> None:  # noqa: F811
    at = open_page(page, lang=lang, **Q1)
    assert not errors(at)
    zh, en, charts = PAGES[page]
    assert at.title[0].value == (zh if lang == "zh" else en)
    assert len(at.get("plotly_chart")) == charts
    # every chart comes with a CSV download (tests/app/test_pages.py runs every page in both languages)
    assert len(at.get("download_button")) >= charts


def test_regions_map_measures_and_city_click(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/regions.py", **Q1)
    regional, elsewhere = figures(at)
    shapes = next(trace for trace in regional["data"] if trace["type"] == "choropleth")
    assert len(shapes["locations"]) == 21 and len(regional["data"][1]["geojson"]["features"]) == 21
    # Shenzhen has 3 defendant instances in Q1; the unknown location of s3 is a bar of its own
    assert dict(zip(shapes["locations"], values(shapes["z"]), strict=True))["440300"] == 3
    assert values(elsewhere["data"][0]["customdata"]) == ["000000"]

    at.segmented_control(key="measure").set_value("location_quotient")
    rerun(at)
    shapes = next(trace for trace in figures(at)[0]["data"] if trace["type"] == "choropleth")
    quotients = dict(zip(shapes["locations"], values(shapes["z"]), strict=True))
    assert quotients["440300"] == pytest.approx(2 / 3) and quotients["440100"] == pytest.approx(4 / 3)
    assert at.query_params["measure"] == "location_quotient"  # the view is a link

    click(at, "regions_map", customdata="440300", location="440300")
    assert not errors(at)
    assert at.multiselect(key="flt_city").value == ["440300"]
    assert at.query_params["city"] == "440300"
    assert "深圳" in texts(at)  # the drill-down: districts and monthly trend of Shenzhen
    assert len(at.get("plotly_chart")) == 3  # map, districts, monthly (no unknown location in Shenzhen)
    districts = figures(at)[1]
    assert "龙岗区" in values(districts["data"][0]["y"])


def test_regions_click_applies_once(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/regions.py", **Q1)
    click(at, "regions_elsewhere", customdata="000000")
    assert at.multiselect(key="flt_city").value == ["000000"]
    # the user clears the filter in the sidebar: the chart's stale selection must not bring it back
    at.multiselect(key="flt_city").set_value([])
    rerun(at)
    assert at.multiselect(key="flt_city").value == []
    assert "city" not in at.query_params


def test_sectors_treemap_click_filters_to_subsector(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/sectors.py", **Q1)
    treemap = figures(at)[0]["data"][0]
    assert set(treemap["ids"]) == {"S02", "S01", "S02/S0201", "S01/S0101"}
    click(at, "sectors_treemap", id="S02/S0201", parent="S02", label="毛绒玩具")
    assert at.multiselect(key="flt_sector").value == ["S0201"]
    assert at.query_params["sector"] == "S0201"
    # Alpha is the only brand in plush toys; a click on its bar filters by brand
    click(at, "sectors_brands", customdata="Alpha")
    assert at.multiselect(key="flt_brand").value == ["Alpha"]


def test_trends_stack_switch_and_click(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/trends.py", **Q1)
    stacked = figures(at)[1]
    assert [values(trace["customdata"])[0] for trace in stacked["data"]] == ["ilnd", "flsd"]
    click(at, "trends_stacked_court", customdata="flsd")
    assert at.multiselect(key="flt_court").value == ["flsd"]
    at.segmented_control(key="stack").set_value("platform")
    rerun(at)
    assert not errors(at)
    assert at.query_params["stack"] == "platform"
    codes = [values(trace["customdata"])[0] for trace in figures(at)[1]["data"]]
    assert codes == ["ebay"]  # the court filter set by the click keeps only C3's eBay store


def test_parties_leaderboard_click_opens_dossier(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/parties.py", **Q1)
    board = figures(at)[0]["data"][0]
    assert values(board["customdata"]) == ["Beta", "Alpha"]  # drawn bottom-up: Alpha (4) on top
    click(at, "parties_board_brand", customdata="Alpha")
    assert not errors(at)
    assert at.multiselect(key="flt_brand").value == ["Alpha"]
    assert at.header[0].value == "品牌档案：Alpha"
    # Alpha in Q1: C1 and C3, 4 defendants, members M1 M3, frozen 1000+500+200+100, 2 of 4 defaults
    assert [m.value for m in at.metric] == ["2", "4", "2", "$1,800", "50.0%"]


def test_parties_firm_dossier(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/parties.py", **Q1)
    at.segmented_control(key="by").set_value("law_firm")
    rerun(at)
    at.selectbox(key="party").set_value("Firm B")
    rerun(at)
    assert not errors(at)
    assert at.header[0].value == "律所档案：Firm B"
    # Firm B in Q1: C2 (2 defendants) and C5 (none): members M2 and M1
    assert [m.value for m in at.metric][:3] == ["2", "2", "2"]
    members = figures(at)[-1]["data"][0]
    assert sorted(values(members["y"])) == ["广州市丙丁服饰有限公司", "深圳市甲乙电子商务有限公司"]


def test_lifecycle_switches_and_medians(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/lifecycle.py", **Q1)
    km = figures(at)[0]
    line = next(trace for trace in km["data"] if trace.get("name") == "全部案件")
    # reached by day: 1/4 at day 10, 1/2 at day 12 (tests/queries/test_breakdowns.py)
    assert values(line["y"])[1:3] == pytest.approx([0.25, 0.5])
    medians = medians_table(at)
    assert medians.loc["全部案件", "tro"] == 12
    at.segmented_control(key="split").set_value("court")
    rerun(at)
    names = {trace.get("name") for trace in figures(at)[0]["data"]}
    assert {"美国伊利诺伊州北区联邦地区法院", "美国佛罗里达州南区联邦地区法院"} <= names
    at.segmented_control(key="milestone").set_value("closed")
    rerun(at)
    assert not errors(at)
    assert medians_table(at).loc["美国伊利诺伊州北区联邦地区法院", "closed"] == 112  # C1 closed after 112 days
    assert (at.query_params["split"], at.query_params["milestone"]) == ("court", "closed")


def test_links_with_bad_page_values_fall_back(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/lifecycle.py", milestone="appeal", split="docket_number", **Q1)
    assert not errors(at)
    assert at.segmented_control(key="milestone").value == "tro"
    assert at.segmented_control(key="split").value == "none"
    assert "milestone" not in at.query_params and "split" not in at.query_params
