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
fingerprint). State holidays of the court's state (6(a)(6)(C)) are not counted.

The SQL side (macro ``frcp_due`` of queries/migrations/044_frcp_due_weekends.sql) reads table
``court_days``, which ``load_court_days`` fills from the same function, so the page, the alerts and
this module cannot disagree.

Supported range: holidays are known for FIRST_YEAR..LAST_YEAR (1980-2100), the years of table
``court_days``. Outside them only Saturdays and Sundays move a last day, here and in SQL alike.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib.metadata import version

import holidays
import pandas as pd

from casewatch.sql import Connection, load_sql

FIRST_YEAR = 1980  # the years whose holidays count (table court_days); outside them, weekends only
LAST_YEAR = 2100
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


def is_court_day(day: dt.date) -> bool:
    """False on a Saturday, Sunday or US federal legal holiday."""
    return day.weekday() < 5 and day not in federal_holidays()


def next_court_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a court day, else the next one."""
    while not is_court_day(day):
        day += dt.timedelta(days=1)
    return day


def frcp_due(event_on: dt.date, days: int) -> dt.date:
    """The last day of a period of ``days`` days after an event on ``event_on`` (FRCP 6(a)(1))."""
    return next_court_day(event_on + dt.timedelta(days=days))


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


@lru_cache(maxsize=1)
def calendar_version() -> str:
    """Changes when the holidays package (and so the calendar) may change: part of the reference
    fingerprint, so an upgrade of the package reloads court_days."""
    return f"holidays {version('holidays')} {FIRST_YEAR}-{LAST_YEAR} FRCP 6(a)(6)(A)+(B)"


def load_court_days(con: Connection) -> None:
    """Replaces table court_days with court_days_frame(), in the caller's transaction (nothing
    before schema version 9, which makes the table)."""
    if not con.execute(load_sql("alerts/court_days_present")).fetchall()[0][0]:
        return
    con.register("court_days_frame", court_days_frame())
    try:
        con.execute(load_sql("alerts/court_days_load"))
    finally:
        con.unregister("court_days_frame")
