"""Deadlines counted by FRCP 6(a)(1) on known dates, in Python and in SQL (table court_days and
macro frcp_due), which must agree. Days of the week were read off a calendar by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from casewatch import deadlines
from casewatch.db import Database

D = dt.date
CASES = [
    # TRO entered Friday 2026-12-11: 14 days end Friday 2026-12-25, Christmas Day -> Monday 12-28
    (D(2026, 12, 11), 14, D(2026, 12, 28)),
    # answer 21 days after Saturday 2026-06-13 = Saturday 07-04 (Independence Day) -> Monday 07-06
    (D(2026, 6, 13), 21, D(2026, 7, 6)),
    # 21 days after Friday 2026-06-12 = Friday 07-03, Independence Day observed -> Monday 07-06
    (D(2026, 6, 12), 21, D(2026, 7, 6)),
    # 2027: July 4 is a Sunday, observed Monday 07-05, so a period ending Sunday 07-04 runs to Tuesday
    (D(2027, 6, 13), 21, D(2027, 7, 6)),
    # TRO entered Thursday 2026-11-12 expires Thursday 11-26, Thanksgiving -> Friday 11-27 (not a
    # federal holiday)
    (D(2026, 11, 12), 14, D(2026, 11, 27)),
    # served Saturday 2026-02-07: 21 days end Saturday 02-28 -> Monday 2026-03-02
    (D(2026, 2, 7), 21, D(2026, 3, 2)),
    # ends on Martin Luther King Jr. Day, Monday 2026-01-19 -> Tuesday 01-20
    (D(2025, 12, 29), 21, D(2026, 1, 20)),
    # ends Friday 2027-01-01, New Year's Day, then a weekend -> Monday 2027-01-04
    (D(2026, 12, 18), 14, D(2027, 1, 4)),
    # an ordinary Wednesday stays: 2026-03-04 + 14 = Wednesday 03-18
    (D(2026, 3, 4), 14, D(2026, 3, 18)),
    # the day of the event is left out and intermediate weekends count: Friday 2026-03-06 + 3 = Monday 03-09
    (D(2026, 3, 6), 3, D(2026, 3, 9)),
    # days declared a holiday by the President (6(a)(6)(B)): TRO entered Wednesday 2025-12-10
    # expires Wednesday 12-24 (declared), 25 Christmas, 26 declared, then a weekend -> Monday 12-29
    (D(2025, 12, 10), 14, D(2025, 12, 29)),
    # 21 days after Tuesday 2024-12-03 = Tuesday 12-24 (declared), 25 Christmas -> Thursday 12-26
    (D(2024, 12, 3), 21, D(2024, 12, 26)),
    # 14 days after Thursday 2024-12-26 = Thursday 2025-01-09, the day of mourning for President
    # Carter -> Friday 01-10
    (D(2024, 12, 26), 14, D(2025, 1, 10)),
    # 24 December 2015 was a half-day closing, not a holiday: Thursday 12-10 + 14 stays on Thursday 12-24
    (D(2015, 12, 10), 14, D(2015, 12, 24)),
    # outside the calendar's years (1980-2100) no holiday is known and only weekends move a last
    # day, in SQL as in Python (found in review: the SQL added the days plainly there):
    # Saturday 2101-01-01 + 14 = Saturday 01-15 -> Monday 01-17
    (D(2101, 1, 1), 14, D(2101, 1, 17)),
    # Sunday 2100-12-19 + 14 = Sunday 2101-01-02 -> Monday 01-03
    (D(2100, 12, 19), 14, D(2101, 1, 3)),
    # Saturday 1979-12-01 + 14 = Saturday 12-15 -> Monday 12-17
    (D(1979, 12, 1), 14, D(1979, 12, 17)),
    # Monday 2101-03-07 + 21 = Monday 03-28 stays
    (D(2101, 3, 7), 21, D(2101, 3, 28)),
]


@pytest.mark.parametrize(("event_on", "days", "due"), CASES)
def test_frcp_due_in_python(event_on: dt.date, days: int, due: dt.date) -> None:
    assert deadlines.frcp_due(event_on, days) == due


def test_sql_counts_as_python(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Database(str(tmp_path / "d.duckdb")) as db:
        for event_on, days, due in CASES:
            got = db.sql("SELECT frcp_due($on, $days) AS due", {"on": event_on, "days": days})["due"].iloc[0]
            assert got.date() == due, (event_on, days)
        holiday = db.sql("SELECT holiday FROM court_days WHERE day = DATE '2026-12-25'")["holiday"].iloc[0]
        assert holiday == "Christmas Day"
        assert db.sql("SELECT frcp_due(NULL, 14) AS due")["due"].isna().all()


def test_holidays_are_the_federal_ones() -> None:
    named = deadlines.federal_holidays()
    assert named[D(2026, 7, 3)] == "Independence Day (observed)"
    assert named[D(2026, 6, 19)] == "Juneteenth National Independence Day"
    assert D(2020, 6, 19) not in named  # Juneteenth is a federal holiday from 2021 on
    assert not deadlines.is_court_day(D(2026, 11, 26)) and deadlines.is_court_day(D(2026, 11, 27))
