"""Hostile links: garbage, out-of-range, unknown-code and SQL-looking query-string values at every
page never raise; bad filter values fall back to defaults with a notice."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as some
from streamlit.testing.v1 import AppTest

from casewatch.i18n import t
from casewatch.ui import context
from casewatch.ui.first_paint import STAGE, WHOLE
from casewatch.ui.literal import literal
from tests.support.apptest import PAGES, ROOT, open_page, rerun
from tests.support.databases import served_tiny
from tests.support.hostile import URL_NAMES, values

names = some.one_of(some.sampled_from(URL_NAMES), some.text(min_size=1, max_size=12))
queries = some.dictionaries(names, values, max_size=6)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tiny fixture database, served to every example of this module (its caches too)."""
    with served_tiny(tmp_path_factory.mktemp("hostile")) as path:
        yield path


def case_count(path: str) -> int:
    """Cases in the served database, through the app's own connection (this process holds it)."""
    return int(context.database(path).sql("SELECT count(*) AS n FROM cases").iloc[0]["n"])


def open_with(page: str, query: Mapping[str, str]) -> AppTest:
    """tests.support.apptest.open_page for a query given as a mapping: its names may be anything, even
    "page", which open_page's own parameter would swallow."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["casewatch_start_page"] = page
    at.session_state[STAGE] = WHOLE  # no browser timer in AppTest: charts in the first run
    for name, value in query.items():
        at.query_params[name] = value
    return rerun(at)


def check_page(page: str, query: Mapping[str, str]) -> None:
    at = open_with(page, query)
    assert not at.exception, (page, dict(query), [e.value for e in at.exception])
    assert at.title, (page, dict(query), "the page drew nothing")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_sql_looking_values(hostile_db: str, page: str) -> None:
    sql = ["' OR '1'='1", "1; DROP TABLE cases; --", "') UNION SELECT * FROM users --"]
    query = {name: sql[i % len(sql)] for i, name in enumerate(URL_NAMES)}
    check_page(page, query)
    assert case_count(hostile_db) == 5


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_out_of_range_values(hostile_db: str, page: str) -> None:
    far = ["9999-12-31", "-1", "9" * 400, "0001-01-01"]
    query = {name: far[i % len(far)] for i, name in enumerate(URL_NAMES)}
    check_page(page, query)


@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(page=some.sampled_from(PAGES), query=queries)
def test_random_query_strings_never_raise(hostile_db: str, page: str, query: dict[str, str]) -> None:
    check_page(page, query)


def test_bad_filter_values_come_back_as_notices(hostile_db: str) -> None:
    at = open_page(
        "pages/overview.py",
        lang="en",
        **{"from": "2024-02-30", "city": "440300,' OR 1=1 --", "ip": "trademark,$ips", "members": "2"},
    )
    warnings = " ".join(w.value for w in at.warning)
    for name, value in (("from", "2024-02-30"), ("city", "' OR 1=1 --"), ("ip", "$ips"), ("members", "2")):
        # the value escaped for the warning's markdown (tests/app/test_markdown_text.py: shown as typed)
        assert t("filters.notice_bad_value", "en", name=name, value=literal(value)) in warnings
    assert at.multiselect(key="flt_city").value == ["440300"]
    assert at.multiselect(key="flt_ip").value == ["trademark"]


def test_search_and_sort_text_is_never_sql(hostile_db: str) -> None:
    check_page("pages/cases.py", {"q": "'; DELETE FROM cases; --", "sort": "case_id; DROP TABLE cases"})
    check_page("pages/cases.py", {"case": "' OR '1'='1"})
    assert case_count(hostile_db) == 5
