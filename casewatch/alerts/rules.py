"""The alert rules: which alerts the committed data calls for (queries/alerts/desired.sql), written
to the outbox in the caller's transaction.

``compute`` runs inside every import's transaction (casewatch/ingest/pipeline.py), so an alert
exists exactly when the data it is about committed; ``alerts send`` runs it again first, so that
reminders follow the calendar and decisions taken on the review queue since the last import count.
Every alert has a deterministic id, so computing again never writes one twice; an alert cancelled
once (a link rejected, then accepted after all) waits again when the data calls for it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casewatch.db import Cursor
from casewatch.deadlines import ANSWER_DAYS, REMINDER_DAYS, TRO_DAYS
from casewatch.sql import load_sql

# The rules' thresholds, shown to analysts on the Alerts page.
THRESHOLDS: dict[str, int | tuple[int, ...]] = {
    "new_case_days": 90,  # a case filed this many days back or less, and not closed, is new
    "milestone_days": 30,  # a TRO, PI or default judgment entered this many days back or less is news
    "wave_days": 90,  # a herding wave that started (its month) this many days back or less is new
    "reminder_days": REMINDER_DAYS,  # reminders this many days before each deadline
    "tro_days": TRO_DAYS,
    "answer_days": ANSWER_DAYS,
}


@dataclass(frozen=True)
class Computed:
    added: int
    cancelled: int


def compute(con: Cursor, today: dt.date, data_version: int | None = None) -> Computed:
    """Adds the alerts the data calls for (and makes cancelled ones it calls for again wait again)
    and cancels waiting ones it no longer does, in the transaction of ``con``; returns how many of
    each (``added`` counts those made to wait again)."""
    con.execute(load_sql("alerts/analysts"))
    con.execute(
        load_sql("alerts/desired"),
        {
            "today": today,
            "new_case_days": THRESHOLDS["new_case_days"],
            "milestone_days": THRESHOLDS["milestone_days"],
            "wave_days": THRESHOLDS["wave_days"],
            "reminder_days": list(REMINDER_DAYS),
            "tro_days": TRO_DAYS,
            "answer_days": ANSWER_DAYS,
        },
    )
    added = len(
        con.execute(load_sql("alerts/insert_desired"), {"today": today, "data_version": data_version}).fetchall()
    )
    cancelled = len(con.execute(load_sql("alerts/cancel_obsolete")).fetchall())
    return Computed(added, cancelled)
