"""Following the dockets the feed has imported: a search pass reads only the filings of the week
before the newest one (sync.OVERLAP), so a change to an older docket - a Schedule A unsealed
weeks after filing, a TRO entered a month on - would never come up in it.

After the queue is worked down, a run checks the imported dockets that are still open (their case
has no termination date) and were filed within the follow horizon (``follow_days``, 90 by default;
``sync --follow-days``), each at most once a day, the oldest check first: one request each,
``dockets/<id>/?fields=id,date_modified``. A docket whose date_modified is newer than the one of its
last import is queued (reason 'follow') and fetched as any other. The checks only use spare
budget: one goes only when, after it, every window of the request budget keeps FOLLOW_RESERVE of
its requests for the next runs' searches and new dockets, and within --max-requests; a check never
waits for the budget. The time of each check is kept in the database (feed_dockets.checked_at),
written with the queueing it led to in one transaction, so that runs share it and a run killed
anywhere, run again, ends as one never interrupted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from casewatch.db import Database
from casewatch.feed import state
from casewatch.feed.budget import Clock
from casewatch.feed.client import CourtListener, NotFound
from casewatch.feed.faults import checkpoint

FOLLOW_DAYS = 90  # dockets filed this many days before today are followed
FOLLOW_EVERY = dt.timedelta(days=1)  # a docket is checked at most this often
FOLLOW_RESERVE = 0.2  # the share of each budget window the checks leave unused
FOLLOW_FIELDS = "id,date_modified"
_BATCH = 20  # due dockets read at a time


def follow(db: Database, client: CourtListener, clock: Clock, days: int, spare: Callable[[], bool]) -> tuple[int, int]:
    """Checks the due dockets while ``spare()`` says a request may go; returns (dockets checked,
    dockets queued)."""
    checked = queued = 0
    while days > 0:
        now = clock.now()
        due = state.follow_due(
            db, filed_after=now.date() - dt.timedelta(days=days), checked_before=now - FOLLOW_EVERY, limit=_BATCH
        )
        if not due:
            break
        for docket in due:
            if not spare():
                return checked, queued
            queued += _check(db, client, clock, docket)
            checked += 1
            checkpoint("checked")
    return checked, queued


def _check(db: Database, client: CourtListener, clock: Clock, docket: state.Due) -> int:
    """One check: asks the docket's date_modified and, in one transaction, records the check and
    queues the docket when it changed; returns 1 when queued."""
    try:
        answer = client.get(f"dockets/{docket.docket_id}/", {"fields": FOLLOW_FIELDS})
    except NotFound:  # gone or sealed: checked, nothing to fetch
        answer = {}
    modified = str(answer.get("date_modified") or "") or None
    now = clock.now()
    with db.write() as con:
        state.follow_checked(con, docket.docket_id, now)
        if not state.newer(modified, docket.date_modified):
            return 0
        return state.enqueue(con, [state.Found(docket.docket_id, docket.date_filed, None)], "follow", now)
