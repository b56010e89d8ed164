"""Deadlines counted by FRCP 6(a)(1) on known dates, in Python and in SQL (table court_days and
macro frcp_due), which must agree. Days of the week were read off a calendar by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from casewatch import deadlines
from casewatch.db import Database
from casewatch.ingest import import_files

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


# A court's state's holidays (FRCP 6(a)(6)(C)); the days of the week read off a calendar by hand.
STATE_CASES = [
    # N.D. Illinois: a TRO entered Thursday 2026-01-29 ends Thursday 02-12, Lincoln's Birthday (an
    # Illinois holiday) -> Friday 02-13; federally it stays on the 12th
    (D(2026, 1, 29), 14, "IL", D(2026, 2, 13)),
    (D(2026, 1, 29), 14, None, D(2026, 2, 12)),
    # 21 days after Saturday 2026-02-07 = Saturday 02-28 -> Monday 03-02, Casimir Pulaski Day ->
    # Tuesday 03-03 in Illinois, Monday federally
    (D(2026, 2, 7), 21, "IL", D(2026, 3, 3)),
    (D(2026, 2, 7), 21, None, D(2026, 3, 2)),
    # Illinois' general Election Day, Tuesday 2026-11-03: 14 days after Tuesday 10-20 -> Wednesday 11-04
    (D(2026, 10, 20), 14, "IL", D(2026, 11, 4)),
    # the test above's Thanksgiving TRO (Thursday 2026-11-12 + 14 = Thanksgiving -> Friday 11-27 federally)
    # in Virginia, whose law declares the Friday after Thanksgiving a holiday: -> Monday 11-30; in
    # Pennsylvania, where it is state employees' day off only, Friday 11-27
    (D(2026, 11, 12), 14, "VA", D(2026, 11, 30)),
    (D(2026, 11, 12), 14, "PA", D(2026, 11, 27)),
    # Texas: Christmas Eve (Thursday 2026-12-24) is a state holiday, Christmas a federal one, the Day
    # After Christmas falls on a Saturday: 14 days after Thursday 12-10 -> Monday 12-28
    (D(2026, 12, 10), 14, "TX", D(2026, 12, 28)),
    # an ordinary day stays in a state as federally: Wednesday 2026-03-04 + 14 = Wednesday 03-18
    (D(2026, 3, 4), 14, "IL", D(2026, 3, 18)),
    # a state the calendar does not know counts the federal holidays alone
    (D(2026, 1, 29), 14, "ZZ", D(2026, 2, 12)),
    # days the package lists that the state's law does not declare do not count (found in review):
    # New York's Susan B. Anthony Day, Thursday 2024-02-15 (Florida's law declares it)
    (D(2024, 2, 1), 14, "NY", D(2024, 2, 15)),
    (D(2024, 2, 1), 14, "FL", D(2024, 2, 16)),
    # Texas' optional Cesar Chavez Day, Monday 2025-03-31
    (D(2025, 3, 17), 14, "TX", D(2025, 3, 31)),
    # Michigan's civil-service Christmas Eve, Thursday 2026-12-24
    (D(2026, 12, 10), 14, "MI", D(2026, 12, 24)),
    # a state holiday on a Saturday is not moved by the laws cited (5 ILCS 490/60, N.J.S.A. 36:1-1(b),
    # N.Y. Gen. Constr. Law 24 move a Sunday's to the Monday only): Lincoln's Birthday, Saturday
    # 2028-02-12, which the package observes on Friday 02-11 - a TRO entered Friday 01-28 ends on
    # that Friday, an ordinary court day (found in review: it ran to Monday 02-14, three days late)
    (D(2028, 1, 28), 14, "IL", D(2028, 2, 11)),
    (D(2028, 1, 28), 14, "NJ", D(2028, 2, 11)),
    (D(2028, 1, 28), 14, "NY", D(2028, 2, 11)),
    # on a Sunday it is: Sunday 2023-02-12 -> Monday 02-13 is the holiday; 14 days after Monday 01-30
    # end on it -> Tuesday 02-14 (federally, Monday 02-13)
    (D(2023, 1, 30), 14, "IL", D(2023, 2, 14)),
    (D(2023, 1, 30), 14, "NY", D(2023, 2, 14)),
    (D(2023, 1, 30), 14, None, D(2023, 2, 13)),
    # California's Cesar Chavez Day, Sunday 2030-03-31 -> Monday 04-01 (Cal. Gov. Code 6701): 14 days
    # after Sunday 03-17 end Sunday 03-31 -> Tuesday 04-02
    (D(2030, 3, 17), 14, "CA", D(2030, 4, 2)),
]


@pytest.mark.parametrize(("event_on", "days", "state", "due"), STATE_CASES)
def test_frcp_due_in_a_courts_state(event_on: dt.date, days: int, state: str | None, due: dt.date) -> None:
    assert deadlines.frcp_due(event_on, days, state) == due


def test_sql_counts_states_as_python(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Database(str(tmp_path / "d.duckdb")) as db:
        for event_on, days, state, due in STATE_CASES:
            params = {"on": event_on, "days": days, "state": state}
            got = db.sql("SELECT frcp_due($on, $days, court_state := $state) AS due", params)["due"].iloc[0]
            assert got.date() == due, (event_on, days, state)
        # the courts' states come from data/courts.csv; a forum outside the US district courts has none
        states = db.sql(
            "SELECT court, coalesce(state, '-') AS state FROM courts WHERE court IN ('ilnd', 'txsd', 'usitc')"
        )
        assert dict(states.values.tolist()) == {"ilnd": "IL", "txsd": "TX", "usitc": "-"}
        loaded = db.sql("SELECT DISTINCT state FROM state_court_days ORDER BY 1")["state"].tolist()
        # (Ohio's holidays are the federal ones; Michigan's and Pennsylvania's others are not its
        # law's: no day differs there)
        assert loaded == ["CA", "DE", "FL", "GA", "IL", "NJ", "NV", "NY", "TX", "VA", "WA"]


def test_every_state_holiday_that_counts_is_one_the_package_dates() -> None:
    # a name of data/state_holidays.csv the package no longer gives (renamed in an upgrade) would
    # silently stop counting: each must date at least one day in 2019-2030
    for state, names in deadlines.state_holiday_names().items():
        dated = set(deadlines.state_holidays(state).values())
        assert {n for n in names if not n.endswith("(observed)")} <= dated, state


def test_a_member_of_an_illinois_case_gets_its_deadlines_counted_in_illinois(tiny_db: Database, tmp_path: Path) -> None:
    # a docket of N.D. Illinois filed Monday 2026-01-26, its TRO entered Thursday 01-29: 14 days end
    # Thursday 02-12, Lincoln's Birthday -> Friday 02-13 (the TRO's end and the PI hearing's last
    # day); the answer, 21 days from the TRO's service, Thursday 02-19, an ordinary day
    docket = {
        "court_id": "ilnd",
        "docket_number": "1:26-cv-00811",
        "case_name": 'Acme Corp v. The Partnerships and Unincorporated Associations Identified on Schedule "A"',
        "date_filed": "2026-01-26",
        "date_terminated": None,
        "nature_of_suit": "840 Trademark",
        "parties": [{"name": "Acme Corp", "type": "Plaintiff", "attorneys": []}],
        "docket_entries": [
            {"date_filed": "2026-01-26", "document_number": 1, "description": "COMPLAINT filed by Acme Corp"},
            {"date_filed": "2026-01-29", "description": "ORDER granting motion for temporary restraining order [9]."},
        ],
    }
    (tmp_path / "docket.json").write_text(json.dumps(docket), encoding="utf-8")
    (tmp_path / "schedule_a.csv").write_text(
        "case_id,defendant_no,store_name,platform,seller_id\nilnd:1:26-cv-00811,1,JiaYi Direct,amazon,A1JIAYI0001\n",
        encoding="utf-8",
    )
    for name in ("docket.json", "schedule_a.csv"):
        import_files(tiny_db, [tmp_path / name], today=D(2026, 2, 2))
    got = tiny_db.sql(
        "SELECT member_id, tro_on, tro_expires_on, pi_hearing_by, answer_due_on "
        "FROM member_matters(NULL, 14, 21) WHERE case_id = 'ilnd:1:26-cv-00811'"
    ).values.tolist()
    assert [tuple(row[:1]) + tuple(pd.Timestamp(v).date() for v in row[1:]) for row in got] == [
        ("M1", D(2026, 1, 29), D(2026, 2, 13), D(2026, 2, 13), D(2026, 2, 19))
    ]


def test_a_state_observes_a_saturday_holiday_on_no_friday() -> None:
    # every state observed day that counts is a Monday after a Sunday holiday (the laws of
    # data/state_holidays.csv); the package's Fridays before a Saturday one are left out
    for state in deadlines.state_holiday_names():
        for day, name in deadlines.state_holidays(state).items():
            if name.endswith("(observed)"):
                assert day.weekday() == 0 and (day - dt.timedelta(days=1)).strftime("%m-%d") in {"02-12", "03-31"}
    assert D(2028, 2, 11) not in deadlines.state_holidays("IL") and D(2023, 2, 13) in deadlines.state_holidays("IL")


def test_a_database_loaded_with_the_fridays_gets_its_state_calendar_reloaded(tmp_path: Path) -> None:
    """A database whose state_court_days an older CaseWatch filled counting the package's Friday
    2028-02-11 (Illinois): its reference fingerprint (calendar_version) differs, so the next open
    reloads the table and the deadline ends on the Friday."""
    path = str(tmp_path / "d.duckdb")
    with Database(path) as db, db.write() as con:
        con.execute(
            "INSERT INTO state_court_days VALUES ('IL', DATE '2028-02-11', 'Lincoln''s Birthday (observed)', "
            "DATE '2028-02-14')"
        )
        con.execute("UPDATE meta SET value = 'an older calendar' WHERE key = 'reference_sha'")
    with Database(path) as db:
        due = db.sql("SELECT frcp_due(DATE '2028-01-28', 14, court_state := 'IL') AS due")["due"].iloc[0]
        assert due.date() == D(2028, 2, 11)
        assert db.sql("SELECT count(*) AS n FROM state_court_days WHERE day = DATE '2028-02-11'")["n"].iloc[0] == 0
