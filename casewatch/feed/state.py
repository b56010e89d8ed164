"""The feed's bookkeeping in the database: its lease (one sync at a time), cursors, queue, request
log, runs and webhook inbox. Every statement is a file under queries/feed/.

Rules that keep a killed run harmless: a search page's queued dockets and the cursor past it are
written in one transaction; a docket leaves the queue only in the transaction of its import
(``mark_imported`` runs inside it); a request is recorded before it is sent.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from casewatch.db import Cursor, Database
from casewatch.feed.errors import SyncRunning
from casewatch.sql import load_sql

LEASE_KEYS = ("lock_pid", "lock_host", "lock_at")
LEASE_STALE = dt.timedelta(hours=6)  # a holder on another machine that stopped answering
_IN_PROCESS: dict[str, threading.Lock] = {}
_IN_PROCESS_GUARD = threading.Lock()


def naive_utc(at: dt.datetime) -> dt.datetime:
    """The instant as the naive UTC TIMESTAMP the tables keep."""
    return at.astimezone(dt.UTC).replace(tzinfo=None) if at.tzinfo else at


def run(con: Cursor, name: str, **params: Any) -> list[tuple[Any, ...]]:
    """Rows of queries/feed/<name>.sql with ``params`` bound (fetched whole: frees the cursor)."""
    return con.execute(load_sql(f"feed/{name}"), params).fetchall()


def read_state(db: Database) -> dict[str, str]:
    cur = db.cursor()
    try:
        return {str(k): str(v) for k, v in run(cur, "state_get") if v is not None}
    finally:
        cur.close()


def set_state(con: Cursor, **values: str | None) -> None:
    for key, value in values.items():
        if value is None:
            run(con, "state_clear", keys=[key])
        else:
            run(con, "state_set", key=key, value=value)


# -- the lease --------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def lease(db: Database, now: dt.datetime) -> Iterator[None]:
    """Holds the feed for one sync: a second one in this process or another (same database, e.g.
    MotherDuck, or the app beside a CLI run) raises SyncRunning, unless the holder has died."""
    with _IN_PROCESS_GUARD:
        local = _IN_PROCESS.setdefault(db.path, threading.Lock())
    if not local.acquire(blocking=False):
        raise SyncRunning("a sync is already running in this process", pid=os.getpid(), since="")
    try:
        _take_lease(db, now)
        try:
            yield
        finally:
            with db.write() as con:
                set_state(con, **dict.fromkeys(LEASE_KEYS))
    finally:
        local.release()


def _take_lease(db: Database, now: dt.datetime) -> None:
    host = socket.gethostname()
    with db.write() as con:
        held = {k: v for k, v in run(con, "state_get") if k in LEASE_KEYS}
        if held.get("lock_pid"):
            pid = int(held["lock_pid"])
            since = held.get("lock_at", "")
            same_host = held.get("lock_host") == host
            try:
                started = dt.datetime.fromisoformat(since)
            except ValueError:
                started = None
            live = (
                _alive(pid) and pid != os.getpid()
                if same_host
                else (started is not None and naive_utc(now) - naive_utc(started) < LEASE_STALE)
            )
            if live:
                raise SyncRunning(
                    f"another sync (PID {pid} on {held.get('lock_host')}) has been running since {since}",
                    pid=pid,
                    since=since,
                )
        set_state(con, lock_pid=str(os.getpid()), lock_host=host, lock_at=naive_utc(now).isoformat())


# -- requests ---------------------------------------------------------------------------------


def requests_since(db: Database, since: dt.datetime) -> list[dt.datetime]:
    cur = db.cursor()
    try:
        return [row[0].replace(tzinfo=dt.UTC) for row in run(cur, "requests_since", since=naive_utc(since))]
    finally:
        cur.close()


def log_request(db: Database, at: dt.datetime, path: str) -> None:
    with db.write() as con:
        run(con, "request_log", at=naive_utc(at), path=path[:300])


def prune_requests(db: Database, before: dt.datetime) -> None:
    with db.write() as con:
        run(con, "requests_prune", before=naive_utc(before))


# -- the queue --------------------------------------------------------------------------------


def instant(stamp: str | None) -> dt.datetime | None:
    """An ISO time as an aware datetime (a naive one is UTC); None for none or not a time."""
    if not stamp:
        return None
    try:
        at = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def newer(stamp: str | None, than: str | None) -> bool:
    """True when search timestamp ``stamp`` is later than ``than``; a timestamp never recorded (or
    unreadable) is older than any known one."""
    at, before = instant(stamp), instant(than)
    return at is not None and (before is None or at > before)


MAX_ID = 2**63 - 1  # the queue's BIGINT


def docket_id(value: object) -> int | None:
    """A CourtListener docket id as a search result or a webhook gives it: a positive integer that
    fits the queue's BIGINT; None for anything else (a boolean, a string, 0, a negative or a
    larger number), which names no docket rather than stopping the queueing (and every later
    sync, which drains the webhook spool first)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        return None
    return value


@dataclass(frozen=True)
class Found:
    """A docket a search result or a webhook names."""

    docket_id: int
    date_filed: dt.date | None
    seen_timestamp: str | None


def enqueue(con: Cursor, found: Iterable[Found], reason: str, now: dt.datetime) -> int:
    """Queues the new or changed dockets among ``found`` (in the caller's transaction); returns
    how many were queued. Those already waiting keep the newest search timestamp seen."""
    unique: dict[int, Found] = {}  # one row per docket: an upsert may not touch a row twice
    for one in found:
        before = unique.get(one.docket_id)
        if before is None or newer(one.seen_timestamp, before.seen_timestamp):
            unique[one.docket_id] = Found(
                one.docket_id, one.date_filed or (before.date_filed if before else None), one.seen_timestamp
            )
    if not unique:
        return 0
    frame = pd.DataFrame(
        {
            "docket_id": pd.Series([f.docket_id for f in unique.values()], dtype="int64"),
            "date_filed": pd.Series([f.date_filed for f in unique.values()], dtype="object"),
            "seen_timestamp": pd.Series([f.seen_timestamp for f in unique.values()], dtype="object"),
        }
    )
    con.register("feed_found_frame", frame)
    try:
        run(con, "queue_refresh")
        return len(run(con, "enqueue", reason=reason, now=naive_utc(now)))
    finally:
        con.unregister("feed_found_frame")


@dataclass(frozen=True)
class Waiting:
    docket_id: int
    seen_timestamp: str | None
    date_modified: str | None  # of its last import


def next_batch(db: Database, limit: int) -> list[Waiting]:
    cur = db.cursor()
    try:
        return [Waiting(int(a), b, c) for a, b, c in run(cur, "next_batch", limit=limit)]
    finally:
        cur.close()


def mark_imported(
    con: Cursor,
    *,
    docket_id: int,
    case_id: str,
    date_filed: str | None,
    date_modified: str | None,
    seen_timestamp: str | None,
    changed: bool,
    now: dt.datetime,
) -> None:
    """Inside the import's transaction: the docket is stored and leaves the queue."""
    run(
        con,
        "docket_done",
        docket_id=docket_id,
        case_id=case_id,
        date_filed=date_filed,
        date_modified=date_modified,
        seen_timestamp=seen_timestamp,
        now=naive_utc(now),
        changed=int(changed),
    )
    run(con, "dequeue", docket_id=docket_id)


def mark_unchanged(db: Database, docket_id: int, seen_timestamp: str | None, now: dt.datetime) -> None:
    with db.write() as con:
        run(con, "seen_unchanged", docket_id=docket_id, seen_timestamp=seen_timestamp, now=naive_utc(now))
        run(con, "dequeue", docket_id=docket_id)


def mark_not_ip(db: Database, docket_id: int, why: str) -> None:
    with db.write() as con:
        run(con, "not_ip", docket_id=docket_id, why=why[:1000])


def mark_rejected(db: Database, docket_id: int, error: str) -> None:
    with db.write() as con:
        run(con, "reject", docket_id=docket_id, error=error[:1000])


# -- following imported dockets ---------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """An imported docket due a check for changes."""

    docket_id: int
    date_filed: dt.date | None
    date_modified: str | None  # of its last import


def follow_due(db: Database, *, filed_after: dt.date, checked_before: dt.datetime, limit: int) -> list[Due]:
    cur = db.cursor()
    try:
        rows = run(cur, "follow_due", filed_after=filed_after, checked_before=naive_utc(checked_before), limit=limit)
    finally:
        cur.close()
    return [Due(int(a), b, c) for a, b, c in rows]


def follow_checked(con: Cursor, docket_id: int, now: dt.datetime) -> None:
    run(con, "follow_checked", docket_id=docket_id, now=naive_utc(now))


# -- runs -------------------------------------------------------------------------------------


def start_run(db: Database, now: dt.datetime) -> int:
    with db.write() as con:
        run(con, "runs_interrupted", now=naive_utc(now))
        ((run_id,),) = run(con, "run_start", now=naive_utc(now))
    return int(run_id)


def finish_run(db: Database, run_id: int, now: dt.datetime, values: dict[str, Any], log: dict[str, Any]) -> None:
    """Closes the run and adds its line to the imports log, in one transaction."""
    with db.write() as con:
        run(con, "run_finish", run_id=run_id, now=naive_utc(now), **values)
        run(con, "log_run", at=naive_utc(now), **log)
