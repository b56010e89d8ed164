"""AppTest: every page runs on the tiny fixture, filters change the KPIs, the URL round-trips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from casewatch import herding
from casewatch.db import Database
from tests.support.apptest import PAGES, errors, open_page, rerun


@pytest.fixture
def app_db(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    path = tiny_db.path
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def metric_values(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_runs(app_db: str, page: str, lang: str) -> None:
    at = open_page(page, lang=lang, **{"from": "2024-01-01", "to": "2024-03-31"})
    assert not errors(at)
    assert at.title, "every page has a title"


def test_overview_kpis_follow_the_filters(app_db: str) -> None:
    at = open_page(**{"from": "2024-01-01", "to": "2024-03-31"})
    assert not errors(at)
    # cases, defendant instances, members affected, frozen USD, default share (tests/queries/test_overview.py)
    assert metric_values(at) == ["4", "6", "3", "$2,100", "40.0%"]
    at.multiselect(key="flt_city").set_value(["440300"])
    rerun(at)
    # Shenzhen: s1 dj, s5 pending, s6 settled -> 1 default of 2 decided
    assert metric_values(at) == ["3", "3", "1", "$1,400", "50.0%"]
    assert at.query_params["city"] == "440300"
    at.toggle(key="flt_members").set_value(True)
    rerun(at)
    assert at.query_params["members"] == "1"


def test_link_with_filters_gives_same_kpis_as_widgets(app_db: str) -> None:
    by_hand = open_page(**{"from": "2024-01-01", "to": "2024-03-31"})
    by_hand.multiselect(key="flt_platform").set_value(["amazon"])
    rerun(by_hand)
    by_link = open_page(**{"from": "2024-01-01", "to": "2024-03-31", "platform": "amazon"})
    # amazon: s1 dj, s4 dismissed, s5 pending -> 1 default of 2 decided
    assert metric_values(by_link) == metric_values(by_hand) == ["2", "3", "2", "$1,300", "50.0%"]


def test_bad_link_values_fall_back_with_notice(app_db: str) -> None:
    at = open_page(**{"from": "yesterday", "city": "999999,440300", "members": "maybe", "lang": "xx"})
    assert not errors(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "from=yesterday" in warnings and "city=999999" in warnings and "members=maybe" in warnings
    assert at.multiselect(key="flt_city").value == ["440300"]


def test_language_from_link(app_db: str) -> None:
    # switching by clicking is covered in tests/browser/test_overview.py: AppTest loses a
    # segmented control's value after dashboard.py's first-load rerun
    assert open_page().title[0].value == "总览"
    english = open_page(lang="en")
    assert english.title[0].value == "Overview"
    assert english.metric[0].label == "Cases filed"


@pytest.mark.parametrize(
    ("path", "query", "target"),
    [
        ("users.py", b"lang=en", "../users?lang=en"),
        ("my_cases", b"", "../my_cases"),
        ("nothing.py", b"", "../"),
        ("__init__.py", b"", "../"),
    ],
)
def test_a_page_file_path_leads_to_the_page(path: str, query: bytes, target: str) -> None:
    """/pages/users.py (as the repository names the file) drew a blank page: app.py redirects it."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from starlette.requests import Request

    from casewatch.ui import routes

    scope = {"type": "http", "method": "GET", "path": f"/pages/{path}", "query_string": query, "headers": []}
    request = Request({**scope, "path_params": {"name": path}})
    # a thread of its own: the browser tests' Playwright may hold this thread's event loop
    with ThreadPoolExecutor(1) as thread:
        answer = thread.submit(asyncio.run, routes.page_file(request)).result()
    assert (answer.status_code, answer.headers["location"]) == (302, target)


def test_a_charts_table_is_drawn_when_its_expander_is_opened(app_db: str) -> None:
    # the overview's monthly trend, Q1 2024 (tests/queries/test_overview.py): January 1 case with
    # 3 defendants, February 2 cases with 3, March 1 case and none listed
    at = open_page(**{"from": "2024-01-01", "to": "2024-03-31"})
    assert not errors(at) and len(at.get("plotly_chart")) == 4
    assert not at.dataframe  # four charts, no table sent
    at.session_state["table_overview_monthly"] = True  # what opening its expander sets
    rerun(at)
    (table,) = [frame.value for frame in at.dataframe]
    assert table.iloc[:, 1:3].to_numpy().tolist() == [[1, 3], [2, 3], [1, 0]]


def first_screen(monkeypatch: pytest.MonkeyPatch, **query: str) -> AppTest:
    """The overview's first run in a fresh session (its first screen), the link's ``query`` given.
    The component that asks for the next run needs a browser (AppTest has none): left out here;
    a test moves the session on as the component would."""
    from casewatch.ui import first_paint

    monkeypatch.setattr(first_paint, "ask_for_next_stage", lambda screen: None)
    return open_page(stage=first_paint.FIRST_SCREEN, **query)


def test_a_fresh_sessions_page_comes_in_stages_and_builds_only_the_figures_it_draws(
    app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first run of a session draws the KPIs and a placeholder per chart, and no filter widget;
    # the next the page's first chart (the monthly trend), the filters still waiting; the third
    # the whole page. A figure is asked of the figure store (built or reused) only when drawn.
    from casewatch.charts.cache import STORE
    from casewatch.ui import first_paint

    linked = {"from": "2024-01-01", "to": "2024-03-31", "city": "440300"}
    asked = STORE.hits + STORE.misses
    at = first_screen(monkeypatch, **linked)
    assert not errors(at) and len(at.metric) == 5 and not at.get("plotly_chart") and not at.multiselect
    assert STORE.hits + STORE.misses == asked
    kpis = [m.value for m in at.metric]
    for stage, charts, figures, widgets in ((first_paint.LEAD_CHART, 1, 1, 0), (first_paint.WHOLE, 4, 5, 8)):
        at.session_state[first_paint.STAGE] = stage  # what the component sets once a run is painted
        rerun(at)
        assert not errors(at) and len(at.get("plotly_chart")) == charts, stage
        assert STORE.hits + STORE.misses == asked + figures, stage
        assert len(at.multiselect) == widgets, stage
        # every run drew the link's filters: Shenzhen in Q1 2024, widgets or not
        assert [m.value for m in at.metric] == kpis, stage
    assert at.multiselect(key="flt_city").value == ["440300"]
    # the same as a session drawn whole from its first run, and Shenzhen's own (not the whole Q1's)
    assert kpis == [m.value for m in open_page(**linked).metric]
    assert kpis != [m.value for m in open_page(**{**linked, "city": ""}).metric]
    monthly = at.get("plotly_chart")[0].proto.spec
    assert "2024-01" in monthly and "2024-04" not in monthly  # the trend is the first chart, Q1 only


def test_a_fresh_sessions_first_screen_keeps_the_links_language_and_draws_its_switch_next(
    app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the first screen leaves the language switch out (its frontend module was fetched before the
    # figures', casewatch.ui.first_paint), in the link's language; the next run draws the switch
    # with that value, and the switch works
    from casewatch.ui import first_paint

    at = first_screen(monkeypatch, lang="en")
    assert not errors(at) and at.title[0].value == "Overview" and at.metric[0].label == "Cases filed"
    assert "lang" not in [control.key for control in at.segmented_control]
    at.session_state[first_paint.STAGE] = first_paint.WHOLE  # what the component sets once painted
    rerun(at)
    assert at.segmented_control(key="lang").value == "en" and at.title[0].value == "Overview"
    at.segmented_control(key="lang").set_value("zh")
    rerun(at)
    assert not errors(at) and at.title[0].value == "总览" and at.metric[0].label == "新立案件"


def test_the_herding_page_says_when_its_waves_were_found_by_an_earlier_method(app_db: str) -> None:
    # the same data version, but the run stored without a method (before METHOD existed): the page
    # says so, and does not call the data newer than the results
    with Database(app_db) as db:
        run = herding.refresh(db).run_id
        with db.write() as con:
            con.execute("UPDATE herding_runs SET settings = '{}' WHERE run_id = ?", [run])
    for lang, text in (("en", "found by an earlier version of the method"), ("zh", "由旧版识别方法得出")):
        at = open_page("pages/herding.py", lang=lang)
        assert not errors(at)
        notices = " ".join(w.value for w in at.warning)
        assert text in notices and "version" not in notices.replace("earlier version", ""), notices


def test_the_herding_page_says_how_a_wave_is_found(app_db: str) -> None:
    # the detector's settings (casewatch.herding.Settings) in the caption above the wave list
    with Database(app_db) as db:
        herding.refresh(db)
    for lang, start, parts in (
        ("en", "How a wave is found", ("1-3 months, at least 8", "at most 1% of", "(0.1% among newcomers",
                                        "first month with 5 or more", "(at most 2 in 2 years)",
                                        "in one city; past a newcomer's first 4 months, 8 in the city itself)",
                                        "fewer than 8 in 2 years",
                                        "its months so far, with 6 months at new plaintiffs' pace added)",
                                        "fewer than 8 in 12 months where the chance of so many is also under 0.3%",
                                        "city by city (against the city's share of sellers of its sectors",
                                        "0.1% for law firms, whose members are their new clients'",
                                        "and are tested city by city and by their largest case, not in total",
                                        "fewer than 8 in 2 years, judged by size below, weighs 10% of the others, "
                                        "and one with fewer than 8 in 12 months 50%",
                                        "past a newcomer's first 4 months and within its first 12 months, ",
                                        "before any wave of its own, 8 or more in ",
                                        "one city since its first month, spread over its months (none holding half",
                                        "where so many of its sellers in that city has a chance under 0.01%")),
        ("zh", "识别方法", ("1–3个月", "至少8名", "至多1%", "新原告为0.1%", "首月起诉5名", "2年内不超过2名",
                            "首4个月内", "其中75%在同一城市", "新原告首4个月后须同一城市本身达8名", "2年内不足8名",
                            "自身节奏（新原告按其已有月份，另加6个月的新原告节奏）",
                            "12个月内不足8名者同样适用，但须其概率还低于0.3%", "对照该城市在其行业卖家中的占比",
                            "律所为0.1%，其会员来自新客户，只逐城市及按最大单案检验，不按总数",
                            "自身节奏2年内不足8名者另按下述规模规则认定，权重为其他的10%，12个月内不足8名者为50%",
                            "新原告首4个月后、首12个月内尚无起诉潮时，自首月起在同一城市累计起诉8名及以上且分散于各月（无一月占半数）",
                            "其卖家如此集中于该城市的概率低于0.01%")),
    ):  # fmt: skip
        at = open_page("pages/herding.py", lang=lang)
        assert not errors(at)
        (method,) = [c.value for c in at.caption if c.value.startswith(start)]
        assert all(part in method for part in parts), method
