"""Deadlines counted as Federal Rule of Civil Procedure 6(a)(1) counts them.

Leave out the day of the event, count every day (intermediate Saturdays, Sundays and holidays
included), and when the last day is a Saturday, Sunday or legal holiday the period runs to the
end of the next day that is none of these. Legal holidays are the US federal ones (Rule 6(a)(6)(A)),
as the maintained ``holidays`` package lists them, observed days included (Independence Day on a
Saturday is observed on the Friday before), and the days declared a holiday by the President
(6(a)(6)(B)): the package's "government" category (Christmas Eve 2024 and 2025, the day after
Christmas 2025, days of mourning such as 9 January 2025), less the half-day closings it lists
there too (24 December 2015: the afternoon only, not a day declared a holiday). A day declared
after the package's release counts once the package lists it (its version is part of the calendar's
fingerprint). Given the court's state (table ``courts``, column ``state``), the days that state
declares a holiday count too (6(a)(6)(C), for periods counted in days, as these are): the package's
holidays of the state that are not federal ones and that the state's law declares (the names of
data/state_holidays.csv, each with its law; Illinois: Lincoln's Birthday, Casimir Pulaski Day,
the general Election Day). A state holiday's "(observed)" day counts on a Monday only: each law
the file cites moves a holiday falling on a Sunday to the Monday after (5 ILCS 490/60, N.J.S.A.
36:1-1(b), N.Y. Gen. Constr. Law 24, Cal. Gov. Code 6701), none of them clearly one falling on a
Saturday to the Friday before, as the package dates it (Lincoln's Birthday, Saturday 12 February
2028: the package's Friday the 11th is an ordinary court day there).

These are the Federal Rules' deadlines, so they are counted for a US federal district court only
(table ``courts``: country US with a state). Any other forum - a court outside the US (ewhc, lgmuc),
the EUIPO, the USITC (its own rules, 19 CFR 210.13), CBP, a marketplace complaint - gets none:
macro ``member_matters`` (queries/migrations/050_frcp_forums.sql) leaves its tro_expires_on,
pi_hearing_by and answer_due_on NULL, so no alert, message, calendar event or next deadline is
made of them. ``frcp_due`` itself counts whatever it is given (without a state: the federal
holidays alone).

The SQL side (macro ``frcp_due`` of queries/migrations/049_state_holidays.sql) reads tables
``court_days`` and ``state_court_days``, which ``load_court_days`` fills from the same functions,
so the page, the alerts and this module cannot disagree.

Supported range: holidays are known for FIRST_YEAR..LAST_YEAR (1980-2100), the years of table
``court_days``. Outside them only Saturdays and Sundays move a last day, here and in SQL alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from functools import lru_cache
from importlib.metadata import version

import holidays
import pandas as pd

from casewatch.sql import ROOT, Connection, load_sql

STATE_HOLIDAYS = ROOT / "data" / "state_holidays.csv"  # the state holidays that count (state_holiday_names)
FIRST_YEAR = 1980  # the years whose holidays count (table court_days); outside them, weekends only
LAST_YEAR = 2100
OBSERVED = " (observed)"  # the package's suffix for a holiday's day moved off a weekend
# FRCP 65(b)(2): a TRO lasts at most 14 days unless extended; FRCP 12(a)(1)(A)(i): an answer is due
# 21 days after service.
TRO_DAYS = 14
ANSWER_DAYS = 21
REMINDER_DAYS = (7, 3, 1)


@lru_cache(maxsize=1)
def federal_holidays() -> dict[dt.date, str]:
    """US federal legal holidays (observed days included) and days declared a holiday by the
    President, 1980-2100."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    named = dict(holidays.country_holidays("US", years=years).items())
    declared = holidays.country_holidays("US", years=years, categories=("government",))
    for day, name in sorted(declared.items()):
        if day not in named and "half-day" not in name.lower():
            named[day] = name
    return dict(sorted(named.items()))


@lru_cache(maxsize=1)
def state_holiday_names() -> dict[str, frozenset[str]]:
    """Per state, the names of the package's state holidays that count (data/state_holidays.csv):
    those its law declares, as the file cites. The package lists observances and state employees'
    days off too (New York's and California's Susan B. Anthony Day, Texas' optional holidays,
    Michigan's civil-service days), which would run a deadline past the court's: a day not in the
    file does not count, the safe side (a deadline shown a day early, never late)."""
    names: dict[str, set[str]] = {}
    with STATE_HOLIDAYS.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names.setdefault(row["state"], set()).add(row["holiday"])
    return {state: frozenset(found) for state, found in names.items()}


@lru_cache(maxsize=64)
def state_holidays(state: str) -> dict[dt.date, str]:
    """The days US state ``state`` (a postal code: IL) declares a holiday that are not federal
    legal holidays (FRCP 6(a)(6)(C)), 1980-2100, as the package dates them, of the names
    state_holiday_names keeps; none for a state it holds none of. An observed day counts on a
    Monday only (the day after a Sunday holiday, as the states' laws move it): the package's Friday
    before a Saturday holiday is no holiday those laws clearly declare, and counting it would show a
    deadline late."""
    counted = state_holiday_names().get(state.upper(), frozenset())
    if not counted:
        return {}
    listed = holidays.country_holidays("US", subdiv=state.upper(), years=range(FIRST_YEAR, LAST_YEAR + 1))
    federal = federal_holidays()
    return {
        day: name
        for day, name in sorted(listed.items())
        if day not in federal and name in counted and (not name.endswith(OBSERVED) or day.weekday() == 0)
    }


def is_court_day(day: dt.date, state: str | None = None) -> bool:
    """False on a Saturday, Sunday or US federal legal holiday, or (given the court's ``state``)
    a day that state declares a holiday."""
    return day.weekday() < 5 and day not in federal_holidays() and (not state or day not in state_holidays(state))


def next_court_day(day: dt.date, state: str | None = None) -> dt.date:
    """``day`` itself when it is a court day, else the next one."""
    while not is_court_day(day, state):
        day += dt.timedelta(days=1)
    return day


def frcp_due(event_on: dt.date, days: int, state: str | None = None) -> dt.date:
    """The last day of a period of ``days`` days after an event on ``event_on`` (FRCP 6(a)(1)),
    in a court of ``state`` (its holidays count; none: the federal ones alone)."""
    return next_court_day(event_on + dt.timedelta(days=days), state)


def court_days_frame() -> pd.DataFrame:
    """Rows of table court_days: every day of FIRST_YEAR..LAST_YEAR, its holiday, its next court day."""
    days, named, following = _court_days()
    return pd.DataFrame({"day": days, "holiday": named, "next_court_day": following})


@lru_cache(maxsize=1)
def _court_days() -> tuple[list[dt.date], list[str | None], list[dt.date]]:
    """court_days_frame's columns, worked out once a process (44,000 days: 70 ms, which every new
    database paid)."""
    named = federal_holidays()
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    following: list[dt.date] = []
    upcoming = next_court_day(last)
    for day in reversed(days):  # one pass from the end: a court day is its own next court day
        if day.weekday() < 5 and day not in named:
            upcoming = day
        following.append(upcoming)
    following.reverse()
    return days, [named.get(d) for d in days], following


def state_court_days_frame(states: list[str]) -> pd.DataFrame:
    """Rows of table state_court_days: per state, the days whose next court day there differs from
    the federal one (court_days'): its holidays, and the days before one that would run to it."""
    federal = dict(zip(*_court_days()[::2], strict=True))
    rows: list[tuple[str, dt.date, str | None, dt.date]] = []
    for state in sorted(set(states)):
        named = state_holidays(state)
        for holiday in named:
            day = holiday
            # back over the days whose federal next court day is this holiday, the holiday included
            while day >= dt.date(FIRST_YEAR, 1, 1) and federal[day] == holiday:
                rows.append((state, day, named.get(day), next_court_day(day, state)))
                day -= dt.timedelta(days=1)
    # (a day's federal next court day is one day: it is in one holiday's run at most)
    frame = pd.DataFrame(rows, columns=["state", "day", "holiday", "next_court_day"])
    return frame.sort_values(["state", "day"], ignore_index=True)


@lru_cache(maxsize=1)
def calendar_version() -> str:
    """Changes when the holidays package, data/state_holidays.csv or the rules reading them (and so
    the calendar) may change: part of the reference fingerprint, so a database opened after any of
    them changed reloads court_days and state_court_days."""
    states = hashlib.sha256(STATE_HOLIDAYS.read_bytes()).hexdigest()[:16]
    # "observed-Monday": state observed days count on a Monday only (the rule, not the file, changed)
    rules = "FRCP 6(a)(6)(A)+(B)+(C) observed-Monday"
    return f"holidays {version('holidays')} {FIRST_YEAR}-{LAST_YEAR} {rules} {states}"


def load_court_days(con: Connection) -> None:
    """Replaces table court_days with court_days_frame(), and (from schema version 49) table
    state_court_days with the states of table courts', in the caller's transaction (nothing
    before schema version 9, which makes court_days)."""
    if not con.execute(load_sql("alerts/court_days_present")).fetchall()[0][0]:
        return
    con.register("court_days_frame", court_days_frame())
    try:
        con.execute(load_sql("alerts/court_days_load"))
    finally:
        con.unregister("court_days_frame")
    if not con.execute(load_sql("schema/has_table"), {"table": "state_court_days"}).fetchall()[0][0]:
        return
    states = [str(row[0]) for row in con.execute(load_sql("alerts/court_states")).fetchall()]
    con.register("state_court_days_frame", state_court_days_frame(states))
    try:
        con.execute(load_sql("alerts/state_court_days_load"))
    finally:
        con.unregister("state_court_days_frame")
