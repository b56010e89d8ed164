"""The FRCP deadlines (TRO expiry, PI hearing, answer due) are those of a US federal district court
(courts: country US with a state) and of no other forum: an EUIPO or USITC matter with the very
same events gets none - no date in member_matters or My cases, no reminder, no line in a message,
no calendar event (schema 50). Until schema 49 every forum had them, counted federally.

Worked by hand, on a calendar: both cases filed Monday 2026-01-26, the TRO entered Thursday 01-29.
N.D. Illinois: 14 days end Thursday 02-12, Lincoln's Birthday (an Illinois holiday) -> Friday
02-13 (TRO expiry and the PI hearing's last day); served with the TRO, 21 days end Thursday 02-19,
an ordinary day. Reminders 7, 3 and 1 days before: 02-06, 02-10, 02-12 and 02-12, 02-16, 02-18."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pandas as pd

from casewatch.access import Scope
from casewatch.alerts import ical, rules
from casewatch.db import Database
from casewatch.deadlines import ANSWER_DAYS, TRO_DAYS
from casewatch.ingest import import_files
from casewatch.sql import load_sql

D = dt.date
TODAY = D(2026, 2, 2)
ILND = "ilnd:1:26-cv-00811"
OTHERS = ("euipo:C 040043", "usitc:337-TA-1400")
M1 = Scope("member", member_id="M1")


def import_cases(db: Database, folder: Path) -> None:
    """The same case (M1's store JiaYi Direct, filed 2026-01-26, TRO 2026-01-29) before N.D. Illinois,
    the EUIPO and the USITC."""
    ids = (ILND, *OTHERS)
    (folder / "cases.csv").write_text(
        "case_id,case_name,filed_on,plaintiff,brand,law_firm,ip_type,case_kind,sector_code\n"
        + "".join(f"{c},Acme v. Schedule A,2026-01-26,Acme Corp,Acme,Firm Z,trademark,schedule_a,S0201\n" for c in ids),
        encoding="utf-8",
    )
    (folder / "schedule_a.csv").write_text(
        "case_id,store_name,platform,seller_id\n"
        + "".join(f"{c},JiaYi Direct,amazon,A1JIAYI0001\n" for c in ids),
        encoding="utf-8",
    )
    (folder / "events.csv").write_text(
        "case_id,event_on,kind,detail\n"
        + "".join(f"{c},2026-01-26,filed,Complaint\n{c},2026-01-29,tro,TEMPORARY RESTRAINING ORDER\n" for c in ids),
        encoding="utf-8",
    )
    import_files(db, [folder / n for n in ("cases.csv", "schedule_a.csv", "events.csv")], today=TODAY)


def matters(db: Database) -> dict[str, tuple[object, ...]]:
    """M1's matters of the three cases: member, TRO, its expiry, PI hearing by, answer due, whether
    the forum's deadlines count (None before schema 50, which has no such column)."""
    got = db.sql("SELECT * FROM member_matters(NULL, 14, 21) WHERE member_id = 'M1' AND filed_on = DATE '2026-01-26'")
    dates = ("tro_on", "tro_expires_on", "pi_hearing_by", "answer_due_on")
    return {
        row["case_id"]: (
            row["member_id"],
            *(None if pd.isna(row[c]) else pd.Timestamp(row[c]).date() for c in dates),
            row.get("deadlines_counted"),
        )
        for row in got.to_dict("records")
    }


def deadline_alerts(db: Database) -> list[tuple[str, str, str]]:
    got = db.sql(
        "SELECT case_id, detail, strftime(due_on, '%Y-%m-%d') FROM alerts "
        "WHERE rule = 'deadline' AND status = 'pending' ORDER BY due_on, detail"
    )
    return [tuple(row) for row in got.values.tolist()]


ILND_MATTER = ("M1", D(2026, 1, 29), D(2026, 2, 13), D(2026, 2, 13), D(2026, 2, 19), True)
NOT_COUNTED = ("M1", D(2026, 1, 29), None, None, None, False)
ILND_REMINDERS = [
    (ILND, "pi_hearing,tro_expires", "2026-02-06"),
    (ILND, "pi_hearing,tro_expires", "2026-02-10"),
    (ILND, "answer_due", "2026-02-12"),
    (ILND, "pi_hearing,tro_expires", "2026-02-12"),
    (ILND, "answer_due", "2026-02-16"),
    (ILND, "answer_due", "2026-02-18"),
]


def test_only_the_district_court_gets_frcp_deadlines(tiny_db: Database, tmp_path: Path) -> None:
    import_cases(tiny_db, tmp_path)
    assert matters(tiny_db) == {ILND: ILND_MATTER, **{c: NOT_COUNTED for c in OTHERS}}
    # the reminders the import wrote: the district court's alone
    assert deadline_alerts(tiny_db) == ILND_REMINDERS
    # the lines of a message about each case
    for case_id, due in ((ILND, [("pi_hearing", D(2026, 2, 13)), ("tro_expires", D(2026, 2, 13)),
                                 ("answer_due", D(2026, 2, 19))]), *((c, []) for c in OTHERS)):
        lines = tiny_db.query(
            "alerts/message_deadlines", scope=M1, case_id=case_id, member=None, today=TODAY,
            tro_days=TRO_DAYS, answer_days=ANSWER_DAYS,
        )
        assert [(k, pd.Timestamp(d).date()) for k, d in lines.values.tolist()] == due, case_id
    # My cases: blank dates and no next deadline for the other forums; the calendar's events
    rows = tiny_db.query(
        "cases/my_cases", scope=M1, member=None, today=TODAY, tro_days=TRO_DAYS, answer_days=ANSWER_DAYS
    )
    mine = rows[rows["case_id"].isin([ILND, *OTHERS])].set_index("case_id")
    assert pd.Timestamp(mine.loc[ILND, "next_deadline"]).date() == D(2026, 2, 13)
    for case_id in OTHERS:
        assert mine.loc[case_id, ["tro_expires_on", "pi_hearing_by", "answer_due_on", "next_deadline"]].isna().all()
        assert not mine.loc[case_id, "deadlines_counted"] and bool(mine.loc[case_id, "open"])
    found = icalendar.Calendar.from_ical(ical.deadline_calendar(rows, "M1", "en")).walk("VEVENT")
    mine_events = [e for e in found if any(c in str(e["description"]) for c in (ILND, *OTHERS))]
    assert sorted((e.decoded("dtstart"), str(e["summary"]).split(":")[0]) for e in mine_events) == [
        (D(2026, 2, 13), "PI hearing by"),
        (D(2026, 2, 13), "TRO expires"),
        (D(2026, 2, 19), "answer due"),
    ]
    assert all(ILND in str(e["description"]) for e in mine_events)
    assert ical.deadline_calendar(rows[rows["case_id"].isin(OTHERS)], "M1", "en") is None


def test_every_forum_of_the_court_list_counts_as_its_country_and_state_say(tiny_db: Database) -> None:
    counted = tiny_db.sql(
        "SELECT court FROM courts WHERE country = 'US' AND state IS NOT NULL ORDER BY court"
    )["court"].tolist()
    assert "ilnd" in counted and not {"usitc", "cbp", "euipo", "ewhc", "lgmuc", "platform"} & set(counted)


def test_a_database_of_schema_49_loses_the_other_forums_deadlines_and_their_reminders(
    tiny_db: Database, tmp_path: Path
) -> None:
    import_cases(tiny_db, tmp_path)
    path = tiny_db.path
    with tiny_db.write() as con:  # as a CaseWatch of schema 49 left it: its macro, its reminders
        con.execute("DELETE FROM schema_version WHERE version = 50")
        con.execute(load_sql("migrations/049_state_holidays"))
        rules.compute(con, TODAY)
    old = matters(tiny_db)
    # (version 49 counted the EUIPO's and the ITC's federally: Thursday 02-12 and 02-19)
    assert old[OTHERS[0]][:5] == ("M1", D(2026, 1, 29), D(2026, 2, 12), D(2026, 2, 12), D(2026, 2, 19))
    assert {c for c, _, _ in deadline_alerts(tiny_db)} == {ILND, *OTHERS}
    tiny_db.close()
    with Database(path) as db:  # the upgrade on open
        assert db.sql("SELECT max(version) AS v FROM schema_version")["v"].iloc[0] == 50
        assert matters(db) == {ILND: ILND_MATTER, **{c: NOT_COUNTED for c in OTHERS}}
        with db.write() as con:  # as `alerts send` does first: the other forums' reminders are cancelled
            assert rules.compute(con, TODAY) == rules.Computed(added=0, cancelled=12)
        assert deadline_alerts(db) == ILND_REMINDERS
