"""A member's deadlines as an iCalendar file (RFC 5545, through the ``icalendar`` library): one
all-day event per deadline of each open matter - TRO expiry, PI hearing, answer due - on the day
member_matters counts it (FRCP 6(a)(1); a US federal district court's matters only, another
forum's dates are NULL), with the case, court and docket in its summary and description. A
deadline keeps its UID when its day moves (a TRO extended), so a calendar that imports the file
again updates the event instead of adding a second one."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
import pandas as pd

from casewatch.alerts.channels import plain
from casewatch.i18n import t

# (kind, column of queries/cases/my_cases.sql, whether it counts for the row)
DEADLINES = (
    ("tro_expires", "tro_expires_on", lambda row: pd.isna(row["pi_on"])),
    ("pi_hearing", "pi_hearing_by", lambda row: True),
    ("answer_due", "answer_due_on", lambda row: not bool(row["appeared"]) if pd.notna(row["appeared"]) else True),
)


def uid(member_id: str, case_id: str, defendant_no: object, kind: str) -> str:
    key = f"{member_id}|{case_id}|{defendant_no}|{kind}"
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest() + "@casewatch"


def deadline_calendar(rows: pd.DataFrame, member_id: str, lang: str, stamp: dt.datetime | None = None) -> bytes | None:
    """The .ics file of the open matters in ``rows`` (columns of queries/cases/my_cases.sql);
    ``stamp`` (UTC) is every event's DTSTAMP, the time of the download. None when they have no
    deadline: a calendar must hold at least one component (RFC 5545, 3.6), so there is no file."""
    stamp = stamp or dt.datetime.now(dt.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CaseWatch//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"CaseWatch {member_id}")
    events = 0
    for row in rows[rows["open"].fillna(False).astype(bool)].to_dict("records"):
        for kind, column, counts in DEADLINES:
            if pd.isna(row[column]) or not counts(row):
                continue
            due = pd.Timestamp(row[column]).date()
            case = plain(row["case_name"] if pd.notna(row["case_name"]) else row["case_id"], 120)
            event = icalendar.Event()
            event.add("uid", uid(member_id, str(row["case_id"]), row["defendant_no"], kind))
            event.add("dtstamp", stamp)
            event.add("dtstart", due)  # a DATE value: an all-day event
            event.add("dtend", due + dt.timedelta(days=1))
            event.add("summary", t("mycases.ical.summary", lang, kind=t(f"alerts.deadline.{kind}", lang), case=case))
            event.add(
                "description",
                t(
                    "mycases.ical.description",
                    lang,
                    case_id=plain(row["case_id"]),
                    court=plain(row["court"]),
                    docket=plain(row["docket_number"]),
                    store=plain(row["store_name"], 120),
                    plaintiff=plain(row["plaintiff"], 120),
                ),
            )
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
            events += 1
    return bytes(calendar.to_ical()) if events else None
