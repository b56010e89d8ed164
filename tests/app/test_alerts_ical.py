"""My cases' iCalendar download, on the two-member scenario of tests/support/alert_servers.py (M1's store
JiaYi Direct in ilnd:1:26-cv-09001, TRO entered Friday 2026-12-11). Worked by hand, FRCP 6(a)(1):
TRO + 14 = Friday 2026-12-25, Christmas Day -> Monday 2026-12-28 (also the PI hearing's last day);
served with the TRO, answer + 21 = Friday 2027-01-01, New Year's Day -> Monday 2027-01-04."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

from casewatch.access import Scope
from casewatch.alerts import ical
from casewatch.db import Database
from casewatch.deadlines import ANSWER_DAYS, TRO_DAYS
from casewatch.i18n import t
from casewatch.ingest import import_files
from tests.app.test_alerts import alerts_db  # noqa: F401 (the fixture)
from tests.support.alert_servers import CASE, TODAY
from tests.support.roles import open_as

M1 = Scope("member", member_id="M1")


def m1_rows(path: str) -> object:
    with Database(path) as db:
        return db.query(
            "cases/my_cases", scope=M1, member=None, today=TODAY, tro_days=TRO_DAYS, answer_days=ANSWER_DAYS
        )


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_one_all_day_event_per_deadline_on_the_frcp_day(alerts_db: str) -> None:  # noqa: F811
    rows = m1_rows(alerts_db)
    stamp = dt.datetime(2026, 12, 14, 2, tzinfo=dt.UTC)
    found = events(ical.deadline_calendar(rows, "M1", "en", stamp))
    days = [(e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"])) for e in found]
    assert days == [
        (dt.date(2026, 12, 28), dt.date(2026, 12, 29), "TRO expires: Omega v. Schedule A"),
        (dt.date(2026, 12, 28), dt.date(2026, 12, 29), "PI hearing by: Omega v. Schedule A"),
        (dt.date(2027, 1, 4), dt.date(2027, 1, 5), "answer due: Omega v. Schedule A"),
    ]
    for event in found:
        assert type(event.decoded("dtstart")) is dt.date  # a DATE, not a DATE-TIME: all day
        description = str(event["description"])
        assert f"Case {CASE}" in description and "court ilnd" in description and "docket 1:26-cv-09001" in description
        assert "JiaYi Direct" in description and "BingDing" not in description
    # UIDs: distinct, and the same in a later download
    later = events(ical.deadline_calendar(rows, "M1", "zh", stamp + dt.timedelta(days=3)))
    assert len({str(e["uid"]) for e in found}) == 3
    assert [str(e["uid"]) for e in later] == [str(e["uid"]) for e in found]
    assert str(later[0]["summary"]) == f"{t('alerts.deadline.tro_expires', 'zh')}：Omega v. Schedule A"


def test_no_open_matter_no_file(alerts_db: str) -> None:  # noqa: F811
    # a calendar needs at least one component (RFC 5545): no deadline, no file
    rows = m1_rows(alerts_db)
    rows["open"] = False
    assert ical.deadline_calendar(rows, "M1", "en") is None
    assert ical.deadline_calendar(rows.iloc[0:0], "M1", "en") is None


def test_my_cases_offers_the_file_and_states_the_rule(alerts_db: str) -> None:  # noqa: F811
    for lang in ("zh", "en"):
        at = open_as("pages/my_cases.py", "m1@example.com", lang=lang)
        assert not at.exception
        (button,) = at.get("download_button")
        assert button.proto.label == t("mycases.ical", lang)
        assert t("mycases.frcp_rule", lang) in [c.value for c in at.caption]
    assert "6(a)(1)" in t("mycases.frcp_rule", "zh") and "6(a)(1)" in t("mycases.frcp_rule", "en")


def test_my_cases_offers_no_file_without_a_deadline(alerts_db: str, tmp_path: Path) -> None:  # noqa: F811
    # JiaYi Direct (M1's one store, defendant 1) settles: M1 has no open matter, so no .ics, a note
    settled = tmp_path / "settled.csv"
    settled.write_text(f"case_id,event_on,kind,defendant_no,detail\n{CASE},2026-12-15,settled,1,Settled\n")
    with Database(alerts_db) as db:
        import_files(db, [settled], today=dt.date(2026, 12, 15))
    for lang in ("zh", "en"):
        at = open_as("pages/my_cases.py", "m1@example.com", lang=lang)
        assert not at.exception
        assert at.get("download_button") == []
        assert t("mycases.ical_none", lang) in [c.value for c in at.caption]


def test_my_cases_leaves_another_forums_deadlines_blank_and_says_why(alerts_db: str, tmp_path: Path) -> None:  # noqa: F811
    # M1's store before the EUIPO too, with the same TRO: its FRCP dates are blank (schema 50), a
    # note says why, and the calendar holds the N.D. Illinois case's three events alone
    for lang in ("zh", "en"):  # the scenario (N.D. Illinois only): no note
        at = open_as("pages/my_cases.py", "m1@example.com", lang=lang)
        assert not at.exception and t("mycases.not_counted", lang) not in [c.value for c in at.caption]
    other = "euipo:C 040043"
    files = {
        "case.csv": "case_id,case_name,filed_on,plaintiff,brand,law_firm,ip_type,case_kind,sector_code\n"
        f"{other},Omega v. Jiayi,2026-12-07,Omega Inc,Omega,Firm Z,trademark,individual,S0201\n",
        "schedule_a.csv": f"case_id,store_name,platform,seller_id\n{other},JiaYi Direct,amazon,A1JIAYI0001\n",
        "events.csv": f"case_id,event_on,kind,detail\n{other},2026-12-07,filed,Complaint\n{other},2026-12-11,tro,TRO\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Database(alerts_db) as db:
        import_files(db, [tmp_path / name for name in files], today=TODAY)
    rows = m1_rows(alerts_db)
    euipo = rows[rows["case_id"] == other]
    assert len(euipo) == 1
    assert euipo[["tro_expires_on", "pi_hearing_by", "answer_due_on", "next_deadline"]].isna().all(axis=None)
    assert len(events(ical.deadline_calendar(rows, "M1", "en"))) == 3
    for lang in ("zh", "en"):
        at = open_as("pages/my_cases.py", "m1@example.com", lang=lang)
        assert not at.exception
        assert t("mycases.not_counted", lang) in [c.value for c in at.caption]
