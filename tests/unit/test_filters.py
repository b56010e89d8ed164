"""casewatch.filters: month arithmetic, the default view, the bound parameters, the previous
period, the caption, and the round trip through the URL query string (Filters.from_query never
raises: bad values fall back to the default and come back as notices). Dates worked out by hand."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as some

from casewatch.filters import (
    EARLIEST,
    LIST_FIELDS,
    MAX_TEXT,
    MAX_VALUES,
    Filters,
    Vocabulary,
    add_months,
    last_full_month_end,
    month_end,
)
from tests.support.hostile import URL_NAMES, values

TODAY = dt.date(2026, 11, 27)
Q1 = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31))
VOCABULARY = Vocabulary.from_rows(
    [
        ("city", "440300", "深圳", "Shenzhen"),
        ("city", "440100", "广州", "Guangzhou"),
        ("sector", "S01", "服装", "Apparel"),
        ("ip_type", "trademark", "商标", "Trademark"),
        ("case_kind", "schedule_a", "附表A", "Schedule A"),
        ("platform", "amazon", "亚马逊", "Amazon"),
        ("court", "ilnd", "伊利诺伊北区", "N.D. Ill."),
    ]
)
filter_values = some.one_of(values, some.lists(values, max_size=3))


def test_add_months_gives_the_first_day_of_the_month() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 1)
    assert add_months(dt.date(2024, 1, 15), -1) == dt.date(2023, 12, 1)
    # 2024-11 + 14 months = 2026-01
    assert add_months(dt.date(2024, 11, 1), 14) == dt.date(2026, 1, 1)
    assert add_months(dt.date(2024, 3, 9), 0) == dt.date(2024, 3, 1)


def test_month_end_knows_leap_years() -> None:
    assert month_end(dt.date(2024, 2, 10)) == dt.date(2024, 2, 29)
    assert month_end(dt.date(2023, 2, 1)) == dt.date(2023, 2, 28)
    assert month_end(dt.date(2024, 12, 5)) == dt.date(2024, 12, 31)
    assert last_full_month_end(TODAY) == dt.date(2026, 10, 31)
    assert last_full_month_end(dt.date(2025, 1, 1)) == dt.date(2024, 12, 31)


def test_default_is_the_last_twelve_full_months() -> None:
    # 2025-11 .. 2026-10 for a day in November 2026
    assert Filters.default(TODAY) == Filters(date_from=dt.date(2025, 11, 1), date_to=dt.date(2026, 10, 31))


def test_params_name_every_filter_as_lists() -> None:
    chosen = Q1.with_values(cities=("440300",), brands=("Alpha", "Beta"), members_only=True)
    assert chosen.params() == {
        "date_from": dt.date(2024, 1, 1),
        "date_to": dt.date(2024, 3, 31),
        "cities": ["440300"],
        "sectors": [],
        "platforms": [],
        "ips": [],
        "kinds": [],
        "courts": [],
        "brands": ["Alpha", "Beta"],
        "firms": [],
        "members_only": True,
    }


def test_previous_period_is_as_long_and_ends_the_day_before() -> None:
    # Q1 2024 is 91 days (31 + 29 + 31); the 91 days before 2024-01-01 start on 2023-10-02
    assert Q1.previous_period() == Filters(date_from=dt.date(2023, 10, 2), date_to=dt.date(2023, 12, 31))
    # 2023 is 365 days: the year before is 2022 exactly
    year = Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    assert (year.previous_period().date_from, year.previous_period().date_to) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
    )
    # one day: the day before (a leap day here); the other filters stay
    day = Filters(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 1), cities=("440300",), members_only=True)
    assert day.previous_period() == day.with_values(date_from=dt.date(2024, 2, 29), date_to=dt.date(2024, 2, 29))


def test_to_query_writes_only_what_differs_from_the_default() -> None:
    assert Filters.default(TODAY).to_query(TODAY) == {}
    chosen = Q1.with_values(cities=("440300", "440100"), members_only=True)
    assert chosen.to_query(TODAY) == {"from": "2024-01-01", "to": "2024-03-31", "city": "440300,440100", "members": "1"}
    assert Filters.from_query(chosen.to_query(TODAY), TODAY, VOCABULARY) == (chosen, [])


def test_from_query_notices_each_bad_value_and_keeps_the_rest() -> None:
    filters, notices = Filters.from_query(
        {"from": "2024-02-30", "city": "440300, 440300 ,999999", "members": "yes"}, TODAY, VOCABULARY
    )
    assert filters == Filters.default(TODAY).with_values(cities=("440300",))
    assert notices == [("from", "2024-02-30"), ("city", "999999"), ("members", "yes")]
    # a period running backwards: both ends fall back to the default
    filters, notices = Filters.from_query({"from": "2024-05-01", "to": "2024-04-01"}, TODAY, VOCABULARY)
    assert filters == Filters.default(TODAY) and notices == [("from", "2024-05-01>2024-04-01")]
    # before 2000-01-01 or more than 366 days after today (2027-11-28)
    filters, notices = Filters.from_query({"from": "1999-12-31", "to": "2027-11-29"}, TODAY, VOCABULARY)
    assert filters == Filters.default(TODAY) and notices == [("from", "1999-12-31"), ("to", "2027-11-29")]
    # a repeated name: the last value counts
    filters, notices = Filters.from_query({"to": ["2024-01-31", "2026-02-28"]}, TODAY, VOCABULARY)
    assert filters.date_to == dt.date(2026, 2, 28) and notices == []


def test_filter_caption_punctuation_follows_the_language() -> None:
    """English lists values with commas, Chinese with 、 and a full-width colon (found in review:
    "City: Shenzhen、Guangzhou" in English)."""
    vocabulary = Vocabulary.from_rows(
        [
            ("city", "440300", "深圳", "Shenzhen"),
            ("city", "440100", "广州", "Guangzhou"),
            ("ip_type", "trademark", "商标", "Trademark"),
        ]
    )
    chosen = Filters(
        date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31), cities=("440300", "440100"), ips=("trademark",)
    )
    assert (
        chosen.caption("en", vocabulary)
        == "Filed 2024-01-01 to 2024-03-31; City: Shenzhen, Guangzhou; IP type: Trademark"
    )
    assert chosen.caption("zh", vocabulary) == "立案日期 2024-01-01 至 2024-03-31；城市：深圳、广州；权利类型：商标"


@settings(max_examples=200, deadline=None, database=None)
@given(query=some.dictionaries(some.sampled_from(URL_NAMES), filter_values, max_size=10))
def test_from_query_always_gives_valid_filters(query: dict[str, str | list[str]]) -> None:
    filters, notices = Filters.from_query(query, TODAY, VOCABULARY)
    assert EARLIEST <= filters.date_from <= filters.date_to <= TODAY + dt.timedelta(days=366)
    for name, (attr, domain) in LIST_FIELDS.items():
        chosen = getattr(filters, attr)
        assert len(chosen) <= MAX_VALUES and len(set(chosen)) == len(chosen)
        for value in chosen:
            assert value and value == value.strip() and "," not in value and len(value) <= MAX_TEXT
            if domain is not None:
                assert VOCABULARY.known(domain, value), (name, value)
    for name, value in notices:
        assert name in URL_NAMES and (len(value) <= 40 or value.count(">") == 1)
    # what survives round-trips through the URL unchanged
    again, none = Filters.from_query(filters.to_query(TODAY), TODAY, VOCABULARY)
    assert again == filters and none == []


def test_from_query_ignores_unknown_names_silently() -> None:
    filters, notices = Filters.from_query({"utm_source": "x", "'; DROP": "1"}, TODAY, VOCABULARY)
    assert filters == Filters.default(TODAY) and notices == []
